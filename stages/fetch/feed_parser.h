// Feeds and sitemaps read with libxml2: RSS 2.0, RSS 1.0 (RDF) and Atom feeds; sitemap indexes,
// urlsets and Google News sitemaps (a gzip-compressed body is inflated first, capped).
//
// Elements are matched by local name, so namespace prefixes do not matter. The parser never
// loads external entities or DTDs (no network, no entity expansion). Pure functions;
// thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/status.h"

namespace newspipe {

struct FeedItem {
  std::string url;  // absolute (resolved against the feed URL).
  std::string title;
};

// Items in document order. InvalidArgument when `xml` is not RSS or Atom.
Result<std::vector<FeedItem>> ParseFeed(std::string_view xml, const std::string& feed_url);

struct SitemapEntry {
  std::string url;
  int64_t lastmod_unix = 0;  // lastmod, or news:publication_date; 0 when not given.
};

struct Sitemap {
  bool is_index = false;  // entries are child sitemaps.
  std::vector<SitemapEntry> entries;
};

// `body` may be gzip-compressed (.xml.gz); it is inflated up to `max_bytes`.
Result<Sitemap> ParseSitemap(std::string_view body, const std::string& sitemap_url,
                             uint64_t max_bytes);

// W3C datetime (a profile of ISO 8601: "2024-05-01", "2024-05-01T10:00Z",
// "2024-05-01T10:00:00+02:00", fractions allowed) to unix seconds; 0 when it cannot be read.
int64_t ParseW3cDate(std::string_view text);

// Inflates gzip or zlib data, at most `max_bytes` of output. Corruption when not compressed data.
Status Gunzip(std::string_view in, uint64_t max_bytes, std::string* out, bool* truncated);

}  // namespace newspipe
