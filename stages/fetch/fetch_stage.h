// The fetch stage: its spec (config fields, docs) and factory.
#pragma once

#include "runtime/spec.h"

namespace newspipe {

StageSpec FetchSpec();

}  // namespace newspipe
