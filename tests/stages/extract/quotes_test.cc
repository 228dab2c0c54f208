#include "stages/extract/quotes.h"

#include <gtest/gtest.h>

namespace newspipe::extract {
namespace {

QuoteResult Find(std::vector<std::string> const& paragraphs) {
  std::vector<BodyBlock> blocks;
  for (size_t i = 0; i < paragraphs.size(); ++i)
    blocks.push_back({static_cast<int>(i), paragraphs[i]});
  return FindQuotes(blocks);
}

TEST(Quotes, NameSaidAndSaidName) {
  auto r = Find({"\u201cWe will not give in to any of these demands,\u201d Merkel said on Monday.",
                 "\u201cThe market is going to be very volatile this year,\u201d said Jane Doe, an "
                 "analyst at a bank."});
  ASSERT_EQ(r.quotes.size(), 2u);
  EXPECT_EQ(r.quotes[0].speaker(), "Merkel");
  EXPECT_EQ(r.quotes[0].text(), "We will not give in to any of these demands");
  EXPECT_EQ(r.quotes[0].block_index(), 0);
  EXPECT_EQ(r.quotes[1].speaker(), "Jane Doe");
}

TEST(Quotes, PronounResolvesToThePersonLastNamed) {
  auto r = Find({"Prime Minister Anna Berg met the press on Friday.",
                 "\u201cWe have done everything we could do for the region,\u201d she said."});
  ASSERT_EQ(r.quotes.size(), 1u);
  EXPECT_EQ(r.quotes[0].speaker(), "Anna Berg");
  ASSERT_EQ(r.people.size(), 1u);
  EXPECT_EQ(r.people[0].role(), "Prime Minister");
}

TEST(Quotes, SpeakerBeforeTheQuote) {
  auto r =
      Find({"Halloway said: \u201cThis trip is to talk with our trusted partners here.\u201d"});
  ASSERT_EQ(r.quotes.size(), 1u);
  EXPECT_EQ(r.quotes[0].speaker(), "Halloway");
}

TEST(Quotes, MultiParagraph) {
  auto r = Find({"\u201cThe first part of a long statement goes on and on,",
                 "\u201cand the second paragraph finishes it at last,\u201d said John Smith."});
  ASSERT_EQ(r.quotes.size(), 1u);
  EXPECT_EQ(r.quotes[0].speaker(), "John Smith");
  EXPECT_EQ(r.quotes[0].block_index(), 0);
  EXPECT_NE(r.quotes[0].text().find("second paragraph"), std::string::npos);
}

TEST(Quotes, NestedSingleQuotesStayInside) {
  auto r =
      Find({"\u201cHe told me \u2018never again\u2019 and then he left the room,\u201d Lee said."});
  ASSERT_EQ(r.quotes.size(), 1u);
  EXPECT_EQ(r.quotes[0].text(), "He told me \u2018never again\u2019 and then he left the room");
  EXPECT_EQ(r.quotes[0].speaker(), "Lee");
}

TEST(Quotes, ScareQuotesAreNotQuotes) {
  auto r = Find({"The country clings to \u201chostile policies\u201d and a \u201cvision.\u201d"});
  EXPECT_TRUE(r.quotes.empty());
}

TEST(Quotes, GermanMarks) {
  auto r =
      Find({"\u201eWir schaffen das, ganz sicher und ohne Zweifel\u201c, sagte Angela Merkel."});
  ASSERT_EQ(r.quotes.size(), 1u);
  EXPECT_EQ(r.quotes[0].speaker(), "Angela Merkel");
}

}  // namespace
}  // namespace newspipe::extract
