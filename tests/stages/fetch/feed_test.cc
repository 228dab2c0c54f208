// Feeds and sitemaps from a real HTTP server on 127.0.0.1, and the parsers on their own.
#include <zlib.h>

#include <atomic>
#include <functional>
#include <set>

#include <gtest/gtest.h>

#include "fetch_test_util.h"
#include "stages/fetch/feed_parser.h"

namespace newspipe {
namespace {
using namespace newspipe::testing;

std::string Gzip(const std::string& in) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, in.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string Rss(const TestServer& server, int items) {
  std::string xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>";
  for (int i = 0; i < items; ++i) {
    xml += "<item><title>Item " + std::to_string(i) + "</title><link>" +
           server.Url("/a/" + std::to_string(i)) + "?utm_source=rss</link></item>";
  }
  return xml + "</channel></rss>";
}

class FeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir("feed");
    auto& s = server_.server();
    s.Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    s.Get("/feed.xml", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count("/feed.xml");
      if (req.get_header_value("If-None-Match") == "\"v1\"") {
        server_.Count("/feed.xml:304");
        res.status = 304;
        return;
      }
      res.set_header("ETag", "\"v1\"");
      res.set_content(Rss(server_, 200), "application/rss+xml");
    });
    s.Get(R"(/a/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_content(
          "<html><head><meta property=\"og:type\" content=\"article\"></head><body>"
          "<p>Article " +
              std::string(req.matches[1]) + "</p></body></html>",
          "text/html");
    });
    s.Get("/", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_content(
          "<html><head><meta property=\"og:type\" content=\"website\"></head>"
          "<body><p>Front</p></body></html>",
          "text/html");
    });
    s.Get("/world/", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_content(
          "<html><head><meta property=\"og:type\" content=\"website\"></head>"
          "<body><h1>World</h1><a href=\"/a/1\">One</a></body></html>",
          "text/html");
    });
    s.Get("/latest", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_content(
          "<html><head><script type=\"application/ld+json\">{\"@context\": "
          "\"https://schema.org\", \"@type\": \"CollectionPage\"}</script></head>"
          "<body><p>Latest</p></body></html>",
          "text/html");
    });
    s.Get(R"(/tag/(\w+))", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_content("<html><body><p>Tag listing</p></body></html>", "text/html");
    });
    s.Get("/sitemap_index.xml", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_content(
          "<?xml version=\"1.0\"?><sitemapindex "
          "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>" +
              server_.Url("/sm1.xml.gz") + "</loc></sitemap><sitemap><loc>" +
              server_.Url("/news.xml") + "</loc></sitemap></sitemapindex>",
          "application/xml");
    });
    s.Get("/sm1.xml.gz", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      std::string xml =
          "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
          "<url><loc>" +
          server_.Url("/a/1001") +
          "</loc><lastmod>2000-01-01</lastmod></url>"
          "<url><loc>" +
          server_.Url("/a/1002") +
          "</loc><lastmod>2099-01-01T10:00:00+02:00</lastmod></url>"
          "<url><loc>" +
          server_.Url("/a/1003") + "</loc></url></urlset>";
      res.set_content(Gzip(xml), "application/x-gzip");
    });
    s.Get("/news.xml", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_content(
          "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
          "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url><loc>" +
              server_.Url("/a/2001") +
              "</loc><news:news><news:publication><news:name>N</news:name></news:publication>"
              "<news:publication_date>2099-05-01T12:00:00Z</news:publication_date>"
              "<news:title>T</news:title></news:news></url></urlset>",
          "application/xml");
    });
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  nlohmann::json FeedConfig() {
    auto c = LocalConfig();
    c["feeds"] = {server_.Url("/feed.xml")};
    return c;
  }

  std::atomic<int> live_items_{5};  // before server_: its handlers read it.
  TestServer server_;
  std::filesystem::path dir_;
};

TEST_F(FeedTest, FetchesEveryItemOfA200ItemFeedOnceThen304) {
  auto docs = RunOnce(FeedConfig(), dir_);
  ASSERT_EQ(docs.size(), 200u);
  std::set<std::string> ids, urls;
  for (const auto& d : docs) {
    EXPECT_EQ(d.errors_size(), 0) << ErrorCodes(d);
    EXPECT_EQ(d.source().kind(), v1::Source::FEED);
    EXPECT_EQ(d.source().feed_url(), server_.Url("/feed.xml"));
    EXPECT_EQ(d.metadata().page_type(), "article");
    ids.insert(d.id());
    urls.insert(d.fetch().url());
  }
  EXPECT_EQ(ids.size(), 200u);
  EXPECT_EQ(server_.Total("/a/"), 200);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(server_.CountOf("/a/" + std::to_string(i)), 1);

  // The second poll is conditional: 304, nothing new, nothing fetched again.
  auto again = RunOnce(FeedConfig(), dir_);
  EXPECT_TRUE(again.empty());
  EXPECT_EQ(server_.CountOf("/feed.xml"), 2);
  EXPECT_EQ(server_.CountOf("/feed.xml:304"), 1);
  EXPECT_EQ(server_.Total("/a/"), 200);
}

