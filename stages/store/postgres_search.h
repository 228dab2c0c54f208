// Full-text search over a PostgreSQL store, for `newspipe search --dsn` (and a pipeline whose
// store stage writes to PostgreSQL): the same query, filters, hits and --collapse as the SQLite
// search (sqlite_search.h), ranked with ts_rank over the stored tsvector and highlighted with
// ts_headline. The candidates come from the GIN index over the documents' word hashes
// (postgres_lexemes.h); each is checked against its stored tsvector. As in SQLite, only the
// newest SearchQuery::rank_window matches are ranked (all of them when filters or collapsing
// leave fewer than `limit` hits among those).
//
// User text is never spliced into SQL: it is passed as bound parameters, as a tsquery literal made
// by the store's own word rule (postgres_lexemes.h); a trailing `*` asks for a prefix match. Server
// errors come back as Status values; libpqxx exceptions stay inside. Thread-compatible: one
// connection per thread.
#pragma once

#include <string>
#include <vector>

#include "runtime/status.h"
#include "stages/store/sqlite_search.h"

namespace newspipe {

// Connects to `dsn` and searches. Scores are negated ts_rank values, so lower is better as with
// bm25 in SQLite.
Result<std::vector<SearchHit>> SearchPostgres(const std::string& dsn, const SearchQuery& query);

}  // namespace newspipe
