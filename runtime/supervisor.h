// Supervisor: runs a pipeline: one OS process per stage replica, wired as SupervisorPlan says,
// watched until the run ends.
//
// - Output: each child's stdout and stderr go to the supervisor's log, one line at a time,
//   prefixed with "[stage.replica] "; the last lines of each replica are kept for crash reports.
// - Crashes: a replica that exits (or is killed) while the pipeline runs is restarted after a
//   backoff that starts at supervisor.restart_initial and doubles up to restart_max (reset after
//   it has run that long without crashing). More than crash_loop_restarts crashes within
//   crash_loop_window is a crash loop: it is logged with the stage, its exit status and its last
//   output, the stage is given up and the run stops and fails. Exit status 2 (the stage rejected
//   its configuration) is given up at once: restarting cannot help.
// - Liveness: a replica that sends no heartbeat for hung_after is killed (SIGKILL) and restarted.
// - Stop: RequestStop() (the CLI calls it from its SIGINT/SIGTERM handler) stops the stages in
//   pipeline order: SIGTERM to every replica of the source, wait until they exit (each drains),
//   then the next stage; a stage still alive after stop_grace is killed. A second RequestStop()
//   kills everything at once.
// - Batch (once): when the source's heartbeat reports source_exhausted (everything emitted was
//   acknowledged), the supervisor waits for one more heartbeat from every replica (bounded) so
//   the counts are final, then stops the pipeline as above and Run() returns OK.
// - A state directory is used by one supervisor at a time (a lock file, STATE_DIR/run.lock).
// Run() is called once, from one thread. RequestStop() is safe from any thread and from a signal
// handler. counts() is safe after Run() returned.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "runtime/pipeline.h"
#include "runtime/status.h"

namespace newspipe {

// What happened, for tests and tools; delivered on the Run() thread.
struct SupervisorEvent {
  enum class Kind {
    kStarted,           // a replica process started (pid).
    kExited,            // a replica process ended (wait_status; detail: the document it held).
    kRestartScheduled,  // a restart is due after `delay`.
    kHung,              // no heartbeat for hung_after: being killed.
    kCrashLoop,         // given up (detail says why).
    kHeartbeat,         // a heartbeat arrived from pid.
    kSourceExhausted,   // batch mode: the source is done.
    kStopping,          // the pipeline is being stopped (detail says why).
  };
  Kind kind = Kind::kStarted;
  std::string stage;
  uint32_t replica = 0;
  pid_t pid = 0;
  int wait_status = 0;
  std::chrono::milliseconds delay{0};
  std::string detail;
};

// Totals over the run, from the replicas' heartbeats (the source's acknowledgement counts where
// it reports them).
struct RunCounts {
  uint64_t read = 0;      // documents the source emitted.
  uint64_t stored = 0;    // committed by the sinks.
  uint64_t filtered = 0;  // ended as filtered (not an article, duplicate, ...).
  uint64_t failed = 0;    // stage errors recorded on documents (they travel on).
  uint64_t dead_lettered = 0;
  uint64_t malformed = 0;        // frames that could not be decoded.
  uint64_t restarts = 0;         // replica restarts by the supervisor.
  std::string ToString() const;  // "read 12, stored 12, filtered 0, failed 0, dead-lettered 0"
};

struct SupervisorOptions {
  bool once = false;    // batch: stop when the source is exhausted and everything is drained.
  std::string bin_dir;  // where newspipe-<type> live; empty: next to the running executable.
  std::chrono::milliseconds stop_grace{15'000};  // per stage, after SIGTERM, before SIGKILL.
  // Where log lines go (supervisor messages and prefixed stage output); default: stderr.
  std::function<void(const std::string& line)> log;
  std::function<void(const SupervisorEvent&)> on_event;  // optional.
};

class Supervisor {
 public:
  Supervisor(PipelineDef def, SupervisorOptions options);
  ~Supervisor();
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  // Runs the pipeline until it is stopped (daemon) or drained (once). OK after a clean stop or a
  // completed batch; an error when it could not start (state directory in use, an endpoint
  // already in use, a stage executable missing) or a stage crash-looped.
  Status Run();
  // Asks Run() to stop the pipeline. Async-signal-safe.
  void RequestStop();
  RunCounts counts() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newspipe
