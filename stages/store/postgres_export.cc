#include "stages/store/postgres_export.h"

#include <cstdint>
#include <limits>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "stages/store/sqlite_search.h"
#include "stages/store/stored_document.h"

namespace newspipe {
namespace {

constexpr int kPage = 500;

// Runs `columns` (SQL over documents d) page by page in doc_no order, calling row_fn(row) for
// each; the last column is the doc_no.
template <typename RowFn>
Status ForEachDocumentRow(const std::string& dsn, const std::string& columns, RowFn&& row_fn) {
  try {
    pqxx::connection conn(dsn);
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(conn);
    int64_t after = std::numeric_limits<int64_t>::min();
    const std::string sql = fmt::format(
        "SELECT {}, d.doc_no FROM documents d WHERE d.doc_no > $1 ORDER BY d.doc_no LIMIT $2",
        columns);
    for (;;) {
      pqxx::result r = tx.exec_params(sql, after, kPage);
      for (const auto& row : r) row_fn(row);
      if (r.size() < static_cast<size_t>(kPage)) break;
      after = r[r.size() - 1][static_cast<int>(r.columns()) - 1].as<int64_t>();
    }
    return Status::OK();
  } catch (const pqxx::broken_connection& e) {
    return Status::Unavailable(fmt::format("PostgreSQL unavailable: {}", e.what()));
  } catch (const std::exception& e) {
    return Status::Internal(fmt::format("PostgreSQL export failed: {}", e.what()));
  }
}

std::string_view View(const pqxx::field& f) { return std::string_view(f.c_str(), f.size()); }

}  // namespace

Status ExportPostgresJson(const std::string& dsn,
                          const std::function<void(std::string_view)>& emit) {
  return ForEachDocumentRow(dsn, "d.doc_json, d.text", [&](const pqxx::row& row) {
    emit(FullDocumentJson(View(row[0]), View(row[1])));
  });
}

Status ExportPostgresCsv(const std::string& dsn,
                         const std::function<void(std::string_view)>& emit) {
  std::string line;
  return ForEachDocumentRow(
      dsn,
      "d.id, d.url, d.title, d.published, d.published_local, d.site, "
      "COALESCE((SELECT string_agg(a.name, '; ' ORDER BY a.idx) FROM authors a "
      "WHERE a.doc_id = d.id), ''), d.agency, d.dateline, d.language, d.revision, "
      "COALESCE(d.story_id, d.doc_no), d.text",
      [&](const pqxx::row& row) {
        line.clear();
        for (int c = 0; c < 13; ++c) {
          if (c > 0) line += ',';
          line += CsvField(View(row[c]));
        }
        line += "\r\n";
        emit(line);
      });
}

}  // namespace newspipe
