#include "runtime/dead_letters.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace newspipe {
namespace {

namespace fs = std::filesystem;

class DeadLetterQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("dlq_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = dir_ / "dlq.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<DeadLetterQueue> OpenOrDie() {
    auto r = DeadLetterQueue::Open(path_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : nullptr;
  }

  fs::path dir_;
  fs::path path_;
};

DeadLetter Letter(const std::string& id, int64_t when, const std::string& error = "boom") {
  DeadLetter d;
  d.doc_id = id;
  d.envelope = std::string("env\0", 4) + id;
  d.stage = "clean";
  d.error = error;
  d.attempts = 5;
  d.unix_ms = when;
  d.url = "https://example.test/" + id;
  return d;
}

TEST_F(DeadLetterQueueTest, PutGetRoundTrip) {
  auto dlq = OpenOrDie();
  ASSERT_TRUE(dlq);
  DeadLetter in = Letter("doc1", 1000);
  ASSERT_TRUE(dlq->Put(in).ok());
  auto out = dlq->Get("doc1");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->doc_id, in.doc_id);
  EXPECT_EQ(out->envelope, in.envelope);
  EXPECT_EQ(out->stage, in.stage);
  EXPECT_EQ(out->error, in.error);
  EXPECT_EQ(out->attempts, in.attempts);
  EXPECT_EQ(out->unix_ms, in.unix_ms);
  EXPECT_EQ(out->url, in.url);
  EXPECT_TRUE(dlq->Get("missing").status().IsNotFound());
}

TEST_F(DeadLetterQueueTest, PutReplacesSameId) {
  auto dlq = OpenOrDie();
  ASSERT_TRUE(dlq);
  ASSERT_TRUE(dlq->Put(Letter("doc1", 1000, "first")).ok());
  ASSERT_TRUE(dlq->Put(Letter("doc1", 2000, "second")).ok());
  EXPECT_EQ(dlq->Count().value_or(0), 1u);
  EXPECT_EQ(dlq->Get("doc1")->error, "second");
}

TEST_F(DeadLetterQueueTest, ListIsNewestFirstAndLimited) {
  auto dlq = OpenOrDie();
  ASSERT_TRUE(dlq);
  ASSERT_TRUE(dlq->Put(Letter("old", 100)).ok());
  ASSERT_TRUE(dlq->Put(Letter("new", 300)).ok());
  ASSERT_TRUE(dlq->Put(Letter("mid", 200)).ok());
  auto all = dlq->List(10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].doc_id, "new");
  EXPECT_EQ((*all)[1].doc_id, "mid");
  EXPECT_EQ((*all)[2].doc_id, "old");
  auto one = dlq->List(1);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].doc_id, "new");
}

TEST_F(DeadLetterQueueTest, RemoveAndPurge) {
  auto dlq = OpenOrDie();
  ASSERT_TRUE(dlq);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(dlq->Put(Letter("d" + std::to_string(i), i)).ok());
  ASSERT_TRUE(dlq->Remove("d2").ok());
  EXPECT_TRUE(dlq->Remove("d2").ok());  // absent is fine.
  EXPECT_EQ(dlq->Count().value_or(0), 4u);
  auto purged = dlq->Purge();
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 4u);
  EXPECT_EQ(dlq->Count().value_or(99), 0u);
}

TEST_F(DeadLetterQueueTest, SurvivesReopen) {
  {
    auto dlq = OpenOrDie();
    ASSERT_TRUE(dlq);
    ASSERT_TRUE(dlq->Put(Letter("keep", 1)).ok());
  }
  auto dlq = OpenOrDie();
  ASSERT_TRUE(dlq);
  EXPECT_EQ(dlq->Count().value_or(0), 1u);
  EXPECT_TRUE(dlq->Get("keep").ok());
}

TEST_F(DeadLetterQueueTest, CorruptFileIsAnErrorNamingThePath) {
  {
    std::ofstream out(path_, std::ios::binary);
    out << std::string(4096, 'z');
  }
  auto r = DeadLetterQueue::Open(path_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(path_.string()), std::string::npos) << r.status().ToString();
  EXPECT_EQ(fs::file_size(path_), 4096u);
}

}  // namespace
}  // namespace newspipe
