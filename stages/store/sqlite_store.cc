#include "stages/store/sqlite_store.h"

#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "stages/store/simhash.h"
#include "stages/store/sqlite_parts.h"
#include "stages/store/sqlite_schema.h"
#include "stages/store/stored_document.h"

namespace newspipe {
namespace {

// At most this many earlier documents are compared with a new one (the oldest sharing a band).
constexpr size_t kMaxStoryCandidates = 200;

int64_t NowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Document columns written by both INSERT and UPDATE, in bind order from parameter 1.
constexpr const char* kInsertSql = R"sql(
INSERT INTO documents (id, url, canonical_url, path, title, text, published, published_local,
  published_unix, modified, agency, dateline, site, language, section, description, page_type,
  fetched_unix_ms, http_status, error_count, content_hash, simhash, band0, band1, band2, band3,
  story_id, doc_json, parts, revision, first_stored_unix_ms, updated_unix_ms, seen_unix_ms, doc_no)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
  ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?31, 1, ?29, ?29, ?29, ?30))sql";

constexpr const char* kUpdateSql = R"sql(
UPDATE documents SET id = ?1, url = ?2, canonical_url = ?3, path = ?4, title = ?5, text = ?6,
  published = ?7, published_local = ?8, published_unix = ?9, modified = ?10, agency = ?11,
  dateline = ?12, site = ?13, language = ?14, section = ?15, description = ?16, page_type = ?17,
  fetched_unix_ms = ?18, http_status = ?19, error_count = ?20, content_hash = ?21, simhash = ?22,
  band0 = ?23, band1 = ?24, band2 = ?25, band3 = ?26, story_id = ?27, doc_json = ?28,
  parts = ?31, revision = revision + 1, updated_unix_ms = ?29, seen_unix_ms = ?29
WHERE doc_no = ?30)sql";

}  // namespace

struct SqliteStore::Statements {
  StoreStatement find;
  StoreStatement insert;
  StoreStatement update;
  StoreStatement touch;
  StoreStatement pending_insert, pending_done, pending_shard_done, next_seq;
  StoreStatement band[kSimhashBands];  // the documents sharing one band, oldest first.
  StoreStatement del_document, del_authors, del_raw;
  StoreStatement ins_author, ins_raw;
  // Transaction control, prepared once: sqlite3_exec would parse them for every document.
  StoreStatement begin, commit, savepoint, release, rollback_to, next_doc_no;
};

SqliteStore::SqliteStore(SqliteStoreOptions options, std::unique_ptr<StoreDb> db)
    : options_(std::move(options)), db_(std::move(db)), st_(std::make_unique<Statements>()) {}

