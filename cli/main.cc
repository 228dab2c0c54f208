// newspipe: the user's command. Each subcommand lives in its own cmd_*.cc file.
#include <cstdio>
#include <exception>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"newspipe: a streaming pipeline for news (fetch, clean, extract, store)"};
  app.require_subcommand(1);
  int exit_code = 0;
  newspipe::cli::AddRunCommands(app, exit_code);
  newspipe::cli::AddExtractCommands(app, exit_code);
  newspipe::cli::AddEvalCommand(app, exit_code);
  newspipe::cli::AddStoreCommands(app, exit_code);
  newspipe::cli::AddDeliveryCommands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "newspipe: %s\n", e.what());
    return 1;
  }
  return exit_code;
}
