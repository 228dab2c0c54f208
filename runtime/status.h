// Status and Result<T>: errors as values inside newspipe.
//
// A Status is either OK (cheap: no allocation) or carries a code and a message. Result<T> holds
// either a T or a non-OK Status. Exceptions from third-party libraries (yaml-cpp, protobuf,
// cppzmq, libpqxx) are caught where they are called and turned into a Status; they never cross
// a stage interface. Thread-compatible: distinct objects may be used from distinct threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace newspipe {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,
    kNotFound,
    kIoError,
    kCorruption,
    kUnavailable,
    kTimeout,
    kResourceExhausted,
    kFailedPrecondition,
    kAborted,
    kInternal,
  };

  Status() = default;  // OK.

  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string_view msg) { return {Code::kInvalidArgument, msg}; }
  static Status NotFound(std::string_view msg) { return {Code::kNotFound, msg}; }
  static Status IoError(std::string_view msg) { return {Code::kIoError, msg}; }
  static Status Corruption(std::string_view msg) { return {Code::kCorruption, msg}; }
  static Status Unavailable(std::string_view msg) { return {Code::kUnavailable, msg}; }
  static Status Timeout(std::string_view msg) { return {Code::kTimeout, msg}; }
  static Status ResourceExhausted(std::string_view msg) { return {Code::kResourceExhausted, msg}; }
  static Status FailedPrecondition(std::string_view msg) {
    return {Code::kFailedPrecondition, msg};
  }
  static Status Aborted(std::string_view msg) { return {Code::kAborted, msg}; }
  static Status Internal(std::string_view msg) { return {Code::kInternal, msg}; }

  bool ok() const { return rep_ == nullptr; }
  Code code() const { return rep_ ? rep_->code : Code::kOk; }
  const std::string& message() const;
  // "InvalidArgument: message", or "OK".
  std::string ToString() const;
  // A short lower-case name of the code, e.g. "invalid_argument"; used as an error code.
  std::string_view CodeName() const;

  bool IsNotFound() const { return code() == Code::kNotFound; }
  bool IsTimeout() const { return code() == Code::kTimeout; }
  bool IsUnavailable() const { return code() == Code::kUnavailable; }

  // Returns a copy whose message is "context: message".
  Status WithContext(std::string_view context) const;

 private:
  Status(Code code, std::string_view msg)
      : rep_(std::make_shared<const Rep>(Rep{code, std::string(msg)})) {}
  struct Rep {
    Code code;
    std::string message;
  };
  std::shared_ptr<const Rep> rep_;  // null means OK.
};

// Holds a T or an error Status. REQUIRES: an error Status passed in is not OK.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design.
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design.

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  // REQUIRES: ok().
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T value_or(T fallback) const { return ok() ? std::get<T>(v_) : std::move(fallback); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace newspipe

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define NP_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::newspipe::Status np_status_ = (expr);  \
    if (!np_status_.ok()) return np_status_; \
  } while (0)

#define NP_CONCAT_INNER_(a, b) a##b
#define NP_CONCAT_(a, b) NP_CONCAT_INNER_(a, b)
// Declares `lhs` from a Result's value, or returns its Status from the enclosing function.
#define NP_ASSIGN_OR_RETURN(lhs, expr) \
  NP_ASSIGN_OR_RETURN_IMPL_(NP_CONCAT_(np_result_, __LINE__), lhs, expr)
#define NP_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
