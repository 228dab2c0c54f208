// `newspipe run` end to end: real stage processes (fetch, clean, extract, store) over real
// sockets, checked in the SQLite store they write.
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/e2e/e2e_util.h"

namespace newspipe::e2e {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr milliseconds kRunTimeout{240'000};

class RunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ASSERT_FALSE(dir_.empty());
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  // Writes a four-stage pipeline reading `paths` into dir_/state/news.db.
  std::filesystem::path WritePipeline(const std::vector<std::string>& paths,
                                      const std::string& extra = "") {
    std::string yaml = "pipeline: e2e\nstate_dir: " + (dir_ / "state").string() + "\n" + extra +
                       "stages:\n  - type: fetch\n    config:\n      paths:\n";
    for (const auto& p : paths) yaml += "        - \"" + p + "\"\n";
    yaml +=
        "  - type: clean\n  - type: extract\n  - type: store\n    config:\n"
        "      path: news.db\n      batch_delay: 50ms\n";
    const auto file = dir_ / "pipeline.yaml";
    std::ofstream(file) << yaml;
    return file;
  }

  std::filesystem::path Db() const { return dir_ / "state" / "news.db"; }

  std::filesystem::path dir_;
};

// Documents in the store; 0 while it does not exist yet (polled during runs).
size_t CountDocuments(const std::filesystem::path& db) {
  if (!std::filesystem::exists(db)) return 0;
  auto rows = Query(db, "SELECT count(*) AS n FROM documents", /*quiet=*/true);
  return rows.empty() ? 0 : std::stoul(rows[0]["n"]);
}

TEST_F(RunTest, TheSeedArticleBecomesWhatTheDataReadmeSays) {
  const auto seed = SharedDir() / "data/seed/ajw-2020-07-08-biegun-seoul.txt";
  if (!std::filesystem::exists(SharedDir())) GTEST_SKIP() << "no shared data at " << SharedDir();
  ASSERT_TRUE(std::filesystem::exists(seed)) << seed;
  const auto pipeline = WritePipeline({seed.string()});
  auto run = RunCommand({"newspipe", "run", pipeline.string(), "--once"}, dir_, kRunTimeout);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("read 1, stored 1, filtered 0, failed 0, dead-lettered 0"));

  auto docs = Query(Db(),
                    "SELECT id, title, text, published, agency, dateline, doc_json "
                    "FROM documents");
  ASSERT_EQ(docs.size(), 1u) << run.output;
  auto& doc = docs[0];
  const std::string& text = doc["text"];
  EXPECT_EQ(text.rfind("SEOUL--U.S. Deputy Secretary of State", 0), 0u) << text;
  const std::string tail = "tests more weapons,\xE2\x80\x9D she said.";
  ASSERT_GE(text.size(), tail.size());
  EXPECT_EQ(text.substr(text.size() - tail.size()), tail) << text;
  for (const char* promo :
       {"Here is a collection of first-hand accounts", "A peek through the music industry",
        "Cooking experts, chefs", "A series based on diplomatic documents",
        "A series about Japanese-Americans", "Pool Photo via AP"}) {
    EXPECT_THAT(text, Not(HasSubstr(promo))) << promo;
  }
  EXPECT_EQ(doc["agency"], "Reuters");
  EXPECT_EQ(doc["published"], "2020-07-08T04:33:00Z");
  EXPECT_EQ(doc["dateline"], "SEOUL");
  EXPECT_THAT(doc["doc_json"], HasSubstr("2020-07-08T04:33:00Z"));

  // NORTH KOREA NOT ENGAGING stays as a subheading; the five promo lines are boilerplate.
  auto heading = Query(Db(),
                       "SELECT type, boilerplate FROM blocks WHERE text = "
                       "'NORTH KOREA NOT ENGAGING'");
  ASSERT_EQ(heading.size(), 1u);
  EXPECT_EQ(heading[0]["type"], "heading");
  EXPECT_EQ(heading[0]["boilerplate"], "0");
  auto promos = Query(Db(),
                      "SELECT text, boilerplate, rule FROM blocks WHERE "
                      "text LIKE 'Here is a collection of first-hand accounts%' OR "
                      "text LIKE 'A peek through the music industry%' OR "
                      "text LIKE 'Cooking experts, chefs%' OR "
                      "text LIKE 'A series based on diplomatic documents%' OR "
                      "text LIKE 'A series about Japanese-Americans%'");
  ASSERT_EQ(promos.size(), 5u);
  for (auto& p : promos) {
    EXPECT_EQ(p["boilerplate"], "1") << p["text"];
    EXPECT_FALSE(p["rule"].empty()) << p["text"];
  }
  // The caption with its credit is a caption, not body.
  auto captions = Query(Db(), "SELECT text, credit FROM captions");
  ASSERT_FALSE(captions.empty());
  EXPECT_THAT(captions[0]["text"] + " " + captions[0]["credit"], HasSubstr("Pool Photo via AP"));
  // Quotes with their speakers.
  auto quotes = Query(Db(),
                      "SELECT text, speaker FROM quotes WHERE text LIKE "
                      "'%Let me absolutely be clear, we did not request a visit%'");
  ASSERT_FALSE(quotes.empty());
  EXPECT_THAT(quotes[0]["speaker"], HasSubstr("Biegun"));
}

