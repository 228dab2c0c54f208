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

}  // namespace
}  // namespace newspipe
