// The stage runner with small test stages: standalone over files, and socket mode over real ipc
// sockets with each stage on its own thread (its own zmq context), the test playing supervisor.
#include "runtime/stage_runner.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "runtime/codec.h"
#include "runtime/dead_letter_replay.h"
#include "runtime/dead_letters.h"
#include "runtime/outbox.h"
#include "runtime/transport.h"

namespace newspipe {
namespace {

using std::chrono::milliseconds;

v1::Document Doc(const std::string& id, const std::string& text) {
  v1::Document d;
  d.set_id(id);
  d.set_text(text);
  return d;
}

// Upper-cases the text; filters ids starting "skip"; fails ids starting "bad".
class UpperProcessor : public Processor {
 public:
  Result<Verdict> Process(v1::Document& doc) override {
    if (doc.id().rfind("skip", 0) == 0) return Verdict::Filtered("skipped by test");
    if (doc.id().rfind("bad", 0) == 0) return Status::Corruption("bad by test");
    for (auto& c : *doc.mutable_text()) c = static_cast<char>(std::toupper(c));
    return Verdict::Forward();
  }
};

// Records written and committed documents; thread-safe so the test can look while it runs.
class RecordingSink : public Sink {
 public:
  explicit RecordingSink(size_t batch, milliseconds delay = milliseconds(50))
      : batch_(batch), delay_(delay) {}
  Status Write(const v1::Document& doc) override {
    std::lock_guard<std::mutex> lock(mu_);
    pending_.push_back(doc);
    return Status::OK();
  }
  Status Commit() override {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& d : pending_) committed_.push_back(std::move(d));
    pending_.clear();
    return Status::OK();
  }
  size_t batch_size() const override { return batch_; }
  milliseconds max_batch_delay() const override { return delay_; }
  std::vector<v1::Document> committed() {
    std::lock_guard<std::mutex> lock(mu_);
    return committed_;
  }

 private:
  size_t batch_;
  milliseconds delay_;
  std::mutex mu_;
  std::vector<v1::Document> pending_;
  std::vector<v1::Document> committed_;
};

// Emits `count` documents, a few per call, then is exhausted. With `skip_odd`, odd ones are
// named "skip<n>" (UpperProcessor filters them).
class CountingSource : public Source {
 public:
  explicit CountingSource(int count, bool skip_odd = false) : count_(count), skip_odd_(skip_odd) {}
  Result<SourceState> Next(std::vector<v1::Document>& out, size_t max) override {
    for (size_t i = 0; i < max && next_ < count_ && i < 7; ++i, ++next_) {
      std::string prefix = skip_odd_ && next_ % 2 == 1 ? "skip" : "doc";
      out.push_back(Doc(prefix + std::to_string(next_), "text " + std::to_string(next_)));
    }
    return next_ < count_ ? SourceState::kMore : SourceState::kExhausted;
  }
  void OnAck(const v1::Ack& ack) override {
    std::lock_guard<std::mutex> lock(mu_);
    acks_[ack.doc_id()] = ack.outcome();
  }
  std::map<std::string, v1::Ack::Outcome> acks() {
    std::lock_guard<std::mutex> lock(mu_);
    return acks_;
  }

