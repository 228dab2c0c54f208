// FetchSource: the fetch stage's Source (runtime/stage.h). It merges every configured input —
// local `paths`, `warc` files, watched `dirs`, `urls`/`url_file`, `feeds` and `sitemaps` — into
// one stream of v1::Documents, fetching web pages through the Crawler (crawler.h).
//
// Web inputs are remembered in FetchState (fetch_state.h): discovered URLs are queued durably
// before they are fetched, and moved to `seen` once emitted. The move happens at the start of
// the next Next() call (or on OnAck, or at destruction), i.e. after the runtime has taken the
// previous batch into its outbox, and only for documents Next() handed out: a kill -9 never
// loses a page. Local `paths` and `warc` files are
// read in full on every run; files of watched `dirs` are remembered (path, size, mtime).
//
// Watched `dirs` as a daemon: inotify (dir_watch.h) reports files when they are closed after
// writing or moved in, so a file still being written is not read (one found changing by the
// first scan, before its close could be seen, waits until unchanged for two seconds); where
// inotify is unavailable the directories are scanned every `dir_poll_interval` and a file is
// taken once its mtime is half a second old.
//
// After a kill -9 the runtime tells OnResume() which documents of the earlier run it still holds
// in its outbox; queued URLs whose ids are among them count as emitted and are not fetched again.
//
// Pages of a type listed in `drop_page_types` (page_type.h: a section front, a tag page) are not
// emitted: they are logged, counted (TakeFilteredCount), and remembered as seen.
//
// In batch mode (StageContext.once) feeds and sitemaps are polled once, their new entries
// fetched once, watched directories scanned once, and Next() reports kExhausted when all is
// drained. As a daemon it polls for ever. Not thread-safe: the runtime calls it from one thread.
#pragma once

#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runtime/config.h"
#include "runtime/stage.h"
#include "stages/fetch/crawler.h"
#include "stages/fetch/dir_watch.h"
#include "stages/fetch/fetch_state.h"
#include "stages/fetch/file_source.h"
#include "stages/fetch/warc_reader.h"

namespace newspipe {

class FetchSource : public Source {
 public:
  static Result<std::unique_ptr<FetchSource>> Create(const Config& config,
                                                     const StageContext& context);
  ~FetchSource() override;

  Result<SourceState> Next(std::vector<v1::Document>& out, size_t max) override;
  void OnAck(const v1::Ack& ack) override;
  uint64_t TakeFilteredCount() override;
  void OnResume(const std::vector<std::string>& doc_ids) override;

 private:
  enum class Purpose { kPage, kFeed, kSitemap };
  struct Tagged {
    Purpose purpose = Purpose::kPage;
    QueuedUrl queued;  // for pages.
    std::string url;   // for feeds and sitemaps.
  };
  struct Poll {
    std::string url;
    bool sitemap = false;
    int64_t next_ms = 0;
    bool in_flight = false;
  };
  struct FileMark {
    std::string path;
    uint64_t size = 0;
    int64_t mtime = 0;
  };

  FetchSource() = default;
  Status Init(const Config& config);
  Status ApplyMarks();
  void ReadLocal(size_t max, std::chrono::steady_clock::time_point deadline);
  void ReadWarc(size_t max, std::chrono::steady_clock::time_point deadline);
  void ScanDirs(int64_t now_ms);
  // Queues a file of a watched directory unless already emitted. `complete`: an event said the
  // writer is done; otherwise a recently modified file waits until it has been still a while.
  void ConsiderFile(const std::string& path, bool complete, int64_t now_ms);
  void StartPolls(int64_t now_ms);
  void FeedCrawler();
  Status Discover(std::vector<QueuedUrl> found);
  void OnResult(CrawlResult& result);
  void OnFeed(const std::string& url, bool sitemap, CrawlResult& result);
  void EmitPollError(const std::string& url, bool sitemap, const std::string& code,
                     const std::string& message);
  void MarkPageType(v1::Document& doc);
  // True when `doc` is of a dropped page type: it is then logged and counted, not emitted.
  bool Dropped(const v1::Document& doc);
  bool Drained() const;

  StageContext context_;
  FileReadOptions file_options_;
  bool detect_page_type_ = true;
  std::unordered_set<std::string> drop_page_types_;
  uint64_t filtered_ = 0;  // dropped since the last TakeFilteredCount().
  std::chrono::milliseconds poll_interval_{300'000};
  std::chrono::milliseconds lastmod_window_{0};
  std::chrono::milliseconds dir_interval_{2000};

  std::vector<std::filesystem::path> files_;
  size_t next_file_ = 0;
  std::vector<std::string> warc_paths_;
  size_t next_warc_ = 0;
  std::unique_ptr<WarcReader> warc_;
  std::vector<std::string> dirs_;
  int64_t next_dir_scan_ms_ = 0;
  bool dirs_scanned_ = false;
  std::deque<FileMark> dir_ready_;
  std::unique_ptr<DirWatch> dir_watch_;            // null: polling.
  std::unordered_set<std::string> dir_unsettled_;  // seen while still changing (with a watch).
  std::vector<std::string> dir_events_, dir_new_;
  std::unordered_map<std::string, FileMark> dir_emitted_;  // emitted in this process.

  std::vector<Poll> polls_;  // feeds and sitemaps configured.
  bool polls_started_ = false;
  std::deque<QueuedUrl> pending_;          // discovered, not yet handed to the crawler.
  std::unordered_set<std::string> known_;  // keys pending or in the crawler.
  std::unordered_map<uint64_t, Tagged> tags_;
  uint64_t next_tag_ = 1;
  size_t crawl_window_ = 256;
  std::unique_ptr<Crawler> crawler_;
  std::unique_ptr<FetchState> state_;

  std::vector<std::string> mark_keys_, mark_ids_;
  std::vector<FileMark> mark_files_;
  // Documents waiting to be handed out, with what to remember once they are.
  struct Ready {
    v1::Document doc;
    std::string key;  // a web page's canonical URL: marked seen once emitted.
    FileMark file;    // a watched directory's file (path empty otherwise).
  };
  std::deque<Ready> ready_;
};

// Reads the crawler settings of the fetch spec from `config`.
CrawlerOptions CrawlerOptionsFromConfig(const Config& config);

}  // namespace newspipe
