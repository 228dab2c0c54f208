// Placeholder spec for the store stage; replaced by the real stage.
#include "stages/store/store_stage.h"

namespace newspipe {

StageSpec StoreSpec() {
  StageSpec spec;
  spec.type = "store";
  spec.kind = StageKind::kSink;
  spec.summary = "(not built yet)";
  spec.create = [](const Config&, const StageContext&) -> Result<StageInstance> {
    return Status::Internal("the store stage is not built yet");
  };
  return spec;
}

}  // namespace newspipe