 private:
  int count_;
  bool skip_odd_;
  int next_ = 0;
  std::mutex mu_;
  std::map<std::string, v1::Ack::Outcome> acks_;
};

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("np_run_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Ipc(const std::string& name) const { return "ipc://" + (dir_ / name).string(); }
  std::string File(const std::string& name) const { return (dir_ / name).string(); }

  StageProcessOptions Options(const std::string& name) const {
    StageProcessOptions o;
    o.pipeline = "t";
    o.stage_name = name;
    o.stage_type = name;
    o.state_dir = dir_;
    o.once = true;
    o.heartbeat_interval = milliseconds(50);
    o.control = {">" + Ipc("control")};
    return o;
  }
  StageContext Context(const StageProcessOptions& o) const {
    StageContext c;
    c.pipeline = o.pipeline;
    c.stage_name = o.stage_name;
    c.replica = o.replica;
    c.state_dir = dir_;
    c.once = o.once;
    return c;
  }

  std::filesystem::path dir_;
};

// The test as supervisor: collects heartbeats, keeps the latest per sender.
class Supervisor {
 public:
  explicit Supervisor(const std::string& address) {
    auto s = Socket::Open(context_, SocketKind::kPull, {"@" + address}, SocketOptions{}, "ctl");
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (s.ok()) socket_ = std::move(s).value();
  }
  // Waits until `pred` holds for the latest heartbeat of `stage`, at most `timeout`.
  bool WaitFor(const std::string& stage, const std::function<bool(const v1::Heartbeat&)>& pred,
               milliseconds timeout = milliseconds(20'000)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto it = latest_.find(stage);
      if (it != latest_.end() && pred(it->second)) return true;
      zmq::message_t msg;
      auto left =
          std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
      auto got = socket_->Recv(&msg, std::clamp(left, milliseconds(0), milliseconds(100)));
      if (!got.ok() || !*got) continue;
      auto env = DecodeEnvelope(std::string_view(static_cast<char*>(msg.data()), msg.size()));
      if (env.ok() && env->has_heartbeat()) {
        const v1::Heartbeat& hb = env->heartbeat();
        latest_[hb.stage()] = hb;
        max_in_flight_[hb.stage()] = std::max(max_in_flight_[hb.stage()], hb.in_flight());
      }
    }
    return false;
  }
  const v1::Heartbeat& latest(const std::string& stage) { return latest_[stage]; }
  uint32_t max_in_flight(const std::string& stage) { return max_in_flight_[stage]; }

