// Supervisor tests with real processes: this test binary doubles as a set of fake stages. Started
// with --fake-stage=ROLE (first argument), it runs that role before GoogleTest's main and exits;
// the roles speak the heartbeat protocol (or, on purpose, do not).
#include "runtime/supervisor.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zmq.hpp>

#include "proto/newspipe.pb.h"
#include "runtime/stage_options.h"
#include "runtime/supervisor_plan.h"

namespace newspipe {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using Kind = SupervisorEvent::Kind;

// ------------------------------------------------------------------------------------------
// Fake stages

volatile sig_atomic_t g_fake_term = 0;
extern "C" void OnFakeTerm(int) { g_fake_term = 1; }

int RunFakeStage(const std::string& role, const std::vector<std::string>& args) {
  auto parsed = ParseStageOptions(args, "fake");
  if (!parsed.ok()) {
    std::fprintf(stderr, "fake stage: %s\n", parsed.status().message().c_str());
    return 1;
  }
  const StageProcessOptions& o = *parsed;
  if (role == "crash") {
    std::fprintf(stderr, "fake crash: cannot go on\n");
    return 3;
  }
  if (role == "badconfig") {
    std::fprintf(stderr, "fake: bad config\n");
    return 2;
  }
  struct sigaction sa = {};
  sa.sa_handler = role == "stubborn" ? SIG_IGN : OnFakeTerm;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  zmq::context_t ctx;
  zmq::socket_t control(ctx, zmq::socket_type::push);
  control.set(zmq::sockopt::linger, 1000);
  auto ep = ParseEndpointSpec(o.control.at(0));
  control.connect(ep->address);
  const std::filesystem::path release = o.state_dir / "release";
  while (!g_fake_term) {
    if (role != "silent") {
      v1::Envelope env;
      env.set_pipeline(o.pipeline);
      env.set_sender(o.stage_name + "/" + std::to_string(o.replica));
      v1::Heartbeat* hb = env.mutable_heartbeat();
      hb->set_stage(o.stage_name);
      hb->set_replica(o.replica);
      hb->set_pid(::getpid());
      if (role == "source") {
        hb->set_emitted(5);
        const bool done = std::filesystem::exists(release);
        hb->set_source_exhausted(done);
        hb->set_acked(done ? 5 : 0);
        hb->set_acked_stored(done ? 4 : 0);
        hb->set_acked_filtered(done ? 1 : 0);
      }
      if (role == "sink") hb->set_stored(2);
      const std::string bytes = env.SerializeAsString();
      control.send(zmq::buffer(bytes), zmq::send_flags::dontwait);
    }
    // A fake stage's own pace; the tests wait on events, not on this.
    std::this_thread::sleep_for(o.heartbeat_interval);
  }
  std::fprintf(stderr, "fake %s: stopped by SIGTERM\n", role.c_str());
  return 0;
}

// glibc passes (argc, argv, envp) to ELF constructors: run a fake stage before GoogleTest.
__attribute__((constructor)) void MaybeRunFakeStage(int argc, char** argv, char**) {
  if (argc < 2 || std::strncmp(argv[1], "--fake-stage=", 13) != 0) return;
  const std::string role = argv[1] + 13;
  std::vector<std::string> args(argv + 2, argv + argc);
  const int code = RunFakeStage(role, args);
  std::fflush(stderr);
  ::_exit(code);
}

// ------------------------------------------------------------------------------------------
// Helpers

class EventLog {
 public:
  void Add(const SupervisorEvent& e) {
    std::lock_guard<std::mutex> lock(mu_);
    events_.push_back(e);
    cv_.notify_all();
  }
  // The first event at or after index `from` that matches, waiting at most `timeout`.
  std::optional<SupervisorEvent> WaitFor(const std::function<bool(const SupervisorEvent&)>& match,
                                         milliseconds timeout = milliseconds(20'000),
                                         size_t* index = nullptr, size_t from = 0) {
    std::unique_lock<std::mutex> lock(mu_);
    std::optional<SupervisorEvent> found;
    cv_.wait_for(lock, timeout, [&] {
      for (size_t i = from; i < events_.size(); ++i) {
        if (match(events_[i])) {
          found = events_[i];
          if (index) *index = i;
          return true;
        }
      }
      return false;
    });
    return found;
  }
  std::vector<SupervisorEvent> All() {
    std::lock_guard<std::mutex> lock(mu_);
    return events_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<SupervisorEvent> events_;
};

std::string SelfExe() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

class SupervisorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/np-sup-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A stage running this binary as a fake.
  std::string Stage(const std::string& name, const std::string& role, int replicas = 1) {
    return "  - name: " + name + "\n    replicas: " + std::to_string(replicas) +
           "\n    command: [\"" + SelfExe() + "\", \"--fake-stage=" + role + "\"]\n";
  }

  PipelineDef Pipeline(const std::string& stages, const std::string& extra = "") {
    const std::string yaml = "pipeline: t\nstate_dir: " + dir_.string() + "\n" + extra +
                             "supervisor:\n" + restart_ +
                             "  crash_loop_restarts: 4\n  crash_loop_window: 60s\n"
                             "  heartbeat_interval: 50ms\n  hung_after: " +
                             hung_after_ + "\nstages:\n" + stages;
    StageRegistry none;
    auto def = LoadPipelineFromString(yaml, "t.yaml", none);
    EXPECT_TRUE(def.ok()) << def.status().message() << "\n" << yaml;
    return def.ok() ? std::move(def).value() : PipelineDef{};
  }

  SupervisorOptions Options(bool once = false) {
    SupervisorOptions o;
    o.once = once;
    o.stop_grace = milliseconds(2'000);
    o.on_event = [this](const SupervisorEvent& e) { events_.Add(e); };
    o.log = [this](const std::string& line) {
      std::lock_guard<std::mutex> lock(log_mu_);
      log_ += line + "\n";
    };
    return o;
  }

  std::string LogText() {
    std::lock_guard<std::mutex> lock(log_mu_);
    return log_;
  }

  // Runs the supervisor on a thread; Finish() waits for it (bounded) and returns its status.
  void Start(Supervisor& sup) {
    sup_ = &sup;
    result_ = std::async(std::launch::async, [&sup] { return sup.Run(); });
  }
  Status Finish(milliseconds timeout = milliseconds(30'000)) {
    if (result_.wait_for(timeout) != std::future_status::ready) {
      ADD_FAILURE() << "the supervisor did not finish within " << timeout.count() << "ms\n"
                    << LogText();
      sup_->RequestStop();
      sup_->RequestStop();
    }
    return result_.get();
  }

  static auto Is(Kind kind, const std::string& stage = "") {
    return [kind, stage](const SupervisorEvent& e) {
      return e.kind == kind && (stage.empty() || e.stage == stage);
    };
  }

  std::filesystem::path dir_;
  std::string hung_after_ = "60s";
  std::string restart_ = "  restart_initial: 40ms\n  restart_max: 150ms\n";
  EventLog events_;
  std::mutex log_mu_;
  std::string log_;
  Supervisor* sup_ = nullptr;
  std::future<Status> result_;
};

bool ProcessGone(pid_t pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

// ------------------------------------------------------------------------------------------
// Tests

TEST_F(SupervisorTest, RestartsWithCappedBackoffThenReportsTheCrashLoop) {
  // A process that lives restart_max is healthy and resets the backoff: leave a loaded machine
  // (and a sanitized build, whose processes start slowly) room to start and crash the fake
  // within that.
  restart_ = "  restart_initial: 500ms\n  restart_max: 2s\n";
  Supervisor sup(Pipeline(Stage("crasher", "crash")), Options());
  Start(sup);
  Status status = Finish();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("stage crasher"));
  EXPECT_THAT(status.message(), HasSubstr("crash loop: 5 crashes within 60s"));
  EXPECT_THAT(status.message(), HasSubstr("exited with status 3"));
  EXPECT_THAT(status.message(), HasSubstr("fake crash: cannot go on"));
  EXPECT_THAT(LogText(), HasSubstr("given up"));

  std::vector<milliseconds> delays;
  int started = 0;
  const auto events = events_.All();
  for (const auto& e : events) {
    if (e.kind == Kind::kRestartScheduled) delays.push_back(e.delay);
    if (e.kind == Kind::kStarted) ++started;
  }
  // restart_initial 500ms doubling, capped at restart_max 2s; the 5th crash is the loop.
  EXPECT_EQ(delays, (std::vector<milliseconds>{milliseconds(500), milliseconds(1000),
                                               milliseconds(2000), milliseconds(2000)}));
  EXPECT_EQ(started, 5);
  EXPECT_EQ(sup.counts().restarts, 4u);
}

TEST_F(SupervisorTest, ARejectedConfigIsGivenUpAtOnce) {
  Supervisor sup(Pipeline(Stage("picky", "badconfig")), Options());
  Start(sup);
  Status status = Finish();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("exited with status 2"));
  EXPECT_THAT(status.message(), HasSubstr("rejected its configuration"));
  EXPECT_THAT(status.message(), HasSubstr("fake: bad config"));
  EXPECT_EQ(sup.counts().restarts, 0u);
}

TEST_F(SupervisorTest, KilledStageComesBackAndTheBatchCompletes) {
  Supervisor sup(Pipeline(Stage("src", "source") + Stage("work", "beat", 2) + Stage("db", "sink")),
                 Options(/*once=*/true));
  Start(sup);
  auto first = events_.WaitFor(Is(Kind::kHeartbeat, "work"));
  ASSERT_TRUE(first) << LogText();
  ASSERT_EQ(::kill(first->pid, SIGKILL), 0);
  auto exited = events_.WaitFor(
      [&](const SupervisorEvent& e) { return e.kind == Kind::kExited && e.pid == first->pid; });
  ASSERT_TRUE(exited) << LogText();
  EXPECT_TRUE(WIFSIGNALED(exited->wait_status));
  EXPECT_EQ(WTERMSIG(exited->wait_status), SIGKILL);
  auto again = events_.WaitFor([&](const SupervisorEvent& e) {
    return e.kind == Kind::kHeartbeat && e.stage == "work" && e.replica == first->replica &&
           e.pid != first->pid;
  });
  ASSERT_TRUE(again) << "the killed replica did not come back\n" << LogText();
  // Now let the source finish: the batch ends by itself.
  std::ofstream(dir_ / "release") << "go";
  Status status = Finish();
  EXPECT_TRUE(status.ok()) << status.message() << "\n" << LogText();
  EXPECT_TRUE(events_.WaitFor(Is(Kind::kSourceExhausted), milliseconds(0)));
  const RunCounts counts = sup.counts();
  EXPECT_EQ(counts.read, 5u);
  EXPECT_EQ(counts.stored, 4u);
  EXPECT_EQ(counts.filtered, 1u);
  EXPECT_EQ(counts.restarts, 1u);
  EXPECT_TRUE(ProcessGone(again->pid));
}

TEST_F(SupervisorTest, HungReplicaIsKilledAndRestarted) {
  hung_after_ = "400ms";
  Supervisor sup(Pipeline(Stage("src", "beat") + Stage("mute", "silent")), Options());
  Start(sup);
  auto hung = events_.WaitFor(Is(Kind::kHung, "mute"));
  ASSERT_TRUE(hung) << LogText();
  size_t at = 0;
  ASSERT_TRUE(events_.WaitFor(
      [&](const SupervisorEvent& e) { return e.kind == Kind::kStarted && e.pid != hung->pid; },
      milliseconds(20'000), &at));
  EXPECT_THAT(LogText(), HasSubstr("sent no heartbeat for 400ms: killing it"));
  sup.RequestStop();
  EXPECT_TRUE(Finish().ok());
}

TEST_F(SupervisorTest, StopEndsEveryStageInPipelineOrder) {
  Supervisor sup(Pipeline(Stage("src", "beat") + Stage("mid", "beat", 2) + Stage("db", "beat")),
                 Options());
  Start(sup);
  std::vector<pid_t> pids;
  for (const std::string stage : {"src", "mid", "db"}) {
    auto hb = events_.WaitFor(Is(Kind::kHeartbeat, stage));
    ASSERT_TRUE(hb) << LogText();
  }
  for (const auto& e : events_.All()) {
    if (e.kind == Kind::kStarted) pids.push_back(e.pid);
  }
  ASSERT_EQ(pids.size(), 4u);
  sup.RequestStop();
  Status status = Finish();
  EXPECT_TRUE(status.ok()) << status.message();
  std::vector<std::string> exit_order;
  for (const auto& e : events_.All()) {
    if (e.kind == Kind::kExited) {
      exit_order.push_back(e.stage);
      EXPECT_TRUE(WIFEXITED(e.wait_status) && WEXITSTATUS(e.wait_status) == 0)
          << e.stage << " " << e.wait_status;
    }
  }
  EXPECT_EQ(exit_order, (std::vector<std::string>{"src", "mid", "mid", "db"}));
  for (pid_t pid : pids) EXPECT_TRUE(ProcessGone(pid)) << pid;
  EXPECT_THAT(LogText(), HasSubstr("[src.0] fake beat: stopped by SIGTERM"));
  EXPECT_EQ(events_.WaitFor(Is(Kind::kRestartScheduled), milliseconds(0)), std::nullopt);
}

TEST_F(SupervisorTest, AStageIgnoringSigtermIsKilledAfterTheGrace) {
  SupervisorOptions options = Options();
  options.stop_grace = milliseconds(300);
  Supervisor sup(Pipeline(Stage("src", "beat") + Stage("deaf", "stubborn")), std::move(options));
  Start(sup);
  ASSERT_TRUE(events_.WaitFor(Is(Kind::kHeartbeat, "deaf"))) << LogText();
  sup.RequestStop();
  EXPECT_TRUE(Finish().ok());
  auto exited = events_.WaitFor(Is(Kind::kExited, "deaf"), milliseconds(0));
  ASSERT_TRUE(exited);
  EXPECT_TRUE(WIFSIGNALED(exited->wait_status));
  EXPECT_THAT(LogText(), HasSubstr("did not stop within 300ms: killing it"));
}

TEST_F(SupervisorTest, AStateDirectoryRunsOnePipelineAtATime) {
  Supervisor first(Pipeline(Stage("src", "beat")), Options());
  Start(first);
  ASSERT_TRUE(events_.WaitFor(Is(Kind::kHeartbeat, "src"))) << LogText();
  Supervisor second(Pipeline(Stage("src", "beat")), Options());
  Status status = second.Run();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("is in use by another `newspipe run` (pid " +
                                          std::to_string(::getpid()) + ")"));
  first.RequestStop();
  EXPECT_TRUE(Finish().ok());
}

TEST_F(SupervisorTest, AnEndpointInUseIsNamed) {
  zmq::context_t ctx;
  zmq::socket_t squatter(ctx, zmq::socket_type::pull);
  squatter.set(zmq::sockopt::linger, 0);
  squatter.bind("tcp://127.0.0.1:*");
  const std::string taken = squatter.get(zmq::sockopt::last_endpoint);
  const std::string port = taken.substr(taken.rfind(':') + 1);
  // The second endpoint (the acks) is the taken port.
  const std::string transport =
      "transport:\n  kind: tcp\n  base_port: " + std::to_string(std::stoi(port) - 1) + "\n";
  Supervisor sup(Pipeline(Stage("src", "beat"), transport), Options());
  Status status = sup.Run();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(),
              HasSubstr("cannot bind tcp://127.0.0.1:" + port + " (the ack endpoint of src)"));
  EXPECT_THAT(status.message(), HasSubstr("already in use"));
}

TEST_F(SupervisorTest, AMissingExecutableIsNamed) {
  PipelineDef def = Pipeline("  - name: ghost\n    command: [/nonexistent/newspipe-ghost]\n");
  Supervisor sup(std::move(def), Options());
  Status status = sup.Run();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("cannot start stage ghost.0: cannot run "
                                          "/nonexistent/newspipe-ghost: No such file"));
}

TEST(SupervisorPlanTest, WiresEdgesByReplicaCounts) {
  StageRegistry none;
  auto def = LoadPipelineFromString(R"(pipeline: p
state_dir: /tmp/np-plan
stages:
  - {name: src, command: [a]}
  - {name: one, command: [b]}
  - {name: many, command: [c], replicas: 2}
  - {name: more, command: [d], replicas: 2}
  - {name: last, command: [e]}
)",
                                    "p.yaml", none);
  ASSERT_TRUE(def.ok()) << def.status().message();
  auto plan = PlanPipeline(*def, "/bin", false);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_EQ(plan->replicas.size(), 7u);
  EXPECT_EQ(plan->control_address, "ipc:///tmp/np-plan/sock/control");
  auto opts = [&](size_t i) { return plan->replicas[i].options; };
  using V = std::vector<std::string>;
  // src -> one: the single downstream replica binds.
  EXPECT_EQ(opts(0).output, V{">ipc:///tmp/np-plan/sock/one.in.0"});
  EXPECT_EQ(opts(0).ack, V{"@ipc:///tmp/np-plan/sock/ack"});
  EXPECT_EQ(opts(1).input, V{"@ipc:///tmp/np-plan/sock/one.in.0"});
  EXPECT_EQ(opts(1).ack, V{">ipc:///tmp/np-plan/sock/ack"});
  // one -> many x2: the single upstream binds its output.
  EXPECT_EQ(opts(1).output, V{"@ipc:///tmp/np-plan/sock/one.out"});
  EXPECT_EQ(opts(2).input, V{">ipc:///tmp/np-plan/sock/one.out"});
  EXPECT_EQ(opts(3).input, V{">ipc:///tmp/np-plan/sock/one.out"});
  // many x2 -> more x2: each downstream replica binds, each upstream connects to all.
  const V more_inputs = {">ipc:///tmp/np-plan/sock/more.in.0",
                         ">ipc:///tmp/np-plan/sock/more.in.1"};
  EXPECT_EQ(opts(2).output, more_inputs);
  EXPECT_EQ(opts(3).output, more_inputs);
  EXPECT_EQ(opts(4).input, V{"@ipc:///tmp/np-plan/sock/more.in.0"});
  EXPECT_EQ(opts(5).input, V{"@ipc:///tmp/np-plan/sock/more.in.1"});
  // more x2 -> last: the single downstream binds.
  EXPECT_EQ(opts(4).output, V{">ipc:///tmp/np-plan/sock/last.in.0"});
  EXPECT_EQ(opts(6).input, V{"@ipc:///tmp/np-plan/sock/last.in.0"});
  EXPECT_TRUE(opts(6).output.empty());
  for (const auto& r : plan->replicas) {
    EXPECT_EQ(r.options.control, V{">ipc:///tmp/np-plan/sock/control"});
  }
  EXPECT_EQ(plan->replicas[5].label(), "more.1");
}

TEST(SupervisorPlanTest, TcpPortsAndTooLongIpcPaths) {
  StageRegistry none;
  auto def = LoadPipelineFromString(R"(pipeline: p
transport: {kind: tcp, base_port: 7000, host: 0.0.0.0}
stages:
  - {name: src, command: [a]}
  - {name: sink, command: [b]}
)",
                                    "p.yaml", none);
  ASSERT_TRUE(def.ok()) << def.status().message();
  auto plan = PlanPipeline(*def, "", false);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->control_address, "tcp://0.0.0.0:7000");
  EXPECT_EQ(plan->replicas[0].options.ack, std::vector<std::string>{"@tcp://0.0.0.0:7001"});
  EXPECT_EQ(plan->replicas[1].options.ack, std::vector<std::string>{">tcp://127.0.0.1:7001"});
  EXPECT_EQ(plan->replicas[1].options.input, std::vector<std::string>{"@tcp://0.0.0.0:7002"});
  EXPECT_EQ(plan->replicas[0].options.output, std::vector<std::string>{">tcp://127.0.0.1:7002"});

  auto deep = LoadPipelineFromString("pipeline: p\nstate_dir: /tmp/" + std::string(120, 'd') +
                                         "\nstages:\n  - {name: src, command: [a]}\n",
                                     "p.yaml", none);
  ASSERT_TRUE(deep.ok());
  auto bad = PlanPipeline(*deep, "", false);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("longer than a Unix socket allows"));
}

}  // namespace
}  // namespace newspipe
