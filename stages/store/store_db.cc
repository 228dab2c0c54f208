#include "stages/store/store_db.h"

#include <sqlite3.h>

#include <fmt/format.h>

namespace newspipe {
namespace {

// SQLite counts every allocation in process-wide statistics guarded by one global mutex. The
// store's two writer threads (documents and full-text index) allocate all the time, so that
// mutex was contended: futex waits and wake-ups in every malloc. Nothing here reads the
// statistics (sqlite3_memory_used, a soft heap limit), so they are turned off. The setting must
// precede SQLite's initialization; hence a static initializer, which runs before main. When
// SQLite is already initialized the call fails harmlessly and the statistics stay on.
const bool kMemoryStatisticsOff = [] {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}();

}  // namespace

Status StoreSqliteStatus(int rc, std::string_view message) {
  switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return Status::OK();
    case SQLITE_FULL:
      return Status::ResourceExhausted(message);
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return Status::IoError(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(message);
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_TOOBIG:
      return Status::InvalidArgument(message);
    default:
      return Status::Internal(message);
  }
}

StoreStatement::StoreStatement(sqlite3_stmt* stmt, sqlite3* db, std::string path)
    : stmt_(stmt), db_(db), path_(std::move(path)) {}

StoreStatement::StoreStatement(StoreStatement&& other) noexcept
    : stmt_(other.stmt_), db_(other.db_), path_(std::move(other.path_)) {
  other.stmt_ = nullptr;
}

StoreStatement& StoreStatement::operator=(StoreStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    db_ = other.db_;
    path_ = std::move(other.path_);
    other.stmt_ = nullptr;
  }
  return *this;
}

StoreStatement::~StoreStatement() { sqlite3_finalize(stmt_); }

void StoreStatement::BindText(int index, std::string_view text, bool transient) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(),
                      transient ? SQLITE_TRANSIENT : SQLITE_STATIC, SQLITE_UTF8);
}

void StoreStatement::BindBlob(int index, std::string_view bytes, bool transient) {
  sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(),
                      transient ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

void StoreStatement::BindInt(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
void StoreStatement::BindDouble(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
}
void StoreStatement::BindNull(int index) { sqlite3_bind_null(stmt_, index); }

Result<bool> StoreStatement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return StoreSqliteStatus(
      rc, fmt::format("{}: {} ({})", path_, sqlite3_errmsg(db_), sqlite3_errstr(rc)));
}

Status StoreStatement::Run() {
  for (;;) {
    NP_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) break;
  }
  return Status::OK();
}

void StoreStatement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t StoreStatement::ColumnInt(int col) const { return sqlite3_column_int64(stmt_, col); }
double StoreStatement::ColumnDouble(int col) const { return sqlite3_column_double(stmt_, col); }
std::string StoreStatement::ColumnText(int col) const { return std::string(ColumnView(col)); }
std::string_view StoreStatement::ColumnView(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  if (p == nullptr || n <= 0) return {};
  return {static_cast<const char*>(p), static_cast<size_t>(n)};
}
bool StoreStatement::ColumnIsNull(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

Result<std::unique_ptr<StoreDb>> StoreDb::Open(const std::filesystem::path& path,
                                               const StoreDbOptions& options) {
  int flags = SQLITE_OPEN_NOMUTEX;
  if (options.read_only) {
    flags |= SQLITE_OPEN_READONLY;
  } else {
    flags |= SQLITE_OPEN_READWRITE;
    if (options.create) flags |= SQLITE_OPEN_CREATE;
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = fmt::format("cannot open database {}: {}", path.string(),
                                  raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
    sqlite3_close(raw);
    return StoreSqliteStatus(rc, msg);
  }
  std::unique_ptr<StoreDb> db(new StoreDb(raw, path));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  // Reading the schema is what detects a file that is not a database (or a damaged header):
  // refuse it, and never write to it.
  rc = sqlite3_exec(raw, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    Status s = StoreSqliteStatus(rc, fmt::format("database {} is unusable: {} ({})", path.string(),
                                                 sqlite3_errmsg(raw), sqlite3_errstr(rc)));
    if (s.code() == Status::Code::kCorruption) {
      return Status::Corruption(s.message() + "; refusing to start (the file is left untouched)");
    }
    return s;
  }
  return db;
}

StoreDb::~StoreDb() { sqlite3_close_v2(db_); }

Status StoreDb::Error(int rc, std::string_view what) const {
  return StoreSqliteStatus(rc, fmt::format("{}: {}: {} ({})", path_.string(), what,
                                           sqlite3_errmsg(db_), sqlite3_errstr(rc)));
}

Status StoreDb::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = fmt::format("{}: {} ({})", path_.string(), err ? err : sqlite3_errmsg(db_),
                                  sqlite3_errstr(rc));
    sqlite3_free(err);
    return StoreSqliteStatus(rc, msg);
  }
  return Status::OK();
}

Result<StoreStatement> StoreDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, fmt::format("preparing \"{}\"", sql.substr(0, 60)));
  return StoreStatement(stmt, db_, path_.string());
}

Result<int64_t> StoreDb::QueryInt(std::string_view sql) {
  NP_ASSIGN_OR_RETURN(StoreStatement stmt, Prepare(sql));
  NP_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnInt(0) : int64_t{0};
}

bool StoreDb::autocommit() const { return sqlite3_get_autocommit(db_) != 0; }
int64_t StoreDb::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

}  // namespace newspipe
