// Fuzzes the extract stage behind the cleaner: any bytes as a fetched page, cleaned, then every
// fact read off it (JSON-LD, meta tags, bylines, dates, titles, captions, quotes; for plain text
// the agency, date and dateline lines). An input whose first byte is odd is read as plain text
// (a wire story), else as HTML. Extract must never crash or throw on what clean hands it, and
// the document it fills must survive the wire (valid UTF-8 in every string it added).
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
  const bool text = size > 0 && (data[0] & 1) != 0;
  fetch->set_url(text ? "https://wire.example.jp/2020/07/08/story.txt"
                      : "https://news.example.de/2021/03/14/story.html");
  fetch->set_content_type(text ? "text/plain; charset=utf-8" : "text/html; charset=utf-8");
  fetch->set_format(text ? newspipe::v1::Fetch::TEXT : newspipe::v1::Fetch::HTML);
  fetch->set_raw(reinterpret_cast<const char*>(data), size);
  if (!cleaner->Clean(doc).ok()) abort();
  extractor->Run(doc);
  std::string wire;
  newspipe::v1::Document again;
  if (!doc.SerializeToString(&wire) || !again.ParseFromString(wire)) abort();
  return 0;
}
