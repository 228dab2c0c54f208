#include "tests/e2e/e2e_util.h"

#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <regex>

#include "runtime/process.h"

namespace newspipe::e2e {

std::map<std::string, long> RunSummary(const std::string& output) {
  std::map<std::string, long> out;
  static const std::regex kLine(
      R"(pipeline \S+: read (\d+), stored (\d+), filtered (\d+), failed (\d+), dead-lettered (\d+))");
  std::smatch m;
  if (std::regex_search(output, m, kLine)) {
    out["read"] = std::stol(m[1]);
    out["stored"] = std::stol(m[2]);
    out["filtered"] = std::stol(m[3]);
    out["failed"] = std::stol(m[4]);
    out["dead"] = std::stol(m[5]);
  }
  return out;
}

std::string BinDir() {
  const char* env = std::getenv("NEWSPIPE_BIN_DIR");
  return env != nullptr && *env ? env : NEWSPIPE_BIN_DIR;
}

std::filesystem::path SharedDir() {
  const char* env = std::getenv("NEWSPIPE_SHARED");
  return env != nullptr && *env ? env : NEWSPIPE_SHARED_DIR;
}

std::filesystem::path MakeTempDir() {
  char tmpl[] = "/tmp/np-e2e-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) return {};
  return tmpl;
}

CommandResult RunCommand(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                         std::chrono::milliseconds timeout,
                         const std::function<void(const std::string&, pid_t)>& on_tick) {
  CommandResult result;
  std::vector<std::string> args = argv;
  if (args[0].find('/') == std::string::npos) args[0] = BinDir() + "/" + args[0];
  const auto old_cwd = std::filesystem::current_path();
  std::filesystem::current_path(cwd);
  auto child = StartProcess(args);
  std::filesystem::current_path(old_cwd);
  if (!child.ok()) {
    result.output = child.status().message();
    return result;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string buffer;
  std::optional<int> status;
  while (true) {
    if (child->output_fd() >= 0) {
      pollfd pfd{child->output_fd(), POLLIN, 0};
      ::poll(&pfd, 1, 50);
      std::vector<std::string> lines;
      const bool open = ReadLines(child->output_fd(), &buffer, &lines);
      for (const auto& line : lines) result.output += line + "\n";
      if (!open) child->CloseOutput();
    } else {
      ::poll(nullptr, 0, 20);
    }
    if (on_tick && child->pid() > 0) on_tick(result.output, child->pid());
    if (!status) status = child->TryWait();
    if (status && child->output_fd() < 0) break;
    if (std::chrono::steady_clock::now() > deadline) {
      result.timed_out = true;
      if (!status) {
        child->Signal(SIGKILL);
        while (!(status = child->TryWait())) ::poll(nullptr, 0, 10);
      }
      break;
    }
  }
  if (status && WIFEXITED(*status)) result.exit_code = WEXITSTATUS(*status);
  return result;
}

std::vector<std::map<std::string, std::string>> Query(const std::filesystem::path& db,
                                                      const std::string& sql, bool quiet) {
  std::vector<std::map<std::string, std::string>> rows;
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    if (!quiet) ADD_FAILURE() << "cannot open " << db << ": " << sqlite3_errmsg(handle);
    sqlite3_close(handle);
    return rows;
  }
  sqlite3_busy_timeout(handle, 2000);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    if (!quiet) ADD_FAILURE() << sql << ": " << sqlite3_errmsg(handle);
    sqlite3_close(handle);
    return rows;
  }
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::map<std::string, std::string> row;
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      const unsigned char* text = sqlite3_column_text(stmt, c);
      row[sqlite3_column_name(stmt, c)] = text ? reinterpret_cast<const char*>(text) : "";
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return rows;
}

}  // namespace newspipe::e2e
