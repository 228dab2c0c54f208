// Web fetching against a real HTTP server on 127.0.0.1: redirects, retries, timeouts, caps,
// charsets, robots.txt and address safety.
#include <zlib.h>

#include <atomic>
#include <fstream>

#include <gtest/gtest.h>

#include "fetch_test_util.h"

namespace newspipe {
namespace {
using namespace newspipe::testing;
using std::chrono::milliseconds;

class HttpFetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir("http");
    auto& s = server_.server();
    s.Get("/robots.txt", [this](const httplib::Request&, httplib::Response& res) {
      server_.Count("/robots.txt");
      res.set_content("User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n",
                      "text/plain");
    });
    s.Get(R"(/page/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_content("<html><head><title>Page " + std::string(req.matches[1]) +
                          "</title></head><body><p>Body.</p></body></html>",
                      "text/html; charset=utf-8");
    });
    s.Get("/private/secret", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_content("<p>secret</p>", "text/html");
    });
    s.Get(R"(/r(\d))", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      int n = std::stoi(req.matches[1]);
      res.status = 301;
      res.set_header("Location", n >= 3 ? "/page/1" : "/r" + std::to_string(n + 1));
    });
    s.Get("/loopA", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.status = 302;
      res.set_header("Location", server_.Url("/loopB"));
    });
    s.Get("/loopB", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.status = 302;
      res.set_header("Location", "/loopA#again");
    });
    s.Get(R"(/chain/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.status = 307;
      res.set_header("Location", "/chain/" + std::to_string(std::stoi(req.matches[1]) + 1));
    });
    s.Get("/flaky", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      if (server_.CountOf(req.path) == 1) {
        res.status = 500;
        res.set_content("oops", "text/plain");
      } else {
        res.set_content("<p>fine now</p>", "text/html");
      }
    });
    s.Get("/always500", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.status = 503;
      res.set_content("down", "text/plain");
    });
    s.Get("/busy", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      if (server_.CountOf(req.path) == 1) {
        res.status = 429;
        res.set_header("Retry-After", "1");
      } else {
        res.set_content("<p>served</p>", "text/html");
      }
    });
    s.Get("/hang", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      server_.Hang(milliseconds(20000));
      res.set_content("late", "text/plain");
    });
    s.Get("/drip", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_chunked_content_provider("text/html", [this](size_t, httplib::DataSink& sink) {
        if (server_.released()) return false;
        sink.write("x", 1);
        server_.Hang(milliseconds(1000));
        return !server_.released();
      });
    });
    s.Get("/bomb", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_header("Content-Encoding", "gzip");
      res.set_content(bomb_, "text/html");
    });
    s.Get("/latin1-lie", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      // Declared ISO-8859-1, but the bytes are UTF-8.
      res.set_content("<html><body><p>Caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac</p></body></html>",
                      "text/html; charset=ISO-8859-1");
    });
    s.Get("/meta-1252", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_content(
          "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
          "charset=windows-1252\"></head><body><p>na\xefve \x93quoted\x94</p></body></html>",
          "text/html");
    });
    s.Get("/utf8-lie", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      // Declared UTF-8, but the bytes are Latin-1.
      res.set_content(
          "<html><body><p>Le caf\xe9 est tr\xe8s bon, la cr\xe8me br\xfbl\xe9"
          "e "
          "aussi. D\xe9j\xe0 vu \xe0 Z\xfcrich.</p></body></html>",
          "text/html; charset=utf-8");
    });
    s.Get("/image.png", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.set_content(std::string("\x89PNG\r\n\x1a\n\0\0\0", 11), "image/png");
    });
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static std::string MakeBomb(size_t zeros) {
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    std::string in(1 << 20, '\0');
    std::string out;
    char buf[1 << 16];
    for (size_t done = 0; done < zeros; done += in.size()) {
      zs.next_in = reinterpret_cast<Bytef*>(in.data());
      zs.avail_in = static_cast<uInt>(in.size());
      bool last = done + in.size() >= zeros;
      do {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        deflate(&zs, last ? Z_FINISH : Z_NO_FLUSH);
        out.append(buf, sizeof buf - zs.avail_out);
      } while (zs.avail_out == 0);
    }
    deflateEnd(&zs);
    return out;
  }

  v1::Document FetchOne(const std::string& path, nlohmann::json config = LocalConfig()) {
    config["urls"] = {server_.Url(path)};
    auto docs = RunOnce(config, dir_);
    EXPECT_EQ(docs.size(), 1u);
    return docs.empty() ? v1::Document() : docs[0];
  }

  TestServer server_;
  std::filesystem::path dir_;
  std::string bomb_;
};