SqliteStore::~SqliteStore() {
  // An uncommitted batch was never acked: rolling it back loses nothing.
  if (db_ && !db_->autocommit()) (void)db_->Exec("ROLLBACK");
  in_batch_ = false;
  // The index of the acked batches, so a search right after the store stops finds them; if this
  // fails, fts_pending still lists them and the next open re-indexes them.
  if (!fts_.empty() && st_) (void)FlushIndex();
  fts_.clear();
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const SqliteStoreOptions& options) {
  const std::filesystem::path dir =
      options.path.has_parent_path() ? options.path.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::IoError(fmt::format("store: directory {} of database {} does not exist",
                                       dir.string(), options.path.string()));
  }
  // WAL needs the -wal and -shm files beside the database: a read-only directory is an error
  // now, not at the first commit.
  if (::access(dir.c_str(), W_OK) != 0) {
    return Status::IoError(fmt::format(
        "store: cannot write to directory {} (read-only file system or no permission) for "
        "database {}",
        dir.string(), options.path.string()));
  }
  const bool fresh = !std::filesystem::exists(options.path, ec) ||
                     std::filesystem::file_size(options.path, ec) == 0;
  NP_ASSIGN_OR_RETURN(auto db, StoreDb::Open(options.path));
  // Articles are rows of ~10-20 KB: larger pages keep most of a row on its own page (fewer
  // overflow pages to chain and rewrite). Only a new file can take it; it must precede WAL.
  if (fresh) NP_RETURN_IF_ERROR(db->Exec("PRAGMA page_size = 16384"));
  NP_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode = WAL"));
  const char* sync = options.synchronous == "off"      ? "OFF"
                     : options.synchronous == "normal" ? "NORMAL"
                                                       : "FULL";
  NP_RETURN_IF_ERROR(db->Exec(fmt::format("PRAGMA synchronous = {}", sync)));
  NP_RETURN_IF_ERROR(
      // A 64 MB page cache holds the B-tree interiors and the FTS segments being merged;
      // reads through mmap skip a copy per page; checkpoints every 32 MB of WAL rather than
      // every 4 MB copy a page rewritten by several batches once.
      db->Exec("PRAGMA foreign_keys = OFF; PRAGMA cache_size = -65536; "
               "PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 268435456; "
               "PRAGMA wal_autocheckpoint = 2048"));
  if (options.max_bytes > 0) {
    NP_ASSIGN_OR_RETURN(int64_t page_size, db->QueryInt("PRAGMA page_size"));
    NP_RETURN_IF_ERROR(db->Exec(fmt::format("PRAGMA max_page_count = {}",
                                            std::max<int64_t>(1, options.max_bytes / page_size))));
  }
  if (options.index_shards < 1 || options.index_shards > kMaxFtsShards) {
    return Status::InvalidArgument(fmt::format("store: index_shards {} is out of range 1..{}",
                                               options.index_shards, kMaxFtsShards));
  }
  NP_RETURN_IF_ERROR(MigrateSqliteSchema(*db));
  if (fresh) {
    // The shard count is fixed here, when the database is created; a store migrated from an
    // earlier schema keeps its single index.
    NP_RETURN_IF_ERROR(db->Exec(fmt::format(
        "UPDATE store_settings SET value = {} WHERE name = 'index_shards'", options.index_shards)));
  }
  NP_ASSIGN_OR_RETURN(const int shards, SqliteIndexShards(*db));
  NP_ASSIGN_OR_RETURN(int64_t max_doc_no,
                      db->QueryInt("SELECT COALESCE(max(doc_no), 0) FROM documents"));
  std::vector<std::unique_ptr<SqliteFtsWriter>> fts;
  for (int k = 0; k < shards; ++k) {
    SqliteFtsWriter::Options fts_options;
    fts_options.path = SqliteFtsPath(options.path, k);
    fts_options.synchronous = sync;
    fts_options.max_bytes = options.max_bytes;
    fts_options.max_doc_no = max_doc_no;
    fts_options.commit_docs = options.index_commit_docs;
    fts_options.commit_interval = options.index_commit_interval;
    bool fts_created = false;
    NP_ASSIGN_OR_RETURN(auto writer, SqliteFtsWriter::Open(fts_options, &fts_created));
    fts.push_back(std::move(writer));
    if (fts_created && max_doc_no > 0) {
      // A new index shard beside a store with documents (the file was removed): every document
      // of the shard must be indexed.
      NP_RETURN_IF_ERROR(
          db->Exec(fmt::format("BEGIN IMMEDIATE; DELETE FROM fts_pending WHERE doc_no % {0} = {1}; "
                               "INSERT INTO fts_pending (doc_no) SELECT doc_no FROM documents "
                               "WHERE doc_no % {0} = {1} ORDER BY doc_no; COMMIT",
                               shards, k)));
    }
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(options, std::move(db)));
  store->fts_ = std::move(fts);
  store->pending_cleared_seq_.assign(static_cast<size_t>(shards), 0);
  store->batch_cleared_seq_.assign(static_cast<size_t>(shards), 0);
  NP_RETURN_IF_ERROR(store->Prepare());
  NP_RETURN_IF_ERROR(store->CatchUpFts());
  return store;
}

