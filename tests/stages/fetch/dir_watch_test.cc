// A watched directory: files present at start are read, files written while the source runs are
// picked up, and after a restart nothing already emitted is read again.
#include <fstream>

#include <gtest/gtest.h>

#include "fetch_test_util.h"

namespace newspipe {
namespace {
using namespace newspipe::testing;
using std::chrono::milliseconds;

std::vector<v1::Document> PollFor(Source& source, size_t want, milliseconds timeout) {
  std::vector<v1::Document> docs;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (docs.size() < want && std::chrono::steady_clock::now() < deadline) {
    EXPECT_TRUE(source.Next(docs, 16).ok());
  }
  return docs;
}

TEST(DirWatchTest, PicksUpNewFilesAndRemembersThem) {
  auto dir = TempDir("dir");
  auto watched = dir / "in";
  std::filesystem::create_directories(watched);
  std::ofstream(watched / "old.html") << "<p>old</p>";
  nlohmann::json config = {{"dirs", {watched.string()}}, {"dir_poll_interval", "100ms"}};
  {
    auto source = MakeSource(config, dir, false);
    ASSERT_NE(source, nullptr);
    auto first = PollFor(*source, 1, milliseconds(10000));
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].source().kind(), v1::Source::DIRECTORY);
    std::ofstream(watched / "new.txt") << "A new story.\n";
    auto second = PollFor(*source, 1, milliseconds(10000));
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(std::filesystem::path(second[0].source().path()).filename(), "new.txt");
    // Make the marks durable (they are applied at the next call).
    std::vector<v1::Document> none;
    ASSERT_TRUE(source->Next(none, 16).ok());
  }
  auto source = MakeSource(config, dir, false);
  auto again = PollFor(*source, 1, milliseconds(800));
  EXPECT_TRUE(again.empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace newspipe
