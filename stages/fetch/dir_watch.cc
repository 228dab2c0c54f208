#include "stages/fetch/dir_watch.h"

#include <errno.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

namespace newspipe {
namespace fs = std::filesystem;

namespace {

constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ONLYDIR;

}  // namespace

Result<std::unique_ptr<DirWatch>> DirWatch::Open(const std::vector<std::string>& dirs) {
  int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return Status::Unavailable(std::string("inotify: ") + std::strerror(errno));
  std::unique_ptr<DirWatch> w(new DirWatch(fd));
  for (const std::string& d : dirs) NP_RETURN_IF_ERROR(w->AddTree(d));
  return w;
}

DirWatch::~DirWatch() {
  if (fd_ >= 0) ::close(fd_);
}

Status DirWatch::AddTree(const std::string& dir) {
  int wd = ::inotify_add_watch(fd_, dir.c_str(), kMask);
  if (wd < 0) return Status::Unavailable("inotify: " + dir + ": " + std::strerror(errno));
  dirs_[wd] = dir;
  std::error_code ec;
  for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) {
      NP_RETURN_IF_ERROR(AddTree(it->path().string()));
    }
  }
  return Status::OK();
}

bool DirWatch::Read(std::vector<std::string>* files, std::vector<std::string>* new_dirs) {
  bool lost = false;
  alignas(struct inotify_event) char buf[16384];
  for (;;) {
    ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) break;  // EAGAIN: nothing more now.
    for (ssize_t off = 0; off < n;) {
      const auto* ev = reinterpret_cast<const struct inotify_event*>(buf + off);
      off += static_cast<ssize_t>(sizeof(struct inotify_event) + ev->len);
      if (ev->mask & IN_Q_OVERFLOW) {
        lost = true;
        continue;
      }
      if (ev->mask & IN_IGNORED) {
        dirs_.erase(ev->wd);
        continue;
      }
      auto it = dirs_.find(ev->wd);
      if (it == dirs_.end() || ev->len == 0) continue;
      std::string path = it->second + "/" + ev->name;
      if (ev->mask & IN_ISDIR) {
        if (ev->mask & (IN_CREATE | IN_MOVED_TO)) {
          // Files written before the new watch exists are found by the caller's scan.
          if (!AddTree(path).ok()) lost = true;
          new_dirs->push_back(std::move(path));
        }
        continue;
      }
      if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) files->push_back(std::move(path));
    }
  }
  return lost;
}

}  // namespace newspipe
