#include "runtime/transport.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

namespace newspipe {
namespace {

SecurityHook& GlobalSecurityHook() {
  static SecurityHook hook;
  return hook;
}

constexpr std::string_view kIpcPrefix = "ipc://";
constexpr std::string_view kTcpPrefix = "tcp://";

Status FromZmqError(const zmq::error_t& e, std::string_view what) {
  if (e.num() == ETERM) return Status::Aborted(fmt::format("{}: shutting down", what));
  return Status::IoError(fmt::format("{}: {}", what, e.what()));
}

// True when a live process accepts connections on the Unix socket at `path`. libzmq unlinks an
// existing ipc file when it binds, which would silently steal the endpoint from its owner.
bool IpcPathHasListener(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), std::min(path.size(), sizeof(addr.sun_path) - 1));
  bool live = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return live;
}

}  // namespace

void SetSecurityHook(SecurityHook hook) { GlobalSecurityHook() = std::move(hook); }

Status CheckAddress(const std::string& address) {
  std::string_view a = address;
  if (a.substr(0, kIpcPrefix.size()) == kIpcPrefix) {
    std::string_view path = a.substr(kIpcPrefix.size());
    if (path.empty()) return Status::InvalidArgument("ipc endpoint has no path: " + address);
    if (path.size() > kMaxIpcPathBytes) {
      return Status::InvalidArgument(fmt::format(
          "ipc endpoint {} has a path of {} bytes, over the {}-byte limit of Unix socket paths; "
          "use a shorter state directory",
          address, path.size(), kMaxIpcPathBytes));
    }
    return Status::OK();
  }
  if (a.substr(0, kTcpPrefix.size()) == kTcpPrefix) {
    std::string_view rest = a.substr(kTcpPrefix.size());
    size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == rest.size()) {
      return Status::InvalidArgument("tcp endpoint needs HOST:PORT: " + address);
    }
    return Status::OK();
  }
  if (a.substr(0, 9) == "inproc://") return Status::OK();
  return Status::InvalidArgument("unsupported endpoint (expected ipc:// or tcp://): " + address);
}

Result<std::unique_ptr<Socket>> Socket::Open(zmq::context_t& context, SocketKind kind,
                                             const std::vector<std::string>& specs,
                                             const SocketOptions& options, std::string name) {
  std::unique_ptr<Socket> s;
  try {
    zmq::socket_t raw(context,
                      kind == SocketKind::kPush ? zmq::socket_type::push : zmq::socket_type::pull);
    raw.set(zmq::sockopt::linger, static_cast<int>(options.linger.count()));
    raw.set(zmq::sockopt::sndhwm, options.high_water_mark);
    raw.set(zmq::sockopt::rcvhwm, options.high_water_mark);
    raw.set(zmq::sockopt::maxmsgsize, options.max_message_bytes);
    if (kind == SocketKind::kPush) raw.set(zmq::sockopt::immediate, true);
    s.reset(new Socket(std::move(raw), std::move(name)));
  } catch (const zmq::error_t& e) {
    return FromZmqError(e, fmt::format("cannot open the {} socket", name));
  }
  for (const auto& text : specs) {
    NP_ASSIGN_OR_RETURN(EndpointSpec spec, ParseEndpointSpec(text));
    NP_RETURN_IF_ERROR(s->Apply(context, spec, options));
  }
  return s;
}

