#include "stages/store/postgres_schema.h"

#include <fmt/format.h>
#include <pqxx/pqxx>

#include <algorithm>
#include <limits>
#include <string_view>
#include <vector>

#include "stages/store/postgres_lexemes.h"
#include "stages/store/postgres_postings.h"
#include "stages/store/postgres_segments.h"

namespace newspipe {
namespace {

// Step i moves the schema from version i to i + 1. Append only.
constexpr std::string_view kMigrations[] = {
    // 1: the initial schema.
    R"sql(
CREATE TABLE documents (
  doc_no bigserial UNIQUE NOT NULL,
  id text PRIMARY KEY,
  url text NOT NULL DEFAULT '',
  canonical_url text NOT NULL DEFAULT '',
  path text NOT NULL DEFAULT '',
  title text NOT NULL DEFAULT '',
  text text NOT NULL DEFAULT '',
  published text NOT NULL DEFAULT '',
  published_local text NOT NULL DEFAULT '',
  published_unix bigint,
  modified text NOT NULL DEFAULT '',
  agency text NOT NULL DEFAULT '',
  dateline text NOT NULL DEFAULT '',
  site text NOT NULL DEFAULT '',
  language text NOT NULL DEFAULT '',
  section text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  page_type text NOT NULL DEFAULT '',
  fetched_unix_ms bigint NOT NULL DEFAULT 0,
  http_status int NOT NULL DEFAULT 0,
  error_count int NOT NULL DEFAULT 0,
  content_hash text NOT NULL,
  revision int NOT NULL DEFAULT 1,
  simhash bigint NOT NULL DEFAULT 0,
  band0 int, band1 int, band2 int, band3 int,
  story_id bigint,
  first_stored_unix_ms bigint NOT NULL,
  updated_unix_ms bigint NOT NULL,
  seen_unix_ms bigint NOT NULL,
  doc_json text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, title), 'A') ||
    setweight(to_tsvector('simple'::regconfig, text), 'B')) STORED
);
CREATE INDEX documents_tsv ON documents USING gin (tsv);
CREATE INDEX documents_published ON documents (published_unix);
CREATE INDEX documents_site ON documents (site, published_unix);
CREATE INDEX documents_story ON documents (story_id);
CREATE INDEX documents_band0 ON documents (band0) WHERE band0 IS NOT NULL;
CREATE INDEX documents_band1 ON documents (band1) WHERE band1 IS NOT NULL;
CREATE INDEX documents_band2 ON documents (band2) WHERE band2 IS NOT NULL;
CREATE INDEX documents_band3 ON documents (band3) WHERE band3 IS NOT NULL;
CREATE TABLE blocks (doc_id text NOT NULL, idx int NOT NULL, type text NOT NULL,
  text text NOT NULL, boilerplate boolean NOT NULL, rule text NOT NULL DEFAULT '',
  score real NOT NULL DEFAULT 0, tag text NOT NULL DEFAULT '', PRIMARY KEY (doc_id, idx));
CREATE TABLE authors (doc_id text NOT NULL, idx int NOT NULL, name text NOT NULL,
  PRIMARY KEY (doc_id, idx));
CREATE INDEX authors_name ON authors (lower(name));
CREATE TABLE quotes (doc_id text NOT NULL, idx int NOT NULL, text text NOT NULL,
  speaker text NOT NULL DEFAULT '', block_index int NOT NULL DEFAULT -1,
  rule text NOT NULL DEFAULT '', PRIMARY KEY (doc_id, idx));
CREATE TABLE captions (doc_id text NOT NULL, idx int NOT NULL, text text NOT NULL,
  credit text NOT NULL DEFAULT '', block_index int NOT NULL DEFAULT -1,
  image_url text NOT NULL DEFAULT '', PRIMARY KEY (doc_id, idx));
