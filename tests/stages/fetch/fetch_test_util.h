// Helpers for the fetch stage tests: a real HTTP server on 127.0.0.1 (cpp-httplib) that counts
// requests, a temporary directory, and running a fetch source to exhaustion.
#pragma once

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "runtime/spec.h"
#include "stages/fetch/fetch_stage.h"

namespace newspipe::testing {

// A cpp-httplib server on an ephemeral loopback port, serving on its own thread.
class TestServer {
 public:
  TestServer() {
    server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~TestServer() {
    Release();
    server_.stop();
    thread_.join();
  }
  httplib::Server& server() { return server_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }

  // Records a request to `path` (call from handlers).
  void Count(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    ++counts_[path];
    times_[path].push_back(std::chrono::steady_clock::now());
    cv_.notify_all();
  }
  int CountOf(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    return counts_[path];
  }
  std::map<std::string, int> Counts() {
    std::lock_guard<std::mutex> lock(mu_);
    return counts_;
  }
  std::vector<std::chrono::steady_clock::time_point> TimesOf(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    return times_[path];
  }
  int Total(const std::string& prefix) {
    std::lock_guard<std::mutex> lock(mu_);
    int n = 0;
    for (const auto& [p, c] : counts_) {
      if (p.rfind(prefix, 0) == 0) n += c;
    }
    return n;
  }
  // Waits until at least `n` requests under `prefix` arrived; false on timeout.
  bool WaitForTotal(const std::string& prefix, int n, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (Total(prefix) >= n) return true;
      std::unique_lock<std::mutex> lock(mu_);
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) return false;
    }
  }
  // Handlers that hang wait on this until the server is torn down (bounded).
  void Hang(std::chrono::milliseconds at_most) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, at_most, [this] { return released_; });
  }
  bool released() {
    std::lock_guard<std::mutex> lock(mu_);
    return released_;
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, int> counts_;
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> times_;
  bool released_ = false;
};

inline std::filesystem::path TempDir(const std::string& tag) {
  auto dir = std::filesystem::temp_directory_path() /
             ("np-fetch-" + tag + "-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Creates a fetch source from `config` (validated against the spec).
inline std::unique_ptr<Source> MakeSource(const nlohmann::json& config,
                                          const std::filesystem::path& state_dir, bool once) {
  StageSpec spec = FetchSpec();
  std::vector<ConfigError> errors;
  Config cfg = ValidateConfig(spec, config, &errors);
  for (const auto& e : errors) ADD_FAILURE() << e.path << ": " << e.message;
  StageContext ctx;
  ctx.stage_name = "fetch";
  ctx.stage_type = "fetch";
  ctx.state_dir = state_dir;
  ctx.once = once;
  auto inst = spec.create(cfg, ctx);
  if (!inst.ok()) {
    ADD_FAILURE() << inst.status().ToString();
    return nullptr;
  }
  return std::move(inst->source);
}

// Runs `source` until kExhausted or `timeout`; returns every document.
inline std::vector<v1::Document> Drain(
    Source& source, std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  std::vector<v1::Document> docs;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto state = source.Next(docs, 64);
    EXPECT_TRUE(state.ok()) << state.status().ToString();
    if (!state.ok() || *state == SourceState::kExhausted) return docs;
  }
  ADD_FAILURE() << "the source did not finish in time";
  return docs;
}

inline std::vector<v1::Document> RunOnce(const nlohmann::json& config,
                                         const std::filesystem::path& state_dir) {
  auto source = MakeSource(config, state_dir, true);
  if (!source) return {};
  return Drain(*source);
}

// A config for fetching from the test server quickly.
inline nlohmann::json LocalConfig() {
  return {{"allow_hosts", {"127.0.0.1"}}, {"per_host_delay", "0s"},
          {"per_host_concurrency", 8},    {"concurrency", 16},
          {"backoff_initial", "10ms"},    {"backoff_max", "100ms"},
          {"connect_timeout", "2s"},      {"timeout", "10s"}};
}

inline const v1::Error* FindError(const v1::Document& d, const std::string& code) {
  for (const auto& e : d.errors()) {
    if (e.code() == code) return &e;
  }
  return nullptr;
}

inline std::string ErrorCodes(const v1::Document& d) {
  std::string s;
  for (const auto& e : d.errors()) s += e.code() + ":" + e.message() + " ";
  return s;
}

}  // namespace newspipe::testing
