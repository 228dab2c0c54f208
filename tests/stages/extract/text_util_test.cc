// Case folding and letter classes of the extract stage's text helpers, across scripts.
#include <gtest/gtest.h>

#include "stages/extract/text_util.h"

namespace newspipe::extract {
namespace {

TEST(TextUtil, FoldCaseFollowsUnicodeInEveryRange) {
  // Latin Extended-A: the capital of a pair is the even code point in some runs and the odd
  // one in others (Ł U+0141 / ł U+0142, Ž U+017D / ž U+017E).
  EXPECT_EQ(FoldCase("ŁÓDŹ"), "łódź");
  EXPECT_EQ(FoldCase("łódź"), "łódź");
  EXPECT_EQ(FoldCase("ŽIŽKOV ŇUŇA ĽUBA"), "žižkov ňuňa ľuba");
  EXPECT_EQ(FoldCase("ĀĒĪ"), "āēī");
  EXPECT_EQ(FoldCase("ΑΘΗΝΑ МОСКВА"), "αθηνα москва");
  EXPECT_TRUE(StartsWithFolded("NAPISAŁ Jan", "napisał "));
  EXPECT_FALSE(StartsWithFolded("napisań Jan", "napisał "));
}

TEST(TextUtil, UpperLettersOfEveryRange) {
  EXPECT_TRUE(IsUpperLetter(U'Ł'));
  EXPECT_FALSE(IsUpperLetter(U'ł'));
  EXPECT_TRUE(IsUpperLetter(U'Ž'));
  EXPECT_FALSE(IsUpperLetter(U'ž'));
  EXPECT_TRUE(IsUpperLetter(U'Ő'));
  EXPECT_TRUE(IsUpperLetter(U'Д'));
  EXPECT_FALSE(IsUpperLetter(U'д'));
  EXPECT_FALSE(IsUpperLetter(U'中'));
  EXPECT_TRUE(IsAllCaps("ŁÓDŹ"));
  EXPECT_FALSE(IsAllCaps("Łódź"));
}

}  // namespace
}  // namespace newspipe::extract
