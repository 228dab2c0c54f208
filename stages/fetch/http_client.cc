#include "stages/fetch/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <mutex>

#include <curl/curl.h>

#include "stages/fetch/file_source.h"
#include "stages/fetch/url_canon.h"

namespace newspipe {

bool IsNonPublicAddress(const std::string& ip) {
  in_addr v4{};
  if (inet_pton(AF_INET, ip.c_str(), &v4) == 1) {
    uint32_t a = ntohl(v4.s_addr);
    auto in = [a](uint32_t net, int bits) {
      uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
      return (a & mask) == net;
    };
    return in(0x00000000, 8) ||   // 0.0.0.0/8 "this network"
           in(0x0A000000, 8) ||   // 10/8
           in(0x64400000, 10) ||  // 100.64/10 carrier-grade NAT
           in(0x7F000000, 8) ||   // loopback
           in(0xA9FE0000, 16) ||  // link-local
           in(0xAC100000, 12) ||  // 172.16/12
           in(0xC0000000, 24) ||  // 192.0.0/24 protocol assignments
           in(0xC0A80000, 16) ||  // 192.168/16
           in(0xC6120000, 15) ||  // 198.18/15 benchmarking
           in(0xE0000000, 4) ||   // multicast
           in(0xF0000000, 4);     // reserved, broadcast
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, ip.c_str(), &v6) == 1) {
    const uint8_t* b = v6.s6_addr;
    static const uint8_t kZero[16] = {};
    if (std::memcmp(b, kZero, 15) == 0 && (b[15] == 0 || b[15] == 1)) return true;  // :: and ::1
    if (b[0] == 0xFF) return true;                                                  // multicast
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return true;                         // fe80::/10
    if ((b[0] & 0xFE) == 0xFC) return true;                                         // fc00::/7
    static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::memcmp(b, kMapped, 12) == 0) {  // ::ffff:a.b.c.d
      char text[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, b + 12, text, sizeof text);
      return IsNonPublicAddress(text);
    }
    return false;
  }
  return true;  // not an address we understand: refuse.
}

struct HttpClient::Transfer {
  HttpClient* owner = nullptr;
  CURL* easy = nullptr;
  HttpResponse response;
  curl_slist* request_headers = nullptr;
  bool check_address = true;
  bool refused = false;
  std::string refused_ip;
  char errbuf[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (request_headers) curl_slist_free_all(request_headers);
  }
};

namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t OnWrite(char* data, size_t size, size_t nmemb, void* user) {
  auto* t = static_cast<HttpClient::Transfer*>(user);
  size_t n = size * nmemb;
  HttpResponse& r = t->response;
  uint64_t cap = t->owner->options().max_bytes;
  r.body_size += n;
  if (r.body.size() + n > cap) {
    // Keep what fits and stop the transfer: decoded bytes are what we cap, so a compression
    // bomb ends here instead of filling memory.
    r.body.append(data, cap - r.body.size());
    r.truncated = true;
    return 0;
  }
  r.body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t nmemb, void* user) {
  auto* t = static_cast<HttpClient::Transfer*>(user);
  size_t n = size * nmemb;
  std::string_view line(data, n);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.substr(0, 5) == "HTTP/") {
    t->response.headers.clear();  // a new response (after 100 Continue, say).
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return n;
  std::string name(line.substr(0, colon));
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  std::string& slot = t->response.headers[name];
  if (slot.empty()) {
    slot = std::string(value);
  } else {
    slot += ", ";
    slot.append(value);
  }
  return n;
}

curl_socket_t OnOpenSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<HttpClient::Transfer*>(user);
  if (t->check_address && purpose == CURLSOCKTYPE_IPCXN) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address->family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&address->addr)->sin_addr, text,
                sizeof text);
    } else if (address->family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&address->addr)->sin6_addr, text,
                sizeof text);
    }
    if (IsNonPublicAddress(text)) {
      t->refused = true;
      t->refused_ip = text;
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

}  // namespace

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)) {
  GlobalInit();
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(options_.max_connections));
}

HttpClient::~HttpClient() {
  for (auto& [easy, t] : running_) {
    curl_multi_remove_handle(multi_, easy);
    curl_easy_cleanup(easy);
  }
  running_.clear();
  for (void* easy : idle_handles_) curl_easy_cleanup(easy);
  curl_multi_cleanup(multi_);
}

