// The clean stage: its spec (config fields, docs) and factory. The stage turns fetch.raw into
// typed blocks, page signals and the article body (see cleaner.h).
#pragma once

#include "runtime/spec.h"
#include "stages/clean/cleaner.h"

namespace newspipe {

StageSpec CleanSpec();

// The CleanOptions a validated clean config describes.
CleanOptions CleanOptionsFromConfig(const Config& config);

}  // namespace newspipe
