// Socket-mode loop of a Source: the delivery guarantee's sending end.
//
// Each new document's envelope goes into the outbox (one synced transaction per batch) before it
// is handed to ZeroMQ. Acks arriving on the bound ack PULL remove it (Outbox::RemoveBatch) and are
// passed to Source::OnAck. Entries whose due time passes are resent with attempt+1 and a doubled
// timeout (capped), or, past max_attempts, moved to the dead-letter queue. At most `window`
// documents are in flight; when full, Next() is not called. Documents waiting for room in the
// output socket sit in a local queue (they are already durable in the outbox). A DEAD_LETTERED
// ack from another stage (a poison document it refused, runtime/crash_records.h) moves the
// outbox entry to the dead-letter queue with that stage's reason.
//
// With delivery.acks off (measurements only) there is no outbox, no tracking and no resend:
// documents go straight to the socket, and ZeroMQ's high-water mark is the only flow control.
#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "runtime/codec.h"
#include "runtime/dead_letters.h"
#include "runtime/outbox.h"
#include "runtime/stage_runner_base.h"

namespace newspipe {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

namespace {

constexpr milliseconds kPollCap{100};
constexpr milliseconds kDueCheckInterval{100};
constexpr size_t kMaxNextBatch = 256;
constexpr size_t kMaxDuePerPass = 512;
constexpr size_t kMaxAcksPerPass = 4096;
constexpr int kMaxBackoffShift = 4;  // a resend waits at most 16 ack timeouts.

class SourceLoop {
 public:
  SourceLoop(SocketStage& stage, Source& source) : stage_(stage), source_(source) {}

  int Run();

 private:
  struct Tracked {
    uint32_t attempt = 1;
    bool queued = false;  // waiting in send_queue_, not yet handed to ZeroMQ.
  };
  struct Pending {
    std::string doc_id;
    zmq::message_t msg;
  };

  Status Open();
  Status ReceiveAcks();
  void OnTerminal(const v1::Ack& ack);
  Status ResendDue();
  Status MoveToDeadLetters(const OutboxEntry& entry);
  Status DeadLetterFromDownstream(const v1::Ack& ack);
  Result<SourceState> EmitNew();
  void SendQueued();
  int64_t DueAfter(uint32_t attempt) const;

