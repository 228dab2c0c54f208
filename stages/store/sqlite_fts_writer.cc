#include "stages/store/sqlite_fts_writer.h"

#include <pthread.h>
#include <sqlite3.h>

#include <algorithm>

#include <fmt/format.h>

namespace newspipe {
namespace {

// Ops queued beyond this make Add() wait: a re-index of a whole store must not hold every
// article's text in memory at once.
constexpr size_t kMaxQueued = 4096;

// FTS5 collects the terms of the open transaction in memory and writes them out as a new segment
// when they pass this size (1 MB by default) and at the commit. A batch of 500 average articles
// holds some 8 MB of terms: with the default it was flushed as several small segments, each later
// merged again. 16 MB made one segment per commit of 500 (it cut the index thread's CPU by about
// 15%); with commits of up to 4,000 articles it is a segment per ~1,000, and 64 MB measured no
// better.
constexpr int64_t kPendingTermsBytes = 16 << 20;

// The setting is kept in the index file (`documents_fts_config`); it is written only when it
// differs, so an index from an earlier version takes it at its first open.
Status SetPendingTermsSize(StoreDb& db) {
  NP_ASSIGN_OR_RETURN(int64_t current,
                      db.QueryInt("SELECT COALESCE((SELECT v FROM documents_fts_config "
                                  "WHERE k = 'hashsize'), 0)"));
  if (current == kPendingTermsBytes) return Status::OK();
  return db.Exec(
      fmt::format("INSERT INTO documents_fts (documents_fts, rank) VALUES ('hashsize', {})",
                  kPendingTermsBytes));
}

}  // namespace

std::filesystem::path SqliteFtsPath(const std::filesystem::path& store_path, int shard) {
  return std::filesystem::path(shard == 0 ? store_path.string() + "-fts"
                                          : fmt::format("{}-fts{}", store_path.string(), shard));
}

std::string SqliteFtsSchema(int shard) {
  return shard == 0 ? std::string("fts") : fmt::format("fts{}", shard);
}

Result<int> SqliteIndexShards(StoreDb& db) {
  NP_ASSIGN_OR_RETURN(
      int64_t has_settings,
      db.QueryInt("SELECT count(*) FROM main.sqlite_master WHERE name = 'store_settings'"));
  if (has_settings == 0) return 1;
  NP_ASSIGN_OR_RETURN(int64_t shards,
                      db.QueryInt("SELECT COALESCE((SELECT value FROM main.store_settings "
                                  "WHERE name = 'index_shards'), 1)"));
  if (shards < 1 || shards > kMaxFtsShards) {
    return Status::FailedPrecondition(fmt::format("{}: index_shards {} is out of range 1..{}",
                                                  db.path().string(), shards, kMaxFtsShards));
  }
  return static_cast<int>(shards);
}

Result<int> AttachSqliteFts(StoreDb& db) {
  NP_ASSIGN_OR_RETURN(
      int64_t in_main,
      db.QueryInt("SELECT count(*) FROM main.sqlite_master WHERE name = 'documents_fts'"));
  if (in_main > 0) return 1;  // schema 2 or older: the index is in the main file.
  NP_ASSIGN_OR_RETURN(int shards, SqliteIndexShards(db));
  for (int k = 0; k < shards; ++k) {
    const std::string schema = SqliteFtsSchema(k);
    if (sqlite3_db_filename(db.raw(), schema.c_str()) != nullptr) continue;
    const std::filesystem::path path = SqliteFtsPath(db.path(), k);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      return Status::NotFound(fmt::format(
          "the full-text index {} of {} is missing (the store stage rebuilds it when it starts)",
          path.string(), db.path().string()));
    }
    NP_ASSIGN_OR_RETURN(StoreStatement attach,
                        db.Prepare(fmt::format("ATTACH DATABASE ?1 AS {}", schema)));
    attach.BindText(1, path.string(), /*transient=*/true);
    NP_RETURN_IF_ERROR(attach.Run().WithContext("attaching the full-text index"));
  }
  return shards;
}

