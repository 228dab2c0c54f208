#include "stages/fetch/crawler.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <unordered_set>

#include "stages/fetch/file_source.h"
#include "stages/fetch/url_canon.h"

namespace newspipe {

struct Crawler::Job {
  CrawlRequest request;
  std::string current_url;
  std::string host_key;
  uint32_t redirects = 0;
  uint32_t attempts = 0;  // attempts at the current URL.
  uint32_t total_attempts = 0;
  int64_t not_before_ms = 0;
  std::unordered_set<std::string> seen;  // canonical URLs of this chain, for loop detection.
  bool robots = false;                   // the robots.txt fetch of its host.
  HttpResponse last;                     // the latest answer, kept for the final result.
};

struct Crawler::Host {
  std::string key;   // scheme://host[:port]
  std::string name;  // host
  enum class Robots { kUnknown, kFetching, kReady } robots = Robots::kUnknown;
  RobotsRules rules;
  int64_t robots_expires_ms = 0;
  uint32_t robots_failures = 0;
  bool robots_unavailable = false;  // robots.txt failed every attempt: URLs fail, not wait.
  std::deque<std::unique_ptr<Job>> queue;
  size_t active = 0;
  int64_t next_allowed_ms = 0;
};

namespace {

// The result skeleton for a job's request.
CrawlResult ResultFor(uint64_t tag, const std::string& url, const std::string& final_url,
                      uint32_t redirects, uint32_t attempts) {
  CrawlResult r;
  r.tag = tag;
  r.url = url;
  r.final_url = final_url;
  r.redirects = redirects;
  r.attempts = attempts;
  return r;
}

std::string HostKey(const ParsedUrl& u) {
  std::string key = u.scheme + "://" + u.host;
  if (u.port != 0) key += ":" + std::to_string(u.port);
  return key;
}

// Retry-After: delta-seconds or an HTTP date. Returns milliseconds from now, or -1.
int64_t ParseRetryAfter(const std::string& value, int64_t now_ms) {
  if (value.empty()) return -1;
  bool digits =
      std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) return std::strtoll(value.c_str(), nullptr, 10) * 1000;
  std::tm tm{};
  const char* end = strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S", &tm);
  if (end == nullptr) return -1;
  int64_t when = static_cast<int64_t>(timegm(&tm)) * 1000;
  return std::max<int64_t>(0, when - now_ms);
}

}  // namespace

Crawler::Crawler(CrawlerOptions options, HostTimes* host_times)
    : options_(std::move(options)),
      host_times_(host_times),
      http_(options_.http),
      rng_(std::random_device{}()) {}

Crawler::~Crawler() = default;

Crawler::Host& Crawler::HostFor(const std::string& key) {
  auto it = hosts_.find(key);
  if (it != hosts_.end()) return *it->second;
  auto host = std::make_unique<Host>();
  host->key = key;
  ParsedUrl u;
  ParseUrl(key + "/", &u);
  host->name = u.host;
  if (host_times_) host->next_allowed_ms = host_times_->NextAllowedMs(host->name);
  if (!options_.obey_robots) host->robots = Host::Robots::kReady;
  Host& ref = *host;
  hosts_.emplace(key, std::move(host));
  return ref;
}

void Crawler::Enqueue(CrawlRequest request) {
  auto job = std::make_unique<Job>();
  job->current_url = request.url;
  job->request = std::move(request);
  ++pending_;
  Schedule(std::move(job));
}

void Crawler::Schedule(std::unique_ptr<Job> job) {
  ParsedUrl u;
  if (!ParseUrl(job->current_url, &u) || u.host.empty()) {
    // Reported at the next Poll through a pseudo-host with no network.
    job->host_key = "";
  } else {
    job->host_key = HostKey(u);
  }
  Host& host = HostFor(job->host_key);
  host.queue.push_back(std::move(job));
}

int64_t Crawler::Backoff(uint32_t attempt) {
  double base = static_cast<double>(options_.backoff_initial.count());
  for (uint32_t i = 1; i < attempt && base < options_.backoff_max.count(); ++i) base *= 2;
  base = std::min(base, static_cast<double>(options_.backoff_max.count()));
  // "Equal jitter": half fixed, half random, so retries of many URLs spread out.
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  return static_cast<int64_t>(base * jitter(rng_));
}

