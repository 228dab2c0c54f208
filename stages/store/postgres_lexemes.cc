#include "stages/store/postgres_lexemes.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdint>
#include <functional>

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

bool IsAsciiWordByte(uint8_t b) {
  return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z');
}

// Calls fn(word, begin, end) for each lower-cased word of `text`, with the byte range of the word
// in `text`; `buf` is scratch space.
template <typename Fn>
void ForEachWord(std::string_view text, std::string& buf, Fn&& fn) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(std::min<size_t>(text.size(), INT32_MAX));
  int32_t i = 0;
  int32_t begin = 0, end = 0;
  buf.clear();
  auto flush = [&] {
    if (!buf.empty() && buf.size() <= kMaxLexemeBytes) {
      fn(std::string_view(buf), static_cast<size_t>(begin), static_cast<size_t>(end));
    }
    buf.clear();
  };
  while (i < n) {
    const uint8_t b = s[i];
    if (b < 0x80) {
      if (!IsAsciiWordByte(b)) {
        ++i;
        flush();
        continue;
      }
      // A run of ASCII letters and digits, lower-cased at once.
      if (buf.empty()) begin = i;
      int32_t j = i + 1;
      while (j < n && IsAsciiWordByte(s[j])) ++j;
      const size_t at = buf.size();
      buf.resize(at + static_cast<size_t>(j - i));
      for (int32_t k = i; k < j; ++k) {
        const uint8_t c = s[k];
        buf[at + static_cast<size_t>(k - i)] =
            static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      }
      i = j;
      end = j;
      continue;
    }
    const int32_t at = i;
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
    if (buf.empty()) begin = at;
    buf.append(reinterpret_cast<const char*>(out), static_cast<size_t>(len));
    end = i;
  }
  flush();
}

}  // namespace

std::vector<std::string> SearchWords(std::string_view text) {
  std::vector<std::string> words;
  std::string buf;
  ForEachWord(text, buf, [&](std::string_view w, size_t, size_t) { words.emplace_back(w); });
  return words;
}

void ForEachSearchWord(std::string_view text,
                       const std::function<void(std::string_view, size_t, size_t)>& fn) {
  std::string buf;
  ForEachWord(text, buf, fn);
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

// A document's lexemes: its distinct words in the server's order of a tsvector's lexemes
// (bytewise), each with its occurrences (position and weight) in position order. Each word is
// looked up in a hash table once; only the distinct words are sorted, and the occurrences are then
// placed by a counting sort (sorting every occurrence by its word's text cost most of the
// client's time for the tsvector).
struct Lexemes {
  struct Word {
    uint32_t offset;  // in `words`.
    uint32_t length;
  };
  struct Occurrence {
    uint32_t position;
    char weight;
  };
  std::string words;
  std::vector<Word> distinct;   // in order.
  std::vector<uint32_t> first;  // distinct[i]'s occurrences: [first[i], first[i + 1]).
  std::vector<Occurrence> occurrences;
  std::string_view Text(const Word& w) const {
    return std::string_view(words).substr(w.offset, w.length);
  }
};

Lexemes DocumentLexemes(std::string_view title, std::string_view body) {
  Lexemes lx;
  std::string buf;
  std::vector<Lexemes::Word> words;  // distinct, in order of first appearance.
  std::vector<uint32_t> word_of;     // per occurrence, its index in `words`.
  std::vector<Lexemes::Occurrence> occ;
  occ.reserve(body.size() / 5 + 16);
  word_of.reserve(body.size() / 5 + 16);
  lx.words.reserve(body.size() / 2 + title.size());
  // Open addressing: index + 1 into `words`, 0 empty; kept at most half full.
  std::vector<uint32_t> slots(1024, 0);
  auto hash = [](std::string_view w) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (char c : w) h = (h ^ static_cast<uint8_t>(c)) * 1099511628211ull;
    return h;
  };
  auto insert = [&](std::string_view w, size_t id) {
    size_t mask = slots.size() - 1;
    size_t i = hash(w) & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = static_cast<uint32_t>(id + 1);
  };
  uint32_t position = 0;
  auto add = [&](std::string_view text, char weight) {
    ForEachWord(text, buf, [&](std::string_view w, size_t, size_t) {
      if (position < kMaxPosition) ++position;
      const size_t mask = slots.size() - 1;
      size_t i = hash(w) & mask;
      uint32_t id = 0;
      for (;; i = (i + 1) & mask) {
        if (slots[i] == 0) {
          id = static_cast<uint32_t>(words.size());
          words.push_back(Lexemes::Word{static_cast<uint32_t>(lx.words.size()),
                                        static_cast<uint32_t>(w.size())});
          lx.words.append(w);
          slots[i] = id + 1;
          if (words.size() * 2 > slots.size()) {
            slots.assign(slots.size() * 2, 0);
            for (size_t k = 0; k < words.size(); ++k) insert(lx.Text(words[k]), k);
          }
          break;
        }
        if (lx.Text(words[slots[i] - 1]) == w) {
          id = slots[i] - 1;
          break;
        }
      }
      word_of.push_back(id);
      occ.push_back(Lexemes::Occurrence{position, weight});
    });
  };
  add(title, 'A');
  add(body, 'B');
  // The distinct words sorted; rank[id] is a word's place among them.
  std::vector<uint32_t> order(words.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return lx.Text(words[a]) < lx.Text(words[b]); });
  std::vector<uint32_t> rank(words.size());
  lx.distinct.resize(words.size());
  for (size_t r = 0; r < order.size(); ++r) {
    rank[order[r]] = static_cast<uint32_t>(r);
    lx.distinct[r] = words[order[r]];
  }
  // Counting sort of the occurrences by their word's rank; within a word they stay in position
  // order.
  lx.first.assign(words.size() + 1, 0);
  for (uint32_t id : word_of) ++lx.first[rank[id] + 1];
  for (size_t r = 0; r < words.size(); ++r) lx.first[r + 1] += lx.first[r];
  std::vector<uint32_t> next(lx.first.begin(), lx.first.end() - 1);
  lx.occurrences.resize(occ.size());
  for (size_t k = 0; k < occ.size(); ++k) lx.occurrences[next[rank[word_of[k]]]++] = occ[k];
  return lx;
}

