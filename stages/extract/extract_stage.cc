// Placeholder spec for the extract stage; replaced by the real stage.
#include "stages/extract/extract_stage.h"

namespace newspipe {

StageSpec ExtractSpec() {
  StageSpec spec;
  spec.type = "extract";
  spec.kind = StageKind::kProcessor;
  spec.summary = "(not built yet)";
  spec.create = [](const Config&, const StageContext&) -> Result<StageInstance> {
    return Status::Internal("the extract stage is not built yet");
  };
  return spec;
}

}  // namespace newspipe
