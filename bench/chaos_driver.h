// The chaos run: a real `newspipe run --once` (fetch -> clean -> extract -> store, one process per
// stage under the supervisor) over generated pages, with stage processes killed (SIGKILL) at
// random while it runs; then every input is looked up in the store and in the dead-letter queue.
// Used by the bounded test (tests/e2e/chaos_test.cc) and the soak (bench/chaos_bench.cc).
//
// Kills are spread over the run by progress: kill i of n is due once (i + 1) / (n + 2) of the
// documents are stored, its victim (a stage, round-robin over a seeded shuffle) is killed as
// soon as a process of it is running that was not killed yet. Pids come from the supervisor's
// own log ("started clean.0 (pid 123)"), and a kill counts once the supervisor reported it
// ("clean.0 (pid 123) killed by signal 9"). Header-only so that both programs can use it;
// single-threaded.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "runtime/process.h"

namespace newspipe::chaos {

inline const std::vector<std::string> kStages = {"fetch", "clean", "extract", "store"};

struct ChaosOptions {
  std::filesystem::path work_dir;  // exists; pages, pipeline and state go here.
  std::string bin_dir;             // holds `newspipe` and the stage executables.
  int docs = 20'000;
  int kills = 24;  // spread evenly over the stages (the shuffle decides the order).
  uint64_t seed = 1;
  std::chrono::milliseconds timeout{600'000};
  std::string ack_timeout = "2s";
  int max_attempts = 8;
  std::function<void(const std::string&)> progress;  // optional: one line now and then.
};

struct ChaosFigures {
  int in = 0;             // documents generated.
  int stored = 0;         // inputs with exactly one row in the store.
  int dead_lettered = 0;  // inputs in the dead-letter queue (and not stored).
  int lost = 0;           // neither stored nor dead-lettered.
  int twice = 0;          // inputs with more than one row in the store.
  int both = 0;           // stored and also in the dead-letter queue.
  int rewritten = 0;      // rows whose revision went above 1 (a resend changed the content).
  int rows = 0;           // rows in the store.
  std::map<std::string, int> kills;  // stage -> confirmed SIGKILLs.
  int total_kills = 0;
  int exit_code = -1;
  bool timed_out = false;
  double seconds = 0;
  std::vector<std::string> examples;      // a few lost / twice inputs, for the failure message.
  std::vector<std::string> dead_reasons;  // a few dead-letter reasons.
  std::string output_tail;                // the last lines of the run's output.

