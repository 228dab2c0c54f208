// Text utilities shared by the stages and the evaluation: UTF-8 decoding and validation, white
// space normalisation, Python-compatible word tokens (`\w+`), and normalised fingerprints.
// Every function is pure and safe to call from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newspipe {

// Decodes one code point at `*p` (advancing it by at least one byte). Invalid or truncated
// sequences yield U+FFFD and advance by one byte. REQUIRES: *p < end.
char32_t DecodeUtf8(const char** p, const char* end);
// Appends the UTF-8 encoding of `c` to `out`.
void AppendUtf8(std::string& out, char32_t c);
// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool Utf8Valid(std::string_view s);
// `s` with every invalid sequence replaced by U+FFFD.
std::string SanitizeUtf8(std::string_view s);

// True for white space as HTML and text renderers see it: ASCII white space, NBSP, the
// U+2000..U+200A spaces, U+2028/2029, U+202F, U+205F, U+3000, and zero-width characters that
// only break or join words (U+200B, U+FEFF) count as nothing (see IsInvisible).
bool IsUnicodeSpace(char32_t c);
// Zero-width and control characters that carry no text (U+200B..U+200D, U+FEFF, C0/C1 controls
// other than white space, U+00AD soft hyphen).
bool IsInvisible(char32_t c);

// The character windows-1252 puts at a C1 control (U+0080..U+009F), as HTML reads numeric
// references there; 0 for the five it leaves undefined; other characters unchanged.
char32_t Windows1252C1(char32_t c);

// Appends `in` to `out` collapsing every run of white space to one ' ', dropping invisible
// characters, reading C1 controls as windows-1252 (Windows1252C1) and replacing invalid UTF-8
// with U+FFFD. `*pending_space` carries a space across
// calls (so text split over several DOM nodes joins correctly); a space is only written before
// the next visible character and never at the start of `out`.
void AppendCollapsed(std::string& out, std::string_view in, bool* pending_space);
// `in` with white space runs collapsed to one space and trimmed.
std::string CollapseWhitespace(std::string_view in);
// `s` without leading and trailing ASCII white space.
std::string_view TrimAscii(std::string_view s);

// Python's `\w` for str patterns: letters (L*), characters with a numeric value (Nd, Nl, No and
// numeric ideographs), and '_'. Combining marks are not word characters, as in Python.
bool IsWordChar(char32_t c);
// Calls `fn(std::string_view token)` for every maximal run of word characters in `text`, in
// order, exactly like Python's re.findall(r"\w+", text).
template <typename Fn>
void ForEachWord(std::string_view text, Fn&& fn);
std::vector<std::string_view> WordTokens(std::string_view text);
// Number of word tokens in `text`.
size_t CountWords(std::string_view text);

// ASCII lower-casing (other bytes untouched).
inline char AsciiLowerChar(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}
std::string AsciiLower(std::string_view s);
// AsciiLower into a buffer the caller reuses (no allocation once it has grown).
void AsciiLowerInto(std::string_view s, std::string& out);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// Finds `needle` (ASCII) in `hay` ignoring ASCII case; npos when absent.
size_t FindIgnoreCase(std::string_view hay, std::string_view needle, size_t from = 0);

// A 64-bit fingerprint of `text` normalised for matching repeated blocks: case folded (ASCII),
// digits dropped, only word characters kept, joined by single spaces. 0 for text without words.
uint64_t TextFingerprint(std::string_view text);
// xxHash64 of `bytes` as 16 lower-case hex digits.
std::string Hash64Hex(std::string_view bytes);
uint64_t Hash64(std::string_view bytes);

// ---------------------------------------------------------------------------------------------

template <typename Fn>
void ForEachWord(std::string_view text, Fn&& fn) {
  const char* p = text.data();
  const char* end = p + text.size();
  const char* start = nullptr;
  while (p < end) {
    const char* here = p;
    unsigned char b = static_cast<unsigned char>(*p);
    bool word;
    if (b < 0x80) {
      ++p;
      word = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_';
    } else {
      word = IsWordChar(DecodeUtf8(&p, end));
    }
    if (word) {
      if (start == nullptr) start = here;
    } else if (start != nullptr) {
      fn(std::string_view(start, static_cast<size_t>(here - start)));
      start = nullptr;
    }
  }
  if (start != nullptr) fn(std::string_view(start, static_cast<size_t>(end - start)));
}

}  // namespace newspipe