TEST_F(RunTest, TheDemoPipelineStoresEverySamplePage) {
  const std::filesystem::path source = NEWSPIPE_SOURCE_DIR;
  size_t pages = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(source / "samples/demo")) {
    if (e.is_regular_file()) ++pages;
  }
  ASSERT_GE(pages, 12u);
  ::setenv("NEWSPIPE_STATE", (dir_ / "state").c_str(), 1);
  auto run = RunCommand({"newspipe", "run", "pipelines/demo.yaml", "--once"}, source, kRunTimeout);
  ::unsetenv("NEWSPIPE_STATE");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto summary = RunSummary(run.output);
  ASSERT_FALSE(summary.empty()) << run.output;
  EXPECT_EQ(summary["read"], static_cast<long>(pages)) << run.output;
  EXPECT_EQ(summary["stored"], static_cast<long>(pages)) << run.output;
  EXPECT_EQ(CountDocuments(Db()), pages);
  auto titled = Query(Db(),
                      "SELECT count(*) AS n FROM documents WHERE title != '' AND "
                      "text != '' AND published != ''");
  EXPECT_EQ(titled[0]["n"], std::to_string(pages));
  // The shared footer and the newsletter promo are not article text anywhere.
  auto leaked = Query(Db(),
                      "SELECT path FROM documents WHERE text LIKE '%All rights reserved%' "
                      "OR text LIKE '%Sign up for our free newsletter%' OR "
                      "text LIKE '%Weekend Kitchen%'");
  EXPECT_TRUE(leaked.empty()) << leaked.size() << " pages keep boilerplate, e.g. "
                              << (leaked.empty() ? "" : leaked[0]["path"]);
}

TEST_F(RunTest, KilledStagesComeBackAndTheRunCompletes) {
  // Enough pages that the run is still going when the stages are killed.
  const auto pages_dir = dir_ / "pages";
  std::filesystem::create_directories(pages_dir);
  constexpr int kPages = 1500;
  for (int i = 0; i < kPages; ++i) {
    std::ofstream(pages_dir / ("page-" + std::to_string(i) + ".html"))
        << "<html><head><title>Report number " << i << "</title></head><body><nav><a href=/>"
        << "Home</a></nav><article><h1>Report number " << i << "</h1><p>The harbour office "
        << "published its report number " << i << " on Monday, listing ships, cargo and the "
        << "weather over the week, as it has done every week since the port opened.</p><p>"
        << "Officials said traffic was steady and that the new crane worked well.</p>"
        << "</article></body></html>\n";
  }
  // What the killed processes held is resent after the ack timeout: keep it short.
  const auto pipeline = WritePipeline({pages_dir.string()}, "delivery:\n  ack_timeout: 3s\n");
  pid_t killed_clean = 0, killed_store = 0;
  auto pid_of = [](const std::string& output, const std::string& label) -> pid_t {
    const std::string key = "started " + label + " (pid ";
    const size_t at = output.find(key);
    return at == std::string::npos ? 0 : std::stoi(output.substr(at + key.size()));
  };
  auto run = RunCommand({"newspipe", "run", pipeline.string(), "--once"}, dir_, kRunTimeout,
                        [&](const std::string& output, pid_t) {
                          if (killed_store != 0) return;
                          // Kill once documents flow: some are stored, many are still on their way.
                          if (CountDocuments(Db()) == 0) return;
                          killed_clean = pid_of(output, "clean.0");
                          killed_store = pid_of(output, "store.0");
                          if (killed_clean > 0) ::kill(killed_clean, SIGKILL);
                          if (killed_store > 0) ::kill(killed_store, SIGKILL);
                        });
  ASSERT_GT(killed_clean, 0) << "the run ended before a stage could be killed\n" << run.output;
  ASSERT_GT(killed_store, 0);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("clean.0 (pid " + std::to_string(killed_clean) + ") killed by signal 9"));
  EXPECT_THAT(run.output, HasSubstr("restarting clean.0"));
  EXPECT_THAT(run.output, HasSubstr("restarting store.0"));
  auto summary = RunSummary(run.output);
  ASSERT_FALSE(summary.empty()) << run.output;
  EXPECT_EQ(summary["read"], kPages);
  EXPECT_EQ(summary["dead"], 0);
  // Every page ends stored exactly once (the store upserts by id).
  EXPECT_EQ(CountDocuments(Db()), static_cast<size_t>(kPages)) << run.output;
}

