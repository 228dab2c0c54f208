#include "runtime/pipeline.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "runtime/interpolate.h"

namespace newspipe {
namespace {

using nlohmann::json;

const std::vector<std::string> kTopKeys = {"pipeline",   "state_dir", "transport",
                                           "supervisor", "delivery",  "stages"};
const std::vector<std::string> kStageKeys = {"name", "type",   "command", "replicas",
                                             "from", "listen", "connect", "config"};
const std::vector<std::string> kTransportKeys = {
    "kind", "host", "base_port", "high_water_mark", "max_message_bytes", "curve"};
const std::vector<std::string> kCurveKeys = {"server_secret_key", "server_public_key",
                                             "client_secret_key", "client_public_key",
                                             "client_keys"};
const std::vector<std::string> kSupervisorKeys = {"restart_initial",     "restart_max",
                                                  "crash_loop_restarts", "crash_loop_window",
                                                  "heartbeat_interval",  "hung_after"};
const std::vector<std::string> kDeliveryKeys = {"ack_timeout", "max_attempts", "window",
                                                "max_crashes", "acks"};

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

std::string Describe(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool IsPlainInteger(const std::string& s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i >= s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool IsPlainFloat(const std::string& s, double* out) {
  if (s.empty()) return false;
  bool has_digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      has_digit = true;
    } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
      return false;
    }
  }
  if (!has_digit) return false;
  char* end = nullptr;
  errno = 0;
  *out = std::strtod(s.c_str(), &end);
  return errno == 0 && end == s.c_str() + s.size();
}

// Everything known while checking one file: where each path sits and what went wrong.
class Checker {
 public:
  Checker(std::string file, EnvLookup env) : file_(std::move(file)), env_(std::move(env)) {}

  void Error(const std::string& path, std::string message) {
    errors_.push_back({file_, LineOf(path), path, std::move(message)});
  }
  void ErrorAt(int line, const std::string& path, std::string message) {
    errors_.push_back({file_, line, path, std::move(message)});
  }

  // The line of `path`, or of its nearest ancestor that has one.
  int LineOf(std::string path) const {
    while (true) {
      auto it = lines_.find(path);
      if (it != lines_.end()) return it->second;
      if (path.empty()) return 0;
      const size_t cut = path.find_last_of(".[");
      path = cut == std::string::npos ? std::string() : path.substr(0, cut);
    }
  }

  // Converts a YAML node to JSON, interpolating ${VAR} in every string scalar and recording the
  // line of every path. Plain scalars are typed the YAML 1.2 core way (null, bool, int, float,
  // else string); quoted scalars stay strings.
  json Convert(const YAML::Node& node, const std::string& path) {
    const int line = node.Mark().line >= 0 ? node.Mark().line + 1 : LineOf(path);
    if (!lines_.count(path)) lines_[path] = line;
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return nullptr;
      case YAML::NodeType::Scalar: {
        const std::string& raw = node.Scalar();
        auto expanded = Interpolate(raw, env_);
        if (!expanded.ok()) {
          ErrorAt(line, path, expanded.status().message());
          return raw;
        }
        std::string s = std::move(expanded).value();
        if (node.Tag() == "!") return s;  // quoted: always a string.
        if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
        if (s == "true" || s == "True" || s == "TRUE") return true;
        if (s == "false" || s == "False" || s == "FALSE") return false;
        if (IsPlainInteger(s)) {
          errno = 0;
          const long long v = std::strtoll(s.c_str(), nullptr, 10);
          if (errno == 0) return static_cast<int64_t>(v);
        }
        double d = 0;
        if (IsPlainFloat(s, &d)) return d;
        return s;
      }
      case YAML::NodeType::Sequence: {
        json out = json::array();
        for (size_t i = 0; i < node.size(); ++i) {
          out.push_back(Convert(node[i], path + "[" + std::to_string(i) + "]"));
        }
        return out;
      }
      case YAML::NodeType::Map: {
        json out = json::object();
        for (auto it = node.begin(); it != node.end(); ++it) {
          const int key_line = it->first.Mark().line + 1;
          if (!it->first.IsScalar()) {
            ErrorAt(key_line, path, "keys must be plain names");
            continue;
          }
          const std::string key = it->first.Scalar();
          const std::string child = path.empty() ? key : path + "." + key;
          if (out.contains(key)) {
            ErrorAt(key_line, child, "duplicate key \"" + key + "\"");
            continue;
          }
          lines_[child] = key_line;
          out[key] = Convert(it->second, child);
        }
        return out;
      }
    }
    return nullptr;
  }