Status SqliteStore::Prepare() {
  auto prep = [&](StoreStatement& into, std::string_view sql) -> Status {
    NP_ASSIGN_OR_RETURN(into, db_->Prepare(sql));
    return Status::OK();
  };
  Statements& s = *st_;
  NP_RETURN_IF_ERROR(
      prep(s.find, "SELECT doc_no, content_hash, story_id FROM documents WHERE id = ?1"));
  NP_RETURN_IF_ERROR(prep(s.insert, kInsertSql));
  NP_RETURN_IF_ERROR(prep(s.update, kUpdateSql));
  NP_RETURN_IF_ERROR(prep(s.touch, "UPDATE documents SET seen_unix_ms = ?1 WHERE doc_no = ?2"));
  NP_RETURN_IF_ERROR(
      prep(s.pending_insert, "INSERT INTO fts_pending (seq, doc_no) VALUES (?1, ?2)"));
  NP_RETURN_IF_ERROR(prep(s.pending_done, "DELETE FROM fts_pending WHERE seq BETWEEN ?1 AND ?2"));
  NP_RETURN_IF_ERROR(
      prep(s.pending_shard_done,
           "DELETE FROM fts_pending WHERE seq BETWEEN ?1 AND ?2 AND doc_no % ?3 = ?4"));
  NP_RETURN_IF_ERROR(prep(s.next_seq, "SELECT COALESCE(max(seq), 0) + 1 FROM fts_pending"));
  // Each probe uses its band index; together they hold every document within distance < bands.
  for (int i = 0; i < kSimhashBands; ++i) {
    NP_RETURN_IF_ERROR(
        prep(s.band[i], fmt::format("SELECT doc_no, simhash, story_id FROM documents "
                                    "WHERE band{0} = ?1 AND doc_no <> ?2 "
                                    "ORDER BY band{0}, doc_no LIMIT {1}",
                                    i, kMaxStoryCandidates)));
  }
  NP_RETURN_IF_ERROR(prep(s.del_document, "DELETE FROM documents WHERE doc_no = ?1"));
  NP_RETURN_IF_ERROR(prep(s.del_authors, "DELETE FROM authors WHERE doc_no = ?1"));
  NP_RETURN_IF_ERROR(prep(s.del_raw, "DELETE FROM raw_pages WHERE doc_no = ?1"));
  NP_RETURN_IF_ERROR(
      prep(s.ins_author, "INSERT INTO authors (doc_no, idx, name) VALUES (?1, ?2, ?3)"));
  NP_RETURN_IF_ERROR(prep(s.begin, "BEGIN IMMEDIATE"));
  NP_RETURN_IF_ERROR(prep(s.next_doc_no, "SELECT COALESCE(max(doc_no), 0) + 1 FROM documents"));
  NP_RETURN_IF_ERROR(prep(s.commit, "COMMIT"));
  NP_RETURN_IF_ERROR(prep(s.savepoint, "SAVEPOINT doc"));
  NP_RETURN_IF_ERROR(prep(s.release, "RELEASE doc"));
  NP_RETURN_IF_ERROR(prep(s.rollback_to, "ROLLBACK TO doc"));
  NP_RETURN_IF_ERROR(prep(s.ins_raw,
                          "INSERT INTO raw_pages (doc_no, content_type, charset, raw) "
                          "VALUES (?1, ?2, ?3, ?4)"));
  return Status::OK();
}

