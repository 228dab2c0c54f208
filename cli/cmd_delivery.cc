// `newspipe keygen DIR [--name NAME]`: a CURVE key pair as NAME.pub and NAME.key (mode 0600).
// `newspipe dlq list|show ID|replay [ID...]|purge [PIPELINE.yaml] [--state DIR]`: the dead-letter
//   queue of a state directory (the pipeline file's state_dir, or --state).
// `newspipe status [PIPELINE.yaml] [--state DIR]`: unacknowledged documents per source outbox
//   and the number of dead letters.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "runtime/codec.h"
#include "runtime/curve.h"
#include "runtime/dead_letter_replay.h"
#include "runtime/dead_letters.h"
#include "runtime/outbox.h"
#include "runtime/pipeline.h"
#include "stages/builtin.h"
#include "stages/common/document_json.h"

namespace newspipe::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kReplayHelp =
    "Put dead letters (all, or the given ids) back into their source's outbox "
    "(STATE/outbox-<source>.db) with the attempt count reset and due now, and remove them from "
    "the queue. A running pipeline resends them on its source's resend pass; a stopped one when "
    "it next starts. The source is the stage that sent the envelope unless --source is given.";

struct DlqArgs {
  std::vector<std::string> args;  // a PIPELINE.yaml and/or document ids.
  std::string state;
  std::string source;
  size_t limit = 100;
};

bool LooksLikePipeline(const std::string& arg) {
  fs::path p(arg);
  return (p.extension() == ".yaml" || p.extension() == ".yml") && fs::is_regular_file(p);
}

// Splits the positional arguments into the state directory and the remaining ids. Prints the
// problem and returns an empty path on failure.
fs::path ResolveStateDir(const DlqArgs& a, std::vector<std::string>* ids) {
  std::string pipeline;
  for (const std::string& arg : a.args) {
    if (pipeline.empty() && LooksLikePipeline(arg)) {
      pipeline = arg;
    } else if (ids) {
      ids->push_back(arg);
    } else {
      std::fprintf(stderr, "unexpected argument: %s\n", arg.c_str());
      return {};
    }
  }
  if (!a.state.empty() && !pipeline.empty()) {
    std::fprintf(stderr, "give either a pipeline file or --state, not both\n");
    return {};
  }
  if (!a.state.empty()) return fs::absolute(a.state);
  if (pipeline.empty()) {
    std::fprintf(stderr, "give a pipeline file (PIPELINE.yaml) or --state DIR\n");
    return {};
  }
  auto def = LoadPipeline(pipeline, BuiltinStages());
  if (!def.ok()) {
    std::fprintf(stderr, "%s\n", def.status().message().c_str());
    return {};
  }
  return def->state_dir;
}

std::unique_ptr<DeadLetterQueue> OpenDlq(const fs::path& state_dir) {
  const fs::path path = state_dir / "dlq.db";
  if (!fs::exists(path)) {
    std::fprintf(stderr, "%s: no dead-letter queue here (nothing was ever dead-lettered)\n",
                 path.c_str());
    return nullptr;
  }
  auto dlq = DeadLetterQueue::Open(path);
  if (!dlq.ok()) {
    std::fprintf(stderr, "%s\n", dlq.status().ToString().c_str());
    return nullptr;
  }
  return std::move(dlq).value();
}

std::string FormatTime(int64_t unix_ms) {
  time_t secs = static_cast<time_t>(unix_ms / 1000);
  struct tm tm_utc;
  gmtime_r(&secs, &tm_utc);
  char buf[32];
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm_utc);
  return buf;
}

