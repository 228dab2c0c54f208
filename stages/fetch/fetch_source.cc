#include "stages/fetch/fetch_source.h"

#include <sys/stat.h>

#include <chrono>
#include <utility>

#include <spdlog/spdlog.h>

#include "stages/fetch/feed_parser.h"
#include "stages/fetch/page_document.h"
#include "stages/fetch/page_type.h"
#include "stages/fetch/url_canon.h"
#include "stages/fetch/url_list.h"

namespace newspipe {
namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

CrawlerOptions CrawlerOptionsFromConfig(const Config& config) {
  CrawlerOptions o;
  o.http.user_agent = config.GetString("user_agent");
  o.http.connect_timeout = config.GetDuration("connect_timeout");
  o.http.total_timeout = config.GetDuration("timeout");
  o.http.low_speed_bytes = config.GetInt("low_speed_bytes");
  o.http.low_speed_time = config.GetDuration("low_speed_time");
  o.http.max_bytes = static_cast<uint64_t>(config.GetInt("max_bytes"));
  o.http.max_connections = static_cast<size_t>(config.GetInt("concurrency"));
  // Entries may hold several hosts separated by commas or spaces (handy from one env variable).
  for (const std::string& entry : config.GetStringList("allow_hosts")) {
    std::string host;
    for (size_t i = 0; i <= entry.size(); ++i) {
      char c = i < entry.size() ? entry[i] : ',';
      if (c == ',' || c == ' ' || c == '\t') {
        if (host == "*") {
          o.http.allow_private = true;
        } else if (!host.empty()) {
          o.http.allow_hosts.insert(host);
        }
        host.clear();
      } else {
        host += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      }
    }
  }
  o.per_host_connections = static_cast<size_t>(config.GetInt("per_host_concurrency"));
  o.per_host_delay = config.GetDuration("per_host_delay");
  o.obey_robots = config.GetBool("robots");
  std::string agent = o.http.user_agent.substr(0, o.http.user_agent.find_first_of(" /"));
  o.robots_agent = agent.empty() ? "newspipe" : agent;
  o.robots_unavailable_retry = config.GetDuration("robots_unavailable_retry");
  o.max_redirects = static_cast<int>(config.GetInt("max_redirects"));
  o.max_attempts = static_cast<int>(config.GetInt("max_attempts"));
  o.backoff_initial = config.GetDuration("backoff_initial");
  o.backoff_max = config.GetDuration("backoff_max");
  return o;
}

Result<std::unique_ptr<FetchSource>> FetchSource::Create(const Config& config,
                                                         const StageContext& context) {
  std::unique_ptr<FetchSource> s(new FetchSource());
  s->context_ = context;
  NP_RETURN_IF_ERROR(s->Init(config));
  return s;
}

Status FetchSource::Init(const Config& config) {
  file_options_.max_bytes = static_cast<uint64_t>(config.GetInt("max_bytes"));
  detect_page_type_ = config.GetBool("detect_page_type");
  for (const std::string& t : config.GetStringList("drop_page_types")) {
    drop_page_types_.insert(t);
  }
  poll_interval_ = config.GetDuration("poll_interval");
  lastmod_window_ = config.GetDuration("sitemap_lastmod_window");
  dir_interval_ = config.GetDuration("dir_poll_interval");
  std::vector<std::string> problems;
  files_ = ListInputFiles(config.GetStringList("paths"), &problems);
  warc_paths_ = config.GetStringList("warc");
  dirs_ = config.GetStringList("dirs");
  std::vector<std::string> urls = config.GetStringList("urls");
  if (config.Has("url_file") && !config.GetString("url_file").empty()) {
    NP_RETURN_IF_ERROR(ReadUrlFile(config.GetString("url_file"), &urls, &problems));
  }
  for (const std::string& u : urls) {
    if (!IsHttpUrl(u)) problems.push_back("urls: not an absolute http(s) URL: " + u);
  }
  for (const std::string& p : problems) spdlog::warn("fetch: {}", p);
  for (const std::string& f : config.GetStringList("feeds")) polls_.push_back({f, false, 0, false});
  for (const std::string& f : config.GetStringList("sitemaps"))
    polls_.push_back({f, true, 0, false});

  if (!dirs_.empty() && !context_.once) {
    // Watches first, then the first scan: a file closed in between is not missed.
    auto watch = DirWatch::Open(dirs_);
    if (watch.ok()) {
      dir_watch_ = std::move(watch).value();
    } else {
      spdlog::warn("fetch: {}; scanning the watched directories every {} ms instead",
                   watch.status().message(), dir_interval_.count());
    }
  }
  bool web = !urls.empty() || !polls_.empty();
  if (web || !dirs_.empty()) {
    fs::path db =
        context_.state_dir /
        ("fetch-" + (context_.stage_name.empty() ? std::string("fetch") : context_.stage_name) +
         ".db");
    NP_ASSIGN_OR_RETURN(state_, FetchState::Open(db));
  }
  CrawlerOptions co = CrawlerOptionsFromConfig(config);
  crawl_window_ = co.http.max_connections * 4 + 64;
  crawler_ = std::make_unique<Crawler>(co, state_.get());
  if (state_) {
    NP_ASSIGN_OR_RETURN(std::vector<QueuedUrl> queued, state_->LoadQueue());
    if (!queued.empty()) spdlog::info("fetch: resuming {} queued URL(s)", queued.size());
    for (QueuedUrl& q : queued) {
      known_.insert(q.key);
      pending_.push_back(std::move(q));
    }
  }
  std::vector<QueuedUrl> found;
  for (const std::string& u : urls) {
    if (!IsHttpUrl(u)) continue;
    found.push_back({CanonicalUrl(u), u, v1::Source::URL, "urls", ""});
  }
  return Discover(std::move(found));
}

FetchSource::~FetchSource() {
  Status s = ApplyMarks();
  if (!s.ok()) spdlog::error("fetch: {}", s.ToString());
}

void FetchSource::OnAck(const v1::Ack& ack) {
  (void)ack;
  // An ack means the runtime took every earlier batch into its outbox: the marks are safe now
  // (and must be made before the outbox forgets the acked document).
  Status s = ApplyMarks();
  if (!s.ok()) spdlog::error("fetch: {}", s.ToString());
}

uint64_t FetchSource::TakeFilteredCount() { return std::exchange(filtered_, 0); }

void FetchSource::OnResume(const std::vector<std::string>& doc_ids) {
  if (!state_ || doc_ids.empty() || pending_.empty()) return;
  std::unordered_set<std::string> held(doc_ids.begin(), doc_ids.end());
  std::deque<QueuedUrl> rest;
  for (QueuedUrl& q : pending_) {
    std::string id = DocumentId(q.key);
    if (held.count(id)) {
      known_.erase(q.key);
      mark_keys_.push_back(q.key);
      mark_ids_.push_back(std::move(id));
    } else {
      rest.push_back(std::move(q));
    }
  }
  if (!mark_keys_.empty()) {
    spdlog::info("fetch: {} queued URL(s) were emitted before the restart; not fetched again",
                 mark_keys_.size());
  }
  pending_ = std::move(rest);
  Status s = ApplyMarks();
  if (!s.ok()) spdlog::error("fetch: {}", s.ToString());
}

Status FetchSource::Discover(std::vector<QueuedUrl> found) {
  std::vector<QueuedUrl> fresh;
  fresh.reserve(found.size());
  for (QueuedUrl& q : found) {
    if (q.key.empty() || known_.count(q.key)) continue;
    fresh.push_back(std::move(q));
  }
  if (fresh.empty()) return Status::OK();
  std::vector<QueuedUrl> added;
  if (state_) {
    NP_RETURN_IF_ERROR(state_->Enqueue(fresh, &added));
  } else {
    added = std::move(fresh);
  }
  for (QueuedUrl& q : added) {
    known_.insert(q.key);
    pending_.push_back(std::move(q));
  }
  return Status::OK();
}

Status FetchSource::ApplyMarks() {
  if (state_ && !mark_keys_.empty()) {
    NP_RETURN_IF_ERROR(state_->MarkEmitted(mark_keys_, mark_ids_));
  }
  mark_keys_.clear();
  mark_ids_.clear();
  if (state_) {
    for (const FileMark& f : mark_files_) {
      NP_RETURN_IF_ERROR(state_->RememberFile(f.path, f.size, f.mtime));
    }
  }
  mark_files_.clear();
  return Status::OK();
}

void FetchSource::ReadLocal(size_t max, steady_clock::time_point deadline) {
  while (ready_.size() < max && next_file_ < files_.size() && steady_clock::now() < deadline) {
    ready_.push_back({ReadFileDocument(files_[next_file_++], file_options_), "", {}});
  }
  while (ready_.size() < max && !dir_ready_.empty() && steady_clock::now() < deadline) {
    FileMark f = std::move(dir_ready_.front());
    dir_ready_.pop_front();
    v1::Document doc = ReadFileDocument(f.path, file_options_);
    doc.mutable_source()->set_kind(v1::Source::DIRECTORY);
    dir_emitted_[f.path] = f;
    ready_.push_back({std::move(doc), "", std::move(f)});
  }
  ReadWarc(max, deadline);
}

void FetchSource::ReadWarc(size_t max, steady_clock::time_point deadline) {
  while (ready_.size() < max && steady_clock::now() < deadline) {
    if (!warc_) {
      if (next_warc_ >= warc_paths_.size()) return;
      const std::string& path = warc_paths_[next_warc_++];
      auto reader = WarcReader::Open(path, file_options_.max_bytes);
      if (!reader.ok()) {
        v1::Document doc;
        doc.set_id(DocumentId("warc:" + FileKey(path)));
        doc.mutable_source()->set_kind(v1::Source::WARC);
        doc.mutable_source()->set_name(path);
        doc.mutable_source()->set_path(path);
        AddFetchError(doc, "not_found", reader.status().message(), true);
        ready_.push_back({std::move(doc), "", {}});
        continue;
      }
      warc_ = std::move(reader).value();
    }
    WarcRecord rec;
    Result<bool> got = warc_->NextResponse(&rec);
    if (!got.ok()) {
      // The records before were emitted; this one carries the reason so it is not silent.
      spdlog::error("fetch: {}", got.status().message());
      v1::Document doc;
      doc.set_id(DocumentId("warc:" + FileKey(warc_->path()) + "#" +
                            std::to_string(warc_->records_read())));
      doc.mutable_source()->set_kind(v1::Source::WARC);
      doc.mutable_source()->set_name(warc_->path());
      doc.mutable_source()->set_path(warc_->path());
      AddFetchError(doc, "warc_truncated", got.status().message(), true);
      ready_.push_back({std::move(doc), "", {}});
      warc_.reset();
      continue;
    }
    if (!*got) {
      warc_.reset();
      continue;
    }
    CrawlResult r;
    r.url = rec.target_uri;
    r.final_url = rec.target_uri;
    r.response.status = rec.http_status;
    r.response.headers = std::move(rec.http_headers);
    r.response.body = std::move(rec.body);
    r.response.body_size = rec.body_size;
    r.response.truncated = rec.truncated;
    int64_t when = ParseW3cDate(rec.date);
    r.response.finished_unix_ms = when > 0 ? when * 1000 : WallClockMs();
    v1::Source src;
    src.set_kind(v1::Source::WARC);
    src.set_name(warc_->path());
    src.set_path(warc_->path());
    v1::Document doc = PageDocument(r, src);
    if (!rec.decode_error.empty()) AddFetchError(doc, "decoding", rec.decode_error, false);
    if (!rec.date.empty()) (*doc.mutable_fetch()->mutable_headers())["warc-date"] = rec.date;
    MarkPageType(doc);
    if (Dropped(doc)) continue;
    ready_.push_back({std::move(doc), "", {}});
  }
}

namespace {
// Without a watch, a file modified more recently than this may still be being written.
constexpr int64_t kQuietMs = 500;
// With a watch, a file that was changing when scanned normally comes with its close event; this
// only covers one closed just before its directory's watch existed.
constexpr int64_t kWatchedSettleMs = 2000;
}  // namespace

void FetchSource::ConsiderFile(const std::string& path, bool complete, int64_t now_ms) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    dir_unsettled_.erase(path);
    return;
  }
  FileMark f{path, static_cast<uint64_t>(st.st_size),
             static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000};
  if (!context_.once && !complete &&
      now_ms - f.mtime < (dir_watch_ ? kWatchedSettleMs : kQuietMs)) {
    // Left for later: with a watch its close event or a recheck brings it, else the next scan.
    if (dir_watch_) dir_unsettled_.insert(path);
    return;
  }
  dir_unsettled_.erase(path);
  auto it = dir_emitted_.find(f.path);
  if (it != dir_emitted_.end() && it->second.size == f.size && it->second.mtime == f.mtime) {
    return;
  }
  if (state_ && state_->FileKnown(f.path, f.size, f.mtime)) return;
  for (const FileMark& r : dir_ready_) {
    if (r.path == f.path) return;
  }
  dir_ready_.push_back(std::move(f));
}

