// `newspipe run PIPELINE.yaml [--once]`: the supervisor (runtime/supervisor.h).
// `newspipe validate PIPELINE.yaml...`: every problem of a pipeline file at once.
// `newspipe stages [--docs]`: the stage types with their config fields (Markdown with --docs).
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "runtime/pipeline.h"
#include "runtime/supervisor.h"
#include "stages/builtin.h"

namespace newspipe::cli {
namespace {

std::atomic<Supervisor*> g_running{nullptr};

extern "C" void OnStopSignal(int) {
  if (Supervisor* s = g_running.load()) s->RequestStop();
}

void InstallSignalHandlers() {
  struct sigaction sa = {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  struct sigaction ignore = {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGPIPE, &ignore, nullptr);
}

// Loads a pipeline, printing every problem; returns null after printing.
std::unique_ptr<PipelineDef> Load(const std::string& file) {
  std::vector<PipelineError> errors;
  auto def = LoadPipeline(file, BuiltinStages(), &errors);
  if (def.ok()) return std::make_unique<PipelineDef>(std::move(def).value());
  if (errors.empty()) {
    std::fprintf(stderr, "%s\n", def.status().message().c_str());
  } else {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.ToString().c_str());
    std::fprintf(stderr, "%s: %zu error%s\n", file.c_str(), errors.size(),
                 errors.size() == 1 ? "" : "s");
  }
  return nullptr;
}

std::string Flow(const PipelineDef& def) {
  std::string out;
  for (const auto& s : def.stages) {
    if (!out.empty()) out += " -> ";
    out += s.name;
    if (s.replicas > 1) out += " x" + std::to_string(s.replicas);
  }
  return out;
}

int Run(const std::string& file, bool once) {
  auto def = Load(file);
  if (!def) return 2;
  const std::string name = def->name;
  SupervisorOptions options;
  options.once = once;
  Supervisor supervisor(std::move(*def), std::move(options));
  g_running.store(&supervisor);
  InstallSignalHandlers();
  const auto start = std::chrono::steady_clock::now();
  Status status = supervisor.Run();
  g_running.store(nullptr);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const RunCounts counts = supervisor.counts();
  std::printf("pipeline %s: %s (%.1fs)\n", name.c_str(), counts.ToString().c_str(), seconds);
  std::fflush(stdout);
  if (!status.ok()) {
    std::fprintf(stderr, "newspipe run: error: %s\n", status.message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace

void AddRunCommands(CLI::App& app, int& exit_code) {
  struct RunArgs {
    std::string file;
    bool once = false;
    std::vector<std::string> files;
    bool docs = false;
  };
  auto args = std::make_shared<RunArgs>();

  CLI::App* run = app.add_subcommand(
      "run",
      "Run a pipeline: start every stage process and supervise them (a daemon until "
      "SIGINT/SIGTERM; with --once until the sources are drained)");
  run->add_option("pipeline", args->file, "The pipeline file (YAML)")->required();
  run->add_flag("--once", args->once,
                "Batch: stop when the sources are exhausted and everything is stored, then print "
                "the counts");
  run->callback([args, &exit_code] { exit_code = Run(args->file, args->once); });

  CLI::App* validate = app.add_subcommand(
      "validate",
      "Check pipeline files against the stage specs; print every problem with its "
      "file:line (exit 2 when there are any)");
  validate->add_option("pipeline", args->files, "Pipeline files (YAML)")->required();
  validate->callback([args, &exit_code] {
    exit_code = 0;
    for (const auto& file : args->files) {
      auto def = Load(file);
      if (!def) {
        exit_code = 2;
        continue;
      }
      std::printf("%s: ok: %zu stage%s (%s), state in %s\n", file.c_str(), def->stages.size(),
                  def->stages.size() == 1 ? "" : "s", Flow(*def).c_str(), def->state_dir.c_str());
    }
  });

  CLI::App* stages =
      app.add_subcommand("stages", "List the stage types with their config fields and defaults");
  stages->add_flag("--docs", args->docs,
                   "Print the stage reference as Markdown (the text of docs/stages.md)");
  stages->callback([args, &exit_code] {
    const auto specs = BuiltinStages().All();
    if (args->docs) {
      std::cout << RenderSpecsMarkdown(specs);
    } else {
      bool first = true;
      for (const StageSpec* spec : specs) {
        if (!first) std::cout << "\n";
        first = false;
        std::cout << RenderSpecText(*spec);
      }
    }
    std::cout.flush();
    exit_code = 0;
  });
}

}  // namespace newspipe::cli
