#include "runtime/supervisor.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <optional>
#include <zmq.hpp>

#include "proto/newspipe.pb.h"
#include "runtime/crash_records.h"
#include "runtime/curve.h"
#include "runtime/holding_file.h"
#include "runtime/process.h"
#include "runtime/supervisor_plan.h"

namespace newspipe {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr size_t kLastLines = 20;
constexpr milliseconds kMaxPollWait{100};
constexpr milliseconds kKillWait{5'000};  // after SIGKILL, how long to wait for the reap.

std::string FormatDuration(milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "s";
  return std::to_string(d.count()) + "ms";
}

struct Counters {
  uint64_t emitted = 0, stored = 0, filtered = 0, failed = 0, malformed = 0, acked = 0,
           acked_stored = 0, acked_filtered = 0, dead_lettered = 0;

  void Add(const v1::Heartbeat& hb) {
    emitted += hb.emitted();
    stored += hb.stored();
    filtered += hb.filtered();
    failed += hb.failed();
    malformed += hb.malformed();
    acked += hb.acked();
    acked_stored += hb.acked_stored();
    acked_filtered += hb.acked_filtered();
    dead_lettered += hb.dead_lettered();
  }
  void Add(const Counters& c) {
    emitted += c.emitted;
    stored += c.stored;
    filtered += c.filtered;
    failed += c.failed;
    malformed += c.malformed;
    acked += c.acked;
    acked_stored += c.acked_stored;
    acked_filtered += c.acked_filtered;
    dead_lettered += c.dead_lettered;
  }
};

struct Replica {
  enum class State { kIdle, kRunning, kWaiting, kStopped, kGivenUp };

  ReplicaPlan plan;
  std::vector<std::string> argv;
  std::string label;  // "clean.1"
  State state = State::kIdle;
  ChildProcess child;
  pid_t pid = 0;  // of the current (or last) process.
  std::string out_buffer;
  std::deque<std::string> last_lines;
  Clock::time_point started{};
  Clock::time_point last_heartbeat{};
  Clock::time_point restart_at{};
  milliseconds backoff{0};
  std::deque<Clock::time_point> crashes;
  v1::Heartbeat heartbeat;
  bool has_heartbeat = false;
  bool heard_since_exhausted = false;
  bool killed_as_hung = false;
  Counters carried;  // from earlier processes of this replica.
};

}  // namespace

std::string RunCounts::ToString() const {
  std::string out = "read " + std::to_string(read) + ", stored " + std::to_string(stored) +
                    ", filtered " + std::to_string(filtered) + ", failed " +
                    std::to_string(failed) + ", dead-lettered " + std::to_string(dead_lettered);
  if (malformed > 0) out += ", malformed frames " + std::to_string(malformed);
  if (restarts > 0) out += ", restarts " + std::to_string(restarts);
  return out;
}

class Supervisor::Impl {
 public:
  Impl(PipelineDef def, SupervisorOptions options)
      : def_(std::move(def)), opt_(std::move(options)) {
    if (!opt_.log) {
      opt_.log = [](const std::string& line) {
        std::string text = line + "\n";
        std::fwrite(text.data(), 1, text.size(), stderr);
      };
    }
    if (opt_.bin_dir.empty()) opt_.bin_dir = ExecutableDir();
    if (::pipe2(stop_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) stop_pipe_[0] = stop_pipe_[1] = -1;
  }

  ~Impl() {
    KillAll();
    for (int fd : stop_pipe_) {
      if (fd >= 0) ::close(fd);
    }
    if (lock_fd_ >= 0) ::close(lock_fd_);
  }

  void RequestStop() {
    stop_requests_.fetch_add(1);
    if (stop_pipe_[1] >= 0) {
      const char byte = 's';
      ssize_t ignored = ::write(stop_pipe_[1], &byte, 1);
      (void)ignored;
    }
  }

  RunCounts counts() const { return counts_; }

  Status Run() {
    Status status = RunLoop();
    KillAll();
    counts_ = Totals();
    if (lock_fd_ >= 0) {
      ::close(lock_fd_);
      lock_fd_ = -1;
    }
    return status;
  }

 private:
  void Log(const std::string& line) { opt_.log(line); }

  void Emit(SupervisorEvent::Kind kind, const Replica* r, std::string detail = {},
            int wait_status = 0, milliseconds delay = milliseconds(0)) {
    if (!opt_.on_event) return;
    SupervisorEvent e;
    e.kind = kind;
    if (r != nullptr) {
      e.stage = r->plan.options.stage_name;
      e.replica = r->plan.replica;
      e.pid = r->pid;
    }
    e.wait_status = wait_status;
    e.delay = delay;
    e.detail = std::move(detail);
    opt_.on_event(e);
  }

  Status PrepareStateDir() {
    std::error_code ec;
    std::filesystem::create_directories(def_.state_dir / "sock", ec);
    if (ec) {
      return Status::IoError("cannot create the state directory " + def_.state_dir.string() + ": " +
                             ec.message());
    }
    const std::string lock_path = (def_.state_dir / "run.lock").string();
    lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) {
      return Status::IoError("cannot open " + lock_path + ": " + std::strerror(errno));
    }
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      std::string other;
      std::ifstream in(lock_path);
      std::getline(in, other);
      return Status::Unavailable("the state directory " + def_.state_dir.string() +
                                 " is in use by another `newspipe run`" +
                                 (other.empty() ? "" : " (pid " + other + ")") +
                                 ": stop it first, or give this pipeline another state_dir");
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(lock_fd_, 0) == 0) {
      ssize_t ignored = ::pwrite(lock_fd_, pid.data(), pid.size(), 0);
      (void)ignored;
    }
    return Status::OK();
  }

