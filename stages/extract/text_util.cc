#include "stages/extract/text_util.h"

#include <unicode/uchar.h>

#include <cstdint>
#include <cstdlib>

#include "stages/common/text_util.h"

namespace newspipe::extract {
namespace {

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

bool IsSpaceCp(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

// Unicode's simple case folding (ICU), one code point to one: right for every script, where
// a rule of thumb is not (Latin Extended-A alternates which of a pair is the capital).
char32_t FoldCp(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
  return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
}

// Appends the code point at `i` (advancing `i`) case-folded: its own bytes when folding leaves
// it as it is (invalid bytes too), else the folded code point's.
void AppendFolded(std::string& out, std::string_view s, size_t& i) {
  size_t start = i;
  char32_t c = NextCodePoint(s, i);
  char32_t f = FoldCp(c);
  if (f == c) {
    out.append(s.substr(start, i - start));
  } else {
    AppendUtf8(out, f);
  }
}

}  // namespace

char32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  int len = (c >= 0xF0 && c < 0xF8) ? 4 : (c >= 0xE0) ? 3 : (c >= 0xC2 && c < 0xE0) ? 2 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = c & (0xFF >> (len + 1));
  for (int k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += len;
  return cp;
}

std::string_view Utf8Prefix(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t before = i;
    char32_t c = NextCodePoint(s, i);
    if (c == 0xFFFD && !(i - before == 3 && s.substr(before, 3) == "\xEF\xBF\xBD")) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  auto is_space_at_front = [&](size_t& len) {
    if (s.empty()) return false;
    unsigned char c = static_cast<unsigned char>(s[0]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      len = 1;
      return true;
    }
    if (s.size() >= 2 && c == 0xC2 && static_cast<unsigned char>(s[1]) == 0xA0) {
      len = 2;
      return true;
    }
    return false;
  };
  size_t len = 0;
  while (is_space_at_front(len)) s.remove_prefix(len);
  while (!s.empty()) {
    unsigned char c = static_cast<unsigned char>(s.back());
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      s.remove_suffix(1);
    } else if (s.size() >= 2 && c == 0xA0 && static_cast<unsigned char>(s[s.size() - 2]) == 0xC2) {
      s.remove_suffix(2);
    } else {
      break;
    }
  }
  return s;
}

std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (IsSpaceCp(b)) {
        ++i;
        pending = !out.empty();
        continue;
      }
      // A run of ASCII bytes but spaces (most of any text) is copied in one go.
      size_t run = i + 1;
      while (run < s.size() && static_cast<unsigned char>(s[run]) < 0x80 &&
             !IsSpaceCp(static_cast<unsigned char>(s[run]))) {
        ++run;
      }
      if (pending) out += ' ';
      pending = false;
      out.append(s.substr(i, run - i));
      i = run;
      continue;
    }
    size_t start = i;
    char32_t c = NextCodePoint(s, i);
    if (IsSpaceCp(c)) {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out.append(s.substr(start, i - start));
  }
  return out;
}

std::string FoldCase(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      // A run of ASCII bytes (most of any text) is copied in one go and lower-cased in place.
      size_t run = i + 1;
      while (run < s.size() && static_cast<unsigned char>(s[run]) < 0x80) ++run;
      size_t at = out.size();
      out.append(s.substr(i, run - i));
      for (size_t k = at; k < out.size(); ++k) out[k] = AsciiLowerChar(out[k]);
      i = run;
      continue;
    }
    AppendFolded(out, s, i);
  }
  return out;
}

std::string LooseKey(std::string_view s) {
  // One pass doing what FoldCase(CollapseSpace(typography mapped to ASCII)) would: the mapped
  // characters are ASCII and no space, and folding neither makes nor takes a space.
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  auto append_ascii = [&](std::string_view ascii) {
    if (pending) out += ' ';
    pending = false;
    out.append(ascii);
  };
  size_t i = 0;
  while (i < s.size()) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      if (IsSpaceCp(b)) {
        pending = !out.empty();
        continue;
      }
      // ASCII: lower-cased, and the backtick read as an apostrophe.
      char c = b == '`' ? '\'' : AsciiLowerChar(static_cast<char>(b));
      append_ascii(std::string_view(&c, 1));
      continue;
    }
    size_t start = i;
    char32_t c = NextCodePoint(s, i);
    switch (c) {
      case 0x2018:
      case 0x2019:
      case 0x201A:
      case 0x2032:
      case 0xB4:
        append_ascii("'");
        continue;
      case 0x201C:
      case 0x201D:
      case 0x201E:
      case 0xAB:
      case 0xBB:
      case 0x2033:
        append_ascii("\"");
        continue;
      case 0x2010:
      case 0x2011:
      case 0x2012:
      case 0x2013:
      case 0x2014:
      case 0x2015:
        append_ascii("-");
        continue;
      case 0x2026:
        append_ascii("...");
        continue;
      default:
        break;
    }
    if (IsSpaceCp(c)) {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    size_t back = start;
    AppendFolded(out, s, back);
  }
  auto is_edge_punct = [](char c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '"' || c == '\'' || c == '-' ||
           c == '!' || c == '?' || c == ' ' || c == '|';
  };
  size_t b = 0, e = out.size();
  while (b < e && is_edge_punct(out[b])) ++b;
  while (e > b && is_edge_punct(out[e - 1])) --e;
  out.erase(e);
  out.erase(0, b);
  return out;
}