TEST_F(HttpFetchTest, FetchesAPageWithItsFacts) {
  v1::Document d = FetchOne("/page/7");
  EXPECT_EQ(d.errors_size(), 0) << ErrorCodes(d);
  EXPECT_EQ(d.fetch().http_status(), 200);
  EXPECT_EQ(d.fetch().format(), v1::Fetch::HTML);
  EXPECT_EQ(d.fetch().charset(), "utf-8");
  EXPECT_NE(d.fetch().raw().find("Page 7"), std::string::npos);
  EXPECT_EQ(d.source().kind(), v1::Source::URL);
  EXPECT_EQ(d.source().site(), "127.0.0.1");
  EXPECT_EQ(d.id().size(), 16u);
  EXPECT_EQ(d.fetch().headers().at("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(server_.CountOf("/robots.txt"), 1);
}

TEST_F(HttpFetchTest, FollowsARedirectChainAndRecordsTheFinalUrl) {
  v1::Document d = FetchOne("/r0");
  EXPECT_EQ(d.errors_size(), 0) << ErrorCodes(d);
  EXPECT_EQ(d.fetch().redirects(), 4u);
  EXPECT_EQ(d.fetch().final_url(), server_.Url("/page/1"));
  EXPECT_EQ(d.fetch().url(), server_.Url("/r0"));
  EXPECT_EQ(d.fetch().http_status(), 200);
}

TEST_F(HttpFetchTest, DetectsARedirectLoop) {
  v1::Document d = FetchOne("/loopA");
  ASSERT_NE(FindError(d, "redirect_loop"), nullptr) << ErrorCodes(d);
  EXPECT_TRUE(d.fetch().raw().empty());
  EXPECT_EQ(server_.CountOf("/loopA"), 1);
  EXPECT_EQ(server_.CountOf("/loopB"), 1);
}

TEST_F(HttpFetchTest, StopsAfterFiveRedirects) {
  v1::Document d = FetchOne("/chain/0");
  ASSERT_NE(FindError(d, "too_many_redirects"), nullptr) << ErrorCodes(d);
  EXPECT_EQ(server_.Total("/chain/"), 6);  // the first request and five redirects.
}

TEST_F(HttpFetchTest, RetriesA500ThenSucceeds) {
  v1::Document d = FetchOne("/flaky");
  EXPECT_EQ(d.errors_size(), 0) << ErrorCodes(d);
  EXPECT_EQ(d.fetch().http_status(), 200);
  EXPECT_EQ(server_.CountOf("/flaky"), 2);
}

TEST_F(HttpFetchTest, GivesUpAfterMaxAttemptsWithTheError) {
  auto config = LocalConfig();
  config["max_attempts"] = 3;
  v1::Document d = FetchOne("/always500", config);
  ASSERT_NE(FindError(d, "http_503"), nullptr) << ErrorCodes(d);
  EXPECT_EQ(server_.CountOf("/always500"), 3);
}

TEST_F(HttpFetchTest, HonoursRetryAfterOn429) {
  v1::Document d = FetchOne("/busy");
  EXPECT_EQ(d.errors_size(), 0) << ErrorCodes(d);
  auto times = server_.TimesOf("/busy");
  ASSERT_EQ(times.size(), 2u);
  EXPECT_GE(times[1] - times[0], milliseconds(950));
}

TEST_F(HttpFetchTest, TimesOutOnAServerThatNeverAnswers) {
  auto config = LocalConfig();
  config["timeout"] = "1s";
  config["max_attempts"] = 2;
  auto started = std::chrono::steady_clock::now();
  v1::Document d = FetchOne("/hang", config);
  ASSERT_NE(FindError(d, "timeout"), nullptr) << ErrorCodes(d);
  EXPECT_EQ(server_.CountOf("/hang"), 2);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));
}

TEST_F(HttpFetchTest, AbortsAServerThatDripsAByteASecond) {
  auto config = LocalConfig();
  config["low_speed_bytes"] = 100;
  config["low_speed_time"] = "2s";
  config["max_attempts"] = 1;
  v1::Document d = FetchOne("/drip", config);
  ASSERT_NE(FindError(d, "low_speed"), nullptr) << ErrorCodes(d);
}

TEST_F(HttpFetchTest, CapsAGzipBombAtTheDecodedLimit) {
  bomb_ = MakeBomb(size_t{200} << 20);  // 200 MB of zeros, about 200 KB compressed.
  ASSERT_LT(bomb_.size(), 1u << 20);
  auto config = LocalConfig();
  config["max_bytes"] = 1 << 20;
  v1::Document d = FetchOne("/bomb", config);
  // Zeros look binary, so no raw is kept; what matters is that decoding stopped at the cap.
  EXPECT_LE(d.fetch().raw_size(), (1u << 20) + (1u << 17)) << ErrorCodes(d);
  EXPECT_GE(d.fetch().raw_size(), 1u << 20);
  EXPECT_GT(d.errors_size(), 0);
}

