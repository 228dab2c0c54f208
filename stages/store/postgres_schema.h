// The PostgreSQL store's schema and migrations: the same logical tables as the SQLite store
// (sqlite_schema.h) plus each document's tsvector (postgres_lexemes.h) and the store's own search
// index (search_segments, search_postings: postgres_segments.h). The version lives in
// newspipe_schema; migrations run under a transaction-scoped advisory lock, so several
// store replicas starting at once migrate exactly once. Throws nothing: libpqxx exceptions
// other than broken_connection (which the caller retries) become a Status.
#pragma once

#include <pqxx/connection>

#include "runtime/status.h"

namespace newspipe {

int PostgresSchemaVersion();

// REQUIRES: an open connection. Rethrows pqxx::broken_connection for the caller's retry loop.
Status MigratePostgresSchema(pqxx::connection& conn);

}  // namespace newspipe
