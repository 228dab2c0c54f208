// Process signals for stage executables: SIGTERM and SIGINT ask the process to drain and exit.
//
// InstallStopSignalHandlers() sets handlers that only store into a lock-free atomic flag
// (async-signal-safe); loops read StopFlag() between bounded waits, so a stop is noticed within
// one poll timeout. SIGPIPE is ignored so a closed stdout is a write error, not a death.
// Thread-safe after installation.
#pragma once

#include <atomic>

namespace newspipe {

// Installs the handlers (idempotent) and returns the flag they set.
std::atomic<bool>& InstallStopSignalHandlers();
// The flag set by SIGTERM/SIGINT (false until one arrives).
std::atomic<bool>& StopFlag();
// The last stop signal received, or 0.
int LastStopSignal();

}  // namespace newspipe
