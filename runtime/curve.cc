#include "runtime/curve.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <zmq_addon.hpp>

#include "runtime/transport.h"

namespace newspipe {
namespace {

constexpr const char* kZapEndpoint = "inproc://zeromq.zap.01";
constexpr size_t kCurveKeyBytes = 32;

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// Decodes a Z85 key to its 32 bytes; empty on a malformed key.
std::string DecodeKey(const std::string& z85) {
  if (z85.size() != kCurveKeyZ85Chars) return {};
  std::string out(kCurveKeyBytes, '\0');
  if (zmq_z85_decode(reinterpret_cast<uint8_t*>(out.data()), z85.c_str()) == nullptr) return {};
  return out;
}

std::string EncodeKey(std::string_view bytes) {
  char buf[kCurveKeyZ85Chars + 1];
  if (bytes.size() != kCurveKeyBytes ||
      zmq_z85_encode(buf, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()) ==
          nullptr) {
    return {};
  }
  return std::string(buf, kCurveKeyZ85Chars);
}

Status CheckCurveAvailable() {
  if (!zmq_has("curve")) {
    return Status::Unavailable("this libzmq was built without CURVE support");
  }
  return Status::OK();
}

Status WriteNewFile(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    return Status::IoError(fmt::format("{}: cannot create: {}", path.string(), strerror(errno)));
  }
  // The umask may have narrowed the mode; make it exactly what was asked.
  Status st = Status::OK();
  if (::fchmod(fd, mode) != 0 ||
      ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
      ::fsync(fd) != 0) {
    st = Status::IoError(fmt::format("{}: cannot write: {}", path.string(), strerror(errno)));
  }
  ::close(fd);
  return st;
}

// One ZAP handler per zmq context. Each CURVE server socket gets a domain of its own whose
// admitted keys (raw 32 bytes) live in `domains`.
class ZapHandler {
 public:
  void AddDomain(const std::string& domain, std::unordered_set<std::string> keys) {
    std::lock_guard<std::mutex> lock(mu_);
    domains_[domain] = std::move(keys);
  }

  // Serves requests until the context terminates.
  void Serve(zmq::socket_t& socket) {
    while (true) {
      std::vector<zmq::message_t> frames;
      try {
        if (!zmq::recv_multipart(socket, std::back_inserter(frames))) continue;
      } catch (const zmq::error_t& e) {
        if (e.num() == EINTR) continue;
        break;  // ETERM: the context is going away.
      }
      std::array<zmq::const_buffer, 6> reply;
      std::string status = "400", text = "not admitted", user;
      if (Admit(frames, &user)) {
        status = "200";
        text = "OK";
      }
      const std::string version = "1.0";
      std::string request_id = frames.size() > 1 ? frames[1].to_string() : std::string();
      reply = {zmq::buffer(version), zmq::buffer(request_id), zmq::buffer(status),
               zmq::buffer(text),    zmq::buffer(user),       zmq::const_buffer()};
      try {
        zmq::send_multipart(socket, reply);
      } catch (const zmq::error_t&) {
        break;
      }
    }
  }

 private:
  // ZAP request frames: version, request id, domain, address, identity, mechanism, then the
  // mechanism's credentials (for CURVE: the client's 32-byte public key).
  bool Admit(const std::vector<zmq::message_t>& frames, std::string* user) {
    if (frames.size() != 7 || frames[0].to_string_view() != "1.0" ||
        frames[5].to_string_view() != "CURVE" || frames[6].size() != kCurveKeyBytes) {
      return false;
    }
    std::string key = frames[6].to_string();
    std::lock_guard<std::mutex> lock(mu_);
    auto it = domains_.find(frames[2].to_string());
    if (it == domains_.end() || !it->second.contains(key)) return false;
    *user = EncodeKey(key);
    return true;
  }