Result<int64_t> SqliteStore::FindStory(uint64_t simhash, int64_t self_doc_no) {
  if (simhash == 0 || options_.simhash_distance < 0) return int64_t{0};
  // The candidates are the kMaxStoryCandidates oldest documents sharing a band, as one UNION of
  // the four probes gave them; four plain probes merged here skip the UNION's temporary B-tree.
  auto bands = SimhashBands(simhash);
  candidates_.clear();
  for (int i = 0; i < kSimhashBands; ++i) {
    StoreStatement& q = st_->band[i];
    q.BindInt(1, bands[i]);
    q.BindInt(2, self_doc_no);
    for (;;) {
      auto row = q.Step();
      if (!row.ok()) {
        q.Reset();
        return row.status();
      }
      if (!*row) break;
      candidates_.push_back(StoryCandidate{q.ColumnInt(0), static_cast<uint64_t>(q.ColumnInt(1)),
                                           q.ColumnIsNull(2) ? q.ColumnInt(0) : q.ColumnInt(2)});
    }
    q.Reset();
  }
  std::sort(candidates_.begin(), candidates_.end(),
            [](const StoryCandidate& a, const StoryCandidate& b) { return a.doc_no < b.doc_no; });
  candidates_.erase(std::unique(candidates_.begin(), candidates_.end(),
                                [](const StoryCandidate& a, const StoryCandidate& b) {
                                  return a.doc_no == b.doc_no;
                                }),
                    candidates_.end());
  if (candidates_.size() > kMaxStoryCandidates) candidates_.resize(kMaxStoryCandidates);
  int64_t best_story = 0;
  int best_distance = options_.simhash_distance + 1;
  for (const StoryCandidate& c : candidates_) {
    int d = HammingDistance(simhash, c.simhash);
    // The closest wins; among equals the oldest story, so assignment is deterministic.
    if (d < best_distance || (d == best_distance && best_story != 0 && c.story < best_story)) {
      best_distance = d;
      best_story = c.story;
    }
  }
  return best_story;
}

Status SqliteStore::WriteChildren(const v1::Document& doc, int64_t doc_no) {
  Statements& s = *st_;
  // Blocks, quotes, captions and errors are in the document row (`parts`).
  int idx = 0;
  for (const auto& a : doc.metadata().authors()) {
    StoreStatement& q = s.ins_author;
    q.BindInt(1, doc_no);
    q.BindInt(2, idx++);
    q.BindText(3, a);
    Status st = q.Run();
    q.Reset();
    NP_RETURN_IF_ERROR(st);
  }
  if (options_.keep_raw && !doc.fetch().raw().empty()) {
    StoreStatement& q = s.ins_raw;
    q.BindInt(1, doc_no);
    q.BindText(2, doc.fetch().content_type());
    q.BindText(3, doc.fetch().charset());
    q.BindBlob(4, doc.fetch().raw());
    Status st = q.Run();
    q.Reset();
    NP_RETURN_IF_ERROR(st);
  }
  return Status::OK();
}

Status SqliteStore::Upsert(const v1::Document& doc) {
  Statements& s = *st_;
  const int64_t now = NowUnixMs();
  StoredDocument rec = MakeStoredDocument(doc, /*with_simhash=*/false);

  // The existing row, if any: its number and hash.
  int64_t doc_no = 0;
  bool exists = false;
  {
    StoreStatement& q = s.find;
    q.BindText(1, rec.id);
    auto row = q.Step();
    if (!row.ok()) {
      q.Reset();
      return row.status();
    }
    if (*row) {
      exists = true;
      doc_no = q.ColumnInt(0);
      if (q.ColumnView(1) == rec.content_hash) {
        q.Reset();
        StoreStatement& t = s.touch;
        t.BindInt(1, now);
        t.BindInt(2, doc_no);
        Status st = t.Run();
        t.Reset();
        if (st.ok()) ++unchanged_;
        return st;
      }
    }
    q.Reset();
  }

  rec.simhash = SimHash(rec.text);
  NP_ASSIGN_OR_RETURN(int64_t story, FindStory(rec.simhash, doc_no));
  if (!exists) {
    // No savepoint for a new document: with 16 KB pages, journaling every page it touches cost a
    // quarter of the writer's time. Its rows are all keyed by its new doc_no, so a document that
    // fails half-written is undone by deleting them.
    const int64_t new_doc_no = next_doc_no_;
    const int64_t seq = next_seq_;
    Status st = WriteRow(doc, rec, false, new_doc_no, story, now);
    if (!st.ok() && !db_->autocommit()) {
      Status undo = UndoNew(new_doc_no, seq);
      if (!undo.ok()) {
        // The batch now holds part of a document: it must not commit.
        batch_error_ = undo.WithContext("store: undoing a half-written document");
      }
    }
    return st;
  }
  // A changed document overwrites its rows: a savepoint keeps the old ones if it fails.
  auto run = [](StoreStatement& q) {
    Status st = q.Run();
    q.Reset();
    return st;
  };
  NP_RETURN_IF_ERROR(run(s.savepoint));
  Status st = WriteRow(doc, rec, true, doc_no, story, now);
  if (st.ok()) {
    st = run(s.release);
  } else if (!db_->autocommit()) {
    (void)run(s.rollback_to);
    (void)run(s.release);
  }
  return st;
}