CREATE TABLE errors (doc_id text NOT NULL, idx int NOT NULL, stage text NOT NULL DEFAULT '',
  code text NOT NULL DEFAULT '', message text NOT NULL DEFAULT '',
  unix_ms bigint NOT NULL DEFAULT 0, fatal boolean NOT NULL DEFAULT false,
  PRIMARY KEY (doc_id, idx));
CREATE TABLE raw_pages (doc_id text PRIMARY KEY, content_type text NOT NULL DEFAULT '',
  charset text NOT NULL DEFAULT '', raw bytea NOT NULL);
)sql",
    // 2: the store sends each document's tsvector (postgres_lexemes.h), so the server no longer
    // runs to_tsvector on every insert; existing values stay. The GIN index keeps up to 32 MB of
    // new entries in its pending list and merges them in bulk (autovacuum or when full) instead
    // of every 4 MB. The body and the tsvector are stored out of line uncompressed: pglz cost
    // about a third of the time of writing a row, for a bit more disk.
    R"sql(
ALTER TABLE documents ALTER COLUMN tsv DROP EXPRESSION;
ALTER TABLE documents ALTER COLUMN text SET STORAGE EXTERNAL,
  ALTER COLUMN tsv SET STORAGE EXTERNAL;
ALTER INDEX documents_tsv SET (fastupdate = on, gin_pending_list_limit = 32768);
)sql",
    // 3: two indexes that no query uses, each an entry to write per article: the --site filter
    // compares case-blind and ORs with a match in the URL, and --author is a substring match, so
    // neither can use an index; search scans the candidates the text match found instead.
    R"sql(
DROP INDEX IF EXISTS documents_site;
DROP INDEX IF EXISTS authors_name;
)sql",
    // 4: the search index is a GIN index over each document's word hashes (postgres_lexemes.h)
    // instead of over its tsvector: integer keys cost the server about a third less to insert and
    // merge than text keys. Search filtered by the hashes and checked the tsvector. (Its backfill
    // of the existing rows and the index were dropped from this step when step 6 replaced both.)
    R"sql(
DROP INDEX IF EXISTS documents_tsv;
ALTER TABLE documents ADD COLUMN word_hashes int4[];
)sql",
    // 5: a row's word hashes (about 1.5 KB for an article) and doc_json stay in the row
    // uncompressed. With the defaults the server tried pglz on both for every insert (it never
    // gains the quarter it asks for on either) and then moved the hashes out of line as a third
    // TOAST value. Once `text` and `tsv` are out of line an article's row is about 2.6 KB, within
    // a target of 4,000 bytes; a larger row still moves its biggest columns out.
    R"sql(
ALTER TABLE documents ALTER COLUMN word_hashes SET STORAGE EXTERNAL,
  ALTER COLUMN doc_json SET STORAGE EXTERNAL;
ALTER TABLE documents SET (toast_tuple_target = 4000);
)sql",
    // 6: the search index is the store's own (postgres_postings.h, postgres_segments.h): segments
    // of postings written with each batch, read and ranked by the client. The GIN index over the
    // word hashes goes with its column: finding and ranking a common word's newest matches read
    // each match's row and its out-of-line tsvector. Segments are made for the existing rows from
    // their tsvectors by BackfillPostings. A segment's postings rows are kept in the row (up to
    // 8 KB) and uncompressed. search_words is the index's vocabulary (postgres_vocabulary.h).
    R"sql(
CREATE TABLE search_segments (seg bigserial PRIMARY KEY, nbuckets int NOT NULL,
  docs int NOT NULL, words bigint NOT NULL, lo bigint NOT NULL, hi bigint NOT NULL);
CREATE TABLE search_postings (seg bigint NOT NULL, bucket int NOT NULL, data bytea NOT NULL,
  PRIMARY KEY (seg, bucket));
CREATE TABLE search_words (word text COLLATE "C" PRIMARY KEY);
ALTER TABLE search_postings ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE search_postings SET (toast_tuple_target = 8160);
DROP INDEX IF EXISTS documents_words;
ALTER TABLE documents DROP COLUMN IF EXISTS word_hashes;
)sql",
};

