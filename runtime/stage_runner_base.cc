#include "runtime/stage_runner_base.h"

#include <unistd.h>

#include <exception>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "runtime/codec.h"
#include "runtime/crash_points.h"

namespace newspipe {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

namespace {

constexpr size_t kMaxQueuedAcks = 100'000;

}  // namespace

int64_t NowUnixMs() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t NowUnixUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

StageIdentity MakeIdentity(const StageProcessOptions& options) {
  StageIdentity who;
  who.pipeline = options.pipeline;
  who.stage = options.stage_name;
  who.replica = options.replica;
  who.sender = options.stage_name + "/" + std::to_string(options.replica);
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) == 0) who.host = host;
  who.pid = static_cast<int>(::getpid());
  return who;
}

Verdict ApplyProcessor(Processor& processor, v1::Envelope& env, const StageIdentity& who,
                       RunStats& stats) {
  v1::Document* doc = env.mutable_document();
  const int64_t started_us = NowUnixUs();
  const auto t0 = steady_clock::now();
  Result<Verdict> result = Status::Internal("not run");
  try {
    result = processor.Process(*doc);
  } catch (const std::exception& e) {
    result = Status::Internal(std::string("exception: ") + e.what());
  } catch (...) {
    result = Status::Internal("unknown exception");
  }
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::microseconds>(steady_clock::now() - t0);
  v1::StageTrace* trace = doc->add_trace();
  trace->set_stage(who.stage);
  trace->set_replica(who.replica);
  trace->set_host(who.host);
  trace->set_pid(who.pid);
  trace->set_started_unix_us(started_us);
  trace->set_duration_us(elapsed.count());
  trace->set_attempt(env.attempt());
  ++stats.processed;
  if (!result.ok()) {
    ++stats.failed;
    v1::Error* error = doc->add_errors();
    error->set_stage(who.stage);
    error->set_code(std::string(result.status().CodeName()));
    error->set_message(result.status().message());
    error->set_unix_ms(NowUnixMs());
    error->set_fatal(true);
    spdlog::warn("{}: {}", env.doc_id(), result.status().ToString());
    return Verdict::Forward();
  }
  if (!result->forwarded()) ++stats.filtered;
  return std::move(result).value();
}

Status EncodeToMessage(const v1::Envelope& env, size_t max_bytes, zmq::message_t* msg) {
  if (env.protocol_version() != kProtocolVersion) {
    return Status::InvalidArgument("envelope without the protocol version");
  }
  size_t size = env.ByteSizeLong();
  if (size > max_bytes) {
    return Status::ResourceExhausted("envelope for '" + env.doc_id() + "' is " +
                                     std::to_string(size) + " bytes, over the limit of " +
                                     std::to_string(max_bytes));
  }
  msg->rebuild(size);
  env.SerializeWithCachedSizesToArray(static_cast<uint8_t*>(msg->data()));
  return Status::OK();
}

zmq::message_t MessageFromString(std::string&& bytes) {
  auto* owned = new std::string(std::move(bytes));
  return zmq::message_t(
      owned->data(), owned->size(),
      [](void*, void* hint) { delete static_cast<std::string*>(hint); }, owned);
}

void RateLimitedWarning::Warn(std::string_view what) {
  auto now = steady_clock::now();
  if (logged_once_ && now - last_ < std::chrono::seconds(1)) {
    ++suppressed_;
    return;
  }
  if (suppressed_ > 0) {
    spdlog::warn("{} ({} similar suppressed)", what, suppressed_);
  } else {
    spdlog::warn("{}", what);
  }
  suppressed_ = 0;
  last_ = now;
  logged_once_ = true;
}

// --- SocketStage -----------------------------------------------------------------------------

SocketStage::SocketStage(const StageProcessOptions& options, const StageContext& context,
                         const std::atomic<bool>& stop)
    : context_(1),
      options_(options),
      stage_context_(context),
      stop_(stop),
      identity_(MakeIdentity(options)) {}

SocketStage::~SocketStage() {
  StopHeartbeats();
  // Queued acks and heartbeats are best effort: do not let them hold up the exit.
  if (ack_out_) ack_out_->SetLinger(milliseconds(200));
  if (control_) control_->SetLinger(milliseconds(200));
}

