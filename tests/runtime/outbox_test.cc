#include "runtime/outbox.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace newspipe {
namespace {

namespace fs = std::filesystem;

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("outbox_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = dir_ / "outbox.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Outbox> OpenOrDie() {
    auto r = Outbox::Open(path_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : nullptr;
  }

  fs::path dir_;
  fs::path path_;
};

OutboxEntry Entry(const std::string& id, int64_t due, uint32_t attempt = 1) {
  return OutboxEntry{id, "env-" + id, attempt, due};
}

std::vector<std::string> Ids(const std::vector<OutboxEntry>& entries) {
  std::vector<std::string> ids;
  for (const auto& e : entries) ids.push_back(e.doc_id);
  return ids;
}

TEST_F(OutboxTest, PutRemoveAndContains) {
  auto box = OpenOrDie();
  ASSERT_TRUE(box);
  EXPECT_EQ(box->Size(), 0u);
  ASSERT_TRUE(box->PutBatch({Entry("a", 10), Entry("b", 20), Entry("c", 30)}).ok());
  EXPECT_EQ(box->Size(), 3u);
  EXPECT_TRUE(box->Contains("b"));
  ASSERT_TRUE(box->Remove("b").ok());
  EXPECT_FALSE(box->Contains("b"));
  // Duplicate acks remove unknown ids without error.
  EXPECT_TRUE(box->Remove("b").ok());
  EXPECT_TRUE(box->RemoveBatch({"a", "zzz"}).ok());
  EXPECT_EQ(box->Size(), 1u);
  EXPECT_TRUE(box->Contains("c"));
}

TEST_F(OutboxTest, PutReplacesSameId) {
  auto box = OpenOrDie();
  ASSERT_TRUE(box);
  ASSERT_TRUE(box->PutBatch({Entry("a", 10)}).ok());
  ASSERT_TRUE(box->PutBatch({OutboxEntry{"a", "second", 2, 50}}).ok());
  EXPECT_EQ(box->Size(), 1u);
  auto due = box->Due(100, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].envelope, "second");
  EXPECT_EQ((*due)[0].attempt, 2u);
  EXPECT_EQ((*due)[0].due_unix_ms, 50);
}

TEST_F(OutboxTest, DueIsOrderedByDueTimeAndBounded) {
  auto box = OpenOrDie();
  ASSERT_TRUE(box);
  ASSERT_TRUE(box->PutBatch({Entry("late", 300), Entry("early", 100), Entry("mid", 200),
                             Entry("future", 10'000)})
                  .ok());
  auto due = box->Due(300, 10);
  ASSERT_TRUE(due.ok()) << due.status().ToString();
  EXPECT_EQ(Ids(*due), (std::vector<std::string>{"early", "mid", "late"}));
  auto two = box->Due(300, 2);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(Ids(*two), (std::vector<std::string>{"early", "mid"}));
  auto none = box->Due(50, 10);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  // Binary envelopes (NUL bytes) survive.
  std::string binary("a\0b\xff", 4);
  ASSERT_TRUE(box->PutBatch({OutboxEntry{"bin", binary, 1, 0}}).ok());
  auto first = box->Due(0, 1);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].envelope, binary);
}

TEST_F(OutboxTest, ReopenKeepsEntries) {
  {
    auto box = OpenOrDie();
    ASSERT_TRUE(box);
    ASSERT_TRUE(box->PutBatch({Entry("a", 1), Entry("b", 2)}).ok());
    ASSERT_TRUE(box->Remove("a").ok());
  }
  auto box = OpenOrDie();
  ASSERT_TRUE(box);
  EXPECT_EQ(box->Size(), 1u);
  auto due = box->Due(10, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].doc_id, "b");
  EXPECT_EQ((*due)[0].envelope, "env-b");
}

TEST_F(OutboxTest, CorruptFileIsAnErrorAndIsNotOverwritten) {
  const std::string garbage(8192, 'x');
  {
    std::ofstream out(path_, std::ios::binary);
    out << garbage;
  }
  auto r = Outbox::Open(path_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(path_.string()), std::string::npos) << r.status().ToString();
  std::ifstream in(path_, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, garbage);
}

// Crash tests: a child process writes one synced batch, then crashes while writing a second
// one, either before or after its sync. The parent reopens and must find exactly the synced
// entries.
enum class CrashMode { kExitBeforeSync, kAbortBeforeSync, kExitAfterSync, kAbortAfterSync };

CrashMode g_crash_mode;
int g_batches_started = 0;

void CrashHook(OutboxSyncPoint point) {
  if (g_batches_started < 2) return;  // the first batch completes normally.
  bool before = point == OutboxSyncPoint::kBeforeSync;
  switch (g_crash_mode) {
    case CrashMode::kExitBeforeSync:
      if (before) _exit(0);
      break;
    case CrashMode::kAbortBeforeSync:
      if (before) abort();
      break;
    case CrashMode::kExitAfterSync:
      if (!before) _exit(0);
      break;
    case CrashMode::kAbortAfterSync:
      if (!before) abort();
      break;
  }
}

void RunCrashingChild(const fs::path& path, CrashMode mode) {
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  g_crash_mode = mode;
  SetOutboxSyncHookForTesting(&CrashHook);
  auto r = Outbox::Open(path);
  if (!r.ok()) _exit(3);
  std::vector<OutboxEntry> first, second;
  for (int i = 0; i < 50; ++i) first.push_back(Entry("first-" + std::to_string(i), i));
  for (int i = 0; i < 50; ++i) second.push_back(Entry("second-" + std::to_string(i), i));
  g_batches_started = 1;
  if (!(*r)->PutBatch(first).ok()) _exit(4);
  g_batches_started = 2;
  (void)(*r)->PutBatch(second);
  _exit(5);  // the hook should have ended the process.
}

class OutboxCrashTest : public OutboxTest, public ::testing::WithParamInterface<CrashMode> {};

TEST_P(OutboxCrashTest, ReopenFindsExactlyTheSyncedEntries) {
  CrashMode mode = GetParam();
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) RunCrashingChild(path_, mode);
  int wstatus = 0;
  ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
  bool aborts = mode == CrashMode::kAbortBeforeSync || mode == CrashMode::kAbortAfterSync;
  if (aborts) {
    ASSERT_TRUE(WIFSIGNALED(wstatus));
    EXPECT_EQ(WTERMSIG(wstatus), SIGABRT);
  } else {
    ASSERT_TRUE(WIFEXITED(wstatus));
    EXPECT_EQ(WEXITSTATUS(wstatus), 0);
  }
  bool second_synced = mode == CrashMode::kExitAfterSync || mode == CrashMode::kAbortAfterSync;

  auto box = OpenOrDie();
  ASSERT_TRUE(box);
  EXPECT_EQ(box->Size(), second_synced ? 100u : 50u);
  for (int i = 0; i < 50; ++i) {
    EXPECT_TRUE(box->Contains("first-" + std::to_string(i)));
    EXPECT_EQ(box->Contains("second-" + std::to_string(i)), second_synced);
  }
  // The reopened outbox is writable (no stale lock or half transaction left behind).
  EXPECT_TRUE(box->PutBatch({Entry("after", 0)}).ok());
}

INSTANTIATE_TEST_SUITE_P(CrashPoints, OutboxCrashTest,
                         ::testing::Values(CrashMode::kExitBeforeSync, CrashMode::kAbortBeforeSync,
                                           CrashMode::kExitAfterSync, CrashMode::kAbortAfterSync));

}  // namespace
}  // namespace newspipe
