// A watched directory: files present at start are read, files written while the source runs are
// picked up (through inotify: when closed or moved in, never half-written), and after a restart
// nothing already emitted is read again.
#include <sys/inotify.h>
#include <unistd.h>

#include <cstdio>
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

bool HaveInotify() {
  int fd = ::inotify_init1(IN_CLOEXEC);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

TEST(DirWatchTest, AFileStillBeingWrittenIsReadOnlyOnceClosed) {
  if (!HaveInotify()) GTEST_SKIP() << "no inotify here";
  auto dir = TempDir("dir");
  auto watched = dir / "in";
  std::filesystem::create_directories(watched);
  // A short poll interval: were the directory polled, the half-written file (unchanged for
  // longer than the half second a poll waits) would be read.
  nlohmann::json config = {{"dirs", {watched.string()}}, {"dir_poll_interval", "100ms"}};
  auto source = MakeSource(config, dir, false);
  ASSERT_NE(source, nullptr);
  EXPECT_TRUE(PollFor(*source, 1, milliseconds(200)).empty());  // watching and scanned.
  const std::string path = (watched / "slow.html").string();
  std::FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("<html><body><p>The first half.</p>", f);
  std::fflush(f);
  // A negative check: nothing may come out while the writer holds the file open.
  auto early = PollFor(*source, 1, milliseconds(1500));
  EXPECT_TRUE(early.empty()) << early[0].fetch().raw();
  std::fputs("<p>The second half.</p></body></html>", f);
  std::fclose(f);
  auto docs = PollFor(*source, 1, milliseconds(10000));
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_NE(docs[0].fetch().raw().find("The second half."), std::string::npos);
  EXPECT_TRUE(PollFor(*source, 1, milliseconds(300)).empty());  // one close, one document.
  std::filesystem::remove_all(dir);
}

TEST(DirWatchTest, MovedInFilesAndNewSubdirectoriesComeAtOnceWithoutPolling) {
  if (!HaveInotify()) GTEST_SKIP() << "no inotify here";
  auto dir = TempDir("dir");
  auto watched = dir / "in";
  std::filesystem::create_directories(watched);
  // An hour between scans: whatever comes within the test's bounds came from events.
  nlohmann::json config = {{"dirs", {watched.string()}}, {"dir_poll_interval", "1h"}};
  auto source = MakeSource(config, dir, false);
  ASSERT_NE(source, nullptr);
  EXPECT_TRUE(PollFor(*source, 1, milliseconds(200)).empty());

  // Written under a name that is no input, then renamed: one IN_MOVED_TO.
  std::ofstream(watched / "story.html.part") << "<p>Moved in.</p>";
  std::filesystem::rename(watched / "story.html.part", watched / "story.html");
  auto moved = PollFor(*source, 1, milliseconds(5000));
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(std::filesystem::path(moved[0].source().path()).filename(), "story.html");

  // A new subdirectory, and a file written in it afterwards.
  std::filesystem::create_directories(watched / "2026" / "11");
  EXPECT_TRUE(PollFor(*source, 1, milliseconds(200)).empty());
  std::ofstream(watched / "2026" / "11" / "deep.txt") << "A story in a new folder.\n";
  auto deep = PollFor(*source, 1, milliseconds(5000));
  ASSERT_EQ(deep.size(), 1u);
  EXPECT_EQ(std::filesystem::path(deep[0].source().path()).filename(), "deep.txt");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace newspipe
