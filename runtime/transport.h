// The ZeroMQ transport: a thin RAII layer over cppzmq that speaks Status instead of exceptions.
//
// A Socket is a PUSH or a PULL that binds and/or connects the endpoint specs of
// runtime/stage_options.h ("@ipc:///state/sock/clean.in.0" binds, ">tcp://host:5551" connects).
// It sets the high-water marks (backpressure), ZMQ_MAXMSGSIZE (oversize frames are dropped by
// libzmq before they reach us), linger (bounded close) and, on connecting PUSH sockets,
// ZMQ_IMMEDIATE (nothing is queued for a peer that is not there). ipc paths must fit a Unix
// socket (107 bytes); binding an ipc path another live process listens on, or a tcp port in use,
// is an error that names the endpoint.
//
// Security: binding/connecting tcp endpoints with CURVE keys configured calls the process-wide
// SecurityHook (runtime/curve.h installs one). With keys configured and no hook installed, the
// socket refuses to open: fail closed.
//
// zmq::error_t never leaves this file: ETERM becomes Aborted ("shutting down"), EINTR a timeout.
// A Socket is used from one thread at a time; the Context is thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <zmq.hpp>

#include "runtime/stage_options.h"
#include "runtime/status.h"

namespace newspipe {

// The longest path a Unix domain socket address holds (sun_path minus its terminating NUL).
inline constexpr size_t kMaxIpcPathBytes = 107;

enum class SocketKind { kPush, kPull };

struct SocketOptions {
  int high_water_mark = 1000;
  int64_t max_message_bytes = 64 << 20;
  std::chrono::milliseconds linger{1'000};  // how long close() may spend flushing.
  CurveKeyFiles curve;
};

// Applies CURVE settings to `socket` before it binds (`server` true) or connects. May start a ZAP
// handler on `context`. Returns an error Status to refuse the socket.
using SecurityHook = std::function<Status(zmq::context_t& context, zmq::socket_t& socket,
                                          bool server, const CurveKeyFiles& keys)>;
// Installs the hook for every Socket opened afterwards (nullptr clears). Not thread-safe: call
// at process start.
void SetSecurityHook(SecurityHook hook);

// Checks an address: ipc path length, tcp shape. Used by Socket::Open and by planners.
Status CheckAddress(const std::string& address);

class Socket {
 public:
  // Opens a socket and applies every spec in order (binds and connects). The name is used in
  // messages, e.g. "clean.0 input".
  static Result<std::unique_ptr<Socket>> Open(zmq::context_t& context, SocketKind kind,
                                              const std::vector<std::string>& specs,
                                              const SocketOptions& options, std::string name);
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  // Sends without blocking: OK, Unavailable when it would block (peers full or absent),
  // Aborted when the context is shutting down, IoError otherwise. On OK `msg` is emptied.
  Status TrySend(zmq::message_t& msg);
  // Waits up to `timeout` for room, then sends. Timeout when there was none.
  Status Send(zmq::message_t& msg, std::chrono::milliseconds timeout);
  Status Send(std::string_view frame, std::chrono::milliseconds timeout);

  // Receives without blocking: true with a message, false when none is waiting.
  Result<bool> TryRecv(zmq::message_t* msg);
  // Waits up to `timeout` for a message: true with one, false on timeout.
  Result<bool> Recv(zmq::message_t* msg, std::chrono::milliseconds timeout);

  // Changes the linger used at close (e.g. 0 when giving up on a dead peer).
  void SetLinger(std::chrono::milliseconds linger);

  zmq::socket_t& raw() { return socket_; }
  const std::string& name() const { return name_; }
  const std::vector<std::string>& bound_addresses() const { return bound_; }

 private:
  Socket(zmq::socket_t socket, std::string name)
      : socket_(std::move(socket)), name_(std::move(name)) {}
  Status Apply(zmq::context_t& context, const EndpointSpec& spec, const SocketOptions& options);

  zmq::socket_t socket_;
  std::string name_;
  std::vector<std::string> bound_;
};

// One entry per socket: what to wait for (ZMQ_POLLIN / ZMQ_POLLOUT) and, after Poll, what is
// ready.
struct PollItem {
  Socket* socket = nullptr;
  short events = 0;
  short ready = 0;
};

// Waits up to `timeout` for any item to become ready; fills `ready`. Returns how many are ready
// (0 on timeout or when a signal interrupted the wait); Aborted when the context is shutting
// down.
Result<int> Poll(std::vector<PollItem>& items, std::chrono::milliseconds timeout);

}  // namespace newspipe
