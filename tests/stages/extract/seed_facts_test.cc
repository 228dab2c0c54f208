// A wire story's facts (agency, local date line, photo credit, dateline, quotes and their
// speakers, people with roles) from an invented story shaped like the seed article (see
// ../shared/data/README.md), and, when the shared data is present, from the real seed file.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "stages/common/document_json.h"
#include "stages/extract/text_facts.h"
#include "test_docs.h"

namespace newspipe::extract {
namespace {

using testing::Extract;
using testing::SeedLikeDocument;

// An invented story in the seed article's shape: agency line, "Month D, YYYY at HH:MM JST",
// a photo caption with a pool credit, a "CITY--" dateline, quotes whose speakers are named
// after them or by a pronoun, a subhead in capitals, and a promo line at the end.
constexpr const char* kWireStory =
    "KYODO\n"
    "March 12, 2021 at 09:47 JST\n"
    "U.S. Deputy Secretary of Commerce Mark Halloway, right, shakes hands with his Japanese "
    "counterpart Ken Arata before their talks at the trade ministry in Tokyo on March 12. "
    "(Pool Photo via AP)\n"
    "TOKYO--U.S. Deputy Secretary of Commerce Mark Halloway on Friday dismissed reports that he "
    "was planning to lift tariffs on Japanese steel during a visit to Japan this week.\n"
    "Halloway\u2019s trip had fueled speculation about a quick deal to settle the long dispute.\n"
    "\u201cI want to be very clear, we have made no such offer,\u201d Halloway said after "
    "meeting Arata. \u201cThis trip this week is to talk with our trusted partners, the "
    "Japanese.\u201d\n"
    "But Halloway said he was willing to reopen negotiations whenever the two sides agree on a "
    "date.\n"
    "\u201cWe hope to keep working toward a fair outcome for workers in both countries, and I "
    "think that is well within reach,\u201d he said, adding that the White House had backed "
    "the effort.\n"
    "NO QUICK DEAL IN SIGHT\n"
    "With the gap over quotas this wide, the talks will center on procedure, said Daniel "
    "Finch, a trade economist at a university in Tokyo.\n"
    "\u201cI don\u2019t see any sign that either side is ready to give ground,\u201d he said.\n"
    "Here is a series of essays by young farmers on the future of their rural towns.\n";

struct WireFacts {
  std::string agency;
  std::string dateline;
  int64_t unix_seconds;
  std::string utc;
  std::string local;
  std::string caption_names;
  std::string quote_start;
  std::string quote_speaker;
};

void ExpectWireFacts(const v1::Document& doc, const WireFacts& want) {
  const v1::Metadata& m = doc.metadata();
  EXPECT_EQ(m.agency(), want.agency);
  EXPECT_EQ(m.dateline(), want.dateline);
  EXPECT_EQ(m.published().unix_seconds(), want.unix_seconds);
  EXPECT_EQ(m.published().offset_minutes(), 540);
  EXPECT_TRUE(m.published().has_offset());
  EXPECT_EQ(FormatUtc(m.published()), want.utc);
  EXPECT_EQ(FormatLocal(m.published()), want.local);
  ASSERT_GE(m.captions_size(), 1);
  EXPECT_EQ(m.captions(0).credit(), "Pool Photo via AP");
  EXPECT_NE(m.captions(0).text().find(want.caption_names), std::string::npos);
  EXPECT_EQ(m.language(), "en");
  bool found = false;
  for (const auto& q : doc.quotes()) {
    if (q.text().starts_with(want.quote_start)) {
      found = true;
      EXPECT_EQ(q.speaker(), want.quote_speaker);
    }
  }
  EXPECT_TRUE(found) << "the quote starting " << want.quote_start;
  const v1::Provenance* p = testing::FindProvenance(doc, "published");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->source(), "text");
}

TEST(SeedFacts, HandBuiltDocument) {
  v1::Document doc = Extract(SeedLikeDocument(kWireStory, 1));
  ExpectWireFacts(
      doc, {"Kyodo", "TOKYO", 1615510020, "2021-03-12T00:47:00Z", "2021-03-12T09:47:00+09:00",
            "Mark Halloway", "I want to be very clear", "Halloway"});
  // Quotes: the second sentence inherits the speaker; pronouns resolve to the person last named.
  ASSERT_EQ(doc.quotes_size(), 4);
  EXPECT_EQ(doc.quotes(1).speaker(), "Halloway");
  EXPECT_TRUE(doc.quotes(1).text().starts_with("This trip this week"));
  EXPECT_EQ(doc.quotes(2).speaker(), "Halloway");
  EXPECT_EQ(doc.quotes(3).speaker(), "Daniel Finch");
  // People with roles.
  bool halloway = false;
  for (const auto& p : doc.people()) {
    if (p.name() == "Mark Halloway") {
      halloway = true;
      EXPECT_EQ(p.role(), "U.S. Deputy Secretary of Commerce");
    }
  }
  EXPECT_TRUE(halloway);
}

// The real seed file, its lines typed as above: the facts ../shared/data/README.md requires.
TEST(SeedFacts, RealFileLinesAsBlocks) {
  const char* env = std::getenv("NEWSPIPE_SHARED");
  std::filesystem::path shared = env ? env : NEWSPIPE_SHARED_DIR;
  std::filesystem::path seed = shared / "data/seed/ajw-2020-07-08-biegun-seoul.txt";
  if (!std::filesystem::exists(shared)) GTEST_SKIP() << "no shared data at " << shared;
  ASSERT_TRUE(std::filesystem::exists(seed));
  v1::Document doc = Extract(SeedLikeDocument(testing::ReadFile(seed.string()), 5));
  ExpectWireFacts(
      doc, {"Reuters", "SEOUL", 1594182780, "2020-07-08T04:33:00Z", "2020-07-08T13:33:00+09:00",
            "Biegun", "Let me absolutely be clear", "Biegun"});
}

TEST(SeedFacts, DatelineIsThePlaceWithoutTheDate) {
  EXPECT_EQ(ReadDateline("HARBOUR CITY, Mar. 4 (Reuters) - The council met.").place,
            "HARBOUR CITY");
  EXPECT_EQ(ReadDateline("PORT ELLA, Dec 30 - The council met.").place, "PORT ELLA");
  EXPECT_EQ(ReadDateline("LAKESIDE, Mar. 8 /Example Wire/ -- Acme Corp announced ...").place,
            "LAKESIDE");
  // A region after the city stays.
  EXPECT_EQ(ReadDateline("RIVERTON, West Vale, Dec. 5 - The council met.").place,
            "RIVERTON, West Vale");
  EXPECT_EQ(ReadDateline("RIVERTON, Calif. - The council met.").place, "RIVERTON, Calif.");
}

TEST(SeedFacts, KickerOverATeaserIsNoDateline) {
  // A topic in capitals over a line that does not end like a sentence: a kicker.
  EXPECT_EQ(
      ReadDateline("FERRIES \u2013 Why the crews walk out and what the islanders do next").place,
      "");
  // The story's first sentence after the place: a dateline; so is a dateline on its own.
  EXPECT_EQ(ReadDateline("RIVERTON \u2013 The ferry crews walked out on Monday.").place,
            "RIVERTON");
  EXPECT_EQ(ReadDateline("RIVERTON \u2014").place, "RIVERTON");
  EXPECT_EQ(ReadDateline("RIVERTON - The islanders said: \u201cWe row.\u201d").place, "RIVERTON");
}

TEST(SeedFacts, CaptionsAreWordsAboutThePicture) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.harbourgazette.example/2021/05/07/stadium");
  testing::AddBlock(doc, v1::HEADING, "Council approves new stadium", false, 1);
  testing::AddBlock(doc, v1::CAPTION, "Mayor Ines Varga at the site &#133; in May.");
  testing::AddBlock(doc, v1::CAPTION, "Mayor Ines Varga at the site &#133; in May.");
  testing::AddBlock(doc, v1::CAPTION, "Enlarge Photo");
  testing::AddBlock(doc, v1::CAPTION, "Play Gallery");
  testing::AddBlock(doc, v1::CAPTION, "\u00bb");
  testing::AddBlock(doc, v1::CAPTION, "2");
  testing::AddBlock(doc, v1::CAPTION, "Play area by the pier");
  testing::AddBlock(doc, v1::CAPTION, "The pier at night (Photo: Tom Reyes (Harbour Club))");
  testing::AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  v1::Document out = Extract(doc);
  const auto& c = out.metadata().captions();
  ASSERT_EQ(c.size(), 3);
  // A Windows-1252 reference the page escaped twice reads as the character it means.
  EXPECT_EQ(c[0].text(), "Mayor Ines Varga at the site \u2026 in May.");
  EXPECT_EQ(c[1].text(), "Play area by the pier");
  EXPECT_EQ(c[2].text(), "The pier at night");
  // The bracket closing the credit goes, the one inside it stays.
  EXPECT_EQ(c[2].credit(), "Tom Reyes (Harbour Club)");
}