  // Binds the control socket and checks that every other tcp endpoint is free, so that an
  // endpoint in use is reported by name before any stage starts.
  Status OpenSockets(const SupervisorPlan& plan) {
    try {
      control_ = zmq::socket_t(ctx_, zmq::socket_type::pull);
      control_.set(zmq::sockopt::linger, 0);
      control_.set(zmq::sockopt::maxmsgsize, int64_t{1} << 20);
      // The stages' heartbeats come over CURVE like everything else on tcp: the control socket
      // must speak it too (and admit only the listed keys).
      const TransportDef& t = def_.transport;
      CurveKeyFiles keys;
      keys.server_secret_key = t.curve_server_secret_key;
      keys.server_public_key = t.curve_server_public_key;
      keys.client_secret_key = t.curve_client_secret_key;
      keys.client_public_key = t.curve_client_public_key;
      keys.client_keys = t.curve_client_keys;
      if (plan.control_address.rfind("tcp://", 0) == 0 && keys.enabled()) {
        Status secured = ApplyCurve(ctx_, control_, /*server=*/true, keys);
        if (!secured.ok()) {
          return secured.WithContext("the supervisor's control endpoint " + plan.control_address);
        }
      }
      control_.bind(plan.control_address);
    } catch (const zmq::error_t& e) {
      return Status::Unavailable("cannot bind " + plan.control_address +
                                 " (the supervisor's control endpoint): " + e.what() +
                                 AlreadyInUseHint(e));
    }
    for (const auto& ep : plan.bound) {
      if (ep.address == plan.control_address || ep.address.rfind("tcp://", 0) != 0) continue;
      try {
        zmq::socket_t probe(ctx_, zmq::socket_type::pull);
        probe.set(zmq::sockopt::linger, 0);
        probe.bind(ep.address);
        probe.unbind(ep.address);
      } catch (const zmq::error_t& e) {
        return Status::Unavailable("cannot bind " + ep.address + " (" + ep.owner +
                                   "): " + e.what() + AlreadyInUseHint(e));
      }
    }
    return Status::OK();
  }

  static std::string AlreadyInUseHint(const zmq::error_t& e) {
    if (e.num() != EADDRINUSE) return {};
    return "; the endpoint is already in use (another pipeline running? choose another "
           "transport.base_port or listen address)";
  }

  Status StartReplica(Replica& r, Clock::time_point now) {
    auto child = StartProcess(r.argv);
    if (!child.ok()) {
      return Status::NotFound("cannot start stage " + r.label + ": " + child.status().message());
    }
    r.child = std::move(child).value();
    r.pid = r.child.pid();
    r.state = Replica::State::kRunning;
    r.started = now;
    r.has_heartbeat = false;
    r.killed_as_hung = false;
    r.heard_since_exhausted = false;
    r.out_buffer.clear();
    Log("newspipe: started " + r.label + " (pid " + std::to_string(r.pid) + ")");
    Emit(SupervisorEvent::Kind::kStarted, &r);
    return Status::OK();
  }

