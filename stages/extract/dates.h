// Date and time parsing for the extract stage: ISO 8601 and RFC 2822 values from meta tags and
// JSON-LD, dates written out in running text in several languages ("July 8, 2020 at 13:33 JST",
// "8. Juli 2020, 14:05 Uhr", "8 de julio de 2020"), numeric dates ("08.07.2020", "07/08/2020")
// and dates in URLs ("/2020/07/08/", "/20200708/"). Hand-written token scanner, no regexes.
// Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "proto/newspipe.pb.h"

namespace newspipe::extract {

struct DateContext {
  std::string_view country;         // ISO 3166 code for ambiguous zone abbreviations; may be "".
  int default_offset_minutes = 0;   // assumed when the text names no zone (has_offset=false).
  bool month_first_slashes = true;  // "07/08/2020" read as July 8 (else 7 August) when ambiguous.
};

struct DateParse {
  std::optional<v1::DateTime> value;
  std::string problem;  // why there is no value: "empty", "epoch timestamp", "relative date", ...
  size_t begin = 0;     // byte span of the date in the text, when found.
  size_t end = 0;
};

// Reads `text` that is meant to be a date (a meta value, a JSON-LD property). Leading weekdays
// and trailing words are tolerated; numbers alone, zero dates and relative words are not.
DateParse ParseDate(std::string_view text, const DateContext& context);

// Finds the first date in running text (a date line, a byline, a paragraph).
DateParse FindDate(std::string_view text, const DateContext& context);

// A date in a URL path: /2020/07/08/, /2020-07-08-, /20200708/. Date only, no zone.
std::optional<v1::DateTime> DateFromUrl(std::string_view url);

// The month (1..12) a folded month name or abbreviation names, in any language the date reader
// knows; 0 for other words.
int MonthFromName(std::string_view folded);

// A date written without its year but with its weekday ("Fri 7 Mar, 9:15 AM", "Friday, March
// 7"): the year is the one of `reference_year - 1` and `reference_year` (a page's copyright
// year) whose calendar puts that day on that weekday; none when neither does. The weekday must
// open the date; a date with a year is left to FindDate.
DateParse FindDateWithoutYear(std::string_view text, const DateContext& context,
                              int reference_year);

// Civil date/time to seconds since the epoch (UTC).
int64_t CivilToUnix(int year, int month, int day, int hour, int minute, int second);
// The year (UTC) of `unix_seconds`.
int YearOf(int64_t unix_seconds);

}  // namespace newspipe::extract