constexpr int kVersion = static_cast<int>(std::size(kMigrations));
// pg_advisory_xact_lock key: "newspipe" in ASCII, so unrelated applications do not collide.
constexpr int64_t kMigrationLock = 0x6e65777370697065;

// The search index's segments for the rows written before step 6, from their stored tsvectors
// (a lexeme's weight-A positions count as its title occurrences, the others as its body's; a
// document's length is its number of positions), 1,000 rows per round trip and kMaxMergedDocs
// documents per segment; then the vocabulary of all their lexemes.
void BackfillPostings(pqxx::work& tx) {
  int64_t after = std::numeric_limits<int64_t>::min();
  std::vector<DocTerms> docs;
  auto flush = [&] {
    if (docs.empty()) return;
    for (DocTerms& d : docs) SortTermsByHash(d.terms);
    WriteSegment(tx, BuildSegment(docs));
    docs.clear();
  };
  for (;;) {
    pqxx::result r = tx.exec_params(
        "SELECT d.doc_no, l.lexeme, cardinality(l.weights), "
        "cardinality(array_positions(l.weights, 'A')) FROM (SELECT doc_no, tsv FROM documents "
        "WHERE doc_no > $1 ORDER BY doc_no LIMIT 1000) d LEFT JOIN LATERAL unnest(d.tsv) "
        "l(lexeme, positions, weights) ON true ORDER BY d.doc_no",
        after);
    if (r.empty()) break;
    for (const auto& row : r) {
      const int64_t doc_no = row[0].as<int64_t>();
      if (docs.empty() || docs.back().doc_no != doc_no) {
        if (docs.size() >= static_cast<size_t>(kMaxMergedDocs)) flush();
        docs.emplace_back();
        docs.back().doc_no = doc_no;
        after = doc_no;
      }
      if (row[1].is_null()) continue;
      const auto all = row[2].as<uint32_t>();
      const auto title = std::min(all, row[3].is_null() ? 0u : row[3].as<uint32_t>());
      DocTerms& d = docs.back();
      d.length += all;
      d.terms.push_back(TermStat{
          static_cast<uint32_t>(PostgresWordHash(std::string_view(row[1].c_str(), row[1].size()))),
          static_cast<uint16_t>(std::min(title, 65535u)),
          static_cast<uint16_t>(std::min(all - title, 65535u))});
    }
  }
  flush();
  tx.exec(
      "INSERT INTO search_words (word) SELECT DISTINCT l FROM documents, "
      "unnest(tsvector_to_array(tsv)) l ON CONFLICT DO NOTHING");
}

// Runs after the SQL of the step to version `step`, in the same transaction.
void AfterStep(pqxx::work& tx, int step) {
  if (step == 6) BackfillPostings(tx);
}

}  // namespace

int PostgresSchemaVersion() { return kVersion; }

Status MigratePostgresSchema(pqxx::connection& conn) {
  try {
    pqxx::work tx(conn);
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
    tx.exec("CREATE TABLE IF NOT EXISTS newspipe_schema (version int NOT NULL)");
    pqxx::result r = tx.exec("SELECT max(version) FROM newspipe_schema");
    int current = r[0][0].is_null() ? 0 : r[0][0].as<int>();
    if (current > kVersion) {
      return Status::FailedPrecondition(fmt::format(
          "store: PostgreSQL schema version {} is newer than this build understands ({})", current,
          kVersion));
    }
    for (int v = current; v < kVersion; ++v) {
      tx.exec(std::string(kMigrations[v]));
      AfterStep(tx, v + 1);
      tx.exec_params("INSERT INTO newspipe_schema (version) VALUES ($1)", v + 1);
    }
    tx.commit();
    return Status::OK();
  } catch (const pqxx::broken_connection&) {
    throw;
  } catch (const std::exception& e) {
    return Status::Internal(fmt::format("store: migrating the PostgreSQL schema: {}", e.what()));
  }
}

}  // namespace newspipe
