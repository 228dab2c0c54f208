// The client-side lexemes for PostgreSQL search: words, the tsvector literal, and (against a real
// server when NEWSPIPE_PG_DSN is set) agreement with what to_tsvector('simple') makes of plain
// text.
#include "stages/store/postgres_lexemes.h"

#include <algorithm>
#include <cstdlib>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

namespace newspipe {
namespace {

using ::testing::ElementsAre;

TEST(PostgresLexemesTest, WordsAreLowerCasedRunsOfLettersAndDigits) {
  EXPECT_THAT(SearchWords("The U.S. envoy's 2nd visit -- Seoul!"),
              ElementsAre("the", "u", "s", "envoy", "s", "2nd", "visit", "seoul"));
  // Unicode letters are lower-cased; a combining accent stays in its word.
  EXPECT_THAT(SearchWords("\xC3\x89T\xC3\x89 Stra\xC3\x9F"
                          "e Cafe\xCC\x81 \xD0\x9C\xD0\x98\xD0\xA0"),
              ElementsAre("\xC3\xA9t\xC3\xA9",
                          "stra\xC3\x9F"
                          "e",
                          "cafe\xCC\x81", "\xD0\xBC\xD0\xB8\xD1\x80"));
  // Quotes, backslashes, NULs and invalid bytes separate words; nothing else survives.
  EXPECT_THAT(SearchWords(std::string("a'b\\c\0d \xFF"
                                      "e",
                                      10)),
              ElementsAre("a", "b", "c", "d", "e"));
  EXPECT_TRUE(SearchWords(" -- ").empty());
}

TEST(PostgresLexemesTest, TsvectorWeightsTitleAndNumbersBodyAfterIt) {
  EXPECT_EQ(PostgresTsvector("Envoy visits", "The envoy met the press."),
            "'envoy':1A,4B 'met':5B 'press':7B 'the':3B,6B 'visits':2A");
  EXPECT_EQ(PostgresTsvector("", ""), "");
  std::string quote;
  AppendQuotedLexeme(quote, "it's\\");
  EXPECT_EQ(quote, "'it''s\\\\'");
}

TEST(PostgresLexemesTest, TermsAreTheLexemesByHashWithTitleAndBodyCounts) {
  // Stored in the database: these values must never change.
  EXPECT_EQ(PostgresWordHash("w18676"), 288015909);
  EXPECT_EQ(PostgresWordHash("w34583"), 288015909);  // a collision, for the search test.
  DocTerms terms;
  const std::string tsv =
      PostgresTsvectorBinary("Envoy visits", "The envoy met the press. The end.", terms);
  EXPECT_EQ(tsv, PostgresTsvectorBinary("Envoy visits", "The envoy met the press. The end."));
  EXPECT_EQ(terms.length, 9u);
  struct Want {
    const char* word;
    uint16_t title, body;
  };
  std::vector<TermStat> expected;
  for (Want w : {Want{"envoy", 1, 1}, Want{"visits", 1, 0}, Want{"the", 0, 3}, Want{"met", 0, 1},
                 Want{"press", 0, 1}, Want{"end", 0, 1}}) {
    expected.push_back(TermStat{static_cast<uint32_t>(PostgresWordHash(w.word)), w.title, w.body});
  }
  std::sort(expected.begin(), expected.end(),
            [](const TermStat& a, const TermStat& b) { return a.hash < b.hash; });
  ASSERT_EQ(terms.terms.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(terms.terms[i].hash, expected[i].hash) << i;
    EXPECT_EQ(terms.terms[i].title_tf, expected[i].title_tf) << i;
    EXPECT_EQ(terms.terms[i].body_tf, expected[i].body_tf) << i;
  }
  // Two lexemes with one hash are one term.
  PostgresTsvectorBinary("w18676", "w34583 w34583", terms);
  ASSERT_EQ(terms.terms.size(), 1u);
  EXPECT_EQ(terms.terms[0].title_tf, 1);
  EXPECT_EQ(terms.terms[0].body_tf, 2);
  PostgresTsvectorBinary("", " -- ", terms);
  EXPECT_TRUE(terms.terms.empty());
  EXPECT_EQ(terms.length, 0u);
}

TEST(PostgresLexemesTest, PositionsAreCappedLikeToTsvector) {
  std::string body;
  for (int i = 0; i < 20000; ++i) body += "w ";
  const std::string tsv = PostgresTsvector("", body);
  // 256 positions at most for one lexeme.
  EXPECT_EQ(std::count(tsv.begin(), tsv.end(), ','), 255);
  std::string many;
  for (int i = 0; i < 17000; ++i) {
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on the temporaries
    // of "x" + std::to_string(i) + " " in release builds.
    many += 'x';
    many += std::to_string(i);
    many += ' ';
  }
  const std::string capped = PostgresTsvector("", many);
  EXPECT_NE(capped.find("'x16999':16383B"), std::string::npos);
  EXPECT_EQ(capped.find(":16384"), std::string::npos);
}

TEST(PostgresLexemesTest, MatchesTheServerOnPlainText) {
  const char* dsn = std::getenv("NEWSPIPE_PG_DSN");
  if (dsn == nullptr || *dsn == '\0') GTEST_SKIP() << "NEWSPIPE_PG_DSN is not set";
  pqxx::connection conn(dsn);
  pqxx::work tx(conn);
  const std::string title = "Envoy Arrives In Seoul";
  // Lower-case letters only outside ASCII: the server lower-cases them by its locale (the test
  // cluster has none), the client always by Unicode.
  const std::string body =
      "The envoy met officials in Seoul on Wednesday; talks continue. O'Brien said: "
      "\"we'll see\". Caf\xC3\xA9 \xC3\xA9t\xC3\xA9 stra\xC3\x9F"
      "e \xD0\xBC\xD0\xB8\xD1\x80 2020 results.";
  pqxx::result r = tx.exec_params(
      "SELECT $1::tsvector = (setweight(to_tsvector('simple', $2), 'A') || "
      "setweight(to_tsvector('simple', $3), 'B')), $1::tsvector::text, "
      "(setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), "
      "'B'))::text",
      PostgresTsvector(title, body), title, body);
  EXPECT_TRUE(r[0][0].as<bool>()) << r[0][1].as<std::string>() << "\n" << r[0][2].as<std::string>();
}

TEST(PostgresLexemesTest, BinaryFormIsTheSameTsvectorAsTheLiteral) {
  const char* dsn = std::getenv("NEWSPIPE_PG_DSN");
  if (dsn == nullptr || *dsn == '\0') GTEST_SKIP() << "NEWSPIPE_PG_DSN is not set";
  pqxx::connection conn(dsn);
  pqxx::work tx(conn);
  std::string many;  // over 256 positions for one lexeme, and past position 16383.
  for (int i = 0; i < 17000; ++i) {
    if (i % 3 == 0) {
      many += "same ";
    } else {
      many += 'w';
      many += std::to_string(i);
      many += ' ';
    }
  }
  const std::pair<std::string, std::string> cases[] = {
      {"Envoy Arrives In Seoul", "The envoy met officials in Seoul; O'Brien said \\ back."},
      {"", ""},
      {"Caf\xC3\xA9 caf\xC3\xA9", "CAF\xC3\x89 \xD0\xBC\xD0\xB8\xD1\x80 a b a"},
      {"Title", many},
  };
  for (const auto& [title, body] : cases) {
    const std::string binary = PostgresTsvectorBinary(title, body);
    // A binarystring parameter goes in binary format, so the server reads it with tsvectorrecv.
    pqxx::result r = tx.exec_params("SELECT $1::tsvector = $2::tsvector, $1::tsvector::text",
                                    pqxx::binarystring(binary.data(), binary.size()),
                                    PostgresTsvector(title, body));
    EXPECT_TRUE(r[0][0].as<bool>()) << title << ": " << r[0][1].as<std::string>().substr(0, 200);
  }
}

}  // namespace
}  // namespace newspipe
