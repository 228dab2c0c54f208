#include "runtime/registry.h"

#include <algorithm>

namespace newspipe {

void StageRegistry::Add(StageSpec spec) { specs_.push_back(std::move(spec)); }

const StageSpec* StageRegistry::Find(std::string_view type) const {
  for (const auto& spec : specs_) {
    if (spec.type == type) return &spec;
  }
  return nullptr;
}

std::vector<std::string> StageRegistry::Types() const {
  std::vector<std::string> out;
  for (const auto& spec : specs_) out.push_back(spec.type);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<const StageSpec*> StageRegistry::All() const {
  std::vector<const StageSpec*> out;
  for (const auto& spec : specs_) out.push_back(&spec);
  std::sort(out.begin(), out.end(),
            [](const StageSpec* a, const StageSpec* b) { return a->type < b->type; });
  return out;
}

}  // namespace newspipe