 private:
  zmq::context_t context_;
  std::unique_ptr<Socket> socket_;
  std::map<std::string, v1::Heartbeat> latest_;
  std::map<std::string, uint32_t> max_in_flight_;
};

// --- Standalone ------------------------------------------------------------------------------

void WriteEnvelopes(const std::string& path, const std::vector<v1::Document>& docs,
                    const std::string& junk_after_first = "") {
  auto w = DelimitedWriter::Open(path);
  ASSERT_TRUE(w.ok());
  bool first = true;
  for (const auto& d : docs) {
    v1::Envelope env;
    env.set_protocol_version(kProtocolVersion);
    env.set_doc_id(d.id());
    env.set_attempt(1);
    *env.mutable_document() = d;
    ASSERT_TRUE((*w)->Write(env).ok());
    if (first && !junk_after_first.empty()) {
      ASSERT_TRUE((*w)->WriteFrame(junk_after_first).ok());
    }
    first = false;
  }
}

std::vector<v1::Envelope> ReadEnvelopes(const std::string& path) {
  std::vector<v1::Envelope> out;
  auto r = DelimitedReader::Open(path);
  EXPECT_TRUE(r.ok());
  if (!r.ok()) return out;
  v1::Envelope env;
  Status error;
  while ((*r)->Next(&env, &error) != DelimitedReader::Outcome::kEnd) out.push_back(env);
  return out;
}

TEST_F(RunnerTest, StandaloneProcessorFilesInFilesOut) {
  WriteEnvelopes(File("in.bin"),
                 {Doc("a", "hello"), Doc("skip1", "x"), Doc("bad1", "oops"), Doc("b", "world")},
                 "this frame is garbage");
  StageProcessOptions o = Options("upper");
  o.in_path = File("in.bin");
  o.out_path = File("out.bin");
  StageInstance inst;
  inst.processor = std::make_unique<UpperProcessor>();
  std::atomic<bool> stop{false};
  ASSERT_EQ(RunStage(o, Context(o), StageKind::kProcessor, inst, stop), 0);
  auto out = ReadEnvelopes(File("out.bin"));
  ASSERT_EQ(out.size(), 3u);  // skip1 filtered; bad1 forwarded with its error.
  EXPECT_EQ(out[0].document().text(), "HELLO");
  ASSERT_EQ(out[0].document().trace_size(), 1);
  EXPECT_EQ(out[0].document().trace(0).stage(), "upper");
  EXPECT_EQ(out[1].doc_id(), "bad1");
  ASSERT_EQ(out[1].document().errors_size(), 1);
  EXPECT_EQ(out[1].document().errors(0).stage(), "upper");
  EXPECT_EQ(out[1].document().errors(0).message(), "bad by test");
  EXPECT_EQ(out[2].document().text(), "WORLD");
}

TEST_F(RunnerTest, StandaloneProcessorForwardsWhileItsInputIsStillOpen) {
  // Input from a pipe that stays open: what was forwarded must reach --out before the input
  // ends, not when it ends.
  const std::string fifo = File("in.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  StageProcessOptions o = Options("upper");
  o.in_path = fifo;
  o.out_path = File("out.bin");
  StageInstance inst;
  inst.processor = std::make_unique<UpperProcessor>();
  std::atomic<bool> stop{false};
  int exit_code = -1;
  std::thread runner(
      [&] { exit_code = RunStage(o, Context(o), StageKind::kProcessor, inst, stop); });
  const int fd = ::open(fifo.c_str(), O_WRONLY);  // returns once the runner opened its end.
  ASSERT_GE(fd, 0);
  v1::Envelope env;
  env.set_protocol_version(kProtocolVersion);
  env.set_doc_id("a");
  *env.mutable_document() = Doc("a", "hello");
  std::string frame;
  ASSERT_TRUE(EncodeEnvelope(env, &frame).ok());
  std::string delimited;
  AppendVarint(frame.size(), &delimited);
  delimited += frame;
  ASSERT_EQ(::write(fd, delimited.data(), delimited.size()),
            static_cast<ssize_t>(delimited.size()));
  bool arrived = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!arrived && std::chrono::steady_clock::now() < deadline) {
    std::error_code ec;
    arrived = std::filesystem::file_size(File("out.bin"), ec) >= delimited.size();
    if (!arrived) std::this_thread::sleep_for(milliseconds(10));  // polling a file, bounded.
  }
  ::close(fd);  // the input ends: the runner finishes.
  runner.join();
  EXPECT_TRUE(arrived) << "the forwarded document stayed in the output buffer";
  EXPECT_EQ(exit_code, 0);
  auto out = ReadEnvelopes(File("out.bin"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].document().text(), "HELLO");
}

TEST_F(RunnerTest, StandaloneSinkWritesAndCommitsEverything) {
  std::vector<v1::Document> docs;
  for (int i = 0; i < 25; ++i) docs.push_back(Doc("d" + std::to_string(i), "t"));
  WriteEnvelopes(File("in.bin"), docs);
  StageProcessOptions o = Options("sink");
  o.in_path = File("in.bin");
  auto sink = std::make_unique<RecordingSink>(10);
  RecordingSink* raw = sink.get();
  StageInstance inst;
  inst.sink = std::move(sink);
  std::atomic<bool> stop{false};
  ASSERT_EQ(RunStage(o, Context(o), StageKind::kSink, inst, stop), 0);
  EXPECT_EQ(raw->committed().size(), 25u);
}

TEST_F(RunnerTest, StandaloneSourceEmitsUntilExhausted) {
  StageProcessOptions o = Options("src");
  o.out_path = File("out.bin");
  StageInstance inst;
  inst.source = std::make_unique<CountingSource>(30);
  std::atomic<bool> stop{false};
  ASSERT_EQ(RunStage(o, Context(o), StageKind::kSource, inst, stop), 0);
  auto out = ReadEnvelopes(File("out.bin"));
  ASSERT_EQ(out.size(), 30u);
  EXPECT_EQ(out[29].doc_id(), "doc29");
  EXPECT_EQ(out[29].protocol_version(), kProtocolVersion);
}

// --- Socket mode -----------------------------------------------------------------------------

// Runs a stage on its own thread until its stop flag is set.
class StageThread {
 public:
  StageThread(StageProcessOptions o, StageContext c, StageKind kind, StageInstance inst)
      : options_(std::move(o)), context_(std::move(c)), instance_(std::move(inst)) {
    thread_ = std::thread(
        [this, kind] { exit_code_ = RunStage(options_, context_, kind, instance_, stop_); });
  }
  ~StageThread() { Stop(); }
  int Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    return exit_code_;
  }

