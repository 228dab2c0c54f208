#include "runtime/curve.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include <zmq.hpp>

namespace newspipe {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr milliseconds kWait{5'000};
constexpr int kHandshakeEvents =
    ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
    ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;

class CurveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!zmq_has("curve")) GTEST_SKIP() << "libzmq without CURVE";
    dir_ = fs::temp_directory_path() /
           ("curve_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  CurveKeyPair NewPair(const std::string& name) {
    auto pair = GenerateCurveKeyPair();
    EXPECT_TRUE(pair.ok()) << pair.status().ToString();
    EXPECT_TRUE(WriteCurveKeyPair(*pair, dir_, name).ok());
    return *pair;
  }

  fs::path dir_;
};

// A server PULL socket on an ephemeral loopback port, with a monitor that reports handshake
// outcomes.
struct Server {
  Server(zmq::context_t& ctx)
      : socket(ctx, zmq::socket_type::pull), monitor(ctx, zmq::socket_type::pair) {
    socket.set(zmq::sockopt::linger, 0);
    monitor.set(zmq::sockopt::linger, 0);
  }
  // REQUIRES: CURVE options applied already.
  void Bind() {
    static int counter = 0;
    std::string mon = "inproc://curve-test-monitor-" + std::to_string(counter++);
    EXPECT_EQ(zmq_socket_monitor(socket.handle(), mon.c_str(), kHandshakeEvents), 0);
    monitor.connect(mon);
    socket.bind("tcp://127.0.0.1:*");
    endpoint = socket.get(zmq::sockopt::last_endpoint);
  }
  // The next handshake event, or 0 when none arrived in time.
  int NextHandshakeEvent(milliseconds timeout) {
    zmq::pollitem_t items[] = {{monitor.handle(), 0, ZMQ_POLLIN, 0}};
    if (zmq::poll(items, 1, timeout) == 0) return 0;
    zmq::message_t head, address;
    if (!monitor.recv(head) || !monitor.recv(address)) return 0;
    uint16_t event = 0;
    std::memcpy(&event, head.data(), sizeof(event));
    return event;
  }
  // A message received within `timeout`, or empty.
  std::string Receive(milliseconds timeout) {
    zmq::pollitem_t items[] = {{socket.handle(), 0, ZMQ_POLLIN, 0}};
    if (zmq::poll(items, 1, timeout) == 0) return {};
    zmq::message_t msg;
    if (!socket.recv(msg)) return {};
    return msg.to_string();
  }

  zmq::socket_t socket;
  zmq::socket_t monitor;
  std::string endpoint;
};

zmq::socket_t Client(zmq::context_t& ctx) {
  zmq::socket_t s(ctx, zmq::socket_type::push);
  s.set(zmq::sockopt::linger, 0);
  return s;
}

