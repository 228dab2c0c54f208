#include "runtime/codec.h"

#include <cstdio>
#include <filesystem>
#include <random>

#include <unistd.h>

#include <gtest/gtest.h>

namespace newspipe {
namespace {

v1::Envelope DocEnvelope(const std::string& id, const std::string& raw = "<p>hello</p>") {
  v1::Envelope env;
  env.set_protocol_version(kProtocolVersion);
  env.set_pipeline("test");
  env.set_doc_id(id);
  env.set_attempt(1);
  env.mutable_document()->set_id(id);
  env.mutable_document()->mutable_fetch()->set_raw(raw);
  return env;
}

std::string Encode(const v1::Envelope& env) {
  std::string out;
  EXPECT_TRUE(EncodeEnvelope(env, &out).ok());
  return out;
}

TEST(CodecTest, RoundTrip) {
  std::string frame = Encode(DocEnvelope("a1", std::string("\0\xff binary", 9)));
  auto env = DecodeEnvelope(frame);
  ASSERT_TRUE(env.ok()) << env.status().ToString();
  EXPECT_EQ(env->doc_id(), "a1");
  EXPECT_EQ(env->document().fetch().raw(), std::string("\0\xff binary", 9));
}

TEST(CodecTest, EncodeRefusesMissingVersionAndOversize) {
  v1::Envelope env = DocEnvelope("a");
  env.set_protocol_version(0);
  std::string out;
  EXPECT_EQ(EncodeEnvelope(env, &out).code(), Status::Code::kInvalidArgument);
  env.set_protocol_version(kProtocolVersion);
  EXPECT_EQ(EncodeEnvelope(env, &out, 10).code(), Status::Code::kResourceExhausted);
}

TEST(CodecTest, GarbageIsAnErrorNeverACrash) {
  std::mt19937 rng(42);
  int ok = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string junk(rng() % 200, '\0');
    for (auto& c : junk) c = static_cast<char>(rng());
    v1::Envelope env;
    if (DecodeEnvelope(junk, &env).ok()) ++ok;
  }
  // Random bytes essentially never form a versioned envelope with a body.
  EXPECT_LT(ok, 5);
  EXPECT_FALSE(DecodeEnvelope(std::string_view()).ok());
}

TEST(CodecTest, TruncatedFramesAreErrors) {
  std::string frame = Encode(DocEnvelope("abc", std::string(500, 'x')));
  for (size_t n : {size_t{1}, size_t{5}, frame.size() / 2, frame.size() - 1}) {
    EXPECT_FALSE(DecodeEnvelope(std::string_view(frame).substr(0, n)).ok()) << n;
  }
}

TEST(CodecTest, WrongVersionIsRefused) {
  v1::Envelope env = DocEnvelope("v");
  env.set_protocol_version(kProtocolVersion + 1);
  std::string frame = env.SerializeAsString();
  auto decoded = DecodeEnvelope(frame);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(decoded.status().message().find("protocol version 2"), std::string::npos);
}

TEST(CodecTest, OversizeFrameIsRefused) {
  std::string frame = Encode(DocEnvelope("big", std::string(4096, 'x')));
  auto decoded = DecodeEnvelope(frame, 1024);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), Status::Code::kResourceExhausted);
}

TEST(CodecTest, EnvelopeWithoutBodyIsRefused) {
  v1::Envelope env;
  env.set_protocol_version(kProtocolVersion);
  env.set_doc_id("x");
  EXPECT_EQ(DecodeEnvelope(env.SerializeAsString()).status().code(), Status::Code::kCorruption);
}

class StreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("np_codec_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { std::filesystem::remove(path_); }
  void WriteBytes(const std::string& bytes) {
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  }
  static std::string Delimited(const std::string& frame) {
    std::string out;
    AppendVarint(frame.size(), &out);
    return out + frame;
  }
  // Reads the whole stream: ids of good envelopes, and the errors seen.
  void ReadAll(std::vector<std::string>* ids, std::vector<Status>* errors) {
    auto reader = DelimitedReader::Open(path_.string(), 1 << 20);
    ASSERT_TRUE(reader.ok());
    v1::Envelope env;
    Status error;
    for (int guard = 0; guard < 1000; ++guard) {
      auto outcome = (*reader)->Next(&env, &error);
      if (!error.ok()) errors->push_back(error);
      if (outcome == DelimitedReader::Outcome::kEnd) return;
      if (outcome == DelimitedReader::Outcome::kEnvelope) ids->push_back(env.doc_id());
    }
    FAIL() << "reader did not end";
  }
  std::filesystem::path path_;
};

TEST_F(StreamTest, WriterAndReaderRoundTrip) {
  {
    auto writer = DelimitedWriter::Open(path_.string());
    ASSERT_TRUE(writer.ok());
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE((*writer)->Write(DocEnvelope("d" + std::to_string(i))).ok());
    }
    ASSERT_TRUE((*writer)->Flush().ok());
    EXPECT_EQ((*writer)->frames_written(), 100u);
  }
  std::vector<std::string> ids;
  std::vector<Status> errors;
  ReadAll(&ids, &errors);
  ASSERT_EQ(ids.size(), 100u);
  EXPECT_EQ(ids[99], "d99");
  EXPECT_TRUE(errors.empty());
}

TEST_F(StreamTest, BadFrameIsSkippedAndReadingGoesOn) {
  v1::Envelope old_version = DocEnvelope("old");
  old_version.set_protocol_version(9);
  std::string bytes = Delimited(Encode(DocEnvelope("a"))) + Delimited("garbage!") +
                      Delimited(old_version.SerializeAsString()) +
                      Delimited(Encode(DocEnvelope("b")));
  WriteBytes(bytes);
  std::vector<std::string> ids;
  std::vector<Status> errors;
  ReadAll(&ids, &errors);
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].message().find("at byte"), std::string::npos) << errors[0].ToString();
}

TEST_F(StreamTest, TruncatedFrameStopsWithItsOffset) {
  std::string first = Delimited(Encode(DocEnvelope("a")));
  std::string second = Delimited(Encode(DocEnvelope("b", std::string(300, 'y'))));
  WriteBytes(first + second.substr(0, second.size() - 10));
  std::vector<std::string> ids;
  std::vector<Status> errors;
  ReadAll(&ids, &errors);
  EXPECT_EQ(ids, (std::vector<std::string>{"a"}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message().find("truncated frame at byte " + std::to_string(first.size())),
            std::string::npos)
      << errors[0].ToString();
}

TEST_F(StreamTest, HugeLengthPrefixStops) {
  std::string bytes;
  AppendVarint(uint64_t{1} << 40, &bytes);
  WriteBytes(bytes + "rest");
  std::vector<std::string> ids;
  std::vector<Status> errors;
  ReadAll(&ids, &errors);
  EXPECT_TRUE(ids.empty());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code(), Status::Code::kResourceExhausted);
}

TEST_F(StreamTest, RandomBytesNeverCrash) {
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    std::string junk(rng() % 4096, '\0');
    for (auto& c : junk) c = static_cast<char>(rng());
    WriteBytes(junk);
    std::vector<std::string> ids;
    std::vector<Status> errors;
    ReadAll(&ids, &errors);
  }
}

TEST_F(StreamTest, EmptyFileIsACleanEnd) {
  WriteBytes("");
  std::vector<std::string> ids;
  std::vector<Status> errors;
  ReadAll(&ids, &errors);
  EXPECT_TRUE(ids.empty());
  EXPECT_TRUE(errors.empty());
}

}  // namespace
}  // namespace newspipe