TEST_F(FeedTest, ADaemonPollsAgainGets304ThenFetchesOnlyTheNewItems) {
  server_.server().Get("/live.xml", [this](const httplib::Request& req, httplib::Response& res) {
    server_.Count("/live.xml");
    const int items = live_items_.load();
    const std::string etag = "\"n" + std::to_string(items) + "\"";
    if (req.get_header_value("If-None-Match") == etag) {
      server_.Count("/live.xml:304");
      res.status = 304;
      return;
    }
    res.set_header("ETag", etag);
    res.set_content(Rss(server_, items), "application/rss+xml");
  });
  auto config = LocalConfig();
  config["feeds"] = {server_.Url("/live.xml")};
  config["poll_interval"] = "1s";
  auto source = MakeSource(config, dir_, /*once=*/false);
  ASSERT_NE(source, nullptr);
  std::vector<v1::Document> docs;
  auto poll_until = [&](const std::function<bool()>& done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      EXPECT_TRUE(source->Next(docs, 64).ok());
    }
    return done();
  };
  ASSERT_TRUE(poll_until([&] { return docs.size() >= 5; }));
  // The next poll is conditional and the feed unchanged: 304, nothing fetched.
  ASSERT_TRUE(poll_until([&] { return server_.CountOf("/live.xml:304") >= 1; }));
  EXPECT_EQ(docs.size(), 5u);
  live_items_ = 7;  // two new items, a new ETag.
  ASSERT_TRUE(poll_until([&] { return docs.size() >= 7; }));
  EXPECT_EQ(docs.size(), 7u);
  EXPECT_EQ(server_.Total("/a/"), 7);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(server_.CountOf("/a/" + std::to_string(i)), 1) << i;
  EXPECT_GE(server_.CountOf("/live.xml"), 3);
}

TEST_F(FeedTest, SitemapIndexGzipNewsAndLastmodWindow) {
  auto config = LocalConfig();
  config["sitemaps"] = {server_.Url("/sitemap_index.xml")};
  config["sitemap_lastmod_window"] = "3650d";
  auto docs = RunOnce(config, dir_);
  std::set<std::string> paths;
  for (const auto& d : docs) {
    EXPECT_EQ(d.source().kind(), v1::Source::SITEMAP);
    paths.insert(d.fetch().url().substr(server_.Url("").size()));
  }
  // 1001 is older than the window; 1003 has no lastmod and is taken.
  EXPECT_EQ(paths, (std::set<std::string>{"/a/1002", "/a/1003", "/a/2001"}));
  EXPECT_EQ(server_.CountOf("/a/1001"), 0);
}

TEST_F(FeedTest, DropsFrontsTagPagesAndListingsAsFilteredAndRemembersThem) {
  auto config = LocalConfig();
  config["urls"] = {server_.Url("/"), server_.Url("/world/"), server_.Url("/tag/politics"),
                    server_.Url("/latest"), server_.Url("/a/5")};
  auto source = MakeSource(config, dir_, true);
  ASSERT_NE(source, nullptr);
  auto docs = Drain(*source);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].fetch().url(), server_.Url("/a/5"));
  EXPECT_EQ(docs[0].metadata().page_type(), "article");
  EXPECT_EQ(source->TakeFilteredCount(), 4u);
  EXPECT_EQ(source->TakeFilteredCount(), 0u);  // taken once.
  source.reset();
  for (const char* path : {"/", "/world/", "/tag/politics", "/latest", "/a/5"}) {
    EXPECT_EQ(server_.CountOf(path), 1) << path;
  }
  // Filtered pages are remembered as seen: a second run fetches none of them again.
  auto again = MakeSource(config, dir_, true);
  ASSERT_NE(again, nullptr);
  EXPECT_TRUE(Drain(*again).empty());
  EXPECT_EQ(again->TakeFilteredCount(), 0u);
  for (const char* path : {"/", "/world/", "/tag/politics", "/latest", "/a/5"}) {
    EXPECT_EQ(server_.CountOf(path), 1) << path;
  }
}

