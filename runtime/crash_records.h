// CrashRecords: which documents have killed which stage, so that a poison document is
// dead-lettered instead of crashing its stage again and again.
//
// The supervisor records a crash (or a hang) of a replica together with the document the
// replica held (runtime/holding_file.h): one row per (stage, document) with a count and the
// last way it died. A stage process loads the documents that reached the limit for its stage
// (delivery.max_crashes) when it starts, and again whenever the file changed; such a document
// is not processed again: it is acked DEAD_LETTERED with the reason, and the source moves it
// from its outbox to the dead-letter queue. `newspipe dlq replay` forgets the replayed ids, so a
// fixed stage gets to try them again. Backed by SQLite (STATE_DIR/crashes.db), written by the
// supervisor and read by the stages; SQLite's locking orders them. One object per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/sqlite_db.h"
#include "runtime/status.h"

namespace newspipe {

class CrashRecords {
 public:
  static Result<std::unique_ptr<CrashRecords>> Open(const std::filesystem::path& path);

  // Counts one more death of `stage` while holding `doc_id`; returns the count so far.
  Result<int64_t> Record(const std::string& stage, const std::string& doc_id,
                         const std::string& how, int64_t unix_ms);
  // doc id -> "crashed stage clean 3 times; the last: killed by signal 11 (...)" for every
  // document that killed `stage` at least `limit` times.
  Result<std::unordered_map<std::string, std::string>> Poisoned(const std::string& stage,
                                                                int64_t limit);
  Status Forget(const std::vector<std::string>& doc_ids);
  // Changes whenever another connection committed a change (PRAGMA data_version).
  Result<int64_t> Version();

 private:
  explicit CrashRecords(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status Init();
  std::unique_ptr<SqliteDb> db_;
  std::unique_ptr<SqliteStmt> record_, count_, poisoned_, forget_, version_;
};

std::filesystem::path CrashRecordsPath(const std::filesystem::path& state_dir);

}  // namespace newspipe
