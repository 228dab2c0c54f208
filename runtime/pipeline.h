// PipelineDef: a pipeline definition loaded from YAML, checked against the stage specs.
//
// The YAML format (see docs/pipelines.md and pipelines/*.yaml):
//
//   pipeline: demo                        # name; [a-z0-9_-]+
//   state_dir: ${NEWSPIPE_STATE:-var/demo} # relative paths resolve against the working directory
//   transport:                            # optional
//     kind: ipc                           # ipc (default, under state_dir) or tcp
//     host: 127.0.0.1                     # tcp: address to bind
//     base_port: 5550                     # tcp: first port; one port per edge
//     high_water_mark: 1000
//     max_message_bytes: 67108864
//     curve: {server_secret_key: FILE, server_public_key: FILE, client_keys: FILE, ...}
//   supervisor:                           # optional
//     restart_initial: 200ms
//     restart_max: 10s
//     crash_loop_restarts: 5              # this many restarts within crash_loop_window ...
//     crash_loop_window: 60s              # ... is a crash loop: reported, the stage given up.
//     heartbeat_interval: 1s
//     hung_after: 30s
//   delivery:                             # optional
//     ack_timeout: 30s
//     max_attempts: 5
//     window: 1000
//     max_crashes: 3                      # a document that killed a stage this often is
//                                         # dead-lettered instead of being tried again.
//     acks: true                          # false: no outbox, no acks, no resends (measurements
//                                         # only: a crash loses what was in flight).
//   stages:
//     - name: fetch                       # unique; defaults to the type
//       type: fetch                       # a registered stage type, or omitted with `command:`
//       command: [./my-stage, --flag]     # optional: any program speaking the protocol
//       replicas: 1
//       from: clean                       # optional: upstream stage; default the previous one
//       listen: tcp://0.0.0.0:5555        # optional: this stage's input endpoint (multi-host)
//       connect: tcp://host:5555          # optional: the downstream input to connect to
//       config: { ... }                   # checked against the stage type's spec
//
// Strings may use ${VAR} and ${VAR:-default}; an unset ${VAR} without default is an error.
// Thread-compatible plain values.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/config.h"
#include "runtime/registry.h"
#include "runtime/status.h"

namespace newspipe {

struct StageDef {
  std::string name;
  std::string type;
  std::vector<std::string> command;  // set for external programs.
  uint32_t replicas = 1;
  std::string from;     // upstream stage name; empty for the first stage.
  std::string listen;   // explicit input endpoint, if any.
  std::string connect;  // explicit output endpoint, if any.
  Config config;        // validated against the type's spec, defaults filled.
  int line = 0;         // where the stage starts in the YAML file (1-based).
  // From the type's spec; for a `command:` stage without type: a source when first, a sink
  // when last, else a processor.
  StageKind kind = StageKind::kProcessor;
};

struct TransportDef {
  std::string kind = "ipc";
  std::string host = "127.0.0.1";
  int base_port = 5550;
  int high_water_mark = 1000;
  int64_t max_message_bytes = 64 << 20;
  std::string curve_server_secret_key;  // file paths; empty when CURVE is off.
  std::string curve_server_public_key;
  std::string curve_client_secret_key;
  std::string curve_client_public_key;
  std::string curve_client_keys;  // file of admitted public keys, one a line.
};

struct SupervisorDef {
  std::chrono::milliseconds restart_initial{200};
  std::chrono::milliseconds restart_max{10'000};
  int crash_loop_restarts = 5;
  std::chrono::milliseconds crash_loop_window{60'000};
  std::chrono::milliseconds heartbeat_interval{1'000};
  std::chrono::milliseconds hung_after{30'000};
};

struct DeliveryDef {
  std::chrono::milliseconds ack_timeout{30'000};
  int max_attempts = 5;
  int window = 1000;
  int max_crashes = 3;
  bool acks = true;
};

struct PipelineDef {
  std::string name;
  std::filesystem::path file;       // the YAML file it was loaded from.
  std::filesystem::path state_dir;  // absolute.
  TransportDef transport;
  SupervisorDef supervisor;
  DeliveryDef delivery;
  std::vector<StageDef> stages;  // in order; stages[0] is the source.

  const StageDef* FindStage(std::string_view name) const;
  // The first stage of the given type, or null.
  const StageDef* FindStageOfType(std::string_view type) const;
};

// One problem: "FILE:LINE: stages[2].config.min_chars: expected an integer >= 0".
struct PipelineError {
  std::string file;
  int line = 0;
  std::string path;
  std::string message;
  std::string ToString() const;
};

// Loads and checks a pipeline file against `registry`. On failure returns InvalidArgument whose
// message lists every problem, one per line, and fills `errors` when given.
Result<PipelineDef> LoadPipeline(const std::filesystem::path& file, const StageRegistry& registry,
                                 std::vector<PipelineError>* errors = nullptr);
// The same from YAML text (`file` only names it in messages).
Result<PipelineDef> LoadPipelineFromString(const std::string& yaml, const std::string& file,
                                           const StageRegistry& registry,
                                           std::vector<PipelineError>* errors = nullptr);

}  // namespace newspipe
