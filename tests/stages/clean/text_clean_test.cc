// Plain-text pages: the seed article and hand-written ones.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "stages/clean/cleaner.h"
#include "stages/clean/text_page.h"

namespace newspipe {
namespace {

std::string SharedDir() {
  const char* env = std::getenv("NEWSPIPE_SHARED");
  return env ? env : NEWSPIPE_SHARED_DIR;
}

TEST(TextClean, LineRules) {
  EXPECT_TRUE(IsAgencyLine("REUTERS"));
  EXPECT_TRUE(IsAgencyLine("The Associated Press"));
  EXPECT_FALSE(IsAgencyLine("Reuters reported on Monday"));
  EXPECT_TRUE(EndsWithPhotoCredit("A man walks past. (Pool Photo via AP)"));
  EXPECT_TRUE(EndsWithPhotoCredit("Smoke rises over the city (Reuters)"));
  EXPECT_FALSE(EndsWithPhotoCredit("The rate rose (to 5 percent)"));
  EXPECT_TRUE(LooksLikeDateLine("July 8, 2020 at 13:33 JST"));
  EXPECT_TRUE(LooksLikeDateLine("Published: March 14 2011 07:00"));
  EXPECT_FALSE(LooksLikeDateLine("He arrived on July 8, 2020 to meet officials in Seoul"));
  EXPECT_TRUE(IsNavigationLine("Home > World > Asia"));
  EXPECT_TRUE(IsNavigationLine("Read more"));
  EXPECT_TRUE(IsBareCredit("Photo: Reuters"));
  EXPECT_TRUE(LooksLikeImageLabel("Titelbild: Jane Doe/Agency"));
  EXPECT_TRUE(LooksLikeImageLabel("Abbildung 4: Der Gletscher im Sommer."));
  EXPECT_TRUE(LooksLikeImageLabel("Jan Novak, photo: Archives of the Government"));
  EXPECT_FALSE(LooksLikeImageLabel("Photo: Reuters"));  // news benchmarks keep these.
  EXPECT_FALSE(LooksLikeImageLabel("Bildung: Die Schulen bleiben im Winter offen."));
  EXPECT_FALSE(LooksLikeImageLabel("The mayor said: the photo was taken in May."));
  EXPECT_TRUE(LooksLikeDateLine("Ultima modifica 19 Febbraio 2020 12:02"));
  EXPECT_FALSE(LooksLikeDateLine("Il 19 febbraio 2020 il sindaco ha aperto la nuova biblioteca"));
  EXPECT_TRUE(IsNavigationLine("Externer Inhalt"));
  EXPECT_TRUE(IsNavigationLine("Bild anzeigen Bild schließen"));
}

TEST(TextClean, TrailingTeasersGoButTheLastQuoteStays) {
  std::string text =
      "PARIS--The city council voted on Tuesday to extend the cycling lanes along the river.\n"
      "The council said the lanes would open before the summer and cost about two million euros.\n"
      "Cyclists' groups welcomed the council vote on the lanes and asked for more parking.\n"
      "\"We have waited years for safe lanes along the river,\" said a spokeswoman for a group.\n"
      "Discover recipes from our kitchen team every week.\n"
      "A weekly podcast about science, space and technology.\n";
  auto blocks = CleanTextPage(text);
  ASSERT_EQ(blocks.size(), 6u);
  EXPECT_FALSE(blocks[3].boilerplate);
  EXPECT_TRUE(blocks[4].boilerplate);
  EXPECT_EQ(blocks[4].rule, "trailing-teaser");
  EXPECT_TRUE(blocks[5].boilerplate);
}

TEST(TextClean, AShortSourceLineOverTheDateIsNotTheHeadline) {
  std::string text =
      "The Lakeside Gazette\n\n"
      "Floods close the valley road for a second week\n\n"
      "Gazette Wire\n"
      "March 3, 2026 at 08:15 CET\n\n"
      "LAKESIDE--The valley road stayed closed on Tuesday as the river rose again overnight.\n";
  auto blocks = CleanTextPage(text);
  ASSERT_EQ(blocks.size(), 5u);
  EXPECT_TRUE(blocks[1].title);
  EXPECT_FALSE(blocks[2].title);
  EXPECT_EQ(blocks[2].type, v1::METADATA_LINE);
  EXPECT_EQ(blocks[2].rule, "source-line");

  // A short headline is no source line: nothing longer is there.
  blocks = CleanTextPage(
      "Lakeside Gazette\n\nValley road closed\n\nMarch 3, 2026 at 08:15 CET\n\n"
      "LAKESIDE--The valley road stayed closed on Tuesday as the river rose again overnight.\n");
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_TRUE(blocks[1].title);
}

TEST(TextClean, ATrailingListOfLabelledPromosGoesWhole) {
  std::string text =
      "LAKESIDE--The valley road stayed closed on Tuesday as the river rose again overnight.\n"
      "Engineers from Lakeside said the bridge at the mill was safe but would be checked daily.\n"
      "Farmers in the valley moved their animals to higher fields for the second time in March.\n"
      "The weather service expects the rain to ease on Thursday, the valley office said.\n"
      "Lakeside Mornings: the valley's news before breakfast, every weekday.\n"
      "Gazette Archive: a century of the valley's front pages for subscribers.\n"
      "Weekend Table: recipes from the market traders of the region.\n";
  auto blocks = CleanTextPage(text);
  ASSERT_EQ(blocks.size(), 7u);
  EXPECT_FALSE(blocks[3].boilerplate);
  for (size_t i = 4; i < 7; ++i) {
    EXPECT_TRUE(blocks[i].boilerplate) << blocks[i].text;
    EXPECT_EQ(blocks[i].rule, "trailing-teaser");
  }

  // A fact box of one-word labels that share the article's words stays.
  blocks = CleanTextPage(
      "LAKESIDE--The valley museum reopens on Saturday after a year of repairs to its roof.\n"
      "The museum said its collection of mill machinery was moved back into the main hall.\n"
      "Visitors can see the machinery working every afternoon, the museum director said.\n"
      "The repairs of the museum roof cost the valley council about two million crowns.\n"
      "Tickets: 12 crowns, free for children under twelve years at the museum.\n"
      "Hours: the museum is open from Tuesday to Sunday in the valley.\n"
      "Address: 4 Mill Street, next to the valley museum's old roof.\n");
  ASSERT_EQ(blocks.size(), 7u);
  EXPECT_FALSE(blocks[4].boilerplate) << blocks[4].rule;
}

TEST(TextClean, SeedArticle) {
  std::ifstream in(SharedDir() + "/data/seed/ajw-2020-07-08-biegun-seoul.txt", std::ios::binary);
  if (!in) GTEST_SKIP() << "shared data not found";
  std::stringstream ss;
  ss << in.rdbuf();
  v1::Document doc;
  doc.mutable_fetch()->set_format(v1::Fetch::TEXT);
  doc.mutable_fetch()->set_raw(ss.str());
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  const std::string& text = doc.text();
  EXPECT_EQ(text.rfind("SEOUL--U.S. Deputy Secretary of State", 0), 0u) << text.substr(0, 200);
  const std::string end = "tests more weapons,\u201d she said.";
  ASSERT_GE(text.size(), end.size());
  EXPECT_EQ(text.substr(text.size() - end.size()), end);
  EXPECT_NE(text.find("NORTH KOREA NOT ENGAGING"), std::string::npos);
  for (const char* gone : {"REUTERS", "JST", "Pool Photo via AP", "hibakusha", "music industry",
                           "Cooking experts", "diplomatic documents", "Japanese-Americans"}) {
    EXPECT_EQ(text.find(gone), std::string::npos) << gone;
  }
  int agency = -1, date = -1, caption = -1, subhead = -1;
  for (int i = 0; i < doc.blocks_size(); ++i) {
    const auto& b = doc.blocks(i);
    if (b.text() == "REUTERS") agency = b.type();
    if (b.text() == "July 8, 2020 at 13:33 JST") date = b.type();
    if (b.text().find("(Pool Photo via AP)") != std::string::npos) caption = b.type();
    if (b.text() == "NORTH KOREA NOT ENGAGING") subhead = b.type();
  }
  EXPECT_EQ(agency, v1::METADATA_LINE);
  EXPECT_EQ(date, v1::METADATA_LINE);
  EXPECT_EQ(caption, v1::CAPTION);
  EXPECT_EQ(subhead, v1::HEADING);
}

}  // namespace
}  // namespace newspipe
