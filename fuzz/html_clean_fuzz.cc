// Fuzzes the HTML cleaner: any bytes as a fetched HTML page. The cleaner must never crash and
// never fail on bad input (it records problems in doc.errors instead).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "stages/clean/cleaner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static newspipe::Cleaner* cleaner = [] {
    newspipe::CleanOptions options;
    options.max_bytes = 1 << 20;
    return new newspipe::Cleaner(options);
  }();
  newspipe::v1::Document doc;
  doc.set_id("fuzz");
  auto* fetch = doc.mutable_fetch();
  fetch->set_url("https://example.test/news/story.html");
  fetch->set_content_type("text/html; charset=utf-8");
  fetch->set_format(newspipe::v1::Fetch::HTML);
  fetch->set_raw(reinterpret_cast<const char*>(data), size);
  if (!cleaner->Clean(doc).ok()) abort();
  // The cleaned document travels on as protobuf: its strings must be valid UTF-8, or the next
  // stage cannot parse it.
  std::string wire;
  newspipe::v1::Document again;
  if (!doc.SerializeToString(&wire) || !again.ParseFromString(wire)) abort();
  return 0;
}
