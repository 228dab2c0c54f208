#include "stages/store/sqlite_search.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "stages/store/sqlite_store.h"
#include "tests/stages/store/test_documents.h"

namespace newspipe {
namespace {

using testing::MakeArticle;
using testing::TempDir;

class SqliteSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteStoreOptions options;
    options.path = dir_.path() / "news.db";
    auto store = SqliteStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto a = MakeArticle("seoul-1", "Envoy arrives in Seoul",
                         {"The envoy met officials in Seoul on Wednesday.",
                          "He said \"peace\" was the goal; talks continue."});
    auto b = MakeArticle("tokyo-1", "Markets rally in Tokyo",
                         {"Shares rose in Tokyo as exporters gained.",
                          "Analysts expect more gains; the envoy was not mentioned."});
    b.mutable_metadata()->clear_authors();
    b.mutable_metadata()->add_authors("Bob Reporter");
    b.mutable_metadata()->mutable_published()->set_unix_seconds(1600000000);  // 2020-09-13
    b.mutable_source()->set_site("markets.example");
    b.mutable_fetch()->set_url("https://www.markets.example/a/1");
    auto c = MakeArticle("quote-1", "Odd \"quoted\" title OR NOT",
                         {"Text with AND OR NOT NEAR( and col:umn syntax words."});
    for (auto* d : {&a, &b, &c}) ASSERT_TRUE((*store)->Write(*d).ok());
    ASSERT_TRUE((*store)->Commit().ok());
    auto db = StoreDb::Open(options.path, {.read_only = true});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
  }

  std::vector<std::string> Ids(const SearchQuery& q) {
    auto hits = SearchDocuments(*db_, q);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    std::vector<std::string> ids;
    if (hits.ok()) {
      for (const auto& h : *hits) ids.push_back(h.id);
    }
    return ids;
  }
  std::vector<std::string> Ids(const std::string& text) {
    SearchQuery q;
    q.text = text;
    return Ids(q);
  }

  TempDir dir_;
  std::unique_ptr<StoreDb> db_;
};

TEST_F(SqliteSearchTest, RanksTitleMatchesFirstAndHighlights) {
  SearchQuery q;
  q.text = "envoy";
  auto hits = SearchDocuments(*db_, q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].id, "seoul-1");
  EXPECT_NE((*hits)[0].snippet.find("[envoy]"), std::string::npos) << (*hits)[0].snippet;
  EXPECT_EQ((*hits)[0].authors, std::vector<std::string>{"Ann Writer"});
  EXPECT_EQ((*hits)[0].published, "2020-07-08T04:33:00Z");
}

TEST_F(SqliteSearchTest, HostileTextIsEscaped) {
  EXPECT_EQ(FtsQuery("a \"b\" c*"), "\"a\" \"\"\"b\"\"\" \"c\"*");
  EXPECT_EQ(FtsQuery(std::string("nul\0byte", 8)), "\"nul\" \"byte\"");
  EXPECT_EQ(FtsQuery("\" ( ) * :"), "");
  // None of these may raise an FTS5 syntax error or match by operator meaning.
  const std::vector<std::string> hostile = {"\"",
                                            "\"peace",
                                            "peace\"",
                                            "NOT",
                                            "OR",
                                            "AND envoy",
                                            "NEAR(envoy seoul)",
                                            "title:envoy",
                                            "col:umn",
                                            "envoy*",
                                            "*",
                                            "^envoy",
                                            "'; DROP TABLE documents; --",
                                            std::string("env\0oy", 6),
                                            "(((",
                                            "\"\"\"\"",
                                            "-envoy",
                                            "+",
                                            "{title}: envoy"};
  for (const std::string& text : hostile) {
    SearchQuery q;
    q.text = text;
    auto hits = SearchDocuments(*db_, q);
    EXPECT_TRUE(hits.ok()) << text << ": " << hits.status().ToString();
  }
  EXPECT_EQ(Ids("\"peace\""), std::vector<std::string>{"seoul-1"});
  EXPECT_EQ(Ids("NEAR"), std::vector<std::string>{"quote-1"});  // the word, not the operator.
  EXPECT_EQ(Ids("NOT").size(), 2u);                             // "not" in two documents.
  EXPECT_EQ(Ids("envoy*").size(), 2u);                          // prefix kept deliberately.
  EXPECT_EQ(Ids("'; DROP TABLE documents; --").size(), 0u);
  EXPECT_EQ(Ids("envoy").size(), 2u);  // still there.
}

