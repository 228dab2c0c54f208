#include "runtime/stage_options.h"

#include <algorithm>

#include <CLI/CLI.hpp>

#include "runtime/config.h"

namespace newspipe {
namespace {

std::string DurationArg(std::chrono::milliseconds d) { return std::to_string(d.count()) + "ms"; }

// A CLI11 option that reads a duration ("250ms", "2s", or milliseconds) into `out`.
void AddDuration(CLI::App& app, const std::string& flag, std::chrono::milliseconds* out,
                 const std::string& help) {
  app.add_option_function<std::string>(
         flag,
         [out, flag](const std::string& text) {
           if (!ParseDuration(text, out)) {
             throw CLI::ValidationError(
                 flag, "expected a duration such as 250ms, 2s or 1m, got '" + text + "'");
           }
         },
         help)
      ->type_name("DURATION");
}

}  // namespace

Result<EndpointSpec> ParseEndpointSpec(const std::string& spec) {
  EndpointSpec out;
  std::string_view rest = spec;
  if (!rest.empty() && (rest[0] == '@' || rest[0] == '>')) {
    out.bind = rest[0] == '@';
    rest.remove_prefix(1);
  }
  if (rest.empty()) return Status::InvalidArgument("empty endpoint in '" + spec + "'");
  if (rest.find("://") == std::string_view::npos) {
    return Status::InvalidArgument("endpoint '" + spec +
                                   "' has no transport (expected ipc://PATH or tcp://HOST:PORT)");
  }
  out.address = std::string(rest);
  return out;
}

std::vector<std::string> StageProcessOptions::ToArgs() const {
  std::vector<std::string> a;
  auto add = [&a](const char* flag, std::string value) {
    a.emplace_back(flag);
    a.push_back(std::move(value));
  };
  auto add_if = [&add](const char* flag, const std::string& value) {
    if (!value.empty()) add(flag, value);
  };
  add_if("--pipeline", pipeline);
  add_if("--name", stage_name);
  add_if("--type", stage_type);
  add("--replica", std::to_string(replica));
  add_if("--state-dir", state_dir.string());
  if (once) a.emplace_back("--once");
  add_if("--config-json", config_json);
  add_if("--config", config_file);
  for (const auto& e : input) add("--input", e);
  for (const auto& e : output) add("--output", e);
  for (const auto& e : ack) add("--ack", e);
  for (const auto& e : control) add("--control", e);
  add("--hwm", std::to_string(high_water_mark));
  add("--max-message-bytes", std::to_string(max_message_bytes));
  add("--heartbeat-interval", DurationArg(heartbeat_interval));
  add("--drain-timeout", DurationArg(drain_timeout));
  add("--ack-timeout", DurationArg(delivery.ack_timeout));
  add("--max-attempts", std::to_string(delivery.max_attempts));
  add("--window", std::to_string(delivery.window));
  add("--max-crashes", std::to_string(delivery.max_crashes));
  if (!delivery.acks) a.emplace_back("--no-acks");
  add_if("--curve-server-secret-key", curve.server_secret_key);
  add_if("--curve-server-public-key", curve.server_public_key);
  add_if("--curve-client-secret-key", curve.client_secret_key);
  add_if("--curve-client-public-key", curve.client_public_key);
  add_if("--curve-client-keys", curve.client_keys);
  add_if("--in", in_path);
  add_if("--out", out_path);
  add("--log-level", log_level);
  return a;
}

Result<StageProcessOptions> ParseStageOptions(int argc, const char* const* argv,
                                              const std::string& default_type, std::string* help) {
  StageProcessOptions o;
  CLI::App app{
      "A newspipe stage process. Standalone: --in/--out; socket mode: as started by "
      "`newspipe run`.",
      argc > 0 && argv[0] ? argv[0] : "newspipe-stage"};
  app.add_option("--pipeline", o.pipeline, "Pipeline name (goes into every envelope).");
  app.add_option("--name", o.stage_name, "Stage name in the pipeline (default: the type).");
  app.add_option("--type", o.stage_type, "Stage type (default: this executable's).");
  app.add_option("--replica", o.replica, "Replica number, 0-based.");
  app.add_option("--state-dir", o.state_dir, "State directory (outbox, dead letters, sockets).");
  app.add_flag("--once", o.once, "Batch mode: sources stop when their inputs are drained.");
  auto* cj = app.add_option("--config-json", o.config_json, "Stage config as JSON text.");
  app.add_option("--config", o.config_file, "Stage config file (JSON or YAML mapping).")
      ->excludes(cj);
  app.add_option("--input", o.input, "Input endpoint spec (PULL), @bind or >connect; repeatable.")
      ->allow_extra_args(false);
  app.add_option("--output", o.output, "Output endpoint spec (PUSH); repeatable.")
      ->allow_extra_args(false);
  app.add_option("--ack", o.ack, "Ack endpoint spec (source: PULL, others: PUSH); repeatable.")
      ->allow_extra_args(false);
  app.add_option("--control", o.control, "Supervisor endpoint spec for heartbeats (PUSH).")
      ->allow_extra_args(false);
  app.add_option("--hwm", o.high_water_mark, "ZeroMQ high-water mark (messages).")
      ->check(CLI::Range(1, 10'000'000));
  app.add_option("--max-message-bytes", o.max_message_bytes, "Largest accepted frame.")
      ->check(CLI::Range(int64_t{1024}, int64_t{1} << 40));
  AddDuration(app, "--heartbeat-interval", &o.heartbeat_interval, "Heartbeat period.");
  AddDuration(app, "--drain-timeout", &o.drain_timeout,
              "On SIGTERM, wait at most this long for in-flight work.");
  AddDuration(app, "--ack-timeout", &o.delivery.ack_timeout, "Resend unacked documents after.");
  app.add_option("--max-attempts", o.delivery.max_attempts, "Attempts before dead-lettering.")
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--window", o.delivery.window, "Documents in flight at most (source).")
      ->check(CLI::Range(1, 10'000'000));
  app.add_option("--max-crashes", o.delivery.max_crashes,
                 "Dead-letter a document that killed this stage this many times.")
      ->check(CLI::Range(1, 1'000'000));
  bool no_acks = false;
  app.add_flag("--no-acks", no_acks,
               "No outbox, no acks, no resends (measurements only: a crash loses documents).");
  app.add_option("--curve-server-secret-key", o.curve.server_secret_key, "CURVE key file.");
  app.add_option("--curve-server-public-key", o.curve.server_public_key, "CURVE key file.");
  app.add_option("--curve-client-secret-key", o.curve.client_secret_key, "CURVE key file.");
  app.add_option("--curve-client-public-key", o.curve.client_public_key, "CURVE key file.");
  app.add_option("--curve-client-keys", o.curve.client_keys, "Admitted public keys file.");
  app.add_option("--in", o.in_path, "Standalone: read length-delimited Envelopes (- = stdin).");
  app.add_option("--out", o.out_path, "Standalone: write length-delimited Envelopes (- = stdout).");
  app.add_option("--log-level", o.log_level, "trace, debug, info, warn, error or off.")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    if (help) *help = app.help();
    return o;
  } catch (const CLI::CallForAllHelp&) {
    if (help) *help = app.help();
    return o;
  } catch (const CLI::ParseError& e) {
    return Status::InvalidArgument(e.what());
  }
  o.delivery.acks = !no_acks;
  if (o.stage_type.empty()) o.stage_type = default_type;
  if (o.stage_name.empty()) o.stage_name = o.stage_type;
  for (const auto* list : {&o.input, &o.output, &o.ack, &o.control}) {
    for (const auto& spec : *list) {
      auto parsed = ParseEndpointSpec(spec);
      if (!parsed.ok()) return parsed.status();
    }
  }
  return o;
}

Result<StageProcessOptions> ParseStageOptions(const std::vector<std::string>& args,
                                              const std::string& default_type, std::string* help) {
  std::vector<const char*> argv;
  argv.reserve(args.size() + 1);
  argv.push_back("newspipe-stage");
  for (const auto& s : args) argv.push_back(s.c_str());
  return ParseStageOptions(static_cast<int>(argv.size()), argv.data(), default_type, help);
}

}  // namespace newspipe
