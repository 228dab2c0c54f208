// The SQLite store's schema and its versioned migrations (PRAGMA user_version).
//
// Tables: documents (one row per document id, with revision, content hash, SimHash bands and
// story cluster; small columns first, the title, body and JSON form last), blocks (every block,
// kept or removed, with the deciding rule), authors, quotes, captions, errors, raw_pages (only with
// keep_raw) — child rows keyed by the document's integer doc_no — and fts_pending, the documents
// whose entry in the full-text index may be stale. Since version 3 the FTS5 index over title and
// body lives in its own file (see sqlite_fts_writer.h); up to version 2 it was documents_fts in
// this file, with documents as its external content. Since version 5 store_settings holds what is
// fixed when a store is created: index_shards, the number of files the index is split into (1 for
// stores created earlier). Migrations run in one transaction each and
// only move forward; a database from a newer build is refused rather than altered.
#pragma once

#include <string_view>

#include "runtime/status.h"
#include "stages/store/store_db.h"

namespace newspipe {

// The schema version this build writes.
int SqliteSchemaVersion();

// The SQL of the migration step that brings a database to `version` (1..SqliteSchemaVersion()),
// for tests that build a database as an older release left it.
std::string_view SqliteMigrationStep(int version);

// Brings `db` up to SqliteSchemaVersion(). REQUIRES: no transaction open.
Status MigrateSqliteSchema(StoreDb& db);

}  // namespace newspipe