  // Unknown keys of a mapping, each reported with the valid ones.
  void CheckKeys(const json& object, const std::string& path, const std::vector<std::string>& valid,
                 std::string_view what) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(valid.begin(), valid.end(), key) == valid.end()) {
        Error(Child(path, key),
              "unknown " + std::string(what) + " key \"" + key + "\"; valid keys: " + Join(valid));
      }
    }
  }

  static std::string Child(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  bool GetString(const json& object, const std::string& path, const std::string& key,
                 std::string* out) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return false;
    if (it->is_string()) {
      *out = it->get<std::string>();
      return true;
    }
    if (it->is_number() || it->is_boolean()) {  // `from: 2020` is still a name.
      *out = Describe(*it);
      return true;
    }
    Error(Child(path, key), "expected a string, got " + Describe(*it));
    return false;
  }

  bool GetInt(const json& object, const std::string& path, const std::string& key, int64_t min,
              int64_t max, int64_t* out) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return false;
    const std::string p = Child(path, key);
    if (!it->is_number_integer()) {
      Error(p, "expected an integer, got " + Describe(*it));
      return false;
    }
    const int64_t v = it->get<int64_t>();
    if (v < min) {
      Error(p, "expected an integer >= " + std::to_string(min) + ", got " + std::to_string(v));
      return false;
    }
    if (v > max) {
      Error(p, "expected an integer <= " + std::to_string(max) + ", got " + std::to_string(v));
      return false;
    }
    *out = v;
    return true;
  }

  void GetDuration(const json& object, const std::string& path, const std::string& key,
                   int64_t min_ms, std::chrono::milliseconds* out) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return;
    const std::string p = Child(path, key);
    std::chrono::milliseconds ms{0};
    if (it->is_number_integer() && it->get<int64_t>() >= 0) {
      ms = std::chrono::milliseconds(it->get<int64_t>());
    } else if (!it->is_string() || !ParseDuration(it->get<std::string>(), &ms)) {
      Error(p, "expected a duration such as 500ms, 2s or 5m, got " + Describe(*it));
      return;
    }
    if (ms.count() < min_ms) {
      Error(p, "expected a duration >= " + std::to_string(min_ms) + "ms, got " + Describe(*it));
      return;
    }
    *out = ms;
  }

  // A mapping section, or null when absent. Reports a non-mapping.
  const json* Section(const json& object, const std::string& path, const std::string& key) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    if (!it->is_object()) {
      Error(Child(path, key), "expected a mapping, got " + Describe(*it));
      return nullptr;
    }
    return &*it;
  }

  std::vector<PipelineError>& errors() { return errors_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  EnvLookup env_;
  std::map<std::string, int> lines_;
  std::vector<PipelineError> errors_;
};

bool IsValidName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

void LoadTransport(Checker& c, const json& root, TransportDef* t) {
  const json* s = c.Section(root, "", "transport");
  if (s == nullptr) return;
  c.CheckKeys(*s, "transport", kTransportKeys, "transport");
  if (c.GetString(*s, "transport", "kind", &t->kind) && t->kind != "ipc" && t->kind != "tcp") {
    c.Error("transport.kind", "expected one of ipc, tcp, got \"" + t->kind + "\"");
  }
  c.GetString(*s, "transport", "host", &t->host);
  int64_t v = 0;
  if (c.GetInt(*s, "transport", "base_port", 1, 65535, &v)) t->base_port = static_cast<int>(v);
  if (c.GetInt(*s, "transport", "high_water_mark", 1, 10'000'000, &v)) {
    t->high_water_mark = static_cast<int>(v);
  }
  if (c.GetInt(*s, "transport", "max_message_bytes", 1024, INT64_MAX, &v)) {
    t->max_message_bytes = v;
  }
  if (const json* curve = c.Section(*s, "transport", "curve")) {
    c.CheckKeys(*curve, "transport.curve", kCurveKeys, "curve");
    c.GetString(*curve, "transport.curve", "server_secret_key", &t->curve_server_secret_key);
    c.GetString(*curve, "transport.curve", "server_public_key", &t->curve_server_public_key);
    c.GetString(*curve, "transport.curve", "client_secret_key", &t->curve_client_secret_key);
    c.GetString(*curve, "transport.curve", "client_public_key", &t->curve_client_public_key);
    c.GetString(*curve, "transport.curve", "client_keys", &t->curve_client_keys);
  }
}

