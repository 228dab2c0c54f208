#include "runtime/crash_points.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <string>

#include "runtime/outbox.h"

namespace newspipe {
namespace crash_points_internal {

bool g_enabled = false;

namespace {

struct Plan {
  std::map<std::string, long, std::less<>> due;   // point -> the hit that dies.
  std::map<std::string, long, std::less<>> hits;  // point -> hits so far.
  std::string once_dir;
  std::string doc_stage;
  std::string doc_text;
};

Plan& ThePlan() {
  static Plan plan;
  return plan;
}

[[noreturn]] void Die() {
  ::kill(::getpid(), SIGKILL);
  ::_exit(137);  // not reached.
}

// With NEWSPIPE_CRASH_ONCE, true only for the first process to claim `point`.
bool Claim(const std::string& point) {
  const Plan& plan = ThePlan();
  if (plan.once_dir.empty()) return true;
  const std::string marker = plan.once_dir + "/crashed-" + point;
  const int fd = ::open(marker.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  ::fsync(fd);
  ::close(fd);
  return true;
}

void OutboxHook(OutboxSyncPoint point) {
  Reach(point == OutboxSyncPoint::kBeforeSync ? "outbox_before_sync" : "outbox_after_sync");
}

}  // namespace

void Reach(std::string_view point) {
  Plan& plan = ThePlan();
  auto due = plan.due.find(point);
  if (due == plan.due.end()) return;
  auto hits = plan.hits.find(point);
  if (hits == plan.hits.end()) hits = plan.hits.emplace(std::string(point), 0).first;
  if (++hits->second != due->second) return;
  if (Claim(std::string(point))) Die();
}

void StartDocument(std::string_view stage, const v1::Document& doc) {
  const Plan& plan = ThePlan();
  if (plan.doc_text.empty() || stage != plan.doc_stage) return;
  if (doc.id().find(plan.doc_text) != std::string::npos ||
      doc.source().path().find(plan.doc_text) != std::string::npos) {
    Die();
  }
}

}  // namespace crash_points_internal

void LoadCrashPointsFromEnv() {
  using namespace crash_points_internal;
  Plan& plan = ThePlan();
  if (const char* at = std::getenv("NEWSPIPE_CRASH_AT"); at != nullptr && *at) {
    std::string spec = at;
    size_t start = 0;
    while (start <= spec.size()) {
      size_t end = spec.find(',', start);
      if (end == std::string::npos) end = spec.size();
      std::string item = spec.substr(start, end - start);
      long nth = 1;
      if (size_t colon = item.find(':'); colon != std::string::npos) {
        nth = std::max(1L, std::strtol(item.c_str() + colon + 1, nullptr, 10));
        item.resize(colon);
      }
      if (!item.empty()) plan.due[item] = nth;
      start = end + 1;
    }
  }
  if (const char* once = std::getenv("NEWSPIPE_CRASH_ONCE"); once != nullptr) {
    plan.once_dir = once;
  }
  if (const char* doc = std::getenv("NEWSPIPE_CRASH_ON_DOC"); doc != nullptr && *doc) {
    std::string spec = doc;
    if (size_t colon = spec.find(':'); colon != std::string::npos && colon + 1 < spec.size()) {
      plan.doc_stage = spec.substr(0, colon);
      plan.doc_text = spec.substr(colon + 1);
    }
  }
  g_enabled = !plan.due.empty() || !plan.doc_text.empty();
  if (plan.due.count("outbox_before_sync") || plan.due.count("outbox_after_sync")) {
    SetOutboxSyncHookForTesting(&OutboxHook);
  }
}

}  // namespace newspipe