TEST_F(HttpFetchTest, TrustsTheBytesOverAWrongCharsetHeader) {
  v1::Document a = FetchOne("/latin1-lie");
  EXPECT_EQ(a.fetch().charset(), "utf-8");
  EXPECT_NE(a.fetch().raw().find("Caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac"), std::string::npos);
  v1::Document b = FetchOne("/meta-1252");
  EXPECT_EQ(b.fetch().charset(), "windows-1252");
  EXPECT_NE(b.fetch().raw().find("na\xc3\xafve \xe2\x80\x9cquoted\xe2\x80\x9d"), std::string::npos);
  v1::Document c = FetchOne("/utf8-lie");
  EXPECT_NE(c.fetch().charset(), "utf-8");
  EXPECT_NE(c.fetch().raw().find("caf\xc3\xa9"), std::string::npos) << c.fetch().charset();
}

TEST_F(HttpFetchTest, HonoursRobotsTxtDisallow) {
  v1::Document d = FetchOne("/private/secret");
  ASSERT_NE(FindError(d, "robots"), nullptr) << ErrorCodes(d);
  EXPECT_EQ(server_.CountOf("/private/secret"), 0);
  auto config = LocalConfig();
  config["user_agent"] = "otherbot/2.0";
  std::filesystem::remove_all(dir_ / "fetch-fetch.db");
  v1::Document e = FetchOne("/page/3", config);
  ASSERT_NE(FindError(e, "robots"), nullptr) << ErrorCodes(e);
}

TEST_F(HttpFetchTest, RefusesLoopbackUnlessAllowedAndNonHttpSchemes) {
  auto config = LocalConfig();
  config.erase("allow_hosts");
  v1::Document d = FetchOne("/page/1", config);
  ASSERT_NE(FindError(d, "refused_address"), nullptr) << ErrorCodes(d);
  EXPECT_EQ(server_.CountOf("/page/1"), 0);
  auto bad = LocalConfig();
  bad["urls"] = {"file:///etc/passwd", "ftp://127.0.0.1/x"};
  auto docs = RunOnce(bad, dir_);
  EXPECT_TRUE(docs.empty());  // reported and skipped, nothing fetched.
}

TEST_F(HttpFetchTest, RejectsNonTextContent) {
  v1::Document d = FetchOne("/image.png");
  ASSERT_NE(FindError(d, "unsupported_content_type"), nullptr) << ErrorCodes(d);
  EXPECT_TRUE(d.fetch().raw().empty());
}

TEST_F(HttpFetchTest, UrlFileReportsBadLinesAndFetchesTheRest) {
  std::string file = (dir_ / "urls.txt").string();
  std::ofstream(file) << "# seeds\n"
                      << server_.Url("/page/1") << "\nnot a url\n\n"
                      << server_.Url("/page/2") << "\n";
  auto config = LocalConfig();
  config["url_file"] = file;
  auto docs = RunOnce(config, dir_);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(server_.CountOf("/page/1"), 1);
  EXPECT_EQ(server_.CountOf("/page/2"), 1);
}

TEST_F(HttpFetchTest, NeverFetchesAnEmittedUrlAgain) {
  auto config = LocalConfig();
  config["urls"] = {server_.Url("/page/1"), server_.Url("/page/1?utm_source=x#frag")};
  auto first = RunOnce(config, dir_);
  ASSERT_EQ(first.size(), 1u);
  auto second = RunOnce(config, dir_);
  EXPECT_TRUE(second.empty());
  EXPECT_EQ(server_.CountOf("/page/1"), 1);
}

