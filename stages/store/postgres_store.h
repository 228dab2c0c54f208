// PostgresStore: the store stage's PostgreSQL backend (libpqxx), for deployments where several
// hosts share one store.
//
// The logical schema matches the SQLite one (documents, blocks, authors, quotes, captions,
// errors, raw_pages) with a tsvector column, made here on the client (postgres_lexemes.h), not by
// the server's to_tsvector; search goes through the store's own index (postgres_postings.h): each
// part's transaction adds a segment with the postings of the documents it wrote. Write()
// buffers documents; Commit() writes the batch. Each part of it (below) looks its ids up first: new
// documents and all child rows go by binary COPY straight into their tables; changed documents go
// by binary COPY into this session's temporary staging table and then through INSERT ...
// ON CONFLICT (id) DO UPDATE ... WHERE the content hash differs, so concurrent replicas never
// read-modify-write on the client: the row lock taken by the upsert orders writers, and an
// unchanged document neither bumps the revision nor rewrites its children. A new id that another
// writer inserted meanwhile makes the COPY fail on the unique index; the part is then written
// again entirely through the upsert. The child rows are built on a short-lived second thread while
// the documents are written. Rows are written in id order so two batches cannot deadlock. A
// batch is cut into parts by id, each written in its own transaction on its own connection at the
// same time (`connections`), so the server uses several cores; the story pass runs after all parts
// are committed, and the batch is acked only then.
//
// Faults: a lost connection is re-opened with doubling backoff (retry_initial .. retry_max, up to
// connect_attempts per call); if the server stays away Commit() fails, the batch is kept out of
// the acks and the runtime resends it. Not thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "runtime/stage.h"
#include "stages/store/postgres_vocabulary.h"

namespace newspipe {

struct PostgresStoreOptions {
  std::string dsn;
  size_t batch_size = 500;
  std::chrono::milliseconds batch_delay{200};
  bool keep_raw = false;
  int simhash_distance = 3;
  std::chrono::milliseconds retry_initial{200};
  std::chrono::milliseconds retry_max{10'000};
  int connect_attempts = 5;
  // Connections writing the parts of one batch at once (each part its own transaction; the
  // batch is acked only when all are committed).
  int connections = 2;
  // Merge small segments of the search index in the background (postgres_segments.h). Off only
  // for tests that look at the segments or count connections.
  bool merge_segments = true;
};

class PostgresStore : public Sink {
 public:
  // Connects (with retries) and migrates the schema.
  static Result<std::unique_ptr<PostgresStore>> Open(const PostgresStoreOptions& options);
  ~PostgresStore() override;

  Status Write(const v1::Document& doc) override;
  Status Commit() override;
  size_t batch_size() const override { return options_.batch_size; }
  std::chrono::milliseconds max_batch_delay() const override { return options_.batch_delay; }

  // Documents whose row was inserted or changed by the last successful Commit().
  size_t last_changed() const { return last_changed_; }

 private:
  class Impl;
  explicit PostgresStore(PostgresStoreOptions options);
  Status WriteParts();
  PostgresStoreOptions options_;
  WordCache words_;                           // shared by the connections' writers.
  std::vector<std::unique_ptr<Impl>> impls_;  // one per connection.
  std::vector<v1::Document> batch_;
  size_t last_changed_ = 0;

  // Small segments of the search index are merged by a connection of its own, in the
  // background (MergeSmallSegments), after each batch; the batches do not wait for it.
  void RunMerger();
  std::mutex merge_mu_;
  std::condition_variable merge_wake_;
  bool merge_requested_ = false;
  bool merge_stop_ = false;
  std::thread merger_;
};

}  // namespace newspipe
