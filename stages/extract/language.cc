#include "stages/extract/language.h"

#include <cld2/public/compact_lang_det.h>

#include "stages/extract/text_util.h"

namespace newspipe::extract {
namespace {

constexpr size_t kMaxDetectBytes = 20000;
constexpr size_t kMinDetectBytes = 200;

}  // namespace

std::string PrimaryLanguage(std::string_view tag) {
  std::string_view t = Trim(tag);
  size_t cut = t.find_first_of("-_");
  if (cut != std::string_view::npos) t = t.substr(0, cut);
  if (t.size() < 2 || t.size() > 3) return "";
  std::string out;
  for (char c : t) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return "";
    out += static_cast<char>(c | 0x20);
  }
  return out;
}

std::string DetectLanguage(std::string_view text, bool* reliable) {
  *reliable = false;
  if (text.size() > kMaxDetectBytes) {
    size_t cut = kMaxDetectBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
  }
  int valid_prefix = 0;
  CLD2::Language lang =
      CLD2::DetectLanguageCheckUTF8(text.data(), static_cast<int>(text.size()),
                                    /*is_plain_text=*/true, reliable, &valid_prefix);
  if (lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE) {
    *reliable = false;
    return "";
  }
  const char* code = CLD2::LanguageCode(lang);
  std::string out = code ? code : "";
  // CLD2 uses a few non-ISO codes; keep the primary subtag.
  size_t dash = out.find('-');
  if (dash != std::string::npos) out.resize(dash);
  return out;
}

LanguageChoice ChooseLanguage(std::string_view declared, std::string_view declared_source,
                              std::string_view text, bool detect) {
  LanguageChoice out;
  std::string decl = PrimaryLanguage(declared);
  std::string detected;
  bool reliable = false;
  if (detect && text.size() >= kMinDetectBytes) detected = DetectLanguage(text, &reliable);
  if (!decl.empty()) {
    if (!detected.empty() && reliable && detected != decl) {
      out.code = detected;
      out.source = "text";
      out.rule = "detected on the body (CLD2), overruling the declaration";
      out.rejected = std::string(declared);
      out.rejected_reason = "declared " + decl + ", but the body reads as " + detected;
      return out;
    }
    out.code = decl;
    out.source = std::string(declared_source);
    out.rule = detected == decl ? "declared, confirmed by detection" : "declared";
    return out;
  }
  if (!detected.empty()) {
    out.code = detected;
    out.source = "text";
    out.rule = reliable ? "detected on the body (CLD2)" : "detected on the body (CLD2, unreliable)";
    if (!reliable && text.size() < 1000) out.code.clear();
  }
  return out;
}

}  // namespace newspipe::extract
