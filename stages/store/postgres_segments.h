// The PostgreSQL store's search index in the database: its segments (postgres_postings.h) as rows
// of `search_segments` (one per segment: its bucket count, documents, words and doc_no range) and
// `search_postings` (one per non-empty bucket), written in the transaction that writes their
// documents, and merged in transactions of their own. Both tables are made by schema step 6
// (postgres_schema.cc).
#pragma once

#include <cstdint>

#include <pqxx/pqxx>

#include "runtime/status.h"
#include "stages/store/postgres_postings.h"

namespace newspipe {

// Writes `segment` within `tx`, after its documents, so that a later revision of a document is
// always in a later segment (the documents' row locks order the writers). Returns its number.
// Throws libpqxx's exceptions, like the rest of a write transaction.
int64_t WriteSegment(pqxx::work& tx, const Segment& segment);

// Merges the segments PlanMerge picks into one, in a transaction of its own, unless another
// connection is merging (a transaction-level advisory lock; a merge is skipped, not waited for).
// Returns how many segments were merged (0: none were due, or another merge runs).
Result<int> MergeSmallSegments(pqxx::connection& conn);

}  // namespace newspipe
