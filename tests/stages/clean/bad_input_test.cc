// Bad input never crashes or hangs the clean stage: the document passes on with what could be
// read and its error noted.
#include <chrono>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "stages/clean/cleaner.h"

namespace newspipe {
namespace {

v1::Document Doc(std::string raw, v1::Fetch::Format format = v1::Fetch::HTML) {
  v1::Document doc;
  doc.mutable_fetch()->set_format(format);
  doc.mutable_fetch()->set_raw(std::move(raw));
  return doc;
}

bool HasError(const v1::Document& doc, const std::string& code) {
  for (const auto& e : doc.errors()) {
    if (e.code() == code) return true;
  }
  return false;
}

const std::string kPara =
    "<p>The committee published its findings on Monday, saying the project had been badly "
    "managed from the start and that costs had tripled over four years of delays.</p>";

TEST(BadInput, EmptyPage) {
  v1::Document doc = Doc("");
  ASSERT_TRUE(Cleaner({}).Clean(doc).ok());
  EXPECT_TRUE(doc.text().empty());
  EXPECT_TRUE(HasError(doc, "empty"));
}

TEST(BadInput, PageWithoutText) {
  v1::Document doc =
      Doc("<html><body><div><img src=x></div><script>var a=1;</script></body></html>");
  ASSERT_TRUE(Cleaner({}).Clean(doc).ok());
  EXPECT_TRUE(doc.text().empty());
  EXPECT_TRUE(HasError(doc, "no_text"));
}

TEST(BadInput, TruncatedHtmlAndUnclosedTags) {
  v1::Document doc = Doc("<html><body><div><p>" + kPara + kPara + "<div><span><b>unfinished <i");
  ASSERT_TRUE(Cleaner({}).Clean(doc).ok());
  EXPECT_NE(doc.text().find("badly managed"), std::string::npos);
}

TEST(BadInput, UnterminatedTitleIsRecovered) {
  v1::Document doc =
      Doc("<html><head><title>Budget row deepens - Daily Paper\n<meta name=x>"
          "</head><body><div>" +
          kPara + kPara + "</div></body></html>");
  ASSERT_TRUE(Cleaner({}).Clean(doc).ok());
  EXPECT_TRUE(HasError(doc, "unterminated_title"));
  EXPECT_EQ(doc.signals().title_tag(), "Budget row deepens - Daily Paper");
  EXPECT_NE(doc.text().find("badly managed"), std::string::npos);
}

TEST(BadInput, DeeplyNestedDivsNeitherCrashNorHang) {
  std::string html = "<html><body>";
  const size_t kDepth = 10u << 20;  // about 10 MB of markup.
  html.reserve(kDepth + 1000);
  while (html.size() < kDepth / 2) html += "<div>";
  html += kPara;
  auto start = std::chrono::steady_clock::now();
  v1::Document doc = Doc(std::move(html));
  ASSERT_TRUE(Cleaner({}).Clean(doc).ok());
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(30));
}

TEST(BadInput, TimeBudgetStopsTheWalk) {
  std::string html = "<html><body>";
  for (int i = 0; i < 200000; ++i) html += "<p>word " + std::to_string(i) + "</p>";
  CleanOptions options;
  options.time_budget = std::chrono::milliseconds(1);
  v1::Document doc = Doc(std::move(html));
  ASSERT_TRUE(Cleaner(options).Clean(doc).ok());
  EXPECT_TRUE(HasError(doc, "timeout"));
}

TEST(BadInput, WrongDeclaredCharset) {
  // Declared UTF-8, bytes are Latin-1.
  v1::Document doc =
      Doc("<html><head><meta charset=\"utf-8\"></head><body><p>Caf\xe9 "
          "cr\xe8me br\xfbl\xe9"
          "e, the committee said on Monday in a long "
          "statement about the restaurant inspection results.</p></body></html>");
  ASSERT_TRUE(Cleaner({}).Clean(doc).ok());
  EXPECT_NE(doc.text().find("Caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9"
                            "e"),
            std::string::npos)
      << doc.text();
  EXPECT_TRUE(HasError(doc, "charset"));
}

TEST(BadInput, NulBytes) {
  std::string html = "<html><body>" + kPara + kPara + "</body></html>";
  html.insert(20, std::string("\0\0", 2));
  v1::Document doc = Doc(html);
  ASSERT_TRUE(Cleaner({}).Clean(doc).ok());
  EXPECT_TRUE(HasError(doc, "nul_bytes"));
  EXPECT_NE(doc.text().find("badly managed"), std::string::npos);
}

TEST(BadInput, BinaryGarbage) {
  std::string junk;
  uint32_t x = 12345;
  for (int i = 0; i < 100000; ++i) {
    x = x * 1103515245u + 12345u;
    junk.push_back(static_cast<char>(x >> 24));
  }
  v1::Document html = Doc(junk);
  ASSERT_TRUE(Cleaner({}).Clean(html).ok());
  v1::Document text = Doc(junk, v1::Fetch::TEXT);
  ASSERT_TRUE(Cleaner({}).Clean(text).ok());
}

TEST(BadInput, OversizedPageIsCut) {
  CleanOptions options;
  options.max_bytes = 4096;
  std::string html = "<html><body>";
  while (html.size() < 20000) html += kPara;
  v1::Document doc = Doc(html);
  ASSERT_TRUE(Cleaner(options).Clean(doc).ok());
  EXPECT_TRUE(HasError(doc, "too_large"));
  EXPECT_NE(doc.text().find("badly managed"), std::string::npos);
}

TEST(BadInput, StructuredDataScriptWithInvalidUtf8StaysReadable) {
  // A fuzzer's input (kept as a seed) whose JSON-LD script came out of the parser with invalid
  // UTF-8: the script is kept with U+FFFD in place of the bad bytes, and the document still
  // crosses the wire.
  std::ifstream in(
      std::string(NEWSPIPE_SOURCE_DIR) + "/fuzz/corpus/html_clean/jsonld_invalid_utf8.html",
      std::ios::binary);
  ASSERT_TRUE(in);
  std::stringstream raw;
  raw << in.rdbuf();
  v1::Document doc = Doc(raw.str());
  doc.mutable_fetch()->set_content_type("text/html; charset=utf-8");
  ASSERT_TRUE(Cleaner({}).Clean(doc).ok());
  ASSERT_GT(doc.signals().json_ld_size(), 0);
  std::string wire;
  v1::Document again;
  ASSERT_TRUE(doc.SerializeToString(&wire));
  ASSERT_TRUE(again.ParseFromString(wire));
  EXPECT_EQ(again.signals().json_ld(0), doc.signals().json_ld(0));
}

}  // namespace
}  // namespace newspipe
