// DirWatch: learns through Linux inotify when files under watched directories are complete —
// closed after writing (IN_CLOSE_WRITE) or moved in whole (IN_MOVED_TO) — so that a file still
// being written is never read half-way. Subdirectories are watched too, also those created or
// moved in later; such a directory is reported for a scan, since files may have been written in
// it before its watch existed.
//
// Open() fails where inotify is unavailable (another OS, the per-user watch limit reached, a
// directory that does not exist yet): the caller then polls instead. When the kernel's event
// queue overflows, events are lost and Read() asks for a full rescan. Owns its inotify
// descriptor. Not thread-safe: one thread calls Read().
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/status.h"

namespace newspipe {

class DirWatch {
 public:
  static Result<std::unique_ptr<DirWatch>> Open(const std::vector<std::string>& dirs);
  ~DirWatch();
  DirWatch(const DirWatch&) = delete;
  DirWatch& operator=(const DirWatch&) = delete;

  // Without blocking, appends the paths of files completed since the last call to `files` and
  // of directories that appeared to `new_dirs`. Returns true when events were lost (the caller
  // must rescan everything).
  bool Read(std::vector<std::string>* files, std::vector<std::string>* new_dirs);

 private:
  explicit DirWatch(int fd) : fd_(fd) {}
  // Watches `dir` and every directory below it.
  Status AddTree(const std::string& dir);

  int fd_ = -1;
  std::unordered_map<int, std::string> dirs_;  // watch descriptor -> directory path.
};

}  // namespace newspipe
