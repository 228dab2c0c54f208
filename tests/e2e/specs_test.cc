// The checked-in files that depend on the stage specs stay in step with them: every
// pipelines/*.yaml validates, and docs/stages.md is exactly what `newspipe stages --docs` renders.
#include <stdlib.h>

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "runtime/pipeline.h"
#include "stages/builtin.h"

namespace newspipe {
namespace {

const std::filesystem::path kSource = NEWSPIPE_SOURCE_DIR;

TEST(SpecsTest, EveryPipelineFileValidates) {
  // Variables some pipelines require (they have no default on purpose).
  ::setenv("NEWSPIPE_INPUT", "/tmp/pages", 1);
  ::setenv("NEWSPIPE_FEED_URL", "https://example.org/feed.xml", 1);
  size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kSource / "pipelines")) {
    if (entry.path().extension() != ".yaml") continue;
    auto def = LoadPipeline(entry.path(), BuiltinStages());
    EXPECT_TRUE(def.ok()) << def.status().message();
    ++checked;
  }
  EXPECT_GE(checked, 3u);
}

TEST(SpecsTest, StageDocsMatchTheSpecs) {
  std::ifstream in(kSource / "docs/stages.md");
  ASSERT_TRUE(in) << "docs/stages.md is missing: run `newspipe stages --docs > docs/stages.md`";
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_TRUE(text.str() == RenderSpecsMarkdown(BuiltinStages().All()))
      << "docs/stages.md differs from the stage specs: regenerate it with "
         "`newspipe stages --docs > docs/stages.md`";
}

}  // namespace
}  // namespace newspipe
