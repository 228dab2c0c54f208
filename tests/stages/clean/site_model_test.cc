// The site model on a corpus written for it (site_corpus/: two sites, eight pages each, sharing
// a promo line inside the article region that the DOM rules keep): it learns the line after
// the first pages, removes it from later pages, persists across restarts, keeps sites apart and
// gives the same output for the same page and model version.
#include "stages/clean/site_model.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "stages/clean/cleaner.h"

namespace newspipe {
namespace {

namespace fs = std::filesystem;

const char kHarbourPromo[] = "become a member of the Harbour Times";
const char kValleyPromo[] = "morning briefing podcast";

fs::path CorpusDir() {
  return fs::path(NEWSPIPE_SOURCE_DIR) / "tests" / "stages" / "clean" / "site_corpus";
}

v1::Document Page(const std::string& site, int n) {
  fs::path path = CorpusDir() / site / ("page-" + std::to_string(n) + ".html");
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  v1::Document doc;
  doc.set_id(site + "-" + std::to_string(n));
  doc.mutable_source()->set_site(site);
  doc.mutable_source()->set_path(path.string());
  doc.mutable_fetch()->set_format(v1::Fetch::HTML);
  doc.mutable_fetch()->set_raw(ss.str());
  return doc;
}

class SiteModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newspipe-site-model-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<PersistentSiteModel> OpenModel(int flush_every = 1) {
    SiteModelOptions o;
    o.min_pages = 5;
    o.share = 0.5;
    o.flush_every = flush_every;
    auto m = PersistentSiteModel::Open(dir_ / "site-model.db", o);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? std::move(m).value() : nullptr;
  }

  fs::path dir_;
};

TEST_F(SiteModelTest, TheDomRulesAloneKeepThePromo) {
  v1::Document doc = Page("harbourtimes", 1);
  ASSERT_TRUE(Cleaner({}).Clean(doc).ok());
  EXPECT_NE(doc.text().find(kHarbourPromo), std::string::npos)
      << "the corpus must hold boilerplate that only the site model can find";
}

TEST_F(SiteModelTest, LearnsAfterTheFirstPagesAndRemovesFromLaterOnes) {
  auto model = OpenModel();
  ASSERT_NE(model, nullptr);
  Cleaner cleaner({}, model.get());
  int leaked_first = 0, leaked_later = 0;
  for (int i = 1; i <= 8; ++i) {
    v1::Document doc = Page("harbourtimes", i);
    ASSERT_TRUE(cleaner.Clean(doc).ok());
    bool leaked = doc.text().find(kHarbourPromo) != std::string::npos;
    (i <= 5 ? leaked_first : leaked_later) += leaked;
    // The article itself is never taken by the model.
    EXPECT_GT(doc.text().size(), 1000u) << "page " << i;
    EXPECT_FALSE(doc.model_version().empty());
  }
  // min_pages = 5: pages 1-5 are judged by the DOM rules alone, pages 6-8 by the model too.
  EXPECT_EQ(leaked_first, 5);
  EXPECT_EQ(leaked_later, 0);
  EXPECT_EQ(model->SitePages("harbourtimes"), 8);
}

TEST_F(SiteModelTest, SurvivesARestartAndKeepsSitesApart) {
  {
    auto model = OpenModel();
    Cleaner cleaner({}, model.get());
    for (int i = 1; i <= 6; ++i) {
      v1::Document doc = Page("harbourtimes", i);
      ASSERT_TRUE(cleaner.Clean(doc).ok());
    }
  }
  auto model = OpenModel();
  Cleaner cleaner({}, model.get());
  v1::Document again = Page("harbourtimes", 7);
  ASSERT_TRUE(cleaner.Clean(again).ok());
  EXPECT_EQ(again.text().find(kHarbourPromo), std::string::npos);
  bool by_model = false;
  for (const auto& b : again.blocks()) by_model = by_model || b.rule() == "site-model";
  EXPECT_TRUE(by_model);
  // Another site has its own counts: its first page is not touched.
  v1::Document other = Page("valleyherald", 1);
  ASSERT_TRUE(cleaner.Clean(other).ok());
  EXPECT_NE(other.text().find(kValleyPromo), std::string::npos);
}

TEST_F(SiteModelTest, ResentPagesAreCountedOnce) {
  auto model = OpenModel();
  Cleaner cleaner({}, model.get());
  for (int round = 0; round < 3; ++round) {
    v1::Document doc = Page("valleyherald", 1);
    ASSERT_TRUE(cleaner.Clean(doc).ok());
  }
  EXPECT_EQ(model->SitePages("valleyherald"), 1);
}

TEST_F(SiteModelTest, SamePageAndModelVersionGiveTheSameOutput) {
  {
    auto model = OpenModel();
    Cleaner cleaner({}, model.get());
    for (int i = 1; i <= 6; ++i) {
      v1::Document doc = Page("valleyherald", i);
      ASSERT_TRUE(cleaner.Clean(doc).ok());
    }
  }
  // Two replicas open the same model version and clean the same page.
  auto a = OpenModel(1000);
  auto b = OpenModel(1000);
  v1::Document da = Page("valleyherald", 8), db = Page("valleyherald", 8);
  ASSERT_TRUE(Cleaner({}, a.get()).Clean(da).ok());
  ASSERT_TRUE(Cleaner({}, b.get()).Clean(db).ok());
  EXPECT_EQ(da.model_version(), db.model_version());
  EXPECT_EQ(da.text(), db.text());
  EXPECT_EQ(da.text().find(kValleyPromo), std::string::npos);
}

}  // namespace
}  // namespace newspipe
