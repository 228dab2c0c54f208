// Standalone mode: a stage between two files of length-delimited Envelopes, no sockets. What
// runs here is what runs in socket mode (ApplyProcessor, Write/Commit, Next), so a stage can be
// tested in isolation: `newspipe-clean --in pages.bin --out cleaned.bin`.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include <spdlog/spdlog.h>

#include "runtime/codec.h"
#include "runtime/stage_runner_base.h"

namespace newspipe {
namespace {

// Forwarded documents are flushed at least this often, so that a consumer reading --out while
// the stage runs sees them arrive in batches rather than at the end.
constexpr uint64_t kFlushEvery = 64;

// True when --in is a pipe, a socket or a terminal: input may trickle in, and whatever was
// forwarded must reach --out before the next read blocks.
bool InputMayStall(const std::string& in_path) {
  struct stat st {};
  const int rc =
      in_path.empty() || in_path == "-" ? ::fstat(STDIN_FILENO, &st) : ::stat(in_path.c_str(), &st);
  return rc != 0 || !S_ISREG(st.st_mode);
}

// Reads every envelope of `reader`, calling `fn` with each document envelope; counts and logs
// the rest. Stops early when `stop` is set.
template <typename Fn>
void ForEachDocument(DelimitedReader& reader, RunStats& stats, const std::atomic<bool>& stop,
                     Fn&& fn) {
  v1::Envelope env;
  Status error;
  RateLimitedWarning log;
  while (!stop.load(std::memory_order_relaxed)) {
    auto outcome = reader.Next(&env, &error);
    if (!error.ok()) {
      if (outcome == DelimitedReader::Outcome::kMalformed) ++stats.malformed;
      log.Warn(error.ToString());
    }
    if (outcome == DelimitedReader::Outcome::kEnd) break;
    if (outcome == DelimitedReader::Outcome::kMalformed) continue;
    if (!env.has_document()) {
      ++stats.malformed;
      log.Warn("skipping an envelope without a document at byte " +
               std::to_string(reader.offset()));
      continue;
    }
    if (!fn(env)) break;
  }
}

int RunProcessorStandalone(const StageProcessOptions& o, Processor& processor,
                           const std::atomic<bool>& stop) {
  auto reader = DelimitedReader::Open(o.in_path.empty() ? "-" : o.in_path,
                                      static_cast<size_t>(o.max_message_bytes));
  if (!reader.ok()) {
    spdlog::error("{}", reader.status().ToString());
    return 1;
  }
  auto writer = DelimitedWriter::Open(o.out_path.empty() ? "-" : o.out_path);
  if (!writer.ok()) {
    spdlog::error("{}", writer.status().ToString());
    return 1;
  }
  StageIdentity who = MakeIdentity(o);
  RunStats stats;
  uint64_t forwarded = 0;
  const uint64_t flush_every = InputMayStall(o.in_path) ? 1 : kFlushEvery;
  Status write_error;
  ForEachDocument(**reader, stats, stop, [&](v1::Envelope& env) {
    Verdict verdict = ApplyProcessor(processor, env, who, stats);
    if (!verdict.forwarded()) {
      spdlog::info("{}: filtered: {}", env.doc_id(), verdict.reason);
      return true;
    }
    env.set_sender(who.sender);
    write_error = (*writer)->Write(env);
    if (write_error.ok() && ++forwarded % flush_every == 0) write_error = (*writer)->Flush();
    return write_error.ok();
  });
  if (write_error.ok()) write_error = (*writer)->Flush();
  spdlog::info("read {}, forwarded {}, filtered {}, failed {}, malformed {}", stats.processed,
               forwarded, stats.filtered, stats.failed, stats.malformed);
  if (!write_error.ok()) {
    spdlog::error("{}", write_error.ToString());
    return 1;
  }
  return 0;
}

int RunSinkStandalone(const StageProcessOptions& o, Sink& sink, const std::atomic<bool>& stop) {
  auto reader = DelimitedReader::Open(o.in_path.empty() ? "-" : o.in_path,
                                      static_cast<size_t>(o.max_message_bytes));
  if (!reader.ok()) {
    spdlog::error("{}", reader.status().ToString());
    return 1;
  }
  RunStats stats;
  size_t batch = 0;
  const size_t batch_size = std::max<size_t>(1, sink.batch_size());
  int exit_code = 0;
  auto commit = [&]() {
    if (batch == 0) return;
    Status s = sink.Commit();
    if (s.ok()) {
      stats.stored += batch;
    } else {
      stats.failed += batch;
      exit_code = 1;
      spdlog::error("commit of {} document(s) failed: {}", batch, s.ToString());
    }
    batch = 0;
  };
  ForEachDocument(**reader, stats, stop, [&](v1::Envelope& env) {
    ++stats.processed;
    Status s = sink.Write(env.document());
    if (!s.ok()) {
      ++stats.failed;
      spdlog::warn("{}: not stored: {}", env.doc_id(), s.ToString());
      return true;
    }
    if (++batch >= batch_size) commit();
    return true;
  });
  commit();
  std::printf("stored %llu of %llu document(s); %llu failed, %llu malformed\n",
              static_cast<unsigned long long>(stats.stored),
              static_cast<unsigned long long>(stats.processed),
              static_cast<unsigned long long>(stats.failed),
              static_cast<unsigned long long>(stats.malformed));
  std::fflush(stdout);
  return exit_code;
}

int RunSourceStandalone(const StageProcessOptions& o, Source& source,
                        const std::atomic<bool>& stop) {
  if (!o.in_path.empty()) spdlog::warn("a source reads no --in; ignoring {}", o.in_path);
  auto writer = DelimitedWriter::Open(o.out_path.empty() ? "-" : o.out_path);
  if (!writer.ok()) {
    spdlog::error("{}", writer.status().ToString());
    return 1;
  }
  StageIdentity who = MakeIdentity(o);
  std::vector<v1::Document> docs;
  v1::Envelope env;
  uint64_t emitted = 0, filtered = 0;
  while (!stop.load(std::memory_order_relaxed)) {
    docs.clear();
    auto state = source.Next(docs, 256);
    if (!state.ok()) {
      spdlog::warn("source: {}", state.status().ToString());
    }
    filtered += source.TakeFilteredCount();
    for (auto& doc : docs) {
      env.Clear();
      env.set_protocol_version(kProtocolVersion);
      env.set_pipeline(who.pipeline);
      env.set_doc_id(doc.id());
      env.set_trace_id(doc.id());
      env.set_attempt(1);
      env.set_sender(who.sender);
      env.set_sent_unix_ms(NowUnixMs());
      *env.mutable_document() = std::move(doc);
      Status s = (*writer)->Write(env);
      if (!s.ok()) {
        spdlog::error("{}", s.ToString());
        return 1;
      }
      ++emitted;
    }
    // Each batch reaches --out as it is emitted (a source may wait a while for the next one).
    if (!docs.empty()) {
      Status flushed = (*writer)->Flush();
      if (!flushed.ok()) {
        spdlog::error("{}", flushed.ToString());
        return 1;
      }
    }
    if (state.ok() && *state == SourceState::kExhausted) break;
  }
  Status flushed = (*writer)->Flush();
  spdlog::info("emitted {} document(s), filtered {}", emitted, filtered);
  if (!flushed.ok()) {
    spdlog::error("{}", flushed.ToString());
    return 1;
  }
  return 0;
}

}  // namespace

int RunStandalone(const StageProcessOptions& options, StageKind kind, StageInstance& instance,
                  const std::atomic<bool>& stop) {
  switch (kind) {
    case StageKind::kSource:
      return RunSourceStandalone(options, *instance.source, stop);
    case StageKind::kProcessor:
      return RunProcessorStandalone(options, *instance.processor, stop);
    case StageKind::kSink:
      return RunSinkStandalone(options, *instance.sink, stop);
  }
  return 1;
}

}  // namespace newspipe
