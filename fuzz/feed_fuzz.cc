// Fuzzes the feed parser (RSS 2.0, RSS 1.0, Atom) and the W3C date reader.
#include <cstdint>
#include <string>
#include <string_view>

#include "stages/fetch/feed_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view xml(reinterpret_cast<const char*>(data), size);
  (void)newspipe::ParseFeed(xml, "https://example.test/feeds/news.xml");
  (void)newspipe::ParseW3cDate(xml.substr(0, 64));
  return 0;
}
