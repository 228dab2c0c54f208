// StageRegistry: the stage types a binary knows, by type name. The runtime knows no particular
// stage; stages/builtin.h registers the built-in ones. Not thread-safe while being filled;
// read-only use afterwards is safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/spec.h"

namespace newspipe {

class StageRegistry {
 public:
  // REQUIRES: no spec of the same type was added before.
  void Add(StageSpec spec);
  const StageSpec* Find(std::string_view type) const;  // null when unknown.
  std::vector<std::string> Types() const;              // sorted.
  std::vector<const StageSpec*> All() const;           // sorted by type.

 private:
  std::vector<StageSpec> specs_;
};

}  // namespace newspipe