void HttpClient::Add(HttpRequest request) { queue_.push_back(std::move(request)); }

size_t HttpClient::pending() const { return queue_.size() - queue_head_ + running_.size(); }

void HttpClient::StartQueued() {
  while (queue_head_ < queue_.size() && running_.size() < options_.max_connections) {
    HttpRequest req = std::move(queue_[queue_head_++]);
    auto t = std::make_unique<Transfer>();
    t->owner = this;
    t->response.tag = req.tag;
    t->response.url = req.url;
    t->response.started_unix_ms = WallClockMs();
    std::string host = HostOf(req.url);
    t->check_address = !options_.allow_private && options_.allow_hosts.count(host) == 0;
    CURL* easy;
    if (!idle_handles_.empty()) {
      easy = idle_handles_.back();
      idle_handles_.pop_back();
      curl_easy_reset(easy);
    } else {
      easy = curl_easy_init();
    }
    t->easy = easy;
    curl_easy_setopt(easy, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every decoding libcurl has.
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(options_.low_speed_bytes));
    curl_easy_setopt(
        easy, CURLOPT_LOW_SPEED_TIME,
        static_cast<long>(std::max<int64_t>(1, options_.low_speed_time.count() / 1000)));
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnWrite);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, t.get());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->errbuf);
    curl_easy_setopt(easy, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
    if (!req.if_none_match.empty()) {
      t->request_headers =
          curl_slist_append(t->request_headers, ("If-None-Match: " + req.if_none_match).c_str());
    }
    if (!req.if_modified_since.empty()) {
      t->request_headers = curl_slist_append(
          t->request_headers, ("If-Modified-Since: " + req.if_modified_since).c_str());
    }
    if (t->request_headers) curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->request_headers);
    curl_multi_add_handle(multi_, easy);
    running_[easy] = std::move(t);
  }
  if (queue_head_ == queue_.size()) {
    queue_.clear();
    queue_head_ = 0;
  } else if (queue_head_ > 1024 && queue_head_ * 2 > queue_.size()) {
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(queue_head_));
    queue_head_ = 0;
  }
}

void HttpClient::Finish(Transfer* t, int curl_code, std::vector<HttpResponse>* done) {
  CURL* easy = t->easy;
  HttpResponse& r = t->response;
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  char* ip = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip) r.primary_ip = ip;
  r.status = static_cast<int>(status);
  r.finished_unix_ms = WallClockMs();
  auto code = static_cast<CURLcode>(curl_code);
  if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && r.truncated)) {
    std::string message = t->errbuf[0] ? t->errbuf : curl_easy_strerror(code);
    if (t->refused) {
      r.error_code = "refused_address";
      r.error = "refused: " + HostOf(r.url) + " resolves to the non-public address " +
                t->refused_ip + " (add the host to allow_hosts to fetch it)";
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
      r.error_code = message.find("too slow") != std::string::npos ? "low_speed" : "timeout";
      r.error = message;
    } else if (code == CURLE_COULDNT_RESOLVE_HOST) {
      r.error_code = "dns";
      r.error = message;
    } else if (code == CURLE_COULDNT_CONNECT) {
      r.error_code = "connect";
      r.error = message;
    } else if (code == CURLE_BAD_CONTENT_ENCODING) {
      r.error_code = "decoding";
      r.error = message;
    } else {
      r.error_code = "network";
      r.error = message;
    }
    if (r.status != 0 && r.error_code != "decoding") {
      // The answer was cut off mid-body: treat as a transport failure (retryable).
      r.status = 0;
    }
  }
  done->push_back(std::move(r));
  curl_multi_remove_handle(multi_, easy);
  running_.erase(easy);
  if (idle_handles_.size() < options_.max_connections) {
    idle_handles_.push_back(easy);
  } else {
    curl_easy_cleanup(easy);
  }
}

void HttpClient::Poll(std::chrono::milliseconds wait, std::vector<HttpResponse>* done) {
  StartQueued();
  auto deadline = std::chrono::steady_clock::now() + wait;
  size_t before = done->size();
  for (;;) {
    int still = 0;
    curl_multi_perform(multi_, &still);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      Finish(t, msg->data.result, done);
    }
    StartQueued();
    if (done->size() > before || running_.empty()) return;
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return;
    int timeout_ms = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count());
    curl_multi_poll(multi_, nullptr, 0, std::max(1, timeout_ms), nullptr);
  }
}

}  // namespace newspipe