TEST_F(SqliteSearchTest, Filters) {
  SearchQuery q;
  q.text = "envoy";
  q.site = "markets.example";
  EXPECT_EQ(Ids(q), std::vector<std::string>{"tokyo-1"});
  q.site = "";
  q.author = "bob";
  EXPECT_EQ(Ids(q), std::vector<std::string>{"tokyo-1"});
  q.author = "";
  q.since_unix = ParseTimeBound("2020-09-01", false);
  EXPECT_EQ(Ids(q), std::vector<std::string>{"tokyo-1"});
  q.since_unix.reset();
  q.until_unix = ParseTimeBound("2020-07-08", true);
  EXPECT_EQ(Ids(q), std::vector<std::string>{"seoul-1"});
  q.until_unix = ParseTimeBound("2020-07-08T04:00:00Z", false);
  EXPECT_TRUE(Ids(q).empty());
  SearchQuery all;
  all.limit = 2;
  EXPECT_EQ(Ids(all).size(), 2u);  // no text: newest first, limited.
}

TEST(ParseTimeBoundTest, Forms) {
  EXPECT_EQ(ParseTimeBound("2020-07-08", false), 1594166400);
  EXPECT_EQ(ParseTimeBound("2020-07-08", true), 1594166400 + 86399);
  EXPECT_EQ(ParseTimeBound("2020-07-08T13:33:00+09:00", false), 1594182780);
  EXPECT_EQ(ParseTimeBound("2020-07-08T04:33Z", false), 1594182780);
  EXPECT_FALSE(ParseTimeBound("yesterday", false).has_value());
  EXPECT_FALSE(ParseTimeBound("2020-13-01", false).has_value());
}

TEST_F(SqliteSearchTest, ShowAndExport) {
  auto shown = LoadDocument(*db_, "seoul");  // unique prefix.
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  EXPECT_EQ(shown->id, "seoul-1");
  EXPECT_EQ(shown->revision, 1);
  ASSERT_EQ(shown->blocks.size(), 4u);
  EXPECT_TRUE(shown->blocks.back().boilerplate);
  EXPECT_EQ(shown->blocks.back().rule, "promo-footer");
  EXPECT_TRUE(LoadDocument(*db_, "nope").status().IsNotFound());

  std::vector<std::string> lines;
  ASSERT_TRUE(ExportDocumentsJson(*db_, [&](std::string_view l) { lines.emplace_back(l); }).ok());
  ASSERT_EQ(lines.size(), 3u);
  auto j = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(j["id"], "seoul-1");
  EXPECT_EQ(j["authors"][0], "Ann Writer");
  // The body is stored once, in `text`; show and export put it back into the JSON form.
  EXPECT_FALSE(shown->text.empty());
  EXPECT_EQ(j["text"], shown->text);
  EXPECT_EQ(nlohmann::json::parse(shown->doc_json)["text"], shown->text);
  auto bodies_in_json = db_->QueryInt(
      "SELECT count(*) FROM documents WHERE json_extract(doc_json, '$.text') IS NOT NULL");
  ASSERT_TRUE(bodies_in_json.ok());
  EXPECT_EQ(*bodies_in_json, 0);

  std::string csv;
  ASSERT_TRUE(ExportDocumentsCsv(*db_, [&](std::string_view l) { csv += l; }).ok());
  EXPECT_NE(csv.find("\"Odd \"\"quoted\"\" title OR NOT\""), std::string::npos) << csv;
}

}  // namespace
}  // namespace newspipe

namespace newspipe {
namespace {

TEST_F(SqliteSearchTest, RankWindowRanksTheNewestMatchesAndFallsBackForFilters) {
  SearchQuery q;
  q.text = "envoy";
  q.rank_window = 1;  // only the newest match (tokyo-1 was stored after seoul-1).
  EXPECT_EQ(Ids(q), std::vector<std::string>{"tokyo-1"});
  q.site = "news.example";  // no hit among the newest: every match is ranked instead.
  EXPECT_EQ(Ids(q), std::vector<std::string>{"seoul-1"});
  q.site = "";
  q.rank_window = 0;
  EXPECT_EQ(Ids(q).size(), 2u);
}

}  // namespace
}  // namespace newspipe
