#include "stages/store/postgres_lexemes.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>

namespace newspipe {
namespace {

constexpr size_t kMaxLexemeBytes = 2047;        // PostgreSQL's MAXSTRLEN.
constexpr uint32_t kMaxPosition = 16383;        // MAXENTRYPOS - 1.
constexpr size_t kMaxPositionsPerLexeme = 256;  // MAXNUMPOS.
constexpr size_t kMaxLexemeStorage = 1000000;   // below MAXSTRPOS (1 MB) of distinct lexemes.

bool IsWordCodePoint(UChar32 c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  if (u_isalnum(c)) return true;
  const int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

// Calls fn(word) for each lower-cased word of `text`; `buf` is scratch space.
template <typename Fn>
void ForEachWord(std::string_view text, std::string& buf, Fn&& fn) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(std::min<size_t>(text.size(), INT32_MAX));
  int32_t i = 0;
  buf.clear();
  auto flush = [&] {
    if (!buf.empty() && buf.size() <= kMaxLexemeBytes) fn(std::string_view(buf));
    buf.clear();
  };
  while (i < n) {
    const uint8_t b = s[i];
    if (b < 0x80) {
      ++i;
      if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
        buf.push_back(static_cast<char>(b));
      } else if (b >= 'A' && b <= 'Z') {
        buf.push_back(static_cast<char>(b - 'A' + 'a'));
      } else {
        flush();
      }
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || !IsWordCodePoint(c)) {
      flush();  // invalid bytes separate words too.
      continue;
    }
    c = u_tolower(c);
    uint8_t out[U8_MAX_LENGTH];
    int32_t len = 0;
    U8_APPEND_UNSAFE(out, len, c);
    buf.append(reinterpret_cast<const char*>(out), static_cast<size_t>(len));
  }
  flush();
}

}  // namespace

std::vector<std::string> SearchWords(std::string_view text) {
  std::vector<std::string> words;
  std::string buf;
  ForEachWord(text, buf, [&](std::string_view w) { words.emplace_back(w); });
  return words;
}

void AppendQuotedLexeme(std::string& out, std::string_view lexeme) {
  out += '\'';
  for (char c : lexeme) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  out += '\'';
}

namespace {

// A document's lexemes: every occurrence of a word as (offset of the word in `words`, length,
// position, weight), sorted by word (bytewise, as the server orders a tsvector's lexemes) then by
// position.
struct Lexemes {
  struct Occurrence {
    uint32_t offset;
    uint32_t length;
    uint32_t position;
    char weight;
  };
  std::string words;
  std::vector<Occurrence> occ;
  std::string_view Word(const Occurrence& o) const {
    return std::string_view(words).substr(o.offset, o.length);
  }
};

Lexemes DocumentLexemes(std::string_view title, std::string_view body) {
  Lexemes lx;
  std::string buf;
  lx.occ.reserve(body.size() / 5 + 16);
  lx.words.reserve(body.size() + title.size());
  uint32_t position = 0;
  auto add = [&](std::string_view text, char weight) {
    ForEachWord(text, buf, [&](std::string_view w) {
      if (position < kMaxPosition) ++position;
      lx.occ.push_back(Lexemes::Occurrence{static_cast<uint32_t>(lx.words.size()),
                                           static_cast<uint32_t>(w.size()), position, weight});
      lx.words.append(w);
    });
  };
  add(title, 'A');
  add(body, 'B');
  std::sort(lx.occ.begin(), lx.occ.end(),
            [&](const Lexemes::Occurrence& a, const Lexemes::Occurrence& b) {
              const int c = lx.Word(a).compare(lx.Word(b));
              return c != 0 ? c < 0 : a.position < b.position;
            });
  return lx;
}

// Calls fn(word, first, last) for each distinct word of `lx` within the storage limit, with the
// range [first, last) of its occurrences.
template <typename Fn>
void ForEachLexeme(const Lexemes& lx, Fn&& fn) {
  size_t storage = 0;
  for (size_t i = 0; i < lx.occ.size();) {
    const std::string_view w = lx.Word(lx.occ[i]);
    size_t j = i;
    while (j < lx.occ.size() && lx.Word(lx.occ[j]) == w) ++j;
    storage += w.size();
    if (storage > kMaxLexemeStorage) break;
    fn(w, i, j);
    i = j;
  }
}

void PutUint16(std::string& out, uint16_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v & 0xff);
}

}  // namespace

std::string PostgresTsvector(std::string_view title, std::string_view body) {
  const Lexemes lx = DocumentLexemes(title, body);
  std::string out;
  out.reserve(lx.words.size() / 2 + lx.occ.size() * 6);
  ForEachLexeme(lx, [&](std::string_view w, size_t first, size_t last) {
    if (!out.empty()) out += ' ';
    AppendQuotedLexeme(out, w);
    out += ':';
    size_t written = 0;
    uint32_t prev = 0;
    for (size_t k = first; k < last && written < kMaxPositionsPerLexeme; ++k) {
      // Positions past the cap all collapse onto 16383: written once.
      if (lx.occ[k].position == prev) continue;
      if (written > 0) out += ',';
      out += std::to_string(lx.occ[k].position);
      out += lx.occ[k].weight;
      prev = lx.occ[k].position;
      ++written;
    }
  });
  return out;
}

std::string PostgresTsvectorBinary(std::string_view title, std::string_view body) {
  const Lexemes lx = DocumentLexemes(title, body);
  std::string out;
  out.reserve(lx.words.size() / 2 + lx.occ.size() * 4 + 4);
  out.append(4, '\0');  // the number of lexemes, set at the end.
  uint32_t count = 0;
  std::vector<uint16_t> positions;
  ForEachLexeme(lx, [&](std::string_view w, size_t first, size_t last) {
    positions.clear();
    uint32_t prev = 0;
    for (size_t k = first; k < last && positions.size() < kMaxPositionsPerLexeme; ++k) {
      if (lx.occ[k].position == prev) continue;
      // WordEntryPos: the weight in the top two bits (A 3, B 2, C 1, D 0), the position below.
      const uint16_t weight = static_cast<uint16_t>('D' - lx.occ[k].weight);
      positions.push_back(static_cast<uint16_t>((weight << 14) | lx.occ[k].position));
      prev = lx.occ[k].position;
    }
    out.append(w);
    out += '\0';
    PutUint16(out, static_cast<uint16_t>(positions.size()));
    for (uint16_t p : positions) PutUint16(out, p);
    ++count;
  });
  for (int i = 0; i < 4; ++i)
    out[static_cast<size_t>(i)] = static_cast<char>(count >> (24 - 8 * i));
  return out;
}

}  // namespace newspipe
