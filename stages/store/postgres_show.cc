#include "stages/store/postgres_show.h"

#include <algorithm>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "stages/store/simhash.h"
#include "stages/store/stored_document.h"

namespace newspipe {

Result<ShownDocument> LoadPostgresDocument(const std::string& dsn, std::string_view id) {
  try {
    pqxx::connection conn(dsn);
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(conn);
    const std::string key(id);
    // The id itself, or else the ids it starts (two at most: more than one is ambiguous).
    pqxx::result r = tx.exec_params(R"sql(
SELECT id, url, canonical_url, path, title, text, published, published_local, modified, agency,
  dateline, site, language, section, description, content_hash, doc_json, revision,
  COALESCE(story_id, doc_no), simhash, first_stored_unix_ms, updated_unix_ms, doc_no
FROM documents WHERE id = $1
UNION ALL
SELECT * FROM (SELECT id, url, canonical_url, path, title, text, published, published_local,
  modified, agency, dateline, site, language, section, description, content_hash, doc_json,
  revision, COALESCE(story_id, doc_no), simhash, first_stored_unix_ms, updated_unix_ms, doc_no
  FROM documents WHERE id > $1 AND left(id, length($1)) = $1
  AND NOT EXISTS (SELECT 1 FROM documents WHERE id = $1) ORDER BY id LIMIT 2) p)sql",
                                    key);
    if (r.empty()) return Status::NotFound(fmt::format("no document with id \"{}\"", id));
    if (r.size() > 1) {
      return Status::InvalidArgument(
          fmt::format("\"{}\" matches more than one document id; give more of it", id));
    }
    ShownDocument d;
    const pqxx::row row = r[0];
    int c = 0;
    for (std::string* f :
         {&d.id, &d.url, &d.canonical_url, &d.path, &d.title, &d.text, &d.published,
          &d.published_local, &d.modified, &d.agency, &d.dateline, &d.site, &d.language, &d.section,
          &d.description, &d.content_hash, &d.doc_json}) {
      *f = row[c++].as<std::string>();
    }
    d.revision = row[c++].as<int64_t>();
    d.story_id = row[c++].as<int64_t>();
    d.simhash = static_cast<uint64_t>(row[c++].as<int64_t>());
    d.first_stored_unix_ms = row[c++].as<int64_t>();
    d.updated_unix_ms = row[c++].as<int64_t>();
    const int64_t doc_no = row[c++].as<int64_t>();
    d.doc_json = FullDocumentJson(d.doc_json, d.text);

    for (const auto& a :
         tx.exec_params("SELECT name FROM authors WHERE doc_id = $1 ORDER BY idx", d.id)) {
      d.authors.push_back(a[0].as<std::string>());
    }
    for (const auto& q :
         tx.exec_params("SELECT text, speaker FROM quotes WHERE doc_id = $1 ORDER BY idx", d.id)) {
      d.quotes.emplace_back(q[0].as<std::string>(), q[1].as<std::string>());
    }
    for (const auto& cap :
         tx.exec_params("SELECT text, credit FROM captions WHERE doc_id = $1 ORDER BY idx", d.id)) {
      d.captions.emplace_back(cap[0].as<std::string>(), cap[1].as<std::string>());
    }
    for (const auto& e : tx.exec_params(
             "SELECT stage, code, message FROM errors WHERE doc_id = $1 ORDER BY idx", d.id)) {
      d.errors.push_back(fmt::format("{}/{}: {}", e[0].c_str(), e[1].c_str(), e[2].c_str()));
    }
    for (const auto& b : tx.exec_params(
             "SELECT idx, type, text, boilerplate, rule FROM blocks WHERE doc_id = $1 ORDER BY "
             "idx",
             d.id)) {
      d.blocks.push_back(StoredBlock{b[0].as<int>(), b[1].as<std::string>(), b[2].as<std::string>(),
                                     b[3].as<bool>(), b[4].as<std::string>()});
    }
    for (const auto& s : tx.exec_params(
             "SELECT id, title, site, url, simhash FROM documents WHERE story_id = $1 AND "
             "doc_no <> $2 LIMIT 1000",
             d.story_id, doc_no)) {
      d.duplicates.push_back(
          DuplicateRef{s[0].as<std::string>(), s[1].as<std::string>(), s[2].as<std::string>(),
                       s[3].as<std::string>(),
                       HammingDistance(d.simhash, static_cast<uint64_t>(s[4].as<int64_t>()))});
    }
    std::stable_sort(
        d.duplicates.begin(), d.duplicates.end(),
        [](const DuplicateRef& a, const DuplicateRef& b) { return a.distance < b.distance; });
    return d;
  } catch (const pqxx::broken_connection& e) {
    return Status::Unavailable(fmt::format("PostgreSQL unavailable: {}", e.what()));
  } catch (const std::exception& e) {
    return Status::Internal(fmt::format("PostgreSQL show failed: {}", e.what()));
  }
}

}  // namespace newspipe
