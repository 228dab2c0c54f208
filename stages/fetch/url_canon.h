// URL canonicalisation and document ids for the fetch stage.
//
// CanonicalUrl() gives the form under which a URL is remembered as seen and from which its
// document id is derived: scheme and host lower-cased, default ports (80, 443) and the fragment
// dropped, an empty path made "/", and tracking parameters (utm_*, fbclid, gclid, ...) removed
// from the query; the remaining parameters keep their order. DocumentId() is the 16-digit
// lower-case hex xxhash64 of a key: the canonical URL for web pages, "file://" + the absolute,
// lexically normalised path for local files (so the same file read twice gets the same id).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace newspipe {

struct ParsedUrl {
  std::string scheme;  // lower-case, e.g. "https".
  std::string host;    // lower-case, without brackets for IPv6.
  int port = 0;        // 0 when not given.
  std::string path;    // starts with "/".
  std::string query;   // without "?".
  std::string fragment;
};

// Splits an absolute http(s)/file/... URL. Returns false when `url` has no scheme or host.
bool ParseUrl(std::string_view url, ParsedUrl* out);

// The canonical form of an absolute URL; "" when `url` cannot be parsed.
std::string CanonicalUrl(std::string_view url);

// Resolves `ref` against `base` (RFC 3986, the common cases: absolute, scheme-relative,
// absolute-path, relative-path with dot segments, query-only). "" when it cannot be resolved.
std::string ResolveUrl(std::string_view base, std::string_view ref);

// Lower-case host of an URL; "" when it has none.
std::string HostOf(std::string_view url);

// xxhash64 of `key` as 16 lower-case hex digits.
std::string DocumentId(std::string_view key);

// True when `name` (a query parameter name) is a known tracking parameter.
bool IsTrackingParam(std::string_view name);

}  // namespace newspipe
