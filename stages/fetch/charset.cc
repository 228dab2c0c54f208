#include "stages/fetch/charset.h"

#include <memory>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "stages/common/text_util.h"

namespace newspipe {
namespace {

bool IsUtf8Name(std::string_view name) { return name == "utf-8" || name == "utf8"; }

bool IsSingleByteLegacy(std::string_view name) {
  return name == "iso-8859-1" || name == "latin1" || name == "us-ascii" || name == "ascii" ||
         name == "windows-1252" || name == "cp1252" || name == "iso-8859-15" ||
         name == "windows-1250" || name == "iso-8859-2";
}

bool HasNonAscii(std::string_view bytes) {
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// Reads a charset token starting at `pos` (after "charset="), skipping quotes and spaces.
std::string ReadToken(std::string_view s, size_t pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '"' || s[pos] == '\'')) ++pos;
  size_t end = pos;
  while (end < s.size()) {
    char c = s[end];
    if (c == '"' || c == '\'' || c == ';' || c == ' ' || c == '>' || c == '/' || c == ',' ||
        c == '\t' || c == '\r' || c == '\n') {
      break;
    }
    ++end;
  }
  return AsciiLower(s.substr(pos, end - pos));
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p <= n) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    p += n + 1;
  }
  return true;
}

std::string CharsetFromContentType(std::string_view content_type) {
  std::string lower = AsciiLower(content_type);
  size_t pos = lower.find("charset=");
  if (pos == std::string::npos) return "";
  return ReadToken(lower, pos + 8);
}

std::string CharsetFromMeta(std::string_view html) {
  std::string head = AsciiLower(html.substr(0, 4096));
  size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    size_t end = head.find('>', pos);
    if (end == std::string::npos) break;
    std::string_view tag = std::string_view(head).substr(pos, end - pos);
    size_t cs = tag.find("charset=");
    if (cs != std::string_view::npos) {
      std::string name = ReadToken(tag, cs + 8);
      if (!name.empty()) return name;
    }
    pos = end;
  }
  return "";
}

CharsetGuess GuessCharset(std::string_view bytes, std::string_view declared, bool html) {
  CharsetGuess g;
  const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
  if (bytes.size() >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
    return {"utf-8", "bom", 3};
  }
  if (bytes.size() >= 2 && u[0] == 0xFF && u[1] == 0xFE) return {"utf-16le", "bom", 2};
  if (bytes.size() >= 2 && u[0] == 0xFE && u[1] == 0xFF) return {"utf-16be", "bom", 2};

  // Checking validity of the whole body is cheap next to parsing it and settles most cases.
  bool valid_utf8 = IsValidUtf8(bytes);
  bool non_ascii = HasNonAscii(bytes);
  auto check = [&](std::string name, const char* how) -> bool {
    if (name.empty()) return false;
    if (IsUtf8Name(name)) {
      if (!valid_utf8) return false;  // declared UTF-8 but it is not.
      g = {"utf-8", how, 0};
      return true;
    }
    if (non_ascii && valid_utf8 && IsSingleByteLegacy(name)) {
      g = {"utf-8", "valid-utf8-over-declared", 0};
      return true;
    }
    UErrorCode status = U_ZERO_ERROR;
    const char* canonical = ucnv_getCanonicalName(name.c_str(), "", &status);
    if (U_FAILURE(status) || canonical == nullptr) {
      status = U_ZERO_ERROR;
      UConverter* conv = ucnv_open(name.c_str(), &status);
      if (U_FAILURE(status)) return false;
      ucnv_close(conv);
    }
    g = {name, how, 0};
    return true;
  };
  if (check(AsciiLower(declared), "header")) return g;
  if (html && check(CharsetFromMeta(bytes), "meta")) return g;
  if (!non_ascii || valid_utf8) return {"utf-8", "default", 0};

  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&status);
  if (U_SUCCESS(status)) {
    ucsdet_enableInputFilter(det, html ? 1 : 0);
    int32_t len = static_cast<int32_t>(std::min<size_t>(bytes.size(), 64 * 1024));
    ucsdet_setText(det, bytes.data(), len, &status);
    const UCharsetMatch* match = ucsdet_detect(det, &status);
    if (U_SUCCESS(status) && match != nullptr) {
      const char* name = ucsdet_getName(match, &status);
      if (U_SUCCESS(status) && name != nullptr) g = {AsciiLower(name), "detected", 0};
    }
    ucsdet_close(det);
  }
  if (g.charset.empty() || IsUtf8Name(g.charset)) g = {"windows-1252", "detected", 0};
  // ICU reports ISO-8859-1 for windows-1252 text; the superset decodes both correctly.
  if (g.charset == "iso-8859-1") g.charset = "windows-1252";
  return g;
}

Status ConvertToUtf8(std::string_view bytes, const CharsetGuess& guess, std::string* out) {
  bytes.remove_prefix(std::min(bytes.size(), guess.bom_length));
  if (IsUtf8Name(guess.charset) && IsValidUtf8(bytes)) {
    out->assign(bytes);
    return Status::OK();
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> from(ucnv_open(guess.charset.c_str(), &status),
                                                          ucnv_close);
  if (U_FAILURE(status)) return Status::InvalidArgument("unknown charset " + guess.charset);
  std::unique_ptr<UConverter, void (*)(UConverter*)> to(ucnv_open("utf-8", &status), ucnv_close);
  if (U_FAILURE(status)) return Status::Internal("ICU has no UTF-8 converter");
  out->resize(bytes.size() * 3 + 16);
  char* target = out->data();
  const char* source = bytes.data();
  ucnv_convertEx(to.get(), from.get(), &target, out->data() + out->size(), &source,
                 bytes.data() + bytes.size(), nullptr, nullptr, nullptr, nullptr, true, true,
                 &status);
  if (U_FAILURE(status)) {
    return Status::Corruption(std::string("charset conversion failed: ") + u_errorName(status));
  }
  out->resize(static_cast<size_t>(target - out->data()));
  return Status::OK();
}

}  // namespace newspipe
