// Case folding and letter classes of the extract stage's text helpers, across scripts.
#include <gtest/gtest.h>

#include "stages/extract/text_util.h"
#include "test_docs.h"

namespace newspipe::extract {
namespace {

using testing::AddBlock;
using testing::Extract;

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

TEST(TextUtil, Utf8PrefixCutsOnACharacterBoundary) {
  EXPECT_EQ(Utf8Prefix("a\u00e9b", 2), "a");  // "é" is two bytes: it is not split.
  EXPECT_EQ(Utf8Prefix("a\u00e9b", 3), "a\u00e9");
  EXPECT_EQ(Utf8Prefix("\u4e2d\u6587", 4), "\u4e2d");
  EXPECT_EQ(Utf8Prefix("short", 80), "short");
  EXPECT_EQ(Utf8Prefix("", 0), "");
}

TEST(TextUtil, EveryNoteOfABrokenScriptIsValidUtf8) {
  // A broken JSON-LD script whose first 80 bytes end inside a two-byte character: the note that
  // quotes it must still be valid UTF-8, or the document cannot cross the wire.
  v1::Document doc;
  for (std::string script :
       {R"({"@type"broken,"headline":"x)", R"({"@type"broken,"headline":"xy)"}) {
    while (script.size() < 120) script += "\u00ff";
    doc.mutable_signals()->add_json_ld(script);
  }
  AddBlock(doc, v1::HEADING, "Harbour cranes return", false, 1);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  v1::Document out = Extract(doc);
  bool noted = false;
  for (const auto& p : out.provenance()) {
    EXPECT_TRUE(IsValidUtf8(p.value())) << p.field();
    for (const auto& r : p.rejected()) {
      EXPECT_TRUE(IsValidUtf8(r.value())) << p.field();
      EXPECT_TRUE(IsValidUtf8(r.reason())) << p.field();
      noted |= r.reason().find("invalid JSON-LD") != std::string::npos;
    }
  }
  EXPECT_TRUE(noted);
  std::string wire;
  v1::Document again;
  ASSERT_TRUE(out.SerializeToString(&wire));
  EXPECT_TRUE(again.ParseFromString(wire));
}

}  // namespace
}  // namespace newspipe::extract
