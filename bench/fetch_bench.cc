// fetch_bench: the fetch stage against a local HTTP server, printing
//   - pages/s with 64 concurrent connections (target >= 2,000/s on a 2-core machine),
//   - the fetcher's peak RSS (target <= 64 MB),
//   - the gaps between requests to one host with a per-host delay (never below it),
//     measured where the requests arrive: at the server.
// The server is a small epoll HTTP/1.1 keep-alive server in a forked child process, so that its
// CPU and memory are not counted as the fetcher's. Usage: fetch_bench [PAGES] [DELAY_MS]
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/spec.h"
#include "stages/fetch/fetch_stage.h"

namespace {

int64_t MonoNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Serves every path with an HTML page (404 for /robots.txt); logs the arrival time of every
// request whose path starts with /d/ or is /robots.txt to `log_fd`. Never returns.
[[noreturn]] void Serve(int listen_fd, int log_fd) {
  std::string page =
      "<!doctype html><html><head><meta charset=\"utf-8\"><title>Bench page</title>"
      "<meta property=\"og:type\" content=\"article\"></head><body><article>";
  while (page.size() < 8000) {
    page += "<p>The quick brown fox jumps over the lazy dog, and the story goes on and on.</p>";
  }
  page += "</article></body></html>";
  std::string ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
                   std::to_string(page.size()) + "\r\nConnection: keep-alive\r\n\r\n" + page;
  std::string not_found =
      "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n";
  int ep = epoll_create1(0);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listen_fd;
  epoll_ctl(ep, EPOLL_CTL_ADD, listen_fd, &ev);
  std::unordered_map<int, std::string> in;
  std::vector<epoll_event> events(256);
  char buf[16384];
  for (;;) {
    int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), -1);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == listen_fd) {
        for (;;) {
          int c = accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK);
          if (c < 0) break;
          epoll_event cev{};
          cev.events = EPOLLIN;
          cev.data.fd = c;
          epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
          in[c].clear();
        }
        continue;
      }
      ssize_t r = read(fd, buf, sizeof buf);
      if (r <= 0) {
        epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr);
        close(fd);
        in.erase(fd);
        continue;
      }
      std::string& b = in[fd];
      b.append(buf, static_cast<size_t>(r));
      std::string out;
      size_t end;
      while ((end = b.find("\r\n\r\n")) != std::string::npos) {
        size_t sp1 = b.find(' ');
        size_t sp2 = b.find(' ', sp1 + 1);
        std::string path = b.substr(sp1 + 1, sp2 - sp1 - 1);
        b.erase(0, end + 4);
        if (path.rfind("/d/", 0) == 0 || path == "/robots.txt") {
          std::string line = std::to_string(MonoNs()) + " " + path + "\n";
          if (write(log_fd, line.data(), line.size()) < 0) _exit(1);
        }
        out += path == "/robots.txt" ? not_found : ok;
      }
      size_t off = 0;
      while (off < out.size()) {
        ssize_t w = write(fd, out.data() + off, out.size() - off);
        if (w < 0) {
          if (errno == EAGAIN) {
            usleep(100);  // the bench client reads fast; a short back-off is enough here.
            continue;
          }
          break;
        }
        off += static_cast<size_t>(w);
      }
    }
  }
}

long PeakRssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

