// HttpClient: concurrent HTTP GETs over libcurl's multi interface, one request per transfer
// (redirects are not followed here: the crawler follows them itself so that every hop is
// checked for safety, robots.txt and loops).
//
// What it enforces per transfer: connect, total and low-speed timeouts; a cap on the DECODED
// body (gzip, deflate and brotli are accepted; the write callback counts decoded bytes and aborts
// the transfer at the cap, so a compression bomb stops there: truncated = true); and address
// safety: unless the URL's host is in the allowlist, a connection to a loopback, private,
// link-local, multicast or unspecified address is refused at socket-open time (after DNS, so a
// name resolving to such an address is refused too).
//
// Not thread-safe: one thread calls Add() and Poll().
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace newspipe {

struct HttpOptions {
  std::string user_agent = "newspipe/0.1";
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{30'000};
  // Abort when fewer than low_speed_bytes per second arrive for low_speed_time.
  int64_t low_speed_bytes = 100;
  std::chrono::milliseconds low_speed_time{10'000};
  uint64_t max_bytes = 10 << 20;                // decoded body cap.
  size_t max_connections = 64;                  // transfers running at once.
  std::unordered_set<std::string> allow_hosts;  // hosts exempt from the address check.
  bool allow_private = false;                   // true: no address check at all.
};

struct HttpRequest {
  uint64_t tag = 0;  // the caller's handle, returned in the response.
  std::string url;
  std::string if_none_match;      // ETag for a conditional GET.
  std::string if_modified_since;  // Last-Modified for a conditional GET.
};

struct HttpResponse {
  uint64_t tag = 0;
  std::string url;
  int status = 0;                              // 0 when no HTTP answer arrived.
  std::map<std::string, std::string> headers;  // names lower-case; repeated ones joined by ", ".
  std::string body;                            // decoded.
  uint64_t body_size = 0;                      // decoded bytes seen, counted past the cap.
  bool truncated = false;
  // Transport failure: "" when an HTTP answer arrived; otherwise timeout, connect, dns,
  // refused_address, low_speed, network, ...
  std::string error_code;
  std::string error;
  std::string primary_ip;
  int64_t started_unix_ms = 0;
  int64_t finished_unix_ms = 0;

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Queues a request; it starts when a connection slot is free.
  void Add(HttpRequest request);
  // Drives transfers for at most `wait` (returns early when some finished) and appends the
  // finished ones to `done`.
  void Poll(std::chrono::milliseconds wait, std::vector<HttpResponse>* done);
  // Requests added and not yet returned.
  size_t pending() const;
  const HttpOptions& options() const { return options_; }

  struct Transfer;  // one running request; internal to http_client.cc.

 private:
  void StartQueued();
  void Finish(Transfer* t, int curl_code, std::vector<HttpResponse>* done);

  HttpOptions options_;
  void* multi_ = nullptr;  // CURLM*
  std::vector<HttpRequest> queue_;
  size_t queue_head_ = 0;
  std::map<void*, std::unique_ptr<Transfer>> running_;  // by CURL*.
  std::vector<void*> idle_handles_;                     // reused easy handles.
};

// True when the address (IPv4 or IPv6, as text) is loopback, private, link-local, multicast,
// unspecified or otherwise not a public unicast address.
bool IsNonPublicAddress(const std::string& ip);

}  // namespace newspipe
