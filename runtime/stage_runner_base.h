// Pieces shared by the stage runner's loops (runtime/stage_runner.h): who this process is, how a
// processor's result is recorded on a document, heartbeats, acks towards the source, and
// rate-limited counting of malformed frames. Internal to the runtime; one thread at a time.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include <zmq.hpp>

#include "proto/newspipe.pb.h"
#include "runtime/crash_records.h"
#include "runtime/holding_file.h"
#include "runtime/stage.h"
#include "runtime/stage_options.h"
#include "runtime/stage_runner.h"
#include "runtime/transport.h"

namespace newspipe {

int64_t NowUnixMs();
int64_t NowUnixUs();

// Who is running: copied into envelopes and traces.
struct StageIdentity {
  std::string pipeline;
  std::string stage;
  uint32_t replica = 0;
  std::string sender;  // "stage/replica"
  std::string host;
  int pid = 0;
};
StageIdentity MakeIdentity(const StageProcessOptions& options);

// Runs `processor` on the document in `env`, then records a StageTrace and, on an error, a
// v1::Error (the document goes on). Updates `stats`. Exceptions from the stage are caught and
// count as errors. REQUIRES: env.has_document().
Verdict ApplyProcessor(Processor& processor, v1::Envelope& env, const StageIdentity& who,
                       RunStats& stats);

// Serializes `env` straight into `msg`; checks the version and `max_bytes` like EncodeEnvelope.
Status EncodeToMessage(const v1::Envelope& env, size_t max_bytes, zmq::message_t* msg);

// Moves `bytes` into a message without copying them.
zmq::message_t MessageFromString(std::string&& bytes);

// Logs a repeated warning at most once a second, saying how many were suppressed meanwhile.
class RateLimitedWarning {
 public:
  void Warn(std::string_view what);

 private:
  std::chrono::steady_clock::time_point last_{};
  uint64_t suppressed_ = 0;
  bool logged_once_ = false;
};

// The socket-mode state every stage kind has: the zmq context, the control (heartbeat) socket and
// the ack-sending socket, and the counters.
//
// Heartbeats are sent by a thread of their own (it alone uses the control socket) from a snapshot
// the loop publishes, so they keep coming while the stage is busy with one long document: the
// supervisor then sees the same current_doc_id and no progress (hung), rather than silence, and
// after a crash it knows which document the process held. The loop thread owns everything else.
class SocketStage {
 public:
  SocketStage(const StageProcessOptions& options, const StageContext& context,
              const std::atomic<bool>& stop);
  ~SocketStage();

  // Opens the control socket, and the ack-sending PUSH when `ack_sender`.
  Status OpenCommon(bool ack_sender);
  SocketOptions MakeSocketOptions() const;

  bool stopping() const { return stop_.load(std::memory_order_relaxed); }
  // Publishes the counters for the heartbeat thread; with `force`, a heartbeat goes out now.
  void MaybeHeartbeat(bool force = false);
  // Marks the document being worked on (published at once, and kept in the holding file so that
  // the supervisor knows it should the process die) and its end.
  void BeginDocument(const std::string& doc_id);
  void EndDocument();
  // Why `doc_id` must not be processed here: it killed this stage delivery.max_crashes times
  // (runtime/crash_records.h). Null for every other document. Rereads the records when they
  // changed, at most once a second.
  const std::string* PoisonReason(const std::string& doc_id);
  // Sends a last heartbeat and ends the heartbeat thread. Called at the end of a loop.
  void StopHeartbeats();
  // How long a poll may wait.
  std::chrono::milliseconds PollTimeout(std::chrono::milliseconds cap) const { return cap; }

  // Queues an Ack for the document of `env` and tries to send queued acks without blocking.
  void Ack(const v1::Envelope& env, v1::Ack::Outcome outcome, std::string_view reason);
  void FlushAcks();

  // Counts a frame that did not decode and logs it, rate-limited.
  void CountMalformed(const Status& why, std::string_view socket_name);

  // Decodes a frame of the input socket into `env` and decides whether its document is to be
  // worked on: false for a malformed frame (counted) and for a poison document (counted as
  // failed and acknowledged as dead-lettered, `verb` saying what was not done). On true the
  // document is marked as begun (BeginDocument) and its crash point passed.
  bool AcceptDocument(const zmq::message_t& frame, size_t max_bytes, std::string_view verb,
                      v1::Envelope* env);

  zmq::context_t& context() { return context_; }
  const StageProcessOptions& options() const { return options_; }
  const StageContext& stage_context() const { return stage_context_; }
  const StageIdentity& identity() const { return identity_; }
  RunStats& stats() { return stats_; }
  // Stamps version, pipeline, sender and send time on an outgoing envelope.
  void Stamp(v1::Envelope& env) const;

 private:
  zmq::context_t context_;  // first member: destroyed after every socket.
  const StageProcessOptions& options_;
  const StageContext& stage_context_;
  const std::atomic<bool>& stop_;
  StageIdentity identity_;
  RunStats stats_;
  std::unique_ptr<Socket> control_;
  std::unique_ptr<Socket> ack_out_;
  std::deque<zmq::message_t> ack_queue_;
  std::chrono::steady_clock::time_point next_publish_{};
  std::unique_ptr<HoldingFile> holding_;
  std::unique_ptr<CrashRecords> crash_records_;
  std::unordered_map<std::string, std::string> poisoned_;
  int64_t crash_records_version_ = -1;
  std::chrono::steady_clock::time_point next_poison_check_{};

  void HeartbeatThread();
  void SendHeartbeat(const RunStats& snapshot);
  std::thread beat_thread_;
  std::mutex beat_mu_;
  std::condition_variable beat_cv_;
  RunStats published_;      // guarded by beat_mu_.
  bool beat_now_ = false;   // guarded by beat_mu_.
  bool beat_stop_ = false;  // guarded by beat_mu_.
  RateLimitedWarning malformed_log_;
  RateLimitedWarning ack_drop_log_;
  std::string scratch_;
};

// The loops, one per stage kind (runtime/stage_runner_{source,processor,sink}.cc), and the
// standalone runner (runtime/stage_runner_standalone.cc). Each returns the exit code.
int RunSourceLoop(SocketStage& stage, Source& source);
int RunProcessorLoop(SocketStage& stage, Processor& processor);
int RunSinkLoop(SocketStage& stage, Sink& sink);
int RunStandalone(const StageProcessOptions& options, StageKind kind, StageInstance& instance,
                  const std::atomic<bool>& stop);

}  // namespace newspipe
