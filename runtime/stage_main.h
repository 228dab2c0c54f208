// RunStageMain: the main() of every stage executable (newspipe-fetch, newspipe-clean, ...).
//
// Flags:
//   --config-json TEXT | --config FILE   the stage's config (JSON, or YAML `config:` block)
//   --in FILE|-  --out FILE|-            standalone mode: length-delimited Envelopes, no sockets
//   --pull EP --push EP --ack EP --control EP --name NAME --replica N --state-dir DIR --pipeline P
//                                        socket mode, as started by the supervisor
// Returns the process exit code: 0 after a clean drain, 2 for a bad config, 1 for other failures.
#pragma once

#include "runtime/spec.h"

namespace newspipe {

int RunStageMain(int argc, char** argv, const StageSpec& spec);

}  // namespace newspipe
