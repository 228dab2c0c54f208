// ReplayDeadLetters: puts dead letters back into their source's outbox so that they are sent
// again (`newspipe dlq replay`).
//
// Each letter's envelope goes into state_dir/outbox-<source>.db with attempt 1 and due now, then
// leaves the dead-letter queue. The source is the stage named in the envelope's sender
// ("stage/replica") unless one is given. A running source picks the entries up on its resend
// pass; a stopped pipeline sends them when it next starts. The outbox write is synced before
// the letter is removed, so a crash in between leaves a duplicate (harmless: the store upserts
// by id), never a loss. The outbox must exist already (the source has run under that name).
// Not thread-safe; safe beside a running pipeline (SQLite locking).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/status.h"

namespace newspipe {

struct ReplayRequest {
  std::filesystem::path state_dir;
  std::vector<std::string> doc_ids;  // empty: every dead letter.
  std::string source_stage;          // empty: from each envelope's sender.
};

struct ReplayResult {
  std::vector<std::string> replayed;
  std::vector<std::string> not_found;  // requested ids that are not dead letters.
};

Result<ReplayResult> ReplayDeadLetters(const ReplayRequest& request, int64_t now_unix_ms);

}  // namespace newspipe
