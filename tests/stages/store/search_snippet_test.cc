#include "stages/store/search_snippet.h"

#include <gtest/gtest.h>

namespace newspipe {
namespace {

TEST(SearchSnippetTest, MarksWholeWordsAndPrefixesByTheIndexWordRule) {
  EXPECT_EQ(MakeSnippet("The Envoy's visit: envoys met.", {{"envoy", false}}, "[", "]"),
            "The [Envoy]'s visit: envoys met.");
  EXPECT_EQ(MakeSnippet("The Envoy's visit: envoys met.", {{"envoy", true}}, "<", ">"),
            "The <Envoy>'s visit: <envoys> met.");
  // Case and accents as the index folds them; a word is a run of letters and digits.
  EXPECT_EQ(MakeSnippet("ÉTÉ in Zürich, 2024-07", {{"été", false}, {"2024", false}}, "[", "]"),
            "[ÉTÉ] in Zürich, [2024]-07");
  EXPECT_EQ(MakeSnippet("", {{"a", false}}, "[", "]"), "");
  EXPECT_EQ(MakeSnippet(" -- ", {{"a", false}}, "[", "]"), "");
}

TEST(SearchSnippetTest, SaysWhichTermsTheTextHoldsEvenWhenOneWordMatchesTwo) {
  std::vector<bool> seen;
  // "figs" is the word and matches the prefix too; "plums" is not in the text.
  const std::string s = MakeSnippet("Fresh figs today.",
                                    {{"fig", true}, {"figs", false}, {"plums", false}}, "[", "]",
                                    24, &seen);
  EXPECT_EQ(s, "Fresh [figs] today.");
  EXPECT_EQ(seen, (std::vector<bool>{true, true, false}));
  MakeSnippet("", {{"fig", true}}, "[", "]", 24, &seen);
  EXPECT_EQ(seen, std::vector<bool>{false});
}

TEST(SearchSnippetTest, PicksTheWindowWithTheMostTermsAndCutsWithEllipses) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "w" + std::to_string(i) + " ";
  // w50 and w55 in one window of 10 words beats w5 alone.
  const std::string s =
      MakeSnippet(text, {{"w5", false}, {"w50", false}, {"w55", false}}, "[", "]", 10);
  EXPECT_EQ(s.rfind("…", 0), 0u) << s;
  EXPECT_NE(s.find("[w50]"), std::string::npos) << s;
  EXPECT_NE(s.find("[w55]"), std::string::npos) << s;
  EXPECT_EQ(s.find("[w5]"), std::string::npos) << s;
  EXPECT_EQ(s.substr(s.size() - 3), "…") << s;
  // A lone match sits in the middle of its window, not at its edge.
  const std::string centred = MakeSnippet(text, {{"w60", false}}, "[", "]", 11);
  EXPECT_EQ(centred, "…w55 w56 w57 w58 w59 [w60] w61 w62 w63 w64 w65…");
  // No match: the start of the text.
  EXPECT_EQ(MakeSnippet("a b c d", {{"z", false}}, "[", "]", 2), "a b…");
  // A short text is whole, without ellipses.
  EXPECT_EQ(MakeSnippet("a b c", {{"c", false}}, "[", "]", 24), "a b [c]");
}

}  // namespace
}  // namespace newspipe