TEST_F(FeedTest, MarksPageTypesAndEmitsEveryPageWhenNothingIsDropped) {
  auto config = LocalConfig();
  config["urls"] = {server_.Url("/"), server_.Url("/world/"), server_.Url("/tag/politics"),
                    server_.Url("/latest"), server_.Url("/a/5")};
  config["drop_page_types"] = nlohmann::json::array();
  auto source = MakeSource(config, dir_, true);
  ASSERT_NE(source, nullptr);
  auto docs = Drain(*source);
  ASSERT_EQ(docs.size(), 5u);
  EXPECT_EQ(source->TakeFilteredCount(), 0u);
  std::map<std::string, std::string> types;
  for (const auto& d : docs) types[d.fetch().url()] = d.metadata().page_type();
  EXPECT_EQ(types[server_.Url("/")], "front");
  EXPECT_EQ(types[server_.Url("/world/")], "front");
  EXPECT_EQ(types[server_.Url("/tag/politics")], "tag");
  EXPECT_EQ(types[server_.Url("/latest")], "listing");
  EXPECT_EQ(types[server_.Url("/a/5")], "article");
}

TEST_F(FeedTest, FeedItemsThatAreTagPagesAreFilteredNotEmitted) {
  server_.server().Get("/mixed.xml", [this](const httplib::Request&, httplib::Response& res) {
    std::string xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>";
    for (const char* p : {"/a/1", "/tag/economy", "/a/2", "/world/"}) {
      xml += "<item><link>" + server_.Url(p) + "</link></item>";
    }
    res.set_content(xml + "</channel></rss>", "application/rss+xml");
  });
  auto config = LocalConfig();
  config["feeds"] = {server_.Url("/mixed.xml")};
  auto source = MakeSource(config, dir_, true);
  ASSERT_NE(source, nullptr);
  auto docs = Drain(*source);
  std::set<std::string> urls;
  for (const auto& d : docs) urls.insert(d.fetch().url());
  EXPECT_EQ(urls, (std::set<std::string>{server_.Url("/a/1"), server_.Url("/a/2")}));
  EXPECT_EQ(source->TakeFilteredCount(), 2u);
}

TEST_F(FeedTest, AFeedThatCannotBeReadIsReportedAsADocument) {
  auto config = LocalConfig();
  config["feeds"] = {server_.Url("/missing.xml")};
  auto docs = RunOnce(config, dir_);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_NE(FindError(docs[0], "http_404"), nullptr) << ErrorCodes(docs[0]);
  EXPECT_EQ(docs[0].source().kind(), v1::Source::FEED);
}

TEST(FeedParserTest, ReadsAtomAndRss1) {
  auto atom = ParseFeed(
      "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title>"
      "<entry><title>One</title><link rel=\"self\" href=\"/self/1\"/>"
      "<link rel=\"alternate\" href=\"/news/1\"/><id>urn:1</id></entry>"
      "<entry><title>Two</title><link href=\"https://other.example/2\"/></entry></feed>",
      "https://example.com/atom.xml");
  ASSERT_TRUE(atom.ok());
  ASSERT_EQ(atom->size(), 2u);
  EXPECT_EQ((*atom)[0].url, "https://example.com/news/1");
  EXPECT_EQ((*atom)[0].title, "One");
  EXPECT_EQ((*atom)[1].url, "https://other.example/2");

  auto rdf = ParseFeed(
      "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
      "xmlns=\"http://purl.org/rss/1.0/\"><channel rdf:about=\"https://e.com/\"><title>c</title>"
      "</channel><item rdf:about=\"https://e.com/1\"><title>A</title><link>https://e.com/1</link>"
      "</item><item rdf:about=\"https://e.com/2\"><title>B</title></item></rdf:RDF>",
      "https://e.com/rss");
  ASSERT_TRUE(rdf.ok());
  ASSERT_EQ(rdf->size(), 2u);
  EXPECT_EQ((*rdf)[0].url, "https://e.com/1");
  EXPECT_EQ((*rdf)[1].url, "https://e.com/2");

  EXPECT_FALSE(ParseFeed("<html><body>no</body></html>", "https://e.com/").ok());
  EXPECT_FALSE(ParseFeed("garbage", "https://e.com/").ok());
}

TEST(FeedParserTest, ParsesW3cDates) {
  EXPECT_EQ(ParseW3cDate("1970-01-02"), 86400);
  EXPECT_EQ(ParseW3cDate("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(ParseW3cDate("1970-01-01T00:01Z"), 60);
  EXPECT_EQ(ParseW3cDate("1970-01-01T00:00:10.5-00:30"), 1810);
  EXPECT_EQ(ParseW3cDate("yesterday"), 0);
}

}  // namespace
}  // namespace newspipe