void FetchSource::ScanDirs(int64_t now_ms) {
  if (dirs_.empty()) return;
  bool full = !dirs_scanned_;
  if (dir_watch_) {
    dir_events_.clear();
    dir_new_.clear();
    if (dir_watch_->Read(&dir_events_, &dir_new_)) {
      spdlog::warn("fetch: inotify lost events; rescanning the watched directories");
      full = true;
    }
    for (const std::string& p : dir_events_) {
      if (IsInputFileName(p)) ConsiderFile(p, true, now_ms);
    }
    if (!dir_new_.empty() && !full) {
      std::vector<std::string> problems;
      for (const fs::path& p : ListInputFiles(dir_new_, &problems)) {
        ConsiderFile(p.string(), false, now_ms);
      }
    }
    if (!dir_unsettled_.empty()) {
      std::vector<std::string> again(dir_unsettled_.begin(), dir_unsettled_.end());
      for (const std::string& p : again) ConsiderFile(p, false, now_ms);
    }
    // Events replace the periodic scans; only a first scan or lost events need one.
    if (!full) return;
  } else {
    if (now_ms < next_dir_scan_ms_) return;
    if (context_.once && dirs_scanned_) return;
    next_dir_scan_ms_ = now_ms + dir_interval_.count();
  }
  std::vector<std::string> problems;
  std::vector<fs::path> found = ListInputFiles(dirs_, &problems);
  if (!dirs_scanned_) {
    for (const std::string& p : problems) spdlog::warn("fetch: {}", p);
  }
  dirs_scanned_ = true;
  for (const fs::path& p : found) ConsiderFile(p.string(), false, now_ms);
}

