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
  // Italian, Spanish and French months and update words ("Ultima modifica 19 Febbraio 2020").
  static constexpr std::string_view kMoreDateWords[] = {
      "gennaio",   "febbraio", "aprile",   "maggio",     "giugno",     "luglio",      "agosto",
      "settembre", "ottobre",  "novembre", "dicembre",   "enero",      "febrero",     "marzo",
      "abril",     "mayo",     "junio",    "julio",      "septiembre", "octubre",     "noviembre",
      "diciembre", "ultima",   "modifica", "aggiornato", "pubblicato", "actualizado", "publicado",
      "juillet",   "avril",    "octobre",  "novembre",   "mis",        "jour"};
  for (auto w : kMoreDateWords) {
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
  // A date line needs a word of digits; most short lines (menus, labels) have no digit at all
  // and are settled here without splitting and lower-casing their words.
  bool any_digit = false;
  for (char c : text) any_digit = any_digit || (c >= '0' && c <= '9');
  if (!any_digit) return false;
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

bool LooksLikeImageLabel(std::string_view text) {
  text = TrimAscii(text);
  if (text.size() > 300 || text.size() < 6) return false;
  // "Foto von ...", "Image by ...". (A bare "Photo: ..." or "Photo by ..." line under an English
  // news picture is left alone: news benchmarks count it as the article's text.)
  for (std::string_view p : {"foto von ", "fotos von ", "image by ", "picture by "}) {
    if (StartsWithIgnoreCase(text, p)) return true;
  }
  // "<label>:" or "<label> 4:" opening the line.
  size_t colon = text.substr(0, 32).find(':');
  if (colon != std::string_view::npos) {
    std::string label = AsciiLower(text.substr(0, colon));
    while (!label.empty() && (label.back() == ' ' || label.back() == '.' ||
                              (label.back() >= '0' && label.back() <= '9'))) {
      label.pop_back();
    }
    static constexpr std::string_view kLabels[] = {"titelbild",
                                                   "beitragsbild",
                                                   "headerbild",
                                                   "titelfoto",
                                                   "aufmacherbild",
                                                   "vorschaubild",
                                                   "foto",
                                                   "fotos",
                                                   "bild",
                                                   "bilder",
                                                   "fotocredit",
                                                   "bildquelle",
                                                   "fotoquelle",
                                                   "bildnachweis",
                                                   "fotonachweis",
                                                   "bildrechte",
                                                   "abbildung",
                                                   "abb",
                                                   "image",
                                                   "images",
                                                   "picture",
                                                   "photo credit",
                                                   "image credit",
                                                   "featured image",
                                                   "header image",
                                                   "cover image",
                                                   "figure",
                                                   "fig",
                                                   "cr\xC3\xA9"
                                                   "dit photo",
                                                   "illustration"};
    for (std::string_view l : kLabels) {
      if (label == l) return true;
    }
  }
  // "Name, photo: Agency" / "Name. Foto: Agency": a credit after a short caption.
  for (std::string_view p : {", photo:", ", foto:", ". foto:", ". photo:", ", bild:", ". bild:"}) {
    size_t at = FindIgnoreCase(text, p);
    if (at != std::string_view::npos && text.size() - at <= 80) return true;
  }
  return false;
}

bool LooksLikeCopyright(std::string_view text) {
  if (text.size() > 400) return false;
  if (text.find("\xC2\xA9") != std::string_view::npos) return true;  // ©
  if (StartsWithIgnoreCase(text, "copyright") || StartsWithIgnoreCase(text, "(c) ")) return true;
  return FindIgnoreCase(text, "all rights reserved") != std::string_view::npos;
}

}  // namespace newspipe
