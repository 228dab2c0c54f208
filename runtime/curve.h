// CURVE authentication for tcp endpoints: key files, socket options and a ZAP handler.
//
// Key files are the ones `newspipe keygen DIR` writes: NAME.pub holds a public key and NAME.key
// a secret key, each as one line of Z85 text (40 characters); the secret file is created with
// mode 0600 and a secret file readable by group or others is refused. A key list (the public
// keys a binding socket admits) has one Z85 key per line, optionally followed by whitespace and
// a note; blank lines and '#' comment lines are ignored ('#' is also a Z85 character: a line
// whose first word is a valid key is a key).
//
// A binding ("server") socket gets curve_server, its secret key and a ZAP domain of its own. The
// ZAP handler (one thread per zmq context, a REP socket on inproc://zeromq.zap.01) answers 200
// only to CURVE clients whose public key is on that socket's list, 400 to everything else. With
// CURVE configured and no list, ApplyCurve refuses the socket: fail closed. The handler thread
// ends when its context terminates (ETERM), so destroying the context needs no extra call.
//
// InstallCurveSecurityHook() registers ApplyCurve as the transport's SecurityHook
// (runtime/transport.h); call it once at process start. Functions here are thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "runtime/stage_options.h"
#include "runtime/status.h"

namespace newspipe {

inline constexpr size_t kCurveKeyZ85Chars = 40;

struct CurveKeyPair {
  std::string public_z85;
  std::string secret_z85;
};

// A fresh key pair from libzmq (zmq_curve_keypair). Unavailable when libzmq lacks CURVE.
Result<CurveKeyPair> GenerateCurveKeyPair();
// The public key of a Z85 secret key.
Result<std::string> CurvePublicFromSecret(const std::string& secret_z85);

// Writes DIR/NAME.pub and DIR/NAME.key (0600), creating DIR. Refuses to overwrite either file.
Status WriteCurveKeyPair(const CurveKeyPair& keys, const std::filesystem::path& dir,
                         const std::string& name);
// Reads one Z85 key (public or secret) from a key file, checking its shape. For secret keys
// (`secret` true) the file must not be readable by group or others.
Result<std::string> ReadCurveKeyFile(const std::filesystem::path& path, bool secret);
// Reads a key list: the Z85 public keys, validated. An empty list is an error (it would admit
// nobody; a configuration mistake).
Result<std::vector<std::string>> ReadCurveKeyList(const std::filesystem::path& path);

// Applies CURVE to `socket` before it binds (`server` true) or connects, from the key files in
// `keys`. A server needs server_secret_key and client_keys; a client needs server_public_key and
// client_secret_key (client_public_key is derived from the secret when empty).
Status ApplyCurve(zmq::context_t& context, zmq::socket_t& socket, bool server,
                  const CurveKeyFiles& keys);

// Server side with keys already loaded: admits only `allowed_public_z85`.
Status ApplyCurveServer(zmq::context_t& context, zmq::socket_t& socket,
                        const std::string& secret_z85,
                        const std::vector<std::string>& allowed_public_z85);
// Client side with keys already loaded.
Status ApplyCurveClient(zmq::socket_t& socket, const std::string& server_public_z85,
                        const std::string& public_z85, const std::string& secret_z85);

void InstallCurveSecurityHook();

}  // namespace newspipe
