// SqliteFtsWriter: the SQLite store's full-text index, kept in its own database file
// (`<store>-fts`) and written by its own thread through its own connection.
//
// FTS5 indexing costs about as much CPU as everything else the store does per article, and one
// writer thread does both in turn. With the index in a second file, the store's thread writes the
// documents while this thread indexes them, each in its own transaction. The FTS5 table keeps its
// own copy of title and text (a contentful table: its external content must live in the same
// file), so snippets work and a stale entry can be deleted without the old text.
//
// Consistency with the documents: every changed document also gets a row in the store's
// `fts_pending` table, in the same transaction as the document. The store commits its batch
// first, then this index; only after both is the batch acked. A pending row is deleted once its
// index commit is done (in the store's next batch). So after a crash between the two commits, or a
// failed index commit, the pending rows name exactly the documents whose index entry may be stale;
// the store re-indexes them (idempotently: delete by rowid, insert the current text) before it
// takes more work. See SqliteStore.
//
// Thread-safety: Add(), Commit() and Rollback() are called from one thread (the store's); the
// writer thread alone touches the index connection.
#pragma once

#include <atomic>
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

// The index file of the store at `store_path`.
std::filesystem::path SqliteFtsPath(const std::filesystem::path& store_path);

// Makes `documents_fts` of a store opened on `db` visible to queries: a store of schema 3 or newer
// keeps it in its own file, attached as schema `fts` (read-only when `db` is). Does nothing when
// it is already visible (attached before, or an older store that has it in the main file).
Status AttachSqliteFts(StoreDb& db);

class SqliteFtsWriter {
 public:
  struct Options {
    std::filesystem::path path;        // the index file.
    std::string synchronous = "FULL";  // PRAGMA synchronous of the index file.
    int64_t max_bytes = 0;             // cap on the index file's size (0: none).
    // The store's highest doc_no: an index holding higher rowids belongs to another database
    // (one removed and created anew beside it) and is refused, never altered.
    int64_t max_doc_no = 0;
  };
  // Opens (creating when missing) the index file and starts the writer thread. `created` is set
  // when the file held no index yet, so the caller knows every document must be indexed.
  static Result<std::unique_ptr<SqliteFtsWriter>> Open(const Options& options, bool* created);
  ~SqliteFtsWriter();  // rolls back an uncommitted transaction and joins the thread.
  SqliteFtsWriter(const SqliteFtsWriter&) = delete;
  SqliteFtsWriter& operator=(const SqliteFtsWriter&) = delete;

  // Queues the index entry of one document: its current title and text. `replace` deletes an
  // existing entry of that rowid first (an update, or a re-index after a crash). The writer
  // applies it within its open transaction (starting one when none is open).
  void Add(int64_t doc_no, bool replace, std::string title, std::string text);
  // Waits until every queued entry is applied, then commits. An error of any entry or of the
  // commit comes back here; the transaction is then rolled back.
  Status Commit();
  // Drops the queued entries and rolls the open transaction back; waits until done.
  void Rollback();

 private:
  struct Op {
    enum Kind { kAdd, kCommit, kRollback } kind = kAdd;
    int64_t doc_no = 0;
    bool replace = false;
    std::string title;
    std::string text;
  };
  SqliteFtsWriter(std::unique_ptr<StoreDb> db) : db_(std::move(db)) {}
  Status PrepareStatements();
  void Run();
  Status Apply(const Op& op);
  Status Finish(Op::Kind kind);
  Status Wait(Op::Kind kind);

  std::unique_ptr<StoreDb> db_;
  StoreStatement begin_, commit_, rollback_, insert_, remove_;
  bool in_tx_ = false;  // writer thread only.
  Status tx_error_;     // writer thread only: the first failure in the open transaction.

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
