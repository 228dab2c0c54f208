// Outbox: the source's durable record of documents emitted and not yet acknowledged.
//
// A source writes each document here (synced to disk) before sending it, and removes it when a
// terminal Ack arrives. After a crash the entries still here are resent. Backed by SQLite in the
// state directory (WAL; puts are synced, removals ride on the next sync). One writer process;
// not thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "runtime/status.h"

namespace newspipe {

struct OutboxEntry {
  std::string doc_id;
  std::string envelope;  // the serialized Envelope as last sent.
  uint32_t attempt = 1;
  int64_t due_unix_ms = 0;  // when to resend if no Ack has arrived.
};

class Outbox {
 public:
  // Opens or creates the outbox file. A corrupt file is an error naming the path.
  static Result<std::unique_ptr<Outbox>> Open(const std::filesystem::path& path);
  virtual ~Outbox() = default;

  // Adds or replaces entries in one synced transaction.
  virtual Status PutBatch(const std::vector<OutboxEntry>& entries) = 0;
  // Removes an acknowledged document; removing an unknown id is OK (duplicate acks happen).
  virtual Status Remove(const std::string& doc_id) = 0;
  virtual Status RemoveBatch(const std::vector<std::string>& doc_ids) = 0;
  // Entries due for resend at `now_unix_ms`, oldest first, at most `max`.
  virtual Result<std::vector<OutboxEntry>> Due(int64_t now_unix_ms, size_t max) = 0;
  virtual bool Contains(const std::string& doc_id) = 0;
  // The entry of `doc_id`; NotFound when there is none.
  virtual Result<OutboxEntry> Get(const std::string& doc_id) = 0;
  virtual size_t Size() = 0;
};

// Crash-point injection for tests of the durability contract: when set, PutBatch calls the hook
// with kBeforeSync after writing its rows but before the commit, and with kAfterSync once the
// commit is durable. A test hook that calls _exit() or abort() simulates a crash at that point.
enum class OutboxSyncPoint { kBeforeSync, kAfterSync };
using OutboxSyncHook = void (*)(OutboxSyncPoint point);
// Process-wide; not thread-safe. Pass nullptr to clear.
void SetOutboxSyncHookForTesting(OutboxSyncHook hook);

}  // namespace newspipe
