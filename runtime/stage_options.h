// StageProcessOptions: everything a stage process is told on its command line, by the supervisor
// (socket mode) or by a person (standalone mode, --in/--out). ToArgs() renders them as flags for
// the stage executable; ParseStageOptions() reads them back (round trip). The flags are listed in
// runtime/stage_main.h.
//
// Endpoint specs: a leading '@' binds, a leading '>' connects, e.g. "@ipc:///var/x/clean.in.0" or
// ">tcp://10.0.0.2:5551". A spec without a prefix connects. Each endpoint role holds a list: a
// socket may bind one address and connect to several (one per downstream replica). The runtime
// knows no particular stage: which stage binds what is the supervisor's choice (see the opening
// paragraph of runtime/stage_runner.h for the layout it uses).
// Plain values; thread-compatible.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/status.h"

namespace newspipe {

struct CurveKeyFiles {
  // Files written by `newspipe keygen`; all empty when CURVE is off.
  std::string server_secret_key;  // a binding socket's own secret key.
  std::string server_public_key;  // a connecting socket needs the server's public key.
  std::string client_secret_key;  // a connecting socket's own keys.
  std::string client_public_key;
  std::string client_keys;  // the public keys a binding socket admits, one a line.

  bool enabled() const {
    return !server_secret_key.empty() || !server_public_key.empty() || !client_keys.empty();
  }
};

struct DeliveryOptions {
  std::chrono::milliseconds ack_timeout{30'000};  // resend a document not acked in this time.
  int max_attempts = 5;                           // then dead-letter it.
  int window = 1000;                              // documents in flight at most, per source.
  int max_crashes = 3;  // a document that killed this stage this often is dead-lettered.
  // false: the source keeps no outbox and waits for no ack, nobody acks (to measure what the
  // guarantee costs; a crash loses what was in flight).
  bool acks = true;
};

struct StageProcessOptions {
  // Who and where.
  std::string pipeline;
  std::string stage_name;  // unique in the pipeline; defaults to the type.
  std::string stage_type;  // defaults to the executable's spec type.
  uint32_t replica = 0;
  std::filesystem::path state_dir;  // defaults to the working directory in standalone mode.
  bool once = false;                // batch mode.

  // The stage's config as JSON text ("{}" when none); or a file holding JSON or YAML.
  std::string config_json;
  std::string config_file;

  // Socket mode. Each a list of "@bind" / ">connect" specs.
  std::vector<std::string> input;    // PULL: documents in.
  std::vector<std::string> output;   // PUSH: documents out.
  std::vector<std::string> ack;      // source: PULL (binds); others: PUSH acks towards it.
  std::vector<std::string> control;  // PUSH heartbeats to the supervisor.

  int high_water_mark = 1000;
  int64_t max_message_bytes = 64 << 20;
  std::chrono::milliseconds heartbeat_interval{1'000};
  std::chrono::milliseconds drain_timeout{10'000};  // SIGTERM: give up on in-flight work after.
  DeliveryOptions delivery;
  CurveKeyFiles curve;

  // Standalone mode: length-delimited Envelopes; "-" is stdin/stdout. Empty: not used.
  std::string in_path;
  std::string out_path;

  std::string log_level = "info";  // trace, debug, info, warn, error, off.

  bool standalone() const { return !in_path.empty() || !out_path.empty(); }

  // The command-line flags (without argv[0]) that ParseStageOptions reads back into an equal
  // value. Defaults are written too, so a stage never depends on its own defaults.
  std::vector<std::string> ToArgs() const;
};

// Parses the flags of a stage executable. `default_type` fills stage_type (and stage_name) when
// not given. On --help, returns OK with *help set to the usage text (and the options otherwise
// unfilled). Unknown flags and bad values are InvalidArgument naming the flag.
Result<StageProcessOptions> ParseStageOptions(const std::vector<std::string>& args,
                                              const std::string& default_type,
                                              std::string* help = nullptr);
Result<StageProcessOptions> ParseStageOptions(int argc, const char* const* argv,
                                              const std::string& default_type,
                                              std::string* help = nullptr);

// Splits an endpoint spec: "@ipc://x" -> bind, "ipc://x"; ">tcp://h:1" and "tcp://h:1" ->
// connect. An empty address is InvalidArgument.
struct EndpointSpec {
  bool bind = false;
  std::string address;
  std::string ToString() const { return (bind ? "@" : ">") + address; }
};
Result<EndpointSpec> ParseEndpointSpec(const std::string& spec);

}  // namespace newspipe
