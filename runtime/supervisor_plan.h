// SupervisorPlan: which processes a pipeline runs and how their sockets are wired, decided before
// anything starts (pure: no sockets, no processes), so it can be checked and tested on its own.
//
// Layout (docs/pipelines.md, "Wiring"):
//   - control: the supervisor binds one PULL endpoint; every replica connects a PUSH to it and
//     sends Heartbeat envelopes.
//   - acks: the source binds one PULL endpoint; every other replica connects a PUSH to it.
//   - data edge U -> D (PUSH -> PULL): when D has one replica, or both sides have several, each
//     replica of D binds its own input endpoint and every replica of U connects to all of them
//     (no forwarder process, no single point of failure). When U has one replica and D several,
//     U binds its output and D's replicas connect (PUSH spreads, PULL fair-queues).
//   - `listen:` replaces a stage's input endpoint (bound by its replicas; for tcp each further
//     replica takes the next port); `connect:` sends a stage's output to that address instead
//     of the next stage in this file.
//   - ipc endpoints live under STATE_DIR/sock/; tcp ports are numbered from transport.base_port:
//     control, acks, then each bound endpoint in stage order.
// Plain values; thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "runtime/pipeline.h"
#include "runtime/stage_options.h"
#include "runtime/status.h"

namespace newspipe {

struct ReplicaPlan {
  size_t stage_index = 0;  // into PipelineDef::stages.
  uint32_t replica = 0;
  std::vector<std::string> command;  // program and its own arguments, before ToArgs().
  StageProcessOptions options;
  std::string label() const { return options.stage_name + "." + std::to_string(replica); }
};

struct BoundEndpoint {
  std::string address;  // ipc://... or tcp://host:port
  std::string owner;    // "the supervisor's control endpoint", "the input of clean.1", ...
};

struct SupervisorPlan {
  std::string control_address;        // bound by the supervisor.
  std::vector<BoundEndpoint> bound;   // every address something binds, control included.
  std::vector<ReplicaPlan> replicas;  // stage order, then replica order.
};

// Decides endpoints and command lines. `bin_dir` holds the newspipe-<type> executables.
// Errors: an ipc path too long for a Unix socket, a tcp port out of range.
Result<SupervisorPlan> PlanPipeline(const PipelineDef& def, const std::string& bin_dir, bool once);

// Rewrites a bind address into the address a peer connects to (0.0.0.0 and * become 127.0.0.1).
std::string ConnectAddress(const std::string& bind_address);

}  // namespace newspipe
