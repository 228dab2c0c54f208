#include "stages/store/jsonl_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "stages/common/document_json.h"

namespace newspipe {

Result<std::unique_ptr<JsonlSink>> JsonlSink::Open(const JsonlSinkOptions& options) {
  if (options.path == "-") {
    return std::unique_ptr<JsonlSink>(new JsonlSink(options, STDOUT_FILENO));
  }
  int fd = ::open(options.path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::IoError(
        fmt::format("jsonl: cannot open {}: {}", options.path.string(), std::strerror(errno)));
  }
  return std::unique_ptr<JsonlSink>(new JsonlSink(options, fd));
}

JsonlSink::~JsonlSink() {
  if (fd_ != STDOUT_FILENO && fd_ >= 0) ::close(fd_);
}

Status JsonlSink::Write(const v1::Document& doc) {
  batch_ += DocumentToJson(doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  batch_ += '\n';
  return Status::OK();
}

Status JsonlSink::Commit() {
  if (batch_.empty()) return Status::OK();
  const bool is_file = fd_ != STDOUT_FILENO;
  off_t start = 0;
  if (is_file) {
    struct stat st {};
    if (::fstat(fd_, &st) == 0) start = st.st_size;
  }
  size_t done = 0;
  int err = 0;
  while (done < batch_.size()) {
    ssize_t n = ::write(fd_, batch_.data() + done, batch_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      err = errno;
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (err == 0 && is_file && options_.fsync && ::fdatasync(fd_) != 0) err = errno;
  if (err != 0) {
    // Leave no partial line behind: the whole batch is resent since none of it is acked.
    if (is_file) (void)::ftruncate(fd_, start);
    batch_.clear();
    std::string msg =
        fmt::format("jsonl: writing {} failed: {}", options_.path.string(), std::strerror(err));
    return err == ENOSPC ? Status::ResourceExhausted(msg) : Status::IoError(msg);
  }
  batch_.clear();
  return Status::OK();
}

}  // namespace newspipe
