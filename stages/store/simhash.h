// SimHash: a 64-bit locality-sensitive fingerprint of a text, for near-duplicate detection.
//
// The text is split into words (runs of letters and digits; any non-ASCII byte counts as a
// letter, ASCII is lower-cased); every shingle of kShingleWords consecutive words is hashed with
// XXH3, and each bit of the fingerprint is the majority vote of that bit over all shingles. Two
// copies of one story with small edits differ in a few bits. Pure functions, thread-safe.
//
// Banded lookup: the 64 bits are cut into kSimhashBands bands of 16 bits. Two fingerprints within
// Hamming distance d < kSimhashBands agree exactly on at least one band (pigeonhole), so an index
// on each band finds every candidate without a scan; larger distances are found only when they
// happen to share a band.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <string_view>

namespace newspipe {

inline constexpr int kShingleWords = 3;
inline constexpr int kSimhashBands = 4;

// 0 for a text with no words (0 means "no fingerprint").
uint64_t SimHash(std::string_view text);

inline int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

inline std::array<int64_t, kSimhashBands> SimhashBands(uint64_t hash) {
  std::array<int64_t, kSimhashBands> bands{};
  for (int i = 0; i < kSimhashBands; ++i)
    bands[i] = static_cast<int64_t>((hash >> (16 * i)) & 0xffff);
  return bands;
}

}  // namespace newspipe