void FetchSource::StartPolls(int64_t now_ms) {
  for (Poll& p : polls_) {
    if (p.in_flight || now_ms < p.next_ms) continue;
    if (context_.once && polls_started_) continue;
    FeedValidators v = state_ ? state_->GetFeed(p.url) : FeedValidators{};
    uint64_t tag = next_tag_++;
    Tagged t;
    t.purpose = p.sitemap ? Purpose::kSitemap : Purpose::kFeed;
    t.url = p.url;
    tags_[tag] = std::move(t);
    crawler_->Enqueue({tag, p.url, v.etag, v.last_modified});
    p.in_flight = true;
  }
  polls_started_ = true;
}

void FetchSource::FeedCrawler() {
  while (!pending_.empty() && crawler_->pending() < crawl_window_) {
    QueuedUrl q = std::move(pending_.front());
    pending_.pop_front();
    uint64_t tag = next_tag_++;
    std::string url = q.url;
    Tagged t;
    t.purpose = Purpose::kPage;
    t.queued = std::move(q);
    tags_[tag] = std::move(t);
    crawler_->Enqueue({tag, url, "", ""});
  }
}

void FetchSource::MarkPageType(v1::Document& doc) {
  if (!detect_page_type_ || doc.fetch().format() != v1::Fetch::HTML || doc.fetch().raw().empty()) {
    return;
  }
  PageTypeGuess g = GuessPageType(doc.fetch().final_url(), doc.fetch().raw());
  if (g.type.empty()) return;
  doc.mutable_metadata()->set_page_type(g.type);
  v1::Provenance* p = doc.add_provenance();
  p->set_field("page_type");
  p->set_source(g.source);
  p->set_stage("fetch");
  p->set_rule(g.rule);
  p->set_value(g.type);
}

