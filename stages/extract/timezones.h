// Time-zone abbreviations as news pages print them ("13:33 JST", "1:05 p.m. EDT"), and the
// fixed offsets they stand for. Some abbreviations name several zones (CST: US Central or China;
// IST: India, Ireland or Israel); the site's country, when known, picks the reading, otherwise
// the most common reading in news text is used. The table is static; thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace newspipe::extract {

// The offset from UTC in minutes for `abbreviation` (upper-case, e.g. "JST"), read for the
// ISO 3166 country `country` ("US", "JP", ...; empty when unknown). nullopt when unknown.
std::optional<int> ZoneAbbreviationOffset(std::string_view abbreviation, std::string_view country);

// True when `abbreviation` names more than one zone in the table.
bool IsAmbiguousZoneAbbreviation(std::string_view abbreviation);

// Guesses a country from a host name's top-level domain ("asahi.com" gives "", "spiegel.de"
// gives "DE", "bbc.co.uk" gives "GB"). Empty when the domain names no country.
std::string_view CountryFromHost(std::string_view host);

// The IANA zone of a country that keeps one civil time ("DE" -> "Europe/Berlin"); "" for
// countries with several zones (US, CA, AU, ...) or unknown codes.
std::string_view ZoneOfCountry(std::string_view country);

}  // namespace newspipe::extract