// Calls fn(word, first, last) for each distinct word of `lx` within the storage limit, with the
// range [first, last) of its occurrences.
template <typename Fn>
void ForEachLexeme(const Lexemes& lx, Fn&& fn) {
  size_t storage = 0;
  for (size_t r = 0; r < lx.distinct.size(); ++r) {
    const std::string_view w = lx.Text(lx.distinct[r]);
    storage += w.size();
    if (storage > kMaxLexemeStorage) break;
    fn(w, lx.first[r], lx.first[r + 1]);
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
  out.reserve(lx.words.size() + lx.occurrences.size() * 7);
  ForEachLexeme(lx, [&](std::string_view w, size_t first, size_t last) {
    if (!out.empty()) out += ' ';
    AppendQuotedLexeme(out, w);
    out += ':';
    size_t written = 0;
    uint32_t prev = 0;
    for (size_t k = first; k < last && written < kMaxPositionsPerLexeme; ++k) {
      // Positions past the cap all collapse onto 16383: written once.
      if (lx.occurrences[k].position == prev) continue;
      if (written > 0) out += ',';
      out += std::to_string(lx.occurrences[k].position);
      out += lx.occurrences[k].weight;
      prev = lx.occurrences[k].position;
      ++written;
    }
  });
  return out;
}

int32_t PostgresWordHash(std::string_view lexeme) {
  return static_cast<int32_t>(static_cast<uint32_t>(XXH3_64bits(lexeme.data(), lexeme.size())));
}

void SortTermsByHash(std::vector<TermStat>& terms) {
  std::sort(terms.begin(), terms.end(),
            [](const TermStat& a, const TermStat& b) { return a.hash < b.hash; });
  size_t kept = 0;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (kept > 0 && terms[kept - 1].hash == terms[i].hash) {
      TermStat& t = terms[kept - 1];
      t.title_tf =
          static_cast<uint16_t>(std::min<uint32_t>(65535u, t.title_tf + terms[i].title_tf));
      t.body_tf = static_cast<uint16_t>(std::min<uint32_t>(65535u, t.body_tf + terms[i].body_tf));
    } else {
      terms[kept++] = terms[i];
    }
  }
  terms.resize(kept);
}

std::string PostgresTsvectorBinary(std::string_view title, std::string_view body) {
  DocTerms unused;
  return PostgresTsvectorBinary(title, body, unused);
}

std::string PostgresTsvectorBinary(std::string_view title, std::string_view body, DocTerms& terms) {
  const Lexemes lx = DocumentLexemes(title, body);
  terms.terms.clear();
  terms.terms.reserve(lx.distinct.size());
  terms.length = static_cast<uint32_t>(lx.occurrences.size());
  terms.words.clear();
  terms.words.reserve(lx.words.size() + lx.distinct.size());
  terms.word_keys.clear();
  terms.word_keys.reserve(lx.distinct.size());
  std::string out;
  out.reserve(lx.words.size() + lx.distinct.size() * 3 + lx.occurrences.size() * 2 + 4);
  out.append(4, '\0');  // the number of lexemes, set at the end.
  uint32_t count = 0;
  std::vector<uint16_t> positions;
  ForEachLexeme(lx, [&](std::string_view w, size_t first, size_t last) {
    positions.clear();
    uint32_t prev = 0;
    uint32_t title_tf = 0;
    for (size_t k = first; k < last; ++k) title_tf += lx.occurrences[k].weight == 'A' ? 1 : 0;
    for (size_t k = first; k < last && positions.size() < kMaxPositionsPerLexeme; ++k) {
      if (lx.occurrences[k].position == prev) continue;
      // WordEntryPos: the weight in the top two bits (A 3, B 2, C 1, D 0), the position below.
      const uint16_t weight = static_cast<uint16_t>('D' - lx.occurrences[k].weight);
      positions.push_back(static_cast<uint16_t>((weight << 14) | lx.occurrences[k].position));
      prev = lx.occurrences[k].position;
    }
    const auto cap = [](size_t v) { return static_cast<uint16_t>(std::min<size_t>(v, 65535)); };
    const uint64_t key = XXH3_64bits(w.data(), w.size());
    terms.terms.push_back(
        TermStat{static_cast<uint32_t>(key), cap(title_tf), cap(last - first - title_tf)});
    terms.words.append(w);
    terms.words += '\0';
    terms.word_keys.push_back(key);
    out.append(w);
    out += '\0';
    PutUint16(out, static_cast<uint16_t>(positions.size()));
    for (uint16_t p : positions) PutUint16(out, p);
    ++count;
  });
  for (int i = 0; i < 4; ++i)
    out[static_cast<size_t>(i)] = static_cast<char>(count >> (24 - 8 * i));
  SortTermsByHash(terms.terms);
  return out;
}

}  // namespace newspipe
