#include "stages/extract/text_facts.h"

#include <algorithm>

#include "stages/extract/authors.h"
#include "stages/extract/dates.h"
#include "stages/extract/text_util.h"

namespace newspipe::extract {
namespace {

constexpr std::string_view kCreditWords[] = {"photo",
                                             "photos",
                                             "foto",
                                             "fotos",
                                             "bild",
                                             "image",
                                             "picture",
                                             "credit",
                                             "getty",
                                             "reuters",
                                             "afp",
                                             "ap",
                                             "dpa",
                                             "epa",
                                             "via",
                                             "pool",
                                             "file",
                                             "courtesy",
                                             "shutterstock",
                                             "imago",
                                             "kyodo",
                                             "xinhua",
                                             "yonhap",
                                             "archive",
                                             "archiv",
                                             "©",
                                             "(c)",
                                             "istock",
                                             "picture-alliance"};

bool HasCreditWord(std::string_view s) {
  std::string f = FoldCase(s);
  for (std::string_view w : kCreditWords) {
    size_t pos = f.find(w);
    while (pos != std::string::npos) {
      bool left = pos == 0 || !IsLetter(static_cast<unsigned char>(f[pos - 1]));
      bool right =
          pos + w.size() >= f.size() || !IsLetter(static_cast<unsigned char>(f[pos + w.size()]));
      if (left && right) return true;
      pos = f.find(w, pos + 1);
    }
  }
  return false;
}

// The place of a dateline without the date and the wire's tag a release prints after it
// ("PARIS, Mar. 3", "LAKESIDE, Mar. 8 /Example Wire/"): the dateline is the place.
std::string_view WithoutTrailingDate(std::string_view place) {
  size_t comma = place.rfind(',');
  if (comma == std::string_view::npos) return place;
  std::string_view last = Trim(place.substr(comma + 1));
  std::string_view month = last.substr(0, last.find_first_of(" ."));
  size_t digits = last.find_first_of("0123456789");
  if (MonthFromName(FoldCase(month)) == 0 || digits == std::string_view::npos) return place;
  // Only the month, its dot and spaces before the day.
  if (last.substr(month.size(), digits - month.size()).find_first_not_of(". ") !=
      std::string_view::npos) {
    return place;
  }
  return Trim(place.substr(0, comma));
}

}  // namespace

std::string AgencyLine(std::string_view line) {
  std::string_view t = Trim(line);
  if (t.empty() || t.size() > 60) return "";
  if (StartsWithFolded(t, "by ")) t = Trim(t.substr(3));
  if (StartsWithFolded(t, "source:")) t = Trim(t.substr(7));
  std::string agency = CanonicalAgency(t);
  if (!agency.empty()) return agency;
  // "AFP/dpa", "Reuters, AP": the first agency named.
  for (std::string_view sep : {"/", ",", " and ", " & "}) {
    size_t pos = t.find(sep);
    if (pos == std::string_view::npos) continue;
    std::string first = CanonicalAgency(t.substr(0, pos));
    std::string second = CanonicalAgency(t.substr(pos + sep.size()));
    if (!first.empty() && !second.empty()) return first;
  }
  return "";
}

Dateline ReadDateline(std::string_view paragraph) {
  Dateline out;
  std::string_view p = paragraph.substr(0, std::min<size_t>(paragraph.size(), 120));
  // The place ends at "--", an em/en dash, " - ", or "(" of an agency.
  size_t end = std::string_view::npos;
  size_t after = 0;
  std::string agency;
  for (size_t i = 0; i < p.size(); ++i) {
    std::string_view rest = p.substr(i);
    if (rest.starts_with("--")) {
      end = i;
      after = i + 2;
    } else if (rest.starts_with("\u2014") || rest.starts_with("\u2013")) {
      end = i;
      after = i + 3;
    } else if (rest.starts_with(" - ")) {
      end = i;
      after = i + 3;
    } else if (rest.starts_with("(")) {
      size_t close = rest.find(')');
      if (close == std::string_view::npos || close > 40) return out;
      agency = CanonicalAgency(rest.substr(1, close - 1));
      if (agency.empty()) return out;
      std::string_view tail = rest.substr(close + 1);
      size_t k = 0;
      while (k < tail.size() && tail[k] == ' ') ++k;
      size_t dash = 0;
      if (tail.substr(k).starts_with("--"))
        dash = 2;
      else if (tail.substr(k).starts_with("-"))
        dash = 1;
      else if (tail.substr(k).starts_with("\u2014") || tail.substr(k).starts_with("\u2013"))
        dash = 3;
      if (dash == 0) return out;
      end = i;
      after = i + close + 1 + k + dash;
    } else {
      continue;
    }
    break;
  }
  if (end == std::string_view::npos || end == 0) return out;
  std::string_view place = Trim(p.substr(0, end));
  while (!place.empty() && place.back() == ',') place = Trim(place.substr(0, place.size() - 1));
  place = WithoutTrailingDate(place);
  if (place.empty() || place.size() > 60) return out;
  // The city is in capitals; a region after a comma may be written normally ("Calif.").
  std::string_view city = place.substr(0, place.find(','));
  std::string_view region = place.size() > city.size() ? place.substr(city.size() + 1) : "";
  if (!IsAllCaps(city) || SplitCount(city, " ") > 4) return out;
  if (Utf8Length(region) > 30) return out;
  for (char c : city) {
    if (c >= '0' && c <= '9') return out;
  }
  // A kicker in capitals over a teaser ("HARBOUR – Why the ferry crews walk out and what comes
  // next"): what follows the dash is a line of several words that does not end like a
  // sentence, where a dateline opens the story's first sentence.
  constexpr size_t kMinTeaserWords = 4;
  std::string_view rest = Trim(paragraph.substr(std::min(after, paragraph.size())));
  if (SplitCount(rest, " ") >= kMinTeaserWords) {
    bool sentence = false;
    for (std::string_view end : {".", "!", "?", ":", ";", "\"", "'", ")", "\u201d", "\u2019",
                                 "\u201c", "\u00bb", "\u2026"}) {
      sentence |= rest.ends_with(end);
    }
    if (!sentence) return out;
  }
  out.place = std::string(place);
  out.agency = agency;
  out.length = after;
  return out;
}

bool EndsWithPhotoCredit(std::string_view line) {
  std::string_view t = Trim(line);
  if (t.empty() || t.back() != ')') return false;
  size_t open = t.rfind('(');
  if (open == std::string_view::npos || t.size() - open > 80) return false;
  return HasCreditWord(t.substr(open + 1, t.size() - open - 2));
}

CaptionParts SplitCaption(std::string_view caption) {
  CaptionParts out;
  std::string_view t = Trim(caption);
  if (EndsWithPhotoCredit(t)) {
    size_t open = t.rfind('(');
    std::string_view credit = Trim(t.substr(open + 1, t.size() - open - 2));
    // "(Photo: Jane Doe)": the label goes; "(Pool Photo via AP)" is the credit whole.
    for (std::string_view label : {"photo: ", "photos: ", "foto: ", "fotos: ", "image: ",
                                   "picture: ", "credit: ", "photograph: "}) {
      if (StartsWithFolded(credit, label)) credit = Trim(credit.substr(label.size()));
    }
    out.credit = std::string(credit);
    out.text = std::string(Trim(t.substr(0, open)));
    return out;
  }
  // A caption's own label ("Caption: ...", "Bildunterschrift: ...") names the element.
  for (std::string_view label : {"caption: ", "bildunterschrift: ", "l\u00e9gende : "}) {
    if (StartsWithFolded(t, label)) t = Trim(t.substr(label.size()));
  }
  // "... Photo: Jane Doe/Reuters", "... Foto: dpa", "... © Jane Doe", "Fotos: Jane Doe",
  // "Bildquelle: Example Verlag", "Crédit photo : Jane Doe".
  std::string f = FoldCase(t);
  for (std::string_view marker : {"photo: ",
                                  "photos: ",
                                  "photo by ",
                                  "photo credit: ",
                                  "foto: ",
                                  "fotos: ",
                                  "bild: ",
                                  "bildquelle: ",
                                  "bildrechte: ",
                                  "quelle: ",
                                  "source: ",
                                  "credit: ",
                                  "credits: ",
                                  "cr\u00e9dit photo : ",
                                  "cr\u00e9dits photo : ",
                                  "cr\u00e9dit : ",
                                  "cr\u00e9dits : ",
                                  "image: ",
                                  "picture: ",
                                  "\u00a9 ",
                                  "\u00a9",
                                  "(c) "}) {
    size_t pos = f.rfind(marker);
    if (pos == std::string::npos || t.size() - pos > 100) continue;
    out.credit = std::string(Trim(t.substr(pos + marker.size())));
    // The bracket that closed the credit ("(Photo: Jane Doe)", "(Foto: X; 14.01.2022).") goes;
    // one that closes a bracket inside the credit stays ("Jane Doe (Example Club)").
    for (;;) {
      while (
          !out.credit.empty() && (out.credit.back() == '.' || out.credit.back() == ' ') &&
          out.credit.size() >= 2 &&
          (out.credit[out.credit.size() - 2] == ')' || out.credit[out.credit.size() - 2] == ']')) {
        out.credit.pop_back();
      }
      if (out.credit.empty() || (out.credit.back() != ')' && out.credit.back() != ']')) break;
      const char open = out.credit.back() == ')' ? '(' : '[';
      const auto opens = std::count(out.credit.begin(), out.credit.end(), open);
      const auto closes = std::count(out.credit.begin(), out.credit.end(), out.credit.back());
      if (opens >= closes) break;
      out.credit.pop_back();
    }
    std::string_view before = Trim(t.substr(0, pos));
    while (!before.empty() &&
           (before.back() == '(' || before.back() == '[' || before.back() == '|')) {
      before = Trim(before.substr(0, before.size() - 1));
    }
    // What stands before the credit may be only marks ("\u00a9 Quelle: Example"): no caption.
    bool words = false;
    for (size_t i = 0; i < before.size() && !words;) {
      char32_t c = NextCodePoint(before, i);
      words = IsLetter(c) || (c >= '0' && c <= '9');
    }
    if (words) out.text = std::string(before);
    return out;
  }
  out.text = std::string(t);
  return out;
}

}  // namespace newspipe::extract
