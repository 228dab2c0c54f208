#include "runtime/holding_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace newspipe {
namespace {

// Layout: a 4-byte length (0: holding nothing), then the id's bytes.
constexpr size_t kHeader = sizeof(uint32_t);
constexpr size_t kFileSize = 512;
static_assert(kHeader + HoldingFile::kMaxId <= kFileSize);

}  // namespace

Result<std::unique_ptr<HoldingFile>> HoldingFile::Open(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::IoError("cannot open " + path.string() + ": " + std::strerror(errno));
  }
  if (::ftruncate(fd, kFileSize) != 0) {
    const int err = errno;
    ::close(fd);
    return Status::IoError("cannot size " + path.string() + ": " + std::strerror(err));
  }
  void* map = ::mmap(nullptr, kFileSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) {
    const int err = errno;
    ::close(fd);
    return Status::IoError("cannot map " + path.string() + ": " + std::strerror(err));
  }
  auto file = std::unique_ptr<HoldingFile>(new HoldingFile(fd, static_cast<char*>(map)));
  file->Clear();
  return file;
}

HoldingFile::~HoldingFile() {
  Clear();
  ::munmap(map_, kFileSize);
  ::close(fd_);
}

void HoldingFile::Set(std::string_view doc_id) {
  const uint32_t n = static_cast<uint32_t>(std::min(doc_id.size(), kMaxId));
  // The bytes first, then the length: a reader never sees a length without its bytes. (The
  // reader runs only after this process ended, so this is belt and braces.)
  std::memcpy(map_ + kHeader, doc_id.data(), n);
  __atomic_store_n(reinterpret_cast<uint32_t*>(map_), n, __ATOMIC_RELEASE);
}

void HoldingFile::Clear() {
  __atomic_store_n(reinterpret_cast<uint32_t*>(map_), 0u, __ATOMIC_RELEASE);
}

std::filesystem::path HoldingFilePath(const std::filesystem::path& state_dir,
                                      std::string_view stage, uint32_t replica) {
  return state_dir / "run" / (std::string(stage) + "." + std::to_string(replica) + ".holding");
}

std::string ReadHoldingFile(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  char buf[kFileSize];
  const ssize_t got = ::pread(fd, buf, sizeof buf, 0);
  ::close(fd);
  if (got < static_cast<ssize_t>(kHeader)) return {};
  uint32_t n = 0;
  std::memcpy(&n, buf, kHeader);
  if (n == 0 || n > HoldingFile::kMaxId || kHeader + n > static_cast<size_t>(got)) return {};
  return std::string(buf + kHeader, n);
}

}  // namespace newspipe