Status SqliteStore::UndoNew(int64_t doc_no, int64_t seq) {
  Statements& s = *st_;
  for (StoreStatement* del : {&s.del_document, &s.del_authors, &s.del_raw}) {
    del->BindInt(1, doc_no);
    Status st = del->Run();
    del->Reset();
    NP_RETURN_IF_ERROR(st);
  }
  s.pending_done.BindInt(1, seq);
  s.pending_done.BindInt(2, seq);
  Status st = s.pending_done.Run();
  s.pending_done.Reset();
  return st;
}

Status SqliteStore::WriteRow(const v1::Document& doc, StoredDocument& rec, bool exists,
                             int64_t doc_no, int64_t story, int64_t now) {
  Statements& s = *st_;
  auto bands = SimhashBands(rec.simhash);
  StoreStatement& w = exists ? s.update : s.insert;
  w.BindText(1, rec.id);
  w.BindText(2, rec.url);
  w.BindText(3, rec.canonical_url);
  w.BindText(4, rec.path);
  w.BindText(5, rec.title);
  w.BindText(6, rec.text);
  w.BindText(7, rec.published);
  w.BindText(8, rec.published_local);
  if (rec.published_unix != 0) {
    w.BindInt(9, rec.published_unix);
  } else {
    w.BindNull(9);
  }
  w.BindText(10, rec.modified);
  w.BindText(11, rec.agency);
  w.BindText(12, rec.dateline);
  w.BindText(13, rec.site);
  w.BindText(14, rec.language);
  w.BindText(15, rec.section);
  w.BindText(16, rec.description);
  w.BindText(17, rec.page_type);
  w.BindInt(18, rec.fetched_unix_ms);
  w.BindInt(19, rec.http_status);
  w.BindInt(20, doc.errors_size());
  w.BindText(21, rec.content_hash);
  w.BindInt(22, static_cast<int64_t>(rec.simhash));
  for (int i = 0; i < kSimhashBands; ++i) {
    if (rec.simhash != 0) {
      w.BindInt(23 + i, bands[i]);
    } else {
      w.BindNull(23 + i);
    }
  }
  // A new document (or one that left its story) on its own starts a story named after itself.
  w.BindInt(27, story != 0 ? story : doc_no);
  w.BindText(28, rec.doc_json);
  w.BindInt(29, now);
  w.BindInt(30, doc_no);
  parts_.clear();
  AppendSqliteParts(doc, rec.text, parts_);
  w.BindText(31, parts_);
  Status st = w.Run();
  w.Reset();
  NP_RETURN_IF_ERROR(st);

  if (exists) {
    for (StoreStatement* del : {&s.del_authors, &s.del_raw}) {
      del->BindInt(1, doc_no);
      st = del->Run();
      del->Reset();
      NP_RETURN_IF_ERROR(st);
    }
  } else {
    ++next_doc_no_;
  }
  NP_RETURN_IF_ERROR(WriteChildren(doc, doc_no));
  {
    StoreStatement& p = s.pending_insert;
    p.BindInt(1, next_seq_);
    p.BindInt(2, doc_no);
    st = p.Run();
    p.Reset();
    NP_RETURN_IF_ERROR(st);
    ++next_seq_;
  }
  fts_entry_ = FtsEntry{doc_no, next_seq_ - 1, exists, std::move(rec.title), std::move(rec.text)};
  if (exists) {
    ++updated_;
  } else {
    ++inserted_;
  }
  return Status::OK();
}

