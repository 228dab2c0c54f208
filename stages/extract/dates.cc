#include "stages/extract/dates.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <utility>
#include <vector>

#include "stages/common/text_util.h"
#include "stages/extract/text_util.h"
#include "stages/extract/timezones.h"

namespace newspipe::extract {
namespace {

struct Token {
  enum Kind { kNum, kWord, kPunct } kind;
  std::string_view text;
  size_t begin = 0;
  size_t end = 0;
  bool space_before = false;
  int value = 0;       // numbers (capped).
  std::string folded;  // words, case-folded.
};

// IsLetter(NextCodePoint(s, i)), with ASCII bytes (most of any text) answered inline.
bool LetterAt(std::string_view s, size_t& i) {
  unsigned char b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    ++i;
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  }
  return IsLetter(NextCodePoint(s, i));
}

// The end of the run of letters that starts at `i`.
size_t LettersEnd(std::string_view s, size_t i) {
  while (i < s.size()) {
    size_t k = i;
    if (!LetterAt(s, k)) break;
    i = k;
  }
  return i;
}

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  bool space = false;
  while (i < s.size()) {
    size_t start = i;
    char32_t c = NextCodePointFast(s, i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x202F ||
        (c >= 0x2000 && c <= 0x200B)) {
      space = true;
      continue;
    }
    Token t;
    t.begin = start;
    t.space_before = space;
    space = false;
    if (c >= '0' && c <= '9') {
      t.kind = Token::kNum;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      for (size_t k = start; k < i && k < start + 9; ++k) t.value = t.value * 10 + (s[k] - '0');
    } else if (IsLetter(c)) {
      t.kind = Token::kWord;
      i = LettersEnd(s, i);
    } else {
      t.kind = Token::kPunct;
    }
    t.end = i;
    t.text = s.substr(start, i - start);
    if (t.kind == Token::kWord) t.folded = FoldCase(t.text);
    out.push_back(std::move(t));
    if (out.size() > 4000) break;  // long texts: dates sit near the start.
  }
  return out;
}

struct MonthName {
  std::string_view name;
  int month;
};

// Month names and abbreviations (folded) in English, German, French, Spanish, Italian, Dutch,
// Portuguese, Russian and Ukrainian.
constexpr MonthName kMonths[] = {
    {"january", 1},
    {"jan", 1},
    {"januar", 1},
    {"jänner", 1},
    {"janvier", 1},
    {"janv", 1},
    {"enero", 1},
    {"gennaio", 1},
    {"januari", 1},
    {"janeiro", 1},
    {"february", 2},
    {"feb", 2},
    {"februar", 2},
    {"février", 2},
    {"fevrier", 2},
    {"févr", 2},
    {"febrero", 2},
    {"febbraio", 2},
    {"februari", 2},
    {"fevereiro", 2},
    {"march", 3},
    {"mar", 3},
    {"märz", 3},
    {"maerz", 3},
    {"mär", 3},
    {"mrz", 3},
    {"mars", 3},
    {"marzo", 3},
    {"maart", 3},
    {"março", 3},
    {"april", 4},
    {"apr", 4},
    {"avril", 4},
    {"avr", 4},
    {"abril", 4},
    {"aprile", 4},
    {"may", 5},
    {"mai", 5},
    {"mayo", 5},
    {"maggio", 5},
    {"mei", 5},
    {"maio", 5},
    {"june", 6},
    {"jun", 6},
    {"juni", 6},
    {"juin", 6},
    {"junio", 6},
    {"giugno", 6},
    {"junho", 6},
    {"july", 7},
    {"jul", 7},
    {"juli", 7},
    {"juillet", 7},
    {"juil", 7},
    {"julio", 7},
    {"luglio", 7},
    {"julho", 7},
    {"august", 8},
    {"aug", 8},
    {"août", 8},
    {"aout", 8},
    {"agosto", 8},
    {"augustus", 8},
    {"september", 9},
    {"sep", 9},
    {"sept", 9},
    {"septembre", 9},
    {"septiembre", 9},
    {"setiembre", 9},
    {"settembre", 9},
    {"setembro", 9},
    {"october", 10},
    {"oct", 10},
    {"oktober", 10},
    {"okt", 10},
    {"octobre", 10},
    {"octubre", 10},
    {"ottobre", 10},
    {"outubro", 10},
    {"november", 11},
    {"nov", 11},
    {"novembre", 11},
    {"noviembre", 11},
    {"novembro", 11},
    {"december", 12},
    {"dec", 12},
    {"dezember", 12},
    {"dez", 12},
    {"décembre", 12},
    {"decembre", 12},
    {"déc", 12},
    {"diciembre", 12},
    {"dicembre", 12},
    {"dezembro", 12},
    // Russian and Ukrainian, in the genitive a date is written with ("15 августа 2016"), lower
    // case as pages write them.
    {"января", 1},
    {"февраля", 2},
    {"марта", 3},
    {"апреля", 4},
    {"мая", 5},
    {"июня", 6},
    {"июля", 7},
    {"августа", 8},
    {"сентября", 9},
    {"октября", 10},
    {"ноября", 11},
    {"декабря", 12},
    {"січня", 1},
    {"лютого", 2},
    {"березня", 3},
    {"квітня", 4},
    {"травня", 5},
    {"червня", 6},
    {"липня", 7},
    {"серпня", 8},
    {"вересня", 9},
    {"жовтня", 10},
    {"листопада", 11},
    {"грудня", 12},
};

