#include "stages/store/simhash.h"

#include <gtest/gtest.h>

#include <string>

namespace newspipe {
namespace {

std::string Words(int n, int seed) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    s += 'w';
    s += std::to_string((i * 7919 + seed * 31) % 2003);
    s += ' ';
  }
  return s;
}

TEST(SimHashTest, EmptyTextHasNoFingerprint) {
  EXPECT_EQ(SimHash(""), 0u);
  EXPECT_EQ(SimHash("  ... --- !!"), 0u);
  EXPECT_NE(SimHash("one"), 0u);
}

TEST(SimHashTest, IgnoresCaseAndPunctuation) {
  EXPECT_EQ(SimHash("The quick, brown fox jumps."), SimHash("the QUICK brown -- fox jumps"));
}

TEST(SimHashTest, SmallEditsStayCloseAndOtherTextsAreFar) {
  const std::string base = Words(500, 1);
  std::string edited = base;
  edited[edited.find('w', 2000)] = 'x';
  EXPECT_LE(HammingDistance(SimHash(base), SimHash(edited)), 3);
  EXPECT_GT(HammingDistance(SimHash(base), SimHash(Words(500, 2))), 12);
}

TEST(SimHashTest, BandsCoverAllBits) {
  const uint64_t h = 0x0123456789abcdefULL;
  auto bands = SimhashBands(h);
  EXPECT_EQ(bands[0], 0xcdef);
  EXPECT_EQ(bands[3], 0x0123);
  // Three differing bits leave at least one band equal (pigeonhole).
  const uint64_t g = h ^ (1ULL << 1) ^ (1ULL << 20) ^ (1ULL << 40);
  auto other = SimhashBands(g);
  int equal = 0;
  for (int i = 0; i < kSimhashBands; ++i) equal += bands[i] == other[i];
  EXPECT_GE(equal, 1);
}

// The fingerprints are stored (documents.simhash and its bands, story ids follow from them): a
// faster implementation must give exactly these values, which the first version computed.
TEST(SimHashTest, FingerprintsStayBitForBit) {
  const std::string texts[] = {
      "one",
      "Two Words",
      "The quick, brown fox jumps over the lazy dog.",
      "Grüße aus Köln: der Bürgermeister sagte \"nein\" — 2024 wieder.",
      std::string(300, 'a') + " b " + std::string(600, 'C') + " d e f g " + std::string(257, 'x') +
          " end",
      std::string("nul\0byte in the middle of words", 31) + " and MORE text here",
      [] {
        std::string s;
        for (int k = 0; k < 2000; ++k) s += "word" + std::to_string(k % 97) + (k % 7 ? " " : ", ");
        return s;
      }(),
      "  ... leading punctuation; 3.5 well-known e-mail@example.com https://x.example/a?b=c  ",
      "东京の株価が上昇した 今日は 晴れ",
      [] {
        std::string s;
        unsigned x = 12345;
        for (int k = 0; k < 5000; ++k) {
          x = x * 1103515245 + 12345;
          s.push_back(static_cast<char>((x >> 16) & 0xff));
        }
        return s;
      }(),
  };
  const uint64_t expected[] = {
      0x17d93c888b6be836ULL, 0xb77d9b6050406d65ULL, 0x512675047a1cfc8bULL, 0x540813c4c425513cULL,
      0x0f4bb390170312e5ULL, 0x11315fe3362b8021ULL, 0x117565fadaa993c3ULL, 0xa34320e499514ce2ULL,
      0x011e8798bce170f5ULL, 0xc9fd58dc58f14862ULL,
  };
  for (size_t i = 0; i < std::size(texts); ++i) {
    EXPECT_EQ(SimHash(texts[i]), expected[i]) << "text " << i;
  }
}

}  // namespace
}  // namespace newspipe