  SocketStage& stage_;
  Source& source_;
  const StageProcessOptions& o_ = stage_.options();
  RunStats& stats_ = stage_.stats();
  size_t max_bytes_ = static_cast<size_t>(stage_.options().max_message_bytes);
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<DeadLetterQueue> dlq_;
  std::unique_ptr<Socket> output_;
  std::unique_ptr<Socket> acks_;
  std::unordered_map<std::string, Tracked> in_flight_;
  std::deque<Pending> send_queue_;
  std::vector<std::string> acked_ids_;
  std::vector<v1::Document> docs_;
  std::vector<OutboxEntry> entries_;
  v1::Envelope env_;
  zmq::message_t msg_;
  bool exhausted_ = false;
  steady_clock::time_point next_due_check_{};
};

int64_t SourceLoop::DueAfter(uint32_t attempt) const {
  int shift = std::min<int>(kMaxBackoffShift, attempt > 0 ? static_cast<int>(attempt) - 1 : 0);
  return NowUnixMs() + o_.delivery.ack_timeout.count() * (int64_t{1} << shift);
}

Status SourceLoop::Open() {
  NP_RETURN_IF_ERROR(stage_.OpenCommon(/*ack_sender=*/false));
  SocketOptions so = stage_.MakeSocketOptions();
  if (o_.output.empty()) return Status::InvalidArgument("a source needs --output");
  NP_ASSIGN_OR_RETURN(output_,
                      Socket::Open(stage_.context(), SocketKind::kPush, o_.output, so, "output"));
  if (!o_.delivery.acks) {
    spdlog::warn(
        "acknowledgements are off: no outbox, no resends; a crash loses what is in "
        "flight");
    return Status::OK();
  }
  if (!o_.ack.empty()) {
    NP_ASSIGN_OR_RETURN(acks_,
                        Socket::Open(stage_.context(), SocketKind::kPull, o_.ack, so, "ack input"));
  } else {
    spdlog::warn("no --ack endpoint: nothing will be acknowledged; documents will be resent");
  }
  const auto& dir = stage_.stage_context().state_dir;
  NP_ASSIGN_OR_RETURN(outbox_, Outbox::Open(dir / ("outbox-" + o_.stage_name + ".db")));
  // What an earlier run left unacknowledged is in flight again. Its acks went to a process that
  // is gone, so waiting out the old timeouts gains nothing: it is due now (a duplicate is
  // harmless, the store upserts).
  NP_ASSIGN_OR_RETURN(auto left, outbox_->Due(INT64_MAX, SIZE_MAX));
  const int64_t now_ms = NowUnixMs();
  for (auto& e : left) {
    in_flight_[e.doc_id] = Tracked{e.attempt, false};
    e.due_unix_ms = std::min(e.due_unix_ms, now_ms);
  }
  if (!left.empty()) {
    std::vector<std::string> ids;
    ids.reserve(left.size());
    for (const auto& e : left) ids.push_back(e.doc_id);
    source_.OnResume(ids);
    NP_RETURN_IF_ERROR(outbox_->PutBatch(left));
    spdlog::info("outbox holds {} unacknowledged document(s) from an earlier run; resending",
                 left.size());
  }
  stats_.in_flight = static_cast<uint32_t>(in_flight_.size());
  return Status::OK();
}

void SourceLoop::OnTerminal(const v1::Ack& ack) {
  auto it = in_flight_.find(ack.doc_id());
  if (it == in_flight_.end()) return;  // a duplicate ack (a resend was acked twice).
  in_flight_.erase(it);
  acked_ids_.push_back(ack.doc_id());
  ++stats_.acked;
  switch (ack.outcome()) {
    case v1::Ack::STORED:
      ++stats_.acked_stored;
      break;
    case v1::Ack::FILTERED:
      ++stats_.acked_filtered;
      break;
    case v1::Ack::DEAD_LETTERED:
      ++stats_.dead_lettered;
      break;
    default:
      break;
  }
  source_.OnAck(ack);
}

Status SourceLoop::ReceiveAcks() {
  if (!acks_) return Status::OK();
  acked_ids_.clear();
  for (size_t i = 0; i < kMaxAcksPerPass; ++i) {
    NP_ASSIGN_OR_RETURN(bool got, acks_->TryRecv(&msg_));
    if (!got) break;
    Status decoded = DecodeEnvelope(
        std::string_view(static_cast<const char*>(msg_.data()), msg_.size()), &env_, max_bytes_);
    if (!decoded.ok()) {
      stage_.CountMalformed(decoded, "ack input");
      continue;
    }
    if (!env_.has_ack() || env_.ack().outcome() == v1::Ack::OUTCOME_UNSPECIFIED) {
      stage_.CountMalformed(Status::InvalidArgument("not an ack"), "ack input");
      continue;
    }
    if (env_.ack().outcome() == v1::Ack::DEAD_LETTERED) {
      NP_RETURN_IF_ERROR(DeadLetterFromDownstream(env_.ack()));
      continue;
    }
    OnTerminal(env_.ack());
  }
  if (!acked_ids_.empty()) {
    Status removed = outbox_->RemoveBatch(acked_ids_);
    // Not fatal: the ids are no longer tracked; if they come back after a restart they are
    // resent and the idempotent store makes that harmless.
    if (!removed.ok()) spdlog::error("outbox: {}", removed.ToString());
  }
  stats_.in_flight = static_cast<uint32_t>(in_flight_.size());
  return Status::OK();
}

Status SourceLoop::MoveToDeadLetters(const OutboxEntry& entry) {
  if (!dlq_) {
    NP_ASSIGN_OR_RETURN(dlq_, DeadLetterQueue::Open(stage_.stage_context().state_dir / "dlq.db"));
  }
  newspipe::DeadLetter letter;
  letter.doc_id = entry.doc_id;
  letter.envelope = entry.envelope;
  letter.attempts = entry.attempt;
  letter.unix_ms = NowUnixMs();
  letter.stage = o_.stage_name;
  letter.error =
      "no terminal acknowledgement after " + std::to_string(entry.attempt) + " attempt(s)";
  v1::Envelope env;
  if (DecodeEnvelope(entry.envelope, &env, SIZE_MAX).ok() && env.has_document()) {
    const v1::Document& doc = env.document();
    letter.url = !doc.fetch().url().empty() ? doc.fetch().url() : doc.source().path();
    if (doc.errors_size() > 0) {
      const v1::Error& last = doc.errors(doc.errors_size() - 1);
      letter.stage = last.stage();
      letter.error += "; last error: " + last.code() + ": " + last.message();
    }
  }
  NP_RETURN_IF_ERROR(dlq_->Put(letter));
  spdlog::warn("{}: dead-lettered after {} attempt(s)", entry.doc_id, entry.attempt);
  v1::Ack ack;
  ack.set_doc_id(entry.doc_id);
  ack.set_outcome(v1::Ack::DEAD_LETTERED);
  ack.set_stage(o_.stage_name);
  ack.set_reason(letter.error);
  ack.set_attempt(entry.attempt);
  OnTerminal(ack);
  return Status::OK();
}

Status SourceLoop::DeadLetterFromDownstream(const v1::Ack& ack) {
  if (in_flight_.find(ack.doc_id()) == in_flight_.end()) return Status::OK();  // settled already.
  Result<OutboxEntry> entry = outbox_->Get(ack.doc_id());
  if (!entry.ok()) {
    if (!entry.status().IsNotFound()) return entry.status();
    OnTerminal(ack);
    return Status::OK();
  }
  if (!dlq_) {
    NP_ASSIGN_OR_RETURN(dlq_, DeadLetterQueue::Open(stage_.stage_context().state_dir / "dlq.db"));
  }
  newspipe::DeadLetter letter;
  letter.doc_id = entry->doc_id;
  letter.envelope = std::move(entry->envelope);
  letter.attempts = std::max(entry->attempt, ack.attempt());
  letter.unix_ms = NowUnixMs();
  letter.stage = ack.stage();
  letter.error = ack.reason();
  v1::Envelope env;
  if (DecodeEnvelope(letter.envelope, &env, SIZE_MAX).ok() && env.has_document()) {
    const v1::Document& doc = env.document();
    letter.url = !doc.fetch().url().empty() ? doc.fetch().url() : doc.source().path();
  }
  // Durable in the dead-letter queue before it leaves the outbox (OnTerminal queues the removal).
  NP_RETURN_IF_ERROR(dlq_->Put(letter));
  spdlog::warn("{}: dead-lettered by {}: {}", ack.doc_id(), ack.stage(), ack.reason());
  OnTerminal(ack);
  return Status::OK();
}

Status SourceLoop::ResendDue() {
  auto now = steady_clock::now();
  // Not only when something is in flight: `newspipe dlq replay` puts entries into the outbox of
  // a running, idle source, and they must go out on the next pass.
  if (now < next_due_check_ || !outbox_) return Status::OK();
  next_due_check_ = now + kDueCheckInterval;
  NP_ASSIGN_OR_RETURN(auto due, outbox_->Due(NowUnixMs(), kMaxDuePerPass));
  if (due.empty()) return Status::OK();
  acked_ids_.clear();
  entries_.clear();
  std::vector<size_t> to_send;
  for (auto& e : due) {
    auto it = in_flight_.find(e.doc_id);
    const bool untracked = it == in_flight_.end();
    if (untracked) {
      // Put there by someone else (a replay): a fresh send with the attempt it was given.
      it = in_flight_.emplace(e.doc_id, Tracked{e.attempt, false}).first;
    }
    if (it->second.queued) {
      // Still waiting for room downstream: it was never sent, so it is not late.
      e.due_unix_ms = DueAfter(e.attempt);
      entries_.push_back(std::move(e));
      continue;
    }
    if (static_cast<int>(e.attempt) >= o_.delivery.max_attempts) {
      NP_RETURN_IF_ERROR(MoveToDeadLetters(e));
      continue;
    }
    if (!DecodeEnvelope(e.envelope, &env_, SIZE_MAX).ok()) {
      // An outbox entry we cannot read can never be delivered: keep it for an operator.
      e.attempt = static_cast<uint32_t>(o_.delivery.max_attempts);
      NP_RETURN_IF_ERROR(MoveToDeadLetters(e));
      continue;
    }
    if (!untracked) e.attempt += 1;
    env_.set_attempt(e.attempt);
    stage_.Stamp(env_);
    NP_RETURN_IF_ERROR(EncodeEnvelope(env_, &e.envelope, SIZE_MAX));
    e.due_unix_ms = DueAfter(e.attempt);
    it->second.attempt = e.attempt;
    to_send.push_back(entries_.size());
    entries_.push_back(std::move(e));
  }
  if (!acked_ids_.empty()) NP_RETURN_IF_ERROR(outbox_->RemoveBatch(acked_ids_));
  if (!entries_.empty()) NP_RETURN_IF_ERROR(outbox_->PutBatch(entries_));
  for (size_t i : to_send) {
    OutboxEntry& e = entries_[i];
    in_flight_[e.doc_id].queued = true;
    send_queue_.push_back({e.doc_id, MessageFromString(std::move(e.envelope))});
    ++stats_.resent;
  }
  if (!to_send.empty()) spdlog::info("resent {} unacknowledged document(s)", to_send.size());
  stats_.in_flight = static_cast<uint32_t>(in_flight_.size());
  return Status::OK();
}

Result<SourceState> SourceLoop::EmitNew() {
  const size_t window = static_cast<size_t>(o_.delivery.window);
  if (in_flight_.size() >= window) return SourceState::kIdle;
  docs_.clear();
  Result<SourceState> state = SourceState::kIdle;
  try {
    state = source_.Next(docs_, std::min(window - in_flight_.size(), kMaxNextBatch));
  } catch (const std::exception& e) {
    state = Status::Internal(std::string("exception in Next: ") + e.what());
  }
  if (!state.ok()) {
    spdlog::warn("source: {}", state.status().ToString());
    state = SourceState::kIdle;
  }
  // Read and dropped by the source itself: terminal at once, as if acked as filtered.
  if (const uint64_t dropped = source_.TakeFilteredCount(); dropped > 0) {
    stats_.emitted += dropped;
    stats_.processed += dropped;
    stats_.filtered += dropped;
    stats_.acked += dropped;
    stats_.acked_filtered += dropped;
  }
  if (docs_.empty()) return state;
  entries_.clear();
  entries_.reserve(docs_.size());
  const int64_t due = DueAfter(1);
  for (auto& doc : docs_) {
    if (doc.id().empty()) {
      spdlog::error("source emitted a document without an id; skipped");
      continue;
    }
    env_.Clear();
    env_.set_doc_id(doc.id());
    env_.set_trace_id(doc.id());
    env_.set_attempt(1);
    *env_.mutable_document() = std::move(doc);
    stage_.Stamp(env_);
    OutboxEntry e;
    e.doc_id = env_.doc_id();
    e.attempt = 1;
    e.due_unix_ms = due;
    Status encoded = EncodeEnvelope(env_, &e.envelope, max_bytes_);
    if (!encoded.ok()) {
      // Too big for any socket: keep it with its reason instead of losing it.
      ++stats_.failed;
      spdlog::error("{}: {}", e.doc_id, encoded.ToString());
      NP_RETURN_IF_ERROR(EncodeEnvelope(env_, &e.envelope, SIZE_MAX));
      e.attempt = static_cast<uint32_t>(o_.delivery.max_attempts);
      in_flight_[e.doc_id] = Tracked{e.attempt, false};  // so that it is counted as terminal.
      ++stats_.emitted;
      NP_RETURN_IF_ERROR(MoveToDeadLetters(e));
      continue;
    }
    entries_.push_back(std::move(e));
  }
  if (!outbox_) {  // acknowledgements off: nothing kept, nothing tracked.
    for (auto& e : entries_) {
      send_queue_.push_back({e.doc_id, MessageFromString(std::move(e.envelope))});
      ++stats_.emitted;
      ++stats_.processed;
    }
    return state;
  }
  // The guarantee: durable before sent.
  NP_RETURN_IF_ERROR(outbox_->PutBatch(entries_));
  for (auto& e : entries_) {
    auto [it, fresh] = in_flight_.try_emplace(e.doc_id, Tracked{1, true});
    if (!fresh) it->second = Tracked{1, true};
    send_queue_.push_back({e.doc_id, MessageFromString(std::move(e.envelope))});
    ++stats_.emitted;
    ++stats_.processed;
  }
  stats_.in_flight = static_cast<uint32_t>(in_flight_.size());
  return state;
}

void SourceLoop::SendQueued() {
  while (!send_queue_.empty()) {
    Pending& p = send_queue_.front();
    auto it = in_flight_.find(p.doc_id);
    if (outbox_ && it == in_flight_.end()) {  // acked or dead-lettered meanwhile.
      send_queue_.pop_front();
      continue;
    }
    Status sent = output_->TrySend(p.msg);
    if (sent.IsUnavailable()) return;
    if (!sent.ok()) {
      spdlog::error("{}", sent.ToString());
      return;
    }
    if (it != in_flight_.end()) it->second.queued = false;
    send_queue_.pop_front();
  }
}

int SourceLoop::Run() {
  Status opened = Open();
  if (!opened.ok()) {
    spdlog::error("{}", opened.ToString());
    return 1;
  }
  stage_.MaybeHeartbeat(true);
  while (!stage_.stopping()) {
    stage_.MaybeHeartbeat();
    Status s = ReceiveAcks();
    if (s.ok()) s = ResendDue();
    bool more = false;
    if (s.ok() && !exhausted_ && send_queue_.size() < static_cast<size_t>(o_.delivery.window)) {
      auto state = EmitNew();
      if (!state.ok()) {
        s = state.status();
      } else if (*state == SourceState::kExhausted) {
        exhausted_ = true;
        spdlog::info("source exhausted; {} document(s) in flight", in_flight_.size());
      } else {
        more = *state == SourceState::kMore;
      }
    }
    if (!s.ok()) {
      if (s.code() == Status::Code::kAborted) break;
      // The outbox or dead-letter queue failed: sending on would break the guarantee.
      spdlog::error("{}", s.ToString());
      stage_.MaybeHeartbeat(true);
      return 1;
    }
    SendQueued();
    if (o_.once && exhausted_ && in_flight_.empty() && (outbox_ || send_queue_.empty()) &&
        !stats_.source_exhausted) {
      stats_.source_exhausted = true;
      spdlog::info("all {} document(s) acknowledged: stored {}, filtered {}, dead-lettered {}",
                   stats_.acked, stats_.acked_stored, stats_.acked_filtered, stats_.dead_lettered);
      stage_.StopHeartbeats();
    }
    const bool room = in_flight_.size() < static_cast<size_t>(o_.delivery.window);
    milliseconds cap = (more && room) ? milliseconds(0) : kPollCap;
    if (!in_flight_.empty()) {
      auto until_due =
          std::chrono::duration_cast<milliseconds>(next_due_check_ - steady_clock::now());
      cap = std::clamp(until_due, milliseconds(0), cap);
    }
    std::vector<PollItem> items;
    if (acks_) items.push_back({acks_.get(), ZMQ_POLLIN, 0});
    if (!send_queue_.empty()) items.push_back({output_.get(), ZMQ_POLLOUT, 0});
    if (items.empty()) {
      items.push_back({output_.get(), 0, 0});  // nothing to wait for but time.
    }
    auto ready = Poll(items, stage_.PollTimeout(cap));
    if (!ready.ok()) break;
  }
  // Whatever is unacknowledged stays in the outbox and is resent by the next run.
  spdlog::info("stopping: {} document(s) unacknowledged, kept in the outbox", in_flight_.size());
  output_->SetLinger(milliseconds(send_queue_.empty() ? 1000 : 0));
  stage_.StopHeartbeats();
  return 0;
}

}  // namespace

int RunSourceLoop(SocketStage& stage, Source& source) { return SourceLoop(stage, source).Run(); }

}  // namespace newspipe
