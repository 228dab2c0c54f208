#include "runtime/spec.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace newspipe {
namespace {

StageSpec TestSpec() {
  StageSpec spec;
  spec.type = "test";
  spec.fields = {IntField("min_chars", 25, "Shortest block kept.", 0, 1000),
                 StringField("mode", "fast", "How hard to try.", {"fast", "slow"}),
                 DurationField("timeout", "2s", "Per-document budget."),
                 Required(StringField("path", "", "Where to write.")),
                 StringListField("tags", {}, "Tags to add.")};
  return spec;
}

TEST(SpecTest, FillsDefaults) {
  std::vector<ConfigError> errors;
  Config c = ValidateConfig(TestSpec(), nlohmann::json{{"path", "x.db"}}, &errors);
  ASSERT_TRUE(errors.empty()) << errors[0].path << ": " << errors[0].message;
  EXPECT_EQ(c.GetInt("min_chars"), 25);
  EXPECT_EQ(c.GetString("mode"), "fast");
  EXPECT_EQ(c.GetDuration("timeout"), std::chrono::milliseconds(2000));
  EXPECT_EQ(c.GetString("path"), "x.db");
  EXPECT_TRUE(c.GetStringList("tags").empty());
}

TEST(SpecTest, ReportsEveryProblemAtOnce) {
  std::vector<ConfigError> errors;
  nlohmann::json given = {
      {"min_chars", -1}, {"mode", "medium"}, {"timout", "1s"}, {"timeout", "soon"}};
  ValidateConfig(TestSpec(), given, &errors);
  ASSERT_EQ(errors.size(), 5u);
  std::map<std::string, std::string> by_path;
  for (const auto& e : errors) by_path[e.path] = e.message;
  EXPECT_NE(by_path["min_chars"].find(">= 0"), std::string::npos);
  EXPECT_NE(by_path["mode"].find("one of fast, slow"), std::string::npos);
  EXPECT_NE(by_path["timout"].find("valid fields: min_chars, mode, timeout"), std::string::npos);
  EXPECT_NE(by_path["timeout"].find("duration"), std::string::npos);
  EXPECT_NE(by_path["path"].find("required"), std::string::npos);
}

// YAML hands over strings as they are; a config holding invalid UTF-8 must give errors (and a
// JSON form for the stage process), not a json exception.
TEST(SpecTest, InvalidUtf8IsReportedNotThrown) {
  std::vector<ConfigError> errors;
  const std::string bad = "x\x98\x9c";
  nlohmann::json given = {{"min_chars", bad}, {"path", bad}};
  ValidateConfig(TestSpec(), given, &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "min_chars");
  EXPECT_NE(errors[0].message.find("expected an integer, got \"x"), std::string::npos);
  errors.clear();
  ValidateConfig(TestSpec(), nlohmann::json::array({bad}), &errors);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].message.find("expected a mapping"), std::string::npos);
  errors.clear();
  Config ok = ValidateConfig(TestSpec(), nlohmann::json{{"path", bad}}, &errors);
  EXPECT_NE(ok.ToJson().find("\"path\":\"x"), std::string::npos);
}

TEST(SpecTest, ParsesDurations) {
  std::chrono::milliseconds ms{0};
  EXPECT_TRUE(ParseDuration("250ms", &ms));
  EXPECT_EQ(ms.count(), 250);
  EXPECT_TRUE(ParseDuration("1.5s", &ms));
  EXPECT_EQ(ms.count(), 1500);
  EXPECT_TRUE(ParseDuration("5m", &ms));
  EXPECT_EQ(ms.count(), 300000);
  EXPECT_FALSE(ParseDuration("soon", &ms));
  EXPECT_FALSE(ParseDuration("-1s", &ms));
}

}  // namespace
}  // namespace newspipe

namespace newspipe {
namespace {

TEST(SpecTest, RendersBoundsInDocs) {
  StageSpec spec = TestSpec();
  spec.fields.push_back(IntField("max_bytes", 4096, "Largest page.", 1024));
  const std::string md = RenderSpecsMarkdown({&spec});
  EXPECT_NE(md.find("Range: 0 to 1000."), std::string::npos) << md;
  EXPECT_NE(md.find("At least 1024."), std::string::npos) << md;
  EXPECT_NE(md.find("| `path` | string | required |"), std::string::npos) << md;
}

}  // namespace
}  // namespace newspipe
