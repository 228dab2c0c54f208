#include "stages/common/text_util.h"

#include <unicode/uchar.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace newspipe {

char32_t DecodeUtf8(const char** pp, const char* end) {
  const auto* p = reinterpret_cast<const unsigned char*>(*pp);
  const auto* e = reinterpret_cast<const unsigned char*>(end);
  unsigned char b0 = p[0];
  if (b0 < 0x80) {
    *pp += 1;
    return b0;
  }
  int len;
  char32_t c;
  char32_t min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, c = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, c = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, c = b0 & 0x07, min = 0x10000;
  } else {
    *pp += 1;
    return 0xFFFD;
  }
  if (e - p < len) {
    *pp += 1;
    return 0xFFFD;
  }
  for (int i = 1; i < len; ++i) {
    if ((p[i] & 0xC0) != 0x80) {
      *pp += 1;
      return 0xFFFD;
    }
    c = (c << 6) | (p[i] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    *pp += 1;
    return 0xFFFD;
  }
  *pp += len;
  return c;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

bool Utf8Valid(std::string_view s) {
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    // Eight ASCII bytes at a time: a whole page is checked, and most of it is markup.
    constexpr uint64_t kHighBits = 0x8080808080808080ULL;
    uint64_t word;
    while (end - p >= 8 && (std::memcpy(&word, p, 8), (word & kHighBits) == 0)) p += 8;
    if (p == end) break;
    if (static_cast<unsigned char>(*p) < 0x80) {
      ++p;
      continue;
    }
    const char* before = p;
    char32_t c = DecodeUtf8(&p, end);
    if (c == 0xFFFD && p - before == 1) return false;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view s) {
  if (Utf8Valid(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) AppendUtf8(out, DecodeUtf8(&p, end));
  return out;
}

bool IsUnicodeSpace(char32_t c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '\f':
    case '\v':
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0x85:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

bool IsInvisible(char32_t c) {
  if (c < 0x20) return !(c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v');
  if (c == 0x7F || (c >= 0x80 && c < 0xA0 && c != 0x85)) return true;
  return c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0xFEFF || c == 0x2060;
}

char32_t Windows1252C1(char32_t c) {
  // windows-1252 at 0x80..0x9F; 0 where it defines nothing (0x81, 0x8D, 0x8F, 0x90, 0x9D).
  static constexpr char16_t kTable[32] = {
      0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  if (c < 0x80 || c >= 0xA0) return c;
  return kTable[c - 0x80];
}

void AppendCollapsed(std::string& out, std::string_view in, bool* pending_space) {
  const char* p = in.data();
  const char* end = p + in.size();
  bool pending = *pending_space;
  while (p < end) {
    unsigned char b = static_cast<unsigned char>(*p);
    if (b < 0x80) {
      ++p;
      if (b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' || b == '\v') {
        pending = true;
        continue;
      }
      if (b < 0x20 || b == 0x7F) continue;
      // The run of printable ASCII this byte opens (most of any text) goes in one append.
      const char* run = p - 1;
      while (p<end&& * p> ' ' && *p < 0x7F) ++p;
      if (pending && !out.empty()) out.push_back(' ');
      pending = false;
      out.append(run, static_cast<size_t>(p - run));
      continue;
    }
    const char* start = p;
    char32_t c = DecodeUtf8(&p, end);
    if (IsUnicodeSpace(c)) {
      pending = true;
      continue;
    }
    if (c >= 0x80 && c < 0xA0 && c != 0x85) {
      // A C1 control in text is a windows-1252 character that went through the wrong door:
      // HTML reads `&#146;` as U+2019 but libxml2 yields U+0092, and so do pages that declare
      // UTF-8 yet carry windows-1252 bytes converted one by one.
      c = Windows1252C1(c);
      if (c == 0) continue;
      if (pending && !out.empty()) out.push_back(' ');
      pending = false;
      AppendUtf8(out, c);
      continue;
    }
    if (IsInvisible(c)) continue;
    if (pending && !out.empty()) out.push_back(' ');
    pending = false;
    if (c == 0xFFFD && p - start == 1) {
      AppendUtf8(out, c);
    } else {
      out.append(start, static_cast<size_t>(p - start));
    }
  }
  *pending_space = pending;
}

std::string CollapseWhitespace(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  bool pending = false;
  AppendCollapsed(out, in, &pending);
  return out;
}

std::string_view TrimAscii(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (b < e && space(s[b])) ++b;
  while (e > b && space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

bool IsWordChar(char32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  int8_t type = u_charType(static_cast<UChar32>(c));
  switch (type) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return true;
    default:
      break;
  }
  return u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_NUMERIC_TYPE) != U_NT_NONE;
}

std::vector<std::string_view> WordTokens(std::string_view text) {
  std::vector<std::string_view> out;
  ForEachWord(text, [&](std::string_view w) { out.push_back(w); });
  return out;
}

size_t CountWords(std::string_view text) {
  size_t n = 0;
  ForEachWord(text, [&](std::string_view) { ++n; });
  return n;
}

std::string AsciiLower(std::string_view s) {
  std::string out;
  AsciiLowerInto(s, out);
  return out;
}

void AsciiLowerInto(std::string_view s, std::string& out) {
  out.assign(s);
  for (char& c : out) c = AsciiLowerChar(c);
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (AsciiLowerChar(s[i]) != AsciiLowerChar(prefix[i])) return false;
  }
  return true;
}

bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         StartsWithIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && StartsWithIgnoreCase(a, b);
}

size_t FindIgnoreCase(std::string_view hay, std::string_view needle, size_t from) {
  if (needle.empty()) return from <= hay.size() ? from : std::string_view::npos;
  if (hay.size() < needle.size()) return std::string_view::npos;
  // The places where the needle's first character stands, in either case, are found with
  // memchr (one search per case, each resumed only once passed), not byte by byte.
  const char lower = AsciiLowerChar(needle[0]);
  const char upper = (lower >= 'a' && lower <= 'z') ? static_cast<char>(lower - 32) : lower;
  const size_t last = hay.size() - needle.size();
  auto next_of = [&](char c, size_t at) {
    const void* hit = std::memchr(hay.data() + at, c, last - at + 1);
    return hit ? static_cast<size_t>(static_cast<const char*>(hit) - hay.data())
               : std::string_view::npos;
  };
  if (from > last) return std::string_view::npos;
  size_t next_lower = next_of(lower, from);
  size_t next_upper = upper == lower ? std::string_view::npos : next_of(upper, from);
  for (;;) {
    size_t at = std::min(next_lower, next_upper);
    if (at == std::string_view::npos) break;
    if (StartsWithIgnoreCase(hay.substr(at), needle)) return at;
    if (next_lower == at) next_lower = next_of(lower, at + 1);
    if (next_upper == at) next_upper = next_of(upper, at + 1);
  }
  return std::string_view::npos;
}

uint64_t TextFingerprint(std::string_view text) {
  std::string norm;
  norm.reserve(text.size());
  ForEachWord(text, [&](std::string_view w) {
    size_t before = norm.size();
    if (before != 0) norm.push_back(' ');
    // The word appended whole, then its digits dropped and its letters lower-cased in place.
    const size_t at = norm.size();
    norm.append(w);
    norm.erase(std::remove_if(norm.begin() + static_cast<std::ptrdiff_t>(at), norm.end(),
                              [](char c) { return c >= '0' && c <= '9'; }),
               norm.end());
    if (norm.size() == at) {
      norm.resize(before);
      return;
    }
    for (size_t k = at; k < norm.size(); ++k) norm[k] = AsciiLowerChar(norm[k]);
  });
  if (norm.empty()) return 0;
  return XXH64(norm.data(), norm.size(), 0x6e657773);
}

uint64_t Hash64(std::string_view bytes) { return XXH64(bytes.data(), bytes.size(), 0); }

std::string Hash64Hex(std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  uint64_t h = Hash64(bytes);
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kHex[h & 0xF];
    h >>= 4;
  }
  return out;
}

}  // namespace newspipe
