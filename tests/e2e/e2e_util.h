// Helpers for the end-to-end tests: run a built executable with a bounded wait and collect its
// output; read rows from a SQLite file. Test-only; not thread-safe.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace newspipe::e2e {

struct CommandResult {
  int exit_code = -1;  // -1: did not finish in time (then killed), or killed by a signal.
  std::string output;  // stdout and stderr, interleaved.
  bool timed_out = false;
};

// Runs `argv` (argv[0] an executable of NEWSPIPE_BIN_DIR, e.g. "newspipe") in `cwd`; kills it
// after `timeout`. While it runs, `on_tick` is called with the output so far about every 50 ms
// and whenever a line arrives.
CommandResult RunCommand(
    const std::vector<std::string>& argv, const std::filesystem::path& cwd,
    std::chrono::milliseconds timeout,
    const std::function<void(const std::string& output, pid_t pid)>& on_tick = {});

// The counts of `newspipe run --once`'s summary line ("pipeline demo: read 12, stored 12,
// filtered 0, failed 0, dead-lettered 0") under the keys read, stored, filtered, failed and
// dead; empty when the output has no such line.
std::map<std::string, long> RunSummary(const std::string& output);

std::string BinDir();
std::filesystem::path SharedDir();  // NEWSPIPE_SHARED or the compiled-in default.
std::filesystem::path MakeTempDir();

// Every row of `sql` as column-name -> text. Empty on error, which is a test failure unless
// `quiet` (for polling a store that is still being created).
std::vector<std::map<std::string, std::string>> Query(const std::filesystem::path& db,
                                                      const std::string& sql, bool quiet = false);

}  // namespace newspipe::e2e