void LoadSupervisor(Checker& c, const json& root, SupervisorDef* sup) {
  const json* s = c.Section(root, "", "supervisor");
  if (s == nullptr) return;
  const std::string p = "supervisor";
  c.CheckKeys(*s, p, kSupervisorKeys, "supervisor");
  c.GetDuration(*s, p, "restart_initial", 1, &sup->restart_initial);
  c.GetDuration(*s, p, "restart_max", 1, &sup->restart_max);
  int64_t v = 0;
  if (c.GetInt(*s, p, "crash_loop_restarts", 1, 1'000'000, &v)) {
    sup->crash_loop_restarts = static_cast<int>(v);
  }
  c.GetDuration(*s, p, "crash_loop_window", 1, &sup->crash_loop_window);
  c.GetDuration(*s, p, "heartbeat_interval", 10, &sup->heartbeat_interval);
  c.GetDuration(*s, p, "hung_after", 10, &sup->hung_after);
  if (sup->restart_max < sup->restart_initial) {
    c.Error(p + ".restart_max", "must be >= restart_initial");
  }
  if (sup->hung_after <= sup->heartbeat_interval) {
    c.Error(p + ".hung_after", "must be longer than heartbeat_interval");
  }
}

void LoadDelivery(Checker& c, const json& root, DeliveryDef* d) {
  const json* s = c.Section(root, "", "delivery");
  if (s == nullptr) return;
  const std::string p = "delivery";
  c.CheckKeys(*s, p, kDeliveryKeys, "delivery");
  c.GetDuration(*s, p, "ack_timeout", 1, &d->ack_timeout);
  int64_t v = 0;
  if (c.GetInt(*s, p, "max_attempts", 1, 1'000'000, &v)) d->max_attempts = static_cast<int>(v);
  if (c.GetInt(*s, p, "window", 1, 100'000'000, &v)) d->window = static_cast<int>(v);
  if (c.GetInt(*s, p, "max_crashes", 1, 1'000'000, &v)) d->max_crashes = static_cast<int>(v);
  if (auto it = s->find("acks"); it != s->end()) {
    if (it->is_boolean()) {
      d->acks = it->get<bool>();
    } else {
      c.Error(p + ".acks", "expected true or false");
    }
  }
}

