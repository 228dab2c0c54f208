#include "runtime/codec.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace newspipe {

Status EncodeEnvelope(const v1::Envelope& env, std::string* out, size_t max_bytes) {
  if (env.protocol_version() != kProtocolVersion) {
    return Status::InvalidArgument(fmt::format("envelope has protocol version {}, expected {}",
                                               env.protocol_version(), kProtocolVersion));
  }
  size_t size = env.ByteSizeLong();
  if (size > max_bytes) {
    return Status::ResourceExhausted(fmt::format(
        "envelope for '{}' is {} bytes, over the limit of {}", env.doc_id(), size, max_bytes));
  }
  out->resize(size);
  if (!env.SerializeWithCachedSizesToArray(reinterpret_cast<uint8_t*>(out->data()))) {
    return Status::Internal("envelope serialization failed");
  }
  return Status::OK();
}

Status DecodeEnvelope(std::string_view frame, v1::Envelope* out, size_t max_bytes) {
  out->Clear();
  if (frame.size() > max_bytes) {
    return Status::ResourceExhausted(
        fmt::format("frame of {} bytes is over the limit of {}", frame.size(), max_bytes));
  }
  if (frame.size() > static_cast<size_t>(INT32_MAX) ||
      !out->ParseFromArray(frame.data(), static_cast<int>(frame.size()))) {
    return Status::Corruption(fmt::format("{} bytes are not an Envelope", frame.size()));
  }
  if (out->protocol_version() != kProtocolVersion) {
    return Status::InvalidArgument(
        fmt::format("protocol version {}, expected {}", out->protocol_version(), kProtocolVersion));
  }
  if (out->body_case() == v1::Envelope::BODY_NOT_SET) {
    return Status::Corruption("envelope has no body");
  }
  return Status::OK();
}

Result<v1::Envelope> DecodeEnvelope(std::string_view frame, size_t max_bytes) {
  v1::Envelope env;
  Status s = DecodeEnvelope(frame, &env, max_bytes);
  if (!s.ok()) return s;
  return env;
}

void AppendVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

// --- DelimitedWriter -------------------------------------------------------------------------

Result<std::unique_ptr<DelimitedWriter>> DelimitedWriter::Open(const std::string& path) {
  if (path == "-") return std::make_unique<DelimitedWriter>(stdout, false, "<stdout>");
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return Status::IoError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  }
  return std::make_unique<DelimitedWriter>(f, true, path);
}

DelimitedWriter::DelimitedWriter(std::FILE* file, bool owned, std::string name)
    : file_(file), owned_(owned), name_(std::move(name)) {}

DelimitedWriter::~DelimitedWriter() {
  if (owned_) {
    std::fclose(file_);
  } else {
    std::fflush(file_);
  }
}

Status DelimitedWriter::Write(const v1::Envelope& env) {
  NP_RETURN_IF_ERROR(EncodeEnvelope(env, &buffer_, SIZE_MAX));
  return WriteFrame(buffer_);
}

Status DelimitedWriter::WriteFrame(std::string_view frame) {
  char prefix[10];
  size_t n = 0;
  uint64_t v = frame.size();
  while (v >= 0x80) {
    prefix[n++] = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  prefix[n++] = static_cast<char>(v);
  if (std::fwrite(prefix, 1, n, file_) != n ||
      std::fwrite(frame.data(), 1, frame.size(), file_) != frame.size()) {
    return Status::IoError(fmt::format("cannot write {}: {}", name_, std::strerror(errno)));
  }
  ++frames_;
  return Status::OK();
}

Status DelimitedWriter::Flush() {
  if (std::fflush(file_) != 0) {
    return Status::IoError(fmt::format("cannot write {}: {}", name_, std::strerror(errno)));
  }
  return Status::OK();
}

// --- DelimitedReader -------------------------------------------------------------------------

Result<std::unique_ptr<DelimitedReader>> DelimitedReader::Open(const std::string& path,
                                                               size_t max_bytes) {
  if (path == "-") return std::make_unique<DelimitedReader>(stdin, false, "<stdin>", max_bytes);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Status::IoError(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  }
  return std::make_unique<DelimitedReader>(f, true, path, max_bytes);
}

DelimitedReader::DelimitedReader(std::FILE* file, bool owned, std::string name, size_t max_bytes)
    : file_(file), owned_(owned), name_(std::move(name)), max_bytes_(max_bytes) {}

DelimitedReader::~DelimitedReader() {
  if (owned_) std::fclose(file_);
}

DelimitedReader::Outcome DelimitedReader::Next(v1::Envelope* out, Status* error) {
  *error = Status::OK();
  if (ended_) return Outcome::kEnd;
  const uint64_t frame_start = offset_;
  uint64_t length = 0;
  int shift = 0;
  for (;;) {
    int c = std::fgetc(file_);
    if (c == EOF) {
      ended_ = true;
      if (std::ferror(file_)) {
        *error = Status::IoError(
            fmt::format("{}: read error at byte {}: {}", name_, offset_, std::strerror(errno)));
      } else if (offset_ != frame_start) {
        *error = Status::Corruption(
            fmt::format("{}: truncated length prefix at byte {}", name_, frame_start));
      }
      return Outcome::kEnd;
    }
    ++offset_;
    if (shift >= 63) {
      ended_ = true;
      *error = Status::Corruption(
          fmt::format("{}: bad length prefix at byte {}; stopping", name_, frame_start));
      return Outcome::kEnd;
    }
    length |= static_cast<uint64_t>(c & 0x7f) << shift;
    shift += 7;
    if ((c & 0x80) == 0) break;
  }
  if (length > max_bytes_) {
    ended_ = true;
    *error = Status::ResourceExhausted(
        fmt::format("{}: frame at byte {} claims {} bytes, over the limit of {}; stopping", name_,
                    frame_start, length, max_bytes_));
    return Outcome::kEnd;
  }
  buffer_.resize(length);
  size_t got = length == 0 ? 0 : std::fread(buffer_.data(), 1, length, file_);
  offset_ += got;
  if (got != length) {
    ended_ = true;
    *error = Status::Corruption(fmt::format("{}: truncated frame at byte {}: {} of {} bytes", name_,
                                            frame_start, got, length));
    return Outcome::kEnd;
  }
  Status s = DecodeEnvelope(buffer_, out, max_bytes_);
  if (!s.ok()) {
    *error = s.WithContext(fmt::format("{}: frame at byte {}", name_, frame_start));
    return Outcome::kMalformed;
  }
  return Outcome::kEnvelope;
}

}  // namespace newspipe