  std::mutex mu_;
  std::unordered_map<std::string, std::unordered_set<std::string>> domains_;
};

struct ZapRegistry {
  std::mutex mu;
  std::unordered_map<void*, std::shared_ptr<ZapHandler>> by_context;
  uint64_t next_domain = 0;
};

ZapRegistry& Registry() {
  static ZapRegistry* registry = new ZapRegistry();  // never destroyed: threads may outlive main.
  return *registry;
}

// Returns the context's handler, starting it if needed. The REP socket is bound here, before
// any server socket of the context binds, so no handshake can happen without the handler.
Result<std::shared_ptr<ZapHandler>> HandlerFor(zmq::context_t& context) {
  ZapRegistry& reg = Registry();
  std::lock_guard<std::mutex> lock(reg.mu);
  void* key = context.handle();
  auto it = reg.by_context.find(key);
  if (it != reg.by_context.end()) return it->second;
  zmq::socket_t rep;
  try {
    rep = zmq::socket_t(context, zmq::socket_type::rep);
    rep.set(zmq::sockopt::linger, 0);
    rep.bind(kZapEndpoint);
  } catch (const zmq::error_t& e) {
    return Status::FailedPrecondition(
        fmt::format("cannot start the ZAP handler on {}: {}", kZapEndpoint, e.what()));
  }
  auto handler = std::make_shared<ZapHandler>();
  reg.by_context.emplace(key, handler);
  std::thread([handler, key, rep = std::move(rep)]() mutable {
    handler->Serve(rep);
    // Forget this context before the socket closes: only then can the context finish
    // terminating, so a new context at the same address never sees a stale entry.
    {
      ZapRegistry& r = Registry();
      std::lock_guard<std::mutex> l(r.mu);
      auto found = r.by_context.find(key);
      if (found != r.by_context.end() && found->second == handler) r.by_context.erase(found);
    }
    rep.close();
  }).detach();
  return handler;
}

std::string NextDomain() {
  ZapRegistry& reg = Registry();
  std::lock_guard<std::mutex> lock(reg.mu);
  return fmt::format("newspipe-curve-{}", reg.next_domain++);
}

}  // namespace

Result<CurveKeyPair> GenerateCurveKeyPair() {
  NP_RETURN_IF_ERROR(CheckCurveAvailable());
  char pub[kCurveKeyZ85Chars + 1];
  char sec[kCurveKeyZ85Chars + 1];
  if (zmq_curve_keypair(pub, sec) != 0) {
    return Status::Internal(fmt::format("zmq_curve_keypair: {}", zmq_strerror(zmq_errno())));
  }
  return CurveKeyPair{std::string(pub, kCurveKeyZ85Chars), std::string(sec, kCurveKeyZ85Chars)};
}

Result<std::string> CurvePublicFromSecret(const std::string& secret_z85) {
  NP_RETURN_IF_ERROR(CheckCurveAvailable());
  if (DecodeKey(secret_z85).empty()) return Status::InvalidArgument("malformed CURVE secret key");
  char pub[kCurveKeyZ85Chars + 1];
  if (zmq_curve_public(pub, secret_z85.c_str()) != 0) {
    return Status::InvalidArgument(fmt::format("zmq_curve_public: {}", zmq_strerror(zmq_errno())));
  }
  return std::string(pub, kCurveKeyZ85Chars);
}

Status WriteCurveKeyPair(const CurveKeyPair& keys, const std::filesystem::path& dir,
                         const std::string& name) {
  if (DecodeKey(keys.public_z85).empty() || DecodeKey(keys.secret_z85).empty()) {
    return Status::InvalidArgument("malformed CURVE key pair");
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError(fmt::format("{}: {}", dir.string(), ec.message()));
  const std::filesystem::path pub = dir / (name + ".pub");
  const std::filesystem::path sec = dir / (name + ".key");
  for (const auto& p : {pub, sec}) {
    if (std::filesystem::exists(p, ec)) {
      return Status::FailedPrecondition(fmt::format("{} exists; not overwriting", p.string()));
    }
  }
  NP_RETURN_IF_ERROR(WriteNewFile(sec, keys.secret_z85 + "\n", 0600));
  return WriteNewFile(pub, keys.public_z85 + "\n", 0644);
}

Result<std::string> ReadCurveKeyFile(const std::filesystem::path& path, bool secret) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return Status::NotFound(fmt::format("{}: {}", path.string(), strerror(errno)));
  }
  if (secret && (st.st_mode & 077) != 0) {
    return Status::FailedPrecondition(fmt::format(
        "{}: secret key file is accessible by group or others; chmod 600 it", path.string()));
  }
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  if (!in && !in.eof()) return Status::IoError(fmt::format("{}: cannot read", path.string()));
  std::string key = Trim(buf.str());
  if (DecodeKey(key).empty()) {
    return Status::InvalidArgument(fmt::format("{}: not a CURVE key (expected {} Z85 characters)",
                                               path.string(), kCurveKeyZ85Chars));
  }
  return key;
}

