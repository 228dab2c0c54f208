// Fuzzes the extract stage behind the HTML cleaner: any bytes as a fetched page, cleaned, then
// every fact read off it (JSON-LD, meta tags, bylines, dates, titles, captions, quotes). Extract
// must never crash or throw on what clean hands it, and the document it fills must survive the
// wire (valid UTF-8 in every string it added).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "stages/clean/cleaner.h"
#include "stages/extract/extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static newspipe::Cleaner* cleaner = [] {
    newspipe::CleanOptions options;
    options.max_bytes = 1 << 20;
    return new newspipe::Cleaner(options);
  }();
  static newspipe::extract::Extractor* extractor = [] {
    newspipe::extract::ExtractOptions options;
    options.now_unix = 1767225600;  // fixed, so that a run is repeatable.
    return new newspipe::extract::Extractor(options);
  }();
  newspipe::v1::Document doc;
  doc.set_id("fuzz");
  auto* fetch = doc.mutable_fetch();
  fetch->set_url("https://news.example.de/2021/03/14/story.html");
  fetch->set_content_type("text/html; charset=utf-8");
  fetch->set_format(newspipe::v1::Fetch::HTML);
  fetch->set_raw(reinterpret_cast<const char*>(data), size);
  if (!cleaner->Clean(doc).ok()) abort();
  extractor->Run(doc);
  std::string wire;
  newspipe::v1::Document again;
  if (!doc.SerializeToString(&wire) || !again.ParseFromString(wire)) abort();
  return 0;
}
