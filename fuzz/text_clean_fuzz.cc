// Fuzzes the plain-text cleaner: the line scanner directly and the Cleaner on a text document.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "stages/clean/cleaner.h"
#include "stages/clean/text_page.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)newspipe::CleanTextPage(text);
  static newspipe::Cleaner* cleaner = new newspipe::Cleaner(newspipe::CleanOptions{});
  newspipe::v1::Document doc;
  doc.set_id("fuzz");
  doc.mutable_source()->set_path("story.txt");
  doc.mutable_fetch()->set_format(newspipe::v1::Fetch::TEXT);
  doc.mutable_fetch()->set_content_type("text/plain");
  doc.mutable_fetch()->set_raw(text.data(), text.size());
  if (!cleaner->Clean(doc).ok()) abort();
  // The cleaned document travels on as protobuf: its strings must be valid UTF-8, or the next
  // stage cannot parse it.
  std::string wire;
  newspipe::v1::Document again;
  if (!doc.SerializeToString(&wire) || !again.ParseFromString(wire)) abort();
  return 0;
}
