// Read-side queries over a SQLite store: full-text search, one document with its blocks and
// near-duplicates, and export. Used by `newspipe search`, `show` and `export`, and by tests.
//
// Search text is never spliced into SQL or passed to FTS5 as syntax: FtsQuery() turns it into a
// conjunction of quoted terms (a trailing `*` keeps a prefix search), and every value is a bound
// parameter. Functions take an open StoreDb (see store_db.h) and are thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/status.h"
#include "stages/store/store_db.h"

namespace newspipe {

struct SearchQuery {
  std::string text;  // user text; empty lists the newest documents matching the filters.
  std::string site;  // site name (case-insensitive) or host of the URL; empty: any.
  std::optional<int64_t> since_unix;  // published at or after.
  std::optional<int64_t> until_unix;  // published at or before.
  std::string author;                 // substring of an author name, case-insensitive; empty: any.
  int limit = 20;
  bool collapse = false;  // one hit per story (near-duplicate cluster).
  // Rank only the newest this-many matches of the text (0: all). A word in most documents would
  // otherwise have every match scored; in news the newest of a huge result set are what is
  // wanted. When filters or collapsing leave fewer than `limit` hits among them, all matches
  // are ranked instead. Ranking costs about 2.5 us per match in the window (bm25 reads each
  // match's positions and column sizes): 10,000 keeps a query on a word found in every document
  // near 25 ms.
  int64_t rank_window = 10000;
  std::string mark_open = "[";  // snippet highlight markers.
  std::string mark_close = "]";
};

struct SearchHit {
  std::string id;
  std::string title;
  std::string url;
  std::string site;
  std::string published;
  std::string snippet;
  std::vector<std::string> authors;
  double score = 0;  // bm25: lower is better.
  int64_t story_id = 0;
  int64_t story_size = 1;  // documents in the story.
};

// The FTS5 MATCH expression for user text: each whitespace-separated term quoted (inner quotes
// doubled, NUL and control bytes dropped), terms without a letter or digit dropped. Empty when
// nothing searchable remains.
std::string FtsQuery(std::string_view text);

// Parses "2020-07-08", "2020-07-08T13:33", "2020-07-08T13:33:00Z" or "...+09:00" into Unix
// seconds (UTC when no offset). A bare date is its first second, or with `end_of_day` its last.
std::optional<int64_t> ParseTimeBound(std::string_view text, bool end_of_day);

// Ranked hits for `query`. An index split into shards (sqlite_fts_writer.h) is ranked in each
// shard and merged by score; each shard's bm25 uses its own statistics, which agree closely with
// the whole store's except in stores of a few documents.
Result<std::vector<SearchHit>> SearchDocuments(StoreDb& db, const SearchQuery& query);

struct StoredBlock {
  int index = 0;
  std::string type;
  std::string text;
  bool boilerplate = false;
  std::string rule;
};

struct DuplicateRef {
  std::string id;
  std::string title;
  std::string site;
  std::string url;
  int distance = 0;  // Hamming distance of the SimHashes.
};

struct ShownDocument {
  std::string id, url, canonical_url, path, title, text, published, published_local, modified,
      agency, dateline, site, language, section, description, content_hash, doc_json;
  int64_t revision = 0;
  int64_t story_id = 0;
  uint64_t simhash = 0;
  int64_t first_stored_unix_ms = 0;
  int64_t updated_unix_ms = 0;
  std::vector<std::string> authors;
  std::vector<std::pair<std::string, std::string>> quotes;    // text, speaker.
  std::vector<std::pair<std::string, std::string>> captions;  // text, credit.
  std::vector<std::string> errors;                            // "stage/code: message".
  std::vector<StoredBlock> blocks;                            // all, in page order.
  std::vector<DuplicateRef> duplicates;                       // same story, closest first.
};

// Loads the document `id` (or the only one whose id starts with it). NotFound when none,
// InvalidArgument when a prefix is ambiguous.
Result<ShownDocument> LoadDocument(StoreDb& db, std::string_view id);

// Calls `emit` with each document's JSON line (DocumentToJson form), oldest first.
Status ExportDocumentsJson(StoreDb& db, const std::function<void(std::string_view)>& emit);

// The CSV columns export writes, and each document as one CSV record (RFC 4180 quoting, by
// CsvField; the PostgreSQL export writes the same columns).
std::string ExportCsvHeader();
std::string CsvField(std::string_view v);
Status ExportDocumentsCsv(StoreDb& db, const std::function<void(std::string_view)>& emit);

}  // namespace newspipe
