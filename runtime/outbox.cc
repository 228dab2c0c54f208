// The SQLite outbox: one table keyed by document id with an index on due time. Every write is
// one transaction in WAL mode; puts commit with synchronous=FULL, so an entry whose PutBatch
// returned is on disk; removals skip their own fsync (see RemoveBatch).
#include "runtime/outbox.h"

#include "runtime/sqlite_db.h"

namespace newspipe {
namespace {

OutboxSyncHook g_sync_hook = nullptr;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS outbox (
  doc_id TEXT PRIMARY KEY NOT NULL,
  envelope BLOB NOT NULL,
  attempt INTEGER NOT NULL,
  due_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (due_ms);
)sql";

class SqliteOutbox final : public Outbox {
 public:
  explicit SqliteOutbox(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

  Status Init() {
    NP_RETURN_IF_ERROR(db_->Exec(kSchema));
    NP_ASSIGN_OR_RETURN(begin_, db_->Prepare("BEGIN IMMEDIATE"));
    NP_ASSIGN_OR_RETURN(commit_, db_->Prepare("COMMIT"));
    NP_ASSIGN_OR_RETURN(rollback_, db_->Prepare("ROLLBACK"));
    NP_ASSIGN_OR_RETURN(sync_full_, db_->Prepare("PRAGMA synchronous=FULL"));
    NP_ASSIGN_OR_RETURN(sync_normal_, db_->Prepare("PRAGMA synchronous=NORMAL"));
    NP_ASSIGN_OR_RETURN(put_, db_->Prepare("INSERT OR REPLACE INTO outbox (doc_id, envelope, "
                                           "attempt, due_ms) VALUES (?1, ?2, ?3, ?4)"));
    NP_ASSIGN_OR_RETURN(remove_, db_->Prepare("DELETE FROM outbox WHERE doc_id = ?1"));
    // rowid breaks ties between equal due times in insertion order.
    NP_ASSIGN_OR_RETURN(due_, db_->Prepare("SELECT doc_id, envelope, attempt, due_ms FROM outbox "
                                           "WHERE due_ms <= ?1 ORDER BY due_ms, rowid LIMIT ?2"));
    NP_ASSIGN_OR_RETURN(contains_, db_->Prepare("SELECT 1 FROM outbox WHERE doc_id = ?1"));
    NP_ASSIGN_OR_RETURN(get_, db_->Prepare("SELECT envelope, attempt, due_ms FROM outbox WHERE "
                                           "doc_id = ?1"));
    NP_ASSIGN_OR_RETURN(count_, db_->Prepare("SELECT COUNT(*) FROM outbox"));
    return Status::OK();
  }

  Status PutBatch(const std::vector<OutboxEntry>& entries) override {
    if (entries.empty()) return Status::OK();
    SqliteTransaction txn(begin_.get(), commit_.get(), rollback_.get());
    NP_RETURN_IF_ERROR(txn.Begin());
    for (const OutboxEntry& e : entries) {
      put_->BindText(1, e.doc_id);
      put_->BindBlob(2, e.envelope);
      put_->BindInt64(3, e.attempt);
      put_->BindInt64(4, e.due_unix_ms);
      NP_RETURN_IF_ERROR(put_->Run());
    }
    if (g_sync_hook) g_sync_hook(OutboxSyncPoint::kBeforeSync);
    NP_RETURN_IF_ERROR(txn.Commit());
    if (g_sync_hook) g_sync_hook(OutboxSyncPoint::kAfterSync);
    return Status::OK();
  }

  Status Remove(const std::string& doc_id) override {
    remove_->BindText(1, doc_id);
    return remove_->Run();
  }

  // A removal need not reach the disk before the call returns: should it be lost in a crash,
  // the document is resent and the store's upsert makes that harmless. So it commits without
  // its own fsync (WAL, synchronous=NORMAL); the next synced PutBatch carries it to the disk.
  Status RemoveBatch(const std::vector<std::string>& doc_ids) override {
    if (doc_ids.empty()) return Status::OK();
    NP_RETURN_IF_ERROR(sync_normal_->Run());
    Status removed = [&]() -> Status {
      SqliteTransaction txn(begin_.get(), commit_.get(), rollback_.get());
      NP_RETURN_IF_ERROR(txn.Begin());
      for (const std::string& id : doc_ids) {
        remove_->BindText(1, id);
        NP_RETURN_IF_ERROR(remove_->Run());
      }
      return txn.Commit();
    }();
    Status full = sync_full_->Run();  // every other write stays synced.
    return removed.ok() ? full : removed;
  }

  Result<std::vector<OutboxEntry>> Due(int64_t now_unix_ms, size_t max) override {
    std::vector<OutboxEntry> out;
    due_->BindInt64(1, now_unix_ms);
    due_->BindInt64(2, static_cast<int64_t>(max));
    while (true) {
      Result<bool> row = due_->Step();
      if (!row.ok()) {
        due_->Reset();
        return row.status();
      }
      if (!*row) break;
      OutboxEntry& e = out.emplace_back();
      e.doc_id = due_->ColumnString(0);
      e.envelope = due_->ColumnString(1);
      e.attempt = static_cast<uint32_t>(due_->ColumnInt64(2));
      e.due_unix_ms = due_->ColumnInt64(3);
    }
    due_->Reset();
    return out;
  }

  bool Contains(const std::string& doc_id) override {
    contains_->BindText(1, doc_id);
    Result<bool> row = contains_->Step();
    contains_->Reset();
    return row.ok() && *row;
  }

  Result<OutboxEntry> Get(const std::string& doc_id) override {
    get_->BindText(1, doc_id);
    Result<bool> row = get_->Step();
    if (!row.ok() || !*row) {
      get_->Reset();
      if (!row.ok()) return row.status();
      return Status::NotFound(doc_id + " is not in the outbox");
    }
    OutboxEntry e;
    e.doc_id = doc_id;
    e.envelope = get_->ColumnString(0);
    e.attempt = static_cast<uint32_t>(get_->ColumnInt64(1));
    e.due_unix_ms = get_->ColumnInt64(2);
    get_->Reset();
    return e;
  }

  size_t Size() override {
    Result<bool> row = count_->Step();
    size_t n = row.ok() && *row ? static_cast<size_t>(count_->ColumnInt64(0)) : 0;
    count_->Reset();
    return n;
  }

 private:
  std::unique_ptr<SqliteDb> db_;
  std::unique_ptr<SqliteStmt> begin_, commit_, rollback_, sync_full_, sync_normal_;
  std::unique_ptr<SqliteStmt> put_, remove_, due_, contains_, get_, count_;
};

}  // namespace

void SetOutboxSyncHookForTesting(OutboxSyncHook hook) { g_sync_hook = hook; }

Result<std::unique_ptr<Outbox>> Outbox::Open(const std::filesystem::path& path) {
  NP_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db, SqliteDb::Open(path));
  auto outbox = std::make_unique<SqliteOutbox>(std::move(db));
  Status st = outbox->Init();
  if (!st.ok()) return st;
  return std::unique_ptr<Outbox>(std::move(outbox));
}

}  // namespace newspipe