bool SqliteStore::AnyShardFailed() const {
  return std::any_of(fts_.begin(), fts_.end(), [](const auto& f) { return f->failed(); });
}

Status SqliteStore::FlushShards() {
  for (auto& f : fts_) f->StartFlush();
  Status first;
  for (auto& f : fts_) {
    Status st = f->FinishFlush();
    if (first.ok() && !st.ok()) first = std::move(st);
  }
  return first;
}

Status SqliteStore::ClearPending(int shard, int64_t seq) {
  StoreStatement& q = st_->pending_shard_done;
  q.BindInt(1, 0);
  q.BindInt(2, seq);
  q.BindInt(3, static_cast<int64_t>(fts_.size()));
  q.BindInt(4, shard);
  Status st = q.Run();
  q.Reset();
  return st;
}

Status SqliteStore::CatchUpFts() {
  // The open index transactions hold only entries of listed documents: start from clean ones.
  for (auto& f : fts_) f->Rollback();
  NP_ASSIGN_OR_RETURN(StoreStatement q,
                      db_->Prepare("SELECT p.seq, p.doc_no, d.title, d.text FROM fts_pending p "
                                   "LEFT JOIN documents d ON d.doc_no = p.doc_no ORDER BY p.seq"));
  int64_t last_seq = 0;
  size_t n = 0;
  for (;;) {
    auto row = q.Step();
    if (!row.ok()) {
      for (auto& f : fts_) f->Rollback();
      return row.status().WithContext("store: reading the documents to re-index");
    }
    if (!*row) break;
    last_seq = q.ColumnInt(0);
    const int64_t doc_no = q.ColumnInt(1);
    // A document missing from the table is indexed with empty text: it matches nothing.
    ShardOf(doc_no).Add(doc_no, last_seq, /*replace=*/true, q.ColumnText(2), q.ColumnText(3));
    ++n;
  }
  q.Reset();
  if (n == 0) {
    fts_stale_ = false;
    return Status::OK();
  }
  NP_RETURN_IF_ERROR(FlushShards().WithContext("store: re-indexing pending documents"));
  StoreStatement& done = st_->pending_done;
  done.BindInt(1, 0);
  done.BindInt(2, last_seq);
  Status st = done.Run();
  done.Reset();
  NP_RETURN_IF_ERROR(st.WithContext("store: clearing the re-indexed documents' list"));
  fts_stale_ = false;
  for (int64_t& cleared : pending_cleared_seq_) cleared = std::max(cleared, last_seq);
  return Status::OK();
}

Status SqliteStore::FlushIndex() {
  if (in_batch_) return Status::FailedPrecondition("store: flushing the index inside a batch");
  if (AnyShardFailed()) fts_stale_ = true;
  if (fts_stale_) return CatchUpFts();
  Status st = FlushShards();
  if (!st.ok()) {
    fts_stale_ = true;
    return st.WithContext("store: the full-text index commit failed");
  }
  for (size_t k = 0; k < fts_.size(); ++k) {
    const int64_t done = fts_[k]->committed_seq();
    if (done <= pending_cleared_seq_[k]) continue;
    NP_RETURN_IF_ERROR(ClearPending(static_cast<int>(k), done)
                           .WithContext("store: clearing the indexed documents' list"));
    pending_cleared_seq_[k] = done;
  }
  return Status::OK();
}

Status SqliteStore::FailBatch(Status cause) {
  fts_entry_.reset();
  // The index transactions also hold entries of earlier, acked batches: they are in fts_pending
  // and are indexed again before the next batch.
  for (auto& f : fts_) f->Rollback();
  fts_stale_ = true;
  if (!db_->autocommit()) (void)db_->Exec("ROLLBACK");
  in_batch_ = false;
  batch_error_ = Status::OK();
  return cause;
}