std::unique_ptr<newspipe::Source> MakeSource(const nlohmann::json& config,
                                             const std::filesystem::path& state) {
  using namespace newspipe;
  StageSpec spec = FetchSpec();
  std::vector<ConfigError> errors;
  Config cfg = ValidateConfig(spec, config, &errors);
  for (const auto& e : errors)
    std::fprintf(stderr, "config: %s: %s\n", e.path.c_str(), e.message.c_str());
  StageContext ctx;
  ctx.stage_name = "fetch";
  ctx.stage_type = "fetch";
  ctx.state_dir = state;
  ctx.once = true;
  std::filesystem::create_directories(state);
  auto inst = spec.create(cfg, ctx);
  if (!inst.ok()) {
    std::fprintf(stderr, "%s\n", inst.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(inst->source);
}

// Drains `source`; returns documents and counts those with errors in `failed`.
size_t Drain(newspipe::Source& source, size_t* failed, uint64_t* bytes) {
  std::vector<newspipe::v1::Document> docs;
  size_t total = 0;
  for (;;) {
    docs.clear();
    auto state = source.Next(docs, 256);
    for (const auto& d : docs) {
      *failed += d.errors_size() > 0 ? 1 : 0;
      *bytes += d.fetch().raw().size();
    }
    total += docs.size();
    if (!state.ok() || *state == newspipe::SourceState::kExhausted) return total;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int pages = argc > 1 ? std::atoi(argv[1]) : 20000;
  const int delay_ms = argc > 2 ? std::atoi(argv[2]) : 100;
  auto dir =
      std::filesystem::temp_directory_path() / ("np-fetch-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string log_path = (dir / "arrivals.log").string();
  int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);

  int listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listen_fd, 1024) != 0) {
    std::perror("bind/listen");
    return 1;
  }
  socklen_t len = sizeof addr;
  getsockname(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  // Fork before any thread exists: the child only serves.
  pid_t server = fork();
  if (server == 0) Serve(listen_fd, log_fd);
  close(listen_fd);
  std::string base = "http://127.0.0.1:" + std::to_string(port);

  // 1. Throughput with 64 connections.
  nlohmann::json urls = nlohmann::json::array();
  for (int i = 0; i < pages; ++i) urls.push_back(base + "/p/" + std::to_string(i));
  nlohmann::json config = {{"urls", urls},           {"allow_hosts", {"127.0.0.1"}},
                           {"concurrency", 64},      {"per_host_concurrency", 64},
                           {"per_host_delay", "0s"}, {"max_attempts", 1},
                           {"timeout", "30s"}};
  auto t0 = std::chrono::steady_clock::now();
  auto source = MakeSource(config, dir / "run1");
  auto t1 = std::chrono::steady_clock::now();
  size_t failed = 0;
  uint64_t bytes = 0;
  size_t got = Drain(*source, &failed, &bytes);
  auto t2 = std::chrono::steady_clock::now();
  source.reset();
  double setup_s = std::chrono::duration<double>(t1 - t0).count();
  double fetch_s = std::chrono::duration<double>(t2 - t1).count();
  std::printf(
      "throughput: %zu pages (%zu with errors, %.1f MB) in %.2f s with 64 connections: "
      "%.0f pages/s (target >= 2000); queueing %d URLs in the state took %.2f s\n",
      got, failed, static_cast<double>(bytes) / 1e6, fetch_s, got / fetch_s, pages, setup_s);

  // 2. Per-host delay: every gap between two requests to the host, as the server saw them.
  nlohmann::json durls = nlohmann::json::array();
  for (int i = 0; i < 30; ++i) durls.push_back(base + "/d/" + std::to_string(i));
  nlohmann::json dconfig = {{"urls", durls},
                            {"allow_hosts", {"127.0.0.1"}},
                            {"concurrency", 16},
                            {"per_host_concurrency", 4},
                            {"per_host_delay", std::to_string(delay_ms) + "ms"},
                            {"max_attempts", 1}};
  auto dsource = MakeSource(dconfig, dir / "run2");
  size_t dfailed = 0;
  uint64_t dbytes = 0;
  size_t dgot = Drain(*dsource, &dfailed, &dbytes);
  dsource.reset();
  long rss_kb = PeakRssKb();

  // The log holds the first run's robots.txt request, then the second run's robots.txt and
  // pages: every request of the second run to its one host.
  std::vector<int64_t> arrivals;
  {
    std::ifstream log(log_path);
    int64_t ns;
    std::string path;
    bool first = true;
    while (log >> ns >> path) {
      if (!first) arrivals.push_back(ns);
      first = false;
    }
  }
  std::sort(arrivals.begin(), arrivals.end());
  double min_gap = 1e18, sum_gap = 0;
  for (size_t i = 1; i < arrivals.size(); ++i) {
    double g = static_cast<double>(arrivals[i] - arrivals[i - 1]) / 1e6;
    min_gap = std::min(min_gap, g);
    sum_gap += g;
  }
  size_t gaps = arrivals.size() > 1 ? arrivals.size() - 1 : 0;
  std::printf(
      "per-host delay %d ms: %zu requests (%zu pages, %zu with errors); gaps at the "
      "server: min %.2f ms, mean %.2f ms -> %s\n",
      delay_ms, arrivals.size(), dgot, dfailed, gaps ? min_gap : 0.0,
      gaps ? sum_gap / static_cast<double>(gaps) : 0.0,
      gaps && min_gap >= delay_ms ? "never below the delay" : "BELOW THE DELAY");
  std::printf("fetcher peak RSS: %.1f MB (target <= 64 MB)\n", rss_kb / 1024.0);

  kill(server, SIGKILL);
  waitpid(server, nullptr, 0);
  std::filesystem::remove_all(dir);
  return 0;
}
