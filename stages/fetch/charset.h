// Character sets: finding the encoding of fetched bytes and converting them to UTF-8 (ICU).
//
// The order of evidence: a byte-order mark, then the declared charset (the HTTP header), then a
// <meta charset> or <meta http-equiv="Content-Type"> in the first 4 KB of HTML, then ICU's
// detector. A declaration is checked against the bytes: a single-byte legacy charset declared
// for bytes that are valid multi-byte UTF-8 is taken to be wrong (UTF-8 wins), and so is UTF-8
// declared for bytes that are not valid UTF-8. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "runtime/status.h"

namespace newspipe {

struct CharsetGuess {
  std::string charset;  // canonical-ish name, lower-case, e.g. "utf-8", "windows-1252".
  std::string how;      // bom, header, meta, detected, default.
  size_t bom_length = 0;
};

bool IsValidUtf8(std::string_view bytes);

// The charset named in a Content-Type value ("text/html; charset=ISO-8859-1" -> "iso-8859-1").
std::string CharsetFromContentType(std::string_view content_type);

// The charset named by a <meta> in the first 4 KB of `html`; "" when none.
std::string CharsetFromMeta(std::string_view html);

CharsetGuess GuessCharset(std::string_view bytes, std::string_view declared, bool html);

// Converts `bytes` (in `charset`, after any BOM of `bom_length` bytes) to UTF-8 in `out`;
// malformed sequences become U+FFFD. An unknown charset is an InvalidArgument error.
Status ConvertToUtf8(std::string_view bytes, const CharsetGuess& guess, std::string* out);

}  // namespace newspipe
