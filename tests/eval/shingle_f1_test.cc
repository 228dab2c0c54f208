// The shingle scorer against cases worked out by hand from ../shared/eval/METRIC.md.
#include "eval/shingle_f1.h"

#include <gtest/gtest.h>

namespace newspipe {
namespace {

TEST(ShingleF1, IdenticalTextsScoreOne) {
  ShingleScore s = ScoreShingles("a b c d e", "a b c d e");
  EXPECT_EQ(s.tp, 2u);  // (a b c d), (b c d e)
  EXPECT_EQ(s.fp, 0u);
  EXPECT_EQ(s.fn, 0u);
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  EXPECT_DOUBLE_EQ(s.recall, 1.0);
  EXPECT_TRUE(s.exact);
}

TEST(ShingleF1, PunctuationAndParagraphBreaksDoNotMatter) {
  ShingleScore s = ScoreShingles("One, two - three.\n\nFour five", "One two three Four five");
  EXPECT_TRUE(s.exact);
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
}

TEST(ShingleF1, CaseSensitive) {
  ShingleScore s = ScoreShingles("a b c d", "A b c d");
  EXPECT_EQ(s.tp, 0u);
  EXPECT_EQ(s.fp, 1u);
  EXPECT_EQ(s.fn, 1u);
  EXPECT_DOUBLE_EQ(s.precision, 0.0);
  EXPECT_FALSE(s.exact);
}

TEST(ShingleF1, ExtraTextLowersPrecision) {
  // truth: a b c d e -> {abcd, bcde}; prediction: a b c d e f -> {abcd, bcde, cdef}.
  ShingleScore s = ScoreShingles("a b c d e", "a b c d e f");
  EXPECT_EQ(s.tp, 2u);
  EXPECT_EQ(s.fp, 1u);
  EXPECT_EQ(s.fn, 0u);
  EXPECT_DOUBLE_EQ(s.precision, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.recall, 1.0);
}

TEST(ShingleF1, MissingTextLowersRecall) {
  // truth: 7 tokens -> 4 shingles; prediction: first 5 tokens -> 2 shingles, both right.
  ShingleScore s = ScoreShingles("a b c d e f g", "a b c d e");
  EXPECT_EQ(s.tp, 2u);
  EXPECT_EQ(s.fn, 2u);
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
}

TEST(ShingleF1, RepeatsCountAsMultiset) {
  // truth "x y z w x y z w": 5 shingles, xyzw x2, yzwx, zwxy, wxyz. prediction "x y z w":
  // xyzw x1. tp = min(2,1) = 1, fn = (2-1) + 1 + 1 + 1 = 4.
  ShingleScore s = ScoreShingles("x y z w x y z w", "x y z w");
  EXPECT_EQ(s.tp, 1u);
  EXPECT_EQ(s.fp, 0u);
  EXPECT_EQ(s.fn, 4u);
  EXPECT_DOUBLE_EQ(s.recall, 0.2);
}

TEST(ShingleF1, ShortTextsGiveOneShorterShingle) {
  ShingleScore s = ScoreShingles("hello world", "hello world");
  EXPECT_EQ(s.tp, 1u);
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  ShingleScore t = ScoreShingles("hello world", "hello there world");
  EXPECT_EQ(t.tp, 0u);
  EXPECT_EQ(t.fp, 1u);
  EXPECT_EQ(t.fn, 1u);
}

TEST(ShingleF1, EmptyPrediction) {
  ShingleScore s = ScoreShingles("a b c d", "");
  EXPECT_TRUE(s.prediction_empty);
  EXPECT_DOUBLE_EQ(s.precision, 0.0);
  EXPECT_DOUBLE_EQ(s.recall, 0.0);
  ShingleScore both = ScoreShingles("", "...");
  EXPECT_DOUBLE_EQ(both.precision, 1.0);  // fp = fn = 0
  EXPECT_DOUBLE_EQ(both.recall, 1.0);
}

TEST(ShingleF1, UnicodeWordsLikePython) {
  // Python: re.findall(r"\w+", "naïve café, 東京 ½ x\u0301y") ==
  //   ['naïve', 'café', '東京', '½', 'x', 'y']  (a combining mark splits a word).
  ShingleScore s = ScoreShingles("naïve café 東京 ½ x y", "naïve café, 東京 ½ x\u0301y");
  EXPECT_TRUE(s.exact);
  ShingleScore apostrophe = ScoreShingles("don t", "don't");
  EXPECT_TRUE(apostrophe.exact);
}

TEST(ShingleF1, CorpusFiguresAreMacroAverages) {
  std::vector<ShingleScore> docs;
  docs.push_back(ScoreShingles("a b c d e", "a b c d e f"));    // P 2/3, R 1
  docs.push_back(ScoreShingles("a b c d e f g", "a b c d e"));  // P 1, R 1/2
  docs.push_back(ScoreShingles("a b c d", ""));                 // empty: out of P, R 0
  CorpusScore c = AggregateShingles(docs);
  double p = (2.0 / 3.0 + 1.0) / 2.0;
  double r = (1.0 + 0.5 + 0.0) / 3.0;
  EXPECT_DOUBLE_EQ(c.precision, p);
  EXPECT_DOUBLE_EQ(c.recall, r);
  EXPECT_DOUBLE_EQ(c.f1, 2 * p * r / (p + r));
  EXPECT_DOUBLE_EQ(c.accuracy, 0.0);
  EXPECT_EQ(c.empty_predictions, 1u);
}

}  // namespace
}  // namespace newspipe