void LoadStages(Checker& c, const json& root, const StageRegistry& registry,
                std::vector<StageDef>* stages) {
  auto it = root.find("stages");
  if (it == root.end() || it->is_null()) {
    c.Error("", "missing \"stages\": a pipeline needs at least a source stage");
    return;
  }
  if (!it->is_array() || it->empty()) {
    c.Error("stages", "expected a non-empty list of stages, got " + Describe(*it));
    return;
  }
  const json& list = *it;
  std::map<std::string, size_t> index_of;
  std::vector<const StageSpec*> specs;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string p = "stages[" + std::to_string(i) + "]";
    const json& item = list[i];
    StageDef def;
    def.line = c.LineOf(p);
    const StageSpec* spec = nullptr;
    if (!item.is_object()) {
      c.Error(p, "expected a mapping with at least `type:`, got " + Describe(item));
      stages->push_back(std::move(def));
      specs.push_back(nullptr);
      continue;
    }
    c.CheckKeys(item, p, kStageKeys, "stage");
    c.GetString(item, p, "type", &def.type);
    if (auto cmd = item.find("command"); cmd != item.end() && !cmd->is_null()) {
      if (cmd->is_string()) {
        def.command.push_back(cmd->get<std::string>());
      } else if (cmd->is_array() && !cmd->empty()) {
        for (size_t k = 0; k < cmd->size(); ++k) {
          const json& arg = (*cmd)[k];
          if (arg.is_string()) {
            def.command.push_back(arg.get<std::string>());
          } else if (arg.is_number() || arg.is_boolean()) {
            def.command.push_back(Describe(arg));
          } else {
            c.Error(p + ".command[" + std::to_string(k) + "]",
                    "expected a string, got " + Describe(arg));
          }
        }
      } else {
        c.Error(p + ".command",
                "expected a program and its arguments as a list, got " + Describe(*cmd));
      }
    }
    if (!def.type.empty()) {
      spec = registry.Find(def.type);
      if (spec == nullptr) {
        c.Error(p + ".type",
                "unknown stage type \"" + def.type + "\"; known types: " + Join(registry.Types()));
      }
    } else if (def.command.empty()) {
      c.Error(p, "a stage needs `type:` (one of " + Join(registry.Types()) + ") or `command:`");
    }
    if (!c.GetString(item, p, "name", &def.name)) def.name = def.type;
    if (def.name.empty()) {
      c.Error(p, "a stage given by `command:` needs a `name:`");
    } else if (!IsValidName(def.name)) {
      c.Error(p + ".name", "\"" + def.name + "\" is not a valid name: use a-z, 0-9, _ and -");
    } else if (index_of.count(def.name)) {
      c.Error(p + ".name", "duplicate stage name \"" + def.name + "\" (also stages[" +
                               std::to_string(index_of[def.name]) +
                               "]); give one of them a different `name:`");
    } else {
      index_of[def.name] = i;
    }
    int64_t replicas = 1;
    if (c.GetInt(item, p, "replicas", 1, 1024, &replicas)) {
      def.replicas = static_cast<uint32_t>(replicas);
    }
    c.GetString(item, p, "from", &def.from);
    c.GetString(item, p, "listen", &def.listen);
    c.GetString(item, p, "connect", &def.connect);
    const json empty_config = nullptr;
    auto config_it = item.find("config");
    const json& given = config_it == item.end() ? empty_config : *config_it;
    if (spec != nullptr) {
      std::vector<ConfigError> config_errors;
      def.config = ValidateConfig(*spec, given, &config_errors);
      for (const auto& e : config_errors) {
        c.Error(p + ".config" + (e.path.empty() ? "" : "." + e.path), e.message);
      }
    } else if (given.is_object()) {
      def.config = Config(given);  // an external program's config is its own business.
    } else if (!given.is_null()) {
      c.Error(p + ".config", "expected a mapping, got " + Describe(given));
    }
    stages->push_back(std::move(def));
    specs.push_back(spec);
  }

  for (size_t i = 0; i < stages->size(); ++i) {
    StageDef& def = (*stages)[i];
    if (specs[i] != nullptr) {
      def.kind = specs[i]->kind;
    } else if (i == 0) {
      def.kind = StageKind::kSource;
    } else if (i + 1 == stages->size()) {
      def.kind = StageKind::kSink;
    }
  }

  // Wiring: a source first, one upstream per stage, no stage feeding two.
  std::map<std::string, std::string> fed_by;  // upstream name -> downstream name.
  for (size_t i = 0; i < stages->size(); ++i) {
    StageDef& def = (*stages)[i];
    const std::string p = "stages[" + std::to_string(i) + "]";
    const bool is_source = specs[i] != nullptr && specs[i]->kind == StageKind::kSource;
    if (i == 0) {
      if (def.replicas > 1) {
        c.Error(p + ".replicas",
                "the source runs as one replica (its outbox is the record of "
                "what it sent); give replicas to the stages after it");
      }
      if (specs[0] != nullptr && !is_source) {
        c.Error(p + ".type", "the first stage must be a source; \"" + def.type + "\" is a " +
                                 std::string(StageKindName(specs[0]->kind)));
      }
      if (!def.from.empty()) c.Error(p + ".from", "the first stage (the source) takes no `from:`");
      continue;
    }
    if (is_source) {
      c.Error(p + ".type", "a source must be the first stage; \"" + def.name +
                               "\" is a source at position " + std::to_string(i));
    }
    if (def.from.empty()) {
      def.from = (*stages)[i - 1].name;
    } else {
      auto found = index_of.find(def.from);
      if (found == index_of.end()) {
        std::vector<std::string> names;
        for (const auto& s : *stages) {
          if (!s.name.empty()) names.push_back(s.name);
        }
        c.Error(p + ".from", "no stage named \"" + def.from + "\"; stages: " + Join(names));
        continue;
      }
      if (found->second >= i) {
        c.Error(p + ".from",
                "\"" + def.from + "\" must come before \"" + def.name + "\" in the list of stages");
        continue;
      }
    }
    auto [pos, inserted] = fed_by.emplace(def.from, def.name);
    if (!inserted) {
      c.Error(p + ".from", "\"" + def.from + "\" already feeds \"" + pos->second +
                               "\"; a stage has one downstream stage");
    }
    const size_t up = index_of.count(def.from) ? index_of[def.from] : i - 1;
    if (specs[up] != nullptr && specs[up]->kind == StageKind::kSink) {
      c.Error(p + ".from", "\"" + def.from + "\" is a sink; it sends nothing downstream");
    }
  }
}

}  // namespace

