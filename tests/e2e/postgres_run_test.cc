// `newspipe run` end to end into PostgreSQL: the demo pages through real stage processes, with two
// store replicas writing to one real server (NEWSPIPE_PG_DSN, as scripts/start-postgres.sh and CI
// set it; skipped without it), then found again by `newspipe search --dsn`. Each run works in a
// schema of its own.
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <random>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "tests/e2e/e2e_util.h"

namespace newspipe::e2e {
namespace {

using ::testing::HasSubstr;

class PostgresRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* dsn = std::getenv("NEWSPIPE_PG_DSN");
    if (dsn == nullptr || *dsn == '\0') GTEST_SKIP() << "NEWSPIPE_PG_DSN is not set";
    dir_ = MakeTempDir();
    ASSERT_FALSE(dir_.empty());
    schema_ = "np_e2e_" + std::to_string(std::random_device{}() % 1000000) + "_" +
              std::to_string(::getpid());
    admin_ = std::make_unique<pqxx::connection>(dsn);
    pqxx::work tx(*admin_);
    tx.exec("CREATE SCHEMA " + schema_);
    tx.commit();
    dsn_ = std::string(dsn) + " options='-c search_path=" + schema_ + "'";
  }
  void TearDown() override {
    if (admin_) {
      try {
        pqxx::work tx(*admin_);
        tx.exec("DROP SCHEMA " + schema_ + " CASCADE");
        tx.commit();
      } catch (const std::exception&) {
      }
    }
    if (!dir_.empty() && !HasFailure()) std::filesystem::remove_all(dir_);
  }
  std::string Value(const std::string& sql) {
    pqxx::work tx(*admin_);
    tx.exec("SET search_path TO " + schema_);
    pqxx::result r = tx.exec(sql);
    tx.commit();
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
  }

  std::filesystem::path dir_;
  std::string schema_;
  std::string dsn_;
  std::unique_ptr<pqxx::connection> admin_;
};

TEST_F(PostgresRunTest, TwoStoreReplicasStoreEveryDemoPageOnceAndSearchFindsThem) {
  const std::filesystem::path source = NEWSPIPE_SOURCE_DIR;
  size_t pages = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(source / "samples/demo")) {
    if (e.is_regular_file()) ++pages;
  }
  ASSERT_GE(pages, 12u);
  const std::string yaml = "pipeline: e2e-postgres\nstate_dir: " + (dir_ / "state").string() +
                           "\nstages:\n  - type: fetch\n    config:\n      paths: [\"" +
                           (source / "samples/demo").string() +
                           "\"]\n  - type: clean\n  - type: extract\n  - type: store\n"
                           "    replicas: 2\n    config:\n      backend: postgres\n"
                           "      dsn: \"" +
                           dsn_ + "\"\n      batch_size: 4\n      batch_delay: 50ms\n";
  const auto file = dir_ / "pipeline.yaml";
  std::ofstream(file) << yaml;
  auto run = RunCommand({"newspipe", "run", file.string(), "--once"}, dir_,
                        std::chrono::milliseconds(240'000));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto summary = RunSummary(run.output);
  ASSERT_FALSE(summary.empty()) << run.output;
  EXPECT_EQ(summary["stored"], static_cast<long>(pages)) << run.output;
  EXPECT_EQ(summary["failed"], 0) << run.output;
  // Each page once, with its children, and in the search index.
  EXPECT_EQ(Value("SELECT count(*) || ' ' || count(DISTINCT id) FROM documents"),
            std::to_string(pages) + " " + std::to_string(pages));
  EXPECT_EQ(Value("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM blocks b "
                  "WHERE b.doc_id = d.id)"),
            "0");
  EXPECT_EQ(Value("SELECT max(revision) FROM documents"), "1");
  EXPECT_GE(std::stoul(Value("SELECT COALESCE(sum(docs), 0) FROM search_segments")), pages);

  // The longest word of the newest title that its body repeats is found by the search command,
  // with that page among its hits and the word marked in the snippet (made from the body).
  const std::string title = Value("SELECT title FROM documents ORDER BY doc_no DESC LIMIT 1");
  const std::string text = Value("SELECT lower(text) FROM documents ORDER BY doc_no DESC LIMIT 1");
  auto lower = [](std::string w) {
    for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return w;
  };
  std::set<std::string> body_words;  // ASCII words of the body.
  for (size_t i = 0; i < text.size();) {
    size_t j = i;
    while (j < text.size() && std::isalnum(static_cast<unsigned char>(text[j]))) ++j;
    if (j > i) body_words.insert(text.substr(i, j - i));
    i = j + 1;
  }
  std::string word;
  for (size_t i = 0, j; i < title.size(); i = j + 1) {
    j = i;
    while (j < title.size() && std::isalnum(static_cast<unsigned char>(title[j]))) ++j;
    const std::string w = title.substr(i, j - i);
    if (w.size() > word.size() && body_words.count(lower(w)) > 0) word = w;
  }
  ASSERT_GE(word.size(), 4u) << title;
  auto search = RunCommand({"newspipe", "search", word, "--dsn", dsn_, "--json", "-n", "50"}, dir_,
                           std::chrono::milliseconds(60'000));
  ASSERT_EQ(search.exit_code, 0) << search.output;
  EXPECT_THAT(search.output, HasSubstr(title)) << word;
  EXPECT_THAT(lower(search.output), HasSubstr("[" + lower(word) + "]"))
      << search.output;  // the snippet marks it.
}

}  // namespace
}  // namespace newspipe::e2e
