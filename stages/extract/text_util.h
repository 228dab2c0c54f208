// Small text helpers shared by the extract stage's fact finders: trimming, white-space
// collapsing, ASCII/Latin case folding and UTF-8 stepping. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newspipe::extract {

// Removes ASCII white space and U+00A0 from both ends.
std::string_view Trim(std::string_view s);
// Collapses every run of white space (ASCII, U+00A0, U+2009, ...) to one space, trimmed.
std::string CollapseSpace(std::string_view s);
// Lower-cases ASCII letters and the Latin-1 / Latin Extended-A capitals; other bytes unchanged.
std::string FoldCase(std::string_view s);
// A key for comparing texts loosely: case-folded, white space collapsed, typographic quotes and
// dashes mapped to ASCII, surrounding punctuation dropped.
std::string LooseKey(std::string_view s);
bool StartsWithFolded(std::string_view s, std::string_view lower_prefix);
// Splits on `sep` (exact bytes), trimming the pieces and dropping empty ones.
std::vector<std::string_view> Split(std::string_view s, std::string_view sep);
// Split(s, sep).size(), without making the pieces.
size_t SplitCount(std::string_view s, std::string_view sep);
// Number of code points (invalid bytes count as one each).
size_t Utf8Length(std::string_view s);
// Decodes the code point at `i` (advancing `i`); invalid bytes decode as U+FFFD.
char32_t NextCodePoint(std::string_view s, size_t& i);
// NextCodePoint for scanners that read every character of a text: ASCII (most of any text) is
// its own code point, decoded inline without a call.
inline char32_t NextCodePointFast(std::string_view s, size_t& i) {
  unsigned char b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    ++i;
    return b;
  }
  return NextCodePoint(s, i);
}
// True for letters that begin a capitalised word: A-Z and the Latin-1/Extended capitals.
bool IsUpperLetter(char32_t c);
bool IsLetter(char32_t c);
// True when `s` has at least two letters and no lower-case letter.
bool IsAllCaps(std::string_view s);
// Decodes the few HTML entities that survive into meta values (&amp; &#8211; &quot; ...).
std::string DecodeEntities(std::string_view s);
// True when `s` is valid UTF-8.
bool IsValidUtf8(std::string_view s);
// The longest prefix of `s` of at most `max_bytes` that ends on a character boundary: a cut
// that keeps a UTF-8 text valid (a document's strings must be, or it cannot cross the wire).
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);

}  // namespace newspipe::extract
