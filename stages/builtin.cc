#include "stages/builtin.h"

#include "stages/clean/clean_stage.h"
#include "stages/extract/extract_stage.h"
#include "stages/fetch/fetch_stage.h"
#include "stages/store/store_stage.h"

namespace newspipe {

const StageRegistry& BuiltinStages() {
  static const StageRegistry* registry = [] {
    auto* r = new StageRegistry();
    r->Add(FetchSpec());
    r->Add(CleanSpec());
    r->Add(ExtractSpec());
    r->Add(StoreSpec());
    return r;
  }();
  return *registry;
}

}  // namespace newspipe
