#include "runtime/config.h"

#include <charconv>

#include <nlohmann/json.hpp>

namespace newspipe {
namespace {

const nlohmann::json& NullJson() {
  static const nlohmann::json kNull;
  return kNull;
}

}  // namespace

Config::Config() : values_(std::make_shared<const nlohmann::json>(nlohmann::json::object())) {}

Config::Config(nlohmann::json values)
    : values_(std::make_shared<const nlohmann::json>(std::move(values))) {}

const nlohmann::json& Config::Raw(std::string_view name) const {
  auto it = values_->find(name);
  return it == values_->end() ? NullJson() : *it;
}

bool Config::Has(std::string_view name) const {
  auto it = values_->find(name);
  return it != values_->end() && !it->is_null();
}

std::string Config::GetString(std::string_view name) const {
  const auto& v = Raw(name);
  return v.is_string() ? v.get<std::string>() : std::string();
}

int64_t Config::GetInt(std::string_view name) const {
  const auto& v = Raw(name);
  return v.is_number() ? v.get<int64_t>() : 0;
}

double Config::GetDouble(std::string_view name) const {
  const auto& v = Raw(name);
  return v.is_number() ? v.get<double>() : 0.0;
}

bool Config::GetBool(std::string_view name) const {
  const auto& v = Raw(name);
  return v.is_boolean() && v.get<bool>();
}

std::chrono::milliseconds Config::GetDuration(std::string_view name) const {
  const auto& v = Raw(name);
  std::chrono::milliseconds out{0};
  if (v.is_number()) return std::chrono::milliseconds(v.get<int64_t>());
  if (v.is_string()) ParseDuration(v.get<std::string>(), &out);
  return out;
}

std::vector<std::string> Config::GetStringList(std::string_view name) const {
  std::vector<std::string> out;
  const auto& v = Raw(name);
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& item : v) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
  }
  return out;
}

// YAML strings may hold invalid UTF-8, which dump() would throw on.
std::string Config::ToJson() const {
  return values_->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool ParseDuration(std::string_view text, std::chrono::milliseconds* out) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return false;
  double number = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, number);
  if (ec != std::errc() || ptr == begin || number < 0) return false;
  std::string_view unit(ptr, static_cast<size_t>(end - ptr));
  double ms;
  if (unit.empty() || unit == "ms") {
    ms = number;
  } else if (unit == "s") {
    ms = number * 1000;
  } else if (unit == "m" || unit == "min") {
    ms = number * 60'000;
  } else if (unit == "h") {
    ms = number * 3'600'000;
  } else if (unit == "d") {
    ms = number * 86'400'000;
  } else {
    return false;
  }
  *out = std::chrono::milliseconds(static_cast<int64_t>(ms));
  return true;
}

}  // namespace newspipe
