// SqliteFtsWriter: one shard of the SQLite store's full-text index, kept in its own database file
// (`<store>-fts` for shard 0, `<store>-fts1`, ... for the others) and written by its own thread
// through its own connection.
//
// FTS5 indexing costs more CPU than everything else the store does per article, and one writer
// thread did both in turn. With the index in files of its own, the store's thread writes the
// documents while the index threads index them, each in its own transaction. A store's index is
// split into `index_shards` shards, fixed when the store is created (store_settings in the main
// file; stores created before schema 5 have one): document `doc_no` goes to shard
// doc_no % shards, so a document's entries always go through the same thread, in order, and the
// shards' threads together use more than one core. The FTS5 table keeps its
// own copy of title and text (a contentful table: its external content must live in the same
// file), so snippets work and a stale entry can be deleted without the old text.
//
// Consistency with the documents: every changed document also gets a row in the store's
// `fts_pending` table, in the same transaction as the document. The store commits its batch and
// acks it; then it marks the batch's entries as committable (MarkCommitted). The index keeps one
// transaction open over several batches and commits it at such a mark, once it holds
// `commit_docs` documents or is `commit_interval` old, or when no more work is queued for that
// long: fewer commits and fewer, larger segments to merge. An index entry therefore never gets
// ahead of its document, and a search sees a document at most about `commit_interval` after its
// batch was acked (Flush() makes it visible at once). A pending row is deleted once its index
// commit is done (committed_seq()). After a crash, or a failed index commit, the pending rows name
// every document whose index entry may be missing or stale; the store re-indexes them
// (idempotently: delete by rowid, insert the current text) before it takes more work.
// Each shard commits on its own; the store deletes a pending row once the shard holding its
// document reports the commit. See SqliteStore.
//
// Thread-safety: Add(), MarkCommitted(), Flush(), StartFlush(), FinishFlush() and Rollback() are
// called from one thread (the store's); failed() and committed_seq() from any; the writer thread
// alone touches the index connection.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "runtime/status.h"
#include "stages/store/store_db.h"

namespace newspipe {

// Most shards an index may have: each is an attached database when searching (SQLite attaches
// at most 10).
constexpr int kMaxFtsShards = 8;

// The index file of shard `shard` of the store at `store_path`: `<store>-fts` for shard 0,
// `<store>-fts<shard>` for the others.
std::filesystem::path SqliteFtsPath(const std::filesystem::path& store_path, int shard = 0);

// The schema name a shard is attached as: `fts` for shard 0, `fts<shard>` for the others.
std::string SqliteFtsSchema(int shard);

// The number of index shards recorded in the store opened on `db` (store_settings); 1 for a
// store of schema 4 or older, which has no setting.
Result<int> SqliteIndexShards(StoreDb& db);

// Makes `documents_fts` of a store opened on `db` visible to queries: a store of schema 3 or newer
// keeps it in files of its own, shard k attached as schema SqliteFtsSchema(k) (read-only when `db`
// is). Returns the number of shards. Attaches nothing already attached, and nothing for an older
// store that has its index in the main file (one shard, unqualified `documents_fts`).
Result<int> AttachSqliteFts(StoreDb& db);

class SqliteFtsWriter {
 public:
  struct Options {
    std::filesystem::path path;        // the index file.
    std::string synchronous = "FULL";  // PRAGMA synchronous of the index file.
    int64_t max_bytes = 0;             // cap on the index file's size (0: none).
    // The store's highest doc_no: an index holding higher rowids belongs to another database
    // (one removed and created anew beside it) and is refused, never altered.
    int64_t max_doc_no = 0;
    // The open transaction is committed at a mark once it holds this many documents or is this
    // old (or has waited this long for more work).
    int64_t commit_docs = 4000;
    std::chrono::milliseconds commit_interval{1000};
  };
  // Opens (creating when missing) the index file and starts the writer thread. `created` is set
  // when the file held no index yet, so the caller knows every document must be indexed.
  static Result<std::unique_ptr<SqliteFtsWriter>> Open(const Options& options, bool* created);
  ~SqliteFtsWriter();  // rolls back an uncommitted transaction and joins the thread.
  SqliteFtsWriter(const SqliteFtsWriter&) = delete;
  SqliteFtsWriter& operator=(const SqliteFtsWriter&) = delete;

