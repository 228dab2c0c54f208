// Fuzzes the sitemap parser (indexes, urlsets, news sitemaps, gzip bodies) with a small inflate
// cap so that compressed bombs stay cheap.
#include <cstdint>
#include <string>
#include <string_view>

#include "stages/fetch/feed_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)newspipe::ParseSitemap(body, "https://example.test/sitemap.xml", 1 << 20);
  std::string out;
  bool truncated = false;
  (void)newspipe::Gunzip(body, 1 << 16, &out, &truncated);
  return 0;
}