// Month names only the date reader knows (MonthFromName's callers read bylines, where some of
// these are people's names or common words): Italian, Spanish and Portuguese abbreviations,
// and the months of Scandinavian, Polish, Czech, Slovak, Slovenian, Serbian, Finnish,
// Hungarian, Romanian, Indonesian, Turkish and Greek dates, in the case a date is written with.
// Only read between a day and a year.
constexpr MonthName kMoreMonths[] = {
    {"gen", 1},           {"ene", 1},         {"stycznia", 1},   {"ledna", 1},
    {"januára", 1},       {"januarja", 1},    {"januara", 1},    {"tammikuuta", 1},
    {"január", 1},        {"ianuarie", 1},    {"ocak", 1},       {"ιανουαρίου", 1},
    {"fev", 2},           {"lutego", 2},      {"února", 2},      {"februára", 2},
    {"februarja", 2},     {"februara", 2},    {"helmikuuta", 2}, {"február", 2},
    {"febr", 2},          {"februarie", 2},   {"şubat", 2},      {"φεβρουαρίου", 2},
    {"mrt", 3},           {"marts", 3},       {"marca", 3},      {"března", 3},
    {"marta", 3},         {"maaliskuuta", 3}, {"március", 3},    {"márc", 3},
    {"martie", 3},        {"maret", 3},       {"mart", 3},       {"μαρτίου", 3},
    {"abr", 4},           {"kwietnia", 4},    {"dubna", 4},      {"apríla", 4},
    {"aprila", 4},        {"huhtikuuta", 4},  {"április", 4},    {"ápr", 4},
    {"aprilie", 4},       {"nisan", 4},       {"απριλίου", 4},   {"mag", 5},
    {"maj", 5},           {"maja", 5},        {"května", 5},     {"mája", 5},
    {"toukokuuta", 5},    {"május", 5},       {"máj", 5},        {"mayıs", 5},
    {"μαΐου", 5},         {"giu", 6},         {"czerwca", 6},    {"června", 6},
    {"júna", 6},          {"junija", 6},      {"juna", 6},       {"kesäkuuta", 6},
    {"június", 6},        {"jún", 6},         {"iunie", 6},      {"haziran", 6},
    {"ιουνίου", 6},       {"lug", 7},         {"lipca", 7},      {"července", 7},
    {"júla", 7},          {"julija", 7},      {"jula", 7},       {"heinäkuuta", 7},
    {"július", 7},        {"júl", 7},         {"iulie", 7},      {"temmuz", 7},
    {"ιουλίου", 7},       {"ago", 8},         {"augusti", 8},    {"sierpnia", 8},
    {"srpna", 8},         {"augusta", 8},     {"avgusta", 8},    {"elokuuta", 8},
    {"augusztus", 8},     {"agustus", 8},     {"ağustos", 8},    {"αυγούστου", 8},
    {"set", 9},           {"września", 9},    {"září", 9},       {"septembra", 9},
    {"syyskuuta", 9},     {"szeptember", 9},  {"szept", 9},      {"septembrie", 9},
    {"eylül", 9},         {"σεπτεμβρίου", 9}, {"ott", 10},       {"out", 10},
    {"października", 10}, {"října", 10},      {"októbra", 10},   {"oktobra", 10},
    {"lokakuuta", 10},    {"október", 10},    {"octombrie", 10}, {"ekim", 10},
    {"οκτωβρίου", 10},    {"listopada", 11},  {"listopadu", 11}, {"novembra", 11},
    {"marraskuuta", 11},  {"noiembrie", 11},  {"kasım", 11},     {"νοεμβρίου", 11},
    {"dic", 12},          {"grudnia", 12},    {"prosince", 12},  {"decembra", 12},
    {"joulukuuta", 12},   {"decembrie", 12},  {"desember", 12},  {"aralık", 12},
    {"δεκεμβρίου", 12},
};

constexpr size_t kLongestMonthName = [] {
  size_t longest = 0;
  for (const MonthName& m : kMonths) longest = std::max(longest, m.name.size());
  return longest;
}();
static_assert(kLongestMonthName < 32);

// For each first byte, bit n set when a name in kMonths of n bytes starts with it: every word
// of a text is asked whether it names a month, and most are answered by these two alone.
constexpr std::array<uint32_t, 256> kMonthLengthsByFirstByte = [] {
  std::array<uint32_t, 256> lengths{};
  for (const MonthName& m : kMonths) {
    lengths[static_cast<unsigned char>(m.name[0])] |= uint32_t{1} << m.name.size();
  }
  return lengths;
}();

bool MayNameAMonth(std::string_view folded) {
  return !folded.empty() && folded.size() <= kLongestMonthName &&
         (kMonthLengthsByFirstByte[static_cast<unsigned char>(folded[0])] &
          (uint32_t{1} << folded.size()));
}

int MonthOf(const Token& t) { return t.kind == Token::kWord ? MonthFromName(t.folded) : 0; }

// MonthOf, and the months only written after the day.
int MonthAfterDay(const Token& t) {
  if (t.kind != Token::kWord) return 0;
  if (int m = MonthFromName(t.folded)) return m;
  for (const auto& m : kMoreMonths) {
    if (m.name == t.folded) return m.month;
  }
  return 0;
}

