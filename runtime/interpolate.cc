#include "runtime/interpolate.h"

#include <cstdlib>

namespace newspipe {
namespace {

bool IsNameChar(char c, bool first) {
  if (c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return true;
  return !first && c >= '0' && c <= '9';
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<std::string> Interpolate(std::string_view text, const EnvLookup& lookup) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c != '$' || i + 1 >= text.size()) {
      out += c;
      ++i;
      continue;
    }
    if (text[i + 1] == '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (text[i + 1] != '{') {
      out += c;
      ++i;
      continue;
    }
    const size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      return Status::InvalidArgument("unterminated \"${\" in \"" + std::string(text) + "\"");
    }
    const std::string_view inner = text.substr(i + 2, close - i - 2);
    size_t name_end = 0;
    while (name_end < inner.size() && IsNameChar(inner[name_end], name_end == 0)) ++name_end;
    const std::string name(inner.substr(0, name_end));
    if (name.empty()) {
      return Status::InvalidArgument("bad variable reference \"${" + std::string(inner) +
                                     "}\": expected ${NAME} or ${NAME:-default}");
    }
    std::optional<std::string> fallback;
    if (name_end < inner.size()) {
      if (inner.substr(name_end, 2) != ":-") {
        return Status::InvalidArgument("bad variable reference \"${" + std::string(inner) +
                                       "}\": expected ${NAME} or ${NAME:-default}");
      }
      fallback = std::string(inner.substr(name_end + 2));
    }
    std::optional<std::string> value = lookup(name);
    if (value && (!value->empty() || !fallback)) {
      out += *value;
    } else if (fallback) {
      out += *fallback;
    } else {
      return Status::InvalidArgument("${" + name + "} is not set and has no default");
    }
    i = close + 1;
  }
  return out;
}

}  // namespace newspipe
