#include "stages/fetch/fetch_state.h"

namespace newspipe {

namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, doc_id TEXT NOT NULL, unix_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL, kind INTEGER NOT NULL, name TEXT NOT NULL, feed_url TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, etag TEXT NOT NULL,
  last_modified TEXT NOT NULL, polled_unix_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS hosts (host TEXT PRIMARY KEY, next_allowed_unix_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL);
)sql";

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::unique_ptr<FetchState>> FetchState::Open(const std::filesystem::path& path) {
  NP_ASSIGN_OR_RETURN(auto db, SqliteDb::Open(path));
  std::unique_ptr<FetchState> s(new FetchState(std::move(db)));
  NP_RETURN_IF_ERROR(s->db_->Exec(kSchema));
  NP_RETURN_IF_ERROR(s->Prepare());
  NP_ASSIGN_OR_RETURN(auto count, s->db_->Prepare("SELECT count(*) FROM queue"));
  NP_ASSIGN_OR_RETURN(bool row, count->Step());
  if (row) s->queued_count_ = static_cast<size_t>(count->ColumnInt64(0));
  count->Reset();
  return s;
}

FetchState::~FetchState() { (void)Flush(); }

Status FetchState::Prepare() {
  auto prep = [this](std::unique_ptr<SqliteStmt>* out, const char* sql) -> Status {
    NP_ASSIGN_OR_RETURN(*out, db_->Prepare(sql));
    return Status::OK();
  };
  NP_RETURN_IF_ERROR(prep(&begin_, "BEGIN IMMEDIATE"));
  NP_RETURN_IF_ERROR(prep(&commit_, "COMMIT"));
  NP_RETURN_IF_ERROR(prep(&rollback_, "ROLLBACK"));
  NP_RETURN_IF_ERROR(prep(&seen_get_, "SELECT 1 FROM seen WHERE key = ?1"));
  NP_RETURN_IF_ERROR(prep(&queue_get_, "SELECT 1 FROM queue WHERE key = ?1"));
  NP_RETURN_IF_ERROR(prep(&queue_put_,
                          "INSERT OR IGNORE INTO queue (key, url, kind, name, feed_url) "
                          "VALUES (?1, ?2, ?3, ?4, ?5)"));
  NP_RETURN_IF_ERROR(
      prep(&queue_all_, "SELECT key, url, kind, name, feed_url FROM queue ORDER BY seq"));
  NP_RETURN_IF_ERROR(prep(&queue_del_, "DELETE FROM queue WHERE key = ?1"));
  NP_RETURN_IF_ERROR(
      prep(&seen_put_, "INSERT OR REPLACE INTO seen (key, doc_id, unix_ms) VALUES (?1, ?2, ?3)"));
  NP_RETURN_IF_ERROR(prep(&feed_get_, "SELECT etag, last_modified FROM feeds WHERE url = ?1"));
  NP_RETURN_IF_ERROR(prep(&feed_put_,
                          "INSERT OR REPLACE INTO feeds (url, etag, last_modified, polled_unix_ms) "
                          "VALUES (?1, ?2, ?3, ?4)"));
  NP_RETURN_IF_ERROR(prep(&host_get_, "SELECT next_allowed_unix_ms FROM hosts WHERE host = ?1"));
  NP_RETURN_IF_ERROR(prep(
      &host_put_, "INSERT OR REPLACE INTO hosts (host, next_allowed_unix_ms) VALUES (?1, ?2)"));
  NP_RETURN_IF_ERROR(prep(&file_get_, "SELECT size, mtime FROM files WHERE path = ?1"));
  NP_RETURN_IF_ERROR(
      prep(&file_put_, "INSERT OR REPLACE INTO files (path, size, mtime) VALUES (?1, ?2, ?3)"));
  return Status::OK();
}

Result<bool> FetchState::Seen(const std::string& key) {
  seen_get_->BindText(1, key);
  Result<bool> row = seen_get_->Step();
  seen_get_->Reset();
  return row;
}

Status FetchState::Enqueue(const std::vector<QueuedUrl>& urls, std::vector<QueuedUrl>* added_out) {
  if (urls.empty()) return Status::OK();
  SqliteTransaction txn(begin_.get(), commit_.get(), rollback_.get());
  NP_RETURN_IF_ERROR(txn.Begin());
  size_t added = 0;
  for (const QueuedUrl& q : urls) {
    seen_get_->BindText(1, q.key);
    Result<bool> seen = seen_get_->Step();
    seen_get_->Reset();
    if (!seen.ok()) return seen.status();
    if (*seen) continue;
    queue_put_->BindText(1, q.key);
    queue_put_->BindText(2, q.url);
    queue_put_->BindInt64(3, q.kind);
    queue_put_->BindText(4, q.name);
    queue_put_->BindText(5, q.feed_url);
    NP_RETURN_IF_ERROR(queue_put_->Run());
    if (sqlite3_changes(db_->handle()) > 0) {
      ++added;
      added_out->push_back(q);
    }
  }
  NP_RETURN_IF_ERROR(txn.Commit());
  queued_count_ += added;
  return Status::OK();
}

