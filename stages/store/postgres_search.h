// Full-text search over a PostgreSQL store, for `newspipe search --dsn` (and a pipeline whose
// store stage writes to PostgreSQL): the same query, filters, hits and --collapse as the SQLite
// search (sqlite_search.h). Whole words are looked up in the store's own index
// (postgres_postings.h): the postings of the query's words are read segment by segment, newest
// first, and the matches ranked on the client with BM25 (title weighted 10, as SQLite's bm25); as
// in SQLite only the newest SearchQuery::rank_window matches are ranked (all of them when filters
// or collapsing leave fewer than `limit` hits among those). The best are then checked against
// their stored tsvector and the filters, so a hash collision or a posting of an older revision is
// never a hit. A query of prefixes alone walks the documents newest first with `tsv @@` and
// ts_rank. Snippets are made on the client by the index's word rule (search_snippet.h).
//
// User text is never spliced into SQL: it is passed as bound parameters, as a tsquery literal made
// by the store's own word rule (postgres_lexemes.h); a trailing `*` asks for a prefix match. Server
// errors come back as Status values; libpqxx exceptions stay inside. Thread-compatible: one
// connection per call, in one repeatable-read snapshot.
#pragma once

#include <string>
#include <vector>

#include "runtime/status.h"
#include "stages/store/sqlite_search.h"

namespace newspipe {

// Connects to `dsn` and searches. Scores are negated BM25 (or ts_rank) values, so lower is better
// as with bm25 in SQLite.
Result<std::vector<SearchHit>> SearchPostgres(const std::string& dsn, const SearchQuery& query);

}  // namespace newspipe
