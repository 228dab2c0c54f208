// RunStageMain: the main() of every stage executable (newspipe-fetch, newspipe-clean, ...).
//
// Flags (runtime/stage_options.h holds them as StageProcessOptions; ToArgs() writes them):
//   --pipeline NAME          pipeline name, copied into every envelope
//   --name NAME              the stage's name in the pipeline (default: its type)
//   --type TYPE              the stage type (default: the executable's)
//   --replica N              replica number, 0-based (default 0)
//   --state-dir DIR          outbox-<name>.db and dlq.db live here (default: working directory)
//   --once                   batch mode: a source stops when its inputs are drained
//   --config-json TEXT | --config FILE
//                            the stage's config: JSON text, or a file with JSON or a YAML mapping
//   --input SPEC...          socket mode: PULL documents from (repeatable)
//   --output SPEC...         socket mode: PUSH documents to (repeatable)
//   --ack SPEC...            a source binds a PULL here; other stages PUSH acks to it
//   --control SPEC...        PUSH heartbeats to the supervisor
//                            A SPEC is "@ADDRESS" (bind) or ">ADDRESS" (connect), ADDRESS being
//                            ipc://PATH or tcp://HOST:PORT.
//   --hwm N                  ZeroMQ high-water mark, messages (default 1000)
//   --max-message-bytes N    larger frames are refused (default 64 MiB)
//   --heartbeat-interval D   default 1s
//   --drain-timeout D        on SIGTERM, give up on in-flight work after this (default 10s)
//   --ack-timeout D          a source resends what is not acked in this time (default 30s)
//   --max-attempts N         then dead-letters it (default 5)
//   --window N               documents in flight at most, per source (default 1000)
//   --curve-server-secret-key F --curve-server-public-key F
//   --curve-client-secret-key F --curve-client-public-key F --curve-client-keys F
//                            CURVE key files (tcp endpoints)
//   --in FILE|-  --out FILE|-
//                            standalone mode: read/write length-delimited Envelopes, no sockets
//   --log-level LEVEL        trace, debug, info, warn, error, off (default info)
// Durations D: "250ms", "2s", "1m", or milliseconds.
// Returns the process exit code: 0 after a clean run or drain, 2 for bad flags or config, 1 for
// other failures.
#pragma once

#include "runtime/spec.h"

namespace newspipe {

int RunStageMain(int argc, char** argv, const StageSpec& spec);

}  // namespace newspipe
