// WARC archives written by the test: response records become documents; a file cut off
// mid-record yields the records before it and an error document.
#include <zlib.h>

#include <fstream>

#include <gtest/gtest.h>

#include "fetch_test_util.h"

namespace newspipe {
namespace {
using namespace newspipe::testing;

std::string Record(const std::string& type, const std::string& uri, const std::string& block) {
  std::string r = "WARC/1.1\r\nWARC-Type: " + type +
                  "\r\nWARC-Record-ID: <urn:uuid:" + std::to_string(block.size()) +
                  ">\r\nWARC-Date: 2020-07-08T04:33:00Z\r\n";
  if (!uri.empty()) r += "WARC-Target-URI: " + uri + "\r\n";
  r += "Content-Type: application/http; msgtype=response\r\nContent-Length: " +
       std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
  return r;
}

std::string GzipMember(const std::string& in) {
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

std::vector<std::string> Records() {
  std::string page1 =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nServer: t\r\n\r\n"
      "<html><body><p>First story.</p></body></html>";
  std::string chunked_body = "<html><body><p>Second story, chunked and gzipped.</p></body></html>";
  std::string gz = GzipMember(chunked_body);
  char size_hex[16];
  std::snprintf(size_hex, sizeof size_hex, "%zx", gz.size());
  std::string page2 =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
      "Transfer-Encoding: chunked\r\n\r\n" +
      std::string(size_hex) + "\r\n" + gz + "\r\n0\r\n\r\n";
  return {Record("warcinfo", "", "software: test\r\n"),
          Record("request", "https://news.example/1", "GET /1 HTTP/1.1\r\n\r\n"),
          Record("response", "https://news.example/1", page1),
          Record("response", "https://news.example/2", page2),
          Record("response", "https://news.example/3", page1)};
}

class WarcTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = TempDir("warc"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(WarcTest, ReadsPerRecordGzipMembers) {
  std::string file = (dir_ / "a.warc.gz").string();
  {
    std::ofstream out(file, std::ios::binary);
    for (const std::string& r : Records()) out << GzipMember(r);
  }
  auto docs = RunOnce({{"warc", {file}}}, dir_);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].fetch().url(), "https://news.example/1");
  EXPECT_EQ(docs[0].fetch().http_status(), 200);
  EXPECT_EQ(docs[0].fetch().fetched_unix_ms(), 1594182780000);
  EXPECT_EQ(docs[0].fetch().headers().at("server"), "t");
  EXPECT_EQ(docs[0].source().kind(), v1::Source::WARC);
  EXPECT_EQ(docs[0].source().site(), "news.example");
  EXPECT_NE(docs[0].fetch().raw().find("First story."), std::string::npos);
  EXPECT_EQ(docs[1].errors_size(), 0) << ErrorCodes(docs[1]);
  EXPECT_NE(docs[1].fetch().raw().find("Second story, chunked and gzipped."), std::string::npos);
  EXPECT_EQ(docs[2].fetch().url(), "https://news.example/3");
}

TEST_F(WarcTest, PlainWarcCutOffMidRecordKeepsTheRecordsBefore) {
  std::string all;
  for (const std::string& r : Records()) all += r;
  std::string file = (dir_ / "cut.warc").string();
  std::ofstream(file, std::ios::binary) << all.substr(0, all.size() - 30);
  auto docs = RunOnce({{"warc", {file}}}, dir_);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].fetch().url(), "https://news.example/1");
  EXPECT_EQ(docs[1].fetch().url(), "https://news.example/2");
  ASSERT_NE(FindError(docs[2], "warc_truncated"), nullptr) << ErrorCodes(docs[2]);
}

TEST_F(WarcTest, GzipWarcCutOffMidMemberKeepsTheRecordsBefore) {
  std::string all;
  for (const std::string& r : Records()) all += GzipMember(r);
  std::string file = (dir_ / "cut.warc.gz").string();
  std::ofstream(file, std::ios::binary) << all.substr(0, all.size() - 40);
  auto docs = RunOnce({{"warc", {file}}}, dir_);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[1].fetch().url(), "https://news.example/2");
  ASSERT_NE(FindError(docs[2], "warc_truncated"), nullptr) << ErrorCodes(docs[2]);
  EXPECT_NE(docs[2].errors(0).message().find("cut off"), std::string::npos)
      << docs[2].errors(0).message();
}

TEST_F(WarcTest, RecordsOfNonArticlePagesAreCountedAsFiltered) {
  const std::string page =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Text.</p></body></html>";
  std::string file = (dir_ / "mixed.warc").string();
  std::ofstream(file, std::ios::binary) << Record("response", "https://news.example/", page)
                                        << Record("response", "https://news.example/tag/x", page)
                                        << Record("response", "https://news.example/7", page);
  auto source = MakeSource({{"warc", {file}}}, dir_, true);
  ASSERT_NE(source, nullptr);
  auto docs = Drain(*source);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].fetch().url(), "https://news.example/7");
  EXPECT_EQ(source->TakeFilteredCount(), 2u);
}

}  // namespace
}  // namespace newspipe