bool IsPunct(const std::vector<Token>& toks, size_t i, std::string_view p) {
  return i < toks.size() && toks[i].kind == Token::kPunct && toks[i].text == p;
}
bool IsWord(const std::vector<Token>& toks, size_t i, std::string_view folded) {
  return i < toks.size() && toks[i].kind == Token::kWord && toks[i].folded == folded;
}
bool IsNum(const std::vector<Token>& toks, size_t i, size_t min_len, size_t max_len) {
  return i < toks.size() && toks[i].kind == Token::kNum && toks[i].text.size() >= min_len &&
         toks[i].text.size() <= max_len;
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

// The ISO weekday (Monday 1 .. Sunday 7) a folded weekday's name or abbreviation names in
// English, German, French or Spanish; 0 for other words.
int WeekdayOf(std::string_view folded) {
  struct Name {
    std::string_view name;
    int weekday;
  };
  static constexpr Name kNames[] = {
      {"monday", 1},     {"tuesday", 2},  {"wednesday", 3}, {"thursday", 4},  {"friday", 5},
      {"saturday", 6},   {"sunday", 7},   {"mon", 1},       {"tue", 2},       {"tues", 2},
      {"wed", 3},        {"thu", 4},      {"thur", 4},      {"thurs", 4},     {"fri", 5},
      {"sat", 6},        {"sun", 7},      {"montag", 1},    {"dienstag", 2},  {"mittwoch", 3},
      {"donnerstag", 4}, {"freitag", 5},  {"samstag", 6},   {"sonntag", 7},   {"lundi", 1},
      {"mardi", 2},      {"mercredi", 3}, {"jeudi", 4},     {"vendredi", 5},  {"samedi", 6},
      {"dimanche", 7},   {"lunes", 1},    {"martes", 2},    {"miércoles", 3}, {"jueves", 4},
      {"viernes", 5},    {"sábado", 6},   {"domingo", 7}};
  for (const Name& n : kNames) {
    if (folded == n.name) return n.weekday;
  }
  return 0;
}

bool IsWeekday(std::string_view folded) { return WeekdayOf(folded) != 0; }

struct Fields {
  int year = 0, month = 0, day = 0;
  int hour = -1, minute = 0, second = 0;
  std::optional<int> offset;
  size_t end_token = 0;  // one past the last token used.
};

bool ValidDay(const Fields& f) {
  return f.year >= 1 && f.year <= 9999 && f.month >= 1 && f.month <= 12 && f.day >= 1 &&
         f.day <= DaysInMonth(f.year, f.month);
}

// Skips an ordinal suffix after a day number: 1st, 2nd, 3rd, 8th, 1er, 1º.
size_t SkipOrdinal(const std::vector<Token>& toks, size_t i) {
  if (i < toks.size() && toks[i].kind == Token::kWord && !toks[i].space_before) {
    const std::string& w = toks[i].folded;
    if (w == "st" || w == "nd" || w == "rd" || w == "th" || w == "er" || w == "º") return i + 1;
  }
  return i;
}

// A zone database's name, "US/Eastern", "Europe/Berlin", "America/New_York": a capitalised word,
// a slash and capitalised words joined by underscores, nothing spaced. Returns one past its
// last token and fills `name`, or returns `i`.
size_t MatchZoneName(const std::vector<Token>& toks, size_t i, std::string* name) {
  auto capital = [&](size_t k) {
    return k < toks.size() && toks[k].kind == Token::kWord && toks[k].text[0] >= 'A' &&
           toks[k].text[0] <= 'Z';
  };
  if (!capital(i) || !IsPunct(toks, i + 1, "/") || toks[i + 1].space_before || !capital(i + 2) ||
      toks[i + 2].space_before) {
    return i;
  }
  std::string n = std::string(toks[i].text) + "/" + std::string(toks[i + 2].text);
  size_t k = i + 3;
  while (IsPunct(toks, k, "_") && !toks[k].space_before && capital(k + 1) &&
         !toks[k + 1].space_before) {
    n += '_';
    n += toks[k + 1].text;
    k += 2;
  }
  *name = std::move(n);
  return k;
}

// A zone after a time: Z, +09:00, +0900, -04, UTC, GMT+2, JST, (JST), US/Eastern.
size_t MatchZone(const std::vector<Token>& toks, size_t i, const DateContext& ctx,
                 std::optional<int>* offset) {
  size_t j = i;
  // "(JST)", "[IST]".
  const bool paren = IsPunct(toks, j, "(") || IsPunct(toks, j, "[");
  const std::string_view close = IsPunct(toks, j, "[") ? "]" : ")";
  if (paren) ++j;
  if (j < toks.size() && toks[j].kind == Token::kPunct &&
      (toks[j].text == "+" || toks[j].text == "-" || toks[j].text == "\u2212") &&
      IsNum(toks, j + 1, 2, 4)) {
    int sign = toks[j].text == "+" ? 1 : -1;
    const Token& n = toks[j + 1];
    int hh = 0, mm = 0;
    size_t k = j + 2;
    if (n.text.size() == 4) {
      hh = n.value / 100;
      mm = n.value % 100;
    } else if (n.text.size() <= 2) {
      hh = n.value;
      if (IsPunct(toks, k, ":") && IsNum(toks, k + 1, 2, 2)) {
        mm = toks[k + 1].value;
        k += 2;
      }
    } else {
      return i;
    }
    if (hh > 14 || mm > 59) return i;
    *offset = sign * (hh * 60 + mm);
    if (paren && IsPunct(toks, k, close)) ++k;
    return k;
  }
  std::string name;
  if (size_t k = j < toks.size() ? MatchZoneName(toks, j, &name) : j; k != j) {
    // The offset of the zone on 1970-01-01; ResolveGenericUsZone gives the one of the written
    // date and time.
    try {
      const date::time_zone* zone = date::locate_zone(name);
      *offset = static_cast<int>(zone->get_info(date::sys_seconds{}).offset.count() / 60);
      if (paren && IsPunct(toks, k, close)) ++k;
      return k;
    } catch (const std::exception&) {
      return i;  // no such zone (a path, a fraction of words), or no zone database.
    }
  }
  if (j < toks.size() && toks[j].kind == Token::kWord) {
    const Token& w = toks[j];
    bool upper = IsAllCaps(w.text) || w.text == "Z";
    if (!upper || w.text.size() > 5) return i;
    std::optional<int> off = ZoneAbbreviationOffset(w.text, ctx.country);
    if (!off) return i;
    size_t k = j + 1;
    if ((w.text == "UTC" || w.text == "GMT") && k < toks.size() && toks[k].kind == Token::kPunct &&
        (toks[k].text == "+" || toks[k].text == "-") && IsNum(toks, k + 1, 1, 2) &&
        !toks[k].space_before) {
      int sign = toks[k].text == "+" ? 1 : -1;
      int hh = toks[k + 1].value;
      k += 2;
      int mm = 0;
      if (IsPunct(toks, k, ":") && IsNum(toks, k + 1, 2, 2)) {
        mm = toks[k + 1].value;
        k += 2;
      }
      if (hh > 14) return i;
      off = sign * (hh * 60 + mm);
    }
    *offset = *off;
    if (paren && IsPunct(toks, k, close)) ++k;
    return k;
  }
  return i;
}

// A time after a date: [,|at|um|à|-|T|/] H:MM[:SS[.fff]] [am|pm|a.m.|p.m.] [Uhr|h] [zone].
void MatchTime(const std::vector<Token>& toks, size_t i, const DateContext& ctx, Fields* f) {
  size_t j = i;
  for (int skip = 0; skip < 3 && j < toks.size(); ++skip) {
    const Token& t = toks[j];
    if (t.kind == Token::kPunct &&
        (t.text == "," || t.text == "-" || t.text == "|" || t.text == "/" || t.text == "\u2013" ||
         t.text == "\u00b7" || t.text == "\u2022" || t.text == "@" || t.text == "(")) {
      ++j;
    } else if (t.kind == Token::kWord &&
               (t.folded == "at" || t.folded == "um" || t.folded == "à" || t.folded == "a" ||
                t.folded == "las" || t.folded == "t" || t.folded == "alle" || t.folded == "om" ||
                t.folded == "às" || t.folded == "updated" || t.folded == "ore")) {
      ++j;
    } else {
      break;
    }
  }
  // The hour and minute are set apart by a colon, by "h" ("17h04", French) or by a dot
  // ("17.04 GMT"; only before a zone or "Uhr", as a dot also writes decimals).
  const bool dot = IsPunct(toks, j + 1, ".");
  if (!IsNum(toks, j, 1, 2) || !(IsPunct(toks, j + 1, ":") || IsWord(toks, j + 1, "h") || dot) ||
      !IsNum(toks, j + 2, 2, 2) || toks[j + 1].space_before || toks[j + 2].space_before) {
    // A date alone may still carry a zone right after it: "2020-07-08Z" is rare; ignore.
    return;
  }
  int hour = toks[j].value, minute = toks[j + 2].value, second = 0;
  size_t k = j + 3;
  if (dot) {
    std::optional<int> zone;
    if (MatchZone(toks, k, ctx, &zone) == k && !IsWord(toks, k, "uhr")) return;
  }
  if (IsPunct(toks, k, ":") && IsNum(toks, k + 1, 2, 2) && !toks[k].space_before) {
    second = toks[k + 1].value;
    k += 2;
    if ((IsPunct(toks, k, ".") || IsPunct(toks, k, ",")) && IsNum(toks, k + 1, 1, 9) &&
        !toks[k].space_before) {
      k += 2;
    }
  }
  // am / pm / a.m. / p.m.
  if (k < toks.size() && toks[k].kind == Token::kWord) {
    const std::string& w = toks[k].folded;
    bool am = w == "am" || (w == "a" && IsPunct(toks, k + 1, ".") && IsWord(toks, k + 2, "m"));
    bool pm = w == "pm" || (w == "p" && IsPunct(toks, k + 1, ".") && IsWord(toks, k + 2, "m"));
    if (am || pm) {
      if (hour < 1 || hour > 12) return;
      if (pm && hour != 12) hour += 12;
      if (am && hour == 12) hour = 0;
      k += (w == "am" || w == "pm") ? 1 : 3;
      if (IsPunct(toks, k, ".")) ++k;
    } else if (w == "uhr" || w == "h") {
      ++k;
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return;
  f->hour = hour;
  f->minute = minute;
  f->second = second;
  f->end_token = k;
  std::optional<int> offset;
  size_t z = MatchZone(toks, k, ctx, &offset);
  if (offset) {
    f->offset = offset;
    f->end_token = z;
  }
}

// The C library's and the mail servers' stamps write the time between the day and the year:
// "Thu, 3 Mar 09:15:00 2031", "Thu Mar 3 09:15:00 UTC 2031". `k` is the token after the day and
// the month.
bool MatchTimeBeforeYear(const std::vector<Token>& toks, size_t k, const DateContext& ctx, int day,
                         int month, Fields* f) {
  if (!IsNum(toks, k, 1, 2) || !IsPunct(toks, k + 1, ":")) return false;
  Fields time;
  MatchTime(toks, k, ctx, &time);
  if (time.hour < 0 || !IsNum(toks, time.end_token, 4, 4) || !toks[time.end_token].space_before) {
    return false;
  }
  Fields out;
  out.year = toks[time.end_token].value;
  out.month = month;
  out.day = day;
  if (!ValidDay(out)) return false;
  out.hour = time.hour;
  out.minute = time.minute;
  out.second = time.second;
  out.offset = time.offset;
  out.end_token = time.end_token + 1;
  *f = out;
  return true;
}

int FullYear(const Token& t) {
  if (t.text.size() == 4) return t.value;
  if (t.text.size() == 2) return t.value < 70 ? 2000 + t.value : 1900 + t.value;
  return 0;
}

// Tries every date form at token `i`. `strict` (running text) wants four-digit years.
bool MatchDateAt(const std::vector<Token>& toks, size_t i, const DateContext& ctx, bool strict,
                 Fields* f) {
  const Token& t = toks[i];
  if (t.kind == Token::kNum) {
    // Chinese and Japanese "2020年3月8日", Korean "2020년 3월 8일", with an optional time.
    auto unit = [&](size_t k, std::string_view han, std::string_view hangul) {
      return k < toks.size() && toks[k].kind != Token::kNum &&
             (toks[k].text.starts_with(han) || toks[k].text.starts_with(hangul));
    };
    if (t.text.size() == 4 && unit(i + 1, "\u5e74", "\ub144") && IsNum(toks, i + 2, 1, 2) &&
        unit(i + 3, "\u6708", "\uc6d4") && IsNum(toks, i + 4, 1, 2) &&
        unit(i + 5, "\u65e5", "\uc77c")) {
      f->year = t.value;
      f->month = toks[i + 2].value;
      f->day = toks[i + 4].value;
      f->end_token = i + 6;
      if (!ValidDay(*f)) return false;
      MatchTime(toks, i + 6, ctx, f);
      return true;
    }
    // Y-M-D, Y/M/D, Y.M.D, with an optional ISO time.
    if (t.text.size() == 4 && i + 4 < toks.size() && toks[i + 1].kind == Token::kPunct &&
        (toks[i + 1].text == "-" || toks[i + 1].text == "/" || toks[i + 1].text == ".") &&
        IsNum(toks, i + 2, 1, 2) && IsPunct(toks, i + 3, toks[i + 1].text) &&
        IsNum(toks, i + 4, 1, 2) && !toks[i + 1].space_before && !toks[i + 3].space_before) {
      f->year = t.value;
      f->month = toks[i + 2].value;
      f->day = toks[i + 4].value;
      f->end_token = i + 5;
      if (!ValidDay(*f)) return false;
      MatchTime(toks, i + 5, ctx, f);
      return true;
    }
    // Hungarian "2020. március 3." and "2020. márc. 3.": the year first, with a dot, the month
    // in small letters and a dot after the day (a sentence ending on a year and the next one
    // opening with a date, "... 2019. March 3 ...", has neither).
    if (t.text.size() == 4 && IsPunct(toks, i + 1, ".") && i + 3 < toks.size() &&
        !toks[i + 1].space_before) {
      size_t j = i + 2;
      int month = MonthAfterDay(toks[j]);
      if (month && toks[j].space_before && toks[j].text == toks[j].folded) {
        ++j;
        if (IsPunct(toks, j, ".")) ++j;
        if (IsNum(toks, j, 1, 2) && IsPunct(toks, j + 1, ".")) {
          f->year = t.value;
          f->month = month;
          f->day = toks[j].value;
          f->end_token = j + 2;
          if (!ValidDay(*f)) return false;
          MatchTime(toks, f->end_token, ctx, f);
          return true;
        }
      }
    }
    // D.M.Y, M/D/Y, D-M-Y (numbers only). Running text takes a two-digit year only in the
    // German short form with every part two digits long ("28.09.19").
    bool short_dotted = i + 4 < toks.size() && t.text.size() == 2 && IsPunct(toks, i + 1, ".") &&
                        IsNum(toks, i + 2, 2, 2) && IsNum(toks, i + 4, 2, 2);
    // "4. 2. 2022": German and Central European pages also write a space after each dot; only
    // with dots, a space after both and a four-digit year, which a list's numbering lacks.
    bool spaced_dots = i + 4 < toks.size() && IsPunct(toks, i + 1, ".") &&
                       toks[i + 2].space_before && IsNum(toks, i + 4, 4, 4);
    // A two-digit year is a date when a time of day follows it ("15/01/31 09:40", "1/14/31
    // 11:15 AM"), or, written with slashes, when it ends the text after at most one word (a
    // page's stamp in an element of its own, "Weekly 1/8/31"): a score or a phone number has
    // neither, and a version alone in its element is written with dots.
    bool short_stamp =
        i + 4 < toks.size() && IsNum(toks, i + 4, 2, 2) && IsNum(toks, i + 2, 1, 2) &&
        ((i <= 1 && i + 5 == toks.size() && toks[i + 1].text == "/" &&
          (i == 0 || toks[0].kind == Token::kWord)) ||
         (IsNum(toks, i + 5, 1, 2) && toks[i + 5].space_before && IsPunct(toks, i + 6, ":") &&
          !toks[i + 6].space_before && IsNum(toks, i + 7, 2, 2) && !toks[i + 7].space_before));
    if (t.text.size() <= 2 && i + 4 < toks.size() && toks[i + 1].kind == Token::kPunct &&
        (toks[i + 1].text == "." || toks[i + 1].text == "/" || toks[i + 1].text == "-") &&
        IsNum(toks, i + 2, 1, 2) && IsPunct(toks, i + 3, toks[i + 1].text) &&
        (IsNum(toks, i + 4, strict ? 4 : 2, 4) || short_dotted || short_stamp) &&
        toks[i + 4].text.size() != 3 && !toks[i + 1].space_before && !toks[i + 3].space_before &&
        (!toks[i + 4].space_before || spaced_dots)) {
      int a = t.value, b = toks[i + 2].value;
      f->year = FullYear(toks[i + 4]);
      // "28.09.1912:44": a short date and its time in two elements that the page set side by
      // side without a space ("28.09.19" "12:44"). No year is written glued to a colon, so the
      // four digits are the short year and the hour.
      if (t.text.size() == 2 && toks[i + 1].text == "." && toks[i + 2].text.size() == 2 &&
          toks[i + 4].text.size() == 4 && IsPunct(toks, i + 5, ":") && IsNum(toks, i + 6, 2, 2) &&
          !toks[i + 5].space_before && !toks[i + 6].space_before && toks[i + 4].value % 100 <= 23 &&
          toks[i + 6].value <= 59) {
        f->year = 2000 + toks[i + 4].value / 100;
        if (toks[i + 4].value / 100 >= 70) f->year -= 100;
        f->month = b;
        f->day = a;
        if (!ValidDay(*f)) return false;
        f->hour = toks[i + 4].value % 100;
        f->minute = toks[i + 6].value;
        f->end_token = i + 7;
        std::optional<int> offset;
        size_t z = MatchZone(toks, i + 7, ctx, &offset);
        if (offset) {
          f->offset = offset;
          f->end_token = z;
        }
        return true;
      }
      bool month_first = toks[i + 1].text == "/" && ctx.month_first_slashes;
      if (a > 12) month_first = false;
      if (b > 12) month_first = true;
      f->month = month_first ? a : b;
      f->day = month_first ? b : a;
      f->end_token = i + 5;
      if (!ValidDay(*f)) return false;
      MatchTime(toks, i + 5, ctx, f);
      return true;
    }
    // D [.] [de] Month [.] [de|,] Y, and D-Mon-Y ("12-Mar-2031") with dashes on both sides of
    // the month, glued to it.
    if (t.text.size() <= 2) {
      size_t j = SkipOrdinal(toks, i + 1);
      const bool dashed = j + 1 < toks.size() && IsPunct(toks, j, "-") && !toks[j].space_before &&
                          !toks[j + 1].space_before;
      if (dashed) {
        ++j;
      } else {
        if (IsPunct(toks, j, ".")) ++j;
        // "9th, Jan 2031": a comma after an ordinal day; "10, January, 2031": commas on both
        // sides of the month.
        if (IsPunct(toks, j, ",") && ((j > i + 1 && toks[j - 1].kind == Token::kWord) ||
                                      (j + 2 < toks.size() && MonthAfterDay(toks[j + 1]) != 0 &&
                                       IsPunct(toks, j + 2, ",")))) {
          ++j;
        }
        if (IsWord(toks, j, "de") || IsWord(toks, j, "of")) ++j;
      }
      int month = j < toks.size() ? MonthAfterDay(toks[j]) : 0;
      if (month && dashed &&
          !(IsPunct(toks, j + 1, "-") && !toks[j + 1].space_before && j + 2 < toks.size() &&
            !toks[j + 2].space_before)) {
        month = 0;
      }
      if (month) {
        size_t k = j + 1;
        if (dashed) {
          ++k;
        } else {
          if (IsPunct(toks, k, ".")) ++k;
          if (IsPunct(toks, k, ",")) ++k;
          if (IsWord(toks, k, "de") || IsWord(toks, k, "del")) ++k;
        }
        if (!dashed && MatchTimeBeforeYear(toks, k, ctx, t.value, month, f)) return true;
        if (IsNum(toks, k, strict ? 4 : 2, 4) && toks[k].text.size() != 3) {
          f->year = FullYear(toks[k]);
          f->month = month;
          f->day = t.value;
          f->end_token = k + 1;
          if (!ValidDay(*f)) return false;
          MatchTime(toks, k + 1, ctx, f);
          return true;
        }
      }
    }
    return false;
  }
  // Month [.|,] D [st] [,|.] Y
  int month = MonthOf(t);
  if (month == 0) return false;
  size_t j = i + 1;
  if (IsPunct(toks, j, ".") || IsPunct(toks, j, ",")) ++j;
  if (!IsNum(toks, j, 1, 2)) return false;
  int day = toks[j].value;
  size_t k = SkipOrdinal(toks, j + 1);
  // "January 10. 2031" (a dot glued to the day; "Jan 10.2031" reads as a number).
  if (IsPunct(toks, k, ",") || (IsPunct(toks, k, ".") && !toks[k].space_before &&
                                k + 1 < toks.size() && toks[k + 1].space_before)) {
    ++k;
  }
  if (MatchTimeBeforeYear(toks, k, ctx, day, month, f)) return true;
  if (!IsNum(toks, k, 4, 4)) return false;
  f->year = toks[k].value;
  f->month = month;
  f->day = day;
  f->end_token = k + 1;
  if (!ValidDay(*f)) return false;
  MatchTime(toks, k + 1, ctx, f);
  return true;
}

// The ISO weekday (Monday 1) of a civil date.
int IsoWeekday(int year, int month, int day) {
  const int64_t days = CivilToUnix(year, month, day, 0, 0, 0) / 86400;
  return static_cast<int>(((days + 3) % 7 + 7) % 7 + 1);  // 1970-01-01 was a Thursday.
}

// "Monday | 07/01/2031": a numeric date that reads either way round, written after its
// weekday, is read the way that puts it on that weekday (the site's custom is not known for
// sure). `i` is the date's first token; `f` as MatchDateAt filled it.
void ReadNumericDateByItsWeekday(const std::vector<Token>& toks, size_t i, Fields* f) {
  if (toks[i].kind != Token::kNum || toks[i].text.size() > 2 || f->day > 12 || f->day == f->month ||
      i == 0) {
    return;
  }
  size_t w = i;
  constexpr size_t kMaxBetween = 2;
  while (w > 0 && i - w < kMaxBetween && toks[w - 1].kind == Token::kPunct &&
         (toks[w - 1].text == "," || toks[w - 1].text == "|" || toks[w - 1].text == "-")) {
    --w;
  }
  if (w == 0 || toks[w - 1].kind != Token::kWord) return;
  const int weekday = WeekdayOf(toks[w - 1].folded);
  if (weekday == 0 || IsoWeekday(f->year, f->month, f->day) == weekday) return;
  if (IsoWeekday(f->year, f->day, f->month) == weekday) std::swap(f->day, f->month);
}

// The zones' generic names "ET", "CT", "MT", "PT" stand for standard time in the winter and
// daylight time in the summer: the offset of the written local time in the zone they name.
// `zone_end` is one past the zone's token.
void ResolveGenericUsZone(const std::vector<Token>& toks, size_t zone_end, Fields* f) {
  if (!f->offset || f->hour < 0 || zone_end == 0 || zone_end > toks.size()) return;
  size_t z = zone_end - 1;
  if (IsPunct(toks, z, ")") && z > 0) --z;
  if (toks[z].kind != Token::kWord) return;
  // A zone database's name ("US/Eastern") ends at `z`: its first word is two or more tokens
  // back.
  std::string zone_name;
  for (size_t back = 2; back <= z && back <= 12; back += 2) {
    std::string n;
    if (MatchZoneName(toks, z - back, &n) == z + 1) {
      zone_name = std::move(n);
      break;
    }
  }
  const std::string_view a = toks[z].text;
  const char* name = !zone_name.empty() ? zone_name.c_str()
                     : a == "ET"        ? "America/New_York"
                     : a == "CT"        ? "America/Chicago"
                     : a == "MT"        ? "America/Denver"
                     : a == "PT"        ? "America/Los_Angeles"
                                        : nullptr;
  if (name == nullptr) return;
  try {
    const date::time_zone* zone = date::locate_zone(name);
    date::local_seconds local{std::chrono::seconds(
        CivilToUnix(f->year, f->month, f->day, f->hour, f->minute, f->second))};
    f->offset = static_cast<int>(zone->get_info(local).first.offset.count() / 60);
  } catch (const std::exception&) {
    // No zone database: keep the standard time's offset.
  }
}

v1::DateTime ToDateTime(const Fields& f, std::string_view original, const DateContext& ctx) {
  v1::DateTime dt;
  int offset = f.offset.value_or(ctx.default_offset_minutes);
  int64_t local = CivilToUnix(f.year, f.month, f.day, f.hour < 0 ? 0 : f.hour, f.minute, f.second);
  dt.set_unix_seconds(local - int64_t{offset} * 60);
  dt.set_offset_minutes(offset);
  dt.set_has_offset(f.offset.has_value());
  dt.set_date_only(f.hour < 0);
  dt.set_original(std::string(Utf8Prefix(original, 200)));
  return dt;
}

constexpr std::string_view kRelativeWords[] = {
    "yesterday", "today",   "tomorrow", "ago",  "gestern", "heute", "vorgestern",
    "hier",      "aujourd", "ayer",     "hoy",  "ieri",    "oggi",  "just",
    "now",       "minutes", "hours",    "days", "stunden", "tagen", "minuten"};

constexpr size_t kLongestRelativeWord = [] {
  size_t longest = 0;
  for (std::string_view w : kRelativeWords) longest = std::max(longest, w.size());
  return longest;
}();

// For each first letter 'a' + n, bit m set when a relative word of m bytes starts with it: most
// words are settled by their first letter and length alone.
constexpr std::array<uint32_t, 26> kRelativeLengthsByFirstLetter = [] {
  std::array<uint32_t, 26> lengths{};
  for (std::string_view w : kRelativeWords) lengths[w[0] - 'a'] |= uint32_t{1} << w.size();
  return lengths;
}();
static_assert(kLongestRelativeWord < 32);

bool IsRelativeWord(std::string_view folded) {
  if (folded.empty() || folded.size() > kLongestRelativeWord) return false;
  unsigned char first = static_cast<unsigned char>(folded[0]);
  if (first < 'a' || first > 'z' ||
      !(kRelativeLengthsByFirstLetter[first - 'a'] & (uint32_t{1} << folded.size()))) {
    return false;
  }
  for (std::string_view w : kRelativeWords) {
    if (folded == w) return true;
  }
  return false;
}

bool HasRelativeWord(const std::vector<Token>& toks) {
  for (const Token& t : toks) {
    if (t.kind == Token::kWord && IsRelativeWord(t.folded)) return true;
  }
  return false;
}

// HasRelativeWord for a text that was not tokenised: its words as Tokenize reads them.
bool HasRelativeWordIn(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    if (!LetterAt(s, i)) continue;
    i = LettersEnd(s, i);
    std::string_view word = s.substr(start, i - start);
    bool ascii = true;
    for (char ch : word) ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
    if (ascii) {
      // An ASCII word folds to itself lower-cased, byte for byte: no string is made.
      if (word.size() > kLongestRelativeWord) continue;
      char lower[kLongestRelativeWord];
      for (size_t k = 0; k < word.size(); ++k) {
        lower[k] = AsciiLowerChar(word[k]);
      }
      if (IsRelativeWord(std::string_view(lower, word.size()))) return true;
      continue;
    }
    // Folding keeps a word's length within a few bytes; longer words cannot match.
    if (i - start <= 16 && IsRelativeWord(FoldCase(word))) return true;
  }
  return false;
}

// text.find_first_of("0123456789") != npos, without a memchr over the ten digits per byte.
bool HasDigit(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

DateParse Scan(std::string_view text, const DateContext& ctx, bool strict, size_t max_start) {
  DateParse out;
  // Every date form holds a digit: most texts (bylines, paragraphs) are answered without being
  // tokenised.
  if (!HasDigit(text)) {
    out.problem = HasRelativeWordIn(text) ? "relative date" : "no date found";
    return out;
  }
  std::vector<Token> toks = Tokenize(text);
  for (size_t i = 0; i < toks.size() && i <= max_start; ++i) {
    if (i > 0 && toks[i].kind == Token::kNum && toks[i - 1].kind == Token::kNum &&
        !toks[i].space_before) {
      continue;
    }
    // A number glued to a preceding number or slash is part of something else (a version).
    if (i > 0 && toks[i].kind == Token::kNum && !toks[i].space_before &&
        toks[i - 1].kind == Token::kPunct &&
        (toks[i - 1].text == "." || toks[i - 1].text == "/" || toks[i - 1].text == "-") && i > 1 &&
        toks[i - 2].kind == Token::kNum && !toks[i - 1].space_before) {
      continue;
    }
    Fields f;
    if (!MatchDateAt(toks, i, ctx, strict, &f)) continue;
    ReadNumericDateByItsWeekday(toks, i, &f);
    size_t first = i;
    size_t zone_end = f.end_token;
    // A time written before the date: "3:04 PM ET, Tue March 3, 2020", "17:04 | 03.03.2020".
    if (f.hour < 0 && i > 0) {
      size_t back = i;
      constexpr size_t kMaxBetween = 4;
      while (back > 0 && i - back < kMaxBetween) {
        const Token& b = toks[back - 1];
        bool skip = (b.kind == Token::kPunct &&
                     (b.text == "," || b.text == "|" || b.text == "-" || b.text == "\u2022" ||
                      b.text == "\u00b7" || b.text == "\u2013")) ||
                    (b.kind == Token::kWord && (IsWeekday(b.folded) || b.folded == "on"));
        if (!skip) break;
        --back;
      }
      constexpr size_t kMaxTimeTokens = 8;
      for (size_t k = back > kMaxTimeTokens ? back - kMaxTimeTokens : 0; k < back; ++k) {
        if (toks[k].kind != Token::kNum) continue;
        Fields t;
        MatchTime(toks, k, ctx, &t);
        if (t.hour < 0 || t.end_token != back) continue;
        f.hour = t.hour;
        f.minute = t.minute;
        f.second = t.second;
        if (!f.offset) {
          f.offset = t.offset;
          zone_end = t.end_token;
        }
        // "12:19 on March 3, 2031, EST": the zone after the date.
        if (!f.offset) {
          size_t z = IsPunct(toks, f.end_token, ",") ? f.end_token + 1 : f.end_token;
          std::optional<int> after;
          size_t end = MatchZone(toks, z, ctx, &after);
          if (after) {
            f.offset = after;
            f.end_token = end;
            zone_end = end;
          }
        }
        first = k;
        break;
      }
    }
    // A trailing glued number means this was part of a longer numeric run.
    if (f.end_token < toks.size() && toks[f.end_token].kind == Token::kPunct &&
        !toks[f.end_token].space_before && f.end_token + 1 < toks.size() &&
        toks[f.end_token + 1].kind == Token::kNum && !toks[f.end_token + 1].space_before &&
        (toks[f.end_token].text == "." || toks[f.end_token].text == "/") && f.hour < 0) {
      continue;
    }
    ResolveGenericUsZone(toks, zone_end, &f);
    out.begin = toks[first].begin;
    out.end = toks[f.end_token - 1].end;
    out.value = ToDateTime(f, text.substr(out.begin, out.end - out.begin), ctx);
    return out;
  }
  out.problem = HasRelativeWord(toks) ? "relative date" : "no date found";
  return out;
}

}  // namespace

DateParse FindDateWithoutYear(std::string_view text, const DateContext& context,
                              int reference_year) {
  DateParse out;
  out.problem = "no date found";
  if (!HasDigit(text)) return out;
  std::vector<Token> toks = Tokenize(text);
  for (size_t i = 0; i < toks.size(); ++i) {
    const int weekday = toks[i].kind == Token::kWord ? WeekdayOf(toks[i].folded) : 0;
    if (weekday == 0) continue;
    size_t j = i + 1;
    if (IsPunct(toks, j, ".")) ++j;
    if (IsPunct(toks, j, ",")) ++j;
    int month = 0, day = 0;
    size_t k = j;
    if (IsNum(toks, j, 1, 2)) {  // D [.] Month [.]
      day = toks[j].value;
      k = SkipOrdinal(toks, j + 1);
      if (IsPunct(toks, k, ".")) ++k;
      month = k < toks.size() ? MonthOf(toks[k]) : 0;
      ++k;
    } else if (int m = j < toks.size() ? MonthOf(toks[j]) : 0; m != 0) {  // Month [.] D
      k = j + 1;
      if (IsPunct(toks, k, ".")) ++k;
      if (!IsNum(toks, k, 1, 2)) continue;
      month = m;
      day = toks[k].value;
      k = SkipOrdinal(toks, k + 1);
    }
    if (month == 0) continue;
    if (IsPunct(toks, k, ".")) ++k;
    // A year after all (not the hour of a time): FindDate's.
    size_t y = IsPunct(toks, k, ",") ? k + 1 : k;
    if (IsNum(toks, y, 4, 4) || (IsNum(toks, y, 2, 2) && !IsPunct(toks, y + 1, ":"))) continue;
    Fields f;
    f.month = month;
    f.day = day;
    for (int year : {reference_year, reference_year - 1}) {
      f.year = year;
      if (ValidDay(f) && IsoWeekday(year, month, day) == weekday) break;
      f.year = 0;
    }
    if (f.year == 0) return out;
    f.end_token = k;
    MatchTime(toks, k, context, &f);
    size_t zone_end = f.end_token;
    ResolveGenericUsZone(toks, zone_end, &f);
    out.begin = toks[i].begin;
    out.end = toks[f.end_token - 1].end;
    out.value = ToDateTime(f, text.substr(out.begin, out.end - out.begin), context);
    out.problem.clear();
    return out;
  }
  return out;
}

int MonthFromName(std::string_view folded) {
  if (!MayNameAMonth(folded)) return 0;
  for (const auto& m : kMonths) {
    if (m.name == folded) return m.month;
  }
  return 0;
}

int64_t CivilToUnix(int year, int month, int day, int hour, int minute, int second) {
  date::sys_days days = date::year{year} / date::month{static_cast<unsigned>(month)} /
                        date::day{static_cast<unsigned>(day)};
  return int64_t{days.time_since_epoch().count()} * 86400 + hour * 3600 + minute * 60 + second;
}

int YearOf(int64_t unix_seconds) {
  int64_t days = unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
  date::year_month_day ymd{date::sys_days{date::days{days}}};
  return static_cast<int>(ymd.year());
}

DateParse ParseDate(std::string_view text, const DateContext& context) {
  DateParse out;
  std::string_view t = Trim(text);
  if (t.empty()) {
    out.problem = "empty";
    return out;
  }
  if (t.size() > 200) {
    out.problem = "too long for a date";
    return out;
  }
  bool digits_only = true;
  for (char c : t) digits_only &= (c >= '0' && c <= '9');
  if (digits_only) {
    if (t.size() == 8) {
      Fields f;
      f.year = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
      f.month = (t[4] - '0') * 10 + (t[5] - '0');
      f.day = (t[6] - '0') * 10 + (t[7] - '0');
      if (ValidDay(f)) {
        out.value = ToDateTime(f, t, context);
        out.end = t.size();
        return out;
      }
    }
    out.problem = t.size() >= 9 ? "epoch timestamp, not a date" : "a number, not a date";
    return out;
  }
  if (t.starts_with("0000") || t.starts_with("00.00.") || t.starts_with("00/00/")) {
    out.problem = "zero date";
    return out;
  }
  // ISO 8601's basic form, "20200708T133300Z" / "20200708T1333+0900": written out in the
  // extended form the scanner reads.
  auto digits = [&](size_t from, size_t n) {
    if (from + n > t.size()) return false;
    for (size_t k = from; k < from + n; ++k) {
      if (t[k] < '0' || t[k] > '9') return false;
    }
    return true;
  };
  constexpr size_t kBasicMinBytes = 13;  // YYYYMMDDTHHMM
  if (t.size() >= kBasicMinBytes && digits(0, 8) && (t[8] == 'T' || t[8] == 't') && digits(9, 4)) {
    std::string ext;
    ext.reserve(t.size() + 6);
    ext.append(t.substr(0, 4)).append("-").append(t.substr(4, 2)).append("-");
    ext.append(t.substr(6, 2)).append("T").append(t.substr(9, 2)).append(":");
    ext.append(t.substr(11, 2));
    size_t rest = 13;
    if (digits(13, 2)) {
      ext.append(":").append(t.substr(13, 2));
      rest = 15;
    }
    ext.append(t.substr(rest));
    out = Scan(ext, context, /*strict=*/false, /*max_start=*/0);
    out.begin = static_cast<size_t>(t.data() - text.data());
    out.end = out.value ? out.begin + t.size() : out.begin;
    return out;
  }
  out = Scan(t, context, /*strict=*/false, /*max_start=*/4);
  size_t shift = static_cast<size_t>(t.data() - text.data());
  out.begin += shift;
  out.end += shift;
  return out;
}

DateParse FindDate(std::string_view text, const DateContext& context) {
  return Scan(text, context, /*strict=*/true, static_cast<size_t>(-1));
}

std::optional<v1::DateTime> DateFromUrl(std::string_view url) {
  size_t scheme = url.find("://");
  size_t path_start = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path_start == std::string_view::npos) return std::nullopt;
  std::string_view path = url.substr(path_start);
  size_t q = path.find_first_of("?#");
  if (q != std::string_view::npos) path = path.substr(0, q);
  auto digit = [&](size_t i) { return i < path.size() && path[i] >= '0' && path[i] <= '9'; };
  auto num = [&](size_t i, size_t n) {
    int v = 0;
    for (size_t k = 0; k < n; ++k) v = v * 10 + (path[i + k] - '0');
    return v;
  };
  auto is_sep = [&](size_t i) {
    return i < path.size() &&
           (path[i] == '/' || path[i] == '-' || path[i] == '_' || path[i] == '.');
  };
  for (size_t i = 0; i + 8 <= path.size(); ++i) {
    if (i > 0 && digit(i - 1)) continue;
    if (!(digit(i) && digit(i + 1) && digit(i + 2) && digit(i + 3))) continue;
    int year = num(i, 4);
    if (year < 1990 || year > 2100) continue;
    Fields f;
    f.year = year;
    size_t j = i + 4;
    if (is_sep(j) && digit(j + 1) && digit(j + 2) && is_sep(j + 3) && path[j + 3] == path[j] &&
        digit(j + 4) && digit(j + 5) && !digit(j + 6)) {
      f.month = num(j + 1, 2);
      f.day = num(j + 4, 2);
    } else if (digit(j) && digit(j + 1) && digit(j + 2) && digit(j + 3) && !digit(j + 4)) {
      f.month = num(j, 2);
      f.day = num(j + 2, 2);
    } else if (size_t d = j + 1; path[j] == '/' && digit(d) &&
                                 (path[d + 1] == '/' || (digit(d + 1) && path[d + 2] == '/'))) {
      // Whole path segments without leading zeros: "/2017/7/12/".
      size_t m_len = path[d + 1] == '/' ? 1 : 2;
      size_t e = d + m_len + 1;
      size_t d_len = digit(e) && digit(e + 1) ? 2 : 1;
      if (!digit(e) || (e + d_len < path.size() && path[e + d_len] != '/')) continue;
      f.month = num(d, m_len);
      f.day = num(e, d_len);
    } else {
      continue;
    }
    if (!ValidDay(f)) continue;
    DateContext ctx;
    return ToDateTime(f, path.substr(i, 10), ctx);
  }
  // A path segment written day first: "/meldungen/29-10-2021" (month first when the first
  // number cannot be a month and the second can).
  for (size_t i = 0; i + 10 <= path.size(); ++i) {
    if (i > 0 && (digit(i - 1) || !is_sep(i - 1))) continue;
    if (!(digit(i) && digit(i + 1) && (path[i + 2] == '-' || path[i + 2] == '.') && digit(i + 3) &&
          digit(i + 4) && path[i + 5] == path[i + 2] && digit(i + 6) && digit(i + 7) &&
          digit(i + 8) && digit(i + 9) && !digit(i + 10))) {
      continue;
    }
    Fields f;
    f.year = num(i + 6, 4);
    if (f.year < 1990 || f.year > 2100) continue;
    f.day = num(i, 2);
    f.month = num(i + 3, 2);
    if (f.month > 12 && f.day <= 12) std::swap(f.day, f.month);
    if (!ValidDay(f)) continue;
    DateContext ctx;
    return ToDateTime(f, path.substr(i, 10), ctx);
  }
  return std::nullopt;
}

}  // namespace newspipe::extract