  Status RunLoop() {
    if (stop_pipe_[0] < 0) return Status::Internal("cannot create the stop pipe");
    NP_RETURN_IF_ERROR(PrepareStateDir());
    NP_ASSIGN_OR_RETURN(SupervisorPlan plan, PlanPipeline(def_, opt_.bin_dir, opt_.once));
    NP_RETURN_IF_ERROR(OpenSockets(plan));
    for (auto& rp : plan.replicas) {
      Replica r;
      r.label = rp.label();
      r.argv = rp.command;
      for (auto& a : rp.options.ToArgs()) r.argv.push_back(std::move(a));
      r.plan = std::move(rp);
      replicas_.push_back(std::move(r));
    }
    // Downstream first, so each stage's input is there when its upstream starts sending.
    const auto start = Clock::now();
    for (auto it = replicas_.rbegin(); it != replicas_.rend(); ++it) {
      Status s = StartReplica(*it, start);
      if (!s.ok()) {
        Log("newspipe: " + s.message());
        return s;
      }
    }
    Log("newspipe: pipeline " + def_.name + " started: " + std::to_string(replicas_.size()) +
        " processes, state in " + def_.state_dir.string() + (opt_.once ? " (batch)" : ""));

    while (true) {
      const auto now = Clock::now();
      std::vector<zmq::pollitem_t> items;
      items.push_back({control_.handle(), 0, ZMQ_POLLIN, 0});
      items.push_back({nullptr, stop_pipe_[0], ZMQ_POLLIN, 0});
      for (auto& r : replicas_) {
        if (r.child.output_fd() >= 0)
          items.push_back({nullptr, r.child.output_fd(), ZMQ_POLLIN, 0});
      }
      try {
        zmq::poll(items, PollWait(now));
      } catch (const zmq::error_t& e) {
        if (e.num() != EINTR) return Status::Internal(std::string("poll: ") + e.what());
      }
      char drain[64];
      while (::read(stop_pipe_[0], drain, sizeof drain) > 0) {
      }
      ReadControl(Clock::now());
      ReadOutputs();
      const auto after = Clock::now();
      Reap(after);
      HandleStopRequests();
      if (!stopping_) {
        CheckHung(after);
        RestartDue(after);
        CheckBatchDone(after);
      }
      if (stopping_ && AdvanceStop(after)) break;
    }
    ReadControl(Clock::now());
    ReadOutputs();
    return failure_;
  }

  milliseconds PollWait(Clock::time_point now) const {
    auto wait = kMaxPollWait;
    for (const auto& r : replicas_) {
      if (r.state == Replica::State::kWaiting) {
        auto until = std::chrono::duration_cast<milliseconds>(r.restart_at - now);
        wait = std::min(wait, std::max(until, milliseconds(1)));
      }
    }
    return wait;
  }

  Replica* FindReplica(const std::string& stage, uint32_t replica) {
    for (auto& r : replicas_) {
      if (r.plan.options.stage_name == stage && r.plan.replica == replica) return &r;
    }
    return nullptr;
  }

  void ReadControl(Clock::time_point now) {
    while (true) {
      zmq::message_t msg;
      try {
        if (!control_.recv(msg, zmq::recv_flags::dontwait)) return;
      } catch (const zmq::error_t&) {
        return;
      }
      v1::Envelope env;
      if (!env.ParseFromArray(msg.data(), static_cast<int>(msg.size())) || !env.has_heartbeat()) {
        ++malformed_control_;
        continue;
      }
      const v1::Heartbeat& hb = env.heartbeat();
      Replica* r = FindReplica(hb.stage(), hb.replica());
      // A heartbeat still queued from a process that has since died is not the new one's.
      if (r == nullptr || r->state != Replica::State::kRunning ||
          (hb.pid() != 0 && hb.pid() != r->pid)) {
        continue;
      }
      r->heartbeat = hb;
      r->has_heartbeat = true;
      r->last_heartbeat = now;
      if (exhausted_) r->heard_since_exhausted = true;
      Emit(SupervisorEvent::Kind::kHeartbeat, r);
      if (opt_.once && !exhausted_ && r->plan.stage_index == 0 && hb.source_exhausted()) {
        exhausted_ = true;
        exhausted_at_ = now;
        r->heard_since_exhausted = true;
        Log("newspipe: the source is exhausted and everything it sent is acknowledged; "
            "collecting the final counts");
        Emit(SupervisorEvent::Kind::kSourceExhausted, r);
      }
    }
  }