Result<std::unique_ptr<SqliteFtsWriter>> SqliteFtsWriter::Open(const Options& options,
                                                               bool* created) {
  std::error_code ec;
  const bool fresh = !std::filesystem::exists(options.path, ec) ||
                     std::filesystem::file_size(options.path, ec) == 0;
  NP_ASSIGN_OR_RETURN(auto db, StoreDb::Open(options.path));
  if (fresh) NP_RETURN_IF_ERROR(db->Exec("PRAGMA page_size = 16384"));
  NP_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode = WAL"));
  NP_RETURN_IF_ERROR(db->Exec(fmt::format("PRAGMA synchronous = {}", options.synchronous)));
  NP_RETURN_IF_ERROR(
      db->Exec("PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456; "
               "PRAGMA wal_autocheckpoint = 2048"));
  if (options.max_bytes > 0) {
    NP_ASSIGN_OR_RETURN(int64_t page_size, db->QueryInt("PRAGMA page_size"));
    NP_RETURN_IF_ERROR(db->Exec(fmt::format("PRAGMA max_page_count = {}",
                                            std::max<int64_t>(1, options.max_bytes / page_size))));
  }
  NP_ASSIGN_OR_RETURN(
      int64_t has_table,
      db->QueryInt("SELECT count(*) FROM sqlite_master WHERE name = 'documents_fts'"));
  *created = has_table == 0;
  if (*created) {
    // The same tokenizer as the index of schema 1 and 2 had, so queries match the same words.
    NP_RETURN_IF_ERROR(
        db->Exec("CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, "
                 "tokenize='unicode61 remove_diacritics 2')"));
  }
  NP_RETURN_IF_ERROR(SetPendingTermsSize(*db));
  NP_ASSIGN_OR_RETURN(int64_t max_rowid,
                      db->QueryInt("SELECT COALESCE(max(rowid), 0) FROM documents_fts"));
  if (max_rowid > options.max_doc_no) {
    return Status::FailedPrecondition(fmt::format(
        "{}: the full-text index holds documents its store does not (it belongs to another "
        "database); move it away and the store rebuilds it",
        options.path.string()));
  }
  std::unique_ptr<SqliteFtsWriter> writer(new SqliteFtsWriter(std::move(db), options));
  NP_RETURN_IF_ERROR(writer->PrepareStatements());
  writer->thread_ = std::thread([w = writer.get()] { w->Run(); });
  return writer;
}

Status SqliteFtsWriter::PrepareStatements() {
  NP_ASSIGN_OR_RETURN(begin_, db_->Prepare("BEGIN IMMEDIATE"));
  NP_ASSIGN_OR_RETURN(commit_, db_->Prepare("COMMIT"));
  NP_ASSIGN_OR_RETURN(rollback_, db_->Prepare("ROLLBACK"));
  NP_ASSIGN_OR_RETURN(insert_, db_->Prepare("INSERT INTO documents_fts (rowid, title, text) "
                                            "VALUES (?1, ?2, ?3)"));
  NP_ASSIGN_OR_RETURN(remove_, db_->Prepare("DELETE FROM documents_fts WHERE rowid = ?1"));
  return Status::OK();
}

SqliteFtsWriter::~SqliteFtsWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  stopping_.store(true, std::memory_order_relaxed);
  wake_.notify_all();
  done_.notify_all();
  if (thread_.joinable()) thread_.join();
  // Never committed, so never acked: rolling it back loses nothing.
  if (db_ && !db_->autocommit()) (void)db_->Exec("ROLLBACK");
}

void SqliteFtsWriter::Add(int64_t doc_no, int64_t seq, bool replace, std::string title,
                          std::string text) {
  std::unique_lock<std::mutex> lock(mu_);
  done_.wait(lock, [&] { return ops_.size() < kMaxQueued || stop_; });
  ops_.push_back(Op{Op::kAdd, doc_no, seq, replace, std::move(title), std::move(text)});
  if (ops_.size() == 1) wake_.notify_one();
}

void SqliteFtsWriter::MarkCommitted() {
  std::lock_guard<std::mutex> lock(mu_);
  Op op;
  op.kind = Op::kMark;
  ops_.push_back(std::move(op));
  if (ops_.size() == 1) wake_.notify_one();
}

void SqliteFtsWriter::Queue(Op::Kind kind) {
  std::lock_guard<std::mutex> lock(mu_);
  finished_ = false;
  Op op;
  op.kind = kind;
  ops_.push_back(std::move(op));
  wake_.notify_one();
}

Status SqliteFtsWriter::AwaitFinished() {
  std::unique_lock<std::mutex> lock(mu_);
  done_.wait(lock, [&] { return finished_ || stop_; });
  return finished_ ? result_ : Status::Internal("full-text index writer stopped");
}

Status SqliteFtsWriter::Wait(Op::Kind kind) {
  Queue(kind);
  return AwaitFinished();
}

Status SqliteFtsWriter::Flush() { return Wait(Op::kCommit); }

void SqliteFtsWriter::StartFlush() { Queue(Op::kCommit); }

Status SqliteFtsWriter::FinishFlush() { return AwaitFinished(); }

void SqliteFtsWriter::Rollback() {
  {
    // Entries not yet applied are of the batch being dropped.
    std::lock_guard<std::mutex> lock(mu_);
    ops_.clear();
  }
  (void)Wait(Op::kRollback);
}

