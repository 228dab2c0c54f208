#include "stages/store/jsonl_sink.h"

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/stages/store/test_documents.h"

namespace newspipe {
namespace {

std::vector<nlohmann::json> ReadLines(const std::filesystem::path& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(JsonlSinkTest, AppendsOneLinePerDocumentOnCommit) {
  testing::TempDir dir;
  JsonlSinkOptions options;
  options.path = dir.path() / "out.jsonl";
  auto sink = JsonlSink::Open(options);
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  auto doc = testing::MakeArticle("a", "Title A", {"Body of A."});
  doc.mutable_metadata()->set_title(std::string("bad \xff utf-8"));
  ASSERT_TRUE((*sink)->Write(doc).ok());
  ASSERT_TRUE((*sink)->Write(testing::MakeArticle("b", "Title B", {"Body of B."})).ok());
  EXPECT_TRUE(ReadLines(options.path).empty());  // nothing before the commit.
  ASSERT_TRUE((*sink)->Commit().ok());
  auto lines = ReadLines(options.path);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["id"], "a");
  EXPECT_EQ(lines[0]["title"], "bad \xEF\xBF\xBD utf-8");  // replaced, never thrown.
  EXPECT_EQ(lines[1]["text"], "Body of B.");
  EXPECT_EQ(lines[1]["published"], "2020-07-08T04:33:00Z");

  // A second sink on the same file appends.
  auto again = JsonlSink::Open(options);
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE((*again)->Write(testing::MakeArticle("c", "C", {"c"})).ok());
  ASSERT_TRUE((*again)->Commit().ok());
  EXPECT_EQ(ReadLines(options.path).size(), 3u);
}

TEST(JsonlSinkTest, UnwritablePathIsAClearError) {
  testing::TempDir dir;
  JsonlSinkOptions options;
  options.path = dir.path() / "missing-dir" / "out.jsonl";
  auto sink = JsonlSink::Open(options);
  ASSERT_FALSE(sink.ok());
  EXPECT_NE(sink.status().message().find(options.path.string()), std::string::npos);
}

TEST(JsonlSinkTest, FullDiskFailsCommitWithoutTornLines) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  JsonlSinkOptions options;
  options.path = "/dev/full";
  options.fsync = false;
  auto sink = JsonlSink::Open(options);
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  ASSERT_TRUE((*sink)->Write(testing::MakeArticle("a", "A", {"a"})).ok());
  Status st = (*sink)->Commit();
  EXPECT_EQ(st.code(), Status::Code::kResourceExhausted) << st.ToString();
  EXPECT_NE(st.message().find("/dev/full"), std::string::npos);
}

}  // namespace
}  // namespace newspipe
