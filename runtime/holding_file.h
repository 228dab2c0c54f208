// HoldingFile: which document a stage process is working on, kept where its supervisor can read
// it after the process died, however it died.
//
// Each replica maps a small file, STATE_DIR/run/<stage>.<replica>.holding, shared and writable;
// Set() copies the id in before the stage touches the document and Clear() zeroes its length
// after. The page belongs to the kernel, so a kill -9 or a crash in the middle of a document
// leaves the id readable (a heartbeat may not have gone out yet). Cost: one small memcpy per
// document, no system call. ReadHoldingFile() is what the supervisor calls once the process is
// reaped. One writer (the runner thread); the reader runs only after the writer has exited.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/status.h"

namespace newspipe {

class HoldingFile {
 public:
  // Creates (or reuses) the file and maps it; a fresh map says "holding nothing".
  static Result<std::unique_ptr<HoldingFile>> Open(const std::filesystem::path& path);
  ~HoldingFile();
  HoldingFile(const HoldingFile&) = delete;
  HoldingFile& operator=(const HoldingFile&) = delete;

  // Ids longer than kMaxId bytes are cut (document ids are short hashes).
  void Set(std::string_view doc_id);
  void Clear();

  static constexpr size_t kMaxId = 500;

 private:
  HoldingFile(int fd, char* map) : fd_(fd), map_(map) {}
  int fd_;
  char* map_;
};

// The path the supervisor and the stage agree on.
std::filesystem::path HoldingFilePath(const std::filesystem::path& state_dir,
                                      std::string_view stage, uint32_t replica);

// The id the process held when it ended; empty when it held none or the file is missing.
std::string ReadHoldingFile(const std::filesystem::path& path);

}  // namespace newspipe
