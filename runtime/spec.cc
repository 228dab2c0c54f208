#include "runtime/spec.h"

#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

namespace newspipe {
namespace {

using nlohmann::json;

std::string FormatNumber(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// A value as JSON text for an error message; YAML strings may hold invalid UTF-8, which dump()
// would throw on.
std::string Show(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// Checks one value against its field; appends problems. May normalise `value` (a string to a
// list of one).
void CheckValue(const FieldSpec& field, json& value, std::vector<ConfigError>* errors) {
  auto fail = [&](std::string msg) { errors->push_back({field.name, std::move(msg)}); };
  auto check_bounds = [&](double v, std::string_view what) {
    if (field.min && v < *field.min) {
      fail("expected " + std::string(what) + " >= " + FormatNumber(*field.min) + ", got " +
           FormatNumber(v));
    } else if (field.max && v > *field.max) {
      fail("expected " + std::string(what) + " <= " + FormatNumber(*field.max) + ", got " +
           FormatNumber(v));
    }
  };
  switch (field.type) {
    case FieldType::kString:
      if (!value.is_string()) return fail("expected a string, got " + Show(value));
      if (!field.choices.empty()) {
        const auto s = value.get<std::string>();
        bool found = false;
        for (const auto& c : field.choices) found = found || c == s;
        if (!found) fail("expected one of " + JoinNames(field.choices) + ", got \"" + s + "\"");
      }
      return;
    case FieldType::kInt: {
      if (value.is_number_float()) {
        double d = value.get<double>();
        if (std::floor(d) != d) return fail("expected an integer, got " + Show(value));
        value = static_cast<int64_t>(d);
      }
      if (!value.is_number_integer()) return fail("expected an integer, got " + Show(value));
      return check_bounds(static_cast<double>(value.get<int64_t>()), "an integer");
    }
    case FieldType::kDouble:
      if (!value.is_number()) return fail("expected a number, got " + Show(value));
      return check_bounds(value.get<double>(), "a number");
    case FieldType::kBool:
      if (!value.is_boolean()) return fail("expected true or false, got " + Show(value));
      return;
    case FieldType::kDuration: {
      std::chrono::milliseconds ms{0};
      if (value.is_number() && value.get<double>() >= 0) {
        ms = std::chrono::milliseconds(value.get<int64_t>());
      } else if (!value.is_string() || !ParseDuration(value.get<std::string>(), &ms)) {
        return fail("expected a duration such as 500ms, 2s or 5m, got " + Show(value));
      }
      return check_bounds(static_cast<double>(ms.count()), "a duration (ms)");
    }
    case FieldType::kStringList:
      if (value.is_string()) value = json::array({value});
      if (!value.is_array()) return fail("expected a list of strings, got " + Show(value));
      for (size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string()) {
          errors->push_back({field.name + "[" + std::to_string(i) + "]",
                             "expected a string, got " + Show(value[i])});
        }
      }
      return;
    case FieldType::kObject:
      if (!value.is_object()) return fail("expected a mapping, got " + Show(value));
      return;
    case FieldType::kList:
      if (!value.is_array()) return fail("expected a list, got " + Show(value));
      return;
  }
}

}  // namespace

std::string_view FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "string";
    case FieldType::kInt:
      return "integer";
    case FieldType::kDouble:
      return "number";
    case FieldType::kBool:
      return "bool";
    case FieldType::kDuration:
      return "duration";
    case FieldType::kStringList:
      return "list of strings";
    case FieldType::kObject:
      return "mapping";
    case FieldType::kList:
      return "list";
  }
  return "?";
}

std::string_view StageKindName(StageKind kind) {
  switch (kind) {
    case StageKind::kSource:
      return "source";
    case StageKind::kProcessor:
      return "processor";
    case StageKind::kSink:
      return "sink";
  }
  return "?";
}

