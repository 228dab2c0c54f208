// LocalPipeline::ProcessFile with the address a saved page was fetched from: the URL decides
// what the page itself leaves open (here the site's name and the date in the path).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "stages/common/document_json.h"
#include "stages/local_pipeline.h"

namespace newspipe {
namespace {

class LocalPipelineUrl : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("np_local_url_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    std::filesystem::create_directories(dir_);
    page_ = dir_ / "page.html";
    std::ofstream(page_) << "<html><head><title>Harbour cranes return</title></head><body>"
                            "<h1>Harbour cranes return</h1><p>The two cranes that left the "
                            "harbour last winter are back on the quay, freshly painted and "
                            "ready for the autumn season of container traffic.</p></body></html>";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::filesystem::path page_;
};

TEST_F(LocalPipelineUrl, TheAddressGivesHostAndDate) {
  auto pipeline = LocalPipeline::Create({});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  v1::Document with_url =
      (*pipeline)->ProcessFile(page_, "https://news.example.org/2021/03/14/harbour-cranes/");
  EXPECT_EQ(with_url.fetch().url(), "https://news.example.org/2021/03/14/harbour-cranes/");
  EXPECT_EQ(with_url.metadata().site_name(), "news.example.org");
  EXPECT_EQ(FormatUtc(with_url.metadata().published()).substr(0, 10), "2021-03-14");

  v1::Document without = (*pipeline)->ProcessFile(page_);
  EXPECT_TRUE(without.fetch().url().empty());
  EXPECT_FALSE(without.metadata().has_published());
}

}  // namespace
}  // namespace newspipe
