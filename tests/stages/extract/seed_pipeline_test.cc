// The seed article through the real clean + extract stages in one process: the facts
// ../shared/data/README.md requires. Skips only when the shared data folder is absent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "stages/common/document_json.h"
#include "stages/local_pipeline.h"

namespace newspipe {
namespace {

TEST(SeedPipeline, CleanThenExtractGivesTheRequiredFacts) {
  const char* env = std::getenv("NEWSPIPE_SHARED");
  std::filesystem::path shared = env ? env : NEWSPIPE_SHARED_DIR;
  if (!std::filesystem::exists(shared)) GTEST_SKIP() << "no shared data at " << shared;
  std::filesystem::path seed = shared / "data/seed/ajw-2020-07-08-biegun-seoul.txt";
  ASSERT_TRUE(std::filesystem::exists(seed));
  auto pipeline = LocalPipeline::Create({});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  ASSERT_TRUE((*pipeline)->has_extract());
  v1::Document doc = (*pipeline)->ProcessFile(seed);
  const v1::Metadata& m = doc.metadata();
  EXPECT_EQ(m.agency(), "Reuters");
  EXPECT_EQ(m.dateline(), "SEOUL");
  EXPECT_EQ(FormatUtc(m.published()), "2020-07-08T04:33:00Z");
  EXPECT_EQ(FormatLocal(m.published()), "2020-07-08T13:33:00+09:00");
  EXPECT_EQ(m.published().offset_minutes(), 540);
  EXPECT_TRUE(m.published().has_offset());
  bool credit = false;
  for (const auto& c : m.captions()) credit |= c.credit() == "Pool Photo via AP";
  EXPECT_TRUE(credit);
  bool biegun = false;
  for (const auto& q : doc.quotes()) {
    if (q.text().starts_with("Let me absolutely be clear, we did not request a visit")) {
      biegun = q.speaker() == "Biegun";
    }
  }
  EXPECT_TRUE(biegun);
  bool has_published_provenance = false;
  for (const auto& p : doc.provenance()) has_published_provenance |= p.field() == "published";
  EXPECT_TRUE(has_published_provenance);
}

}  // namespace
}  // namespace newspipe
