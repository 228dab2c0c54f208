// SqliteStore: the store stage's SQLite backend, a Sink writing one database file.
//
// Write() upserts one document inside the batch's open transaction (a document that fails
// half-written fails alone: a changed one is written in a savepoint, a new one's rows are deleted
// again) and hands its title and body to the full-text index writer of its shard (doc_no %
// index_shards), which indexes it on its own thread into its own file (sqlite_fts_writer.h) while
// the next documents are written. Commit() commits the documents (then the runtime acks the batch
// as stored); the index commits behind, every few thousand documents or `index_commit_interval`, at
// the latest when the store closes (FlushIndex()). Upsert by id: an unchanged document (same
// content hash) only refreshes seen_unix_ms; a changed one is rewritten with revision + 1 and
// re-indexed. Every new or changed document is listed in fts_pending in its own transaction until
// its shard's index commit is done; at open, and after a failed index commit or batch, the listed
// documents are re-indexed before more work, so a crash between the two commits never leaves a
// document out of the index. Near-duplicates join the story of the closest earlier document found
// through the SimHash band indexes.
//
// Durability: WAL with synchronous=FULL by default, so a committed batch (and hence every ack)
// survives power loss, not only a crash of the process; `synchronous: normal` trades that for
// fewer fsyncs. Batching makes FULL cheap (one fsync per batch).
//
// Faults: a file that is not a SQLite database is refused at Open() and never written; a read-only
// or full disk fails Write()/Commit() with a message naming the path, the batch is rolled back
// and nothing is acked. Not thread-safe: the runtime drives a sink from one thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/stage.h"
#include "stages/store/sqlite_fts_writer.h"
#include "stages/store/store_db.h"
#include "stages/store/stored_document.h"

namespace newspipe {

struct SqliteStoreOptions {
  std::filesystem::path path;
  size_t batch_size = 500;
  std::chrono::milliseconds batch_delay{200};
  bool keep_raw = false;
  int simhash_distance = 3;  // Hamming distance within which documents share a story; <0: off.
  int64_t max_bytes = 0;     // cap on the database size (0: none); beyond it writes fail as full.
  std::string synchronous = "full";  // full, normal or off (PRAGMA synchronous).
  // The full-text index commits once it holds this many acked documents or this long after its
  // transaction began: a search sees a document at most about that long after its batch was
  // acked (at once after FlushIndex() or when the store closes).
  // (Both per shard.)
  int64_t index_commit_docs = 4000;
  std::chrono::milliseconds index_commit_interval{1000};
  // The number of files (and threads) the full-text index of a new database is split into
  // (1..kMaxFtsShards). An existing database keeps the count it was created with.
  int index_shards = 2;
};

class SqliteStore : public Sink {
 public:
  static Result<std::unique_ptr<SqliteStore>> Open(const SqliteStoreOptions& options);
  ~SqliteStore() override;

  Status Write(const v1::Document& doc) override;
  Status Commit() override;
  // Commits the full-text index of every committed document now (a search then finds them all);
  // re-indexes the pending documents first if an index commit failed. REQUIRES: no batch open
  // (after Commit()).
  Status FlushIndex();
  size_t batch_size() const override { return options_.batch_size; }
  std::chrono::milliseconds max_batch_delay() const override { return options_.batch_delay; }

  // Counters since open (for tests and benchmarks).
  uint64_t inserted() const { return inserted_; }
  uint64_t updated() const { return updated_; }
  uint64_t unchanged() const { return unchanged_; }

 private:
  struct Statements;
  SqliteStore(SqliteStoreOptions options, std::unique_ptr<StoreDb> db);
  Status Prepare();
  Status Upsert(const v1::Document& doc);
  Result<int64_t> FindStory(uint64_t simhash, int64_t self_doc_no);
  Status WriteChildren(const v1::Document& doc, int64_t doc_no);
  Status FailBatch(Status cause);
  Status BeginBatch();
  Status WriteRow(const v1::Document& doc, StoredDocument& rec, bool exists, int64_t doc_no,
                  int64_t story, int64_t now);
  // Deletes every row of a new document that failed half-written.
  Status UndoNew(int64_t doc_no, int64_t seq);
  // Re-indexes every document listed in fts_pending and clears the list. REQUIRES: no batch open.
  Status CatchUpFts();
  // Commits every shard's open index transaction, the shards at the same time.
  Status FlushShards();
  // Deletes the fts_pending rows of `shard`'s documents up to `seq`.
  Status ClearPending(int shard, int64_t seq);
  SqliteFtsWriter& ShardOf(int64_t doc_no) {
    return *fts_[static_cast<size_t>(doc_no % static_cast<int64_t>(fts_.size()))];
  }
  bool AnyShardFailed() const;

  // The index entry of the document just written, handed to the index writer once its savepoint
  // is released.
  struct FtsEntry {
    int64_t doc_no = 0;
    int64_t seq = 0;  // its fts_pending row.
    bool replace = false;
    std::string title;
    std::string text;
  };

  SqliteStoreOptions options_;
  std::unique_ptr<StoreDb> db_;
  std::unique_ptr<Statements> st_;
  bool in_batch_ = false;
  Status batch_error_;  // set when SQLite rolled the whole batch back on its own.
  std::vector<std::unique_ptr<SqliteFtsWriter>> fts_;  // one per shard.
  std::optional<FtsEntry> fts_entry_;
  std::string parts_;
  struct StoryCandidate {
    int64_t doc_no;
    uint64_t simhash;
    int64_t story;
  };
  std::vector<StoryCandidate> candidates_;  // FindStory's, reused.        // the `parts` column of
                                            // the document being written, reused.
  bool fts_stale_ = false;   // an index commit failed: re-index the pending list before going on.
  int64_t next_doc_no_ = 1;  // the doc_no the next new document gets (valid within a batch).
  int64_t next_seq_ = 1;     // the next fts_pending.seq (valid within a batch).
  // Per shard: its fts_pending rows up to this seq are deleted (committed), or up to
  // batch_cleared_seq_ once the open batch commits.
  std::vector<int64_t> pending_cleared_seq_, batch_cleared_seq_;
  uint64_t inserted_ = 0;
  uint64_t updated_ = 0;
  uint64_t unchanged_ = 0;
};

}  // namespace newspipe
