// The stage runner: drives one created stage (runtime/stage.h) either over ZeroMQ sockets, as the
// supervisor starts it, or standalone over length-delimited Envelope files (--in/--out).
//
// Socket mode, who binds what (the endpoints come from the command line, runtime/stage_options.h;
// the supervisor's plan decides them, runtime/supervisor_plan.h):
//   - data: every stage PUSHes documents on --output and PULLs them on --input. Each side binds
//     or connects as its spec says ('@' binds, '>' connects); a PUSH may connect to several
//     downstream replicas (ZMQ_IMMEDIATE: nothing waits on a replica that is gone).
//   - acks: the source binds a PULL on --ack; sinks (STORED, after Commit) and processors
//     (FILTERED) PUSH Ack envelopes to it. Acks are best effort: a lost ack means a resend, and the
//     store's upsert makes the resend harmless.
//   - control: every stage PUSHes a Heartbeat envelope every --heartbeat-interval to the
//     supervisor's PULL on --control (connect), plus one when a source becomes exhausted and one
//     final heartbeat at exit. Heartbeats come from a thread of their own, so a stage stuck in
//     one document keeps beating with the same current_doc_id and no progress (hung, and which
//     document), while a dead one falls silent.
// The source writes each new document's envelope to its outbox (STATE_DIR/outbox-<name>.db,
// synced) before sending it, keeps at most --window in flight (when full it waits, never drops),
// resends what is not acked within --ack-timeout with attempt+1 and exponential backoff, and
// after --max-attempts puts it in STATE_DIR/dlq.db and counts it as dead-lettered. In --once mode
// it reports source_exhausted in its heartbeats when Next() said kExhausted and nothing is in
// flight; the supervisor then stops the pipeline.
// A processor that returns an error Status gets a v1::Error appended to the document, which is
// forwarded anyway; every processed document gets a StageTrace. Malformed frames on any socket
// are counted (Heartbeat.malformed) and logged, rate-limited. Stop (SIGTERM/SIGINT): take no new
// input, finish the document in hand (a sink commits its batch), send a final heartbeat, return
// 0; every wait is bounded, so this happens within about --drain-timeout.
//
// Standalone mode: a processor reads --in (default stdin) and writes forwarded documents to --out
// (default stdout); a sink writes and commits everything from --in and prints a count; a source
// emits everything to --out until exhausted (as if --once). No sockets.
//
// One runner per process (or per thread in tests); not thread-safe itself.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "proto/newspipe.pb.h"
#include "runtime/spec.h"
#include "runtime/stage.h"
#include "runtime/stage_options.h"

namespace newspipe {

// What a runner has done so far; the body of its heartbeats.
struct RunStats {
  uint64_t processed = 0;  // documents handled (forwarded, filtered, written, emitted).
  uint64_t failed = 0;     // stage errors (processor errors, sink write/commit failures).
  uint64_t filtered = 0;
  uint64_t malformed = 0;  // frames that could not be decoded.
  uint64_t emitted = 0;    // a source: new documents sent.
  uint64_t acked = 0;      // a source: documents that reached a terminal state.
  uint64_t acked_stored = 0;
  uint64_t acked_filtered = 0;
  uint64_t dead_lettered = 0;
  uint64_t resent = 0;  // a source: resends after an ack timeout.
  uint64_t stored = 0;  // a sink: documents committed.
  uint32_t in_flight = 0;
  bool source_exhausted = false;
  std::string current_doc_id;
};

// Runs `instance` (of kind `kind`) as `options` say until its input ends (standalone) or `stop`
// becomes true. `context` is what the instance was created with. Returns the process exit code:
// 0 after a clean end or drain, 1 on a failure that a restart may cure (outbox unwritable,
// endpoint in use).
int RunStage(const StageProcessOptions& options, const StageContext& context, StageKind kind,
             StageInstance& instance, const std::atomic<bool>& stop);

}  // namespace newspipe
