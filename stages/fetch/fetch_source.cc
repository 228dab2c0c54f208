#include "stages/fetch/fetch_source.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include "stages/fetch/page_document.h"
#include "stages/fetch/url_list.h"

namespace newspipe {

CrawlerOptions CrawlerOptionsFromConfig(const Config& config) {
  CrawlerOptions o;
  o.http.user_agent = config.GetString("user_agent");
  o.http.connect_timeout = config.GetDuration("connect_timeout");
  o.http.total_timeout = config.GetDuration("timeout");
  o.http.low_speed_bytes = config.GetInt("low_speed_bytes");
  o.http.low_speed_time = config.GetDuration("low_speed_time");
  o.http.max_bytes = static_cast<uint64_t>(config.GetInt("max_bytes"));
  o.http.max_connections = static_cast<size_t>(config.GetInt("concurrency"));
  for (const std::string& h : config.GetStringList("allow_hosts")) {
    std::string host = h;
    for (char& c : host) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (host == "*") {
      o.http.allow_private = true;
    } else if (!host.empty()) {
      o.http.allow_hosts.insert(host);
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
  s->file_options_.max_bytes = static_cast<uint64_t>(config.GetInt("max_bytes"));
  std::vector<std::string> problems;
  s->files_ = ListInputFiles(config.GetStringList("paths"), &problems);
  s->urls_ = config.GetStringList("urls");
  if (config.Has("url_file") && !config.GetString("url_file").empty()) {
    NP_RETURN_IF_ERROR(ReadUrlFile(config.GetString("url_file"), &s->urls_, &problems));
  }
  for (const std::string& p : problems) spdlog::warn("fetch: {}", p);
  s->crawler_ = std::make_unique<Crawler>(CrawlerOptionsFromConfig(config), nullptr);
  return s;
}

FetchSource::~FetchSource() = default;

void FetchSource::OnAck(const v1::Ack& ack) { (void)ack; }

Result<SourceState> FetchSource::Next(std::vector<v1::Document>& out, size_t max) {
  const auto started = std::chrono::steady_clock::now();
  const auto budget = std::chrono::milliseconds(100);
  size_t produced = 0;
  // Local files: read synchronously, a bounded amount per call.
  while (produced < max && next_file_ < files_.size() &&
         std::chrono::steady_clock::now() - started < budget) {
    out.push_back(ReadFileDocument(files_[next_file_++], file_options_));
    ++produced;
  }
  // URLs: hand a window of them to the crawler, then collect what finished.
  while (next_url_ < urls_.size() && crawler_->pending() < max_pending_) {
    v1::Source src;
    src.set_kind(v1::Source::URL);
    src.set_name("urls");
    url_sources_.push_back(src);
    crawler_->Enqueue({url_sources_.size(), urls_[next_url_++], "", ""});
  }
  if (produced < max && crawler_->pending() > 0) {
    auto left = budget - std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started);
    if (produced > 0) left = std::chrono::milliseconds(0);
    std::vector<CrawlResult> done;
    crawler_->Poll(std::max(left, std::chrono::milliseconds(0)), &done);
    for (CrawlResult& r : done) {
      out.push_back(PageDocument(r, url_sources_[r.tag - 1]));
      ++produced;
    }
  }
  bool drained =
      next_file_ >= files_.size() && next_url_ >= urls_.size() && crawler_->pending() == 0;
  if (produced > 0) return SourceState::kMore;
  if (drained) return context_.once ? SourceState::kExhausted : SourceState::kIdle;
  return SourceState::kIdle;
}

}  // namespace newspipe
