#include "runtime/stage_main.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "runtime/crash_points.h"
#include "runtime/curve.h"
#include "runtime/signals.h"
#include "runtime/stage_options.h"
#include "runtime/stage_runner.h"

namespace newspipe {
namespace {

// Logs go to stderr (stdout may carry envelopes), tagged with the stage and replica.
void SetUpLogging(const StageProcessOptions& o) {
  auto logger = spdlog::stderr_color_mt("stage");
  logger->set_pattern(
      fmt::format("[%Y-%m-%d %H:%M:%S.%e] [%^%l%$] [{}.{}] %v", o.stage_name, o.replica));
  logger->set_level(spdlog::level::from_str(o.log_level));
  spdlog::set_default_logger(logger);
}

nlohmann::json YamlToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& kv : node) out[kv.first.as<std::string>()] = YamlToJson(kv.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(YamlToJson(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (node.Tag() == "!") return text;  // quoted: always a string.
      bool b;
      if (YAML::convert<bool>::decode(node, b)) return b;
      int64_t i;
      if (YAML::convert<int64_t>::decode(node, i)) return i;
      double d;
      if (YAML::convert<double>::decode(node, d)) return d;
      return text;
    }
    default:
      return nullptr;
  }
}

// The config as JSON: --config-json text, or a --config file of JSON or YAML (a bare mapping, or
// a stage entry with a `config:` key).
Result<nlohmann::json> LoadConfigJson(const StageProcessOptions& o) {
  std::string text = o.config_json;
  std::string where = "--config-json";
  if (!o.config_file.empty()) {
    std::ifstream in(o.config_file, std::ios::binary);
    if (!in) return Status::IoError("cannot read config file " + o.config_file);
    std::ostringstream buf;
    buf << in.rdbuf();
    text = buf.str();
    where = o.config_file;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return nlohmann::json(nullptr);
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded()) return parsed;
  if (o.config_file.empty()) return Status::InvalidArgument(where + ": not valid JSON");
  try {
    nlohmann::json j = YamlToJson(YAML::Load(text));
    if (j.is_object() && j.contains("config") && j.size() <= 4) return j["config"];
    return j;
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(where + ": neither JSON nor YAML: " + e.what());
  }
}

}  // namespace

int RunStageMain(int argc, char** argv, const StageSpec& spec) {
  std::string help;
  auto parsed = ParseStageOptions(argc, argv, spec.type, &help);
  if (!help.empty()) {
    std::fputs(help.c_str(), stdout);
    return 0;
  }
  if (!parsed.ok()) {
    std::fprintf(stderr, "newspipe-%s: %s\n", spec.type.c_str(), parsed.status().message().c_str());
    return 2;
  }
  StageProcessOptions o = std::move(parsed).value();
  if (o.standalone() && spec.kind == StageKind::kSource) o.once = true;
  SetUpLogging(o);
  LoadCrashPointsFromEnv();  // inert unless NEWSPIPE_CRASH_* asks for a forced crash.
  std::atomic<bool>& stop = InstallStopSignalHandlers();
  InstallCurveSecurityHook();  // tcp endpoints with keys configured get CURVE and a ZAP handler.

  auto given = LoadConfigJson(o);
  if (!given.ok()) {
    spdlog::error("{}", given.status().message());
    return 2;
  }
  std::vector<ConfigError> errors;
  Config config = ValidateConfig(spec, *given, &errors);
  if (!errors.empty()) {
    for (const auto& e : errors) {
      std::fprintf(stderr, "newspipe-%s: config: %s: %s\n", spec.type.c_str(), e.path.c_str(),
                   e.message.c_str());
    }
    return 2;
  }

  StageContext context;
  context.pipeline = o.pipeline;
  context.stage_name = o.stage_name;
  context.stage_type = o.stage_type;
  context.replica = o.replica;
  context.once = o.once;
  std::error_code ec;
  context.state_dir = o.state_dir.empty() ? std::filesystem::current_path(ec) : o.state_dir;
  std::filesystem::create_directories(context.state_dir, ec);
  if (ec) {
    spdlog::error("cannot create the state directory {}: {}", context.state_dir.string(),
                  ec.message());
    return 1;
  }
  context.state_dir = std::filesystem::absolute(context.state_dir, ec);

  if (!spec.create) {
    spdlog::error("stage type {} has no factory", spec.type);
    return 1;
  }
  Result<StageInstance> instance = Status::Internal("not created");
  try {
    instance = spec.create(config, context);
  } catch (const std::exception& e) {
    instance = Status::Internal(std::string("exception: ") + e.what());
  }
  if (!instance.ok()) {
    spdlog::error("cannot start: {}", instance.status().ToString());
    return instance.status().code() == Status::Code::kInvalidArgument ? 2 : 1;
  }
  spdlog::debug("started (pid {})", static_cast<int>(::getpid()));
  int code = RunStage(o, context, spec.kind, *instance, stop);
  if (stop.load() && code == 0) spdlog::info("stopped on signal {}", LastStopSignal());
  return code;
}

}  // namespace newspipe
