// Placeholder; replaced by the real commands.
#include "cli/commands.h"

namespace newspipe::cli {

void AddEvalCommand(CLI::App& app, int& exit_code) {}

}  // namespace newspipe::cli
