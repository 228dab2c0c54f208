// The clean stage: its spec (config fields, docs) and factory.
#pragma once

#include "runtime/spec.h"

namespace newspipe {

StageSpec CleanSpec();

}  // namespace newspipe
