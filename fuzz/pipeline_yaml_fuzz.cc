// Fuzzes the pipeline loader: any text as a PIPELINE.yaml. Bad files must come back as errors
// (with file:line), never as crashes or exceptions.
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/pipeline.h"
#include "stages/builtin.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string yaml(reinterpret_cast<const char*>(data), size);
  std::vector<newspipe::PipelineError> errors;
  (void)newspipe::LoadPipelineFromString(yaml, "fuzz.yaml", newspipe::BuiltinStages(), &errors);
  return 0;
}
