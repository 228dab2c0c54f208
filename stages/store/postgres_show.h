// `newspipe show --dsn`: one document of a PostgreSQL store with its metadata, authors, quotes,
// captions, errors, every block (boilerplate too, with its rule) and its near-duplicates, as the
// SQLite store's LoadDocument gives it (sqlite_search.h), so `show` prints both alike. libpqxx
// exceptions stay inside; errors come back as Status values.
#pragma once

#include <string>
#include <string_view>

#include "runtime/status.h"
#include "stages/store/sqlite_search.h"

namespace newspipe {

// The document `id` (or the only one whose id starts with it). NotFound when none,
// InvalidArgument when a prefix is ambiguous.
Result<ShownDocument> LoadPostgresDocument(const std::string& dsn, std::string_view id);

}  // namespace newspipe