void Crawler::Dispatch(int64_t now_ms) {
  const size_t global_limit = options_.http.max_connections;
  for (auto& [key, host_ptr] : hosts_) {
    Host& host = *host_ptr;
    if (host.queue.empty()) continue;
    if (http_.pending() >= global_limit) return;
    if (key.empty()) continue;  // handled in Poll.
    if (host.robots == Host::Robots::kFetching) continue;
    if (options_.obey_robots && host.robots != Host::Robots::kFetching &&
        (host.robots == Host::Robots::kUnknown || now_ms >= host.robots_expires_ms)) {
      if (now_ms < host.next_allowed_ms || host.active >= options_.per_host_connections) continue;
      host.robots = Host::Robots::kFetching;
      auto job = std::make_unique<Job>();
      job->robots = true;
      job->current_url = host.key + "/robots.txt";
      job->host_key = host.key;
      uint64_t tag = next_http_tag_++;
      http_.Add({tag, job->current_url, "", ""});
      in_flight_[tag] = std::move(job);
      ++host.active;
      host.next_allowed_ms =
          now_ms + options_.per_host_delay.count() + (options_.per_host_delay.count() > 0 ? 1 : 0);
      if (observer_) observer_(host.name, now_ms);
      continue;
    }
    std::chrono::milliseconds delay = std::max(options_.per_host_delay, host.rules.crawl_delay());
    while (host.active < options_.per_host_connections && now_ms >= host.next_allowed_ms &&
           http_.pending() < global_limit) {
      auto it = std::find_if(host.queue.begin(), host.queue.end(),
                             [now_ms](const auto& j) { return j->not_before_ms <= now_ms; });
      if (it == host.queue.end()) break;
      std::unique_ptr<Job> job = std::move(*it);
      host.queue.erase(it);
      ParsedUrl u;
      ParseUrl(job->current_url, &u);
      std::string path = u.path + (u.query.empty() ? "" : "?" + u.query);
      if (options_.obey_robots && !host.rules.Allowed(path)) {
        CrawlResult r = ResultFor(job->request.tag, job->request.url, job->current_url,
                                  job->redirects, job->total_attempts);
        if (host.robots_unavailable) {
          r.error_code = "robots_unavailable";
          r.error = host.key +
                    "/robots.txt could not be read (5xx or no answer), so the host "
                    "counts as disallowed";
        } else {
          r.error_code = "robots";
          r.error = "disallowed by " + host.key + "/robots.txt";
        }
        finished_.push_back(std::move(r));
        --pending_;
        continue;
      }
      ++job->attempts;
      ++job->total_attempts;
      uint64_t tag = next_http_tag_++;
      http_.Add({tag, job->current_url, job->redirects == 0 ? job->request.if_none_match : "",
                 job->redirects == 0 ? job->request.if_modified_since : ""});
      in_flight_[tag] = std::move(job);
      ++host.active;
      // +1: times are whole milliseconds, so a start at x.9 ms must not allow one at x+delay.
      host.next_allowed_ms = now_ms + delay.count() + (delay.count() > 0 ? 1 : 0);
      if (host_times_ && delay.count() > 0)
        host_times_->SetNextAllowedMs(host.name, host.next_allowed_ms);
      if (observer_) observer_(host.name, now_ms);
    }
  }
}

