// The metadata scorer (`newspipe eval --metadata`) on a small invented dataset in the
// trafilatura layout: per-field counts, an empty truth author, and the per-rule table.
#include "eval/metadata_eval.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace newspipe {
namespace {

namespace fs = std::filesystem;

class MetadataEval : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("np_metadata_eval_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "html");
    Write("html/one.html",
          "<html><head><title>Cranes return to the harbour | Harbour Post</title>"
          "<meta property=\"og:site_name\" content=\"Harbour Post\">"
          "<meta property=\"article:published_time\" content=\"2021-03-14T09:30:00+01:00\">"
          "</head><body><article><h1>Cranes return to the harbour</h1>"
          "<p class=\"byline\">By Jane Roe</p><p>" +
              std::string(40, 'w') +
              " The two cranes that left last winter are back on the quay, freshly painted and "
              "ready for the season.</p></article></body></html>");
    Write("html/two.html",
          "<html><head><title>Ferry timetable changes | Harbour Post</title>"
          "<meta property=\"og:site_name\" content=\"Harbour Post\"></head><body><article>"
          "<h1>Ferry timetable changes</h1><p>From Monday the morning ferry leaves ten "
          "minutes earlier to meet the first train, the harbour office said on "
          "Friday.</p></article></body></html>");
    Write("evaldata.json",
          R"({"https://harbour.example/2021/03/14/cranes": {"file": "one.html",
                "title": "Cranes return to the harbour", "date": "2021-03-14",
                "author": "Jane Roe"},
              "https://harbour.example/ferry": {"file": "two.html",
                "title": "Ferry timetable", "author": ""}})");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }

  fs::path dir_;
};

TEST_F(MetadataEval, CountsEachFieldOverPagesWithATruth) {
  std::ostringstream out;
  ASSERT_EQ(RunMetadataEval(dir_, 5, out), 0) << out.str();
  const std::string s = out.str();
  EXPECT_NE(s.find("date      accuracy 1.000 (1/1)"), std::string::npos) << s;
  // The second page's truth is worded unlike its headline.
  EXPECT_NE(s.find("title     accuracy 0.500 (1/2)"), std::string::npos) << s;
  // An empty truth author is right when no author is given.
  EXPECT_NE(s.find("author    accuracy 1.000 (2/2)"), std::string::npos) << s;
  EXPECT_NE(s.find("truth: Ferry timetable"), std::string::npos) << s;
  EXPECT_EQ(s.find(" right  "), std::string::npos) << "no per-rule table unless asked: " << s;
}

TEST_F(MetadataEval, ByRuleSplitsEachFieldByTheRuleThatGaveIt) {
  std::ostringstream out;
  ASSERT_EQ(RunMetadataEval(dir_, 0, out, /*by_rule=*/true), 0) << out.str();
  const std::string s = out.str();
  EXPECT_NE(s.find("1 pages  1.000 right  og (meta article:published_time)"), std::string::npos)
      << s;
  // The page that names no author is counted under "(none)".
  EXPECT_NE(s.find("1 pages  1.000 right  (none)"), std::string::npos) << s;
}

TEST(MetadataEvalInput, AFolderWithoutGroundTruthIsAnError) {
  std::ostringstream out;
  EXPECT_EQ(RunMetadataEval(fs::temp_directory_path() / "np_no_such_dataset_dir", 0, out), 1);
  EXPECT_NE(out.str().find("neither evaldata.json nor ground-truth-blocks.json"), std::string::npos)
      << out.str();
}

}  // namespace
}  // namespace newspipe
