#include "stages/store/postgres_store.h"

#include <algorithm>
#include <future>
#include <map>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unicode/utf8.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <pqxx/tablewriter>

#include "stages/store/postgres_lexemes.h"
#include "stages/store/postgres_schema.h"
#include "stages/store/simhash.h"
#include "stages/store/stored_document.h"

namespace newspipe {
namespace {

using nlohmann::json;

// PostgreSQL text cannot hold NUL bytes; everything else (invalid UTF-8 included) is repaired by
// the JSON dump with error_handler_t::replace.
std::string PgText(std::string_view s) {
  if (s.find('\0') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != '\0') out += c;
  }
  return out;
}

// Appends `s` as one field of a COPY text-format line: backslash, tab, newline and carriage
// return escaped, NUL bytes dropped and invalid UTF-8 replaced by U+FFFD (as the JSON dump does;
// the server refuses a COPY line that is not valid UTF-8).
void AppendCopyField(std::string& out, std::string_view s) {
  const auto* b = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    const uint8_t c = b[i];
    if (c < 0x80) {
      ++i;
      switch (c) {
        case 0:
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          out += static_cast<char>(c);
      }
      continue;
    }
    const int32_t start = i;
    UChar32 cp;
    U8_NEXT(b, i, n, cp);
    if (cp < 0) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(s.data() + start, static_cast<size_t>(i - start));
    }
  }
}

// A batch is cut into parts of at least this many documents, one per connection.
constexpr size_t kMinPartSize = 64;

// The GIN index over the text collects new entries in a pending list (up to 32 MB, schema 2) and
// merges them into the index in bulk when an insert finds the list full: that insert, and with it
// its whole batch, then waits one to two seconds. The store asks a connection of its own to merge
// the list (gin_clean_pending_list) after about this many changed documents (some 8 KB of
// entries each, so about half the limit): the merge then runs beside the next batches instead of
// inside one. The merges stay as large, so the index work is the same.
constexpr size_t kCleanEvery = 2000;

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