std::string OneLine(std::string_view text, size_t max_chars) {
  std::string out;
  for (char c : text) {
    if (out.size() >= max_chars) {
      out += "...";
      break;
    }
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  return out;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int List(const DlqArgs& a) {
  fs::path state = ResolveStateDir(a, nullptr);
  if (state.empty()) return 2;
  if (!fs::exists(state / "dlq.db")) {
    std::printf("no dead letters\n");
    return 0;
  }
  auto dlq = OpenDlq(state);
  if (!dlq) return 1;
  auto letters = dlq->List(a.limit);
  auto count = dlq->Count();
  if (!letters.ok() || !count.ok()) {
    std::fprintf(stderr, "%s\n",
                 (letters.ok() ? count.status() : letters.status()).ToString().c_str());
    return 1;
  }
  std::printf("%-20s  %-20s  %-10s  %8s  %s\n", "DIED (UTC)", "ID", "STAGE", "ATTEMPTS",
              "URL / ERROR");
  for (const DeadLetter& d : *letters) {
    std::printf("%-20s  %-20s  %-10s  %8u  %s\n%54s%s\n", FormatTime(d.unix_ms).c_str(),
                d.doc_id.c_str(), d.stage.c_str(), d.attempts, d.url.c_str(), "",
                OneLine(d.error, 100).c_str());
  }
  std::printf("%zu of %zu dead letter(s)\n", letters->size(), *count);
  return 0;
}

int Show(const DlqArgs& a) {
  std::vector<std::string> ids;
  fs::path state = ResolveStateDir(a, &ids);
  if (state.empty()) return 2;
  if (ids.size() != 1) {
    std::fprintf(stderr, "dlq show takes one document id\n");
    return 2;
  }
  auto dlq = OpenDlq(state);
  if (!dlq) return 1;
  auto letter = dlq->Get(ids[0]);
  if (!letter.ok()) {
    std::fprintf(stderr, "%s\n", letter.status().message().c_str());
    return letter.status().IsNotFound() ? 3 : 1;
  }
  const DeadLetter& d = *letter;
  std::printf(
      "id:       %s\nurl:      %s\nstage:    %s\nattempts: %u\ndied:     %s\nerror:    %s\n",
      d.doc_id.c_str(), d.url.c_str(), d.stage.c_str(), d.attempts, FormatTime(d.unix_ms).c_str(),
      d.error.c_str());
  v1::Envelope env;
  Status decoded = DecodeEnvelope(d.envelope, &env, SIZE_MAX);
  if (!decoded.ok()) {
    std::printf("envelope: unreadable (%s)\n", decoded.ToString().c_str());
    return 0;
  }
  std::printf("sender:   %s\n", env.sender().c_str());
  if (env.has_document()) {
    const v1::Document& doc = env.document();
    for (const v1::Error& e : doc.errors()) {
      std::printf("history:  %s: %s: %s\n", e.stage().c_str(), e.code().c_str(),
                  e.message().c_str());
    }
    std::printf(
        "document: %s\n",
        DocumentToJson(doc).dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  }
  return 0;
}

int Replay(const DlqArgs& a) {
  ReplayRequest req;
  req.state_dir = ResolveStateDir(a, &req.doc_ids);
  if (req.state_dir.empty()) return 2;
  if (!fs::exists(req.state_dir / "dlq.db")) {
    std::printf("no dead letters\n");
    return 0;
  }
  req.source_stage = a.source;
  auto result = ReplayDeadLetters(req, NowMs());
  if (!result.ok()) {
    std::fprintf(stderr, "%s\nnothing was replayed\n", result.status().ToString().c_str());
    return 1;
  }
  for (const std::string& id : result->not_found) {
    std::fprintf(stderr, "%s: not in the dead-letter queue\n", id.c_str());
  }
  std::printf("replayed %zu dead letter(s)\n", result->replayed.size());
  return result->not_found.empty() ? 0 : 3;
}

int Purge(const DlqArgs& a) {
  fs::path state = ResolveStateDir(a, nullptr);
  if (state.empty()) return 2;
  if (!fs::exists(state / "dlq.db")) {
    std::printf("purged 0 dead letter(s)\n");
    return 0;
  }
  auto dlq = OpenDlq(state);
  if (!dlq) return 1;
  auto purged = dlq->Purge();
  if (!purged.ok()) {
    std::fprintf(stderr, "%s\n", purged.status().ToString().c_str());
    return 1;
  }
  std::printf("purged %zu dead letter(s)\n", *purged);
  return 0;
}

int ShowStatus(const DlqArgs& a) {
  fs::path state = ResolveStateDir(a, nullptr);
  if (state.empty()) return 2;
  std::error_code ec;
  int shown = 0;
  for (const auto& entry : fs::directory_iterator(state, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("outbox-", 0) != 0 || entry.path().extension() != ".db") continue;
    auto outbox = Outbox::Open(entry.path());
    if (!outbox.ok()) {
      std::fprintf(stderr, "%s\n", outbox.status().ToString().c_str());
      return 1;
    }
    std::printf("%s: %zu unacknowledged document(s)\n", name.substr(7, name.size() - 7 - 3).c_str(),
                (*outbox)->Size());
    ++shown;
  }
  if (ec) {
    std::fprintf(stderr, "%s: %s\n", state.c_str(), ec.message().c_str());
    return 1;
  }
  if (shown == 0) std::printf("no source outbox in %s\n", state.c_str());
  size_t dead = 0;
  if (fs::exists(state / "dlq.db")) {
    auto dlq = OpenDlq(state);
    if (!dlq) return 1;
    dead = dlq->Count().value_or(0);
  }
  std::printf("dead letters: %zu\n", dead);
  return 0;
}

int Keygen(const std::string& dir, const std::string& name) {
  auto pair = GenerateCurveKeyPair();
  if (!pair.ok()) {
    std::fprintf(stderr, "%s\n", pair.status().ToString().c_str());
    return 1;
  }
  Status written = WriteCurveKeyPair(*pair, dir, name);
  if (!written.ok()) {
    std::fprintf(stderr, "%s\n", written.ToString().c_str());
    return 1;
  }
  std::printf("%s\n%s (secret, mode 0600)\npublic key: %s\n",
              (fs::path(dir) / (name + ".pub")).c_str(), (fs::path(dir) / (name + ".key")).c_str(),
              pair->public_z85.c_str());
  return 0;
}

void AddStateOptions(CLI::App* cmd, const std::shared_ptr<DlqArgs>& a, const char* args_help) {
  cmd->add_option("args", a->args, args_help);
  cmd->add_option("--state", a->state, "The state directory (instead of a pipeline file)");
}

}  // namespace

void AddDeliveryCommands(CLI::App& app, int& exit_code) {
  auto key_dir = std::make_shared<std::string>();
  auto key_name = std::make_shared<std::string>("newspipe");
  CLI::App* keygen = app.add_subcommand(
      "keygen", "Write a CURVE key pair: DIR/NAME.pub (public) and DIR/NAME.key (secret, 0600)");
  keygen->add_option("dir", *key_dir, "Where to write the keys")->required();
  keygen->add_option("--name", *key_name, "The key files' base name")->capture_default_str();
  keygen->callback([key_dir, key_name, &exit_code] { exit_code = Keygen(*key_dir, *key_name); });

  CLI::App* dlq =
      app.add_subcommand("dlq", "The dead-letter queue: documents that failed too often");
  dlq->require_subcommand(1);

  auto list_args = std::make_shared<DlqArgs>();
  CLI::App* list = dlq->add_subcommand("list", "List dead letters, newest first");
  AddStateOptions(list, list_args, "PIPELINE.yaml");
  list->add_option("--limit", list_args->limit, "Show at most this many")->capture_default_str();
  list->callback([list_args, &exit_code] { exit_code = List(*list_args); });

  auto show_args = std::make_shared<DlqArgs>();
  CLI::App* show = dlq->add_subcommand("show", "Show one dead letter with its error and document");
  AddStateOptions(show, show_args, "[PIPELINE.yaml] ID");
  show->callback([show_args, &exit_code] { exit_code = Show(*show_args); });

  auto replay_args = std::make_shared<DlqArgs>();
  CLI::App* replay =
      dlq->add_subcommand("replay", "Send dead letters again, after a fix (see replay --help)");
  replay->footer(kReplayHelp);
  AddStateOptions(replay, replay_args, "[PIPELINE.yaml] [ID...] (no id: every dead letter)");
  replay->add_option("--source", replay_args->source,
                     "The source stage whose outbox receives them (default: each envelope's "
                     "sender)");
  replay->callback([replay_args, &exit_code] { exit_code = Replay(*replay_args); });

  auto purge_args = std::make_shared<DlqArgs>();
  CLI::App* purge = dlq->add_subcommand("purge", "Delete every dead letter");
  AddStateOptions(purge, purge_args, "PIPELINE.yaml");
  purge->callback([purge_args, &exit_code] { exit_code = Purge(*purge_args); });

  auto status_args = std::make_shared<DlqArgs>();
  CLI::App* status = app.add_subcommand(
      "status", "Unacknowledged documents per source outbox and the number of dead letters");
  AddStateOptions(status, status_args, "PIPELINE.yaml");
  status->callback([status_args, &exit_code] { exit_code = ShowStatus(*status_args); });
}

}  // namespace newspipe::cli
