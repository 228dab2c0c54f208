#include "runtime/signals.h"

#include <csignal>

namespace newspipe {
namespace {

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;

static_assert(std::atomic<bool>::is_always_lock_free, "the stop flag must be signal-safe");

extern "C" void OnStopSignal(int signo) {
  g_signal = signo;
  g_stop.store(true, std::memory_order_relaxed);
}

}  // namespace

std::atomic<bool>& StopFlag() { return g_stop; }

int LastStopSignal() { return g_signal; }

std::atomic<bool>& InstallStopSignalHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocking read or poll returns EINTR and sees the flag.
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGPIPE, &ignore, nullptr);
  return g_stop;
}

}  // namespace newspipe
