// The extract stage's work on one document: reads the facts clean left in doc.signals, the typed
// blocks, the URL and the body text, and fills doc.metadata, doc.quotes, doc.people and
// doc.provenance. It never parses HTML and never changes doc.text or block texts. Sources are
// tried in a documented order of trust (docs/extraction.md); every field records where it came
// from and which candidates were turned down. Never throws. Thread-safe: an Extractor is
// immutable after construction.
#pragma once

#include <cstdint>
#include <string>

#include "proto/newspipe.pb.h"

namespace date {
class time_zone;
}

namespace newspipe::extract {

struct ExtractOptions {
  // Time zone assumed for dates written without one: an IANA name ("Asia/Tokyo"), "UTC", or a
  // fixed offset ("+09:00").
  std::string default_timezone;  // "" = the site's zone, where it can be told; else UTC.
  std::string country;           // ISO 3166 code; "" = guessed from the host's top-level domain.
  bool language_detection = true;
  bool quotes = true;
  int min_year = 1995;
  int max_authors = 10;
  int64_t now_unix = 0;  // the present, for rejecting future dates; 0 = the system clock.
};

class Extractor {
 public:
  explicit Extractor(ExtractOptions options);
  // REQUIRES: nothing; any document, however odd, is handled.
  void Run(v1::Document& doc) const;

  // Whether `default_timezone` could be read (IANA name, "UTC" or "+HH:MM").
  bool timezone_ok() const { return zone_ok_; }

 private:
  ExtractOptions options_;
  const date::time_zone* zone_ = nullptr;  // IANA zone, when one is configured.
  int fixed_offset_minutes_ = 0;
  bool zone_ok_ = true;
};

}  // namespace newspipe::extract