void Crawler::OnRobots(Host& host, const HttpResponse& r) {
  int64_t now = WallClockMs();
  if (r.status >= 200 && r.status < 300) {
    host.rules = RobotsRules::Parse(r.body, options_.robots_agent);
    host.robots = Host::Robots::kReady;
    host.robots_expires_ms = now + options_.robots_cache_ttl.count();
    host.robots_failures = 0;
    host.robots_unavailable = false;
  } else if (r.status >= 300 && r.status < 500) {
    // 4xx: no usable robots.txt, so everything is allowed (RFC 9309 2.3.1.3). A 3xx here is a
    // redirect that could not be followed (too many, a loop): unavailable-but-allowed as well.
    host.rules = RobotsRules::AllowAll();
    host.robots = Host::Robots::kReady;
    host.robots_expires_ms = now + options_.robots_cache_ttl.count();
    host.robots_failures = 0;
  } else if (r.error_code == "refused_address") {
    // The host itself is refused; its pages will be refused one by one with that reason.
    host.rules = RobotsRules::AllowAll();
    host.robots = Host::Robots::kReady;
    host.robots_expires_ms = now + options_.robots_cache_ttl.count();
  } else {
    // 5xx or no answer: assume complete disallow for a while (RFC 9309 2.3.1.4).
    ++host.robots_failures;
    host.rules = RobotsRules::DisallowAll();
    host.robots = Host::Robots::kReady;
    host.robots_expires_ms = now + options_.robots_unavailable_retry.count();
    if (host.robots_failures < static_cast<uint32_t>(options_.max_attempts)) {
      // Hold the host's URLs until robots.txt is asked again, instead of failing them now.
      for (auto& job : host.queue) {
        job->not_before_ms = std::max(job->not_before_ms, host.robots_expires_ms);
      }
    } else {
      host.robots_failures = 0;
      host.robots_unavailable = true;  // the held URLs now fail with that reason.
    }
  }
}

bool Crawler::FollowRobotsRedirect(Host& host, std::unique_ptr<Job>& job, const HttpResponse& r) {
  if (!r.error_code.empty() || r.status < 300 || r.status >= 400 || r.status == 304) return false;
  std::string location = r.Header("location");
  if (location.empty()) return false;
  // RFC 9309 2.3.1.2: follow at least five consecutive redirects, across hosts too; the rules
  // found apply to the original host. Beyond that, or on a loop, robots.txt counts as
  // unavailable (a 4xx: everything allowed), which OnRobots makes of the 3xx.
  const uint32_t limit = static_cast<uint32_t>(std::max(5, options_.max_redirects));
  std::string next = ResolveUrl(job->current_url, location);
  std::string canon = CanonicalUrl(next);
  if (job->seen.empty()) job->seen.insert(CanonicalUrl(job->current_url));
  if (job->redirects >= limit || canon.empty() || job->seen.count(canon) ||
      !(next.rfind("http://", 0) == 0 || next.rfind("https://", 0) == 0)) {
    return false;
  }
  job->seen.insert(canon);
  job->current_url = std::move(next);
  ++job->redirects;
  uint64_t tag = next_http_tag_++;
  http_.Add({tag, job->current_url, "", ""});
  in_flight_[tag] = std::move(job);
  ++host.active;
  if (observer_) observer_(host.name, WallClockMs());
  return true;
}

void Crawler::RetryOrFail(std::unique_ptr<Job> job, int64_t wait_ms,
                          std::vector<CrawlResult>* done) {
  (void)done;
  if (job->attempts >= static_cast<uint32_t>(options_.max_attempts)) {
    --pending_;
    CrawlResult r = ResultFor(job->request.tag, job->request.url, job->current_url, job->redirects,
                              job->total_attempts);
    r.response = std::move(job->last);
    r.error_code = r.response.error_code;
    r.error = r.response.error;
    if (r.error_code.empty()) {
      r.error_code = "http_" + std::to_string(r.response.status);
      r.error = "HTTP " + std::to_string(r.response.status) + " after " +
                std::to_string(job->attempts) + " attempts";
    } else {
      r.error += " (after " + std::to_string(job->attempts) + " attempts)";
    }
    finished_.push_back(std::move(r));
    return;
  }
  job->not_before_ms = WallClockMs() + wait_ms;
  Host& host = HostFor(job->host_key);
  host.queue.push_back(std::move(job));
}

