#include "stages/common/charset.h"

#include <unicode/ucnv.h>

#include <memory>

#include "stages/common/text_util.h"

namespace newspipe {
namespace {

// Reads a charset name starting at `s` (after "charset=" and optional quotes).
std::string ReadCharsetName(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '"' || s[i] == '\'')) ++i;
  size_t start = i;
  while (i < s.size()) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) break;
    ++i;
  }
  return AsciiLower(s.substr(start, i - start));
}

std::string Normalize(std::string name) {
  if (name == "utf8") return "utf-8";
  // Browsers read these labels as windows-1252; so do we (the C1 range holds real characters).
  if (name == "iso-8859-1" || name == "latin1" || name == "latin-1" || name == "us-ascii" ||
      name == "ascii" || name == "iso8859-1" || name == "iso_8859-1") {
    return "windows-1252";
  }
  return name;
}

bool ConvertWithIcu(std::string_view bytes, const std::string& charset, std::string* out) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* raw = ucnv_open(charset.c_str(), &status);
  if (U_FAILURE(status) || raw == nullptr) return false;
  std::unique_ptr<UConverter, void (*)(UConverter*)> from(raw, ucnv_close);
  status = U_ZERO_ERROR;
  UConverter* utf8_raw = ucnv_open("UTF-8", &status);
  if (U_FAILURE(status) || utf8_raw == nullptr) return false;
  std::unique_ptr<UConverter, void (*)(UConverter*)> to(utf8_raw, ucnv_close);
  out->assign(bytes.size() * 3 + 16, '\0');
  char* target = out->data();
  const char* source = bytes.data();
  status = U_ZERO_ERROR;
  ucnv_convertEx(to.get(), from.get(), &target, out->data() + out->size(), &source,
                 bytes.data() + bytes.size(), nullptr, nullptr, nullptr, nullptr, true, true,
                 &status);
  if (U_FAILURE(status)) return false;
  out->resize(static_cast<size_t>(target - out->data()));
  return true;
}

}  // namespace

std::string ContentTypeCharset(std::string_view content_type) {
  size_t at = FindIgnoreCase(content_type, "charset=");
  if (at == std::string_view::npos) return "";
  return Normalize(ReadCharsetName(content_type.substr(at + 8)));
}

std::string SniffHtmlCharset(std::string_view bytes) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") return "utf-8";
  if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
    return bytes[0] == '\xFF' ? "utf-16le" : "utf-16be";
  }
  std::string_view head = bytes.substr(0, 8192);
  size_t pos = 0;
  while ((pos = FindIgnoreCase(head, "<meta", pos)) != std::string_view::npos) {
    size_t close = head.find('>', pos);
    std::string_view tag =
        head.substr(pos, close == std::string_view::npos ? head.size() - pos : close - pos);
    size_t at = FindIgnoreCase(tag, "charset");
    if (at != std::string_view::npos) {
      std::string_view rest = tag.substr(at + 7);
      size_t i = 0;
      while (i < rest.size() && rest[i] == ' ') ++i;
      if (i < rest.size() && rest[i] == '=') {
        std::string name = ReadCharsetName(rest.substr(i + 1));
        if (!name.empty()) return Normalize(name);
      }
    }
    pos += 5;
  }
  return "";
}

Utf8Conversion DecodeToUtf8(std::string_view bytes, std::string_view declared) {
  Utf8Conversion result;
  std::string charset = Normalize(AsciiLower(declared));
  if (charset.empty()) charset = SniffHtmlCharset(bytes);
  bool utf16 = charset.rfind("utf-16", 0) == 0;
  if (!utf16 && Utf8Valid(bytes)) {
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    result.text.assign(bytes);
    result.charset = "utf-8";
    if (!charset.empty() && charset != "utf-8" && charset != "windows-1252") {
      // Valid UTF-8 with non-ASCII bytes under another declared charset: trust the bytes.
      for (char c : bytes) {
        if (static_cast<unsigned char>(c) >= 0x80) {
          result.warning = "declared charset " + charset + " but the bytes are UTF-8";
          break;
        }
      }
    }
    return result;
  }
  if (charset.empty() || charset == "utf-8") {
    // Mostly UTF-8 with a few broken bytes: keep it UTF-8; otherwise it is a legacy 8-bit page.
    size_t good = 0, bad = 0;
    const char* p = bytes.data();
    const char* end = p + bytes.size();
    while (p < end) {
      if (static_cast<unsigned char>(*p) < 0x80) {
        ++p;
        continue;
      }
      const char* before = p;
      char32_t c = DecodeUtf8(&p, end);
      (c == 0xFFFD && p - before == 1) ? ++bad : ++good;
    }
    if (good > bad * 2) {
      result.text = SanitizeUtf8(bytes);
      result.charset = "utf-8";
      result.converted = true;
      result.warning = "invalid UTF-8 sequences replaced";
      return result;
    }
    if (charset == "utf-8") result.warning = "declared utf-8 but the bytes are not valid UTF-8";
    charset = "windows-1252";
  }
  if (!ConvertWithIcu(bytes, charset, &result.text)) {
    result.warning = "unknown or unusable charset " + charset + "; read as windows-1252";
    charset = "windows-1252";
    if (!ConvertWithIcu(bytes, charset, &result.text)) result.text = SanitizeUtf8(bytes);
  }
  if (!Utf8Valid(result.text)) result.text = SanitizeUtf8(result.text);
  result.charset = charset;
  result.converted = true;
  return result;
}

}  // namespace newspipe
