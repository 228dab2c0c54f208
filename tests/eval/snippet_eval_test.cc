// The snippet scorer against cases worked out by hand.
#include "eval/snippet_eval.h"

#include <gtest/gtest.h>

namespace newspipe {
namespace {

TEST(SnippetEval, WhiteSpaceIsNormalised) {
  EXPECT_EQ(NormalizeSpaces("  a \n\t b\u00a0c  "), "a b c");
  SnippetCounts c = ScoreSnippets("The quick\n\nbrown fox.", {"quick brown", "lazy dog"},
                                  {"brown  fox", "Impressum"});
  EXPECT_EQ(c.tp, 1u);
  EXPECT_EQ(c.fn, 1u);
  EXPECT_EQ(c.fp, 1u);
  EXPECT_EQ(c.tn, 1u);
  EXPECT_DOUBLE_EQ(c.precision(), 0.5);
  EXPECT_DOUBLE_EQ(c.recall(), 0.5);
  EXPECT_DOUBLE_EQ(c.f1(), 0.5);
  EXPECT_DOUBLE_EQ(c.accuracy(), 0.5);
}

TEST(SnippetEval, PooledCounts) {
  SnippetCounts total;
  total += ScoreSnippets("alpha beta", {"alpha", "beta"}, {"gamma"});  // tp 2, tn 1
  total += ScoreSnippets("", {"delta"}, {"epsilon"});                  // fn 1, tn 1
  EXPECT_EQ(total.tp, 2u);
  EXPECT_EQ(total.fn, 1u);
  EXPECT_EQ(total.tn, 2u);
  EXPECT_EQ(total.fp, 0u);
  EXPECT_DOUBLE_EQ(total.precision(), 1.0);
  EXPECT_DOUBLE_EQ(total.recall(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(total.accuracy(), 4.0 / 5.0);
}

}  // namespace
}  // namespace newspipe
