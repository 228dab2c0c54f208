// DeadLetterQueue: documents that failed too often, kept on disk with their error so that an
// operator can list, inspect, replay (after a fix) or purge them (`newspipe dlq ...`).
// Backed by SQLite in the state directory. Safe for one process at a time per file (SQLite
// locking serialises concurrent `newspipe dlq` readers).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "runtime/status.h"

namespace newspipe {

struct DeadLetter {
  std::string doc_id;
  std::string envelope;  // the serialized Envelope (with the Document) as last sent.
  std::string stage;     // where it failed last.
  std::string error;
  uint32_t attempts = 0;
  int64_t unix_ms = 0;
  std::string url;  // for listings.
};

class DeadLetterQueue {
 public:
  static Result<std::unique_ptr<DeadLetterQueue>> Open(const std::filesystem::path& path);
  virtual ~DeadLetterQueue() = default;

  virtual Status Put(const DeadLetter& letter) = 0;                // replaces one with the same id.
  virtual Result<std::vector<DeadLetter>> List(size_t limit) = 0;  // newest first.
  virtual Result<DeadLetter> Get(const std::string& doc_id) = 0;   // NotFound when absent.
  virtual Status Remove(const std::string& doc_id) = 0;
  virtual Result<size_t> Purge() = 0;  // removes all; returns how many.
  virtual Result<size_t> Count() = 0;
};

}  // namespace newspipe
