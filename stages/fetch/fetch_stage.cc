// Placeholder spec for the fetch stage; replaced by the real stage.
#include "stages/fetch/fetch_stage.h"

namespace newspipe {

StageSpec FetchSpec() {
  StageSpec spec;
  spec.type = "fetch";
  spec.kind = StageKind::kSource;
  spec.summary = "(not built yet)";
  spec.create = [](const Config&, const StageContext&) -> Result<StageInstance> {
    return Status::Internal("the fetch stage is not built yet");
  };
  return spec;
}

}  // namespace newspipe
