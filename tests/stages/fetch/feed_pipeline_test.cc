// pipelines/feed.yaml end to end: `newspipe run pipelines/feed.yaml --once` against a feed on a
// real HTTP server on 127.0.0.1, with the real stage processes. The feed's articles are stored;
// a section front and a tag page listed in it are counted as filtered, not stored; a second run
// fetches nothing again.
#include <signal.h>
#include <stdlib.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "fetch_test_util.h"
#include "tests/e2e/e2e_util.h"

namespace newspipe {
namespace {
using namespace newspipe::testing;
using std::chrono::milliseconds;

constexpr int kArticles = 12;

class FeedPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = e2e::MakeTempDir();  // short: socket paths live under it.
    ASSERT_FALSE(dir_.empty());
    auto& s = server_.server();
    s.Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    s.Get("/rss.xml", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      std::string xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title>";
      for (int i = 0; i < kArticles; ++i) {
        xml += "<item><title>Story " + std::to_string(i) + "</title><link>" +
               server_.Url("/news/2026/11/story-number-" + std::to_string(i) + ".html") +
               "</link></item>";
      }
      xml += "<item><link>" + server_.Url("/world/") + "</link></item>";
      xml += "<item><link>" + server_.Url("/tag/elections") + "</link></item>";
      res.set_content(xml + "</channel></rss>", "application/rss+xml");
    });
    s.Get(R"(/news/2026/11/story-number-(\d+)\.html)",
          [this](const httplib::Request& req, httplib::Response& res) {
            server_.Count(req.path);
            if (page_delay_ms_ > 0) server_.Hang(milliseconds(page_delay_ms_));
            std::string n = req.matches[1];
            std::string body =
                "<!doctype html><html><head><meta charset=\"utf-8\">"
                "<title>Story " +
                n +
                "</title><meta property=\"og:type\" content=\"article\">"
                "<meta property=\"article:published_time\" content=\"2026-11-2" +
                std::to_string(std::stoi(n) % 9) + "T08:00:00Z\"></head><body><article><h1>Story " +
                n + "</h1>";
            for (int p = 0; p < 6; ++p) {
              body += "<p>Paragraph " + std::to_string(p) + " of story " + n +
                      ": the council met on Tuesday and agreed, after a long debate about the "
                      "budget, to repair the old bridge before the winter comes.</p>";
            }
            res.set_content(body + "</article></body></html>", "text/html; charset=utf-8");
          });
    s.Get("/world/", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_content(
          "<html><head><meta property=\"og:type\" content=\"website\"><title>World</title>"
          "</head><body><h1>World</h1><ul><li><a href=\"/news/2026/11/story-number-1.html\">"
          "Story 1</a></li></ul></body></html>",
          "text/html");
    });
    s.Get(R"(/tag/(\w+))", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_content("<html><body><h1>Elections</h1><p>All stories.</p></body></html>",
                      "text/html");
    });
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  e2e::CommandResult Run() {
    ::setenv("NEWSPIPE_FEED_URL", server_.Url("/rss.xml").c_str(), 1);
    ::setenv("NEWSPIPE_STATE", (dir_ / "state").c_str(), 1);
    ::setenv("NEWSPIPE_ALLOW_HOSTS", "127.0.0.1", 1);
    auto run = e2e::RunCommand({"newspipe", "run", "pipelines/feed.yaml", "--once"},
                               NEWSPIPE_SOURCE_DIR, milliseconds(180'000));
    ::unsetenv("NEWSPIPE_FEED_URL");
    ::unsetenv("NEWSPIPE_STATE");
    ::unsetenv("NEWSPIPE_ALLOW_HOSTS");
    return run;
  }

  TestServer server_;
  std::filesystem::path dir_;
  int page_delay_ms_ = 0;  // a slow site, so that a kill lands mid-feed.
};

TEST_F(FeedPipelineTest, StoresTheArticlesCountsFrontsAndTagPagesAsFilteredThenDrains) {
  auto run = Run();
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto summary = e2e::RunSummary(run.output);
  ASSERT_FALSE(summary.empty()) << run.output;
  EXPECT_EQ(summary["read"], kArticles + 2) << run.output;
  EXPECT_EQ(summary["stored"], kArticles) << run.output;
  EXPECT_EQ(summary["filtered"], 2) << run.output;
  EXPECT_EQ(summary["failed"], 0) << run.output;
  EXPECT_EQ(summary["dead"], 0) << run.output;
  const auto db = dir_ / "state" / "news.db";
  auto rows = e2e::Query(db, "SELECT count(*) AS n FROM documents");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["n"], std::to_string(kArticles));
  auto listed = e2e::Query(db,
                           "SELECT count(*) AS n FROM documents WHERE url LIKE '%/world/%' OR "
                           "url LIKE '%/tag/%'");
  EXPECT_EQ(listed[0]["n"], "0");
  EXPECT_EQ(server_.CountOf("/world/"), 1);
  EXPECT_EQ(server_.CountOf("/tag/elections"), 1);

  // Again: the feed is polled, nothing is fetched twice, nothing new is stored.
  auto again = Run();
  ASSERT_EQ(again.exit_code, 0) << again.output;
  auto second = e2e::RunSummary(again.output);
  EXPECT_EQ(second["read"], 0) << again.output;
  EXPECT_EQ(server_.CountOf("/rss.xml"), 2);
  EXPECT_EQ(server_.Total("/news/"), kArticles);
  EXPECT_EQ(server_.CountOf("/world/"), 1);
  EXPECT_EQ(server_.CountOf("/tag/elections"), 1);
}

