// Forced crashes on the delivery path, end to end (`newspipe run --once`, real stage processes,
// the real SQLite store): crash points around the source's outbox sync and the store's commit
// (runtime/crash_points.h), and a poison document that kills the clean stage every time.
#include <stdlib.h>

#include <fstream>
#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/e2e/e2e_util.h"

namespace newspipe::e2e {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

constexpr milliseconds kRunTimeout{240'000};

// Sets environment variables for the scope (the supervisor's children inherit them).
class ScopedEnv {
 public:
  void Set(const std::string& name, const std::string& value) {
    ::setenv(name.c_str(), value.c_str(), 1);
    names_.push_back(name);
  }
  ~ScopedEnv() {
    for (const auto& n : names_) ::unsetenv(n.c_str());
  }

 private:
  std::vector<std::string> names_;
};

class DeliveryFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ASSERT_FALSE(dir_.empty());
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  // `n` pages in two site folders; returns their absolute paths.
  std::vector<std::string> WritePages(int n) {
    std::vector<std::string> paths;
    for (int i = 0; i < n; ++i) {
      const auto site = dir_ / "pages" / ("site-" + std::to_string(i % 2));
      std::filesystem::create_directories(site);
      const auto file = site / ("page-" + std::to_string(i) + ".html");
      std::ofstream(file) << "<html><head><title>Notice " << i << "</title></head><body><article>"
                          << "<h1>Notice " << i << "</h1><p>The town hall posted notice " << i
                          << " about the road works on the east side, which start next week "
                          << "and last a month.</p></article></body></html>\n";
      paths.push_back(file.string());
    }
    return paths;
  }

  std::filesystem::path WritePipeline(const std::string& delivery = "",
                                      const std::string& supervisor = "") {
    const auto file = dir_ / "pipeline.yaml";
    std::ofstream(file) << "pipeline: faults\nstate_dir: " << (dir_ / "state").string()
                        << "\nsupervisor:\n  restart_initial: 50ms\n  restart_max: 500ms\n"
                        << supervisor << "delivery:\n  ack_timeout: 1s\n  max_attempts: 10\n"
                        << delivery << "stages:\n  - type: fetch\n    config:\n      dirs: [\""
                        << (dir_ / "pages").string()
                        << "\"]\n  - type: clean\n  - type: extract\n  - type: store\n"
                           "    config:\n      path: news.db\n      batch_size: 20\n"
                           "      batch_delay: 50ms\n";
    return file;
  }

  // path -> rows in the store.
  std::map<std::string, int> RowsByPath() {
    std::map<std::string, int> out;
    for (auto& row : Query(dir_ / "state" / "news.db",
                           "SELECT path, count(*) AS n FROM documents GROUP BY path")) {
      out[row["path"]] = std::stoi(row["n"]);
    }
    return out;
  }

  size_t DeadLetters() {
    if (!std::filesystem::exists(dir_ / "state" / "dlq.db")) return 0;
    auto rows = Query(dir_ / "state" / "dlq.db", "SELECT count(*) AS n FROM dead_letters");
    return rows.empty() ? 0 : std::stoul(rows[0]["n"]);
  }

  std::filesystem::path dir_;
};

int Count(const std::string& text, const std::regex& re) {
  return static_cast<int>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

class CrashPointTest : public DeliveryFaultsTest,
                       public ::testing::WithParamInterface<std::string> {};

TEST_P(CrashPointTest, EverySyncedDocumentIsStoredExactlyOnce) {
  const std::string point = GetParam();
  const auto pages = WritePages(300);
  const auto marks = dir_ / "marks";
  std::filesystem::create_directories(marks);
  const auto pipeline = WritePipeline();
  CommandResult run;
  {
    ScopedEnv env;
    // The second time the point is reached: something is synced (committed) already.
    env.Set("NEWSPIPE_CRASH_AT", point + ":2");
    env.Set("NEWSPIPE_CRASH_ONCE", marks.string());
    run = RunCommand({"newspipe", "run", pipeline.string(), "--once"}, dir_, kRunTimeout);
  }
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_TRUE(std::filesystem::exists(marks / ("crashed-" + point)))
      << point << " was never reached\n"
      << run.output;
  EXPECT_EQ(Count(run.output, std::regex(R"(\(pid \d+\) killed by signal 9)")), 1) << run.output;
  const std::string stage = point.rfind("outbox", 0) == 0 ? "fetch.0" : "store.0";
  EXPECT_THAT(run.output, HasSubstr("restarting " + stage));
  auto rows = RowsByPath();
  for (const auto& p : pages) {
    EXPECT_EQ(rows[p], 1) << p;
  }
  EXPECT_EQ(rows.size(), pages.size());
  EXPECT_EQ(DeadLetters(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Points, CrashPointTest,
                         ::testing::Values("outbox_before_sync", "outbox_after_sync",
                                           "store_before_commit", "store_after_commit"));

TEST_F(DeliveryFaultsTest, APoisonDocumentIsDeadLetteredAfterMaxCrashesThenReplayedAfterAFix) {
  const auto pages = WritePages(60);
  const std::string poison = pages[7];
  const auto pipeline = WritePipeline("  max_crashes: 3\n", "  crash_loop_restarts: 20\n");
  CommandResult run;
  {
    ScopedEnv env;
    env.Set("NEWSPIPE_CRASH_ON_DOC", "clean:/page-7.html");
    run = RunCommand({"newspipe", "run", pipeline.string(), "--once"}, dir_, kRunTimeout);
  }
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // Exactly max_crashes deaths, each while holding the poison document; then no more.
  EXPECT_EQ(
      Count(run.output,
            std::regex(
                R"(clean\.0 \(pid \d+\) killed by signal 9 \(Killed\) while working on document)")),
      3)
      << run.output;
  EXPECT_THAT(run.output, HasSubstr("has killed stage clean 3 times: it will be dead-lettered"));
  auto rows = RowsByPath();
  for (const auto& p : pages) EXPECT_EQ(rows[p], p == poison ? 0 : 1) << p;
  auto letters = Query(dir_ / "state" / "dlq.db", "SELECT url, stage, error FROM dead_letters");
  ASSERT_EQ(letters.size(), 1u) << run.output;
  EXPECT_THAT(letters[0]["url"], HasSubstr("page-7.html"));
  EXPECT_EQ(letters[0]["stage"], "clean");
  EXPECT_THAT(letters[0]["error"], HasSubstr("crashed stage clean 3 times"));
  EXPECT_THAT(letters[0]["error"], HasSubstr("killed by signal 9"));

  // The stage is fixed (no more forced crash): a replay stores it, once.
  auto replay = RunCommand({"newspipe", "dlq", "replay", pipeline.string()}, dir_, kRunTimeout);
  ASSERT_EQ(replay.exit_code, 0) << replay.output;
  EXPECT_THAT(replay.output, HasSubstr("replayed 1 dead letter(s)"));
  auto again = RunCommand({"newspipe", "run", pipeline.string(), "--once"}, dir_, kRunTimeout);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  rows = RowsByPath();
  for (const auto& p : pages) EXPECT_EQ(rows[p], 1) << p;
  EXPECT_EQ(DeadLetters(), 0u);
}

}  // namespace
}  // namespace newspipe::e2e