TEST(SeedFacts, LabelsMarkersAndConsentNoticesAreNoCaptions) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.harbourgazette.example/2021/05/07/stadium");
  testing::AddBlock(doc, v1::HEADING, "Council approves new stadium", false, 1);
  for (const char* label :
       {"Fotonachweis:", "Always active", "Leer m\u00e1s", "Galerie laden",
        "Videoplattform immer entsperren",
        "By loading the map you accept the privacy policy of the map service."}) {
    testing::AddBlock(doc, v1::CAPTION, label);
  }
  testing::AddBlock(doc, v1::CAPTION, "Fans load the team bus");
  testing::AddBlock(doc, v1::CAPTION, "Leer m\u00e1s about the pier: Ines Varga at the museum");
  testing::AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  v1::Document out = Extract(doc);
  const auto& c = out.metadata().captions();
  ASSERT_EQ(c.size(), 2);
  EXPECT_EQ(c[0].text(), "Fans load the team bus");
  EXPECT_EQ(c[1].text(), "Leer m\u00e1s about the pier: Ines Varga at the museum");
}

TEST(SeedFacts, CaptionsInThePagesFurnitureBelongToOtherPages) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.harbourgazette.example/2021/05/07/stadium");
  testing::AddBlock(doc, v1::HEADING, "Council approves new stadium", false, 1);
  // The lead picture above the text, outside its region: the article's.
  testing::AddBlock(doc, v1::CAPTION, "Mayor Ines Varga at the building site", true)
      ->set_rule("outside-main");
  // A slideshow of the article kept hidden until it opens: the article's.
  testing::AddBlock(doc, v1::CAPTION, "The stands seen from the river", true)
      ->set_rule("structure:hidden");
  testing::AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  // Thumbnails of other stories: a related box, a sidebar, a teaser list.
  testing::AddBlock(doc, v1::CAPTION, "Ferry timetable changes for the summer", true)
      ->set_rule("class:related");
  testing::AddBlock(doc, v1::CAPTION, "Lighthouse keeper retires after forty years", true)
      ->set_rule("class:sidebar");
  testing::AddBlock(doc, v1::CAPTION, "Storm warning for the coast", true)
      ->set_rule("teaser-section");
  v1::Document out = Extract(doc);
  const auto& c = out.metadata().captions();
  ASSERT_EQ(c.size(), 2);
  EXPECT_EQ(c[0].text(), "Mayor Ines Varga at the building site");
  EXPECT_EQ(c[1].text(), "The stands seen from the river");
}