TEST_F(RunTest, SigtermStopsADaemonRunCleanly) {
  const std::filesystem::path source = NEWSPIPE_SOURCE_DIR;
  const auto pipeline = WritePipeline({(source / "samples/demo").string()});
  bool sent = false;
  auto run = RunCommand({"newspipe", "run", pipeline.string()}, dir_, kRunTimeout,
                        [&](const std::string&, pid_t pid) {
                          // Once every page is stored the daemon idles: stop it then.
                          if (!sent && CountDocuments(Db()) >= 12) {
                            ::kill(pid, SIGTERM);
                            sent = true;
                          }
                        });
  ASSERT_TRUE(sent) << run.output;
  EXPECT_FALSE(run.timed_out) << run.output;
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("stopping pipeline e2e: stop requested"));
  EXPECT_THAT(run.output, Not(HasSubstr("killing it")));
}

TEST_F(RunTest, BadInputIsStoredOrLoggedAndTheRunGoesOn) {
  const auto pages = dir_ / "bad";
  std::filesystem::create_directories(pages);
  std::ofstream(pages / "empty.html");
  {
    std::ofstream bin(pages / "binary.html", std::ios::binary);
    for (int i = 0; i < 4096; ++i) bin.put(static_cast<char>((i * 7919) & 0xFF));
  }
  std::ofstream(pages / "latin1.txt", std::ios::binary)
      << "Caf\xE9 opens\n\nThe caf\xE9 on the quay opened on Monday \xAB at last \xBB.\n";
  std::ofstream(pages / "good.html")
      << "<html><head><title>Quay cafe opens</title></head><body><article><h1>Quay cafe "
         "opens</h1><p>The cafe on the quay opened on Monday after a year of repairs, and the "
         "first customers queued in the rain.</p></article></body></html>";
  {
    std::ofstream big(pages / "huge.txt");
    const std::string line(99, 'x');
    for (int i = 0; i < 500'000; ++i) big << line << "\n";  // 50 MB
  }
  const auto pipeline = WritePipeline({pages.string()});
  auto run = RunCommand({"newspipe", "run", pipeline.string(), "--once"}, dir_, kRunTimeout);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto summary = RunSummary(run.output);
  ASSERT_FALSE(summary.empty()) << run.output;
  EXPECT_EQ(summary["read"], 5);
  // Nothing dropped silently: each document is stored (with its error) or accounted for.
  EXPECT_EQ(summary["stored"] + summary["filtered"] + summary["dead"], 5) << run.output;
  EXPECT_EQ(CountDocuments(Db()), static_cast<size_t>(summary["stored"]));
  auto good = Query(Db(), "SELECT title FROM documents WHERE title = 'Quay cafe opens'");
  EXPECT_EQ(good.size(), 1u);
}

TEST_F(RunTest, AnEndpointInUseIsNamed) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  const auto pipeline = WritePipeline(
      {"/nonexistent"},
      "transport:\n  kind: tcp\n  host: 127.0.0.1\n  base_port: " + std::to_string(port) + "\n");
  auto run = RunCommand({"newspipe", "run", pipeline.string(), "--once"}, dir_, kRunTimeout);
  ::close(fd);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("cannot bind tcp://127.0.0.1:" + std::to_string(port) +
                                    " (the supervisor's control endpoint)"));
  EXPECT_THAT(run.output, HasSubstr("already in use"));
}

TEST_F(RunTest, ValidatePrintsEveryErrorWithItsLine) {
  const auto file = dir_ / "bad.yaml";
  std::ofstream(file) << "pipeline: bad\nstages:\n  - type: fetch\n    config:\n"
                         "      pathz: [x]\n  - type: cleen\n  - type: store\n"
                         "    replicas: 0\n";
  auto run = RunCommand({"newspipe", "validate", file.string()}, dir_, kRunTimeout);
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_THAT(run.output, HasSubstr(file.string() + ":5: stages[0].config.pathz: unknown field "
                                                    "for stage type fetch; valid fields: paths"));
  EXPECT_THAT(run.output, HasSubstr(file.string() + ":6: stages[1].type: unknown stage type "
                                                    "\"cleen\"; known types: clean, extract, "
                                                    "fetch, store"));
  EXPECT_THAT(run.output, HasSubstr(file.string() + ":8: stages[2].replicas: expected an "
                                                    "integer >= 1, got 0"));
  EXPECT_THAT(run.output, HasSubstr("3 errors"));

  std::ofstream(dir_ / "good.yaml") << "pipeline: good\nstages:\n  - type: fetch\n    config:\n"
                                       "      paths: [x]\n  - type: clean\n  - type: extract\n"
                                       "  - type: store\n";
  auto ok = RunCommand({"newspipe", "validate", (dir_ / "good.yaml").string()}, dir_, kRunTimeout);
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_THAT(ok.output, HasSubstr("ok: 4 stages (fetch -> clean -> extract -> store)"));
}

}  // namespace
}  // namespace newspipe::e2e
