// Character sets: finding what a page declares (HTTP header, BOM, <meta charset>) and turning
// its bytes into UTF-8 with ICU. Pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace newspipe {

// The charset named in an HTTP Content-Type value ("text/html; charset=ISO-8859-1"), lower-cased;
// "" when absent.
std::string ContentTypeCharset(std::string_view content_type);
// The charset declared by a byte-order mark or a <meta charset> / <meta http-equiv> in the first
// few KB of an HTML page, lower-cased; "" when there is none.
std::string SniffHtmlCharset(std::string_view bytes);

struct Utf8Conversion {
  std::string text;     // the bytes as UTF-8 (valid).
  std::string charset;  // the charset the bytes were read as ("utf-8" when they already were).
  bool converted = false;
  std::string warning;  // set when the declared charset was wrong or unknown.
};

// Converts `bytes` to valid UTF-8. Bytes that are already valid UTF-8 are kept as they are,
// whatever was declared (a page declared ISO-8859-1 whose bytes are valid UTF-8 is nearly always
// UTF-8 or plain ASCII). Otherwise the declared charset is used (`declared`, else sniffed from
// the page), and windows-1252 when none is declared or the declared one is unknown to ICU.
// A leading UTF-8 BOM is dropped.
Utf8Conversion DecodeToUtf8(std::string_view bytes, std::string_view declared);

}  // namespace newspipe