void Crawler::OnResponse(HttpResponse response, std::vector<CrawlResult>* done) {
  auto it = in_flight_.find(response.tag);
  if (it == in_flight_.end()) return;
  std::unique_ptr<Job> job = std::move(it->second);
  in_flight_.erase(it);
  Host& host = HostFor(job->host_key);
  if (host.active > 0) --host.active;
  if (job->robots) {
    if (FollowRobotsRedirect(host, job, response)) return;
    OnRobots(host, response);
    return;
  }
  int64_t now = WallClockMs();
  int status = response.status;
  bool transport_error = !response.error_code.empty();
  if (transport_error) {
    job->last = std::move(response);
    if (job->last.error_code == "refused_address" || job->last.error_code == "decoding") {
      job->attempts = static_cast<uint32_t>(options_.max_attempts);  // retrying cannot help.
    }
    // The backoff first: the order in which arguments are evaluated is unspecified, and the
    // moved-from job is null.
    const int64_t wait = Backoff(job->attempts);
    RetryOrFail(std::move(job), wait, done);
    return;
  }
  if (status == 429 || status >= 500) {
    int64_t wait = Backoff(job->attempts);
    if (status == 429 || status == 503) {
      int64_t ra = ParseRetryAfter(response.Header("retry-after"), now);
      if (ra >= 0) {
        wait = std::min<int64_t>(std::max(ra, wait / 4), options_.max_retry_after.count());
        // The server asked the whole host to slow down.
        host.next_allowed_ms = std::max(host.next_allowed_ms, now + wait);
      }
    }
    job->last = std::move(response);
    RetryOrFail(std::move(job), wait, done);
    return;
  }
  if (status >= 300 && status < 400 && status != 304) {
    std::string location = response.Header("location");
    if (!location.empty()) {
      std::string next = ResolveUrl(job->current_url, location);
      std::string canon = CanonicalUrl(next);
      CrawlResult r =
          ResultFor(job->request.tag, job->request.url, next.empty() ? job->current_url : next,
                    job->redirects + 1, job->total_attempts);
      if (job->seen.empty()) job->seen.insert(CanonicalUrl(job->request.url));
      if (next.empty() || canon.empty()) {
        r.error_code = "bad_redirect";
        r.error = "cannot follow the redirect to '" + location.substr(0, 200) + "'";
      } else if (!(next.rfind("http://", 0) == 0 || next.rfind("https://", 0) == 0)) {
        r.error_code = "refused_scheme";
        r.error = "redirect to a non-http(s) URL: " + next.substr(0, 200);
      } else if (job->seen.count(canon)) {
        r.error_code = "redirect_loop";
        r.error = "redirect loop: " + job->current_url + " -> " + next;
      } else if (static_cast<int>(job->redirects) >= options_.max_redirects) {
        r.error_code = "too_many_redirects";
        r.error = "more than " + std::to_string(options_.max_redirects) + " redirects";
      } else {
        job->seen.insert(canon);
        job->current_url = next;
        ++job->redirects;
        job->attempts = 0;
        job->not_before_ms = 0;
        Schedule(std::move(job));
        return;
      }
      r.response = std::move(response);
      finished_.push_back(std::move(r));
      --pending_;
      return;
    }
  }
  CrawlResult r = ResultFor(job->request.tag, job->request.url, job->current_url, job->redirects,
                            job->total_attempts);
  r.response = std::move(response);
  finished_.push_back(std::move(r));
  --pending_;
}

void Crawler::Poll(std::chrono::milliseconds wait, std::vector<CrawlResult>* done) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    // URLs that could not be parsed at all.
    auto bad = hosts_.find("");
    if (bad != hosts_.end()) {
      for (auto& job : bad->second->queue) {
        CrawlResult r = ResultFor(job->request.tag, job->request.url, job->current_url, 0, 0);
        r.error_code = "bad_url";
        r.error = "not an absolute http(s) URL: " + job->current_url.substr(0, 200);
        finished_.push_back(std::move(r));
        --pending_;
      }
      bad->second->queue.clear();
    }
    Dispatch(WallClockMs());
    std::vector<HttpResponse> responses;
    auto now = std::chrono::steady_clock::now();
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    if (!finished_.empty()) left = std::chrono::milliseconds(0);
    // Wake up in time for the next per-host start or retry.
    left = std::min(left, std::chrono::milliseconds(20));
    if (http_.pending() > 0) {
      http_.Poll(std::max(left, std::chrono::milliseconds(0)), &responses);
    } else if (left.count() > 0 && pending_ > 0) {
      struct timespec ts = {0, static_cast<long>(left.count()) * 1000000L};
      nanosleep(&ts, nullptr);
    }
    for (HttpResponse& r : responses) OnResponse(std::move(r), done);
    if (!finished_.empty()) {
      for (CrawlResult& r : finished_) done->push_back(std::move(r));
      finished_.clear();
      return;
    }
    if (pending_ == 0 || std::chrono::steady_clock::now() >= deadline) return;
  }
}

}  // namespace newspipe