const StageDef* PipelineDef::FindStage(std::string_view name) const {
  for (const auto& s : stages) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const StageDef* PipelineDef::FindStageOfType(std::string_view type) const {
  for (const auto& s : stages) {
    if (s.type == type) return &s;
  }
  return nullptr;
}

std::string PipelineError::ToString() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (!path.empty()) out += path + ": ";
  out += message;
  return out;
}

Result<PipelineDef> LoadPipelineFromString(const std::string& yaml, const std::string& file,
                                           const StageRegistry& registry,
                                           std::vector<PipelineError>* errors) {
  Checker c(file, ProcessEnvironment());
  PipelineDef def;
  def.file = file;
  json root;
  try {
    YAML::Node node = YAML::Load(yaml);
    root = c.Convert(node, "");
  } catch (const YAML::Exception& e) {
    c.ErrorAt(e.mark.line >= 0 ? e.mark.line + 1 : 0, "", "YAML: " + e.msg);
  }
  if (c.errors().empty()) {
    if (!root.is_object()) {
      c.Error("", "expected a mapping with `pipeline:` and `stages:`, got " +
                      (root.is_null() ? std::string("an empty file") : Describe(root)));
    } else {
      c.CheckKeys(root, "", kTopKeys, "top-level");
      if (c.GetString(root, "", "pipeline", &def.name)) {
        if (!IsValidName(def.name)) {
          c.Error("pipeline", "\"" + def.name + "\" is not a valid name: use a-z, 0-9, _ and -");
        }
      } else {
        c.Error("", "missing `pipeline:` (the pipeline's name)");
      }
      std::string state_dir;
      if (!c.GetString(root, "", "state_dir", &state_dir)) state_dir = "var/" + def.name;
      if (state_dir.empty()) {
        c.Error("state_dir", "must not be empty");
      } else {
        std::error_code ec;
        def.state_dir = std::filesystem::absolute(state_dir, ec).lexically_normal();
        if (ec) c.Error("state_dir", "cannot resolve \"" + state_dir + "\": " + ec.message());
      }
      LoadTransport(c, root, &def.transport);
      LoadSupervisor(c, root, &def.supervisor);
      LoadDelivery(c, root, &def.delivery);
      LoadStages(c, root, registry, &def.stages);
    }
  }
  auto& all = c.errors();
  if (all.empty()) return def;
  std::stable_sort(all.begin(), all.end(),
                   [](const PipelineError& a, const PipelineError& b) { return a.line < b.line; });
  std::string message;
  for (const auto& e : all) {
    if (!message.empty()) message += "\n";
    message += e.ToString();
  }
  if (errors != nullptr) *errors = all;
  return Status::InvalidArgument(message);
}

Result<PipelineDef> LoadPipeline(const std::filesystem::path& file, const StageRegistry& registry,
                                 std::vector<PipelineError>* errors) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    PipelineError e{file.string(), 0, "", "cannot read the pipeline file"};
    if (errors != nullptr) *errors = {e};
    return Status::NotFound(e.ToString());
  }
  std::ostringstream text;
  text << in.rdbuf();
  return LoadPipelineFromString(text.str(), file.string(), registry, errors);
}

}  // namespace newspipe
