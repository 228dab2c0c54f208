#include "stages/extract/timezones.h"

namespace newspipe::extract {
namespace {

struct ZoneRow {
  std::string_view abbr;
  int offset_minutes;
  // Countries that read the abbreviation this way; "*" marks the default reading.
  std::string_view countries;
};

// One row per reading. The first row of an abbreviation marked "*" is the default.
constexpr ZoneRow kZones[] = {
    {"UTC", 0, "*"},
    {"GMT", 0, "*"},
    {"Z", 0, "*"},
    {"UT", 0, "*"},
    {"WET", 0, "*"},
    {"WEST", 60, "*"},
    {"BST", 60, "* GB IE"},
    {"BST", 360, "BD"},
    {"IST", 330, "* IN"},
    {"IST", 60, "IE"},
    {"IST", 120, "IL"},
    {"IDT", 180, "*"},
    {"CET", 60, "*"},
    {"CEST", 120, "*"},
    {"MEZ", 60, "*"},
    {"MESZ", 120, "*"},
    {"EET", 120, "*"},
    {"EEST", 180, "*"},
    {"MSK", 180, "*"},
    {"TRT", 180, "*"},
    {"GST", 240, "*"},
    {"PKT", 300, "*"},
    {"NPT", 345, "*"},
    {"ICT", 420, "*"},
    {"WIB", 420, "*"},
    {"HKT", 480, "*"},
    {"SGT", 480, "*"},
    {"MYT", 480, "*"},
    {"PHT", 480, "*"},
    {"AWST", 480, "*"},
    {"WST", 480, "*"},  // Western Australia's papers' "WST".
    {"CST", -360, "* US CA MX"},
    {"CST", 480, "CN TW"},
    {"CDT", -300, "*"},
    {"JST", 540, "*"},
    {"KST", 540, "*"},
    {"ACST", 570, "*"},
    {"ACDT", 630, "*"},
    {"AEST", 600, "*"},
    {"AEDT", 660, "*"},
    {"NZST", 720, "*"},
    {"NZDT", 780, "*"},
    {"EST", -300, "* US CA"},
    {"EDT", -240, "*"},
    {"ET", -300, "*"},
    {"CT", -360, "*"},
    {"MST", -420, "*"},
    {"MDT", -360, "*"},
    {"MT", -420, "*"},
    {"PST", -480, "* US CA"},
    {"PST", 480, "PH"},
    {"PDT", -420, "*"},
    {"PT", -480, "*"},
    {"AKST", -540, "*"},
    {"AKDT", -480, "*"},
    {"HST", -600, "*"},
    {"AST", -240, "* CA PR"},
    {"AST", 180, "SA IQ KW BH QA"},
    {"ADT", -180, "*"},
    {"NST", -210, "*"},
    {"NDT", -150, "*"},
    {"BRT", -180, "*"},
    {"ART", -180, "*"},
    {"SAST", 120, "*"},
    {"CAT", 120, "*"},
    {"EAT", 180, "*"},
    {"WAT", 60, "*"},
};

bool ListHas(std::string_view list, std::string_view word) {
  size_t pos = 0;
  while (pos < list.size()) {
    size_t end = list.find(' ', pos);
    if (end == std::string_view::npos) end = list.size();
    if (list.substr(pos, end - pos) == word) return true;
    pos = end + 1;
  }
  return false;
}

}  // namespace

std::optional<int> ZoneAbbreviationOffset(std::string_view abbreviation, std::string_view country) {
  std::optional<int> fallback;
  for (const ZoneRow& row : kZones) {
    if (row.abbr != abbreviation) continue;
    if (!country.empty() && ListHas(row.countries, country)) return row.offset_minutes;
    if (!fallback && ListHas(row.countries, "*")) fallback = row.offset_minutes;
  }
  return fallback;
}

bool IsAmbiguousZoneAbbreviation(std::string_view abbreviation) {
  int n = 0;
  for (const ZoneRow& row : kZones) n += row.abbr == abbreviation;
  return n > 1;
}

std::string_view CountryFromHost(std::string_view host) {
  size_t dot = host.rfind('.');
  if (dot == std::string_view::npos) return "";
  std::string_view tld = host.substr(dot + 1);
  static constexpr std::pair<std::string_view, std::string_view> kTlds[] = {
      {"uk", "GB"}, {"ie", "IE"}, {"in", "IN"},  {"il", "IL"},  {"cn", "CN"}, {"tw", "TW"},
      {"ph", "PH"}, {"ca", "CA"}, {"mx", "MX"},  {"bd", "BD"},  {"sa", "SA"}, {"au", "AU"},
      {"nz", "NZ"}, {"jp", "JP"}, {"kr", "KR"},  {"de", "DE"},  {"at", "AT"}, {"ch", "CH"},
      {"fr", "FR"}, {"us", "US"}, {"gov", "US"}, {"edu", "US"}, {"hk", "HK"}, {"sg", "SG"},
      {"it", "IT"}, {"es", "ES"}, {"nl", "NL"},  {"be", "BE"},  {"pl", "PL"}, {"cz", "CZ"},
      {"dk", "DK"}, {"se", "SE"}, {"no", "NO"},  {"fi", "FI"},  {"gr", "GR"}, {"hu", "HU"},
      {"ua", "UA"}, {"tr", "TR"}, {"za", "ZA"},  {"ng", "NG"},  {"ke", "KE"}, {"pk", "PK"},
      {"th", "TH"}, {"vn", "VN"}, {"my", "MY"},  {"pt", "PT"},  {"sk", "SK"}, {"ro", "RO"},
  };
  for (const auto& [t, c] : kTlds) {
    if (t == tld) return c;
  }
  return "";
}

std::string_view ZoneOfCountry(std::string_view country) {
  static constexpr std::pair<std::string_view, std::string_view> kZonesOf[] = {
      {"GB", "Europe/London"},     {"IE", "Europe/Dublin"},     {"IN", "Asia/Kolkata"},
      {"IL", "Asia/Jerusalem"},    {"CN", "Asia/Shanghai"},     {"TW", "Asia/Taipei"},
      {"PH", "Asia/Manila"},       {"BD", "Asia/Dhaka"},        {"SA", "Asia/Riyadh"},
      {"NZ", "Pacific/Auckland"},  {"JP", "Asia/Tokyo"},        {"KR", "Asia/Seoul"},
      {"DE", "Europe/Berlin"},     {"AT", "Europe/Vienna"},     {"CH", "Europe/Zurich"},
      {"FR", "Europe/Paris"},      {"HK", "Asia/Hong_Kong"},    {"SG", "Asia/Singapore"},
      {"IT", "Europe/Rome"},       {"ES", "Europe/Madrid"},     {"NL", "Europe/Amsterdam"},
      {"BE", "Europe/Brussels"},   {"PL", "Europe/Warsaw"},     {"CZ", "Europe/Prague"},
      {"DK", "Europe/Copenhagen"}, {"SE", "Europe/Stockholm"},  {"NO", "Europe/Oslo"},
      {"FI", "Europe/Helsinki"},   {"GR", "Europe/Athens"},     {"HU", "Europe/Budapest"},
      {"UA", "Europe/Kyiv"},       {"TR", "Europe/Istanbul"},   {"ZA", "Africa/Johannesburg"},
      {"NG", "Africa/Lagos"},      {"KE", "Africa/Nairobi"},    {"PK", "Asia/Karachi"},
      {"TH", "Asia/Bangkok"},      {"VN", "Asia/Ho_Chi_Minh"},  {"MY", "Asia/Kuala_Lumpur"},
      {"PT", "Europe/Lisbon"},     {"SK", "Europe/Bratislava"}, {"RO", "Europe/Bucharest"},
  };
  for (const auto& [c, z] : kZonesOf) {
    if (c == country) return z;
  }
  return "";
}

}  // namespace newspipe::extract