 private:
  StageProcessOptions options_;
  StageContext context_;
  StageInstance instance_;
  std::atomic<bool> stop_{false};
  int exit_code_ = -1;
  std::thread thread_;
};

TEST_F(RunnerTest, ThreeStagesOverIpcAckEveryDocument) {
  Supervisor supervisor(Ipc("control"));
  const int kDocs = 200;  // 100 of them "skip..." (filtered), the rest stored.

  StageProcessOptions so = Options("source");
  so.output = {"@" + Ipc("sock/proc.in")};
  so.ack = {"@" + Ipc("sock/ack")};
  so.delivery.window = 16;  // smaller than the run: the window must refill from acks.
  auto source = std::make_unique<CountingSource>(kDocs, /*skip_odd=*/true);
  CountingSource* source_raw = source.get();
  StageInstance si;
  si.source = std::move(source);

  StageProcessOptions po = Options("proc");
  po.input = {">" + Ipc("sock/proc.in")};
  po.output = {"@" + Ipc("sock/sink.in")};
  po.ack = {">" + Ipc("sock/ack")};
  StageInstance pi;
  pi.processor = std::make_unique<UpperProcessor>();

  StageProcessOptions ko = Options("sink");
  ko.input = {">" + Ipc("sock/sink.in")};
  ko.ack = {">" + Ipc("sock/ack")};
  auto sink = std::make_unique<RecordingSink>(8);
  RecordingSink* sink_raw = sink.get();
  StageInstance ki;
  ki.sink = std::move(sink);

  StageThread t_sink(ko, Context(ko), StageKind::kSink, std::move(ki));
  StageThread t_proc(po, Context(po), StageKind::kProcessor, std::move(pi));
  StageThread t_source(so, Context(so), StageKind::kSource, std::move(si));

  ASSERT_TRUE(
      supervisor.WaitFor("source", [](const v1::Heartbeat& h) { return h.source_exhausted(); }))
      << "acked so far: " << supervisor.latest("source").acked();
  const v1::Heartbeat& hb = supervisor.latest("source");
  EXPECT_EQ(hb.emitted(), static_cast<uint64_t>(kDocs));
  EXPECT_EQ(hb.acked(), static_cast<uint64_t>(kDocs));
  EXPECT_EQ(hb.acked_stored(), static_cast<uint64_t>(kDocs / 2));
  EXPECT_EQ(hb.acked_filtered(), static_cast<uint64_t>(kDocs / 2));
  EXPECT_EQ(hb.in_flight(), 0u);
  EXPECT_LE(supervisor.max_in_flight("source"), 16u);  // the window held.

  EXPECT_EQ(t_source.Stop(), 0);
  EXPECT_EQ(t_proc.Stop(), 0);
  EXPECT_EQ(t_sink.Stop(), 0);
  auto stored = sink_raw->committed();
  std::set<std::string> ids;
  for (const auto& d : stored) {
    ids.insert(d.id());
    EXPECT_EQ(d.text().substr(0, 4), "TEXT");
    ASSERT_EQ(d.trace_size(), 1);
    EXPECT_EQ(d.trace(0).stage(), "proc");
    EXPECT_EQ(d.trace(0).attempt(), 1u);
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kDocs / 2));
  EXPECT_EQ(stored.size(), static_cast<size_t>(kDocs / 2));  // nothing stored twice.
  EXPECT_EQ(source_raw->acks().size(), static_cast<size_t>(kDocs));
  // Nothing is left in flight: a second run over the same state starts clean.
  auto outbox = Outbox::Open(dir_ / "outbox-source.db");
  ASSERT_TRUE(outbox.ok());
  EXPECT_EQ((*outbox)->Size(), 0u);
}

