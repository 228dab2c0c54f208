// The envelope codec: one Envelope per ZeroMQ frame, and protobuf's length-delimited stream
// format (a varint byte count, then the message) for files, stdin and stdout.
//
// Decoding never throws and never crashes: a malformed frame, a wrong protocol version, an
// envelope without a body or an oversize frame is an error Status, which the caller counts and
// logs. Stream readers report the byte offset of the problem. A bad length prefix ends a stream
// (nothing after it can be trusted); a well-delimited frame that does not decode is skipped and
// reading goes on. Readers and writers are used from one thread at a time; the free functions are
// thread-safe.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "proto/newspipe.pb.h"
#include "runtime/status.h"

namespace newspipe {

// Bumped only for incompatible wire changes; frames of another version are refused.
inline constexpr uint32_t kProtocolVersion = 1;
inline constexpr size_t kDefaultMaxFrameBytes = size_t{64} << 20;

// Serializes `env` into `out` (its capacity is reused). REQUIRES: env.protocol_version() is
// kProtocolVersion (InvalidArgument otherwise). An envelope larger than `max_bytes` is
// ResourceExhausted.
Status EncodeEnvelope(const v1::Envelope& env, std::string* out,
                      size_t max_bytes = kDefaultMaxFrameBytes);

// Parses one frame into `out` (cleared first). Corruption for bytes that are not an Envelope or
// carry no body, InvalidArgument for another protocol version, ResourceExhausted for a frame
// over `max_bytes`.
Status DecodeEnvelope(std::string_view frame, v1::Envelope* out,
                      size_t max_bytes = kDefaultMaxFrameBytes);
Result<v1::Envelope> DecodeEnvelope(std::string_view frame,
                                    size_t max_bytes = kDefaultMaxFrameBytes);

// Appends the varint encoding of `value` to `out`.
void AppendVarint(uint64_t value, std::string* out);

// Writes length-delimited Envelopes to a file or stdout ("-").
class DelimitedWriter {
 public:
  static Result<std::unique_ptr<DelimitedWriter>> Open(const std::string& path);
  // Wraps `file`; closes it on destruction only when `owned`.
  DelimitedWriter(std::FILE* file, bool owned, std::string name);
  ~DelimitedWriter();
  DelimitedWriter(const DelimitedWriter&) = delete;
  DelimitedWriter& operator=(const DelimitedWriter&) = delete;

  Status Write(const v1::Envelope& env);
  // Writes an already encoded envelope.
  Status WriteFrame(std::string_view frame);
  Status Flush();
  uint64_t frames_written() const { return frames_; }

 private:
  std::FILE* file_;
  bool owned_;
  std::string name_;
  std::string buffer_;
  uint64_t frames_ = 0;
};

// Reads length-delimited Envelopes from a file or stdin ("-").
class DelimitedReader {
 public:
  enum class Outcome {
    kEnvelope,   // *out holds the next envelope.
    kMalformed,  // one frame was skipped; *error says why and where. Call Next() again.
    kEnd,        // the end of the stream; *error is OK at a clean end, else why it stopped.
  };

  static Result<std::unique_ptr<DelimitedReader>> Open(const std::string& path,
                                                       size_t max_bytes = kDefaultMaxFrameBytes);
  DelimitedReader(std::FILE* file, bool owned, std::string name,
                  size_t max_bytes = kDefaultMaxFrameBytes);
  ~DelimitedReader();
  DelimitedReader(const DelimitedReader&) = delete;
  DelimitedReader& operator=(const DelimitedReader&) = delete;

  Outcome Next(v1::Envelope* out, Status* error);
  uint64_t offset() const { return offset_; }  // bytes consumed so far.

 private:
  std::FILE* file_;
  bool owned_;
  std::string name_;
  size_t max_bytes_;
  std::string buffer_;
  uint64_t offset_ = 0;
  bool ended_ = false;
};

}  // namespace newspipe