TEST(SeedFacts, ACreditInItsOwnElementJoinsTheCaptionBeforeIt) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.harbourgazette.example/2021/05/07/stadium");
  testing::AddBlock(doc, v1::HEADING, "Council approves new stadium", false, 1);
  testing::AddBlock(doc, v1::CAPTION, "Caption: The new stands from the harbour wall");
  // The figure's copyright element, removed by its class: still the picture's credit.
  testing::AddBlock(doc, v1::CAPTION, "\u00a9 Quelle: Tom Reyes", true)->set_rule("class:footer");
  testing::AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  testing::AddBlock(doc, v1::CAPTION, "Fotos: Harbour Club Archive");
  testing::AddBlock(doc, v1::CAPTION, "The old stadium in 1950. Bildquelle: City Archive");
  testing::AddBlock(doc, v1::CAPTION, "Fans wait at the gate (Photo: Lena Hart)");
  v1::Document out = Extract(doc);
  const auto& c = out.metadata().captions();
  ASSERT_EQ(c.size(), 4);
  EXPECT_EQ(c[0].text(), "The new stands from the harbour wall");
  EXPECT_EQ(c[0].credit(), "Tom Reyes");
  EXPECT_EQ(c[1].text(), "");
  EXPECT_EQ(c[1].credit(), "Harbour Club Archive");
  EXPECT_EQ(c[2].text(), "The old stadium in 1950.");
  EXPECT_EQ(c[2].credit(), "City Archive");
  // The label inside the brackets goes too.
  EXPECT_EQ(c[3].text(), "Fans wait at the gate");
  EXPECT_EQ(c[3].credit(), "Lena Hart");
}

}  // namespace
}  // namespace newspipe::extract
