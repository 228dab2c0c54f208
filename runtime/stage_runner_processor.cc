// Socket-mode loop of a Processor: PULL a document, process it, PUSH it on (or ack it as
// filtered). One document is held at a time; while its send would block (downstream full), no
// new input is taken, which carries backpressure upstream.
#include <spdlog/spdlog.h>

#include "runtime/codec.h"
#include "runtime/crash_points.h"
#include "runtime/stage_runner_base.h"

namespace newspipe {

using std::chrono::milliseconds;

namespace {

constexpr milliseconds kPollCap{100};
constexpr int kBurst = 64;  // messages handled per wake-up before heartbeats are looked at.

}  // namespace

int RunProcessorLoop(SocketStage& stage, Processor& processor) {
  const StageProcessOptions& o = stage.options();
  SocketOptions so = stage.MakeSocketOptions();
  Status opened = stage.OpenCommon(/*ack_sender=*/true);
  if (!opened.ok()) {
    spdlog::error("{}", opened.ToString());
    return 1;
  }
  auto input = Socket::Open(stage.context(), SocketKind::kPull, o.input, so, "input");
  if (!input.ok()) {
    spdlog::error("{}", input.status().ToString());
    return 1;
  }
  std::unique_ptr<Socket> output;
  if (!o.output.empty()) {
    auto opened_out = Socket::Open(stage.context(), SocketKind::kPush, o.output, so, "output");
    if (!opened_out.ok()) {
      spdlog::error("{}", opened_out.status().ToString());
      return 1;
    }
    output = std::move(opened_out).value();
  } else {
    spdlog::warn("no --output: processed documents are not sent anywhere");
  }
  RunStats& stats = stage.stats();
  const size_t max_bytes = static_cast<size_t>(o.max_message_bytes);
  v1::Envelope env;  // reused: its buffers keep their capacity between documents.
  zmq::message_t in_msg;
  zmq::message_t out_msg;
  bool holding = false;  // out_msg waits for room downstream.
  std::chrono::steady_clock::time_point drain_deadline{};
  bool draining = false;
  stage.MaybeHeartbeat(true);

  for (;;) {
    if (stage.stopping() && !draining) {
      draining = true;
      drain_deadline = std::chrono::steady_clock::now() + o.drain_timeout;
      spdlog::info("stopping: {} document(s) in hand", holding ? 1 : 0);
    }
    if (draining && (!holding || std::chrono::steady_clock::now() >= drain_deadline)) break;
    stage.MaybeHeartbeat();
    stage.FlushAcks();

    if (holding) {
      std::vector<PollItem> items{{output.get(), ZMQ_POLLOUT, 0}};
      auto ready = Poll(items, stage.PollTimeout(kPollCap));
      if (!ready.ok()) break;  // shutting down.
      if (*ready == 0) continue;
      Status sent = output->TrySend(out_msg);
      if (sent.ok()) {
        holding = false;
        stats.in_flight = 0;
        stage.EndDocument();
      } else if (!sent.IsUnavailable()) {
        spdlog::error("{}", sent.ToString());
        break;
      }
      continue;
    }

    std::vector<PollItem> items{{input->get(), ZMQ_POLLIN, 0}};
    auto ready = Poll(items, stage.PollTimeout(kPollCap));
    if (!ready.ok()) break;
    if (*ready == 0) continue;
    for (int burst = 0; burst < kBurst && !holding && !stage.stopping(); ++burst) {
      auto got = (*input)->TryRecv(&in_msg);
      if (!got.ok() || !*got) break;
      if (!stage.AcceptDocument(in_msg, max_bytes, "processed", &env)) continue;
      Verdict verdict = ApplyProcessor(processor, env, stage.identity(), stats);
      // Done with it: waiting for room downstream below is backpressure, not a hang.
      stage.EndDocument();
      if (!verdict.forwarded()) {
        stage.Ack(env, v1::Ack::FILTERED, verdict.reason);
        stage.EndDocument();
        continue;
      }
      if (!output) {
        stage.EndDocument();
        continue;
      }
      stage.Stamp(env);
      Status encoded = EncodeToMessage(env, max_bytes, &out_msg);
      if (!encoded.ok()) {
        // Too big to send on: the source will resend it and finally dead-letter it.
        ++stats.failed;
        spdlog::error("{}: {}", env.doc_id(), encoded.ToString());
        stage.EndDocument();
        continue;
      }
      Status sent = output->TrySend(out_msg);
      if (sent.ok()) {
        stage.EndDocument();
      } else if (sent.IsUnavailable()) {
        holding = true;
        stats.in_flight = 1;
      } else {
        spdlog::error("{}", sent.ToString());
        break;
      }
    }
  }
  if (holding) spdlog::warn("drain timeout: one document not sent (the source will resend it)");
  stats.in_flight = 0;
  stage.FlushAcks();
  stage.StopHeartbeats();
  if (output) output->SetLinger(milliseconds(holding ? 0 : 1000));
  return 0;
}

}  // namespace newspipe