  // Queues the index entry of one document: its current title and text. `seq` is its
  // fts_pending row. `replace` deletes an existing entry of that rowid first (an update, or a
  // re-index after a crash). The writer applies it within its open transaction (starting one when
  // none is open).
  void Add(int64_t doc_no, int64_t seq, bool replace, std::string title, std::string text);
  // The documents of every entry queued so far are committed: the index may commit them (see
  // above). Does not wait.
  void MarkCommitted();
  // Waits until every queued entry is applied, then commits. An error of any entry or of the
  // commit (this one or an earlier one made at a mark) comes back here; the transaction is then
  // rolled back. REQUIRES: every queued entry's document is committed.
  Status Flush();
  // Flush() in two halves, so several shards commit at the same time: StartFlush() queues the
  // commit and returns; FinishFlush() waits for it. REQUIRES: each StartFlush() is followed by
  // one FinishFlush() before any other call but Add()/MarkCommitted().
  void StartFlush();
  Status FinishFlush();
  // Drops the queued entries and rolls the open transaction back; waits until done. Clears an
  // earlier failure.
  void Rollback();
  // A commit made at a mark (or an entry) failed: the open transaction was rolled back, entries
  // were lost. Stays set until Rollback().
  bool failed() const { return failed_.load(std::memory_order_acquire); }
  // The highest fts_pending seq whose entry is committed in the index.
  int64_t committed_seq() const { return committed_seq_.load(std::memory_order_acquire); }

 private:
  struct Op {
    enum Kind { kAdd, kMark, kCommit, kRollback } kind = kAdd;
    int64_t doc_no = 0;
    int64_t seq = 0;
    bool replace = false;
    std::string title;
    std::string text;
  };
  SqliteFtsWriter(std::unique_ptr<StoreDb> db, const Options& options)
      : db_(std::move(db)), options_(options) {}
  Status PrepareStatements();
  void Run();
  Status Apply(const Op& op);
  Status Finish(Op::Kind kind);
  // At a mark: commits when the transaction is full or old enough, or when no work comes.
  void AtMark();
  // Commits the open transaction, all of whose entries are marked; a failure sets failed().
  void CommitOpen();
  void Fail(Status st);
  Status Wait(Op::Kind kind);
  void Queue(Op::Kind kind);
  Status AwaitFinished();

  std::unique_ptr<StoreDb> db_;
  Options options_;
  StoreStatement begin_, commit_, rollback_, insert_, remove_;
  bool in_tx_ = false;  // writer thread only.
  Status tx_error_;     // writer thread only: the first failure in the open transaction.
  // Writer thread only: entries in the open transaction, when it began, and the seq of the
  // last entry applied and of the last one known committed in the documents.
  int64_t tx_docs_ = 0;
  std::chrono::steady_clock::time_point tx_start_;
  int64_t applied_seq_ = 0, marked_seq_ = 0;
  int64_t unmarked_ = 0;  // entries applied since the last mark.
  Status fail_status_;    // why failed() is set.
  std::atomic<bool> failed_{false};
  std::atomic<int64_t> committed_seq_{0};

  std::mutex mu_;
  std::condition_variable wake_;  // the writer: ops queued.
  std::condition_variable done_;  // the caller: a commit or rollback finished.
  std::deque<Op> ops_;
  bool stop_ = false;
  std::atomic<bool> stopping_{false};  // stop_, readable without the lock.
  bool finished_ = false;  // a kCommit/kRollback has been handled; `result_` holds its outcome.
  Status result_;
  std::thread thread_;
};

}  // namespace newspipe
