// pipelines/feed.yaml end to end: `newspipe run pipelines/feed.yaml --once` against a feed on a
// real HTTP server on 127.0.0.1, with the real stage processes. The feed's articles are stored;
// a section front and a tag page listed in it are counted as filtered, not stored; a second run
// fetches nothing again.
#include <stdlib.h>

#include <regex>

#include <gtest/gtest.h>

#include "fetch_test_util.h"
#include "tests/e2e/e2e_util.h"

namespace newspipe {
namespace {
using namespace newspipe::testing;
using std::chrono::milliseconds;

constexpr int kArticles = 12;

// "pipeline feed: read 14, stored 12, filtered 2, ..." -> the numbers.
std::map<std::string, long> Summary(const std::string& output) {
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
};

TEST_F(FeedPipelineTest, StoresTheArticlesCountsFrontsAndTagPagesAsFilteredThenDrains) {
  auto run = Run();
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto summary = Summary(run.output);
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
  auto second = Summary(again.output);
  EXPECT_EQ(second["read"], 0) << again.output;
  EXPECT_EQ(server_.CountOf("/rss.xml"), 2);
  EXPECT_EQ(server_.Total("/news/"), kArticles);
  EXPECT_EQ(server_.CountOf("/world/"), 1);
  EXPECT_EQ(server_.CountOf("/tag/elections"), 1);
}

}  // namespace
}  // namespace newspipe
