#include "runtime/stage_runner.h"

#include <spdlog/spdlog.h>

#include "runtime/stage_runner_base.h"

namespace newspipe {

int RunStage(const StageProcessOptions& options, const StageContext& context, StageKind kind,
             StageInstance& instance, const std::atomic<bool>& stop) {
  const bool has_instance = (kind == StageKind::kSource && instance.source) ||
                            (kind == StageKind::kProcessor && instance.processor) ||
                            (kind == StageKind::kSink && instance.sink);
  if (!has_instance) {
    spdlog::error("the stage factory made no {} for a {} stage", StageKindName(kind),
                  StageKindName(kind));
    return 1;
  }
  if (options.standalone()) return RunStandalone(options, kind, instance, stop);
  if (options.input.empty() && kind != StageKind::kSource) {
    spdlog::error("no --input: give --input ENDPOINT (socket mode) or --in FILE (standalone)");
    return 2;
  }
  SocketStage stage(options, context, stop);
  switch (kind) {
    case StageKind::kSource:
      return RunSourceLoop(stage, *instance.source);
    case StageKind::kProcessor:
      return RunProcessorLoop(stage, *instance.processor);
    case StageKind::kSink:
      return RunSinkLoop(stage, *instance.sink);
  }
  return 1;
}

}  // namespace newspipe
