// Placeholder spec for the clean stage; replaced by the real stage.
#include "stages/clean/clean_stage.h"

namespace newspipe {

StageSpec CleanSpec() {
  StageSpec spec;
  spec.type = "clean";
  spec.kind = StageKind::kProcessor;
  spec.summary = "(not built yet)";
  spec.create = [](const Config&, const StageContext&) -> Result<StageInstance> {
    return Status::Internal("the clean stage is not built yet");
  };
  return spec;
}

}  // namespace newspipe