bool FetchSource::Dropped(const v1::Document& doc) {
  const std::string& type = doc.metadata().page_type();
  if (type.empty() || drop_page_types_.count(type) == 0) return false;
  std::string rule;
  for (const v1::Provenance& p : doc.provenance()) {
    if (p.field() == "page_type") rule = p.rule();
  }
  spdlog::info("fetch: {}: not an article (page type {}, {}); filtered",
               doc.fetch().final_url().empty() ? doc.fetch().url() : doc.fetch().final_url(), type,
               rule);
  ++filtered_;
  return true;
}

void FetchSource::EmitPollError(const std::string& url, bool sitemap, const std::string& code,
                                const std::string& message) {
  spdlog::warn("fetch: {} {}: {}", sitemap ? "sitemap" : "feed", url, message);
  v1::Document doc;
  std::string canonical = CanonicalUrl(url);
  doc.set_id(DocumentId((sitemap ? "sitemap:" : "feed:") + (canonical.empty() ? url : canonical)));
  doc.mutable_source()->set_kind(sitemap ? v1::Source::SITEMAP : v1::Source::FEED);
  doc.mutable_source()->set_name(url);
  doc.mutable_source()->set_feed_url(url);
  doc.mutable_source()->set_site(HostOf(url));
  doc.mutable_fetch()->set_url(url);
  doc.mutable_fetch()->set_fetched_unix_ms(WallClockMs());
  AddFetchError(doc, code, message, true);
  ready_.push_back({std::move(doc), "", {}});
}