bool StartsWithFolded(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  // FoldCase(s.substr(0, lower_prefix.size())) == lower_prefix, compared as it is folded: no
  // string is built, and the first differing character ends it (callers try many prefixes).
  std::string_view t = s.substr(0, lower_prefix.size());
  size_t i = 0;
  size_t o = 0;  // bytes of lower_prefix matched so far.
  while (i < t.size()) {
    unsigned char b = static_cast<unsigned char>(t[i]);
    if (b < 0x80) {
      char f = static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
      if (o >= lower_prefix.size() || lower_prefix[o] != f) return false;
      ++o;
      ++i;
      continue;
    }
    size_t start = i;
    char32_t c = NextCodePoint(t, i);
    char32_t f = FoldCp(c);
    std::string folded;  // at most 4 bytes: no allocation.
    if (f == c) {
      folded.assign(t.substr(start, i - start));
    } else {
      AppendUtf8(folded, f);
    }
    if (lower_prefix.substr(o, folded.size()) != folded) return false;
    o += folded.size();
  }
  return o == lower_prefix.size();
}

std::vector<std::string_view> Split(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (true) {
    size_t next = sep.empty() ? std::string_view::npos : s.find(sep, pos);
    std::string_view piece =
        Trim(s.substr(pos, next == std::string_view::npos ? s.npos : next - pos));
    if (!piece.empty()) out.push_back(piece);
    if (next == std::string_view::npos) break;
    pos = next + sep.size();
  }
  return out;
}

size_t SplitCount(std::string_view s, std::string_view sep) {
  size_t count = 0;
  size_t pos = 0;
  while (true) {
    size_t next = sep.empty() ? std::string_view::npos : s.find(sep, pos);
    count += !Trim(s.substr(pos, next == std::string_view::npos ? s.npos : next - pos)).empty();
    if (next == std::string_view::npos) break;
    pos = next + sep.size();
  }
  return count;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsUpperLetter(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c));
}

bool IsLetter(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x3FF) ||
         (c >= 0x400 && c <= 0x4FF) || (c >= 0x590 && c <= 0x6FF) || (c >= 0x900 && c <= 0xDFF) ||
         (c >= 0x3040 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF);
}

bool IsAllCaps(std::string_view s) {
  size_t i = 0;
  int letters = 0;
  while (i < s.size()) {
    char32_t c = NextCodePoint(s, i);
    if (!IsLetter(c)) continue;
    if (FoldCp(c) == c && !(c >= 0x3040)) return false;  // a lower-case letter.
    ++letters;
  }
  return letters >= 2;
}

std::string DecodeEntities(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  static constexpr struct {
    std::string_view name;
    char32_t cp;
  } kNamed[] = {{"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
                {"apos", '\''},     {"nbsp", 0xA0},    {"ndash", 0x2013}, {"mdash", 0x2014},
                {"hellip", 0x2026}, {"laquo", 0xAB},   {"raquo", 0xBB},   {"rsquo", 0x2019},
                {"lsquo", 0x2018},  {"rdquo", 0x201D}, {"ldquo", 0x201C}, {"bdquo", 0x201E},
                {"middot", 0xB7},   {"auml", 0xE4},    {"ouml", 0xF6},    {"uuml", 0xFC},
                {"Auml", 0xC4},     {"Ouml", 0xD6},    {"Uuml", 0xDC},    {"szlig", 0xDF},
                {"eacute", 0xE9},   {"egrave", 0xE8},  {"copy", 0xA9},    {"bull", 0x2022}};
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '&') {
      out += s[i++];
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += s[i++];
      continue;
    }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    char32_t cp = 0;
    if (!ent.empty() && ent[0] == '#') {
      bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
      std::string digits(ent.substr(hex ? 2 : 1));
      char* end = nullptr;
      unsigned long v = digits.empty() ? 0 : std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
      if (end && *end == '\0' && v > 0 && v < 0x110000 && !(v >= 0xD800 && v < 0xE000)) cp = v;
      // References to 128-159 mean the Windows-1252 characters, as browsers read them
      // ("&#133;" is an ellipsis, "&#146;" an apostrophe), not C1 controls.
      static constexpr char32_t kWindows1252[32] = {
          0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
          0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
          0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
      if (cp >= 0x80 && cp < 0xA0) cp = kWindows1252[cp - 0x80];
    } else {
      for (const auto& n : kNamed) {
        if (n.name == ent) cp = n.cp;
      }
    }
    if (cp == 0) {
      out += s[i++];
      continue;
    }
    AppendUtf8(out, cp);
    i = semi + 1;
  }
  return out;
}

}  // namespace newspipe::extract