const FieldSpec* StageSpec::FindField(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

Config ValidateConfig(const StageSpec& spec, const json& given, std::vector<ConfigError>* errors) {
  json values = json::object();
  const size_t errors_before = errors->size();
  if (!given.is_null() && !given.is_object()) {
    errors->push_back({"", "expected a mapping of config fields, got " + Show(given)});
  } else if (given.is_object()) {
    std::vector<std::string> valid;
    for (const auto& f : spec.fields) valid.push_back(f.name);
    for (const auto& [key, value] : given.items()) {
      const FieldSpec* field = spec.FindField(key);
      if (field == nullptr) {
        errors->push_back({key, "unknown field for stage type " + spec.type +
                                    "; valid fields: " + JoinNames(valid)});
        continue;
      }
      json v = value;
      if (v.is_null()) continue;
      CheckValue(*field, v, errors);
      values[key] = std::move(v);
    }
  }
  for (const auto& f : spec.fields) {
    if (values.contains(f.name)) continue;
    if (f.required) {
      errors->push_back({f.name, "required field is missing (" + f.description + ")"});
    } else if (!f.default_json.empty()) {
      json v = json::parse(f.default_json, nullptr, false);
      if (!v.is_discarded()) values[f.name] = std::move(v);
    }
  }
  Config config(std::move(values));
  if (errors->size() == errors_before && spec.lint) {
    for (auto& msg : spec.lint(config)) {
      auto colon = msg.find(": ");
      if (colon == std::string::npos) {
        errors->push_back({"", msg});
      } else {
        errors->push_back({msg.substr(0, colon), msg.substr(colon + 2)});
      }
    }
  }
  return config;
}

FieldSpec StringField(std::string name, std::string default_value, std::string description,
                      std::vector<std::string> choices) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = FieldType::kString;
  f.description = std::move(description);
  f.default_json = json(default_value).dump();
  f.choices = std::move(choices);
  return f;
}

FieldSpec IntField(std::string name, int64_t default_value, std::string description,
                   std::optional<double> min, std::optional<double> max) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = FieldType::kInt;
  f.description = std::move(description);
  f.default_json = json(default_value).dump();
  f.min = min;
  f.max = max;
  return f;
}

FieldSpec DoubleField(std::string name, double default_value, std::string description,
                      std::optional<double> min, std::optional<double> max) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = FieldType::kDouble;
  f.description = std::move(description);
  f.default_json = json(default_value).dump();
  f.min = min;
  f.max = max;
  return f;
}

FieldSpec BoolField(std::string name, bool default_value, std::string description) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = FieldType::kBool;
  f.description = std::move(description);
  f.default_json = json(default_value).dump();
  return f;
}

FieldSpec DurationField(std::string name, std::string default_value, std::string description,
                        std::optional<double> min_ms) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = FieldType::kDuration;
  f.description = std::move(description);
  f.default_json = json(default_value).dump();
  f.min = min_ms;
  return f;
}

FieldSpec StringListField(std::string name, std::vector<std::string> default_value,
                          std::string description) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = FieldType::kStringList;
  f.description = std::move(description);
  f.default_json = json(default_value).dump();
  return f;
}

FieldSpec Required(FieldSpec field) {
  field.required = true;
  field.default_json.clear();
  return field;
}

FieldSpec Optional(FieldSpec field) {
  field.required = false;
  field.default_json.clear();
  return field;
}

std::string RenderSpecText(const StageSpec& spec) {
  std::ostringstream out;
  out << spec.type << " (" << StageKindName(spec.kind) << "): " << spec.summary << "\n";
  for (const auto& f : spec.fields) {
    out << "  " << f.name << " (" << FieldTypeName(f.type);
    if (f.required) {
      out << ", required";
    } else if (!f.default_json.empty()) {
      out << ", default " << f.default_json;
    }
    out << ")";
    if (f.min || f.max) {
      out << " [" << (f.min ? FormatNumber(*f.min) : "") << ".."
          << (f.max ? FormatNumber(*f.max) : "") << "]";
    }
    out << ": " << f.description;
    if (!f.choices.empty()) out << " One of: " << JoinNames(f.choices) << ".";
    out << "\n";
  }
  return out.str();
}

std::string RenderSpecsMarkdown(const std::vector<const StageSpec*>& specs) {
  std::ostringstream out;
  out << "# Stage types\n\n"
      << "Generated by `newspipe stages --docs` from the stage specs; do not edit by hand.\n";
  for (const StageSpec* spec : specs) {
    out << "\n## `" << spec->type << "` (" << StageKindName(spec->kind) << ")\n\n"
        << spec->summary << "\n";
    if (!spec->description.empty()) out << "\n" << spec->description << "\n";
    out << "\n| field | type | default | description |\n|---|---|---|---|\n";
    for (const auto& f : spec->fields) {
      std::string def =
          f.required ? "required" : (f.default_json.empty() ? "unset" : "`" + f.default_json + "`");
      std::string desc = f.description;
      if (f.min && f.max) {
        desc += " Range: " + FormatNumber(*f.min) + " to " + FormatNumber(*f.max) + ".";
      } else if (f.min) {
        desc += " At least " + FormatNumber(*f.min) + ".";
      } else if (f.max) {
        desc += " At most " + FormatNumber(*f.max) + ".";
      }
      if (!f.choices.empty()) desc += " One of: " + JoinNames(f.choices) + ".";
      out << "| `" << f.name << "` | " << FieldTypeName(f.type) << " | " << def << " | " << desc
          << " |\n";
    }
    for (const auto& ex : spec->examples) out << "\nExample:\n\n```yaml\n" << ex << "\n```\n";
  }
  return out.str();
}

}  // namespace newspipe