TEST_F(RunnerTest, UnackedDocumentsAreResentThenDeadLettered) {
  Supervisor supervisor(Ipc("control"));
  // A downstream that takes every document and never acks.
  zmq::context_t ctx;
  auto black_hole =
      Socket::Open(ctx, SocketKind::kPull, {"@" + Ipc("sock/hole")}, SocketOptions{}, "hole");
  ASSERT_TRUE(black_hole.ok());

  StageProcessOptions so = Options("source");
  so.output = {">" + Ipc("sock/hole")};
  so.ack = {"@" + Ipc("sock/ack")};
  so.delivery.ack_timeout = milliseconds(50);
  so.delivery.max_attempts = 3;
  StageInstance si;
  si.source = std::make_unique<CountingSource>(5);
  StageThread t_source(so, Context(so), StageKind::kSource, std::move(si));

  std::map<std::string, std::set<uint32_t>> attempts;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool done = false;
  while (!done && std::chrono::steady_clock::now() < deadline) {
    zmq::message_t msg;
    auto got = (*black_hole)->Recv(&msg, milliseconds(50));
    if (got.ok() && *got) {
      auto env = DecodeEnvelope(std::string_view(static_cast<char*>(msg.data()), msg.size()));
      ASSERT_TRUE(env.ok());
      attempts[env->doc_id()].insert(env->attempt());
    }
    done = supervisor.WaitFor(
        "source", [](const v1::Heartbeat& h) { return h.source_exhausted(); }, milliseconds(1));
  }
  ASSERT_TRUE(done);
  for (;;) {  // what was sent before the source gave up is queued here.
    zmq::message_t msg;
    auto got = (*black_hole)->Recv(&msg, milliseconds(200));
    if (!got.ok() || !*got) break;
    auto env = DecodeEnvelope(std::string_view(static_cast<char*>(msg.data()), msg.size()));
    ASSERT_TRUE(env.ok());
    attempts[env->doc_id()].insert(env->attempt());
  }
  EXPECT_EQ(supervisor.latest("source").dead_lettered(), 5u);
  EXPECT_EQ(t_source.Stop(), 0);
  ASSERT_EQ(attempts.size(), 5u);
  for (const auto& [id, seen] : attempts) {
    EXPECT_EQ(seen, (std::set<uint32_t>{1, 2, 3})) << id;
  }
  auto dlq = DeadLetterQueue::Open(dir_ / "dlq.db");
  ASSERT_TRUE(dlq.ok());
  auto count = (*dlq)->Count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 5u);
  auto letter = (*dlq)->Get("doc3");
  ASSERT_TRUE(letter.ok());
  EXPECT_EQ(letter->attempts, 3u);
  EXPECT_NE(letter->error.find("3 attempt"), std::string::npos) << letter->error;
}

