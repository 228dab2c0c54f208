// Placeholder; replaced by the runtime's stage runner.
#include "runtime/stage_main.h"

#include <cstdio>

namespace newspipe {

int RunStageMain(int argc, char** argv, const StageSpec& spec) {
  std::fprintf(stderr, "newspipe-%s: the stage runner is not built yet\n", spec.type.c_str());
  return 1;
}

}  // namespace newspipe
