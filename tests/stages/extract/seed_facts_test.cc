// The seed article's facts (see ../shared/data/README.md), from a hand-built copy of what clean
// hands over and, when the shared data is present, from the real file.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "stages/common/document_json.h"
#include "test_docs.h"

namespace newspipe::extract {
namespace {

using testing::Extract;
using testing::SeedLikeDocument;

constexpr const char* kSeedStart =
    "REUTERS\n"
    "July 8, 2020 at 13:33 JST\n"
    "U.S. Deputy Secretary of State Stephen Biegun, left, walks with his South Korean "
    "counterpart Lee Do-hoon after their meeting at the Foreign Ministry in Seoul on July 8. "
    "(Pool Photo via AP)\n"
    "SEOUL--U.S. Deputy Secretary of State Stephen Biegun on Wednesday rejected reports that he "
    "was seeking to meet North Korean officials during a visit to South Korea this week.\n"
    "Biegun\u2019s visit had sparked speculation about a last-ditch effort to revive the talks.\n"
    "\u201cLet me absolutely be clear, we did not request a visit,\u201d Biegun said after "
    "meeting Lee. \u201cThis visit this week is to meet with our close friends and allies, the "
    "South Koreans.\u201d\n"
    "But Biegun said he was ready to resume talks at any time the North Koreans designate.\n"
    "\u201cWe look forward to continuing our work for a peaceful outcome of the Korean "
    "Peninsula, I believe this is very much possible,\u201d he said, noting that U.S. President "
    "Donald Trump had given his full support.\n"
    "NORTH KOREA NOT ENGAGING\n"
    "North Korea\u2019s strident rejection of new talks means the visit is more likely to focus "
    "on coordination, said John Delury, a North Korea expert at Yonsei University in Seoul.\n"
    "\u201cI don\u2019t see signals from North Korea that they are looking for engagement,\u201d "
    "he said.\n"
    "Here is a collection of first-hand accounts by \u201chibakusha\u201d atomic bomb "
    "survivors.\n";

void ExpectSeedFacts(const v1::Document& doc) {
  const v1::Metadata& m = doc.metadata();
  EXPECT_EQ(m.agency(), "Reuters");
  EXPECT_EQ(m.dateline(), "SEOUL");
  EXPECT_EQ(m.published().unix_seconds(), 1594182780);  // 2020-07-08T04:33:00Z
  EXPECT_EQ(m.published().offset_minutes(), 540);
  EXPECT_TRUE(m.published().has_offset());
  EXPECT_EQ(FormatUtc(m.published()), "2020-07-08T04:33:00Z");
  EXPECT_EQ(FormatLocal(m.published()), "2020-07-08T13:33:00+09:00");
  ASSERT_GE(m.captions_size(), 1);
  EXPECT_EQ(m.captions(0).credit(), "Pool Photo via AP");
  EXPECT_NE(m.captions(0).text().find("Stephen Biegun"), std::string::npos);
  EXPECT_EQ(m.language(), "en");
  bool found = false;
  for (const auto& q : doc.quotes()) {
    if (q.text().starts_with("Let me absolutely be clear")) {
      found = true;
      EXPECT_EQ(q.speaker(), "Biegun");
    }
  }
  EXPECT_TRUE(found) << "the Biegun quote";
  const v1::Provenance* p = testing::FindProvenance(doc, "published");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->source(), "text");
}

TEST(SeedFacts, HandBuiltDocument) {
  v1::Document doc = Extract(SeedLikeDocument(kSeedStart));
  ExpectSeedFacts(doc);
  // Quotes: the second sentence inherits the speaker; pronouns resolve to the person last named.
  std::vector<std::pair<std::string, std::string>> quotes;
  for (const auto& q : doc.quotes()) quotes.emplace_back(q.text().substr(0, 20), q.speaker());
  ASSERT_EQ(doc.quotes_size(), 4);
  EXPECT_EQ(doc.quotes(1).speaker(), "Biegun");
  EXPECT_TRUE(doc.quotes(1).text().starts_with("This visit this week"));
  EXPECT_EQ(doc.quotes(2).speaker(), "Biegun");
  EXPECT_EQ(doc.quotes(3).speaker(), "John Delury");
  // People with roles.
  bool biegun = false;
  for (const auto& p : doc.people()) {
    if (p.name() == "Stephen Biegun") {
      biegun = true;
      EXPECT_EQ(p.role(), "U.S. Deputy Secretary of State");
    }
  }
  EXPECT_TRUE(biegun);
}

TEST(SeedFacts, RealFileLinesAsBlocks) {
  const char* env = std::getenv("NEWSPIPE_SHARED");
  std::filesystem::path shared = env ? env : NEWSPIPE_SHARED_DIR;
  std::filesystem::path seed = shared / "data/seed/ajw-2020-07-08-biegun-seoul.txt";
  if (!std::filesystem::exists(shared)) GTEST_SKIP() << "no shared data at " << shared;
  ASSERT_TRUE(std::filesystem::exists(seed));
  v1::Document doc = Extract(SeedLikeDocument(testing::ReadFile(seed.string())));
  ExpectSeedFacts(doc);
  for (const auto& q : doc.quotes()) {
    if (q.text().starts_with("The allies should get on the same page")) {
      EXPECT_EQ(q.speaker(), "Duyeon Kim");
    }
    if (q.text().starts_with("We look forward")) {
      EXPECT_EQ(q.speaker(), "Biegun");
    }
  }
}

}  // namespace
}  // namespace newspipe::extract
