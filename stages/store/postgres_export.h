// `newspipe export --dsn`: every document of a PostgreSQL store, oldest first, in the forms the
// SQLite export writes (sqlite_search.h): JSON Lines (the `extract` format, FullDocumentJson) or
// CSV with ExportCsvHeader's columns. Reads in pages of 500 documents by doc_no within one
// repeatable-read snapshot, so memory stays bounded and the export is consistent while writers
// go on. libpqxx exceptions stay inside; errors come back as Status values.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "runtime/status.h"

namespace newspipe {

Status ExportPostgresJson(const std::string& dsn,
                          const std::function<void(std::string_view)>& emit);
Status ExportPostgresCsv(const std::string& dsn, const std::function<void(std::string_view)>& emit);

}  // namespace newspipe
