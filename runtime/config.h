// Config: the validated configuration of one stage instance.
//
// Built by ValidateConfig() (runtime/spec.h) from the YAML `config:` block of a stage, with every
// field the spec declares present (given or defaulted) and type-checked, so the getters cannot
// fail for declared fields. REQUIRES: `name` is a field of the stage's spec with the getter's
// type. Immutable and cheap to copy; safe to share between threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace newspipe {

class Config {
 public:
  Config();
  explicit Config(nlohmann::json values);  // REQUIRES: an object.

  std::string GetString(std::string_view name) const;
  int64_t GetInt(std::string_view name) const;
  double GetDouble(std::string_view name) const;
  bool GetBool(std::string_view name) const;
  std::chrono::milliseconds GetDuration(std::string_view name) const;
  std::vector<std::string> GetStringList(std::string_view name) const;
  // Objects and lists of objects, as JSON.
  const nlohmann::json& Raw(std::string_view name) const;
  // True when the field has a value (given, or a default); false for unset optional fields.
  bool Has(std::string_view name) const;
  const nlohmann::json& All() const { return *values_; }
  // The whole config as compact JSON text (how the supervisor hands it to a stage process).
  std::string ToJson() const;

 private:
  std::shared_ptr<const nlohmann::json> values_;
};

// Parses "250ms", "2s", "5m", "1h", "1d" or a bare number of milliseconds.
// Returns false when `text` is not a duration.
bool ParseDuration(std::string_view text, std::chrono::milliseconds* out);

}  // namespace newspipe