  void ReadOutputs() {
    std::vector<std::string> lines;
    for (auto& r : replicas_) {
      if (r.child.output_fd() < 0) continue;
      lines.clear();
      const bool open = ReadLines(r.child.output_fd(), &r.out_buffer, &lines);
      for (auto& line : lines) {
        Log("[" + r.label + "] " + line);
        r.last_lines.push_back(std::move(line));
        if (r.last_lines.size() > kLastLines) r.last_lines.pop_front();
      }
      if (!open) r.child.CloseOutput();
    }
  }

  void Reap(Clock::time_point now) {
    for (auto& r : replicas_) {
      if (r.state != Replica::State::kRunning) continue;
      std::optional<int> status = r.child.TryWait();
      if (status) OnExit(r, *status, now);
    }
  }

  std::string LastOutput(const Replica& r) const {
    if (r.last_lines.empty()) return " (it wrote nothing)";
    std::string out = "; its last output:";
    for (const auto& line : r.last_lines) out += "\n    " + line;
    return out;
  }

  void OnExit(Replica& r, int wait_status, Clock::time_point now) {
    // Collect what it wrote before it ended, so a crash report shows its last words.
    if (r.child.output_fd() >= 0) {
      std::vector<std::string> lines;
      ReadLines(r.child.output_fd(), &r.out_buffer, &lines);
      for (auto& line : lines) {
        Log("[" + r.label + "] " + line);
        r.last_lines.push_back(std::move(line));
        if (r.last_lines.size() > kLastLines) r.last_lines.pop_front();
      }
      r.child.CloseOutput();
    }
    // The document in hand when it died: a suspect if the crash repeats. The holding file is
    // exact (written before the stage touches a document); the last heartbeat may be older.
    std::string holding =
        ReadHoldingFile(HoldingFilePath(def_.state_dir, r.plan.options.stage_name, r.plan.replica));
    if (holding.empty() && r.has_heartbeat) holding = r.heartbeat.current_doc_id();
    if (r.has_heartbeat) r.carried.Add(r.heartbeat);
    r.has_heartbeat = false;
    Emit(SupervisorEvent::Kind::kExited, &r, holding, wait_status);
    std::string how = r.killed_as_hung
                          ? "was killed after " + FormatDuration(def_.supervisor.hung_after) +
                                " without a heartbeat"
                          : DescribeWaitStatus(wait_status);
    if (!holding.empty()) how += " while working on document " + holding;
    if (stopping_) {
      r.state = Replica::State::kStopped;
      const bool clean = WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
      if (!clean) Log("newspipe: " + r.label + " (pid " + std::to_string(r.pid) + ") " + how);
      return;
    }
    Log("newspipe: " + r.label + " (pid " + std::to_string(r.pid) + ") " + how);
    if (!holding.empty()) RecordCrash(r, holding, how);
    if (!r.killed_as_hung && WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 2) {
      GiveUp(r, how + ": it rejected its configuration, so restarting cannot help", how);
      return;
    }
    r.crashes.push_back(now);
    while (!r.crashes.empty() && now - r.crashes.front() > def_.supervisor.crash_loop_window) {
      r.crashes.pop_front();
    }
    if (static_cast<int>(r.crashes.size()) > def_.supervisor.crash_loop_restarts) {
      GiveUp(r,
             "crash loop: " + std::to_string(r.crashes.size()) + " crashes within " +
                 FormatDuration(def_.supervisor.crash_loop_window) + "; the last one " + how,
             how);
      return;
    }
    const auto& sup = def_.supervisor;
    if (r.backoff.count() == 0 || now - r.started >= sup.restart_max) {
      r.backoff = sup.restart_initial;
    } else {
      r.backoff = std::min(r.backoff * 2, sup.restart_max);
    }
    r.state = Replica::State::kWaiting;
    r.restart_at = now + r.backoff;
    Log("newspipe: restarting " + r.label + " in " + FormatDuration(r.backoff));
    Emit(SupervisorEvent::Kind::kRestartScheduled, &r, how, wait_status, r.backoff);
  }

