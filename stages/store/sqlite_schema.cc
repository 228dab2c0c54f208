#include "stages/store/sqlite_schema.h"

#include <fmt/format.h>

#include <string_view>

namespace newspipe {
namespace {

// Each entry moves the schema from version i to i + 1. Append only; never edit a shipped step.
constexpr std::string_view kMigrations[] = {
    // 1: the initial schema.
    R"sql(
CREATE TABLE documents (
  doc_no INTEGER PRIMARY KEY,          -- stable row number: the FTS rowid and story key
  id TEXT NOT NULL UNIQUE,             -- the document id (hash of the canonical URL)
  url TEXT NOT NULL DEFAULT '',
  canonical_url TEXT NOT NULL DEFAULT '',
  path TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  published TEXT NOT NULL DEFAULT '',          -- UTC, ISO 8601
  published_local TEXT NOT NULL DEFAULT '',    -- with the page's own offset
  published_unix INTEGER,                       -- NULL when unknown
  modified TEXT NOT NULL DEFAULT '',
  agency TEXT NOT NULL DEFAULT '',
  dateline TEXT NOT NULL DEFAULT '',
  site TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  section TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  page_type TEXT NOT NULL DEFAULT '',
  fetched_unix_ms INTEGER NOT NULL DEFAULT 0,
  http_status INTEGER NOT NULL DEFAULT 0,
  error_count INTEGER NOT NULL DEFAULT 0,
  content_hash TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1,
  simhash INTEGER NOT NULL DEFAULT 0,
  band0 INTEGER, band1 INTEGER, band2 INTEGER, band3 INTEGER,  -- NULL without a SimHash
  story_id INTEGER,                    -- doc_no of the story's first document
  first_stored_unix_ms INTEGER NOT NULL,
  updated_unix_ms INTEGER NOT NULL,
  seen_unix_ms INTEGER NOT NULL,
  doc_json TEXT NOT NULL
);
CREATE INDEX documents_published ON documents(published_unix);
CREATE INDEX documents_site ON documents(site, published_unix);
CREATE INDEX documents_story ON documents(story_id);
CREATE INDEX documents_band0 ON documents(band0) WHERE band0 IS NOT NULL;
CREATE INDEX documents_band1 ON documents(band1) WHERE band1 IS NOT NULL;
CREATE INDEX documents_band2 ON documents(band2) WHERE band2 IS NOT NULL;
CREATE INDEX documents_band3 ON documents(band3) WHERE band3 IS NOT NULL;

CREATE TABLE blocks (
  doc_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  type TEXT NOT NULL,
  text TEXT NOT NULL,
  boilerplate INTEGER NOT NULL,
  rule TEXT NOT NULL DEFAULT '',
  score REAL NOT NULL DEFAULT 0,
  tag TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE TABLE authors (
  doc_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
CREATE INDEX authors_name ON authors(name COLLATE NOCASE);

CREATE TABLE quotes (
  doc_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  text TEXT NOT NULL,
  speaker TEXT NOT NULL DEFAULT '',
  block_index INTEGER NOT NULL DEFAULT -1,
  rule TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE TABLE captions (
  doc_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  text TEXT NOT NULL,
  credit TEXT NOT NULL DEFAULT '',
  block_index INTEGER NOT NULL DEFAULT -1,
  image_url TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE TABLE errors (
  doc_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  stage TEXT NOT NULL DEFAULT '',
  code TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL DEFAULT '',
  unix_ms INTEGER NOT NULL DEFAULT 0,
  fatal INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE TABLE raw_pages (
  doc_id TEXT PRIMARY KEY,
  content_type TEXT NOT NULL DEFAULT '',
  charset TEXT NOT NULL DEFAULT '',
  raw BLOB NOT NULL
);

CREATE VIRTUAL TABLE documents_fts USING fts5(
  title, text, content='documents', content_rowid='doc_no',
  tokenize='unicode61 remove_diacritics 2'
);
)sql",
    // 2: speed. Documents are rebuilt with the small columns first and the big ones (title,
    // text, doc_json) last, so lookups of ids, hashes, bands and filters read only the row's
    // first page, never its overflow chain. Child rows are keyed by the integer doc_no (rising,
    // so a batch appends at the end of each B-tree) instead of the random text id.
    R"sql(
CREATE TABLE documents_v2 (
  doc_no INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  content_hash TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1,
  simhash INTEGER NOT NULL DEFAULT 0,
  band0 INTEGER, band1 INTEGER, band2 INTEGER, band3 INTEGER,
  story_id INTEGER,
  published_unix INTEGER,
  site TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  published TEXT NOT NULL DEFAULT '',
  published_local TEXT NOT NULL DEFAULT '',
  modified TEXT NOT NULL DEFAULT '',
  fetched_unix_ms INTEGER NOT NULL DEFAULT 0,
  http_status INTEGER NOT NULL DEFAULT 0,
  error_count INTEGER NOT NULL DEFAULT 0,
  first_stored_unix_ms INTEGER NOT NULL,
  updated_unix_ms INTEGER NOT NULL,
  seen_unix_ms INTEGER NOT NULL,
  agency TEXT NOT NULL DEFAULT '',
  dateline TEXT NOT NULL DEFAULT '',
  section TEXT NOT NULL DEFAULT '',
  page_type TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  canonical_url TEXT NOT NULL DEFAULT '',
  path TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  doc_json TEXT NOT NULL
);
INSERT INTO documents_v2 (doc_no, id, content_hash, revision, simhash, band0, band1, band2, band3,
  story_id, published_unix, site, language, published, published_local, modified,
  fetched_unix_ms, http_status, error_count, first_stored_unix_ms, updated_unix_ms, seen_unix_ms,
  agency, dateline, section, page_type, url, canonical_url, path, title, description, text,
  doc_json)
SELECT doc_no, id, content_hash, revision, simhash, band0, band1, band2, band3, story_id,
  published_unix, site, language, published, published_local, modified, fetched_unix_ms,
  http_status, error_count, first_stored_unix_ms, updated_unix_ms, seen_unix_ms, agency, dateline,
  section, page_type, url, canonical_url, path, title, description, text, doc_json
FROM documents ORDER BY doc_no;

CREATE TABLE blocks_v2 (
  doc_no INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  type TEXT NOT NULL,
  boilerplate INTEGER NOT NULL,
  rule TEXT NOT NULL DEFAULT '',
  score REAL NOT NULL DEFAULT 0,
  tag TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  PRIMARY KEY (doc_no, idx)
) WITHOUT ROWID;
INSERT INTO blocks_v2 SELECT d.doc_no, b.idx, b.type, b.boilerplate, b.rule, b.score, b.tag, b.text
FROM blocks b JOIN documents d ON d.id = b.doc_id ORDER BY d.doc_no, b.idx;

CREATE TABLE authors_v2 (
  doc_no INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (doc_no, idx)
) WITHOUT ROWID;
INSERT INTO authors_v2 SELECT d.doc_no, a.idx, a.name
FROM authors a JOIN documents d ON d.id = a.doc_id ORDER BY d.doc_no, a.idx;

CREATE TABLE quotes_v2 (
  doc_no INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  text TEXT NOT NULL,
  speaker TEXT NOT NULL DEFAULT '',
  block_index INTEGER NOT NULL DEFAULT -1,
  rule TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (doc_no, idx)
) WITHOUT ROWID;
INSERT INTO quotes_v2 SELECT d.doc_no, q.idx, q.text, q.speaker, q.block_index, q.rule
FROM quotes q JOIN documents d ON d.id = q.doc_id ORDER BY d.doc_no, q.idx;

CREATE TABLE captions_v2 (
  doc_no INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  text TEXT NOT NULL,
  credit TEXT NOT NULL DEFAULT '',
  block_index INTEGER NOT NULL DEFAULT -1,
  image_url TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (doc_no, idx)
) WITHOUT ROWID;
INSERT INTO captions_v2 SELECT d.doc_no, c.idx, c.text, c.credit, c.block_index, c.image_url
FROM captions c JOIN documents d ON d.id = c.doc_id ORDER BY d.doc_no, c.idx;

CREATE TABLE errors_v2 (
  doc_no INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  stage TEXT NOT NULL DEFAULT '',
  code TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL DEFAULT '',
  unix_ms INTEGER NOT NULL DEFAULT 0,
  fatal INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (doc_no, idx)
) WITHOUT ROWID;
INSERT INTO errors_v2 SELECT d.doc_no, e.idx, e.stage, e.code, e.message, e.unix_ms, e.fatal
FROM errors e JOIN documents d ON d.id = e.doc_id ORDER BY d.doc_no, e.idx;

CREATE TABLE raw_pages_v2 (
  doc_no INTEGER PRIMARY KEY,
  content_type TEXT NOT NULL DEFAULT '',
  charset TEXT NOT NULL DEFAULT '',
  raw BLOB NOT NULL
);
INSERT INTO raw_pages_v2 SELECT d.doc_no, r.content_type, r.charset, r.raw
FROM raw_pages r JOIN documents d ON d.id = r.doc_id ORDER BY d.doc_no;

DROP TABLE blocks;
DROP TABLE authors;
DROP TABLE quotes;
DROP TABLE captions;
DROP TABLE errors;
DROP TABLE raw_pages;
DROP TABLE documents;
ALTER TABLE documents_v2 RENAME TO documents;
ALTER TABLE blocks_v2 RENAME TO blocks;
ALTER TABLE authors_v2 RENAME TO authors;
ALTER TABLE quotes_v2 RENAME TO quotes;
ALTER TABLE captions_v2 RENAME TO captions;
ALTER TABLE errors_v2 RENAME TO errors;
ALTER TABLE raw_pages_v2 RENAME TO raw_pages;

CREATE INDEX documents_published ON documents(published_unix);
CREATE INDEX documents_site ON documents(site, published_unix);
CREATE INDEX documents_story ON documents(story_id);
CREATE INDEX documents_band0 ON documents(band0) WHERE band0 IS NOT NULL;
CREATE INDEX documents_band1 ON documents(band1) WHERE band1 IS NOT NULL;
CREATE INDEX documents_band2 ON documents(band2) WHERE band2 IS NOT NULL;
CREATE INDEX documents_band3 ON documents(band3) WHERE band3 IS NOT NULL;
CREATE INDEX authors_name ON authors(name COLLATE NOCASE);
)sql",
    // 3: the full-text index moves to its own file (`<store>-fts`, see sqlite_fts_writer.h),
    // written by its own thread. `fts_pending` lists the documents whose index entry may be
    // stale: every document here, until the store has indexed them into the new file when it
    // opens the database.
    R"sql(
DROP TABLE documents_fts;
CREATE TABLE fts_pending (
  seq INTEGER PRIMARY KEY,
  doc_no INTEGER NOT NULL
);
INSERT INTO fts_pending (doc_no) SELECT doc_no FROM documents ORDER BY doc_no;
)sql",
    // 4: speed. A document's blocks, quotes, captions and errors move into one JSON value in its
    // row (`parts`, see sqlite_parts.h) instead of one row each in four tables (some 18 B-tree
    // inserts per article); views of the old names read them back. Migrated blocks keep their
    // text inline; new ones point into the body. Two indexes no query uses are dropped:
    // `documents_site` (the site filter compares case-blind and also matches the URL) and
    // `authors_name` (the author filter is a substring match).
    R"sql(
ALTER TABLE documents ADD COLUMN parts TEXT;
UPDATE documents SET parts = json_object(
  'b', json((SELECT json_group_array(json_array(type, boilerplate, rule, score, tag, text))
             FROM (SELECT * FROM blocks x WHERE x.doc_no = documents.doc_no ORDER BY idx))),
  'q', json((SELECT json_group_array(json_array(text, speaker, block_index, rule))
             FROM (SELECT * FROM quotes x WHERE x.doc_no = documents.doc_no ORDER BY idx))),
  'c', json((SELECT json_group_array(json_array(text, credit, block_index, image_url))
             FROM (SELECT * FROM captions x WHERE x.doc_no = documents.doc_no ORDER BY idx))),
  'e', json((SELECT json_group_array(json_array(stage, code, message, unix_ms, fatal))
             FROM (SELECT * FROM errors x WHERE x.doc_no = documents.doc_no ORDER BY idx))));
DROP TABLE blocks;
DROP TABLE quotes;
DROP TABLE captions;
DROP TABLE errors;
DROP INDEX documents_site;
DROP INDEX authors_name;

CREATE VIEW blocks (doc_no, idx, type, boilerplate, rule, score, tag, text) AS
SELECT d.doc_no, p.key, p.value ->> 0, p.value ->> 1, p.value ->> 2, p.value ->> 3, p.value ->> 4,
  CASE WHEN p.value ->> 6 IS NULL THEN p.value ->> 5
       ELSE CAST(substr(CAST(d.text AS BLOB), (p.value ->> 5) + 1, p.value ->> 6) AS TEXT) END
FROM documents d, json_each(d.parts, '$.b') p;
CREATE VIEW quotes (doc_no, idx, text, speaker, block_index, rule) AS
SELECT d.doc_no, p.key, p.value ->> 0, p.value ->> 1, p.value ->> 2, p.value ->> 3
FROM documents d, json_each(d.parts, '$.q') p;
CREATE VIEW captions (doc_no, idx, text, credit, block_index, image_url) AS
SELECT d.doc_no, p.key, p.value ->> 0, p.value ->> 1, p.value ->> 2, p.value ->> 3
FROM documents d, json_each(d.parts, '$.c') p;
CREATE VIEW errors (doc_no, idx, stage, code, message, unix_ms, fatal) AS
SELECT d.doc_no, p.key, p.value ->> 0, p.value ->> 1, p.value ->> 2, p.value ->> 3, p.value ->> 4
FROM documents d, json_each(d.parts, '$.e') p;
)sql",
    // 5: settings fixed when a store is created. `index_shards`: the number of files the
    // full-text index is split into (see sqlite_fts_writer.h). A store migrated here keeps its one
    // index file; the store stage sets the configured count when it creates a new database.
    R"sql(
CREATE TABLE store_settings (
  name TEXT PRIMARY KEY,
  value
) WITHOUT ROWID;
INSERT INTO store_settings (name, value) VALUES ('index_shards', 1);
)sql",
};

constexpr int kVersion = static_cast<int>(std::size(kMigrations));

Status MigrateSteps(StoreDb& db, int64_t current) {
  for (int64_t v = current; v < kVersion; ++v) {
    NP_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
    Status s = db.Exec(kMigrations[v]);
    if (s.ok()) s = db.Exec(fmt::format("PRAGMA user_version = {}", v + 1));
    if (s.ok()) s = db.Exec("COMMIT");
    if (!s.ok()) {
      if (!db.autocommit()) (void)db.Exec("ROLLBACK");
      return s.WithContext(fmt::format("migrating schema to version {}", v + 1));
    }
  }
  return Status::OK();
}

}  // namespace

int SqliteSchemaVersion() { return kVersion; }

std::string_view SqliteMigrationStep(int version) {
  if (version < 1 || version > kVersion) return {};
  return kMigrations[version - 1];
}

Status MigrateSqliteSchema(StoreDb& db) {
  NP_ASSIGN_OR_RETURN(int64_t current, db.QueryInt("PRAGMA user_version"));
  if (current > kVersion) {
    return Status::FailedPrecondition(fmt::format(
        "{}: schema version {} is newer than this build understands ({}); refusing to touch it",
        db.path().string(), current, kVersion));
  }
  if (current == kVersion) return Status::OK();
  // A step that rewrites every row in one statement (4's UPDATE) keeps the original of each page
  // it changes in a statement journal, a temporary file: with temp_store = MEMORY (the store's
  // setting) 100,000 articles took 1.2 GB of memory. On disk for the migration, then as it was.
  NP_ASSIGN_OR_RETURN(int64_t temp_store, db.QueryInt("PRAGMA temp_store"));
  NP_RETURN_IF_ERROR(db.Exec("PRAGMA temp_store = FILE"));
  Status migrated = MigrateSteps(db, current);
  Status restored = db.Exec(fmt::format("PRAGMA temp_store = {}", temp_store));
  NP_RETURN_IF_ERROR(migrated);
  return restored;
}

}  // namespace newspipe
