#include "stages/common/text_util.h"

#include <gtest/gtest.h>

#include "stages/common/charset.h"

namespace newspipe {
namespace {

TEST(TextUtil, CollapsesUnicodeWhiteSpaceAndDropsInvisibles) {
  EXPECT_EQ(CollapseWhitespace("  a\u00a0\u00a0b\u200b c\n\n d  "), "a b c d");
  bool pending = false;
  std::string out;
  AppendCollapsed(out, "one ", &pending);
  AppendCollapsed(out, " two", &pending);
  EXPECT_EQ(out, "one two");
}

TEST(TextUtil, C1ControlsReadAsWindows1252) {
  // U+0092 is what the parser makes of `&#146;`; U+0081 is undefined there and dropped.
  EXPECT_EQ(CollapseWhitespace("Child\u0092s \u0093best\u0094 \u0080 5\u0081"),
            "Child\u2019s \u201cbest\u201d \u20ac 5");
  EXPECT_EQ(Windows1252C1(0x96), char32_t{0x2013});
  EXPECT_EQ(Windows1252C1(0x9D), char32_t{0});
  EXPECT_EQ(Windows1252C1(U'a'), U'a');
}

TEST(TextUtil, InvalidUtf8IsReplaced) {
  EXPECT_FALSE(Utf8Valid("a\xff"));
  EXPECT_TRUE(Utf8Valid("caf\xc3\xa9"));
  EXPECT_FALSE(Utf8Valid("\xc0\xaf"));      // overlong
  EXPECT_FALSE(Utf8Valid("\xed\xa0\x80"));  // surrogate
  EXPECT_EQ(SanitizeUtf8("a\xffz"), "a\xef\xbf\xbdz");
}

TEST(TextUtil, WordTokensMatchPython) {
  auto t = WordTokens("It's 3.5% — naïve_x ２０ 東京!");
  std::vector<std::string_view> want = {"It", "s", "3", "5", "naïve_x", "２０", "東京"};
  EXPECT_EQ(t, want);
}

TEST(TextUtil, FingerprintIgnoresCaseDigitsAndPunctuation) {
  EXPECT_EQ(TextFingerprint("Copyright 2008, ACME Inc."),
            TextFingerprint("copyright 2009 acme inc"));
  EXPECT_NE(TextFingerprint("a b"), TextFingerprint("a c"));
  EXPECT_EQ(TextFingerprint("2008 ..."), 0u);
}

TEST(Charset, DeclaredLatin1IsConverted) {
  Utf8Conversion c = DecodeToUtf8("caf\xe9", "iso-8859-1");
  EXPECT_EQ(c.text, "caf\xc3\xa9");
  EXPECT_TRUE(c.converted);
}

TEST(Charset, WrongDeclarationWithUtf8BytesKeepsUtf8) {
  Utf8Conversion c = DecodeToUtf8("<meta charset=\"shift_jis\">caf\xc3\xa9", "");
  EXPECT_EQ(c.text, "<meta charset=\"shift_jis\">caf\xc3\xa9");
  EXPECT_FALSE(c.converted);
  EXPECT_FALSE(c.warning.empty());
}

TEST(Charset, UnknownCharsetFallsBackToWindows1252) {
  Utf8Conversion c = DecodeToUtf8("caf\xe9 \x93q\x94", "x-no-such-charset");
  EXPECT_TRUE(Utf8Valid(c.text));
  EXPECT_EQ(c.text, "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d");
}

TEST(Charset, SniffsMetaCharset) {
  EXPECT_EQ(SniffHtmlCharset("<html><head><meta http-equiv=\"Content-Type\" "
                             "content=\"text/html; charset=ISO-8859-1\">"),
            "windows-1252");
  EXPECT_EQ(SniffHtmlCharset("<meta charset='utf-8'>"), "utf-8");
  EXPECT_EQ(ContentTypeCharset("text/html; charset=\"KOI8-R\""), "koi8-r");
}

}  // namespace
}  // namespace newspipe
