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