Result<std::vector<std::string>> ReadCurveKeyList(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(fmt::format("{}: cannot open the key list", path.string()));
  std::vector<std::string> keys;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    // After a key, anything following whitespace is a note (Z85 has no whitespace). '#' is a
    // Z85 character, so a line is a comment only when its first word is not a key.
    std::string trimmed = Trim(line);
    if (trimmed.empty()) continue;
    std::string key = trimmed.substr(0, trimmed.find_first_of(" \t"));
    const bool valid = !DecodeKey(key).empty();
    if (!valid && trimmed[0] == '#') continue;
    if (!valid) {
      return Status::InvalidArgument(
          fmt::format("{}:{}: not a CURVE public key", path.string(), line_no));
    }
    keys.push_back(std::move(key));
  }
  if (keys.empty()) {
    return Status::FailedPrecondition(
        fmt::format("{}: the key list is empty; it would admit nobody", path.string()));
  }
  return keys;
}

Status ApplyCurveServer(zmq::context_t& context, zmq::socket_t& socket,
                        const std::string& secret_z85,
                        const std::vector<std::string>& allowed_public_z85) {
  NP_RETURN_IF_ERROR(CheckCurveAvailable());
  if (allowed_public_z85.empty()) {
    return Status::FailedPrecondition("CURVE server without admitted keys; refusing");
  }
  std::unordered_set<std::string> allowed;
  for (const std::string& k : allowed_public_z85) {
    std::string raw = DecodeKey(k);
    if (raw.empty()) return Status::InvalidArgument(fmt::format("malformed CURVE key {}", k));
    allowed.insert(std::move(raw));
  }
  if (DecodeKey(secret_z85).empty()) return Status::InvalidArgument("malformed CURVE secret key");
  NP_ASSIGN_OR_RETURN(std::shared_ptr<ZapHandler> handler, HandlerFor(context));
  std::string domain = NextDomain();
  handler->AddDomain(domain, std::move(allowed));
  try {
    socket.set(zmq::sockopt::curve_server, 1);
    socket.set(zmq::sockopt::curve_secretkey, secret_z85);
    socket.set(zmq::sockopt::zap_domain, domain);
  } catch (const zmq::error_t& e) {
    return Status::Internal(fmt::format("CURVE server options: {}", e.what()));
  }
  return Status::OK();
}

Status ApplyCurveClient(zmq::socket_t& socket, const std::string& server_public_z85,
                        const std::string& public_z85, const std::string& secret_z85) {
  NP_RETURN_IF_ERROR(CheckCurveAvailable());
  for (const std::string* k : {&server_public_z85, &public_z85, &secret_z85}) {
    if (DecodeKey(*k).empty()) return Status::InvalidArgument("malformed CURVE key");
  }
  try {
    socket.set(zmq::sockopt::curve_serverkey, server_public_z85);
    socket.set(zmq::sockopt::curve_publickey, public_z85);
    socket.set(zmq::sockopt::curve_secretkey, secret_z85);
  } catch (const zmq::error_t& e) {
    return Status::Internal(fmt::format("CURVE client options: {}", e.what()));
  }
  return Status::OK();
}

Status ApplyCurve(zmq::context_t& context, zmq::socket_t& socket, bool server,
                  const CurveKeyFiles& keys) {
  if (server) {
    if (keys.server_secret_key.empty()) {
      return Status::FailedPrecondition("CURVE: a binding socket needs server_secret_key");
    }
    if (keys.client_keys.empty()) {
      return Status::FailedPrecondition(
          "CURVE: no client key list configured; refusing every connection");
    }
    NP_ASSIGN_OR_RETURN(std::string secret, ReadCurveKeyFile(keys.server_secret_key, true));
    NP_ASSIGN_OR_RETURN(std::vector<std::string> allowed, ReadCurveKeyList(keys.client_keys));
    return ApplyCurveServer(context, socket, secret, allowed);
  }
  if (keys.server_public_key.empty() || keys.client_secret_key.empty()) {
    return Status::FailedPrecondition(
        "CURVE: a connecting socket needs server_public_key and client_secret_key");
  }
  NP_ASSIGN_OR_RETURN(std::string server_public, ReadCurveKeyFile(keys.server_public_key, false));
  NP_ASSIGN_OR_RETURN(std::string secret, ReadCurveKeyFile(keys.client_secret_key, true));
  std::string public_key;
  if (!keys.client_public_key.empty()) {
    NP_ASSIGN_OR_RETURN(public_key, ReadCurveKeyFile(keys.client_public_key, false));
  } else {
    NP_ASSIGN_OR_RETURN(public_key, CurvePublicFromSecret(secret));
  }
  return ApplyCurveClient(socket, server_public, public_key, secret);
}

void InstallCurveSecurityHook() { SetSecurityHook(&ApplyCurve); }

}  // namespace newspipe
