// The SQLite dead-letter queue: one row per document id, newest first by the time it died.
#include "runtime/dead_letters.h"

#include <fmt/format.h>

#include "runtime/sqlite_db.h"

namespace newspipe {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS dead_letters (
  doc_id TEXT PRIMARY KEY NOT NULL,
  envelope BLOB NOT NULL,
  stage TEXT NOT NULL,
  error TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  unix_ms INTEGER NOT NULL,
  url TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dead_letters_time ON dead_letters (unix_ms);
)sql";

constexpr const char* kColumns = "doc_id, envelope, stage, error, attempts, unix_ms, url";

class SqliteDeadLetterQueue final : public DeadLetterQueue {
 public:
  explicit SqliteDeadLetterQueue(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

  Status Init() {
    NP_RETURN_IF_ERROR(db_->Exec(kSchema));
    NP_ASSIGN_OR_RETURN(put_,
                        db_->Prepare(fmt::format("INSERT OR REPLACE INTO dead_letters ({}) VALUES "
                                                 "(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                                 kColumns)));
    NP_ASSIGN_OR_RETURN(
        list_, db_->Prepare(fmt::format("SELECT {} FROM dead_letters ORDER BY unix_ms DESC, "
                                        "rowid DESC LIMIT ?1",
                                        kColumns)));
    NP_ASSIGN_OR_RETURN(
        get_, db_->Prepare(fmt::format("SELECT {} FROM dead_letters WHERE doc_id = ?1", kColumns)));
    NP_ASSIGN_OR_RETURN(remove_, db_->Prepare("DELETE FROM dead_letters WHERE doc_id = ?1"));
    NP_ASSIGN_OR_RETURN(purge_, db_->Prepare("DELETE FROM dead_letters"));
    NP_ASSIGN_OR_RETURN(count_, db_->Prepare("SELECT COUNT(*) FROM dead_letters"));
    return Status::OK();
  }

  Status Put(const DeadLetter& letter) override {
    put_->BindText(1, letter.doc_id);
    put_->BindBlob(2, letter.envelope);
    put_->BindText(3, letter.stage);
    put_->BindText(4, letter.error);
    put_->BindInt64(5, letter.attempts);
    put_->BindInt64(6, letter.unix_ms);
    put_->BindText(7, letter.url);
    return put_->Run();
  }

  Result<std::vector<DeadLetter>> List(size_t limit) override {
    std::vector<DeadLetter> out;
    list_->BindInt64(1, static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX)));
    while (true) {
      Result<bool> row = list_->Step();
      if (!row.ok()) {
        list_->Reset();
        return row.status();
      }
      if (!*row) break;
      out.push_back(ReadRow(*list_));
    }
    list_->Reset();
    return out;
  }

  Result<DeadLetter> Get(const std::string& doc_id) override {
    get_->BindText(1, doc_id);
    Result<bool> row = get_->Step();
    if (!row.ok()) {
      get_->Reset();
      return row.status();
    }
    if (!*row) {
      get_->Reset();
      return Status::NotFound(fmt::format("no dead letter with id {}", doc_id));
    }
    DeadLetter letter = ReadRow(*get_);
    get_->Reset();
    return letter;
  }

  Status Remove(const std::string& doc_id) override {
    remove_->BindText(1, doc_id);
    return remove_->Run();
  }

  Result<size_t> Purge() override {
    NP_RETURN_IF_ERROR(purge_->Run());
    return static_cast<size_t>(sqlite3_changes64(db_->handle()));
  }

  Result<size_t> Count() override {
    Result<bool> row = count_->Step();
    if (!row.ok()) {
      count_->Reset();
      return row.status();
    }
    size_t n = *row ? static_cast<size_t>(count_->ColumnInt64(0)) : 0;
    count_->Reset();
    return n;
  }

 private:
  static DeadLetter ReadRow(const SqliteStmt& s) {
    DeadLetter d;
    d.doc_id = s.ColumnString(0);
    d.envelope = s.ColumnString(1);
    d.stage = s.ColumnString(2);
    d.error = s.ColumnString(3);
    d.attempts = static_cast<uint32_t>(s.ColumnInt64(4));
    d.unix_ms = s.ColumnInt64(5);
    d.url = s.ColumnString(6);
    return d;
  }

  std::unique_ptr<SqliteDb> db_;
  std::unique_ptr<SqliteStmt> put_, list_, get_, remove_, purge_, count_;
};

}  // namespace

Result<std::unique_ptr<DeadLetterQueue>> DeadLetterQueue::Open(const std::filesystem::path& path) {
  NP_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db, SqliteDb::Open(path));
  auto dlq = std::make_unique<SqliteDeadLetterQueue>(std::move(db));
  Status st = dlq->Init();
  if (!st.ok()) return st;
  return std::unique_ptr<DeadLetterQueue>(std::move(dlq));
}

}  // namespace newspipe
