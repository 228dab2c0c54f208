// newspipe-clean: the clean stage as its own process (see runtime/stage_main.h for its flags).
#include "runtime/stage_main.h"
#include "stages/clean/clean_stage.h"

int main(int argc, char** argv) {
  return newspipe::RunStageMain(argc, argv, newspipe::CleanSpec());
}
