#include "runtime/sqlite_db.h"

#include <fmt/format.h>

namespace newspipe {

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::filesystem::path& path) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close(raw);
    return Status::IoError(fmt::format("{}: cannot open: {}", path.string(), msg));
  }
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw, path));
  sqlite3_busy_timeout(raw, 5000);
  // The first statement that reads the header detects a file that is not a database
  // (SQLITE_NOTADB) before anything is written to it.
  Status st = db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  if (!st.ok()) {
    return Status::Corruption(st.message());
  }
  return db;
}

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }

Status SqliteDb::Error(std::string_view what, int rc) const {
  std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  std::string text = fmt::format("{}: {}: {}", path_.string(), what, msg);
  int primary = rc & 0xff;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return Status::Corruption(text);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Status::Unavailable(text);
  return Status::IoError(text);
}

Status SqliteDb::Exec(std::string_view sql) {
  std::string owned(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    sqlite3_free(err);
    return Error("exec", rc);
  }
  return Status::OK();
}

Result<std::unique_ptr<SqliteStmt>> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Error("prepare", rc);
  return std::make_unique<SqliteStmt>(this, stmt);
}

SqliteStmt::~SqliteStmt() { sqlite3_finalize(stmt_); }

void SqliteStmt::BindText(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
}

void SqliteStmt::BindBlob(int index, std::string_view bytes) {
  // A zero-length blob still binds as a blob (not NULL) so NOT NULL columns accept it.
  static const char kEmpty = 0;
  sqlite3_bind_blob64(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(),
                      SQLITE_STATIC);
}

void SqliteStmt::BindInt64(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }

Result<bool> SqliteStmt::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status st = db_->Error("step", rc);
  sqlite3_reset(stmt_);
  return st;
}

Status SqliteStmt::Run() {
  Result<bool> r = Step();
  Reset();
  return r.status();
}

void SqliteStmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t SqliteStmt::ColumnInt64(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string SqliteStmt::ColumnString(int index) const {
  const void* data = sqlite3_column_blob(stmt_, index);
  int size = sqlite3_column_bytes(stmt_, index);
  if (data == nullptr || size <= 0) return {};
  return std::string(static_cast<const char*>(data), static_cast<size_t>(size));
}

SqliteTransaction::~SqliteTransaction() {
  if (open_) (void)rollback_->Run();
}

Status SqliteTransaction::Begin() {
  NP_RETURN_IF_ERROR(begin_->Run());
  open_ = true;
  return Status::OK();
}

Status SqliteTransaction::Commit() {
  NP_RETURN_IF_ERROR(commit_->Run());
  open_ = false;
  return Status::OK();
}

}  // namespace newspipe