Status Socket::Apply(zmq::context_t& context, const EndpointSpec& spec,
                     const SocketOptions& options) {
  const std::string& address = spec.address;
  NP_RETURN_IF_ERROR(CheckAddress(address).WithContext(name_));
  const bool is_ipc = address.rfind(kIpcPrefix, 0) == 0;
  const bool is_tcp = address.rfind(kTcpPrefix, 0) == 0;
  if (is_tcp && options.curve.enabled()) {
    const SecurityHook& hook = GlobalSecurityHook();
    if (!hook) {
      return Status::FailedPrecondition(fmt::format(
          "{}: CURVE keys are configured for {} but no CURVE support is installed; refusing", name_,
          address));
    }
    Status secured = Status::OK();
    try {
      secured = hook(context, socket_, spec.bind, options.curve);
    } catch (const zmq::error_t& e) {
      secured = FromZmqError(e, "CURVE setup");
    }
    NP_RETURN_IF_ERROR(secured.WithContext(fmt::format("{} {}", name_, address)));
  }
  if (spec.bind && is_ipc) {
    std::filesystem::path path(address.substr(kIpcPrefix.size()));
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return Status::IoError(
          fmt::format("{}: cannot create the directory of {}: {}", name_, address, ec.message()));
    }
    if (IpcPathHasListener(path.string())) {
      return Status::Unavailable(
          fmt::format("{}: endpoint {} is already in use by another process", name_, address));
    }
  }
  try {
    if (spec.bind) {
      socket_.bind(address);
      bound_.push_back(address);
    } else {
      socket_.connect(address);
    }
  } catch (const zmq::error_t& e) {
    if (e.num() == EADDRINUSE) {
      return Status::Unavailable(fmt::format("{}: endpoint {} is already in use", name_, address));
    }
    return FromZmqError(
        e, fmt::format("{}: cannot {} {}", name_, spec.bind ? "bind" : "connect to", address));
  }
  return Status::OK();
}

Socket::~Socket() = default;

void Socket::SetLinger(std::chrono::milliseconds linger) {
  try {
    socket_.set(zmq::sockopt::linger, static_cast<int>(linger.count()));
  } catch (const zmq::error_t&) {
    // Closing anyway; the default linger then applies.
  }
}

Status Socket::TrySend(zmq::message_t& msg) {
  try {
    auto sent = socket_.send(msg, zmq::send_flags::dontwait);
    if (!sent) return Status::Unavailable(name_ + ": would block");
    return Status::OK();
  } catch (const zmq::error_t& e) {
    return FromZmqError(e, name_ + ": send");
  }
}

Status Socket::Send(zmq::message_t& msg, std::chrono::milliseconds timeout) {
  Status s = TrySend(msg);
  if (!s.IsUnavailable()) return s;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Status::Timeout(name_ + ": send timed out");
    std::vector<PollItem> items{{this, ZMQ_POLLOUT, 0}};
    NP_ASSIGN_OR_RETURN(int ready, Poll(items, left));
    if (ready > 0) {
      s = TrySend(msg);
      if (!s.IsUnavailable()) return s;
    }
  }
}

Status Socket::Send(std::string_view frame, std::chrono::milliseconds timeout) {
  zmq::message_t msg(frame.data(), frame.size());
  return Send(msg, timeout);
}

Result<bool> Socket::TryRecv(zmq::message_t* msg) {
  try {
    auto got = socket_.recv(*msg, zmq::recv_flags::dontwait);
    return got.has_value();
  } catch (const zmq::error_t& e) {
    if (e.num() == EINTR) return false;
    return FromZmqError(e, name_ + ": receive");
  }
}

Result<bool> Socket::Recv(zmq::message_t* msg, std::chrono::milliseconds timeout) {
  NP_ASSIGN_OR_RETURN(bool got, TryRecv(msg));
  if (got) return true;
  std::vector<PollItem> items{{this, ZMQ_POLLIN, 0}};
  NP_ASSIGN_OR_RETURN(int ready, Poll(items, timeout));
  if (ready == 0) return false;
  return TryRecv(msg);
}

Result<int> Poll(std::vector<PollItem>& items, std::chrono::milliseconds timeout) {
  // A small fixed array covers every runner loop without allocating per call.
  constexpr size_t kMaxItems = 8;
  zmq::pollitem_t raw[kMaxItems];
  if (items.size() > kMaxItems) return Status::InvalidArgument("too many sockets to poll");
  for (size_t i = 0; i < items.size(); ++i) {
    raw[i] = {items[i].socket->raw().handle(), 0, items[i].events, 0};
    items[i].ready = 0;
  }
  try {
    int n = zmq::poll(raw, items.size(), timeout);
    for (size_t i = 0; i < items.size(); ++i) items[i].ready = raw[i].revents;
    return n;
  } catch (const zmq::error_t& e) {
    if (e.num() == EINTR) return 0;
    return FromZmqError(e, "poll");
  }
}

}  // namespace newspipe
