#include "stages/store/simhash.h"

#include <xxhash.h>

#include <string>

namespace newspipe {
namespace {

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

}  // namespace

uint64_t SimHash(std::string_view text) {
  // Word boundaries of the last kShingleWords words, as offsets into `norm`.
  std::string norm;
  norm.reserve(64);
  std::array<size_t, kShingleWords + 1> starts{};
  int words = 0;
  // Per bit, the shingles that have it set; a bit wins its vote when set in more than half.
  // Counting (rather than +1/-1 branches) lets the compiler vectorise the loop.
  uint32_t ones[64] = {};
  uint32_t shingles = 0;
  auto add_shingle = [&](std::string_view shingle) {
    uint64_t h = XXH3_64bits(shingle.data(), shingle.size());
    for (int bit = 0; bit < 64; ++bit) ones[bit] += static_cast<uint32_t>((h >> bit) & 1);
    ++shingles;
  };
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    while (i < n && !IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= n) break;
    // Slide the window: drop the oldest word once it is full.
    if (words == kShingleWords) {
      size_t drop = starts[1];
      norm.erase(0, drop);
      for (int k = 0; k < kShingleWords; ++k) starts[k] = starts[k + 1] - drop;
      --words;
    }
    starts[words] = norm.size();
    while (i < n && IsWordByte(static_cast<unsigned char>(text[i]))) {
      char c = text[i++];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      norm.push_back(c);
    }
    norm.push_back(' ');
    ++words;
    starts[words] = norm.size();
    if (words == kShingleWords) add_shingle(norm);
  }
  // Texts shorter than one shingle are fingerprinted as a whole.
  if (shingles == 0) {
    if (words == 0) return 0;
    add_shingle(norm);
  }
  uint64_t hash = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (2 * ones[bit] > shingles) hash |= uint64_t{1} << bit;
  }
  return hash == 0 ? 1 : hash;
}

}  // namespace newspipe
