// Child processes for the supervisor: start a program with its stdout and stderr captured through
// one pipe, poll for its exit without blocking, signal it, and describe how it ended.
//
// A child runs in its own process group (so a terminal's Ctrl-C reaches only the supervisor, which
// then stops the stages in order) and is sent SIGTERM if the supervisor dies (PR_SET_PDEATHSIG),
// so no stage outlives a killed supervisor. Its stdin is /dev/null and it inherits no descriptor
// but 0, 1 and 2. A failed exec (no such program) is reported by StartProcess itself, not as an
// exit status. Thread-compatible; ChildProcess owns the pipe's read end.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "runtime/status.h"

namespace newspipe {

class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(pid_t pid, int output_fd) : pid_(pid), output_fd_(output_fd) {}
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Closes the output pipe; does not kill or reap the child.
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // The read end of the child's stdout+stderr pipe (non-blocking), or -1 once closed.
  int output_fd() const { return output_fd_; }
  void CloseOutput();

  // Sends `signal` to the child; no-op once reaped.
  void Signal(int signal) const;
  // Reaps the child if it has exited: returns its wait status (as from waitpid), else nullopt.
  // After a status was returned the child is gone and pid() is 0.
  std::optional<int> TryWait();

 private:
  pid_t pid_ = 0;
  int output_fd_ = -1;
};

// Starts `argv` (argv[0] is the program; a name without '/' is looked up in PATH).
// REQUIRES: !argv.empty().
Result<ChildProcess> StartProcess(const std::vector<std::string>& argv);

// "exited with status 3", "killed by signal 9 (Killed)".
std::string DescribeWaitStatus(int wait_status);

// Reads what is available on a non-blocking `fd`, appends it to `buffer`, and moves every
// complete line into `lines`. Returns false at end of file or on a read error.
bool ReadLines(int fd, std::string* buffer, std::vector<std::string>* lines);

// The directory of the running executable (/proc/self/exe), or empty when it cannot be read.
std::string ExecutableDir();

}  // namespace newspipe