// The fetch stage run on its own (`newspipe-fetch --once --out FILE`): the articles are written,
// the front and the tag page are counted as filtered in its summary, none written.
TEST_F(FeedPipelineTest, StandaloneFetchCountsDroppedPagesInItsSummary) {
  const auto out = dir_ / "fetched.pb";
  const std::string config = "{\"feeds\": [\"" + server_.Url("/rss.xml") +
                             "\"], \"allow_hosts\": \"127.0.0.1\", \"per_host_delay\": \"0s\"}";
  auto run = e2e::RunCommand({"newspipe-fetch", "--once", "--state-dir", (dir_ / "state").string(),
                              "--config-json", config, "--out", out.string()},
                             dir_, milliseconds(120'000));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("emitted " + std::to_string(kArticles) + " document(s), filtered 2"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(server_.CountOf("/world/"), 1);
  EXPECT_EQ(server_.CountOf("/tag/elections"), 1);
  EXPECT_GT(std::filesystem::file_size(out), 0u);
}

// The pid of a child of `parent` whose command name is `comm`, or 0.
pid_t ChildNamed(pid_t parent, const std::string& comm) {
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    std::ifstream in(e.path() / "stat");
    std::string line;
    if (!std::getline(in, line)) continue;
    // pid (comm) state ppid ...
    size_t open = line.find('('), close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    long ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent && line.substr(open + 1, close - open - 1) == comm) {
      return static_cast<pid_t>(std::stol(line));
    }
  }
  return 0;
}

// kill -9 of the real fetch process mid-feed under the supervisor: it is restarted, every
// article is stored, and no article stored before the kill is requested again.
TEST_F(FeedPipelineTest, KillNineOfTheFetcherMidFeedLosesNothingAndRefetchesNothingStored) {
  constexpr int kMany = 120;
  page_delay_ms_ = 30;
  server_.server().Get("/many.xml", [this](const httplib::Request& req, httplib::Response& res) {
    server_.Count(req.path);
    std::string xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>N</title>";
    for (int i = 0; i < kMany; ++i) {
      xml += "<item><link>" +
             server_.Url("/news/2026/11/story-number-" + std::to_string(i) + ".html") +
             "</link></item>";
    }
    res.set_content(xml + "</channel></rss>", "application/rss+xml");
  });
  const auto state = dir_ / "state";
  const auto yaml = dir_ / "kill.yaml";
  std::ofstream(yaml) << "pipeline: kill\nstate_dir: " << state.string()
                      << "\nstages:\n  - type: fetch\n    config:\n      feeds: [\""
                      << server_.Url("/many.xml")
                      << "\"]\n      allow_hosts: [127.0.0.1]\n      per_host_delay: 0s\n"
                         "      per_host_concurrency: 2\n  - type: clean\n  - type: extract\n"
                         "  - type: store\n    config:\n      path: news.db\n"
                         "      batch_delay: 20ms\n";
  pid_t killed = 0;
  std::set<std::string> stored_before;
  auto run = e2e::RunCommand(
      {"newspipe", "run", yaml.string(), "--once"}, dir_, milliseconds(180'000),
      [&](const std::string&, pid_t pid) {
        if (killed != 0 || server_.Total("/news/") < 40) return;
        pid_t fetch = ChildNamed(pid, "newspipe-fetch");
        if (fetch == 0) return;
        for (auto& row : e2e::Query(state / "news.db", "SELECT url FROM documents", true)) {
          stored_before.insert(row["url"]);
        }
        ::kill(fetch, SIGKILL);
        killed = fetch;
      });
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_NE(killed, 0) << "the fetcher was not killed mid-feed\n" << run.output;
  EXPECT_NE(run.output.find("restarts"), std::string::npos) << run.output;
  auto rows = e2e::Query(state / "news.db", "SELECT count(*) AS n FROM documents");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["n"], std::to_string(kMany)) << "articles were lost\n" << run.output;
  EXPECT_LT(stored_before.size(), static_cast<size_t>(kMany)) << "the kill came too late";
  int again = 0;
  for (int i = 0; i < kMany; ++i) {
    const std::string path = "/news/2026/11/story-number-" + std::to_string(i) + ".html";
    const int n = server_.CountOf(path);
    EXPECT_GE(n, 1) << path;
    if (n > 1) ++again;
    if (stored_before.count(server_.Url(path))) {
      EXPECT_EQ(n, 1) << path << " was stored before the kill and fetched again";
    }
  }
  // Only requests in flight, or answered and not yet in the outbox, at the kill are made again.
  EXPECT_LE(again, 6);
  std::printf("stored before the kill: %zu of %d; requested again after it: %d\n",
              stored_before.size(), kMany, again);
  for (const char* what : {"resuming", "not fetched again", "from an earlier run"}) {
    size_t at = run.output.find(what);
    if (at == std::string::npos) continue;
    size_t from = run.output.rfind('\n', at);
    size_t to = run.output.find('\n', at);
    std::printf("  %s\n", run.output.substr(from + 1, to - from - 1).c_str());
  }
}

}  // namespace
}  // namespace newspipe
