// RunStageMain in a real process (np_test_stage): flags and config errors, standalone files, and
// the SIGTERM drain in socket mode.
#include "runtime/stage_main.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "runtime/codec.h"
#include "runtime/curve.h"
#include "runtime/transport.h"

namespace newspipe {
namespace {

using std::chrono::milliseconds;

const std::string kStage = std::string(NEWSPIPE_BIN_DIR) + "/np_test_stage";

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class StageProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("np_sm_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    std::filesystem::remove_all(dir_);
  }
  std::string Ipc(const std::string& name) const { return "ipc://" + (dir_ / name).string(); }

  // Starts np_test_stage with `args`; stdout and stderr go to files in the temp dir.
  void Start(const std::vector<std::string>& args) {
    std::vector<std::string> all = {kStage};
    all.insert(all.end(), args.begin(), args.end());
    std::string out = (dir_ / "stdout").string(), err = (dir_ / "stderr").string();
    pid_ = ::fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(o, 1);
      ::dup2(e, 2);
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  // Waits for the process to exit, at most `timeout`; returns its exit code or -1.
  int Wait(milliseconds timeout = milliseconds(20'000)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(milliseconds(5));  // polling a child's exit; bounded above.
    }
    return -1;
  }
  int Run(const std::vector<std::string>& args) {
    Start(args);
    return Wait();
  }

  std::filesystem::path dir_;
  pid_t pid_ = -1;
};

TEST_F(StageProcessTest, BadConfigListsEveryErrorAndExits2) {
  EXPECT_EQ(Run({"--config-json", R"({"batch_size": 0, "colour": "red"})", "--in", "-"}), 2);
  std::string err = ReadFile(dir_ / "stderr");
  EXPECT_NE(err.find("batch_size"), std::string::npos) << err;
  EXPECT_NE(err.find("colour"), std::string::npos) << err;
  EXPECT_NE(err.find("record"), std::string::npos) << err;
}

TEST_F(StageProcessTest, UnknownFlagExits2) {
  EXPECT_EQ(Run({"--frobnicate"}), 2);
  EXPECT_NE(ReadFile(dir_ / "stderr").find("frobnicate"), std::string::npos);
}

TEST_F(StageProcessTest, StandaloneProcessorInAProcess) {
  std::string in = (dir_ / "in.bin").string(), out = (dir_ / "out.bin").string();
  {
    auto w = DelimitedWriter::Open(in);
    ASSERT_TRUE(w.ok());
    for (int i = 0; i < 3; ++i) {
      v1::Envelope env;
      env.set_protocol_version(kProtocolVersion);
      env.set_doc_id("d" + std::to_string(i));
      env.mutable_document()->set_id(env.doc_id());
      env.mutable_document()->set_text("abc");
      ASSERT_TRUE((*w)->Write(env).ok());
    }
  }
  ASSERT_EQ(Run({"--type", "upper", "--in", in, "--out", out}), 0) << ReadFile(dir_ / "stderr");
  auto r = DelimitedReader::Open(out);
  ASSERT_TRUE(r.ok());
  v1::Envelope env;
  Status error;
  int n = 0;
  while ((*r)->Next(&env, &error) == DelimitedReader::Outcome::kEnvelope) {
    EXPECT_EQ(env.document().text(), "ABC");
    ++n;
  }
  EXPECT_EQ(n, 3);
  // The log lines name the stage and replica.
  EXPECT_NE(ReadFile(dir_ / "stderr").find("[upper.0]"), std::string::npos);
}

TEST_F(StageProcessTest, SigtermDrainsCommitsAcksAndExitsZero) {
  zmq::context_t ctx;
  auto feed = Socket::Open(ctx, SocketKind::kPush, {"@" + Ipc("in")}, SocketOptions{}, "feed");
  auto acks = Socket::Open(ctx, SocketKind::kPull, {"@" + Ipc("ack")}, SocketOptions{}, "acks");
  auto control =
      Socket::Open(ctx, SocketKind::kPull, {"@" + Ipc("control")}, SocketOptions{}, "control");
  ASSERT_TRUE(feed.ok() && acks.ok() && control.ok());
  std::string record = (dir_ / "record.txt").string();
  Start({"--name", "store", "--state-dir", dir_.string(), "--config-json",
         R"({"record": ")" + record + R"(", "batch_size": 1000, "batch_delay": "10m"})", "--input",
         ">" + Ipc("in"), "--ack", ">" + Ipc("ack"), "--control", ">" + Ipc("control"),
         "--heartbeat-interval", "50ms"});
  for (int i = 0; i < 5; ++i) {
    v1::Envelope env;
    env.set_protocol_version(kProtocolVersion);
    env.set_doc_id("d" + std::to_string(i));
    env.set_attempt(1);
    env.mutable_document()->set_id(env.doc_id());
    std::string frame;
    ASSERT_TRUE(EncodeEnvelope(env, &frame).ok());
    ASSERT_TRUE((*feed)->Send(frame, milliseconds(10'000)).ok());
  }
  // Wait until the sink holds all five, uncommitted.
  bool holding = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!holding && std::chrono::steady_clock::now() < deadline) {
    zmq::message_t msg;
    auto got = (*control)->Recv(&msg, milliseconds(100));
    if (!got.ok() || !*got) continue;
    auto env = DecodeEnvelope(std::string_view(static_cast<char*>(msg.data()), msg.size()));
    ASSERT_TRUE(env.ok());
    ASSERT_TRUE(env->has_heartbeat());
    EXPECT_EQ(env->heartbeat().stage(), "store");
    EXPECT_EQ(env->heartbeat().pid(), pid_);
    holding = env->heartbeat().processed() == 5 && env->heartbeat().in_flight() == 5;
  }
  ASSERT_TRUE(holding);
  EXPECT_EQ(ReadFile(record), "");

  ASSERT_EQ(::kill(pid_, SIGTERM), 0);
  EXPECT_EQ(Wait(milliseconds(10'000)), 0) << ReadFile(dir_ / "stderr");
  EXPECT_EQ(ReadFile(record), "d0\nd1\nd2\nd3\nd4\n");
  std::set<std::string> acked;
  while (acked.size() < 5) {
    zmq::message_t msg;
    auto got = (*acks)->Recv(&msg, milliseconds(5000));
    ASSERT_TRUE(got.ok() && *got) << "acks: " << acked.size();
    auto env = DecodeEnvelope(std::string_view(static_cast<char*>(msg.data()), msg.size()));
    ASSERT_TRUE(env.ok() && env->has_ack());
    acked.insert(env->ack().doc_id());
  }
}

TEST_F(StageProcessTest, CurveOnTcpAdmitsListedKeysOnly) {
  if (!zmq_has("curve")) GTEST_SKIP() << "libzmq without CURVE";
  auto server = GenerateCurveKeyPair();
  auto client = GenerateCurveKeyPair();
  auto stranger = GenerateCurveKeyPair();
  ASSERT_TRUE(server.ok() && client.ok() && stranger.ok());
  auto keys = dir_ / "keys";
  ASSERT_TRUE(WriteCurveKeyPair(*server, keys, "server").ok());
  ASSERT_TRUE(WriteCurveKeyPair(*client, keys, "client").ok());
  ASSERT_TRUE(WriteCurveKeyPair(*stranger, keys, "stranger").ok());
  std::ofstream(keys / "clients.txt") << client->public_z85 << "\n";

  zmq::context_t ctx;
  std::string port;
  {  // An ephemeral port, free again once this (plain, synchronously closed) socket is closed.
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    port = std::to_string(ntohs(addr.sin_port));
    ::close(fd);
  }
  const std::string address = "tcp://127.0.0.1:" + port;
  auto control =
      Socket::Open(ctx, SocketKind::kPull, {"@" + Ipc("control")}, SocketOptions{}, "control");
  ASSERT_TRUE(control.ok());
  std::string record = (dir_ / "record.txt").string();
  Start({"--state-dir", dir_.string(), "--config-json", R"({"record": ")" + record + R"("})",
         "--input", "@" + address, "--control", ">" + Ipc("control"), "--heartbeat-interval",
         "50ms", "--curve-server-secret-key", (keys / "server.key").string(), "--curve-client-keys",
         (keys / "clients.txt").string()});

  InstallCurveSecurityHook();
  auto push_as = [&](const std::string& who, const std::string& id) {
    SocketOptions so;
    so.curve.server_public_key = (keys / "server.pub").string();
    so.curve.client_secret_key = (keys / (who + ".key")).string();
    so.curve.client_public_key = (keys / (who + ".pub")).string();
    auto push = Socket::Open(ctx, SocketKind::kPush, {">" + address}, so, who);
    EXPECT_TRUE(push.ok()) << push.status().ToString();
    v1::Envelope env;
    env.set_protocol_version(kProtocolVersion);
    env.set_doc_id(id);
    env.mutable_document()->set_id(id);
    std::string frame;
    EXPECT_TRUE(EncodeEnvelope(env, &frame).ok());
    // A refused peer never completes its handshake, so its send times out.
    Status sent = (*push)->Send(frame, milliseconds(who == "client" ? 10'000 : 1000));
    (*push)->SetLinger(milliseconds(0));
    return sent;
  };
  ASSERT_TRUE(push_as("client", "from-client").ok()) << ReadFile(dir_ / "stderr");

  bool stored = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!stored && std::chrono::steady_clock::now() < deadline) {
    zmq::message_t msg;
    auto got = (*control)->Recv(&msg, milliseconds(100));
    if (!got.ok() || !*got) continue;
    auto env = DecodeEnvelope(std::string_view(static_cast<char*>(msg.data()), msg.size()));
    stored = env.ok() && env->heartbeat().stored() >= 1;
  }
  ASSERT_TRUE(stored);
  // The server is up and admits the listed key: now the others must be refused.
  EXPECT_FALSE(push_as("stranger", "from-stranger").ok());
  {  // A plain-text peer.
    auto plain = Socket::Open(ctx, SocketKind::kPush, {">" + address}, SocketOptions{}, "plain");
    ASSERT_TRUE(plain.ok());
    v1::Envelope env;
    env.set_protocol_version(kProtocolVersion);
    env.set_doc_id("from-plain");
    env.mutable_document()->set_id("from-plain");
    std::string frame;
    ASSERT_TRUE(EncodeEnvelope(env, &frame).ok());
    EXPECT_FALSE((*plain)->Send(frame, milliseconds(1000)).ok());
    (*plain)->SetLinger(milliseconds(0));
  }
  SetSecurityHook(nullptr);
  ASSERT_EQ(::kill(pid_, SIGTERM), 0);
  EXPECT_EQ(Wait(milliseconds(10'000)), 0) << ReadFile(dir_ / "stderr");
  EXPECT_EQ(ReadFile(record), "from-client\n");
}

}  // namespace
}  // namespace newspipe
