// Socket-mode loop of a Sink: PULL documents, Write each, Commit when the batch is full or its
// oldest document has waited max_batch_delay, and only then ack the batch as STORED. A failed
// Write or Commit acks nothing: the source resends, and dead-letters after its attempts.
#include <spdlog/spdlog.h>

#include "runtime/codec.h"
#include "runtime/crash_points.h"
#include "runtime/stage_runner_base.h"

namespace newspipe {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

namespace {

constexpr milliseconds kPollCap{100};

// What is needed to ack a written document once its batch commits.
struct Written {
  v1::Envelope header;  // the envelope without its body.
};

}  // namespace

int RunSinkLoop(SocketStage& stage, Sink& sink) {
  const StageProcessOptions& o = stage.options();
  Status opened = stage.OpenCommon(/*ack_sender=*/true);
  if (!opened.ok()) {
    spdlog::error("{}", opened.ToString());
    return 1;
  }
  auto input =
      Socket::Open(stage.context(), SocketKind::kPull, o.input, stage.MakeSocketOptions(), "input");
  if (!input.ok()) {
    spdlog::error("{}", input.status().ToString());
    return 1;
  }
  RunStats& stats = stage.stats();
  const size_t max_bytes = static_cast<size_t>(o.max_message_bytes);
  const size_t batch_size = std::max<size_t>(1, sink.batch_size());
  const milliseconds max_delay = sink.max_batch_delay();
  std::vector<Written> batch;
  batch.reserve(batch_size);
  steady_clock::time_point batch_started{};
  v1::Envelope env;
  zmq::message_t msg;

  auto commit = [&]() {
    if (batch.empty()) return;
    Status committed = Status::Internal("not run");
    CrashPoint("store_before_commit");
    try {
      committed = sink.Commit();
    } catch (const std::exception& e) {
      committed = Status::Internal(std::string("exception in Commit: ") + e.what());
    }
    if (committed.ok()) CrashPoint("store_after_commit");
    if (committed.ok()) {
      stats.stored += batch.size();
      for (const auto& w : batch) stage.Ack(w.header, v1::Ack::STORED, "");
    } else {
      stats.failed += batch.size();
      spdlog::error("commit of {} document(s) failed (they will be resent): {}", batch.size(),
                    committed.ToString());
    }
    batch.clear();
    stats.in_flight = 0;
  };

  stage.MaybeHeartbeat(true);
  while (!stage.stopping()) {
    stage.MaybeHeartbeat();
    stage.FlushAcks();
    if (!batch.empty() &&
        (batch.size() >= batch_size || steady_clock::now() - batch_started >= max_delay)) {
      commit();
    }
    milliseconds wait = stage.PollTimeout(kPollCap);
    if (!batch.empty()) {
      auto left =
          std::chrono::duration_cast<milliseconds>(batch_started + max_delay - steady_clock::now());
      wait = std::clamp(left, milliseconds(0), wait);
    }
    std::vector<PollItem> items{{input->get(), ZMQ_POLLIN, 0}};
    auto ready = Poll(items, wait);
    if (!ready.ok()) break;
    if (*ready == 0) continue;
    while (batch.size() < batch_size && !stage.stopping()) {
      auto got = (*input)->TryRecv(&msg);
      if (!got.ok() || !*got) break;
      if (!stage.AcceptDocument(msg, max_bytes, "stored", &env)) continue;
      Status written = Status::Internal("not run");
      try {
        written = sink.Write(env.document());
      } catch (const std::exception& e) {
        written = Status::Internal(std::string("exception in Write: ") + e.what());
      }
      ++stats.processed;
      stage.EndDocument();
      if (!written.ok()) {
        ++stats.failed;
        spdlog::warn("{}: not stored: {}", env.doc_id(), written.ToString());
        continue;
      }
      if (batch.empty()) batch_started = steady_clock::now();
      Written w;
      w.header.set_pipeline(env.pipeline());
      w.header.set_doc_id(env.doc_id());
      w.header.set_attempt(env.attempt());
      w.header.set_trace_id(env.trace_id());
      batch.push_back(std::move(w));
      stats.in_flight = static_cast<uint32_t>(batch.size());
    }
  }
  commit();  // a drain: what was written is committed and acked before exit.
  stage.FlushAcks();
  stage.StopHeartbeats();
  return 0;
}

}  // namespace newspipe