Result<std::vector<QueuedUrl>> FetchState::LoadQueue() {
  std::vector<QueuedUrl> out;
  for (;;) {
    Result<bool> row = queue_all_->Step();
    if (!row.ok()) {
      queue_all_->Reset();
      return row.status();
    }
    if (!*row) break;
    QueuedUrl q;
    q.key = queue_all_->ColumnString(0);
    q.url = queue_all_->ColumnString(1);
    q.kind = static_cast<int>(queue_all_->ColumnInt64(2));
    q.name = queue_all_->ColumnString(3);
    q.feed_url = queue_all_->ColumnString(4);
    out.push_back(std::move(q));
  }
  queue_all_->Reset();
  return out;
}

Status FetchState::MarkEmitted(const std::vector<std::string>& keys,
                               const std::vector<std::string>& ids) {
  if (keys.empty()) return Status::OK();
  SqliteTransaction txn(begin_.get(), commit_.get(), rollback_.get());
  NP_RETURN_IF_ERROR(txn.Begin());
  int64_t now = Now();
  size_t removed = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    queue_del_->BindText(1, keys[i]);
    NP_RETURN_IF_ERROR(queue_del_->Run());
    removed += static_cast<size_t>(sqlite3_changes(db_->handle()));
    seen_put_->BindText(1, keys[i]);
    // Both arms string_view: `ids[i] : ""` would bind a temporary std::string copy, freed
    // before Run() reads it (SQLite does not copy bound text).
    seen_put_->BindText(2, i < ids.size() ? std::string_view(ids[i]) : std::string_view());
    seen_put_->BindInt64(3, now);
    NP_RETURN_IF_ERROR(seen_put_->Run());
  }
  // Host times ride along in the same transaction: no extra sync.
  for (const auto& [host, ms] : host_dirty_) {
    host_put_->BindText(1, host);
    host_put_->BindInt64(2, ms);
    NP_RETURN_IF_ERROR(host_put_->Run());
  }
  NP_RETURN_IF_ERROR(txn.Commit());
  host_dirty_.clear();
  queued_count_ -= std::min(queued_count_, removed);
  return Status::OK();
}

FeedValidators FetchState::GetFeed(const std::string& url) {
  FeedValidators v;
  feed_get_->BindText(1, url);
  Result<bool> row = feed_get_->Step();
  if (row.ok() && *row) {
    v.etag = feed_get_->ColumnString(0);
    v.last_modified = feed_get_->ColumnString(1);
  }
  feed_get_->Reset();
  return v;
}

Status FetchState::SetFeed(const std::string& url, const FeedValidators& v, int64_t polled) {
  feed_put_->BindText(1, url);
  feed_put_->BindText(2, v.etag);
  feed_put_->BindText(3, v.last_modified);
  feed_put_->BindInt64(4, polled);
  return feed_put_->Run();
}

bool FetchState::FileKnown(const std::string& path, uint64_t size, int64_t mtime) {
  file_get_->BindText(1, path);
  Result<bool> row = file_get_->Step();
  bool known = row.ok() && *row && static_cast<uint64_t>(file_get_->ColumnInt64(0)) == size &&
               file_get_->ColumnInt64(1) == mtime;
  file_get_->Reset();
  return known;
}

Status FetchState::RememberFile(const std::string& path, uint64_t size, int64_t mtime) {
  file_put_->BindText(1, path);
  file_put_->BindInt64(2, static_cast<int64_t>(size));
  file_put_->BindInt64(3, mtime);
  return file_put_->Run();
}

int64_t FetchState::NextAllowedMs(const std::string& host) {
  auto it = host_cache_.find(host);
  if (it != host_cache_.end()) return it->second;
  int64_t v = 0;
  host_get_->BindText(1, host);
  Result<bool> row = host_get_->Step();
  if (row.ok() && *row) v = host_get_->ColumnInt64(0);
  host_get_->Reset();
  host_cache_[host] = v;
  return v;
}

void FetchState::SetNextAllowedMs(const std::string& host, int64_t unix_ms) {
  host_cache_[host] = unix_ms;
  host_dirty_[host] = unix_ms;
}

Status FetchState::Flush() {
  if (host_dirty_.empty()) return Status::OK();
  SqliteTransaction txn(begin_.get(), commit_.get(), rollback_.get());
  NP_RETURN_IF_ERROR(txn.Begin());
  for (const auto& [host, ms] : host_dirty_) {
    host_put_->BindText(1, host);
    host_put_->BindInt64(2, ms);
    NP_RETURN_IF_ERROR(host_put_->Run());
  }
  NP_RETURN_IF_ERROR(txn.Commit());
  host_dirty_.clear();
  return Status::OK();
}

}  // namespace newspipe
