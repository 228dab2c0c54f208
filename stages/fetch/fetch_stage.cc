#include "stages/fetch/fetch_stage.h"

#include "stages/fetch/fetch_source.h"

namespace newspipe {

StageSpec FetchSpec() {
  StageSpec spec;
  spec.type = "fetch";
  spec.kind = StageKind::kSource;
  spec.summary = "Reads local files and fetches web pages, politely and resumably.";
  spec.description =
      "The pipeline's source. Inputs: `paths` (files and directories of .html, .htm, .txt and "
      ".gz of those, walked recursively in sorted order), `warc` archives, watched `dirs`, and "
      "web pages from `urls`, `url_file`, `feeds` and `sitemaps`.\n\n"
      "Web inputs are remembered in `state_dir/fetch-<stage>.db` (SQLite): canonical URLs "
      "already emitted are never fetched again, discovered URLs are queued durably (a restart "
      "resumes them), feed validators and per-host next-allowed times are kept. Canonical URL: "
      "lower-case scheme and host, default port, fragment and tracking parameters (utm_*, "
      "fbclid, gclid, ...) dropped. Local `paths` and `warc` files are read in full on every "
      "run.\n\n"
      "Page types: with `detect_page_type`, web pages (and WARC records) that are plainly not "
      "articles get metadata.page_type `front`, `tag` or `listing` (and a provenance entry with "
      "the rule). Those of a type in `drop_page_types` are not emitted: they are logged, "
      "counted as filtered in the run's totals, and remembered as seen (not fetched again).\n\n"
      "Every other input becomes one document, also when it cannot be read: it then carries a "
      "fatal "
      "error (stage `fetch`, a code such as `not_found`, `empty`, `binary`, `timeout`, "
      "`http_404`, `robots`, `refused_address`) and no raw bytes, so it is stored or "
      "dead-lettered with its reason. A body larger than `max_bytes` is cut there: "
      "`fetch.truncated` is set and a non-fatal `too_large` error noted.\n\n"
      "Document ids: the xxhash64 (16 hex digits) of the canonical URL for web pages, and of "
      "`file://` + the absolute path for local files, so the same input always gets the same "
      "id.\n\n"
      "Web fetching: libcurl, at most `concurrency` transfers and `per_host_concurrency` per "
      "host, `per_host_delay` between two requests to one host (or the robots.txt crawl-delay "
      "when larger), robots.txt honoured (RFC 9309), redirects followed up to `max_redirects` "
      "with loops detected, retries with exponential backoff and jitter on 5xx, 429 "
      "(Retry-After honoured) and network errors. Bodies are decoded (gzip, deflate, brotli) "
      "and capped at `max_bytes` decoded bytes, then converted to UTF-8. Addresses that are "
      "loopback, private, link-local or multicast are refused unless the host is in "
      "`allow_hosts`.";
  spec.fields = {
      StringListField("paths", {}, "Files and directories to read (recursively)."),
      StringListField("urls", {}, "Web pages to fetch (each once: remembered in the state)."),
      StringListField("feeds", {},
                      "RSS 2.0, RSS 1.0 or Atom feeds, polled every `poll_interval` with "
                      "conditional GETs; only new items are fetched."),
      StringListField("sitemaps", {},
                      "Sitemaps (indexes, urlsets, Google News sitemaps, .xml.gz), polled like "
                      "feeds."),
      DurationField("sitemap_lastmod_window", "0s",
                    "Only sitemap entries whose lastmod (or news publication date) is this "
                    "recent; entries without one are taken. 0: no window.",
                    0),
      DurationField("poll_interval", "5m", "How often feeds and sitemaps are polled.", 1000),
      StringListField("warc", {},
                      "WARC 1.0/1.1 files (.warc or .warc.gz); response records become "
                      "documents with their original URL, date and headers."),
      StringListField("dirs", {},
                      "Watched directories: their input files are read, and files appearing "
                      "later are picked up (remembered in the state by path, size and mtime). "
                      "As a daemon, inotify reports a file once it is closed after writing or "
                      "moved in, so a file still being written is not read half-way."),
      DurationField("dir_poll_interval", "2s",
                    "How often watched directories are scanned where inotify is unavailable "
                    "(a file is then taken once unchanged for half a second).",
                    100),
      BoolField("detect_page_type", true,
                "Mark plainly-not-article web pages (site front, tag/category listings, "
                "JSON-LD CollectionPage) in metadata.page_type."),
      StringListField("drop_page_types", {"front", "tag", "listing"},
                      "Page types (as `detect_page_type` marks them) that are counted as "
                      "filtered instead of emitted; [] emits every page."),
      Optional(StringField("url_file", "",
                           "A file of URLs, one a line; '#' starts a comment line. A bad line "
                           "is reported with its line number and skipped.")),
      IntField("max_bytes", 10 << 20, "Cap on a body's (decoded) size in bytes.", 1024,
               1024.0 * 1024 * 1024),
      StringField("user_agent", "newspipe/0.1 (+https://example.invalid/newspipe)",
                  "The User-Agent header; its first word is the robots.txt product token."),
      IntField("concurrency", 16, "Transfers running at once, all hosts together.", 1, 1024),
      IntField("per_host_concurrency", 2, "Transfers running at once to one host.", 1, 256),
      DurationField("per_host_delay", "1s",
                    "Least time between the starts of two requests to one host.", 0),
      BoolField("robots", true, "Honour robots.txt."),
      DurationField("robots_unavailable_retry", "1m",
                    "After a 5xx or no answer for robots.txt, the host counts as disallowed "
                    "this long, then robots.txt is asked again.",
                    0),
      DurationField("connect_timeout", "10s", "Connect timeout.", 1),
      DurationField("timeout", "30s", "Total time allowed for one request.", 1),
      IntField("low_speed_bytes", 100,
               "Abort a transfer slower than this many bytes per second ...", 0),
      DurationField("low_speed_time", "10s", "... for this long.", 1000),
      IntField("max_redirects", 5, "Redirects followed at most.", 0, 20),
      IntField("max_attempts", 4, "Attempts per URL (1 + retries) on 5xx, 429 and network errors.",
               1, 20),
      DurationField("backoff_initial", "1s", "The first retry's wait; doubled each time.", 0),
      DurationField("backoff_max", "1m", "The longest wait between retries.", 0),
      StringListField("allow_hosts", {},
                      "Hosts that may resolve to loopback/private addresses (tests, intranets); "
                      "an entry may list several, separated by commas; \"*\" allows every "
                      "host."),
  };
  spec.examples = {
      "paths: [sample/site]\nmax_bytes: 5000000",
      "urls: [https://example.com/news/1.html]\nper_host_delay: 2s",
  };
  spec.create = [](const Config& config, const StageContext& context) -> Result<StageInstance> {
    NP_ASSIGN_OR_RETURN(auto source, FetchSource::Create(config, context));
    StageInstance instance;
    instance.source = std::move(source);
    return instance;
  };
  return spec;
}

}  // namespace newspipe