std::string Base64(std::string_view in) {
  static constexpr char kTable[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += kTable[v >> 18];
    out += kTable[(v >> 12) & 63];
    out += kTable[(v >> 6) & 63];
    out += kTable[v & 63];
  }
  if (i < in.size()) {
    uint32_t v = uint8_t(in[i]) << 16;
    if (i + 1 < in.size()) v |= uint8_t(in[i + 1]) << 8;
    out += kTable[v >> 18];
    out += kTable[(v >> 12) & 63];
    out += i + 1 < in.size() ? kTable[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

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

// The batch's document rows are COPYed (text format) into this session's staging table, every
// column as text, and cast in the upsert. It is created once per connection; ON COMMIT DELETE
// ROWS empties it at each commit, and a rolled-back batch takes its rows with it.
constexpr const char* kStageTable = "newspipe_stage_documents";
// The batch's blocks, COPYed the same way (the other child rows are few and stay JSON).
constexpr const char* kStageBlocks = "newspipe_stage_blocks";

// The big columns: stored out of line uncompressed in the staging table too (pglz there cost as
// much as the COPY itself).
constexpr std::string_view kStageBig[] = {"text", "doc_json", "tsv"};

// Run first in a new session: temp_buffers can only be set before its first temporary table is
// touched, and 64 MB holds a batch of 500 articles in memory.
std::string CreateStageSql() {
  std::string cols, storage;
  for (std::string_view name : kStageBig) {
    cols += fmt::format("{}{} text", cols.empty() ? "" : ", ", name);
    storage +=
        fmt::format("{}ALTER COLUMN {} SET STORAGE EXTERNAL", storage.empty() ? "" : ", ", name);
  }
  for (const auto& [name, type] : DocColumns()) {
    if (std::find(std::begin(kStageBig), std::end(kStageBig), name) != std::end(kStageBig)) {
      continue;
    }
    cols += fmt::format(", {} text", name);
  }
  return fmt::format(
      "SET temp_buffers = '64MB'; CREATE TEMP TABLE IF NOT EXISTS {0} ({1}) ON COMMIT DELETE "
      "ROWS; ALTER TABLE {0} {2}; CREATE TEMP TABLE IF NOT EXISTS {3} (doc_id text, idx text, "
      "type text, text text, boilerplate text, rule text, score text, tag text) ON COMMIT "
      "DELETE ROWS",
      kStageTable, cols, storage, kStageBlocks);
}

// The staged columns cast to their types: an empty field is NULL for the non-text columns (a
// tsvector aside: an empty one is a document without words).
std::string StagedSelectList() {
  std::string out;
  for (const auto& [name, type] : DocColumns()) {
    if (!out.empty()) out += ", ";
    if (type == "text") {
      out += name;
    } else if (type == "tsvector") {
      out += fmt::format("{0}::tsvector AS {0}", name);
    } else {
      out += fmt::format("NULLIF({0}, '')::{1} AS {0}", name, type);
    }
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
      "RETURNING id, revision",
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

constexpr const char* kInsertChildrenSql = R"sql(
WITH changed AS (SELECT jsonb_array_elements_text($1::jsonb) AS id),
ins_blocks AS (
  INSERT INTO blocks (doc_id, idx, type, text, boilerplate, rule, score, tag)
  SELECT r.doc_id, r.idx::int, r.type, r.text, r.boilerplate::boolean, r.rule, r.score::real,
         r.tag
  FROM pg_temp.newspipe_stage_blocks r WHERE r.doc_id IN (SELECT id FROM changed)),
ins_authors AS (
  INSERT INTO authors (doc_id, idx, name)
  SELECT r.doc_id, r.idx, r.name FROM jsonb_to_recordset($2::jsonb) AS r(doc_id text, idx int,
       name text) WHERE r.doc_id IN (SELECT id FROM changed)),
ins_quotes AS (
  INSERT INTO quotes (doc_id, idx, text, speaker, block_index, rule)
  SELECT r.doc_id, r.idx, r.text, r.speaker, r.block_index, r.rule
  FROM jsonb_to_recordset($3::jsonb) AS r(doc_id text, idx int, text text, speaker text,
       block_index int, rule text) WHERE r.doc_id IN (SELECT id FROM changed)),
ins_captions AS (
  INSERT INTO captions (doc_id, idx, text, credit, block_index, image_url)
  SELECT r.doc_id, r.idx, r.text, r.credit, r.block_index, r.image_url
  FROM jsonb_to_recordset($4::jsonb) AS r(doc_id text, idx int, text text, credit text,
       block_index int, image_url text) WHERE r.doc_id IN (SELECT id FROM changed)),
ins_errors AS (
  INSERT INTO errors (doc_id, idx, stage, code, message, unix_ms, fatal)
  SELECT r.doc_id, r.idx, r.stage, r.code, r.message, r.unix_ms, r.fatal
  FROM jsonb_to_recordset($5::jsonb) AS r(doc_id text, idx int, stage text, code text,
       message text, unix_ms bigint, fatal boolean) WHERE r.doc_id IN (SELECT id FROM changed))
INSERT INTO raw_pages (doc_id, content_type, charset, raw)
SELECT r.doc_id, r.content_type, r.charset, decode(r.raw, 'base64')
FROM jsonb_to_recordset($6::jsonb) AS r(doc_id text, content_type text, charset text, raw text)
WHERE r.doc_id IN (SELECT id FROM changed))sql";

// A document that stands alone joins the story of the oldest document within the distance (its own
// batch-mates included, so two copies arriving together agree). It runs over every document of a
// batch once all its parts are committed, in a transaction of its own; a changed or new document
// always stands alone after the upsert (story_id = doc_no). An unchanged one that still does is
// looked at again, so a resent batch whose story pass never ran (the process died after the
// parts' commits) gets it then. The candidates come from one
// arm per band, each an equality probe of that band's index, so the lookup stays sub-linear even
// when the planner has no statistics yet (an OR across bands may be planned as a scan). Only rows
// whose story changes are written: an UPDATE makes a new row version with entries in every index
// (the GIN index over the text too), which costs as much as the insert.
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
  explicit Impl(const PostgresStoreOptions& options)
      : options_(options),
        dsn_(WithConnectTimeout(options.dsn)),
        upsert_sql_(UpsertSql()),
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

  // The batch's child rows: the blocks as COPY data (kStageBlocks), the others as JSON arrays
  // (authors, quotes, captions, errors, raw pages).
  struct ChildRows {
    std::string blocks, authors, quotes, captions, errors, raws;
  };

  ChildRows BuildChildRows(const std::map<std::string_view, const v1::Document*>& by_id) const {
    std::string blocks;
    json authors = json::array(), quotes = json::array(), captions = json::array(),
         errors = json::array(), raws = json::array();
    for (const auto& [id, doc] : by_id) {
      const std::string s_id(id);
      int idx = 0;
      for (const auto& b : doc->blocks()) {
        AppendCopyField(blocks, id);
        blocks += '\t';
        blocks += std::to_string(idx++);
        blocks += '\t';
        AppendCopyField(blocks, StoredBlockTypeName(b.type()));
        blocks += '\t';
        AppendCopyField(blocks, b.text());
        blocks += b.boilerplate() ? "\tt\t" : "\tf\t";
        AppendCopyField(blocks, b.rule());
        blocks += '\t';
        blocks += fmt::format("{}", b.score());
        blocks += '\t';
        AppendCopyField(blocks, b.tag());
        blocks += '\n';
      }
      idx = 0;
      for (const auto& a : doc->metadata().authors()) {
        authors.push_back({{"doc_id", s_id}, {"idx", idx++}, {"name", PgText(a)}});
      }
      idx = 0;
      for (const auto& q : doc->quotes()) {
        quotes.push_back({{"doc_id", s_id},
                          {"idx", idx++},
                          {"text", PgText(q.text())},
                          {"speaker", PgText(q.speaker())},
                          {"block_index", q.block_index()},
                          {"rule", PgText(q.rule())}});
      }
      idx = 0;
      for (const auto& c : doc->metadata().captions()) {
        captions.push_back({{"doc_id", s_id},
                            {"idx", idx++},
                            {"text", PgText(c.text())},
                            {"credit", PgText(c.credit())},
                            {"block_index", c.block_index()},
                            {"image_url", PgText(c.image_url())}});
      }
      idx = 0;
      for (const auto& e : doc->errors()) {
        errors.push_back({{"doc_id", s_id},
                          {"idx", idx++},
                          {"stage", PgText(e.stage())},
                          {"code", PgText(e.code())},
                          {"message", PgText(e.message())},
                          {"unix_ms", e.unix_ms()},
                          {"fatal", e.fatal()}});
      }
      if (options_.keep_raw && !doc->fetch().raw().empty()) {
        raws.push_back({{"doc_id", s_id},
                        {"content_type", PgText(doc->fetch().content_type())},
                        {"charset", PgText(doc->fetch().charset())},
                        {"raw", Base64(doc->fetch().raw())}});
      }
    }
    return ChildRows{std::move(blocks), Dump(authors), Dump(quotes),
                     Dump(captions),    Dump(errors),  Dump(raws)};
  }

  // Writes one part of a batch (distinct ids, sorted: concurrent transactions lock rows in one
  // order and cannot deadlock each other) in one transaction; the number of rows changed.
  Result<size_t> WriteBatch(const std::vector<const v1::Document*>& docs) {
    std::map<std::string_view, const v1::Document*> by_id;
    for (const v1::Document* d : docs) by_id.emplace(d->id(), d);
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    // The child rows are built on a second thread, while this one builds the documents and the
    // server runs their upsert: the child rows are needed only after it.
    std::future<ChildRows> children_future =
        std::async(std::launch::async, [&] { return BuildChildRows(by_id); });
    std::optional<ChildRows> children;
    // The batch's COPY data, one line per document, its fields in the staging table's order
    // (CreateStageSql); an empty field of a non-text column is NULL.
    std::string copy_data;
    copy_data.reserve(by_id.size() * 16384);
    const std::string now_text = std::to_string(now);
    for (const auto& [id, doc] : by_id) {
      StoredDocument s = MakeStoredDocument(*doc);
      auto bands = SimhashBands(s.simhash);
      bool first = true;
      auto field = [&](std::string_view v) {
        if (!first) copy_data += '\t';
        first = false;
        AppendCopyField(copy_data, v);
      };
      auto number = [&](int64_t v) { field(std::to_string(v)); };
      field(s.text);
      field(s.doc_json);
      field(PostgresTsvector(s.title, s.text));
      field(s.id);
      field(s.url);
      field(s.canonical_url);
      field(s.path);
      field(s.title);
      field(s.published);
      field(s.published_local);
      field(s.published_unix != 0 ? std::to_string(s.published_unix) : std::string());
      field(s.modified);
      field(s.agency);
      field(s.dateline);
      field(s.site);
      field(s.language);
      field(s.section);
      field(s.description);
      field(s.page_type);
      number(s.fetched_unix_ms);
      number(s.http_status);
      number(doc->errors_size());
      field(s.content_hash);
      number(static_cast<int64_t>(s.simhash));
      for (int i = 0; i < kSimhashBands; ++i) {
        field(s.simhash != 0 ? std::to_string(bands[i]) : std::string());
      }
      field(now_text);
      copy_data += '\n';
    }

    // The upsert is idempotent, so re-running a batch whose commit is in doubt is safe.
    size_t written = 0;
    auto write = [&](pqxx::work& tx) {
      {
        // The whole batch goes as one block of COPY data. tablewriter is the libpqxx 6 class
        // that sends prepared lines as they are (stream_to escapes each field itself, a few
        // times slower); it is marked deprecated there.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        pqxx::tablewriter copy(tx, kStageTable);
#pragma GCC diagnostic pop
        copy.write_raw_line(copy_data);
        copy.complete();
      }
      pqxx::result changed = tx.exec(upsert_sql_);
      json ids = json::array();
      std::string updated;  // rows that existed (a text[] literal): their old children go first.
      for (const auto& row : changed) {
        ids.push_back(row[0].as<std::string>());
        if (row[1].as<int>() > 1) AppendArrayElement(updated, row[0].c_str());
      }
      if (!updated.empty()) tx.exec_params(kDeleteChildrenSql, "{" + updated + "}");
      if (!ids.empty()) {
        const std::string ids_text = Dump(ids);
        if (!children) children = children_future.get();
        if (!children->blocks.empty()) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
          pqxx::tablewriter copy(tx, kStageBlocks);
#pragma GCC diagnostic pop
          copy.write_raw_line(children->blocks);
          copy.complete();
        }
        tx.exec_params(kInsertChildrenSql, ids_text, children->authors, children->quotes,
                       children->captions, children->errors, children->raws);
      }
      written = ids.size();
    };
    NP_RETURN_IF_ERROR(InTransaction("the batch", write));
    return written;
  }

  // The story pass (kStorySql) over the documents with these ids (a JSON array), in a
  // transaction of its own.
  Status StoryPass(const std::string& ids_text) {
    return InTransaction("the story pass", [&](pqxx::work& tx) {
      tx.exec_params(kStorySql, ids_text, options_.simhash_distance);
    });
  }

 private:
  // Runs `body` in a transaction and commits it. One retry covers a connection that broke
  // between batches or a deadlock/serialization conflict; other failures are returned at once.
  template <typename Body>
  Status InTransaction(std::string_view what, Body&& body) {
    Status last;
    for (int attempt = 0; attempt < 2; ++attempt) {
      NP_RETURN_IF_ERROR(EnsureConnected());
      try {
        pqxx::work tx(*conn_);
        body(tx);
        tx.commit();
        return Status::OK();
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
  std::string dsn_;
  std::string upsert_sql_;
  std::string create_stage_sql_;
  std::unique_ptr<pqxx::connection> conn_;
  bool had_connection_ = false;
};

PostgresStore::PostgresStore(PostgresStoreOptions options) : options_(std::move(options)) {
  for (int i = 0; i < std::max(1, options_.connections); ++i) {
    impls_.push_back(std::make_unique<Impl>(options_));
  }
}
PostgresStore::~PostgresStore() {
  {
    std::lock_guard<std::mutex> lock(clean_mu_);
    clean_stop_ = true;
  }
  clean_wake_.notify_all();
  if (cleaner_.joinable()) cleaner_.join();
}

void PostgresStore::RunCleaner() {
  std::unique_ptr<pqxx::connection> conn;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(clean_mu_);
      clean_wake_.wait(lock, [&] { return clean_requested_ || clean_stop_; });
      if (clean_stop_) return;
      clean_requested_ = false;
    }
    try {
      if (!conn || !conn->is_open()) {
        conn = std::make_unique<pqxx::connection>(WithConnectTimeout(options_.dsn));
      }
      pqxx::nontransaction tx(*conn);
      tx.exec("SELECT gin_clean_pending_list('documents_tsv'::regclass)");
    } catch (const pqxx::insufficient_privilege& e) {
      // Not the index's owner: inserts merge the list themselves, as without this thread.
      spdlog::info("store: PostgreSQL: not merging the search index in the background: {}",
                   e.what());
      return;
    } catch (const std::exception& e) {
      // Harmless: the next insert that fills the list merges it. Retried at the next request.
      conn.reset();
      spdlog::debug("store: PostgreSQL: background merge of the search index: {}", e.what());
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
  for (const auto& [id, doc] : by_id) ids.push_back(std::string(id));
  NP_RETURN_IF_ERROR(impls_[0]->StoryPass(Dump(ids)));
  last_changed_ = changed;
  since_clean_ += changed;
  if (since_clean_ >= kCleanEvery) {
    since_clean_ = 0;
    if (!cleaner_.joinable()) cleaner_ = std::thread([this] { RunCleaner(); });
    {
      std::lock_guard<std::mutex> lock(clean_mu_);
      clean_requested_ = true;
    }
    clean_wake_.notify_one();
  }
  return Status::OK();
}

}  // namespace newspipe