  std::string ToString() const {
    std::string k;
    for (const auto& [stage, n] : kills) {
      k += (k.empty() ? "" : ", ") + stage + " " + std::to_string(n);
    }
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.1f", seconds);
    return "in " + std::to_string(in) + ", stored " + std::to_string(stored) + ", dead-lettered " +
           std::to_string(dead_lettered) + ", lost " + std::to_string(lost) + ", twice " +
           std::to_string(twice) + ", stored+dead " + std::to_string(both) + ", kills " +
           std::to_string(total_kills) + " (" + k + "), revisions>1 " + std::to_string(rewritten) +
           ", run " + secs + "s";
  }
};

namespace detail {

inline std::string Page(int n) {
  static const char* const kWords[] = {"harbour", "council", "budget", "river",  "school",
                                       "bridge",  "market",  "rail",   "museum", "festival"};
  const char* a = kWords[n % 10];
  const char* b = kWords[(n / 10) % 10];
  const char* c = kWords[(n / 100) % 10];
  const std::string num = std::to_string(n);
  return "<html><head><title>The " + std::string(a) + " report " + num +
         "</title></head><body><nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>"
         "The " +
         a + " report " + num + "</h1><p>The " + a + " office published report " + num +
         " on Monday, covering the " + b + " and the " + c +
         " in detail, as it has done every week since it opened.</p><p>Officials said the " + b +
         " plan for report " + num + " was on time and that the " + c +
         " would reopen soon.</p></article><footer>Copyright the " + c +
         " gazette</footer></body></html>\n";
}

inline int CountRows(const std::filesystem::path& db) {
  if (!std::filesystem::exists(db)) return 0;
  sqlite3* h = nullptr;
  int n = 0;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(h, 200);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, "SELECT count(*) FROM documents", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      n = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return n;
}

// Rows of a two-column query as (text, int).
inline std::vector<std::pair<std::string, int64_t>> Pairs(const std::filesystem::path& db,
                                                          const char* sql) {
  std::vector<std::pair<std::string, int64_t>> out;
  if (!std::filesystem::exists(db)) return out;
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(h, 5000);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char* t = sqlite3_column_text(st, 0);
        out.emplace_back(t ? reinterpret_cast<const char*>(t) : "", sqlite3_column_int64(st, 1));
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return out;
}

// "started clean.0 (pid 123)" -> {"clean.0", 123}.
inline std::optional<std::pair<std::string, pid_t>> Started(const std::string& line) {
  const std::string key = "newspipe: started ";
  const size_t at = line.find(key);
  if (at == std::string::npos) return std::nullopt;
  const size_t label_end = line.find(" (pid ", at + key.size());
  if (label_end == std::string::npos) return std::nullopt;
  return std::make_pair(line.substr(at + key.size(), label_end - at - key.size()),
                        static_cast<pid_t>(std::atol(line.c_str() + label_end + 6)));
}

}  // namespace detail

inline ChaosFigures RunChaos(const ChaosOptions& opt) {
  namespace fs = std::filesystem;
  using Clock = std::chrono::steady_clock;
  ChaosFigures f;
  f.in = opt.docs;
  const fs::path pages = opt.work_dir / "pages";
  const fs::path state = opt.work_dir / "state";
  std::set<std::string> inputs;
  for (int i = 0; i < opt.docs; ++i) {
    const fs::path dir = pages / ("site-" + std::to_string(i % 16));
    if (i < 16) fs::create_directories(dir);
    const fs::path file = dir / ("page-" + std::to_string(i) + ".html");
    std::ofstream(file) << detail::Page(i);
    inputs.insert(fs::absolute(file).lexically_normal().string());
  }
  const fs::path yaml = opt.work_dir / "chaos.yaml";
  std::ofstream(yaml) << "pipeline: chaos\nstate_dir: " << state.string()
                      << "\nsupervisor:\n  restart_initial: 50ms\n  restart_max: 500ms\n"
                         "  crash_loop_restarts: 100000\n  crash_loop_window: 60s\n"
                         "  heartbeat_interval: 250ms\n  hung_after: 60s\n"
                         "delivery:\n  ack_timeout: "
                      << opt.ack_timeout << "\n  max_attempts: " << opt.max_attempts
                      << "\n  window: 1000\nstages:\n  - type: fetch\n    config:\n      dirs: [\""
                      << pages.string()
                      << "\"]\n  - type: clean\n  - type: extract\n  - type: store\n"
                         "    config:\n      path: news.db\n      batch_delay: 50ms\n";

  // The victims: each stage equally often, in a seeded random order.
  std::vector<std::string> plan;
  for (int i = 0; i < opt.kills; ++i) plan.push_back(kStages[i % kStages.size()]);
  std::mt19937_64 rng(opt.seed);
  std::shuffle(plan.begin(), plan.end(), rng);

  const fs::path db = state / "news.db";
  const auto start = Clock::now();
  auto child = StartProcess({opt.bin_dir + "/newspipe", "run", yaml.string(), "--once"});
  if (!child.ok()) {
    f.output_tail = child.status().message();
    return f;
  }
  std::map<std::string, pid_t> running;  // label -> pid of its current process.
  std::set<pid_t> killed;                // pids we sent SIGKILL.
  std::map<pid_t, std::string> stage_of;
  std::vector<std::string> tail;
  std::string buffer;
  size_t next_kill = 0;
  auto next_count = Clock::now();
  auto next_progress = Clock::now() + std::chrono::seconds(10);
  int rows_seen = 0;
  std::optional<int> status;
  while (true) {
    if (child->output_fd() >= 0) {
      pollfd pfd{child->output_fd(), POLLIN, 0};
      ::poll(&pfd, 1, 50);
      std::vector<std::string> lines;
      const bool open = ReadLines(child->output_fd(), &buffer, &lines);
      for (auto& line : lines) {
        if (auto s = detail::Started(line)) {
          running[s->first] = s->second;
          stage_of[s->second] = s->first.substr(0, s->first.find('.'));
        }
        // "clean.0 (pid 123) killed by signal 9"
        const size_t k = line.find(") killed by signal 9");
        if (k != std::string::npos) {
          const size_t p = line.rfind("(pid ", k);
          if (p != std::string::npos) {
            const pid_t pid = static_cast<pid_t>(std::atol(line.c_str() + p + 5));
            if (killed.count(pid) != 0) {
              ++f.kills[stage_of[pid]];
              ++f.total_kills;
            }
          }
        }
        tail.push_back(std::move(line));
        if (tail.size() > 200) tail.erase(tail.begin(), tail.begin() + 100);
      }
      if (!open) child->CloseOutput();
    } else {
      ::poll(nullptr, 0, 20);
    }
    const auto now = Clock::now();
    if (!status && next_kill < plan.size() && now >= next_count) {
      next_count = now + std::chrono::milliseconds(100);
      rows_seen = detail::CountRows(db);
      const int64_t due_at = static_cast<int64_t>(opt.docs) * static_cast<int64_t>(next_kill + 1) /
                             static_cast<int64_t>(plan.size() + 2);
      if (rows_seen >= due_at) {
        const std::string label = plan[next_kill] + ".0";
        auto it = running.find(label);
        if (it != running.end() && killed.count(it->second) == 0 &&
            ::kill(it->second, SIGKILL) == 0) {
          killed.insert(it->second);
          ++next_kill;
        }
      }
    }
    if (opt.progress && now >= next_progress) {
      next_progress = now + std::chrono::seconds(10);
      opt.progress("chaos: " + std::to_string(rows_seen) + " stored, " + std::to_string(next_kill) +
                   " kills sent");
    }
    if (!status) status = child->TryWait();
    if (status && child->output_fd() < 0) break;
    if (now - start > opt.timeout) {
      f.timed_out = true;
      if (!status) {
        child->Signal(SIGTERM);  // the supervisor takes its stages down.
        const auto grace = Clock::now() + std::chrono::seconds(20);
        while (!(status = child->TryWait()) && Clock::now() < grace) ::poll(nullptr, 0, 20);
        if (!status) {
          child->Signal(SIGKILL);
          while (!(status = child->TryWait())) ::poll(nullptr, 0, 20);
        }
      }
      break;
    }
  }
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (status && WIFEXITED(*status)) f.exit_code = WEXITSTATUS(*status);
  for (auto& line : tail) f.output_tail += line + "\n";

  // Every input: stored once, or dead-lettered, or lost.
  std::map<std::string, int64_t> rows;
  for (auto& [path, n] : detail::Pairs(db, "SELECT path, count(*) FROM documents GROUP BY path")) {
    rows[path] = n;
    f.rows += static_cast<int>(n);
  }
  for (auto& [rev, n] :
       detail::Pairs(db, "SELECT 'r', count(*) FROM documents WHERE revision > 1")) {
    f.rewritten = static_cast<int>(n);
  }
  std::set<std::string> dead;
  for (auto& [url, n] : detail::Pairs(state / "dlq.db", "SELECT url, 0 FROM dead_letters")) {
    dead.insert(url.rfind("file://", 0) == 0 ? url.substr(7) : url);
  }
  for (auto& [reason, n] : detail::Pairs(state / "dlq.db",
                                         "SELECT stage || ': ' || error, 0 FROM dead_letters "
                                         "LIMIT 5")) {
    f.dead_reasons.push_back(reason);
  }
  for (const std::string& input : inputs) {
    auto it = rows.find(input);
    const int64_t n = it == rows.end() ? 0 : it->second;
    const bool is_dead = dead.count(input) != 0;
    if (n == 1) ++f.stored;
    if (n > 1) ++f.twice;
    if (n == 0 && is_dead) ++f.dead_lettered;
    if (n >= 1 && is_dead) ++f.both;
    if (n == 0 && !is_dead) ++f.lost;
    if ((n > 1 || (n == 0 && !is_dead)) && f.examples.size() < 5) {
      f.examples.push_back(input + " (rows " + std::to_string(n) + ")");
    }
  }
  return f;
}

}  // namespace newspipe::chaos