  // Counts a death of `r` while it held `doc_id`; at delivery.max_crashes the stage's processes
  // refuse the document (runtime/crash_records.h) and it is dead-lettered.
  void RecordCrash(const Replica& r, const std::string& doc_id, const std::string& how) {
    if (!crash_records_) {
      auto opened = CrashRecords::Open(CrashRecordsPath(def_.state_dir));
      if (!opened.ok()) {
        Log("newspipe: warning: " + opened.status().ToString());
        return;
      }
      crash_records_ = std::move(opened).value();
    }
    const auto unix_ms = std::chrono::duration_cast<milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    const std::string& stage = r.plan.options.stage_name;
    Result<int64_t> n = crash_records_->Record(stage, doc_id, how, unix_ms);
    if (!n.ok()) {
      Log("newspipe: warning: " + n.status().ToString());
      return;
    }
    if (*n >= def_.delivery.max_crashes) {
      Log("newspipe: document " + doc_id + " has killed stage " + stage + " " + std::to_string(*n) +
          " times: it will be dead-lettered, not processed again");
    } else if (*n > 1) {
      Log("newspipe: document " + doc_id + " has killed stage " + stage + " " + std::to_string(*n) +
          " times (dead-lettered at " + std::to_string(def_.delivery.max_crashes) + ")");
    }
  }

  void GiveUp(Replica& r, const std::string& why, const std::string& how) {
    r.state = Replica::State::kGivenUp;
    const std::string stage = r.plan.options.stage_name;
    Log("newspipe: error: stage " + stage + " (" + r.label + ") given up: " + why + LastOutput(r));
    Emit(SupervisorEvent::Kind::kCrashLoop, &r, why);
    if (failure_.ok()) {
      std::string last = r.last_lines.empty() ? "" : "; last output: " + r.last_lines.back();
      failure_ = Status::Aborted("stage " + stage + " (" + r.label +
                                 ") failed and was given up: " + why + last);
    }
    BeginStop("stage " + stage + " was given up");
  }

  void CheckHung(Clock::time_point now) {
    for (auto& r : replicas_) {
      if (r.state != Replica::State::kRunning || r.killed_as_hung) continue;
      const auto last = r.has_heartbeat ? r.last_heartbeat : r.started;
      if (now - last <= def_.supervisor.hung_after) continue;
      Log("newspipe: " + r.label + " (pid " + std::to_string(r.pid) + ") sent no heartbeat for " +
          FormatDuration(def_.supervisor.hung_after) + ": killing it" +
          (r.has_heartbeat && !r.heartbeat.current_doc_id().empty()
               ? " (it was working on document " + r.heartbeat.current_doc_id() + ")"
               : ""));
      r.killed_as_hung = true;
      r.child.Signal(SIGKILL);
      Emit(SupervisorEvent::Kind::kHung, &r);
    }
  }

  void RestartDue(Clock::time_point now) {
    for (auto& r : replicas_) {
      if (r.state != Replica::State::kWaiting || now < r.restart_at) continue;
      ++restarts_;
      Status s = StartReplica(r, now);
      if (!s.ok()) GiveUp(r, s.message(), s.message());
    }
  }

  void CheckBatchDone(Clock::time_point now) {
    if (!exhausted_) return;
    bool all_heard = true;
    for (const auto& r : replicas_) {
      if (r.state == Replica::State::kRunning && !r.heard_since_exhausted) all_heard = false;
    }
    if (all_heard || now - exhausted_at_ > def_.supervisor.heartbeat_interval * 3) {
      BeginStop("the batch is done");
    }
  }

  void HandleStopRequests() {
    const int requests = stop_requests_.load();
    if (requests == handled_stop_requests_) return;
    if (handled_stop_requests_ == 0) BeginStop("stop requested");
    if (requests >= 2) {
      Log("newspipe: asked again to stop: killing every stage now");
      KillAll(/*wait=*/false);
    }
    handled_stop_requests_ = requests;
  }

  void BeginStop(const std::string& why) {
    if (stopping_) return;
    stopping_ = true;
    stop_stage_ = 0;
    stop_stage_signalled_ = false;
    Log("newspipe: stopping pipeline " + def_.name + ": " + why);
    Emit(SupervisorEvent::Kind::kStopping, nullptr, why);
    for (auto& r : replicas_) {
      if (r.state == Replica::State::kWaiting) r.state = Replica::State::kStopped;
    }
  }