Status SqliteFtsWriter::Apply(const Op& op) {
  if (!tx_error_.ok()) return tx_error_;  // the transaction is lost; wait for its end.
  if (!in_tx_) {
    Status st = begin_.Run();
    begin_.Reset();
    NP_RETURN_IF_ERROR(st.WithContext("full-text index: starting a transaction"));
    in_tx_ = true;
    tx_docs_ = 0;
    tx_start_ = std::chrono::steady_clock::now();
  }
  ++tx_docs_;
  ++unmarked_;
  applied_seq_ = std::max(applied_seq_, op.seq);
  if (op.replace) {
    remove_.BindInt(1, op.doc_no);
    Status st = remove_.Run();
    remove_.Reset();
    NP_RETURN_IF_ERROR(st);
  }
  insert_.BindInt(1, op.doc_no);
  insert_.BindText(2, op.title);
  insert_.BindText(3, op.text);
  Status st = insert_.Run();
  insert_.Reset();
  return st;
}

Status SqliteFtsWriter::Finish(Op::Kind kind) {
  Status st = tx_error_;
  tx_error_ = Status::OK();
  if (!in_tx_) return st;
  in_tx_ = false;
  if (kind == Op::kCommit && st.ok()) {
    st = commit_.Run();
    commit_.Reset();
    if (st.ok()) return st;
    st = st.WithContext("full-text index: commit failed");
  }
  if (!db_->autocommit()) {
    (void)rollback_.Run();
    rollback_.Reset();
  }
  return st;
}

void SqliteFtsWriter::Fail(Status st) {
  fail_status_ = std::move(st);
  failed_.store(true, std::memory_order_release);
}

void SqliteFtsWriter::CommitOpen() {
  Status st = Finish(Op::kCommit);
  if (st.ok()) {
    committed_seq_.store(marked_seq_, std::memory_order_release);
  } else {
    Fail(std::move(st));
  }
}

void SqliteFtsWriter::AtMark() {
  unmarked_ = 0;
  marked_seq_ = std::max(marked_seq_, applied_seq_);
  if (in_tx_ && (tx_docs_ >= options_.commit_docs ||
                 std::chrono::steady_clock::now() - tx_start_ >= options_.commit_interval)) {
    CommitOpen();
  }
}

void SqliteFtsWriter::Run() {
  pthread_setname_np(pthread_self(), "store-fts");  // tells the threads apart in top and perf.
  std::deque<Op> work;
  for (;;) {
    bool idle_commit = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      auto ready = [&] { return !ops_.empty() || stop_; };
      if (in_tx_ && unmarked_ == 0 && !failed_.load(std::memory_order_relaxed)) {
        // Everything applied may be committed: wait for more work until the transaction is
        // old enough, then commit it, so a quiet store's search sees its documents soon.
        idle_commit = !wake_.wait_until(lock, tx_start_ + options_.commit_interval, ready);
      } else {
        wake_.wait(lock, ready);
      }
      if (stop_) return;
      if (!idle_commit) work.swap(ops_);
    }
    if (idle_commit) {
      CommitOpen();
      continue;
    }
    done_.notify_all();  // Add() may be waiting for room.
    for (Op& op : work) {
      if (stopping_.load(std::memory_order_relaxed)) return;  // the destructor rolls back.
      const bool failed = failed_.load(std::memory_order_relaxed);
      if (op.kind == Op::kAdd) {
        if (failed) continue;  // the store re-indexes every pending document anyway.
        Status st = Apply(op);
        if (!st.ok() && tx_error_.ok()) {
          tx_error_ = st.WithContext(fmt::format("full-text index: document {}", op.doc_no));
        }
        continue;
      }
      if (op.kind == Op::kMark) {
        if (!failed) AtMark();
        continue;
      }
      Status st;
      if (op.kind == Op::kCommit) {
        if (failed) {
          st = fail_status_;
        } else {
          // Every queued entry's document is committed (Flush's contract).
          marked_seq_ = std::max(marked_seq_, applied_seq_);
          unmarked_ = 0;
          CommitOpen();
          st = failed_.load(std::memory_order_relaxed) ? fail_status_ : Status::OK();
        }
      } else {
        st = Finish(Op::kRollback);
        fail_status_ = Status::OK();
        failed_.store(false, std::memory_order_release);
        // Seqs of a dropped batch are handed out again: only what is committed counts.
        applied_seq_ = marked_seq_ = committed_seq_.load(std::memory_order_relaxed);
        unmarked_ = 0;
        tx_docs_ = 0;
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        result_ = std::move(st);
        finished_ = true;
      }
      done_.notify_all();
    }
    work.clear();
  }
}

}  // namespace newspipe