SocketOptions SocketStage::MakeSocketOptions() const {
  SocketOptions o;
  o.high_water_mark = options_.high_water_mark;
  // libzmq drops a connection that sends a frame over ZMQ_MAXMSGSIZE without telling anyone.
  // With twice the limit there, a frame a little too big still arrives, and the codec's own
  // check (at the limit) counts and logs it; memory stays bounded either way.
  o.max_message_bytes =
      options_.max_message_bytes > INT64_MAX / 2 ? INT64_MAX : options_.max_message_bytes * 2;
  o.curve = options_.curve;
  return o;
}

Status SocketStage::OpenCommon(bool ack_sender) {
  SocketOptions o = MakeSocketOptions();
  if (!stage_context_.state_dir.empty()) {
    auto holding = HoldingFile::Open(
        HoldingFilePath(stage_context_.state_dir, identity_.stage, identity_.replica));
    if (holding.ok()) {
      holding_ = std::move(holding).value();
    } else {
      // Only the poison-document bookkeeping suffers: the supervisor falls back on heartbeats.
      spdlog::warn("{}", holding.status().ToString());
    }
  }
  if (!options_.control.empty()) {
    SocketOptions co = o;
    co.high_water_mark = 16;  // stale heartbeats are worthless: keep few.
    NP_ASSIGN_OR_RETURN(control_, Socket::Open(context_, SocketKind::kPush, options_.control, co,
                                               identity_.sender + " control"));
    published_ = stats_;
    beat_now_ = true;  // the first beat goes out at once.
    beat_thread_ = std::thread([this] { HeartbeatThread(); });
  }
  if (ack_sender && !options_.ack.empty()) {
    NP_ASSIGN_OR_RETURN(ack_out_, Socket::Open(context_, SocketKind::kPush, options_.ack, o,
                                               identity_.sender + " ack"));
  }
  return Status::OK();
}

void SocketStage::Stamp(v1::Envelope& env) const {
  env.set_protocol_version(kProtocolVersion);
  if (env.pipeline().empty()) env.set_pipeline(identity_.pipeline);
  env.set_sender(identity_.sender);
  env.set_sent_unix_ms(NowUnixMs());
}

void SocketStage::MaybeHeartbeat(bool force) {
  auto now = steady_clock::now();
  // Publishing is a small copy under a lock: rate-limit it to well under the beat interval.
  if (!force && now < next_publish_) return;
  next_publish_ = now + std::min(milliseconds(20), options_.heartbeat_interval / 4);
  std::lock_guard<std::mutex> lock(beat_mu_);
  published_ = stats_;
  if (force) {
    beat_now_ = true;
    beat_cv_.notify_one();
  }
}

void SocketStage::BeginDocument(const std::string& doc_id) {
  if (holding_) holding_->Set(doc_id);
  stats_.current_doc_id = doc_id;
  std::lock_guard<std::mutex> lock(beat_mu_);
  published_.current_doc_id = doc_id;
}

void SocketStage::EndDocument() {
  if (holding_) holding_->Clear();
  stats_.current_doc_id.clear();
}

const std::string* SocketStage::PoisonReason(const std::string& doc_id) {
  const auto now = steady_clock::now();
  if (now >= next_poison_check_ && !stage_context_.state_dir.empty()) {
    next_poison_check_ = now + std::chrono::seconds(1);
    const auto path = CrashRecordsPath(stage_context_.state_dir);
    std::error_code ec;
    // Only the supervisor creates the file: no crash yet, nothing to read.
    if (!crash_records_ && std::filesystem::exists(path, ec)) {
      auto opened = CrashRecords::Open(path);
      if (opened.ok()) {
        crash_records_ = std::move(opened).value();
      } else {
        spdlog::warn("{}", opened.status().ToString());
      }
    }
    if (crash_records_) {
      Result<int64_t> version = crash_records_->Version();
      if (version.ok() && *version != crash_records_version_) {
        auto poisoned = crash_records_->Poisoned(identity_.stage, options_.delivery.max_crashes);
        if (poisoned.ok()) {
          poisoned_ = std::move(poisoned).value();
          crash_records_version_ = *version;
        }
      }
    }
  }
  if (poisoned_.empty()) return nullptr;
  auto it = poisoned_.find(doc_id);
  return it == poisoned_.end() ? nullptr : &it->second;
}

void SocketStage::HeartbeatThread() {
  std::unique_lock<std::mutex> lock(beat_mu_);
  for (;;) {
    beat_cv_.wait_for(lock, options_.heartbeat_interval,
                      [this] { return beat_now_ || beat_stop_; });
    const bool last = beat_stop_;
    beat_now_ = false;
    RunStats snapshot = published_;
    lock.unlock();
    SendHeartbeat(snapshot);
    lock.lock();
    if (last) return;
  }
}