  // Stops the stages in pipeline order; returns true once every process has ended.
  bool AdvanceStop(Clock::time_point now) {
    while (stop_stage_ < def_.stages.size()) {
      bool alive = false;
      for (const auto& r : replicas_) {
        if (r.plan.stage_index == stop_stage_ && r.state == Replica::State::kRunning) alive = true;
      }
      if (!alive) {
        ++stop_stage_;
        stop_stage_signalled_ = false;
        continue;
      }
      if (!stop_stage_signalled_) {
        for (auto& r : replicas_) {
          if (r.plan.stage_index == stop_stage_ && r.state == Replica::State::kRunning) {
            r.child.Signal(SIGTERM);
          }
        }
        stop_stage_signalled_ = true;
        stop_deadline_ = now + opt_.stop_grace;
        stop_killed_ = false;
      } else if (now >= stop_deadline_) {
        if (stop_killed_) {
          // Even SIGKILL did not end it (a zombie the kernel holds): stop waiting.
          for (auto& r : replicas_) {
            if (r.plan.stage_index == stop_stage_ && r.state == Replica::State::kRunning) {
              r.state = Replica::State::kStopped;
            }
          }
          continue;
        }
        Log("newspipe: stage " + def_.stages[stop_stage_].name + " did not stop within " +
            FormatDuration(opt_.stop_grace) + ": killing it");
        for (auto& r : replicas_) {
          if (r.plan.stage_index == stop_stage_ && r.state == Replica::State::kRunning) {
            r.child.Signal(SIGKILL);
          }
        }
        stop_killed_ = true;
        stop_deadline_ = now + kKillWait;
      }
      return false;
    }
    return true;
  }

  // Kills every process still running and reaps it (bounded), e.g. when Run() ends early.
  void KillAll(bool wait = true) {
    for (auto& r : replicas_) {
      if (r.state == Replica::State::kRunning) r.child.Signal(SIGKILL);
    }
    if (!wait) return;
    const auto deadline = Clock::now() + kKillWait;
    for (auto& r : replicas_) {
      if (r.state != Replica::State::kRunning) continue;
      while (!r.child.TryWait() && Clock::now() < deadline) {
        ::usleep(1000);  // the kernel reaps a SIGKILLed child within moments.
      }
      if (r.has_heartbeat) r.carried.Add(r.heartbeat);
      r.has_heartbeat = false;
      r.child.CloseOutput();
      r.state = Replica::State::kStopped;
    }
  }

  RunCounts Totals() const {
    std::vector<Counters> per_stage(def_.stages.size());
    for (const auto& r : replicas_) {
      Counters& c = per_stage[r.plan.stage_index];
      c.Add(r.carried);
      if (r.has_heartbeat) c.Add(r.heartbeat);
    }
    RunCounts out;
    out.restarts = restarts_;
    out.malformed = malformed_control_;
    for (size_t i = 0; i < per_stage.size(); ++i) {
      const Counters& c = per_stage[i];
      out.failed += c.failed;
      out.malformed += c.malformed;
      if (i == 0) {
        out.read = c.emitted;
        continue;
      }
      if (def_.stages[i].kind == StageKind::kSink) out.stored += c.stored;
      out.filtered += c.filtered;
    }
    if (!per_stage.empty()) {
      const Counters& source = per_stage[0];
      // The source hears every terminal outcome: prefer its acknowledgement counts.
      if (source.acked_stored + source.acked_filtered + source.dead_lettered > 0) {
        out.stored = source.acked_stored;
        out.filtered = source.acked_filtered;
      }
      out.dead_lettered = source.dead_lettered;
    }
    return out;
  }

  PipelineDef def_;
  SupervisorOptions opt_;
  std::unique_ptr<CrashRecords> crash_records_;
  zmq::context_t ctx_;
  zmq::socket_t control_;
  std::vector<Replica> replicas_;
  int stop_pipe_[2] = {-1, -1};
  std::atomic<int> stop_requests_{0};
  int handled_stop_requests_ = 0;
  int lock_fd_ = -1;
  Status failure_;
  bool stopping_ = false;
  size_t stop_stage_ = 0;
  bool stop_stage_signalled_ = false;
  bool stop_killed_ = false;
  Clock::time_point stop_deadline_{};
  bool exhausted_ = false;
  Clock::time_point exhausted_at_{};
  uint64_t restarts_ = 0;
  uint64_t malformed_control_ = 0;
  RunCounts counts_;
};

Supervisor::Supervisor(PipelineDef def, SupervisorOptions options)
    : impl_(std::make_unique<Impl>(std::move(def), std::move(options))) {}
Supervisor::~Supervisor() = default;
Status Supervisor::Run() { return impl_->Run(); }
void Supervisor::RequestStop() { impl_->RequestStop(); }
RunCounts Supervisor::counts() const { return impl_->counts(); }

}  // namespace newspipe
