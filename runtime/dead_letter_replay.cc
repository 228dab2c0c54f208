#include "runtime/dead_letter_replay.h"

#include <fmt/format.h>

#include <map>

#include "runtime/codec.h"
#include "runtime/crash_records.h"
#include "runtime/dead_letters.h"
#include "runtime/outbox.h"

namespace newspipe {
namespace {

// Rewrites a letter's envelope as a first attempt and finds the source it came from.
Status PrepareEntry(const DeadLetter& letter, const std::string& source_override,
                    OutboxEntry* entry, std::string* source) {
  v1::Envelope env;
  Status decoded = DecodeEnvelope(letter.envelope, &env, SIZE_MAX);
  if (!decoded.ok()) return decoded.WithContext(letter.doc_id + ": the stored envelope");
  if (!env.has_document()) {
    return Status::FailedPrecondition(letter.doc_id + ": the stored envelope holds no document");
  }
  *source = source_override;
  if (source->empty()) *source = env.sender().substr(0, env.sender().find('/'));
  if (source->empty()) {
    return Status::FailedPrecondition(
        letter.doc_id + ": the envelope names no sender; give the source stage explicitly");
  }
  env.set_attempt(1);
  entry->doc_id = letter.doc_id;
  entry->attempt = 1;
  return EncodeEnvelope(env, &entry->envelope, SIZE_MAX);
}

}  // namespace

Result<ReplayResult> ReplayDeadLetters(const ReplayRequest& request, int64_t now_unix_ms) {
  NP_ASSIGN_OR_RETURN(auto dlq, DeadLetterQueue::Open(request.state_dir / "dlq.db"));
  ReplayResult result;
  std::vector<DeadLetter> letters;
  if (request.doc_ids.empty()) {
    NP_ASSIGN_OR_RETURN(letters, dlq->List(SIZE_MAX));
  } else {
    for (const std::string& id : request.doc_ids) {
      Result<DeadLetter> letter = dlq->Get(id);
      if (letter.ok()) {
        letters.push_back(std::move(letter).value());
      } else if (letter.status().IsNotFound()) {
        result.not_found.push_back(id);
      } else {
        return letter.status();
      }
    }
  }
  // Every letter is checked before anything moves, so a bad one changes nothing.
  std::map<std::string, std::vector<OutboxEntry>> by_source;
  for (const DeadLetter& letter : letters) {
    OutboxEntry entry;
    std::string source;
    NP_RETURN_IF_ERROR(PrepareEntry(letter, request.source_stage, &entry, &source));
    entry.due_unix_ms = now_unix_ms;
    by_source[source].push_back(std::move(entry));
  }
  for (const auto& [source, entries] : by_source) {
    const auto path = request.state_dir / ("outbox-" + source + ".db");
    if (!std::filesystem::exists(path)) {
      return Status::FailedPrecondition(
          fmt::format("{}: no outbox for source stage '{}' (has it run in this state directory?)",
                      path.string(), source));
    }
  }
  for (auto& [source, entries] : by_source) {
    NP_ASSIGN_OR_RETURN(auto outbox,
                        Outbox::Open(request.state_dir / ("outbox-" + source + ".db")));
    NP_RETURN_IF_ERROR(outbox->PutBatch(entries));
    for (const OutboxEntry& e : entries) {
      NP_RETURN_IF_ERROR(dlq->Remove(e.doc_id));
      result.replayed.push_back(e.doc_id);
    }
  }
  // After a fix, a document that used to kill a stage gets to try again.
  const auto crashes = CrashRecordsPath(request.state_dir);
  if (!result.replayed.empty() && std::filesystem::exists(crashes)) {
    NP_ASSIGN_OR_RETURN(auto records, CrashRecords::Open(crashes));
    NP_RETURN_IF_ERROR(records->Forget(result.replayed));
  }
  return result;
}

}  // namespace newspipe