TEST_F(CurveTest, KeyFilesRoundTrip) {
  CurveKeyPair pair = NewPair("node");
  EXPECT_EQ(pair.public_z85.size(), kCurveKeyZ85Chars);
  struct stat st;
  ASSERT_EQ(stat((dir_ / "node.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto secret = ReadCurveKeyFile(dir_ / "node.key", true);
  ASSERT_TRUE(secret.ok()) << secret.status().ToString();
  EXPECT_EQ(*secret, pair.secret_z85);
  auto pub = ReadCurveKeyFile(dir_ / "node.pub", false);
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(*pub, pair.public_z85);
  auto derived = CurvePublicFromSecret(*secret);
  ASSERT_TRUE(derived.ok());
  EXPECT_EQ(*derived, pair.public_z85);
  // Never overwrites a key.
  EXPECT_FALSE(WriteCurveKeyPair(pair, dir_, "node").ok());
}

TEST_F(CurveTest, SecretReadableByOthersIsRefused) {
  NewPair("open");
  fs::permissions(dir_ / "open.key", fs::perms::group_read, fs::perm_options::add);
  auto r = ReadCurveKeyFile(dir_ / "open.key", true);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("open.key"), std::string::npos);
}

TEST_F(CurveTest, KeyListParsing) {
  CurveKeyPair a = NewPair("a"), b = NewPair("b");
  {
    std::ofstream out(dir_ / "clients");
    out << "# admitted\n" << a.public_z85 << "  host a\n\n  " << b.public_z85 << "\n";
  }
  auto keys = ReadCurveKeyList(dir_ / "clients");
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  EXPECT_EQ(*keys, (std::vector<std::string>{a.public_z85, b.public_z85}));
  {
    std::ofstream out(dir_ / "empty");
    out << "# nobody\n";
  }
  EXPECT_FALSE(ReadCurveKeyList(dir_ / "empty").ok());
  {
    std::ofstream out(dir_ / "bad");
    out << "not-a-key\n";
  }
  auto bad = ReadCurveKeyList(dir_ / "bad");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(":1:"), std::string::npos);
}

TEST_F(CurveTest, ServerWithoutKeyListFailsClosed) {
  NewPair("server");
  zmq::context_t ctx;
  zmq::socket_t s(ctx, zmq::socket_type::pull);
  CurveKeyFiles keys;
  keys.server_secret_key = (dir_ / "server.key").string();
  Status st = ApplyCurve(ctx, s, /*server=*/true, keys);
  EXPECT_FALSE(st.ok());
  EXPECT_FALSE(ApplyCurveServer(ctx, s, GenerateCurveKeyPair()->secret_z85, {}).ok());
  s.close();
}

TEST_F(CurveTest, ListedKeyGetsThrough) {
  NewPair("server");
  CurveKeyPair client = NewPair("client");
  {
    std::ofstream out(dir_ / "clients");
    out << client.public_z85 << "\n";
  }
  zmq::context_t ctx;
  Server server(ctx);
  CurveKeyFiles server_keys;
  server_keys.server_secret_key = (dir_ / "server.key").string();
  server_keys.client_keys = (dir_ / "clients").string();
  Status applied = ApplyCurve(ctx, server.socket, true, server_keys);
  ASSERT_TRUE(applied.ok()) << applied.ToString();
  server.Bind();

  zmq::socket_t push = Client(ctx);
  CurveKeyFiles client_keys;
  client_keys.server_public_key = (dir_ / "server.pub").string();
  client_keys.client_secret_key = (dir_ / "client.key").string();
  Status st = ApplyCurve(ctx, push, false, client_keys);
  ASSERT_TRUE(st.ok()) << st.ToString();
  push.connect(server.endpoint);
  push.send(zmq::str_buffer("hello"), zmq::send_flags::none);

  EXPECT_EQ(server.NextHandshakeEvent(kWait), ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
  EXPECT_EQ(server.Receive(kWait), "hello");
}

TEST_F(CurveTest, UnknownKeyIsRefused) {
  CurveKeyPair server_pair = NewPair("server");
  CurveKeyPair listed = NewPair("listed");
  CurveKeyPair stranger = NewPair("stranger");
  zmq::context_t ctx;
  Server server(ctx);
  ASSERT_TRUE(
      ApplyCurveServer(ctx, server.socket, server_pair.secret_z85, {listed.public_z85}).ok());
  server.Bind();

  zmq::socket_t push = Client(ctx);
  ASSERT_TRUE(
      ApplyCurveClient(push, server_pair.public_z85, stranger.public_z85, stranger.secret_z85)
          .ok());
  push.connect(server.endpoint);
  push.send(zmq::str_buffer("intruder"), zmq::send_flags::none);

  EXPECT_EQ(server.NextHandshakeEvent(kWait), ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
  EXPECT_EQ(server.Receive(milliseconds(200)), "");
}

TEST_F(CurveTest, PlainTextPeerIsRefused) {
  CurveKeyPair server_pair = NewPair("server");
  CurveKeyPair listed = NewPair("listed");
  zmq::context_t ctx;
  Server server(ctx);
  ASSERT_TRUE(
      ApplyCurveServer(ctx, server.socket, server_pair.secret_z85, {listed.public_z85}).ok());
  server.Bind();

  zmq::socket_t push = Client(ctx);  // no CURVE: the NULL mechanism.
  push.connect(server.endpoint);
  push.send(zmq::str_buffer("plain"), zmq::send_flags::none);

  int event = server.NextHandshakeEvent(kWait);
  EXPECT_TRUE(event == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL ||
              event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL ||
              event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
      << "event " << event;
  EXPECT_EQ(server.Receive(milliseconds(200)), "");
}

// Two server sockets in one context share the handler but admit their own lists only.
TEST_F(CurveTest, EachServerAdmitsItsOwnList) {
  CurveKeyPair server_pair = NewPair("server");
  CurveKeyPair a = NewPair("a"), b = NewPair("b");
  zmq::context_t ctx;
  Server only_a(ctx), only_b(ctx);
  ASSERT_TRUE(ApplyCurveServer(ctx, only_a.socket, server_pair.secret_z85, {a.public_z85}).ok());
  ASSERT_TRUE(ApplyCurveServer(ctx, only_b.socket, server_pair.secret_z85, {b.public_z85}).ok());
  only_a.Bind();
  only_b.Bind();

  zmq::socket_t push = Client(ctx);
  ASSERT_TRUE(ApplyCurveClient(push, server_pair.public_z85, a.public_z85, a.secret_z85).ok());
  push.connect(only_b.endpoint);
  EXPECT_EQ(only_b.NextHandshakeEvent(kWait), ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
  push.connect(only_a.endpoint);
  EXPECT_EQ(only_a.NextHandshakeEvent(kWait), ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
}

}  // namespace
}  // namespace newspipe
