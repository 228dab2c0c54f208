// The stage SDK: what a stage implements. A stage knows nothing of ZeroMQ or of processes; the
// runtime (runtime/stage_runner.h) feeds it documents from sockets or files and sends on what it
// returns.
//
// Three kinds:
//   Source    - emits new documents (fetch). The runtime owns delivery: it keeps what a source
//               emitted until a terminal Ack arrives and resends on timeout.
//   Processor - transforms one document at a time (clean, extract). Stateless across documents
//               apart from learned models.
//   Sink      - writes documents durably in batches (store); the runtime acks them as stored only
//               after Commit() returns OK.
// A stage object is used from one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "proto/newspipe.pb.h"
#include "runtime/config.h"
#include "runtime/status.h"

namespace newspipe {

// What a processor decided about a document.
struct Verdict {
  enum class Kind { kForward, kFiltered };
  Kind kind = Kind::kForward;
  std::string reason;  // why it was filtered.

  static Verdict Forward() { return {}; }
  static Verdict Filtered(std::string why) { return {Kind::kFiltered, std::move(why)}; }
  bool forwarded() const { return kind == Kind::kForward; }
};

class Processor {
 public:
  virtual ~Processor() = default;
  // Transforms `doc` in place. Forward passes it on; Filtered ends it (acked as filtered with the
  // reason). An error Status means the stage could not do its work: the runtime records it in
  // doc.errors and forwards the document anyway, so it is stored with its error, never lost.
  virtual Result<Verdict> Process(v1::Document& doc) = 0;
};

class Sink {
 public:
  virtual ~Sink() = default;
  // Adds `doc` to the current batch. An error: the document is not acknowledged (it will be
  // resent, then dead-lettered), and the sink keeps going with the next one.
  virtual Status Write(const v1::Document& doc) = 0;
  // Makes every document written since the last commit durable. After OK the runtime acks them
  // as stored; after an error it acks none of them.
  virtual Status Commit() = 0;
  // Commit when this many documents are written, or when the oldest has waited this long.
  virtual size_t batch_size() const { return 1; }
  virtual std::chrono::milliseconds max_batch_delay() const {
    return std::chrono::milliseconds(200);
  }
};

enum class SourceState {
  kMore,       // more is ready now: call Next() again soon.
  kIdle,       // nothing now (waiting for the network, a poll interval, a new file).
  kExhausted,  // nothing more, ever (batch mode): the run ends once everything is acked.
};

class Source {
 public:
  virtual ~Source() = default;
  // Appends up to `max` new documents to `out`. May block for a short while (at most ~100 ms)
  // waiting for work in progress. Documents that could not be fetched are still emitted, with
  // their error, so that they are stored or dead-lettered with a reason.
  virtual Result<SourceState> Next(std::vector<v1::Document>& out, size_t max) = 0;
  // A terminal outcome for a document this source emitted (stored, filtered, dead-lettered).
  virtual void OnAck(const v1::Ack& ack) { (void)ack; }
  // How many inputs the source read and dropped itself since the last call (e.g. a fetched page
  // that is plainly not an article). Never emitted, so never acked: the runtime counts them as
  // read and filtered. Called after each Next().
  virtual uint64_t TakeFilteredCount() { return 0; }
  // Before the first Next(): the ids of documents an earlier run of this source emitted that
  // the runtime still holds (durably, unacknowledged) and will resend. A source that only
  // remembers what it emitted after the fact can count these as emitted instead of producing
  // them again.
  virtual void OnResume(const std::vector<std::string>& doc_ids) { (void)doc_ids; }
};

// Where and as what a stage instance runs.
struct StageContext {
  std::string pipeline;    // pipeline name.
  std::string stage_name;  // the stage's name in the pipeline (unique).
  std::string stage_type;  // its type (fetch, clean, ...).
  uint32_t replica = 0;
  std::filesystem::path state_dir;  // the pipeline's state directory; exists.
  bool once = false;                // batch mode: sources stop when their inputs are drained.
};

// A created stage: exactly one of the three is set, matching the spec's kind.
struct StageInstance {
  std::unique_ptr<Source> source;
  std::unique_ptr<Processor> processor;
  std::unique_ptr<Sink> sink;
};

}  // namespace newspipe
