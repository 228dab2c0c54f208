// The stored form: doc_json without the body, the full JSON form rebuilt from it, and a content
// hash equal to the one computed from the full JSON dump (what earlier versions stored).
#include "stages/store/stored_document.h"

#include <xxhash.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "stages/common/document_json.h"
#include "tests/stages/store/test_documents.h"

namespace newspipe {
namespace {

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The hash as it was computed from the whole dump.
std::string FullDumpHash(const v1::Document& doc) {
  const std::string full = Dump(DocumentToJson(doc));
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, full.data(), full.size());
  for (const auto& b : doc.blocks()) {
    const char sep[2] = {static_cast<char>(b.type()), static_cast<char>(b.boilerplate())};
    XXH3_64bits_update(state, sep, sizeof sep);
    XXH3_64bits_update(state, b.text().data(), b.text().size());
    XXH3_64bits_update(state, "\x1f", 1);
    XXH3_64bits_update(state, b.rule().data(), b.rule().size());
    XXH3_64bits_update(state, "\x1e", 1);
  }
  std::string out = fmt::format("{:016x}", XXH3_64bits_digest(state));
  XXH3_freeState(state);
  return out;
}

TEST(StoredDocumentTest, JsonStringsMatchTheLibraryDump) {
  for (std::string s :
       {std::string("plain"), std::string(""), std::string("quote \" back \\ slash / end"),
        std::string("ctl \b\f\n\r\t \x01\x1f \x7f"), std::string("nul \0 in", 8),
        std::string("caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xF0\x9F\x93\xB0"),
        std::string("bad \xC3( \xE2\x82 \xED\xA0\x80 \xF4\x90\x80\x80 \xC0\xAF \xFF tail"),
        std::string("cut at end \xE2\x80")}) {
    std::string mine;
    AppendJsonString(mine, s);
    EXPECT_EQ(mine, Dump(nlohmann::json(s))) << s;
  }
}

TEST(StoredDocumentTest, BodyIsStoredOnceAndTheHashIsTheFullDumpHash) {
  std::vector<v1::Document> docs;
  docs.push_back(testing::MakeArticle("a1", "Title \"quoted\"",
                                      {"First para.", "Second \xE2\x80\x94 line\n"}));
  docs.push_back(testing::MakeArticle("a2", "Bad \xC3( utf", {"Body with \xFF byte", "x\ty"}));
  v1::Document no_text = testing::MakeArticle("a3", "From blocks", {"Only in blocks."});
  no_text.clear_text();  // the body comes from the kept blocks.
  docs.push_back(no_text);
  v1::Document errors = testing::MakeArticle("a4", "With errors", {"Body."});
  auto* e = errors.add_errors();
  e->set_stage("extract");
  e->set_code("date");
  e->set_message("no date");
  auto* p = errors.add_people();
  p->set_name("Zed Person");
  p->set_role("source");
  docs.push_back(errors);
  // Every member of the JSON form set, several items per array, odd bytes in each kind of value.
  v1::Document full = testing::MakeArticle("a5", "Full \x01 form", {"One.", "Two \\ \"q\""});
  full.mutable_source()->set_path("/data/a5.html");
  full.mutable_fetch()->set_final_url("https://news.example/final/a5");
  auto* fm = full.mutable_metadata();
  fm->set_site_name("News \xE2\x80\x94 Example");
  fm->set_canonical_url("https://news.example/c/a5");
  fm->set_image("https://news.example/i.jpg");
  fm->set_description("A \"described\" story\n");
  fm->set_section("World");
  fm->add_tags("tag one");
  fm->add_tags("bad \xFF tag");
  fm->add_authors("Second \xC3\xA9 Author");
  fm->mutable_modified()->set_unix_seconds(1594190000);
  auto* c2 = fm->add_captions();
  c2->set_text("");
  c2->set_credit("Credit \t two");
  auto* q2 = full.add_quotes();
  q2->set_text("Second quote");
  for (int i = 0; i < 2; ++i) {
    auto* fe = full.add_errors();
    fe->set_stage("clean");
    fe->set_code("c" + std::to_string(i));
    fe->set_message("msg");
    auto* fp = full.add_people();
    fp->set_name("Person " + std::to_string(i));
  }
  docs.push_back(full);
  v1::Document empty;  // nothing set but the id.
  empty.set_id("a6");
  docs.push_back(empty);
  for (const auto& doc : docs) {
    StoredDocument s = MakeStoredDocument(doc);
    EXPECT_EQ(s.text, BodyText(doc));
    auto j = nlohmann::json::parse(s.doc_json);
    EXPECT_FALSE(j.contains("text")) << s.doc_json;
    EXPECT_TRUE(j.contains("title"));
    EXPECT_EQ(FullDocumentJson(s.doc_json, s.text), Dump(DocumentToJson(doc)));
    EXPECT_EQ(s.content_hash, FullDumpHash(doc)) << doc.id();
  }
  // A doc_json written with its body (by an earlier version) reads back as it is.
  const std::string old = Dump(DocumentToJson(docs[0]));
  EXPECT_EQ(FullDocumentJson(old, "ignored"), old);
}

TEST(StoredDocumentTest, ContentChangesChangeTheHash) {
  v1::Document doc = testing::MakeArticle("b", "T", {"One.", "Two."});
  const std::string h = MakeStoredDocument(doc).content_hash;
  v1::Document edited = doc;
  edited.set_text("One.\n\nTwo!");
  EXPECT_NE(MakeStoredDocument(edited).content_hash, h);
  v1::Document verdict = doc;
  verdict.mutable_blocks(1)->set_boilerplate(true);
  EXPECT_NE(MakeStoredDocument(verdict).content_hash, h);
  v1::Document timing = doc;
  timing.mutable_fetch()->set_fetched_unix_ms(12345);
  EXPECT_EQ(MakeStoredDocument(timing).content_hash, h);
}

}  // namespace
}  // namespace newspipe