void SocketStage::StopHeartbeats() {
  if (!beat_thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(beat_mu_);
    published_ = stats_;
    published_.current_doc_id.clear();
    beat_stop_ = true;
  }
  beat_cv_.notify_one();
  beat_thread_.join();
}

void SocketStage::SendHeartbeat(const RunStats& s) {
  v1::Envelope env;
  Stamp(env);
  v1::Heartbeat* hb = env.mutable_heartbeat();
  hb->set_stage(identity_.stage);
  hb->set_replica(identity_.replica);
  hb->set_pid(identity_.pid);
  hb->set_processed(s.processed);
  hb->set_failed(s.failed);
  hb->set_filtered(s.filtered);
  hb->set_malformed(s.malformed);
  hb->set_in_flight(s.in_flight);
  hb->set_current_doc_id(s.current_doc_id);
  hb->set_unix_ms(env.sent_unix_ms());
  hb->set_source_exhausted(s.source_exhausted);
  hb->set_emitted(s.emitted);
  hb->set_acked(s.acked);
  hb->set_stored(s.stored);
  hb->set_dead_lettered(s.dead_lettered);
  hb->set_acked_stored(s.acked_stored);
  hb->set_acked_filtered(s.acked_filtered);
  zmq::message_t msg;
  if (!EncodeToMessage(env, SIZE_MAX, &msg).ok()) return;
  // A supervisor that is not listening must not stall anything: drop the beat.
  (void)control_->TrySend(msg);
}

void SocketStage::Ack(const v1::Envelope& doc_env, v1::Ack::Outcome outcome,
                      std::string_view reason) {
  if (!ack_out_ || !options_.delivery.acks) return;
  v1::Envelope env;
  Stamp(env);
  env.set_pipeline(doc_env.pipeline());
  env.set_doc_id(doc_env.doc_id());
  env.set_attempt(doc_env.attempt());
  env.set_trace_id(doc_env.trace_id());
  v1::Ack* ack = env.mutable_ack();
  ack->set_doc_id(doc_env.doc_id());
  ack->set_outcome(outcome);
  ack->set_stage(identity_.stage);
  ack->set_reason(std::string(reason));
  ack->set_attempt(doc_env.attempt());
  zmq::message_t msg;
  if (!EncodeToMessage(env, SIZE_MAX, &msg).ok()) return;
  if (ack_queue_.size() >= kMaxQueuedAcks) {
    // The source resends what it never hears about; losing an ack costs a duplicate, not data.
    ack_queue_.pop_front();
    ack_drop_log_.Warn("ack queue full (source unreachable?): dropping the oldest ack");
  }
  ack_queue_.push_back(std::move(msg));
  FlushAcks();
}

void SocketStage::FlushAcks() {
  while (ack_out_ && !ack_queue_.empty()) {
    if (!ack_out_->TrySend(ack_queue_.front()).ok()) return;
    ack_queue_.pop_front();
  }
}

bool SocketStage::AcceptDocument(const zmq::message_t& frame, size_t max_bytes,
                                 std::string_view verb, v1::Envelope* env) {
  Status decoded = DecodeEnvelope(
      std::string_view(static_cast<const char*>(frame.data()), frame.size()), env, max_bytes);
  if (!decoded.ok()) {
    CountMalformed(decoded, "input");
    return false;
  }
  if (!env->has_document()) {
    CountMalformed(Status::InvalidArgument("not a document"), "input");
    return false;
  }
  if (const std::string* poison = PoisonReason(env->doc_id())) {
    // It killed this stage before: not again. The source dead-letters it.
    ++stats_.failed;
    spdlog::warn("{}: not {}: {}", env->doc_id(), verb, *poison);
    Ack(*env, v1::Ack::DEAD_LETTERED, *poison);
    return false;
  }
  BeginDocument(env->doc_id());
  CrashPointForDocument(options_.stage_name, env->document());
  return true;
}

void SocketStage::CountMalformed(const Status& why, std::string_view socket_name) {
  ++stats_.malformed;
  malformed_log_.Warn(std::string("malformed frame on ") + std::string(socket_name) + ": " +
                      why.ToString() + " (" + std::to_string(stats_.malformed) + " so far)");
}

}  // namespace newspipe