// RFC 9309 2.3.1.2: robots.txt redirects are followed, at least five of them and across hosts;
// the rules found apply to the host asked. More redirects, or a loop, mean robots.txt is
// unavailable: everything is allowed.
class RobotsRedirectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir("robots");
    for (TestServer* srv : {&server_, &other_}) {
      srv->server().Get("/private/x", [srv](const httplib::Request& req, httplib::Response& res) {
        srv->Count(req.path);
        res.set_content("<p>private</p>", "text/html");
      });
      srv->server().Get("/open", [srv](const httplib::Request& req, httplib::Response& res) {
        srv->Count(req.path);
        res.set_content("<p>open</p>", "text/html");
      });
    }
    // robots.txt -> /hop/1 -> ... -> /hop/4 -> the other server's /rules.txt: five redirects.
    server_.server().Get("/robots.txt",
                         [this](const httplib::Request& req, httplib::Response& res) {
                           server_.Count(req.path);
                           res.status = 301;
                           res.set_header("Location", first_hop_);
                         });
    server_.server().Get(
        R"(/hop/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
          server_.Count(req.path);
          int n = std::stoi(req.matches[1]);
          res.status = n % 2 ? 302 : 307;
          res.set_header("Location",
                         n >= 4 ? other_.Url("/rules.txt") : "/hop/" + std::to_string(n + 1));
        });
    server_.server().Get(
        R"(/endless/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
          server_.Count(req.path);
          res.status = 301;
          res.set_header("Location", "/endless/" + std::to_string(std::stoi(req.matches[1]) + 1));
        });
    server_.server().Get("/loop", [this](const httplib::Request& req, httplib::Response& res) {
      server_.Count(req.path);
      res.status = 302;
      res.set_header("Location", "/robots.txt");
    });
    other_.server().Get("/rules.txt", [this](const httplib::Request& req, httplib::Response& res) {
      other_.Count(req.path);
      res.set_content("User-agent: *\nDisallow: /private/\n", "text/plain");
    });
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<v1::Document> Fetch() {
    auto config = LocalConfig();
    config["urls"] = {server_.Url("/private/x"), server_.Url("/open")};
    auto docs = RunOnce(config, dir_);
    EXPECT_EQ(docs.size(), 2u);
    return docs;
  }

  TestServer server_, other_;
  std::string first_hop_ = "/hop/1";
  std::filesystem::path dir_;
};

TEST_F(RobotsRedirectTest, FollowsFiveRedirectsToAnotherHost) {
  auto docs = Fetch();
  for (const auto& d : docs) {
    if (d.fetch().url() == server_.Url("/private/x")) {
      EXPECT_NE(FindError(d, "robots"), nullptr) << ErrorCodes(d);
    } else {
      EXPECT_EQ(d.errors_size(), 0) << ErrorCodes(d);
    }
  }
  EXPECT_EQ(server_.CountOf("/private/x"), 0);
  EXPECT_EQ(server_.CountOf("/open"), 1);
  EXPECT_EQ(server_.Total("/hop/"), 4);
  EXPECT_EQ(other_.CountOf("/rules.txt"), 1);
}

TEST_F(RobotsRedirectTest, TooManyRedirectsMeanUnavailableSoAllowed) {
  first_hop_ = "/endless/1";
  auto docs = Fetch();
  for (const auto& d : docs) EXPECT_EQ(d.errors_size(), 0) << ErrorCodes(d);
  EXPECT_EQ(server_.CountOf("/private/x"), 1);
  EXPECT_EQ(server_.Total("/endless/"), 5);  // five redirects followed, the sixth not.
}

TEST_F(RobotsRedirectTest, ARedirectLoopMeansUnavailableSoAllowed) {
  first_hop_ = "/loop";
  auto docs = Fetch();
  for (const auto& d : docs) EXPECT_EQ(d.errors_size(), 0) << ErrorCodes(d);
  EXPECT_EQ(server_.CountOf("/private/x"), 1);
  EXPECT_EQ(server_.CountOf("/loop"), 1);
  EXPECT_EQ(server_.CountOf("/robots.txt"), 1);
}

// RFC 9309 2.3.1.4: a robots.txt answered with a 5xx means complete disallow for a while; the
// host's URLs wait and robots.txt is asked again; when it keeps failing they fail with that
// reason, without ever being requested.
TEST(RobotsUnavailableTest, A5xxHoldsTheHostThenItsPagesFailOrGoOn) {
  TestServer server;
  std::atomic<int> failures_left{2};
  server.server().Get("/robots.txt", [&](const httplib::Request& req, httplib::Response& res) {
    server.Count(req.path);
    if (failures_left.fetch_sub(1) > 0) {
      res.status = 503;
      return;
    }
    res.set_content("User-agent: *\nAllow: /\n", "text/plain");
  });
  server.server().Get("/page", [&](const httplib::Request& req, httplib::Response& res) {
    server.Count(req.path);
    res.set_content("<p>page</p>", "text/html");
  });
  auto dir = TempDir("robots5xx");
  auto config = LocalConfig();
  config["urls"] = {server.Url("/page")};
  config["robots_unavailable_retry"] = "200ms";
  config["max_attempts"] = 2;
  // Two failures reach max_attempts: the page fails, never requested.
  auto docs = RunOnce(config, dir);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_NE(FindError(docs[0], "robots_unavailable"), nullptr) << ErrorCodes(docs[0]);
  EXPECT_EQ(server.CountOf("/page"), 0);
  EXPECT_EQ(server.CountOf("/robots.txt"), 2);

  // One failure, then an answer: the page waits for it and is fetched.
  failures_left = 1;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  config["max_attempts"] = 3;
  auto later = RunOnce(config, dir);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].errors_size(), 0) << ErrorCodes(later[0]);
  EXPECT_EQ(server.CountOf("/page"), 1);
  EXPECT_EQ(server.CountOf("/robots.txt"), 4);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace newspipe
