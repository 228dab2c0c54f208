#include "runtime/transport.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

namespace newspipe {
namespace {

using std::chrono::milliseconds;

class TransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("np_tr_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Ipc(const std::string& name) const { return "ipc://" + (dir_ / name).string(); }

  std::filesystem::path dir_;
  zmq::context_t context_;
  SocketOptions options_;
};

TEST_F(TransportTest, PushPullOverIpc) {
  auto pull = Socket::Open(context_, SocketKind::kPull, {"@" + Ipc("sock/a.in")}, options_, "in");
  ASSERT_TRUE(pull.ok()) << pull.status().ToString();
  auto push = Socket::Open(context_, SocketKind::kPush, {">" + Ipc("sock/a.in")}, options_, "out");
  ASSERT_TRUE(push.ok()) << push.status().ToString();
  ASSERT_TRUE((*push)->Send(std::string_view("hello"), milliseconds(5000)).ok());
  zmq::message_t msg;
  auto got = (*pull)->Recv(&msg, milliseconds(5000));
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(*got);
  EXPECT_EQ(msg.to_string(), "hello");
  // Nothing more: a bounded wait returns false, not an error.
  got = (*pull)->Recv(&msg, milliseconds(20));
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(*got);
}

TEST_F(TransportTest, SendWithoutPeerTimesOut) {
  auto push = Socket::Open(context_, SocketKind::kPush, {">" + Ipc("nobody")}, options_, "out");
  ASSERT_TRUE(push.ok());
  Status s = (*push)->Send(std::string_view("x"), milliseconds(30));
  EXPECT_TRUE(s.IsTimeout()) << s.ToString();
}

TEST_F(TransportTest, IpcEndpointInUseNamesIt) {
  auto first = Socket::Open(context_, SocketKind::kPull, {"@" + Ipc("busy")}, options_, "first");
  ASSERT_TRUE(first.ok());
  auto second = Socket::Open(context_, SocketKind::kPull, {"@" + Ipc("busy")}, options_, "second");
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find(Ipc("busy")), std::string::npos);
  EXPECT_NE(second.status().message().find("already in use"), std::string::npos);
}

TEST_F(TransportTest, TcpEndpointInUseNamesIt) {
  auto first = Socket::Open(context_, SocketKind::kPull, {"@tcp://127.0.0.1:*"}, options_, "first");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  std::string bound = (*first)->raw().get(zmq::sockopt::last_endpoint);
  auto second = Socket::Open(context_, SocketKind::kPull, {"@" + bound}, options_, "second");
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find(bound), std::string::npos);
  EXPECT_NE(second.status().message().find("already in use"), std::string::npos);
}

TEST_F(TransportTest, LongIpcPathIsAClearError) {
  std::string address = "ipc://" + (dir_ / std::string(120, 'x')).string();
  auto s = Socket::Open(context_, SocketKind::kPull, {"@" + address}, options_, "in");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("107-byte limit"), std::string::npos);
}

TEST_F(TransportTest, CurveWithoutSupportFailsClosed) {
  SetSecurityHook(nullptr);
  SocketOptions secure = options_;
  secure.curve.server_secret_key = "/nonexistent/server.key";
  auto s = Socket::Open(context_, SocketKind::kPull, {"@tcp://127.0.0.1:*"}, secure, "in");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Status::Code::kFailedPrecondition);
}

TEST_F(TransportTest, SecurityHookIsCalledForTcp) {
  int calls = 0;
  bool saw_server = false;
  SetSecurityHook([&](zmq::context_t&, zmq::socket_t&, bool server, const CurveKeyFiles&) {
    ++calls;
    saw_server = server;
    return Status::OK();
  });
  SocketOptions secure = options_;
  secure.curve.server_secret_key = "/k";
  auto s = Socket::Open(context_, SocketKind::kPull, {"@tcp://127.0.0.1:*"}, secure, "in");
  SetSecurityHook(nullptr);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(saw_server);
}

TEST_F(TransportTest, OversizeMessagesAreDroppedByTheReceiver) {
  SocketOptions small = options_;
  small.max_message_bytes = 1024;
  auto pull = Socket::Open(context_, SocketKind::kPull, {"@" + Ipc("small")}, small, "in");
  ASSERT_TRUE(pull.ok());
  // The big frame kills its connection; the sender reconnects and the small one arrives.
  auto push = Socket::Open(context_, SocketKind::kPush, {">" + Ipc("small")}, options_, "out");
  ASSERT_TRUE(push.ok());
  ASSERT_TRUE((*push)->Send(std::string(4096, 'x'), milliseconds(5000)).ok());
  auto push2 = Socket::Open(context_, SocketKind::kPush, {">" + Ipc("small")}, options_, "out2");
  ASSERT_TRUE(push2.ok());
  ASSERT_TRUE((*push2)->Send(std::string_view("ok"), milliseconds(5000)).ok());
  zmq::message_t msg;
  auto got = (*pull)->Recv(&msg, milliseconds(5000));
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(*got);
  EXPECT_EQ(msg.to_string(), "ok");
}

TEST_F(TransportTest, ClosedContextIsShuttingDown) {
  auto pull = Socket::Open(context_, SocketKind::kPull, {"@" + Ipc("term")}, options_, "in");
  ASSERT_TRUE(pull.ok());
  context_.shutdown();
  zmq::message_t msg;
  auto got = (*pull)->Recv(&msg, milliseconds(1000));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), Status::Code::kAborted);
}

}  // namespace
}  // namespace newspipe
