// Line classifiers shared by HTML and plain-text cleaning (declared in main_content.h).
#include <array>

#include "stages/clean/main_content.h"
#include "stages/common/text_util.h"

namespace newspipe {
namespace {

constexpr std::array<std::string_view, 24> kMonths = {
    "jan", "feb",  "mar",  "apr",     "may",      "jun",     "jul",     "aug",
    "sep", "sept", "oct",  "nov",     "dec",      "januar",  "februar", "märz",
    "mai", "juni", "juli", "oktober", "dezember", "janvier", "mars",    "juin"};

constexpr std::array<std::string_view, 56> kDateWords = {
    "january",  "february", "march",    "april",  "june", "july",     "august",    "september",
    "october",  "november", "december", "mon",    "tue",  "tues",     "wed",       "thu",
    "thur",     "thurs",    "fri",      "sat",    "sun",  "monday",   "tuesday",   "wednesday",
    "thursday", "friday",   "saturday", "sunday", "am",   "pm",       "gmt",       "utc",
    "est",      "edt",      "pst",      "pdt",    "cst",  "cdt",      "bst",       "cet",
    "cest",     "jst",      "kst",      "ist",    "aest", "aedt",     "published", "updated",
    "posted",   "last",     "on",       "at",     "date", "modified", "uhr",       "st"};

bool IsDateWord(std::string_view lower) {
  for (auto m : kMonths) {
    if (lower == m) return true;
  }
  for (auto w : kDateWords) {
    if (lower == w) return true;
  }
  if (lower == "nd" || lower == "rd" || lower == "th" || lower == "am" || lower == "a" ||
      lower == "m" || lower == "p" || lower == "stand" || lower == "aktualisiert" ||
      lower == "veröffentlicht" || lower == "le" || lower == "time" || lower == "story" ||
      lower == "created" || lower == "ago" || lower == "minutes" || lower == "hours" ||
      lower == "hour" || lower == "article" || lower == "launched" || lower == "et" ||
      lower == "pt" || lower == "ct" || lower == "mt") {
    return true;
  }
  return false;
}

bool IsUpperStart(std::string_view w) {
  if (w.empty()) return false;
  unsigned char c = static_cast<unsigned char>(w[0]);
  if (c >= 'A' && c <= 'Z') return true;
  return c >= 0xC3 && c <= 0xC5;  // Latin-1 supplement / Latin Extended-A capitals (rough).
}

}  // namespace

bool LooksLikeByline(std::string_view text) {
  if (text.size() > 100) return false;
  static constexpr std::string_view kPrefixes[] = {"by ",    "von ",    "par ",        "por ",
                                                   "door ",  "di ",     "written by ", "posted by ",
                                                   "text: ", "autor: ", "author: "};
  for (auto p : kPrefixes) {
    if (StartsWithIgnoreCase(text, p)) {
      std::string_view rest = text.substr(p.size());
      size_t words = CountWords(rest);
      return words >= 1 && words <= 12 && IsUpperStart(TrimAscii(rest));
    }
  }
  return false;
}

bool LooksLikeDateLine(std::string_view text) {
  if (text.size() > 90 || text.empty()) return false;
  size_t words = 0, datey = 0, digits = 0;
  bool month = false;
  ForEachWord(text, [&](std::string_view w) {
    ++words;
    bool all_digits = true;
    for (char c : w) all_digits = all_digits && c >= '0' && c <= '9';
    if (all_digits) {
      ++digits;
      ++datey;
      return;
    }
    std::string lower = AsciiLower(w);
    if (IsDateWord(lower)) {
      ++datey;
      for (auto m : kMonths) month = month || lower == m;
      for (size_t i = 0; i < 11; ++i) month = month || lower == kDateWords[i];
    }
  });
  if (words == 0 || digits == 0) return false;
  if (!month && digits < 2) return false;
  return datey * 10 >= words * 7;
}

bool LooksLikeCopyright(std::string_view text) {
  if (text.size() > 400) return false;
  if (text.find("\xC2\xA9") != std::string_view::npos) return true;  // ©
  if (StartsWithIgnoreCase(text, "copyright") || StartsWithIgnoreCase(text, "(c) ")) return true;
  return FindIgnoreCase(text, "all rights reserved") != std::string_view::npos;
}

}  // namespace newspipe
