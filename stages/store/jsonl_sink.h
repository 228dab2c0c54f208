// JsonlSink: the store stage's JSON Lines backend, for people who pipe results into other tools.
//
// Each document becomes one line, DocumentToJson(doc) (the same format as `newspipe extract` and
// `newspipe export`). Write() appends to an in-memory batch; Commit() appends the batch to the
// file with one write(2) and, with `fsync`, makes it durable before the runtime acks it. A failed
// write (disk full, read-only) truncates the file back to where the batch began, so no torn line
// is left, and nothing is acked. Path "-" writes to stdout. Not thread-safe.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "runtime/stage.h"

namespace newspipe {

struct JsonlSinkOptions {
  std::filesystem::path path;
  size_t batch_size = 500;
  std::chrono::milliseconds batch_delay{200};
  bool fsync = true;
};

class JsonlSink : public Sink {
 public:
  static Result<std::unique_ptr<JsonlSink>> Open(const JsonlSinkOptions& options);
  ~JsonlSink() override;

  Status Write(const v1::Document& doc) override;
  Status Commit() override;
  size_t batch_size() const override { return options_.batch_size; }
  std::chrono::milliseconds max_batch_delay() const override { return options_.batch_delay; }

 private:
  JsonlSink(JsonlSinkOptions options, int fd) : options_(std::move(options)), fd_(fd) {}
  JsonlSinkOptions options_;
  int fd_;
  std::string batch_;
};

}  // namespace newspipe
