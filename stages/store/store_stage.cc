#include "stages/store/store_stage.h"

#include <nlohmann/json.hpp>

#include "stages/store/jsonl_sink.h"
#include "stages/store/postgres_store.h"
#include "stages/store/sqlite_store.h"

namespace newspipe {

std::filesystem::path StorePath(const Config& config, const std::filesystem::path& state_dir) {
  std::string path = config.Has("path") ? config.GetString("path") : std::string();
  if (path.empty()) {
    path = config.GetString("backend") == "jsonl" ? "documents.jsonl" : "news.db";
  }
  if (path == "-") return path;
  std::filesystem::path p(path);
  return p.is_absolute() ? p : state_dir / p;
}

namespace {

Result<StageInstance> CreateStore(const Config& config, const StageContext& context) {
  const std::string backend = config.GetString("backend");
  const auto batch_size = static_cast<size_t>(config.GetInt("batch_size"));
  const auto batch_delay = config.GetDuration("batch_delay");
  StageInstance instance;
  if (backend == "sqlite") {
    SqliteStoreOptions options;
    options.path = StorePath(config, context.state_dir);
    options.batch_size = batch_size;
    options.batch_delay = batch_delay;
    options.keep_raw = config.GetBool("keep_raw");
    options.simhash_distance = static_cast<int>(config.GetInt("simhash_distance"));
    options.synchronous = config.GetString("synchronous");
    options.max_bytes = config.GetInt("max_size_mb") * (int64_t{1} << 20);
    options.index_commit_interval = config.GetDuration("index_commit_interval");
    options.index_shards = static_cast<int>(config.GetInt("index_shards"));
    NP_ASSIGN_OR_RETURN(instance.sink, SqliteStore::Open(options));
  } else if (backend == "jsonl") {
    JsonlSinkOptions options;
    options.path = StorePath(config, context.state_dir);
    options.batch_size = batch_size;
    options.batch_delay = batch_delay;
    options.fsync = config.GetString("synchronous") != "off";
    NP_ASSIGN_OR_RETURN(instance.sink, JsonlSink::Open(options));
  } else {
    PostgresStoreOptions options;
    options.dsn = config.GetString("dsn");
    options.batch_size = batch_size;
    options.batch_delay = batch_delay;
    options.keep_raw = config.GetBool("keep_raw");
    options.simhash_distance = static_cast<int>(config.GetInt("simhash_distance"));
    options.retry_initial = config.GetDuration("retry_initial");
    options.retry_max = config.GetDuration("retry_max");
    options.connect_attempts = static_cast<int>(config.GetInt("connect_attempts"));
    options.connections = static_cast<int>(config.GetInt("connections"));
    NP_ASSIGN_OR_RETURN(instance.sink, PostgresStore::Open(options));
  }
  return instance;
}

std::vector<std::string> LintStore(const Config& config) {
  std::vector<std::string> problems;
  const std::string backend = config.GetString("backend");
  if (backend == "postgres" && (!config.Has("dsn") || config.GetString("dsn").empty())) {
    problems.push_back("dsn: required with backend: postgres (e.g. \"host=db dbname=news\")");
  }
  if (backend != "postgres" && config.Has("dsn") && !config.GetString("dsn").empty()) {
    problems.push_back("dsn: only used with backend: postgres");
  }
  if (backend == "postgres" && config.Has("path") && !config.GetString("path").empty()) {
    problems.push_back("path: not used with backend: postgres (give dsn)");
  }
  return problems;
}

}  // namespace

StageSpec StoreSpec() {
  StageSpec spec;
  spec.type = "store";
  spec.kind = StageKind::kSink;
  spec.summary =
      "Stores documents durably: SQLite with full-text search, PostgreSQL, or JSON Lines.";
  spec.description =
      "Writes every document it receives in batched transactions and acknowledges a batch as "
      "stored only after it is durable. Idempotent by document id: processing a page again "
      "updates its row; the revision counter goes up only when the content hash changes.\n\n"
      "* `sqlite` (default): one file (`path`, default `news.db` under the pipeline's state "
      "directory) in WAL mode with versioned migrations, an FTS5 index over title and body, all "
      "blocks (removed boilerplate too, with its rule), authors, quotes, captions, errors and, "
      "with `keep_raw`, the raw page. Query it with `newspipe search`, `show` and `export`. A "
      "file that is not a SQLite database is refused, never overwritten.\n"
      "* `postgres`: the same logical schema on a PostgreSQL server (`dsn`), written by binary "
      "COPY and `INSERT ... ON CONFLICT` in batches, each with a `tsvector` and a segment of the "
      "store's own search index (ranked on the client, merged in the background); safe for "
      "several store replicas on several hosts. A server that is down is retried with "
      "backoff; nothing is acked meanwhile.\n"
      "* `jsonl`: appends one JSON object per document (the `newspipe extract` format) to "
      "`path` (default `documents.jsonl`; `-` for stdout).\n\n"
      "Near-duplicates (a 64-bit SimHash over word shingles of the body, within "
      "`simhash_distance` bits) share a story id; `newspipe search --collapse` shows a story "
      "once.";
  spec.fields = {
      StringField("backend", "sqlite", "Where documents go.", {"sqlite", "postgres", "jsonl"}),
      StringField("path", "",
                  "sqlite/jsonl: the file, relative to the pipeline's state directory; default "
                  "news.db (sqlite) or documents.jsonl (jsonl); \"-\" is stdout for jsonl."),
      StringField("dsn", "",
                  "postgres: the libpq connection string, e.g. \"host=127.0.0.1 port=5432 "
                  "dbname=news user=newspipe\" or a postgresql:// URI."),
      IntField("batch_size", 500, "Commit after this many documents.", 1, 100000),
      DurationField("batch_delay", "200ms",
                    "Commit when the oldest uncommitted document has waited this long.", 1),
      BoolField("keep_raw", false, "sqlite/postgres: also keep the raw fetched page."),
      IntField("simhash_distance", 3,
               "Documents whose body SimHashes differ in at most this many bits join one story "
               "(exact for values below 4, the number of 16-bit bands); -1 turns grouping off.",
               -1, 16),
      StringField("synchronous", "full",
                  "sqlite: full fsyncs the WAL at every commit, so an acked batch survives power "
                  "loss; normal syncs only at checkpoints (faster, may lose the last batches on "
                  "power loss). jsonl: full or normal fsync each batch; off does not.",
                  {"full", "normal", "off"}),
      DurationField("index_commit_interval", "1s",
                    "sqlite: the full-text index commits behind the acked batches, at most this "
                    "long after one (or every 4,000 documents): fewer, larger index commits; a "
                    "search finds a new document up to this much later (at once when the store "
                    "stops).",
                    1),
      IntField("index_shards", 2,
               "sqlite: a new database's full-text index is split into this many files, each "
               "written by its own thread (a document goes to one by its row number), so "
               "indexing uses more than one core; search merges their ranked lists. Fixed when "
               "the database is created: an existing one keeps its count.",
               1, 8),
      IntField("max_size_mb", 0,
               "sqlite: cap on the database size in MiB (0: none); past it commits fail as on a "
               "full disk and nothing is acknowledged.",
               0),
      DurationField("retry_initial", "200ms", "postgres: first reconnect delay.", 1),
      DurationField("retry_max", "10s", "postgres: reconnect delay cap (doubling backoff).", 1),
      IntField("connect_attempts", 5,
               "postgres: connection attempts (with backoff) per start or commit before the "
               "commit fails; the runtime retries the batch later.",
               1, 1000),
      IntField("connections", 2,
               "postgres: connections writing the parts of one batch at once, each part in its "
               "own transaction; the batch is acknowledged only when every part is committed.",
               1, 16),
  };
  spec.examples = {
      "backend: sqlite\npath: news.db\nbatch_size: 500\nbatch_delay: 200ms\n",
      "backend: postgres\ndsn: ${NEWSPIPE_PG_DSN}\n",
      "backend: jsonl\npath: documents.jsonl\n",
  };
  spec.lint = LintStore;
  spec.create = CreateStore;
  return spec;
}

}  // namespace newspipe
