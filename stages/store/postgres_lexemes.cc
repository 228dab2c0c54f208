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

std::string PostgresTsvector(std::string_view title, std::string_view body) {
  // Every occurrence as (offset of the word in `words`, length, position, weight), sorted by
  // word then position, then written one lexeme at a time.
  struct Occurrence {
    uint32_t offset;
    uint32_t length;
    uint32_t position;
    char weight;
  };
  std::string words, buf;
  std::vector<Occurrence> occ;
  occ.reserve(body.size() / 5 + 16);
  words.reserve(body.size() + title.size());
  uint32_t position = 0;
  auto add = [&](std::string_view text, char weight) {
    ForEachWord(text, buf, [&](std::string_view w) {
      if (position < kMaxPosition) ++position;
      occ.push_back(Occurrence{static_cast<uint32_t>(words.size()), static_cast<uint32_t>(w.size()),
                               position, weight});
      words.append(w);
    });
  };
  add(title, 'A');
  add(body, 'B');
  auto word = [&](const Occurrence& o) {
    return std::string_view(words).substr(o.offset, o.length);
  };
  std::sort(occ.begin(), occ.end(), [&](const Occurrence& a, const Occurrence& b) {
    const int c = word(a).compare(word(b));
    return c != 0 ? c < 0 : a.position < b.position;
  });
  std::string out;
  out.reserve(words.size() / 2 + occ.size() * 6);
  size_t storage = 0;
  for (size_t i = 0; i < occ.size();) {
    const std::string_view w = word(occ[i]);
    size_t j = i;
    while (j < occ.size() && word(occ[j]) == w) ++j;
    storage += w.size();
    if (storage > kMaxLexemeStorage) break;
    if (!out.empty()) out += ' ';
    AppendQuotedLexeme(out, w);
    out += ':';
    size_t written = 0;
    uint32_t last = 0;
    for (size_t k = i; k < j && written < kMaxPositionsPerLexeme; ++k) {
      // Positions past the cap all collapse onto 16383: written once.
      if (occ[k].position == last) continue;
      if (written > 0) out += ',';
      out += std::to_string(occ[k].position);
      out += occ[k].weight;
      last = occ[k].position;
      ++written;
    }
    i = j;
  }
  return out;
}

}  // namespace newspipe
