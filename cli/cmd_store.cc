// Placeholder; replaced by the real commands.
#include "cli/commands.h"

namespace newspipe::cli {

void AddStoreCommands(CLI::App& app, int& exit_code) {}

}  // namespace newspipe::cli
