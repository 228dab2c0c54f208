#include "stages/store/postgres_store.h"

#include <algorithm>
#include <array>
#include <future>
#include <map>
#include <optional>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "stages/store/postgres_copy.h"
#include "stages/store/postgres_lexemes.h"
#include "stages/store/postgres_postings.h"
#include "stages/store/postgres_schema.h"
#include "stages/store/postgres_segments.h"
#include "stages/store/postgres_vocabulary.h"
#include "stages/store/simhash.h"
#include "stages/store/stored_document.h"

namespace newspipe {
namespace {

using nlohmann::json;

// A batch is cut into parts of at least this many documents, one per connection.
constexpr size_t kMinPartSize = 64;

// Appends `s` as one double-quoted element of a text array literal ({"a","b"}), after a comma
// when `out` already holds one.
void AppendArrayElement(std::string& out, std::string_view s) {
  if (!out.empty()) out += ',';
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Adds connect_timeout to a DSN that has none, so a silent host cannot hang a commit.
std::string WithConnectTimeout(const std::string& dsn) {
  if (dsn.find("connect_timeout") != std::string::npos) return dsn;
  if (dsn.find("://") != std::string::npos) {
    return dsn + (dsn.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=10";
  }
  return dsn + " connect_timeout=10";
}

// The document columns, as jsonb_to_recordset types them.
constexpr const char* kDocColumns =
    "id text, url text, canonical_url text, path text, title text, text text, published text, "
    "published_local text, published_unix bigint, modified text, agency text, dateline text, "
    "site text, language text, section text, description text, page_type text, "
    "fetched_unix_ms bigint, http_status int, error_count int, content_hash text, simhash "
    "bigint, band0 int, band1 int, band2 int, band3 int, doc_json text, tsv tsvector, now_ms "
    "bigint";

constexpr const char* kDocNames =
    "id, url, canonical_url, path, title, text, published, published_local, published_unix, "
    "modified, agency, dateline, site, language, section, description, page_type, "
    "fetched_unix_ms, http_status, error_count, content_hash, simhash, band0, band1, band2, "
    "band3, doc_json, tsv";

// The (name, type) pairs of kDocColumns.
std::vector<std::pair<std::string, std::string>> DocColumns() {
  std::vector<std::pair<std::string, std::string>> out;
  std::string_view all = kDocColumns;
  while (!all.empty()) {
    size_t end = all.find(", ");
    std::string_view col = all.substr(0, end);
    size_t space = col.find(' ');
    out.emplace_back(std::string(col.substr(0, space)), std::string(col.substr(space + 1)));
    if (end == std::string_view::npos) break;
    all.remove_prefix(end + 2);
  }
  return out;
}

// The columns of a document row sent by COPY straight into `documents`: the staging table's
// columns in its order (CreateStageSql) up to band3, then the columns the upsert fills in.
// clang-format off
const std::vector<std::string> kDirectColumns = {
    "text", "doc_json", "tsv", "id", "url", "canonical_url", "path", "title", "published",
    "published_local", "published_unix", "modified", "agency", "dateline", "site", "language",
    "section", "description", "page_type", "fetched_unix_ms", "http_status", "error_count",
    "content_hash", "simhash", "band0", "band1", "band2", "band3", "doc_no", "story_id",
    "revision", "first_stored_unix_ms", "updated_unix_ms", "seen_unix_ms"};
// clang-format on

// The staging table's columns: up to band3 as above, then now_ms.
constexpr size_t kStageColumnCount = 29;

std::string DirectTarget() {
  std::string out = "documents (";
  for (size_t i = 0; i < kDirectColumns.size(); ++i) {
    out += i == 0 ? "" : ", ";
    out += kDirectColumns[i];
  }
  return out + ")";
}

// The child tables, written by COPY straight into them (BuildChildRows makes the lines).
enum ChildTable { kBlocks, kAuthors, kQuotes, kCaptions, kErrors, kRawPages, kChildTableCount };
struct ChildTableColumns {
  const char* name;
  std::vector<std::string> columns;
  std::string target;  // "name (columns)" for the COPY.
};
ChildTableColumns ChildTableOf(const char* name, std::vector<std::string> columns) {
  std::string target = std::string(name) + " (";
  for (size_t i = 0; i < columns.size(); ++i) target += (i == 0 ? "" : ", ") + columns[i];
  return ChildTableColumns{name, std::move(columns), target + ")"};
}
const ChildTableColumns kChildTables[kChildTableCount] = {
    ChildTableOf("blocks",
                 {"doc_id", "idx", "type", "text", "boilerplate", "score", "rule", "tag"}),
    ChildTableOf("authors", {"doc_id", "idx", "name"}),
    ChildTableOf("quotes", {"doc_id", "idx", "text", "speaker", "block_index", "rule"}),
    ChildTableOf("captions", {"doc_id", "idx", "text", "credit", "block_index", "image_url"}),
    ChildTableOf("errors", {"doc_id", "idx", "stage", "code", "message", "unix_ms", "fatal"}),
    ChildTableOf("raw_pages", {"doc_id", "content_type", "charset", "raw"}),
};

// The batch's changed document rows are COPYed (binary format) into this session's staging table,
// typed like `documents`. It is created once per connection; ON COMMIT DELETE
// ROWS empties it at each commit, and a rolled-back batch takes its rows with it.
const std::string kStageTable = "newspipe_stage_documents";

// The big columns: stored out of line uncompressed in the staging table too (pglz there cost as
// much as the COPY itself).
constexpr std::string_view kStageBig[] = {"text", "doc_json", "tsv"};

// Run first in a new session: temp_buffers can only be set before its first temporary table is
// touched, and 64 MB holds a batch of 500 articles in memory.
std::string CreateStageSql() {
  std::string cols, storage;
  const auto columns = DocColumns();
  auto type_of = [&](std::string_view name) {
    for (const auto& [n, type] : columns) {
      if (n == name) return type;
    }
    return std::string("text");
  };
  for (std::string_view name : kStageBig) {
    cols += fmt::format("{}{} {}", cols.empty() ? "" : ", ", name, type_of(name));
    storage +=
        fmt::format("{}ALTER COLUMN {} SET STORAGE EXTERNAL", storage.empty() ? "" : ", ", name);
  }
  for (const auto& [name, type] : columns) {
    if (std::find(std::begin(kStageBig), std::end(kStageBig), name) != std::end(kStageBig)) {
      continue;
    }
    cols += fmt::format(", {} {}", name, type);
  }
  return fmt::format(
      "SET temp_buffers = '64MB'; CREATE TEMP TABLE IF NOT EXISTS {0} ({1}) ON COMMIT DELETE "
      "ROWS; ALTER TABLE {0} {2}",
      kStageTable, cols, storage);
}

// The staged columns (typed: the rows come by binary COPY).
std::string StagedSelectList() {
  std::string out;
  for (const auto& [name, type] : DocColumns()) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string UpsertSql() {
  std::string set;
  std::string names = kDocNames;
  size_t start = 0;
  while (start < names.size()) {
    size_t end = names.find(", ", start);
    std::string col =
        names.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (col != "id") set += fmt::format("{} = EXCLUDED.{}, ", col, col);
    if (end == std::string::npos) break;
    start = end + 2;
  }
  // The WHERE makes an unchanged document a no-op (no revision bump, no child rewrite); the row
  // lock ON CONFLICT takes orders concurrent writers of one id.
  // A new row takes its doc_no here (nextval once per row, in id order) and starts as a story
  // of its own, so the story pass below rewrites only the rows that join an older story.
  return fmt::format(
      "INSERT INTO documents AS d ({0}, doc_no, story_id, revision, first_stored_unix_ms, "
      "updated_unix_ms, seen_unix_ms) SELECT {0}, n, n, 1, now_ms, now_ms, now_ms FROM "
      "(SELECT nextval(pg_get_serial_sequence('documents', 'doc_no')) AS n, r.* FROM "
      "(SELECT {1} FROM pg_temp.{3} ORDER BY id) r) r "
      "ON CONFLICT (id) DO UPDATE SET {2}story_id = d.doc_no, revision = d.revision + 1, "
      "updated_unix_ms = EXCLUDED.updated_unix_ms, seen_unix_ms = EXCLUDED.seen_unix_ms "
      "WHERE d.content_hash IS DISTINCT FROM EXCLUDED.content_hash "
      "RETURNING id, revision, doc_no",
      kDocNames, StagedSelectList(), set, kStageTable);
}

// The old child rows of the documents the upsert updated ($1, a text array literal of their ids;
// new documents have none, so they are not looked for). `= ANY` of an array is an index probe
// per id; an IN over a set-returning function was planned as a scan of the whole child table
// while the table had no statistics, and cost as much as the upsert even with nothing to delete.
constexpr const char* kDeleteChildrenSql = R"sql(
WITH del_blocks AS (DELETE FROM blocks WHERE doc_id = ANY($1::text[])),
del_authors AS (DELETE FROM authors WHERE doc_id = ANY($1::text[])),
del_quotes AS (DELETE FROM quotes WHERE doc_id = ANY($1::text[])),
del_captions AS (DELETE FROM captions WHERE doc_id = ANY($1::text[])),
del_errors AS (DELETE FROM errors WHERE doc_id = ANY($1::text[]))
DELETE FROM raw_pages WHERE doc_id = ANY($1::text[]))sql";

// A document that stands alone joins the story of the oldest document within the distance (its own
// batch-mates included, so two copies arriving together agree). It runs over every document of a
// batch once all its parts are committed, in a transaction of its own; a changed or new document
// always stands alone after the upsert (story_id = doc_no). An unchanged one that still does is
// looked at again, so a resent batch whose story pass never ran (the process died after the
// parts' commits) gets it then. The candidates come from one
// arm per band, each an equality probe of that band's index, so the lookup stays sub-linear even
// when the planner has no statistics yet (an OR across bands may be planned as a scan). Only rows
// whose story changes are written: an UPDATE makes a new row version with entries in every index
// (the TOASTed text and tsvector are kept, not copied), which costs about a tenth of the insert.
constexpr const char* kStorySql = R"sql(
UPDATE documents u SET story_id = s.story FROM (
  SELECT d.doc_no, CASE WHEN d.simhash = 0 OR $2 < 0 THEN d.doc_no ELSE LEAST(
    d.doc_no,
    (SELECT min(COALESCE(o.story_id, o.doc_no)) FROM (
       SELECT doc_no, story_id, simhash FROM documents WHERE band0 = d.band0
       UNION ALL SELECT doc_no, story_id, simhash FROM documents WHERE band1 = d.band1
       UNION ALL SELECT doc_no, story_id, simhash FROM documents WHERE band2 = d.band2
       UNION ALL SELECT doc_no, story_id, simhash FROM documents WHERE band3 = d.band3) o
     WHERE o.doc_no <> d.doc_no AND o.simhash <> 0
       AND bit_count((o.simhash # d.simhash)::bit(64)) <= $2)) END AS story
  FROM documents d WHERE d.id IN (SELECT jsonb_array_elements_text($1::jsonb))
    AND d.story_id = d.doc_no) s
WHERE u.doc_no = s.doc_no AND u.story_id IS DISTINCT FROM s.story)sql";

}  // namespace

class PostgresStore::Impl {
 public:
  Impl(const PostgresStoreOptions& options, WordCache* words)
      : options_(options),
        words_(words),
        dsn_(WithConnectTimeout(options.dsn)),
        upsert_sql_(UpsertSql()),
        direct_target_(DirectTarget()),
        create_stage_sql_(CreateStageSql()) {}

  // Connects (and migrates once) with doubling backoff; Unavailable after connect_attempts.
  Status EnsureConnected() {
    if (conn_ && conn_->is_open()) return Status::OK();
    conn_.reset();
    auto delay = options_.retry_initial;
    std::string last_error;
    for (int attempt = 1; attempt <= options_.connect_attempts; ++attempt) {
      try {
        auto conn = std::make_unique<pqxx::connection>(dsn_);
        Status migrated = MigratePostgresSchema(*conn);
        if (!migrated.ok()) return migrated;
        {
          pqxx::nontransaction tx(*conn);
          tx.exec(create_stage_sql_);
        }
        conn_ = std::move(conn);
        if (attempt > 1 || had_connection_) spdlog::info("store: connected to PostgreSQL");
        had_connection_ = true;
        return Status::OK();
      } catch (const pqxx::broken_connection& e) {
        last_error = e.what();
      } catch (const std::exception& e) {
        return Status::Internal(fmt::format("store: PostgreSQL: {}", e.what()));
      }
      if (attempt < options_.connect_attempts) {
        spdlog::warn("store: PostgreSQL unavailable (attempt {}/{}), retrying in {} ms: {}",
                     attempt, options_.connect_attempts, delay.count(), last_error);
        std::this_thread::sleep_for(delay);
        delay = std::min(delay * 2, options_.retry_max);
      }
    }
    while (!last_error.empty() && (last_error.back() == '\n' || last_error.back() == ' ')) {
      last_error.pop_back();
    }
    return Status::Unavailable(fmt::format("store: PostgreSQL unavailable after {} attempts: {}",
                                           options_.connect_attempts, last_error));
  }

  // One document's child rows as binary COPY rows, a string per table (kChildTables' order).
  using ChildRows = std::array<std::string, kChildTableCount>;

  ChildRows BuildChildRows(const v1::Document& doc, std::string_view id) const {
    ChildRows out;
    auto begin_row = [&](ChildTable table, int idx) -> std::string& {
      std::string& rows = out[table];
      PutInt16(rows, static_cast<int16_t>(kChildTables[table].columns.size()));
      BinaryText(rows, id);
      BinaryInt32(rows, idx);
      return rows;
    };
    int idx = 0;
    for (const auto& b : doc.blocks()) {
      std::string& rows = begin_row(kBlocks, idx++);
      BinaryText(rows, StoredBlockTypeName(b.type()));
      BinaryText(rows, b.text());
      BinaryBool(rows, b.boilerplate());
      BinaryFloat(rows, b.score());
      BinaryText(rows, b.rule());
      BinaryText(rows, b.tag());
    }
    idx = 0;
    for (const auto& a : doc.metadata().authors()) BinaryText(begin_row(kAuthors, idx++), a);
    idx = 0;
    for (const auto& q : doc.quotes()) {
      std::string& rows = begin_row(kQuotes, idx++);
      BinaryText(rows, q.text());
      BinaryText(rows, q.speaker());
      BinaryInt32(rows, q.block_index());
      BinaryText(rows, q.rule());
    }
    idx = 0;
    for (const auto& c : doc.metadata().captions()) {
      std::string& rows = begin_row(kCaptions, idx++);
      BinaryText(rows, c.text());
      BinaryText(rows, c.credit());
      BinaryInt32(rows, c.block_index());
      BinaryText(rows, c.image_url());
    }
    idx = 0;
    for (const auto& e : doc.errors()) {
      std::string& rows = begin_row(kErrors, idx++);
      BinaryText(rows, e.stage());
      BinaryText(rows, e.code());
      BinaryText(rows, e.message());
      BinaryInt64(rows, e.unix_ms());
      BinaryBool(rows, e.fatal());
    }
    if (options_.keep_raw && !doc.fetch().raw().empty()) {
      std::string& rows = out[kRawPages];
      PutInt16(rows, static_cast<int16_t>(kChildTables[kRawPages].columns.size()));
      BinaryText(rows, id);
      BinaryText(rows, doc.fetch().content_type());
      BinaryText(rows, doc.fetch().charset());
      BinaryBytes(rows, doc.fetch().raw());  // bytea's binary form: the bytes as they are.
    }
    return out;
  }

  // Writes one part of a batch (distinct ids, sorted: concurrent transactions lock rows in one
  // order and cannot deadlock each other) in one transaction; the number of rows changed.
  //
  // The ids are first looked up: a new document goes by COPY straight into `documents` (with a
  // doc_no drawn from the sequence here, its own story) and its children into theirs; a changed
  // one goes through the staging table and the upsert; an unchanged one is left alone. Straight
  // COPY skips the staging table, the casts and ON CONFLICT's speculative insertion. If another
  // writer inserts one of the new ids meanwhile, the COPY fails on the unique index; the part is
  // then written again with every document through the upsert, which orders the two writers.
  Result<size_t> WriteBatch(const std::vector<const v1::Document*>& docs) {
    const size_t n = docs.size();
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    // The ids as the server stores them (no NUL, valid UTF-8), to match the looked-up rows.
    std::vector<std::string> ids(n);
    for (size_t i = 0; i < n; ++i) ids[i] = PgSafeText(docs[i]->id());
    // The child rows are built on a second thread, while this one builds the documents and the
    // server looks up the ids: they are needed only after the documents are written.
    std::future<std::vector<ChildRows>> children_future = std::async(std::launch::async, [&] {
      std::vector<ChildRows> out(n);
      for (size_t i = 0; i < n; ++i) out[i] = BuildChildRows(*docs[i], ids[i]);
      return out;
    });
    std::optional<std::vector<ChildRows>> children;
    // Each document's row as binary COPY fields up to band3 (kDirectColumns), all in one buffer;
    // a row is rows[row_end[i - 1], row_end[i]), without its field count and its tail. `terms`
    // are its words for the search index, given their doc_no once it is known.
    std::string rows;
    rows.reserve(n * 16384);
    std::vector<size_t> row_end(n);
    std::vector<std::string> hashes(n);
    std::vector<DocTerms> terms(n);
    for (size_t i = 0; i < n; ++i) {
      const v1::Document& doc = *docs[i];
      StoredDocument s = MakeStoredDocument(doc);
      auto bands = SimhashBands(s.simhash);
      BinaryText(rows, s.text);
      BinaryText(rows, s.doc_json);
      BinaryBytes(rows, PostgresTsvectorBinary(s.title, s.text, terms[i]));
      BinaryText(rows, ids[i]);
      BinaryText(rows, s.url);
      BinaryText(rows, s.canonical_url);
      BinaryText(rows, s.path);
      BinaryText(rows, s.title);
      BinaryText(rows, s.published);
      BinaryText(rows, s.published_local);
      if (s.published_unix != 0) {
        BinaryInt64(rows, s.published_unix);
      } else {
        BinaryNull(rows);
      }
      BinaryText(rows, s.modified);
      BinaryText(rows, s.agency);
      BinaryText(rows, s.dateline);
      BinaryText(rows, s.site);
      BinaryText(rows, s.language);
      BinaryText(rows, s.section);
      BinaryText(rows, s.description);
      BinaryText(rows, s.page_type);
      BinaryInt64(rows, s.fetched_unix_ms);
      BinaryInt32(rows, static_cast<int32_t>(s.http_status));
      BinaryInt32(rows, doc.errors_size());
      BinaryText(rows, s.content_hash);
      BinaryInt64(rows, static_cast<int64_t>(s.simhash));
      for (int b = 0; b < kSimhashBands; ++b) {
        if (s.simhash != 0) {
          BinaryInt32(rows, static_cast<int32_t>(bands[b]));
        } else {
          BinaryNull(rows);
        }
      }
      row_end[i] = rows.size();
      hashes[i] = std::move(s.content_hash);
    }
    auto row = [&](size_t i) {
      const size_t start = i == 0 ? 0 : row_end[i - 1];
      return std::string_view(rows).substr(start, row_end[i] - start);
    };

    // The upsert is idempotent, so re-running a batch whose commit is in doubt is safe.
    size_t written = 0;
    std::vector<std::string_view> new_words;  // into `terms`.
    std::vector<uint64_t> new_keys;
    auto write = [&](pqxx::work& tx, bool upsert_all) {
      enum Kind : char { kNew, kChanged, kUnchanged };
      std::vector<Kind> kind(n, kChanged);
      if (!upsert_all) {
        std::string list;
        for (const std::string& id : ids) AppendArrayElement(list, id);
        pqxx::result found = tx.exec_params(
            "SELECT id, content_hash FROM documents WHERE id = ANY($1::text[])", "{" + list + "}");
        std::unordered_map<std::string_view, std::string_view> stored;
        for (const auto& r : found) stored.emplace(r[0].c_str(), r[1].c_str());
        for (size_t i = 0; i < n; ++i) {
          auto it = stored.find(ids[i]);
          kind[i] = it == stored.end() ? kNew : it->second == hashes[i] ? kUnchanged : kChanged;
        }
      }
      std::vector<bool> changed(n, false);
      const size_t new_count = static_cast<size_t>(std::count(kind.begin(), kind.end(), kNew));
      if (new_count > 0) {
        pqxx::result numbers = tx.exec_params(
            "SELECT nextval(pg_get_serial_sequence('documents', 'doc_no')) FROM "
            "generate_series(1, $1::int)",
            static_cast<int>(new_count));
        std::string data;
        data.reserve(rows.size() + n * 64);
        size_t k = 0;
        for (size_t i = 0; i < n; ++i) {
          if (kind[i] != kNew) continue;
          const int64_t doc_no = numbers[static_cast<int>(k++)][0].as<int64_t>();
          terms[i].doc_no = doc_no;
          PutInt16(data, static_cast<int16_t>(kDirectColumns.size()));
          data += row(i);
          BinaryInt64(data, doc_no);  // doc_no
          BinaryInt64(data, doc_no);  // story_id: a story of its own.
          BinaryInt32(data, 1);       // revision
          BinaryInt64(data, now);     // first_stored_unix_ms
          BinaryInt64(data, now);     // updated_unix_ms
          BinaryInt64(data, now);     // seen_unix_ms
          changed[i] = true;
        }
        CopyBinaryInto(tx, direct_target_, data);
      }
      if (std::find(kind.begin(), kind.end(), kChanged) != kind.end()) {
        std::string data;
        std::unordered_map<std::string_view, size_t> index;
        for (size_t i = 0; i < n; ++i) {
          if (kind[i] != kChanged) continue;
          PutInt16(data, static_cast<int16_t>(kStageColumnCount));
          data += row(i);
          BinaryInt64(data, now);  // now_ms
          index.emplace(ids[i], i);
        }
        CopyBinaryInto(tx, kStageTable, data);
        pqxx::result upserted = tx.exec(upsert_sql_);
        std::string updated;  // rows that existed (a text[] literal): their old children go.
        for (const auto& r : upserted) {
          auto it = index.find(r[0].c_str());
          if (it != index.end()) {
            changed[it->second] = true;
            terms[it->second].doc_no = r[2].as<int64_t>();
          }
          if (r[1].as<int>() > 1) AppendArrayElement(updated, r[0].c_str());
        }
        if (!updated.empty()) tx.exec_params(kDeleteChildrenSql, "{" + updated + "}");
      }
      if (!children) children = children_future.get();
      for (int t = 0; t < kChildTableCount; ++t) {
        std::string data;
        for (size_t i = 0; i < n; ++i) {
          if (changed[i]) data += (*children)[i][t];
        }
        if (!data.empty()) CopyBinaryInto(tx, kChildTables[t].target, data);
      }
      // The search index's segment of the written documents, after them (postgres_segments.h).
      std::vector<const DocTerms*> segment_docs;
      for (size_t i = 0; i < n; ++i) {
        if (changed[i]) segment_docs.push_back(&terms[i]);
      }
      if (!segment_docs.empty()) WriteSegment(tx, BuildSegment(segment_docs));
      // Their words the vocabulary may not have yet (postgres_vocabulary.h).
      new_words.clear();
      new_keys.clear();
      words_->Unknown(segment_docs, new_words, new_keys);
      WriteWords(tx, new_words);
      written = segment_docs.size();
    };
    NP_RETURN_IF_ERROR(InTransaction("the batch", write));
    words_->Remember(new_keys);
    return written;
  }

  // The story pass (kStorySql) over the documents with these ids (a JSON array), in a
  // transaction of its own.
  Status StoryPass(const std::string& ids_text) {
    return InTransaction("the story pass", [&](pqxx::work& tx, bool) {
      tx.exec_params(kStorySql, ids_text, options_.simhash_distance);
    });
  }

 private:
  // Runs `body(tx, retried)` in a transaction and commits it. One retry covers a connection
  // that broke between batches, a deadlock/serialization conflict, or a row that another writer
  // inserted meanwhile (a unique violation: the retry upserts); other failures are returned at
  // once.
  template <typename Body>
  Status InTransaction(std::string_view what, Body&& body) {
    Status last;
    for (int attempt = 0; attempt < 2; ++attempt) {
      NP_RETURN_IF_ERROR(EnsureConnected());
      try {
        pqxx::work tx(*conn_);
        body(tx, attempt > 0);
        tx.commit();
        return Status::OK();
      } catch (const pqxx::unique_violation& e) {
        last = Status::Aborted(fmt::format("store: PostgreSQL: {}", e.what()));
      } catch (const pqxx::broken_connection& e) {
        conn_.reset();
        last = Status::Unavailable(fmt::format("store: PostgreSQL connection lost: {}", e.what()));
      } catch (const pqxx::in_doubt_error& e) {
        conn_.reset();
        last = Status::Unavailable(fmt::format("store: PostgreSQL commit in doubt: {}", e.what()));
      } catch (const pqxx::transaction_rollback& e) {
        last = Status::Aborted(fmt::format("store: PostgreSQL rolled back: {}", e.what()));
      } catch (const pqxx::disk_full& e) {
        return Status::ResourceExhausted(fmt::format("store: PostgreSQL: {}", e.what()));
      } catch (const std::exception& e) {
        if (conn_ && !conn_->is_open()) conn_.reset();
        return Status::Internal(fmt::format("store: PostgreSQL: {}", e.what()));
      }
      spdlog::warn("{}; retrying {}", last.message(), what);
    }
    return last;
  }

  const PostgresStoreOptions& options_;
  WordCache* words_;  // the store's, shared by its connections.
  std::string dsn_;
  std::string upsert_sql_;
  std::string direct_target_;
  std::string create_stage_sql_;
  std::unique_ptr<pqxx::connection> conn_;
  bool had_connection_ = false;
};

PostgresStore::PostgresStore(PostgresStoreOptions options) : options_(std::move(options)) {
  for (int i = 0; i < std::max(1, options_.connections); ++i) {
    impls_.push_back(std::make_unique<Impl>(options_, &words_));
  }
}
PostgresStore::~PostgresStore() {
  {
    std::lock_guard<std::mutex> lock(merge_mu_);
    merge_stop_ = true;
  }
  merge_wake_.notify_all();
  if (merger_.joinable()) merger_.join();
}

void PostgresStore::RunMerger() {
  std::unique_ptr<pqxx::connection> conn;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(merge_mu_);
      merge_wake_.wait(lock, [&] { return merge_requested_ || merge_stop_; });
      if (merge_stop_) return;
      merge_requested_ = false;
    }
    // Merges until none is due; a failure is harmless (search reads more segments meanwhile) and
    // is retried after the next batch.
    for (;;) {
      try {
        if (!conn || !conn->is_open()) {
          conn = std::make_unique<pqxx::connection>(WithConnectTimeout(options_.dsn));
        }
      } catch (const std::exception& e) {
        spdlog::debug("store: PostgreSQL: search index merge: {}", e.what());
        conn.reset();
        break;
      }
      Result<int> merged = MergeSmallSegments(*conn);
      if (!merged.ok()) {
        spdlog::warn("store: PostgreSQL: {}", merged.status().message());
        if (!conn->is_open()) conn.reset();
        break;
      }
      if (*merged == 0) break;
      {
        std::lock_guard<std::mutex> lock(merge_mu_);
        if (merge_stop_) return;
      }
    }
  }
}

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const PostgresStoreOptions& options) {
  if (options.dsn.empty()) return Status::InvalidArgument("store: postgres needs a dsn");
  std::unique_ptr<PostgresStore> store(new PostgresStore(options));
  // The first connection migrates the schema; the others connect at their first batch.
  Status st = store->impls_[0]->EnsureConnected();
  // A server that is down at start is not fatal: the stage runs, commits fail (nothing is
  // acked) and are retried until it is back. Anything else (a bad schema) is.
  if (!st.ok() && !st.IsUnavailable()) return st;
  if (!st.ok()) spdlog::warn("{}; will keep retrying at each commit", st.message());
  return store;
}

Status PostgresStore::Write(const v1::Document& doc) {
  if (doc.id().empty()) return Status::InvalidArgument("store: a document without an id");
  batch_.push_back(doc);
  return Status::OK();
}

Status PostgresStore::Commit() {
  if (batch_.empty()) return Status::OK();
  // Success or not, this batch is settled: on failure none of it is acked and the runtime
  // resends every document (the upsert is idempotent, so parts already committed are no-ops).
  Status st = WriteParts();
  batch_.clear();
  return st;
}

Status PostgresStore::WriteParts() {
  // The last version of each id wins; sorted by id, cut into contiguous parts.
  std::map<std::string_view, const v1::Document*> by_id;
  for (const auto& d : batch_) by_id[d.id()] = &d;
  std::vector<const v1::Document*> sorted;
  sorted.reserve(by_id.size());
  for (const auto& [id, doc] : by_id) sorted.push_back(doc);
  const size_t parts = std::clamp<size_t>(sorted.size() / kMinPartSize, 1, impls_.size());
  std::vector<std::vector<const v1::Document*>> part_docs(parts);
  for (size_t p = 0; p < parts; ++p) {
    part_docs[p].assign(sorted.begin() + static_cast<ptrdiff_t>(sorted.size() * p / parts),
                        sorted.begin() + static_cast<ptrdiff_t>(sorted.size() * (p + 1) / parts));
  }
  // Each part in its own transaction on its own connection, so the server works on them on
  // several cores at once; this thread writes the first.
  std::vector<std::future<Result<size_t>>> others;
  for (size_t p = 1; p < parts; ++p) {
    others.push_back(std::async(
        std::launch::async, [this, p, &part_docs] { return impls_[p]->WriteBatch(part_docs[p]); }));
  }
  Result<size_t> first = impls_[0]->WriteBatch(part_docs[0]);
  Status st = first.status();
  size_t changed = first.ok() ? *first : 0;
  for (auto& f : others) {
    Result<size_t> r = f.get();
    if (r.ok()) {
      changed += *r;
    } else if (st.ok()) {
      st = r.status();
    }
  }
  NP_RETURN_IF_ERROR(st);
  // Stories once every part is committed, so batch-mates written by other parts are seen.
  nlohmann::json ids = nlohmann::json::array();
  for (const auto& [id, doc] : by_id) ids.push_back(PgSafeText(id));  // as stored: no NUL.
  NP_RETURN_IF_ERROR(impls_[0]->StoryPass(Dump(ids)));
  last_changed_ = changed;
  if (changed > 0 && options_.merge_segments) {
    if (!merger_.joinable()) merger_ = std::thread([this] { RunMerger(); });
    {
      std::lock_guard<std::mutex> lock(merge_mu_);
      merge_requested_ = true;
    }
    merge_wake_.notify_one();
  }
  return Status::OK();
}

}  // namespace newspipe