Status SqliteStore::BeginBatch() {
  Statements& s = *st_;
  if (AnyShardFailed()) fts_stale_ = true;
  if (fts_stale_) NP_RETURN_IF_ERROR(CatchUpFts());
  Status st = s.begin.Run();
  s.begin.Reset();
  auto read_int = [&](StoreStatement& q, int64_t* into) {
    if (!st.ok()) return;
    auto row = q.Step();
    st = row.status();
    if (st.ok()) *into = q.ColumnInt(0);
    q.Reset();
  };
  // The write lock is held from here to the commit, so numbers handed out cannot collide.
  read_int(s.next_doc_no, &next_doc_no_);
  read_int(s.next_seq, &next_seq_);
  for (size_t k = 0; k < fts_.size(); ++k) {
    const int64_t indexed = fts_[k]->committed_seq();
    // Seqs up to a shard's committed one are deleted from the list, or will be: never hand one
    // of them out again (the list may be empty, and max(seq) + 1 would start over).
    next_seq_ = std::max({next_seq_, pending_cleared_seq_[k] + 1, indexed + 1});
    if (st.ok() && indexed > pending_cleared_seq_[k]) {
      // The shard's index commits done since: those documents are no longer pending.
      st = ClearPending(static_cast<int>(k), indexed);
      if (st.ok()) batch_cleared_seq_[k] = indexed;
    }
  }
  if (!st.ok()) {
    if (!db_->autocommit()) (void)db_->Exec("ROLLBACK");
    return st.WithContext("store: starting a batch");
  }
  in_batch_ = true;
  return Status::OK();
}

Status SqliteStore::Write(const v1::Document& doc) {
  if (doc.id().empty()) return Status::InvalidArgument("store: a document without an id");
  if (!batch_error_.ok()) return batch_error_;
  if (!in_batch_) NP_RETURN_IF_ERROR(BeginBatch());
  const int64_t next_mark = next_doc_no_;
  const int64_t seq_mark = next_seq_;
  fts_entry_.reset();
  Status st = Upsert(doc);
  if (st.ok() && fts_entry_) {
    // Indexed on the writer's thread while the next documents are written here.
    ShardOf(fts_entry_->doc_no)
        .Add(fts_entry_->doc_no, fts_entry_->seq, fts_entry_->replace, std::move(fts_entry_->title),
             std::move(fts_entry_->text));
  }
  fts_entry_.reset();
  if (st.ok()) return st;
  next_doc_no_ = next_mark;
  next_seq_ = seq_mark;
  if (db_->autocommit()) {
    // SQLite gave up the whole transaction (disk full, I/O error): every document written in this
    // batch is lost from it, so the commit must fail and nothing may be acked.
    batch_error_ = st.WithContext("store: batch rolled back");
    in_batch_ = false;
  }
  return st.WithContext(fmt::format("store: writing document {}", doc.id()));
}

Status SqliteStore::Commit() {
  if (!batch_error_.ok()) return FailBatch(batch_error_);
  if (!in_batch_) return Status::OK();
  // The documents and their fts_pending rows: with them the batch is durable and may be acked.
  // The index commits their entries later (after this, so an entry never gets ahead of its
  // document); until it has, fts_pending names them for a re-index after a crash.
  Status st = st_->commit.Run();
  st_->commit.Reset();
  if (!st.ok()) return FailBatch(st.WithContext("store: commit failed, batch rolled back"));
  in_batch_ = false;
  for (size_t k = 0; k < fts_.size(); ++k) {
    pending_cleared_seq_[k] = std::max(pending_cleared_seq_[k], batch_cleared_seq_[k]);
    fts_[k]->MarkCommitted();
  }
  return Status::OK();
}

}  // namespace newspipe