void FetchSource::OnFeed(const std::string& url, bool sitemap, CrawlResult& r) {
  const HttpResponse& resp = r.response;
  if (!r.error_code.empty()) {
    EmitPollError(url, sitemap, r.error_code, r.error);
    return;
  }
  if (resp.status == 304) return;  // not modified: nothing new.
  if (resp.status < 200 || resp.status >= 300) {
    EmitPollError(url, sitemap, "http_" + std::to_string(resp.status),
                  "HTTP " + std::to_string(resp.status) + " for " + url);
    return;
  }
  const std::string& base = r.final_url.empty() ? url : r.final_url;
  std::vector<QueuedUrl> found;
  if (sitemap) {
    Result<Sitemap> sm = ParseSitemap(resp.body, base, file_options_.max_bytes * 8);
    if (!sm.ok()) {
      EmitPollError(url, sitemap, "parse", sm.status().message());
      return;
    }
    int64_t oldest =
        lastmod_window_.count() > 0 ? WallClockMs() / 1000 - lastmod_window_.count() / 1000 : 0;
    for (const SitemapEntry& e : sm->entries) {
      if (!IsHttpUrl(e.url)) continue;
      if (sm->is_index) {
        // Child sitemaps: fetched now, once per poll of their index.
        FeedValidators v = state_ ? state_->GetFeed(e.url) : FeedValidators{};
        uint64_t tag = next_tag_++;
        Tagged t;
        t.purpose = Purpose::kSitemap;
        t.url = e.url;
        tags_[tag] = std::move(t);
        crawler_->Enqueue({tag, e.url, v.etag, v.last_modified});
        continue;
      }
      if (oldest > 0 && e.lastmod_unix > 0 && e.lastmod_unix < oldest) continue;
      found.push_back({CanonicalUrl(e.url), e.url, v1::Source::SITEMAP, url, url});
    }
  } else {
    Result<std::vector<FeedItem>> items = ParseFeed(resp.body, base);
    if (!items.ok()) {
      EmitPollError(url, sitemap, "parse", items.status().message());
      return;
    }
    for (const FeedItem& it : *items) {
      if (!IsHttpUrl(it.url)) continue;
      found.push_back({CanonicalUrl(it.url), it.url, v1::Source::FEED, url, url});
    }
  }
  Status st = Discover(std::move(found));
  if (!st.ok()) {
    spdlog::error("fetch: {}", st.ToString());
    return;  // validators not saved: the next poll reads the whole feed again.
  }
  if (state_) {
    FeedValidators v{resp.Header("etag"), resp.Header("last-modified")};
    Status saved = state_->SetFeed(url, v, WallClockMs());
    if (!saved.ok()) spdlog::error("fetch: {}", saved.ToString());
  }
}

