#include "runtime/dead_letter_replay.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "runtime/codec.h"
#include "runtime/dead_letters.h"
#include "runtime/outbox.h"

namespace newspipe {
namespace {

namespace fs = std::filesystem;

class ReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("replay_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto dlq = DeadLetterQueue::Open(dir_ / "dlq.db");
    ASSERT_TRUE(dlq.ok());
    dlq_ = std::move(dlq).value();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void AddLetter(const std::string& id, const std::string& sender, uint32_t attempts) {
    v1::Envelope env;
    env.set_protocol_version(kProtocolVersion);
    env.set_doc_id(id);
    env.set_sender(sender);
    env.set_attempt(attempts);
    env.mutable_document()->set_id(id);
    DeadLetter d;
    d.doc_id = id;
    ASSERT_TRUE(EncodeEnvelope(env, &d.envelope).ok());
    d.stage = "extract";
    d.error = "crashed";
    d.attempts = attempts;
    d.unix_ms = 1;
    ASSERT_TRUE(dlq_->Put(d).ok());
  }

  void CreateOutbox(const std::string& source) {
    ASSERT_TRUE(Outbox::Open(dir_ / ("outbox-" + source + ".db")).ok());
  }

  fs::path dir_;
  std::unique_ptr<DeadLetterQueue> dlq_;
};

TEST_F(ReplayTest, MovesLettersToTheirSourceOutboxAsFirstAttempts) {
  CreateOutbox("fetch");
  AddLetter("a", "fetch/0", 5);
  AddLetter("b", "fetch/1", 7);
  AddLetter("c", "fetch/0", 5);
  ReplayRequest req;
  req.state_dir = dir_;
  req.doc_ids = {"a", "b", "nope"};
  auto r = ReplayDeadLetters(req, 12345);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->replayed.size(), 2u);
  EXPECT_EQ(r->not_found, std::vector<std::string>{"nope"});
  EXPECT_EQ(dlq_->Count().value_or(0), 1u);
  EXPECT_TRUE(dlq_->Get("c").ok());

  auto outbox = Outbox::Open(dir_ / "outbox-fetch.db");
  ASSERT_TRUE(outbox.ok());
  auto due = (*outbox)->Due(12345, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  for (const OutboxEntry& e : *due) {
    EXPECT_EQ(e.attempt, 1u);
    EXPECT_EQ(e.due_unix_ms, 12345);
    auto env = DecodeEnvelope(e.envelope);
    ASSERT_TRUE(env.ok());
    EXPECT_EQ(env->attempt(), 1u);
    EXPECT_EQ(env->doc_id(), e.doc_id);
  }
}

TEST_F(ReplayTest, AllWhenNoIdsGiven) {
  CreateOutbox("fetch");
  AddLetter("a", "fetch/0", 5);
  AddLetter("b", "fetch/0", 5);
  ReplayRequest req;
  req.state_dir = dir_;
  auto r = ReplayDeadLetters(req, 1);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->replayed.size(), 2u);
  EXPECT_EQ(dlq_->Count().value_or(99), 0u);
  EXPECT_EQ((*Outbox::Open(dir_ / "outbox-fetch.db"))->Size(), 2u);
}

TEST_F(ReplayTest, MissingOutboxChangesNothing) {
  AddLetter("a", "fetch/0", 5);
  ReplayRequest req;
  req.state_dir = dir_;
  auto r = ReplayDeadLetters(req, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("outbox-fetch.db"), std::string::npos);
  EXPECT_EQ(dlq_->Count().value_or(0), 1u);
  EXPECT_FALSE(fs::exists(dir_ / "outbox-fetch.db"));
}

TEST_F(ReplayTest, SourceOverride) {
  CreateOutbox("files");
  AddLetter("a", "", 5);
  ReplayRequest req;
  req.state_dir = dir_;
  EXPECT_FALSE(ReplayDeadLetters(req, 1).ok());  // no sender, no override.
  req.source_stage = "files";
  auto r = ReplayDeadLetters(req, 1);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*Outbox::Open(dir_ / "outbox-files.db"))->Size(), 1u);
}

}  // namespace
}  // namespace newspipe