TEST_F(RunnerTest, MalformedFramesAreCountedAndTheStreamGoesOn) {
  Supervisor supervisor(Ipc("control"));
  zmq::context_t ctx;
  auto feed = Socket::Open(ctx, SocketKind::kPush, {"@" + Ipc("sock/p.in")}, SocketOptions{}, "f");
  auto out = Socket::Open(ctx, SocketKind::kPull, {"@" + Ipc("sock/p.out")}, SocketOptions{}, "o");
  ASSERT_TRUE(feed.ok() && out.ok());

  StageProcessOptions po = Options("proc");
  po.input = {">" + Ipc("sock/p.in")};
  po.output = {">" + Ipc("sock/p.out")};
  po.max_message_bytes = 64 << 10;
  StageInstance pi;
  pi.processor = std::make_unique<UpperProcessor>();
  StageThread t_proc(po, Context(po), StageKind::kProcessor, std::move(pi));

  v1::Envelope wrong_version;
  wrong_version.set_protocol_version(kProtocolVersion + 1);
  *wrong_version.mutable_document() = Doc("v", "x");
  v1::Envelope no_body;
  no_body.set_protocol_version(kProtocolVersion);
  v1::Envelope good;
  good.set_protocol_version(kProtocolVersion);
  good.set_doc_id("good");
  *good.mutable_document() = Doc("good", "fine");
  std::string good_frame;
  ASSERT_TRUE(EncodeEnvelope(good, &good_frame).ok());
  v1::Envelope big = good;
  big.mutable_document()->mutable_fetch()->set_raw(std::string(100 << 10, 'x'));
  std::string big_frame;
  ASSERT_TRUE(EncodeEnvelope(big, &big_frame).ok());
  for (const std::string& frame :
       {std::string("\xff\xff\xff garbage"), wrong_version.SerializeAsString(),
        no_body.SerializeAsString(), good_frame.substr(0, good_frame.size() / 2), std::string(),
        big_frame, good_frame}) {
    ASSERT_TRUE((*feed)->Send(frame, milliseconds(5000)).ok());
  }
  zmq::message_t msg;
  auto got = (*out)->Recv(&msg, milliseconds(10'000));
  ASSERT_TRUE(got.ok() && *got);
  auto env = DecodeEnvelope(std::string_view(static_cast<char*>(msg.data()), msg.size()));
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env->document().text(), "FINE");
  ASSERT_TRUE(supervisor.WaitFor("proc", [](const v1::Heartbeat& h) {
    return h.malformed() == 6 && h.processed() == 1;
  })) << supervisor.latest("proc").malformed();
  EXPECT_EQ(t_proc.Stop(), 0);
}

TEST_F(RunnerTest, StopCommitsTheSinkBatchAndAcksIt) {
  zmq::context_t ctx;
  auto feed = Socket::Open(ctx, SocketKind::kPush, {"@" + Ipc("sock/s.in")}, SocketOptions{}, "f");
  auto acks = Socket::Open(ctx, SocketKind::kPull, {"@" + Ipc("sock/ack")}, SocketOptions{}, "a");
  ASSERT_TRUE(feed.ok() && acks.ok());
  Supervisor supervisor(Ipc("control"));

  StageProcessOptions ko = Options("sink");
  ko.input = {">" + Ipc("sock/s.in")};
  ko.ack = {">" + Ipc("sock/ack")};
  // Neither the batch size nor the delay is reached: only the drain commits.
  auto sink = std::make_unique<RecordingSink>(1000, milliseconds(600'000));
  RecordingSink* raw = sink.get();
  StageInstance ki;
  ki.sink = std::move(sink);
  auto t_sink = std::make_unique<StageThread>(ko, Context(ko), StageKind::kSink, std::move(ki));

  for (int i = 0; i < 5; ++i) {
    v1::Envelope env;
    env.set_protocol_version(kProtocolVersion);
    env.set_doc_id("d" + std::to_string(i));
    env.set_attempt(2);
    *env.mutable_document() = Doc(env.doc_id(), "x");
    std::string frame;
    ASSERT_TRUE(EncodeEnvelope(env, &frame).ok());
    ASSERT_TRUE((*feed)->Send(frame, milliseconds(5000)).ok());
  }
  ASSERT_TRUE(supervisor.WaitFor(
      "sink", [](const v1::Heartbeat& h) { return h.processed() == 5 && h.in_flight() == 5; }));
  EXPECT_TRUE(raw->committed().empty());
  EXPECT_EQ(t_sink->Stop(), 0);
  EXPECT_EQ(raw->committed().size(), 5u);
  std::set<std::string> acked;
  zmq::message_t msg;
  while (acked.size() < 5) {
    auto got = (*acks)->Recv(&msg, milliseconds(5000));
    ASSERT_TRUE(got.ok() && *got) << "acks received: " << acked.size();
    auto env = DecodeEnvelope(std::string_view(static_cast<char*>(msg.data()), msg.size()));
    ASSERT_TRUE(env.ok() && env->has_ack());
    EXPECT_EQ(env->ack().outcome(), v1::Ack::STORED);
    EXPECT_EQ(env->ack().attempt(), 2u);
    acked.insert(env->ack().doc_id());
  }
}

TEST_F(RunnerTest, ARestartedSourceResendsWhatWasNotAcknowledged) {
  zmq::context_t ctx;
  {
    Supervisor supervisor(Ipc("control"));
    auto hole =
        Socket::Open(ctx, SocketKind::kPull, {"@" + Ipc("sock/hole")}, SocketOptions{}, "hole");
    ASSERT_TRUE(hole.ok());
    StageProcessOptions so = Options("source");
    so.output = {">" + Ipc("sock/hole")};
    so.ack = {"@" + Ipc("sock/ack")};
    StageInstance si;
    si.source = std::make_unique<CountingSource>(10);
    StageThread first(so, Context(so), StageKind::kSource, std::move(si));
    ASSERT_TRUE(supervisor.WaitFor(
        "source", [](const v1::Heartbeat& h) { return h.emitted() == 10 && h.in_flight() == 10; }));
    EXPECT_EQ(first.Stop(), 0);  // nothing acked: all ten stay in the outbox.
  }
  Supervisor supervisor(Ipc("control"));
  StageProcessOptions so = Options("source");
  so.output = {"@" + Ipc("sock/sink.in")};
  so.ack = {"@" + Ipc("sock/ack")};
  StageInstance si;
  si.source = std::make_unique<CountingSource>(0);  // nothing new this time.
  StageProcessOptions ko = Options("sink");
  ko.input = {">" + Ipc("sock/sink.in")};
  ko.ack = {">" + Ipc("sock/ack")};
  auto sink = std::make_unique<RecordingSink>(4);
  RecordingSink* raw = sink.get();
  StageInstance ki;
  ki.sink = std::move(sink);
  StageThread t_sink(ko, Context(ko), StageKind::kSink, std::move(ki));
  StageThread t_source(so, Context(so), StageKind::kSource, std::move(si));
  ASSERT_TRUE(
      supervisor.WaitFor("source", [](const v1::Heartbeat& h) { return h.source_exhausted(); }));
  EXPECT_EQ(supervisor.latest("source").acked_stored(), 10u);
  EXPECT_EQ(t_source.Stop(), 0);
  EXPECT_EQ(t_sink.Stop(), 0);
  auto stored = raw->committed();
  ASSERT_EQ(stored.size(), 10u);
}

// Blocks on the document "slow" until released.
class GateProcessor : public Processor {
 public:
  Result<Verdict> Process(v1::Document& doc) override {
    if (doc.id() == "slow") {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::seconds(30), [this] { return open_; });
    }
    return Verdict::Forward();
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

TEST_F(RunnerTest, HeartbeatsNameTheDocumentABusyStageHolds) {
  Supervisor supervisor(Ipc("control"));
  zmq::context_t ctx;
  auto feed = Socket::Open(ctx, SocketKind::kPush, {"@" + Ipc("sock/p.in")}, SocketOptions{}, "f");
  ASSERT_TRUE(feed.ok());
  StageProcessOptions po = Options("proc");
  po.input = {">" + Ipc("sock/p.in")};
  auto gate = std::make_unique<GateProcessor>();
  GateProcessor* raw = gate.get();
  StageInstance pi;
  pi.processor = std::move(gate);
  StageThread t_proc(po, Context(po), StageKind::kProcessor, std::move(pi));
  v1::Envelope env;
  env.set_protocol_version(kProtocolVersion);
  env.set_doc_id("slow");
  *env.mutable_document() = Doc("slow", "x");
  std::string frame;
  ASSERT_TRUE(EncodeEnvelope(env, &frame).ok());
  ASSERT_TRUE((*feed)->Send(frame, milliseconds(5000)).ok());
  // Several beats arrive while the stage is stuck in Process(), all naming the document.
  ASSERT_TRUE(supervisor.WaitFor(
      "proc", [](const v1::Heartbeat& h) { return h.current_doc_id() == "slow"; }));
  const int64_t first_ms = supervisor.latest("proc").unix_ms();
  ASSERT_TRUE(supervisor.WaitFor("proc", [first_ms](const v1::Heartbeat& h) {
    return h.current_doc_id() == "slow" && h.unix_ms() > first_ms;
  }));
  EXPECT_EQ(supervisor.latest("proc").processed(), 0u);
  raw->Open();
  ASSERT_TRUE(supervisor.WaitFor("proc", [](const v1::Heartbeat& h) {
    return h.processed() == 1 && h.current_doc_id().empty();
  }));
  EXPECT_EQ(t_proc.Stop(), 0);
}

TEST_F(RunnerTest, AReplayIntoAnIdleRunningSourceIsSentAtOnce) {
  Supervisor supervisor(Ipc("control"));
  StageProcessOptions so = Options("source");
  so.once = false;  // a daemon with nothing to do: nothing in flight.
  so.output = {"@" + Ipc("sock/sink.in")};
  so.ack = {"@" + Ipc("sock/ack")};
  so.delivery.ack_timeout = milliseconds(600'000);  // no resend pass would rescue it.
  StageInstance si;
  si.source = std::make_unique<CountingSource>(0);
  StageProcessOptions ko = Options("sink");
  ko.once = false;
  ko.input = {">" + Ipc("sock/sink.in")};
  ko.ack = {">" + Ipc("sock/ack")};
  auto sink = std::make_unique<RecordingSink>(1);
  RecordingSink* raw = sink.get();
  StageInstance ki;
  ki.sink = std::move(sink);
  ASSERT_TRUE(Outbox::Open(dir_ / "outbox-source.db").ok());  // replay needs it to exist.
  StageThread t_sink(ko, Context(ko), StageKind::kSink, std::move(ki));
  StageThread t_source(so, Context(so), StageKind::kSource, std::move(si));
  // A few beats: the source has opened its outbox and idles in its loop.
  ASSERT_TRUE(supervisor.WaitFor("source", [](const v1::Heartbeat&) { return true; }));
  const int64_t first_ms = supervisor.latest("source").unix_ms();
  ASSERT_TRUE(supervisor.WaitFor(
      "source", [first_ms](const v1::Heartbeat& h) { return h.unix_ms() >= first_ms + 150; }));

  v1::Envelope env;
  env.set_protocol_version(kProtocolVersion);
  env.set_doc_id("fixed");
  env.set_sender("source/0");
  env.set_attempt(5);
  *env.mutable_document() = Doc("fixed", "replayed");
  DeadLetter letter;
  letter.doc_id = "fixed";
  ASSERT_TRUE(EncodeEnvelope(env, &letter.envelope).ok());
  letter.stage = "sink";
  letter.error = "failed by test";
  letter.attempts = 5;
  {
    auto dlq = DeadLetterQueue::Open(dir_ / "dlq.db");
    ASSERT_TRUE(dlq.ok());
    ASSERT_TRUE((*dlq)->Put(letter).ok());
  }
  ReplayRequest request;
  request.state_dir = dir_;
  auto replayed = ReplayDeadLetters(request, 0);
  ASSERT_TRUE(replayed.ok()) << replayed.status().ToString();
  ASSERT_EQ(replayed->replayed.size(), 1u);

  ASSERT_TRUE(supervisor.WaitFor("source", [](const v1::Heartbeat& h) {
    return h.acked_stored() == 1 && h.in_flight() == 0;
  })) << "the replayed document was not sent by the idle source";
  EXPECT_EQ(t_source.Stop(), 0);
  EXPECT_EQ(t_sink.Stop(), 0);
  auto stored = raw->committed();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].text(), "replayed");
}

}  // namespace
}  // namespace newspipe
