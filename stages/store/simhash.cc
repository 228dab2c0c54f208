#include "stages/store/simhash.h"

#include <xxhash.h>

#include <array>
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
  // Counted eight bits at a time: kSpread[v] holds bit i of byte v in byte i, so one 64-bit add
  // counts eight bits, and the byte counters are drained into `ones` before they can overflow.
  static const std::array<uint64_t, 256> kSpread = [] {
    std::array<uint64_t, 256> t{};
    for (int v = 0; v < 256; ++v) {
      for (int i = 0; i < 8; ++i) t[v] |= static_cast<uint64_t>((v >> i) & 1) << (8 * i);
    }
    return t;
  }();
  uint32_t ones[64] = {};
  uint64_t lanes[8] = {};
  uint32_t pending = 0;
  uint32_t shingles = 0;
  auto drain = [&] {
    for (int k = 0; k < 8; ++k) {
      for (int i = 0; i < 8; ++i)
        ones[8 * k + i] += static_cast<uint32_t>((lanes[k] >> (8 * i)) & 0xff);
      lanes[k] = 0;
    }
    pending = 0;
  };
  auto add_shingle = [&](std::string_view shingle) {
    uint64_t h = XXH3_64bits(shingle.data(), shingle.size());
    for (int k = 0; k < 8; ++k) lanes[k] += kSpread[(h >> (8 * k)) & 0xff];
    ++shingles;
    if (++pending == 255) drain();
  };
  // `norm` holds the lower-cased words of the window, each followed by a space; words enter at
  // the end and the window start moves forward, the dropped words are cut off only now and then
  // (moving the window down every word cost a memmove per word).
  size_t i = 0;
  const size_t n = text.size();
  norm.reserve(512);
  while (i < n) {
    while (i < n && !IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= n) break;
    // Slide the window: drop the oldest word once it is full.
    if (words == kShingleWords) {
      for (int k = 0; k < kShingleWords; ++k) starts[k] = starts[k + 1];
      --words;
      if (starts[0] >= 256) {
        const size_t drop = starts[0];
        norm.erase(0, drop);
        for (int k = 0; k <= words; ++k) starts[k] -= drop;
      }
    }
    starts[words] = norm.size();
    size_t end = i;
    while (end < n && IsWordByte(static_cast<unsigned char>(text[end]))) ++end;
    const size_t at = norm.size();
    norm.append(text.data() + i, end - i);
    for (size_t k = at; k < norm.size(); ++k) {
      char& c = norm[k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    i = end;
    norm.push_back(' ');
    ++words;
    starts[words] = norm.size();
    if (words == kShingleWords) {
      add_shingle(std::string_view(norm).substr(starts[0], starts[words] - starts[0]));
    }
  }
  // Texts shorter than one shingle are fingerprinted as a whole.
  if (shingles == 0) {
    if (words == 0) return 0;
    add_shingle(std::string_view(norm).substr(starts[0], starts[words] - starts[0]));
  }
  drain();
  uint64_t hash = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (2 * ones[bit] > shingles) hash |= uint64_t{1} << bit;
  }
  return hash == 0 ? 1 : hash;
}

}  // namespace newspipe
