// Stages on two hosts: two network namespaces joined by a veth pair, made by the test (it needs
// root, or CAP_SYS_ADMIN and CAP_NET_ADMIN; skipped with the reason where namespaces cannot be
// made). Host A runs `newspipe run --once` (fetch, clean x2, extract, store) over tcp with CURVE
// keys from `newspipe keygen`; host B runs one more clean replica that connects across the veth
// link with the same keys. Every page must be stored exactly once, and host B must have done
// part of the work. B's heartbeats come to the test over an ipc socket (Unix sockets live in the
// file system, not in a network namespace).
#include <unistd.h>

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runtime/codec.h"
#include "runtime/process.h"
#include "runtime/transport.h"
#include "tests/e2e/e2e_util.h"

namespace newspipe::e2e {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kTimeout{240'000};

std::string IpTool() {
  for (const char* p : {"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"}) {
    if (::access(p, X_OK) == 0) return p;
  }
  return {};
}

class TwoHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ASSERT_FALSE(dir_.empty());
    ip_ = IpTool();
    const std::string tag = std::to_string(::getpid() % 100000);
    ns_a_ = "np-a-" + tag;
    ns_b_ = "np-b-" + tag;
    subnet_ = "10.231." + std::to_string(::getpid() % 250 + 1);
  }
  void TearDown() override {
    if (b_.pid() > 0) {
      b_.Signal(SIGKILL);
      while (!b_.TryWait()) ::usleep(1000);
    }
    for (const auto& ns : made_) Ip({"netns", "del", ns});
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  CommandResult Ip(const std::vector<std::string>& args) {
    std::vector<std::string> argv{ip_};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, dir_, milliseconds(20'000));
  }

  // Makes both namespaces and the link; an empty string when it worked, else why not.
  std::string MakeHosts() {
    if (ip_.empty()) return "no `ip` tool";
    for (const auto& ns : {ns_a_, ns_b_}) {
      auto r = Ip({"netns", "add", ns});
      if (r.exit_code != 0) return "`ip netns add` failed (not root?): " + r.output;
      made_.push_back(ns);
    }
    const std::vector<std::vector<std::string>> steps = {
        {"link", "add", "veth-a", "netns", ns_a_, "type", "veth", "peer", "name", "veth-b", "netns",
         ns_b_},
        {"-n", ns_a_, "addr", "add", subnet_ + ".1/24", "dev", "veth-a"},
        {"-n", ns_b_, "addr", "add", subnet_ + ".2/24", "dev", "veth-b"},
        {"-n", ns_a_, "link", "set", "veth-a", "up"},
        {"-n", ns_b_, "link", "set", "veth-b", "up"},
        {"-n", ns_a_, "link", "set", "lo", "up"},
        {"-n", ns_b_, "link", "set", "lo", "up"},
    };
    for (const auto& step : steps) {
      auto r = Ip(step);
      if (r.exit_code != 0) return "`ip " + step[0] + " " + step[1] + "` failed: " + r.output;
    }
    return {};
  }

  std::filesystem::path dir_;
  std::string ip_, ns_a_, ns_b_, subnet_;
  std::vector<std::string> made_;
  ChildProcess b_;
};

TEST_F(TwoHostTest, ReplicasInTwoNetworkNamespacesOverCurveStoreEveryPageOnce) {
  const std::string why = MakeHosts();
  if (!why.empty()) GTEST_SKIP() << "cannot make network namespaces here: " << why;

  // Keys: one pair for binding sockets, one for connecting ones; binders admit the client key.
  const auto keys = dir_ / "keys";
  ASSERT_EQ(RunCommand({"newspipe", "keygen", keys.string(), "--name", "server"}, dir_, kTimeout)
                .exit_code,
            0);
  ASSERT_EQ(RunCommand({"newspipe", "keygen", keys.string(), "--name", "client"}, dir_, kTimeout)
                .exit_code,
            0);
  {
    std::ifstream pub(keys / "client.pub");
    std::string key;
    std::getline(pub, key);
    std::ofstream(keys / "admitted") << key << " the stages\n";
  }

  const int kPages = 1500;
  const auto pages = dir_ / "pages";
  std::filesystem::create_directories(pages);
  std::vector<std::string> paths;
  for (int i = 0; i < kPages; ++i) {
    const auto file = pages / ("page-" + std::to_string(i) + ".html");
    std::ofstream(file) << "<html><head><title>Ferry timetable " << i
                        << "</title></head><body><article><h1>Ferry timetable " << i
                        << "</h1><p>The ferry company changed timetable " << i
                        << " for the winter: fewer crossings on weekdays and one more on "
                           "Sundays.</p></article></body></html>\n";
    paths.push_back(file.string());
  }
  const int base_port = 26000 + ::getpid() % 2000;
  const std::string host_a = subnet_ + ".1";
  const auto pipeline = dir_ / "two-host.yaml";
  std::ofstream(pipeline)
      << "pipeline: twohost\nstate_dir: " << (dir_ / "state-a").string()
      << "\ntransport:\n  kind: tcp\n  host: " << host_a << "\n  base_port: " << base_port
      << "\n  high_water_mark: 20\n  curve:\n"
      << "    server_secret_key: " << (keys / "server.key").string() << "\n"
      << "    server_public_key: " << (keys / "server.pub").string() << "\n"
      << "    client_secret_key: " << (keys / "client.key").string() << "\n"
      << "    client_public_key: " << (keys / "client.pub").string() << "\n"
      << "    client_keys: " << (keys / "admitted").string() << "\n"
      << "delivery:\n  ack_timeout: 5s\n  window: 200\n"
      << "stages:\n  - type: fetch\n    config:\n      paths: [\"" << pages.string()
      << "\"]\n  - type: clean\n    replicas: 2\n  - type: extract\n  - type: store\n"
         "    config:\n      path: news.db\n      batch_delay: 50ms\n";
  // The plan's tcp ports: control, acks, fetch's output (bound: clean has two replicas), then
  // extract's and store's inputs.
  auto tcp = [&](int offset) {
    return ">tcp://" + host_a + ":" + std::to_string(base_port + offset);
  };

  // Host B's replica, started first: it connects (and reconnects) until host A's stages listen.
  zmq::context_t ctx;
  const std::string b_control = "ipc://" + (dir_ / "b-control").string();
  auto control = Socket::Open(ctx, SocketKind::kPull, {"@" + b_control}, SocketOptions{}, "b");
  ASSERT_TRUE(control.ok()) << control.status().ToString();
  auto started = StartProcess({ip_,
                               "netns",
                               "exec",
                               ns_b_,
                               BinDir() + "/newspipe-clean",
                               "--pipeline",
                               "twohost",
                               "--name",
                               "clean",
                               "--replica",
                               "2",
                               "--state-dir",
                               (dir_ / "state-b").string(),
                               "--input",
                               tcp(2),
                               "--output",
                               tcp(3),
                               "--ack",
                               tcp(1),
                               "--control",
                               ">" + b_control,
                               "--heartbeat-interval",
                               "100ms",
                               "--curve-server-public-key",
                               (keys / "server.pub").string(),
                               "--curve-client-secret-key",
                               (keys / "client.key").string(),
                               "--curve-client-public-key",
                               (keys / "client.pub").string(),
                               "--curve-server-secret-key",
                               (keys / "server.key").string(),
                               "--curve-client-keys",
                               (keys / "admitted").string()});
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  b_ = std::move(started).value();

  auto run = RunCommand(
      {ip_, "netns", "exec", ns_a_, BinDir() + "/newspipe", "run", pipeline.string(), "--once"},
      dir_, kTimeout);
  ASSERT_EQ(run.exit_code, 0) << run.output;

  // What host B did, from its heartbeats.
  uint64_t b_processed = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    zmq::message_t msg;
    auto got = (*control)->Recv(&msg, milliseconds(200));
    if (!got.ok() || !*got) continue;
    auto env = DecodeEnvelope(std::string_view(static_cast<char*>(msg.data()), msg.size()));
    if (env.ok() && env->has_heartbeat()) {
      b_processed = std::max<uint64_t>(b_processed, env->heartbeat().processed());
      if (b_processed > 0) break;
    }
  }
  b_.Signal(SIGTERM);
  std::string b_output, buffer;
  std::optional<int> b_status;
  const auto b_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!(b_status = b_.TryWait()) && std::chrono::steady_clock::now() < b_deadline) {
    std::vector<std::string> lines;
    if (b_.output_fd() >= 0) ReadLines(b_.output_fd(), &buffer, &lines);
    for (auto& l : lines) b_output += l + "\n";
    ::usleep(10'000);
  }
  EXPECT_TRUE(b_status.has_value()) << "host B's replica did not stop on SIGTERM";
  EXPECT_GT(b_processed, 0u) << "host B's replica got no documents\n" << b_output << run.output;

  auto rows = Query(dir_ / "state-a" / "news.db",
                    "SELECT path, count(*) AS n FROM documents GROUP BY path");
  std::map<std::string, int> by_path;
  for (auto& r : rows) by_path[r["path"]] = std::stoi(r["n"]);
  for (const auto& p : paths) EXPECT_EQ(by_path[p], 1) << p;
  EXPECT_EQ(by_path.size(), paths.size());
  std::printf("two hosts: %d pages stored once each; host B's clean replica processed %llu\n",
              kPages, static_cast<unsigned long long>(b_processed));
}

}  // namespace
}  // namespace newspipe::e2e
