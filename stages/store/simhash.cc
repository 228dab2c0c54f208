#include "stages/store/simhash.h"

// Inlined: a shingle is some 20 bytes, short enough that the call itself counts.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <array>
#include <cstring>
#include <string>

namespace newspipe {
namespace {

// kFold[c]: c lower-cased when it is a word byte (a letter, a digit, any non-ASCII byte), 0 when
// it separates words. One lookup classifies and folds a byte.
constexpr std::array<unsigned char, 256> kFold = [] {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
      t[c] = static_cast<unsigned char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      t[c] = static_cast<unsigned char>(c - 'A' + 'a');
    }
  }
  return t;
}();

// kSpread[v] holds bit i of byte v in byte i, so one 64-bit add counts eight bits.
constexpr std::array<uint64_t, 256> kSpread = [] {
  std::array<uint64_t, 256> t{};
  for (int v = 0; v < 256; ++v) {
    for (int i = 0; i < 8; ++i) t[v] |= static_cast<uint64_t>((v >> i) & 1) << (8 * i);
  }
  return t;
}();

}  // namespace

uint64_t SimHash(std::string_view text) {
  // `norm` holds the lower-cased words of the window, each followed by a space; a shingle is the
  // bytes from its first word's start to the end. Words enter at the end and the window start
  // moves forward; the dropped words are cut off only now and then. Kept per thread, so a call
  // allocates nothing once it has grown.
  thread_local std::string norm;
  if (norm.size() < 1024) norm.resize(1024);
  size_t len = 0;
  std::array<size_t, kShingleWords + 1> starts{};
  int words = 0;
  // Per bit, the shingles that have it set; a bit wins its vote when set in more than half.
  // Counted eight bits at a time in byte counters, drained into `ones` before they can overflow.
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
  auto add_shingle = [&](const char* data, size_t size) {
    const uint64_t h = XXH3_64bits(data, size);
    for (int k = 0; k < 8; ++k) lanes[k] += kSpread[(h >> (8 * k)) & 0xff];
    ++shingles;
    if (++pending == 255) drain();
  };
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = p + text.size();
  for (;;) {
    while (p < end && kFold[*p] == 0) ++p;
    if (p == end) break;
    const unsigned char* word = p;
    while (p < end && kFold[*p] != 0) ++p;
    const size_t word_len = static_cast<size_t>(p - word);
    // Slide the window: drop the oldest word once it is full.
    if (words == kShingleWords) {
      for (int k = 0; k < kShingleWords; ++k) starts[k] = starts[k + 1];
      --words;
      if (starts[0] >= 256) {
        const size_t drop = starts[0];
        std::memmove(norm.data(), norm.data() + drop, len - drop);
        len -= drop;
        for (int k = 0; k <= words; ++k) starts[k] -= drop;
      }
    }
    if (norm.size() < len + word_len + 1) norm.resize(2 * (len + word_len + 1));
    starts[words] = len;
    char* out = norm.data() + len;
    for (size_t k = 0; k < word_len; ++k) out[k] = static_cast<char>(kFold[word[k]]);
    out[word_len] = ' ';
    len += word_len + 1;
    ++words;
    starts[words] = len;
    if (words == kShingleWords) add_shingle(norm.data() + starts[0], len - starts[0]);
  }
  // Texts shorter than one shingle are fingerprinted as a whole.
  if (shingles == 0) {
    if (words == 0) return 0;
    add_shingle(norm.data() + starts[0], len - starts[0]);
  }
  drain();
  uint64_t hash = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (2 * ones[bit] > shingles) hash |= uint64_t{1} << bit;
  }
  return hash == 0 ? 1 : hash;
}

}  // namespace newspipe
