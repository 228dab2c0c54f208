// StageSpec: a stage type declared once. Its typed fields (with defaults, bounds and docs) drive
// config validation in `newspipe validate` and the supervisor, the `newspipe stages` listing, the
// rendered docs (docs/stages.md) and the stage's factory. Specs are plain values; the registry
// (runtime/registry.h) holds the known ones.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "runtime/config.h"
#include "runtime/stage.h"
#include "runtime/status.h"

namespace newspipe {

enum class FieldType {
  kString,
  kInt,
  kDouble,
  kBool,
  kDuration,    // "250ms", "2s", "5m", or milliseconds.
  kStringList,  // a list of strings (a single string is accepted as a list of one).
  kObject,      // free-form mapping, checked by the stage's lint function.
  kList,        // free-form list, checked by the stage's lint function.
};

std::string_view FieldTypeName(FieldType type);

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kString;
  std::string description;
  std::string default_json;  // JSON text of the default; empty: no default.
  bool required = false;
  std::optional<double> min;  // numbers and durations (ms): inclusive bounds.
  std::optional<double> max;
  std::vector<std::string> choices;  // strings: the allowed values, when not empty.
};

enum class StageKind { kSource, kProcessor, kSink };
std::string_view StageKindName(StageKind kind);

struct StageSpec {
  std::string type;  // fetch, clean, extract, store, ...
  StageKind kind = StageKind::kProcessor;
  std::string summary;      // one line.
  std::string description;  // a paragraph or more, Markdown.
  std::vector<FieldSpec> fields;
  std::vector<std::string> examples;  // YAML snippets of a `config:` block.
  // Cross-field checks on an already type-checked config; each message is "field: problem".
  std::function<std::vector<std::string>(const Config&)> lint;
  // Creates a stage instance. REQUIRES: `config` was validated against this spec.
  std::function<Result<StageInstance>(const Config&, const StageContext&)> create;

  const FieldSpec* FindField(std::string_view name) const;
};

// One problem in a config: `path` like "max_chars" or "feeds[2].url", and what is wrong.
struct ConfigError {
  std::string path;
  std::string message;
};

// Checks `given` (a JSON object, or null for "no config") against `spec`: unknown keys (with the
// valid ones listed), types, bounds, choices, required fields, then the spec's lint. Fills in
// defaults. Returns every problem at once in `errors`; the Config is valid only when `errors` is
// empty.
Config ValidateConfig(const StageSpec& spec, const nlohmann::json& given,
                      std::vector<ConfigError>* errors);

// Small builders for readable spec tables.
FieldSpec StringField(std::string name, std::string default_value, std::string description,
                      std::vector<std::string> choices = {});
FieldSpec IntField(std::string name, int64_t default_value, std::string description,
                   std::optional<double> min = std::nullopt,
                   std::optional<double> max = std::nullopt);
FieldSpec DoubleField(std::string name, double default_value, std::string description,
                      std::optional<double> min = std::nullopt,
                      std::optional<double> max = std::nullopt);
FieldSpec BoolField(std::string name, bool default_value, std::string description);
FieldSpec DurationField(std::string name, std::string default_value, std::string description,
                        std::optional<double> min_ms = std::nullopt);
FieldSpec StringListField(std::string name, std::vector<std::string> default_value,
                          std::string description);
// A field with no default that must be given.
FieldSpec Required(FieldSpec field);
// A field with no default that may be left out (Config::Has() tells).
FieldSpec Optional(FieldSpec field);

// Renders specs as Markdown (docs/stages.md) and as a short listing for `newspipe stages`.
std::string RenderSpecsMarkdown(const std::vector<const StageSpec*>& specs);
std::string RenderSpecText(const StageSpec& spec);

}  // namespace newspipe
