// Resuming after a stop: at the Source level (destroy and re-create) and with a real kill -9 of
// a process running the fetcher mid-feed. No page may be lost; pages already emitted are not
// fetched again (only requests in flight at the kill are made again).
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "fetch_test_util.h"

extern char** environ;

namespace newspipe {
namespace {
using namespace newspipe::testing;
using std::chrono::milliseconds;

class ResumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir("resume");
    auto& s = server_.server();
    s.Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    s.Get("/feed.xml", [this](const httplib::Request&, httplib::Response& res) {
      server_.Count("/feed.xml");
      std::string xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>";
      for (int i = 0; i < 200; ++i) {
        xml += "<item><link>" + server_.Url("/a/" + std::to_string(i)) + "</link></item>";
      }
      res.set_content(xml + "</channel></rss>", "application/rss+xml");
    });
    s.Get(R"(/a/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      server_.Hang(milliseconds(page_delay_ms_));  // a slow site, so a stop lands mid-feed.
      res.set_content("<p>Article " + std::string(req.matches[1]) + "</p>", "text/html");
    });
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  nlohmann::json Config() {
    auto c = LocalConfig();
    c["feeds"] = {server_.Url("/feed.xml")};
    c["per_host_concurrency"] = 2;
    return c;
  }

  TestServer server_;
  std::filesystem::path dir_;
  int page_delay_ms_ = 20;
};

TEST_F(ResumeTest, DestroyAndRecreateLosesNothingAndRepeatsNothing) {
  std::vector<v1::Document> first;
  {
    auto source = MakeSource(Config(), dir_, true);
    ASSERT_NE(source, nullptr);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (first.size() < 50 && std::chrono::steady_clock::now() < deadline) {
      ASSERT_TRUE(source->Next(first, 8).ok());
    }
    ASSERT_GE(first.size(), 50u);
  }  // a graceful stop: what was emitted is remembered, the rest stays queued.
  auto second = RunOnce(Config(), dir_);
  std::set<std::string> urls;
  for (const auto& d : first) EXPECT_TRUE(urls.insert(d.fetch().url()).second);
  for (const auto& d : second) EXPECT_TRUE(urls.insert(d.fetch().url()).second) << d.fetch().url();
  EXPECT_EQ(urls.size(), 200u);
  // Requests in flight at the stop were never emitted and are made again; nothing else is.
  int repeated = 0;
  for (const auto& [path, n] : server_.Counts()) {
    if (path.rfind("/a/", 0) == 0 && n > 1) ++repeated;
  }
  EXPECT_LE(repeated, 4);
}

TEST_F(ResumeTest, KillNineMidFeedThenRestart) {
  page_delay_ms_ = 30;
  const std::string runner = std::string(NEWSPIPE_BIN_DIR) + "/fetch_source_runner";
  ASSERT_TRUE(std::filesystem::exists(runner)) << runner;
  const std::string config = Config().dump();
  const std::string state = dir_.string();
  // One output file for both runs, like the runtime's outbox: what the killed run wrote there
  // is handed to the restarted source (OnResume).
  const std::string out = (dir_ / "out.txt").string();
  auto spawn = [&] {
    pid_t pid = 0;
    std::vector<std::string> args = {runner, config, state, out};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid, runner.c_str(), nullptr, nullptr, argv.data(), environ), 0);
    return pid;
  };
  auto read_urls = [&] {
    std::vector<std::string> urls;
    std::ifstream in(out);
    std::string line;
    while (std::getline(in, line)) urls.push_back(line.substr(line.find('\t') + 1));
    return urls;
  };

  pid_t first = spawn();
  ASSERT_TRUE(server_.WaitForTotal("/a/", 60, std::chrono::seconds(30)));
  ASSERT_EQ(::kill(first, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(first, &status, 0), first);
  ASSERT_TRUE(WIFSIGNALED(status));
  const std::vector<std::string> before = read_urls();
  EXPECT_GT(before.size(), 0u);
  EXPECT_LT(before.size(), 200u) << "the kill did not land mid-feed";

  pid_t second = spawn();
  // Bounded wait for the restarted run to finish.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  pid_t done = 0;
  while ((done = ::waitpid(second, &status, WNOHANG)) == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    server_.WaitForTotal("/never", 1, milliseconds(50));
  }
  if (done == 0) {
    ::kill(second, SIGKILL);
    ::waitpid(second, &status, 0);
    FAIL() << "the restarted fetcher did not finish";
  }
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::vector<std::string> all_lines = read_urls();
  ASSERT_GE(all_lines.size(), before.size());
  std::vector<std::string> after(all_lines.begin() + static_cast<ptrdiff_t>(before.size()),
                                 all_lines.end());

  std::set<std::string> all(before.begin(), before.end());
  all.insert(after.begin(), after.end());
  EXPECT_EQ(all.size(), 200u) << "pages were lost";
  std::set<std::string> first_set(before.begin(), before.end());
  int emitted_twice = 0;
  for (const auto& u : after) emitted_twice += first_set.count(u) ? 1 : 0;
  EXPECT_EQ(emitted_twice, 0);
  // Nothing emitted before the kill is requested again; only requests that were in flight (two
  // per host) or answered but not yet emitted at the kill are made once more.
  int fetched_twice = 0;
  for (const auto& [path, n] : server_.Counts()) {
    if (path.rfind("/a/", 0) != 0 || n < 2) continue;
    ++fetched_twice;
    EXPECT_EQ(first_set.count(server_.Url(path)), 0u) << path << " was emitted, then fetched again";
  }
  EXPECT_LE(fetched_twice, 4);
}

}  // namespace
}  // namespace newspipe
