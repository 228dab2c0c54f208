// The `newspipe extract` and `newspipe explain` commands as a user runs them: the real executable
// on pages of the demo site, its JSON line and its exit code, and a clear error for a page that
// cannot be read.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_util.h"

namespace newspipe::e2e {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

constexpr milliseconds kTimeout{60'000};
const std::filesystem::path kSource = NEWSPIPE_SOURCE_DIR;

TEST(CliTest, ExtractPrintsTheArticlesFactsAsOneJsonLine) {
  auto r = RunCommand({"newspipe", "extract", "samples/demo/local/storm-power-cuts.txt"}, kSource,
                      kTimeout);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto doc = nlohmann::json::parse(r.output.substr(0, r.output.find('\n')), nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.output;
  EXPECT_EQ(doc["title"], "Storm leaves 12,000 homes without power along the coast");
  EXPECT_EQ(doc["published"], "2026-01-14T05:10:00Z");
  EXPECT_EQ(doc["published_local"], "2026-01-14T06:10:00+01:00");
  EXPECT_EQ(doc["dateline"], "NORTHFIELD");
  ASSERT_EQ(doc["captions"].size(), 1u);
  EXPECT_THAT(doc["captions"][0]["credit"].get<std::string>(), HasSubstr("Per Vik"));
  ASSERT_EQ(doc["quotes"].size(), 1u);
  EXPECT_EQ(doc["quotes"][0]["speaker"], "Kim Halvorsen");
  const std::string text = doc["text"];
  EXPECT_EQ(text.find("Courier Archives"), std::string::npos) << text;
  EXPECT_EQ(text.rfind("NORTHFIELD--", 0), 0u) << text;
}

TEST(CliTest, ExplainShowsVerdictsAndProvenance) {
  auto r = RunCommand({"newspipe", "explain", "samples/demo/local/storm-power-cuts.txt"}, kSource,
                      kTimeout);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("REMOVE"));
  EXPECT_THAT(r.output, HasSubstr("trailing-teaser"));
  EXPECT_THAT(r.output, HasSubstr("published <- text (date line)"));
}

TEST(CliTest, APageThatCannotBeReadIsAnErrorNamingIt) {
  for (const char* command : {"extract", "explain"}) {
    auto r = RunCommand({"newspipe", command, "samples/demo/no-such-page.html"}, kSource, kTimeout);
    EXPECT_EQ(r.exit_code, 1) << command << ": " << r.output;
    EXPECT_THAT(r.output, HasSubstr("no-such-page.html")) << command;
    EXPECT_THAT(r.output, ::testing::Not(HasSubstr("blocks:"))) << command;
  }
}

TEST(CliTest, UrlNamesOnePage) {
  auto r = RunCommand({"newspipe", "extract", "--url", "https://news.example/a", "samples/demo"},
                      kSource, kTimeout);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("--url"));
}

}  // namespace
}  // namespace newspipe::e2e
