// Crawler: polite fetching of URLs on top of HttpClient.
//
// It owns the scheduling decisions: a per-host limit on concurrent requests and a per-host delay
// between the starts of two requests to one host (the larger of the configured delay and the
// host's robots.txt crawl-delay); robots.txt (RFC 9309) fetched once per host (its redirects
// followed, at least five) and cached;
// redirects followed by hand (at most max_redirects, a loop detected, every hop checked again);
// retries with exponential backoff and jitter on 5xx, 429 (Retry-After honoured) and network
// errors. A URL whose every attempt failed comes back as a result with its error, never lost.
//
// Not thread-safe: one thread calls Enqueue() and Poll().
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "stages/fetch/http_client.h"
#include "stages/fetch/robots.h"

namespace newspipe {

struct CrawlerOptions {
  HttpOptions http;
  size_t per_host_connections = 2;
  std::chrono::milliseconds per_host_delay{1000};
  bool obey_robots = true;
  std::string robots_agent = "newspipe";  // the product token matched in robots.txt groups.
  // After a 5xx or no answer for robots.txt, the host is treated as disallowed this long.
  std::chrono::milliseconds robots_unavailable_retry{60'000};
  std::chrono::milliseconds robots_cache_ttl{24 * 3600 * 1000};
  int max_redirects = 5;
  int max_attempts = 4;  // 1 + retries.
  std::chrono::milliseconds backoff_initial{1000};
  std::chrono::milliseconds backoff_max{60'000};
  std::chrono::milliseconds max_retry_after{300'000};  // a longer Retry-After is capped here.
};

struct CrawlRequest {
  uint64_t tag = 0;  // the caller's handle.
  std::string url;
  std::string if_none_match;
  std::string if_modified_since;
};

struct CrawlResult {
  uint64_t tag = 0;
  std::string url;        // as requested.
  std::string final_url;  // after redirects.
  uint32_t redirects = 0;
  uint32_t attempts = 0;
  HttpResponse response;  // the last response (final hop).
  // "" when an HTTP answer arrived; otherwise why not: robots, redirect_loop, too_many_redirects,
  // bad_redirect, refused_scheme, and the HttpClient's transport codes.
  std::string error_code;
  std::string error;
};

// Where per-host politeness survives restarts (fetch_state.h implements it); may be null.
class HostTimes {
 public:
  virtual ~HostTimes() = default;
  virtual int64_t NextAllowedMs(const std::string& host) = 0;  // 0 when unknown.
  virtual void SetNextAllowedMs(const std::string& host, int64_t unix_ms) = 0;
};

class Crawler {
 public:
  Crawler(CrawlerOptions options, HostTimes* host_times);
  ~Crawler();

  void Enqueue(CrawlRequest request);
  // Runs for at most `wait`; appends finished requests to `done`.
  void Poll(std::chrono::milliseconds wait, std::vector<CrawlResult>* done);
  // Requests enqueued and not yet returned.
  size_t pending() const { return pending_; }
  // Requests made to hosts (for the bench and tests): host -> start times in unix ms.
  void set_request_observer(std::function<void(const std::string& host, int64_t unix_ms)> f) {
    observer_ = std::move(f);
  }

 private:
  struct Job;
  struct Host;
  enum class Phase { kRobots, kPage };

  Host& HostFor(const std::string& key);
  void Schedule(std::unique_ptr<Job> job);
  void Dispatch(int64_t now_ms);
  void OnResponse(HttpResponse response, std::vector<CrawlResult>* done);
  void RetryOrFail(std::unique_ptr<Job> job, int64_t wait_ms, std::vector<CrawlResult>* done);
  void OnRobots(Host& host, const HttpResponse& response);
  // Re-issues a robots.txt request that was redirected; false when the answer is final.
  bool FollowRobotsRedirect(Host& host, std::unique_ptr<Job>& job, const HttpResponse& response);
  int64_t Backoff(uint32_t attempt);

  CrawlerOptions options_;
  HostTimes* host_times_;
  HttpClient http_;
  std::unordered_map<std::string, std::unique_ptr<Host>> hosts_;  // by scheme://host:port.
  std::map<uint64_t, std::unique_ptr<Job>> in_flight_;            // by HTTP tag.
  uint64_t next_http_tag_ = 1;
  size_t pending_ = 0;
  std::mt19937_64 rng_;
  std::function<void(const std::string&, int64_t)> observer_;
  std::vector<CrawlResult> finished_;  // ready to hand out at the end of Poll.
};

}  // namespace newspipe