void FetchSource::OnResult(CrawlResult& r) {
  auto it = tags_.find(r.tag);
  if (it == tags_.end()) return;
  Tagged t = std::move(it->second);
  tags_.erase(it);
  if (t.purpose != Purpose::kPage) {
    bool sitemap = t.purpose == Purpose::kSitemap;
    for (Poll& p : polls_) {
      if (p.url == t.url && p.in_flight) {
        p.in_flight = false;
        p.next_ms = WallClockMs() + poll_interval_.count();
      }
    }
    OnFeed(t.url, sitemap, r);
    return;
  }
  v1::Source src;
  src.set_kind(static_cast<v1::Source::Kind>(t.queued.kind));
  src.set_name(t.queued.name);
  src.set_feed_url(t.queued.feed_url);
  v1::Document doc = PageDocument(r, src);
  MarkPageType(doc);
  known_.erase(t.queued.key);
  // A dropped page is never emitted, so nothing can lose it: it is remembered as seen with the
  // next marks, and not fetched again.
  if (Dropped(doc)) {
    mark_keys_.push_back(t.queued.key);
    mark_ids_.push_back(doc.id());
    return;
  }
  ready_.push_back({std::move(doc), std::move(t.queued.key), {}});
}

bool FetchSource::Drained() const {
  bool polls_done = polls_.empty() || polls_started_;
  for (const Poll& p : polls_) polls_done = polls_done && !p.in_flight;
  return next_file_ >= files_.size() && next_warc_ >= warc_paths_.size() && !warc_ &&
         (dirs_.empty() || dirs_scanned_) && dir_ready_.empty() && polls_done && pending_.empty() &&
         crawler_->pending() == 0 && ready_.empty();
}

Result<SourceState> FetchSource::Next(std::vector<v1::Document>& out, size_t max) {
  const auto started = steady_clock::now();
  const auto deadline = started + milliseconds(100);
  // The previous batch is in the runtime's hands now: remember it as emitted.
  NP_RETURN_IF_ERROR(ApplyMarks());
  if (max == 0) return SourceState::kMore;
  int64_t now_ms = WallClockMs();
  ScanDirs(now_ms);
  ReadLocal(max, deadline);
  StartPolls(now_ms);
  FeedCrawler();
  bool progressed = false;
  if (crawler_->pending() > 0) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now());
    if (!ready_.empty()) left = milliseconds(0);
    std::vector<CrawlResult> done;
    crawler_->Poll(std::max(left, milliseconds(0)), &done);
    for (CrawlResult& r : done) OnResult(r);
    FeedCrawler();
    progressed = !done.empty();
  }
  size_t n = std::min(max, ready_.size());
  for (size_t i = 0; i < n; ++i) {
    Ready& r = ready_.front();
    if (!r.key.empty()) {
      mark_keys_.push_back(std::move(r.key));
      mark_ids_.push_back(r.doc.id());
    }
    if (!r.file.path.empty()) mark_files_.push_back(std::move(r.file));
    out.push_back(std::move(r.doc));
    ready_.pop_front();
  }
  // Results that were all dropped still mean the crawler moves: ask again soon.
  if (n > 0 || progressed) return SourceState::kMore;
  if (Drained() && context_.once) return SourceState::kExhausted;
  return SourceState::kIdle;
}

}  // namespace newspipe
