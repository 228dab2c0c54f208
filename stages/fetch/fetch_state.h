// FetchState: what the fetch stage remembers across restarts, in one SQLite file
// (state_dir/fetch-<stage>.db, WAL, synchronous=FULL).
//
//   seen    - canonical URLs already emitted (with their document id): never fetched again.
//   queue   - URLs discovered (feeds, sitemaps, url lists) and not yet emitted, in discovery
//             order: reloaded after a restart, so nothing queued is forgotten.
//   feeds   - validators (ETag, Last-Modified) of every feed and sitemap, for conditional GETs.
//   hosts   - per-host next-allowed request times (politeness survives a restart).
//   files   - files of watched directories already emitted (path, size, mtime).
//
// Every change that moves an URL from queue to seen is one transaction. Host times are cached
// in memory and written by Flush(). One thread; not thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/sqlite_db.h"
#include "runtime/status.h"
#include "stages/fetch/crawler.h"

namespace newspipe {

struct QueuedUrl {
  std::string key;  // canonical URL.
  std::string url;  // as found.
  int kind = 0;     // v1::Source::Kind.
  std::string name;
  std::string feed_url;
};

struct FeedValidators {
  std::string etag;
  std::string last_modified;
};

class FetchState : public HostTimes {
 public:
  static Result<std::unique_ptr<FetchState>> Open(const std::filesystem::path& path);
  ~FetchState() override;

  Result<bool> Seen(const std::string& key);
  // Adds the URLs that are neither seen nor queued, in one transaction; appends those added
  // to `added`.
  Status Enqueue(const std::vector<QueuedUrl>& urls, std::vector<QueuedUrl>* added);
  // Everything queued, oldest first.
  Result<std::vector<QueuedUrl>> LoadQueue();
  // Moves emitted URLs from the queue to seen (one transaction). `ids` parallels `keys`.
  Status MarkEmitted(const std::vector<std::string>& keys, const std::vector<std::string>& ids);
  // Forgets a queued URL without marking it seen (it was dropped by configuration).
  size_t queued() const { return queued_count_; }

  FeedValidators GetFeed(const std::string& url);
  Status SetFeed(const std::string& url, const FeedValidators& v, int64_t polled_unix_ms);

  bool FileKnown(const std::string& path, uint64_t size, int64_t mtime);
  Status RememberFile(const std::string& path, uint64_t size, int64_t mtime);

  int64_t NextAllowedMs(const std::string& host) override;
  void SetNextAllowedMs(const std::string& host, int64_t unix_ms) override;
  // Writes cached host times.
  Status Flush();

 private:
  explicit FetchState(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status Prepare();

  std::unique_ptr<SqliteDb> db_;
  std::unique_ptr<SqliteStmt> begin_, commit_, rollback_;
  std::unique_ptr<SqliteStmt> seen_get_, queue_get_, queue_put_, queue_all_, queue_del_, seen_put_;
  std::unique_ptr<SqliteStmt> feed_get_, feed_put_, host_get_, host_put_, file_get_, file_put_;
  std::unordered_map<std::string, int64_t> host_dirty_;
  std::unordered_map<std::string, int64_t> host_cache_;
  size_t queued_count_ = 0;
};

}  // namespace newspipe
