// The page's language: its declaration (<html lang>, og:locale, JSON-LD inLanguage,
// Content-Language) checked against detection on the body text with CLD2. Detection wins only
// when it is reliable and the text is long enough to trust. Thread-safe (CLD2 is stateless).
#pragma once

#include <string>
#include <string_view>

namespace newspipe::extract {

struct LanguageChoice {
  std::string code;    // ISO 639-1 where there is one ("en", "de"), else CLD2's code; "" unknown.
  std::string source;  // "meta" (declared), "text" (detected).
  std::string rule;
  std::string rejected;  // the declaration overruled by detection, if any.
  std::string rejected_reason;
};

// `declared` may be "en-US", "de_DE", "EN"; `text` is the body (UTF-8).
LanguageChoice ChooseLanguage(std::string_view declared, std::string_view declared_source,
                              std::string_view text, bool detect);

// "en-US" -> "en"; "" when it is not a language tag.
std::string PrimaryLanguage(std::string_view tag);

// Detected language of `text` ("" when unknown or unreliable).
std::string DetectLanguage(std::string_view text, bool* reliable);

}  // namespace newspipe::extract
