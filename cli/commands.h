// The `newspipe` command's subcommands, one registration function per file. Each adds its
// subcommands to `app`; a subcommand's callback stores its process exit code in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace newspipe::cli {

void AddRunCommands(CLI::App& app, int& exit_code);       // run, validate, stages  (cmd_run.cc)
void AddExtractCommands(CLI::App& app, int& exit_code);   // extract, explain   (cmd_extract.cc)
void AddEvalCommand(CLI::App& app, int& exit_code);       // eval               (cmd_eval.cc)
void AddStoreCommands(CLI::App& app, int& exit_code);     // search, show, export (cmd_store.cc)
void AddDeliveryCommands(CLI::App& app, int& exit_code);  // dlq, keygen, status (cmd_delivery.cc)

}  // namespace newspipe::cli
