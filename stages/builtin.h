// The built-in stage types (fetch, clean, extract, store), registered in one registry.
#pragma once

#include "runtime/registry.h"

namespace newspipe {

// The registry of every built-in stage type; built once, read-only, safe from any thread.
const StageRegistry& BuiltinStages();

}  // namespace newspipe
