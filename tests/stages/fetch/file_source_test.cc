// Local files through the fetch source: listing order, gzip, caps, empty and binary files, ids.
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "runtime/spec.h"
#include "stages/fetch/fetch_stage.h"
#include "stages/fetch/file_source.h"

namespace newspipe {
namespace {
namespace fs = std::filesystem;

class FileSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("np-fetch-files-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "site" / "sub");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const fs::path& rel, const std::string& bytes) {
    std::ofstream(dir_ / rel, std::ios::binary) << bytes;
  }
  void WriteGz(const fs::path& rel, const std::string& bytes) {
    gzFile gz = gzopen((dir_ / rel).c_str(), "wb");
    ASSERT_NE(gz, nullptr);
    gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(gz);
  }

  // Runs a fetch stage in batch mode over `config` and returns every document.
  std::vector<v1::Document> RunAll(const nlohmann::json& config) {
    StageSpec spec = FetchSpec();
    std::vector<ConfigError> errors;
    Config cfg = ValidateConfig(spec, config, &errors);
    EXPECT_TRUE(errors.empty()) << (errors.empty() ? ""
                                                   : errors[0].path + ": " + errors[0].message);
    StageContext ctx;
    ctx.stage_name = "fetch";
    ctx.stage_type = "fetch";
    ctx.state_dir = dir_ / "state";
    fs::create_directories(ctx.state_dir);
    ctx.once = true;
    auto inst = spec.create(cfg, ctx);
    EXPECT_TRUE(inst.ok()) << inst.status().ToString();
    std::vector<v1::Document> docs;
    if (!inst.ok()) return docs;
    for (int i = 0; i < 10000; ++i) {
      auto state = inst->source->Next(docs, 16);
      EXPECT_TRUE(state.ok());
      if (!state.ok() || *state == SourceState::kExhausted) break;
    }
    return docs;
  }

  bool HasError(const v1::Document& d, const std::string& code) {
    for (const auto& e : d.errors()) {
      if (e.code() == code) return true;
    }
    return false;
  }

  fs::path dir_;
};

TEST_F(FileSourceTest, ReadsDirectoriesRecursivelyInSortedOrder) {
  Write("site/b.html", "<html><body><p>B</p></body></html>");
  Write("site/a.txt", "Plain text A.\n");
  Write("site/sub/c.htm", "<p>C</p>");
  Write("site/ignored.jpg", "not an input");
  WriteGz("site/d.html.gz", "<html><body><p>D from gzip</p></body></html>");
  auto docs = RunAll({{"paths", {(dir_ / "site").string()}}});
  ASSERT_EQ(docs.size(), 4u);
  EXPECT_EQ(fs::path(docs[0].source().path()).filename(), "a.txt");
  EXPECT_EQ(fs::path(docs[1].source().path()).filename(), "b.html");
  EXPECT_EQ(fs::path(docs[2].source().path()).filename(), "d.html.gz");
  EXPECT_EQ(fs::path(docs[3].source().path()).filename(), "c.htm");
  EXPECT_EQ(docs[0].fetch().format(), v1::Fetch::TEXT);
  EXPECT_EQ(docs[1].fetch().format(), v1::Fetch::HTML);
  EXPECT_EQ(docs[2].fetch().raw(), "<html><body><p>D from gzip</p></body></html>");
  EXPECT_EQ(docs[0].source().kind(), v1::Source::FILE);
  EXPECT_EQ(docs[0].source().site(), "site");
  EXPECT_EQ(docs[3].source().site(), "sub");
  for (const auto& d : docs) {
    EXPECT_EQ(d.errors_size(), 0) << d.source().path();
    EXPECT_EQ(d.id().size(), 16u);
  }
}

TEST_F(FileSourceTest, SameFileGivesSameId) {
  Write("site/a.html", "<p>A</p>");
  auto first = RunAll({{"paths", {(dir_ / "site").string()}}});
  auto second = RunAll({{"paths", {(dir_ / "site" / "a.html").string()}}});
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(first[0].id(), second[0].id());
  EXPECT_EQ(FileKey(dir_ / "site" / "." / "a.html"), FileKey(dir_ / "site" / "a.html"));
}

TEST_F(FileSourceTest, BadFilesAreEmittedWithErrorsNotDropped) {
  Write("site/empty.html", "");
  Write("site/binary.txt", std::string("\x7f"
                                       "ELF\0\0\0\x01\x02",
                                       9));
  auto docs = RunAll({{"paths", {(dir_ / "site").string(), (dir_ / "missing.html").string()}}});
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_TRUE(HasError(docs[0], "binary"));
  EXPECT_TRUE(docs[0].fetch().raw().empty());
  EXPECT_TRUE(HasError(docs[1], "empty"));
  EXPECT_TRUE(HasError(docs[2], "not_found"));
  for (const auto& d : docs) {
    ASSERT_GT(d.errors_size(), 0);
    EXPECT_EQ(d.errors(0).stage(), "fetch");
    EXPECT_TRUE(d.errors(0).fatal());
  }
}

TEST_F(FileSourceTest, LargeFileIsCappedAndFlagged) {
  std::string big(50u << 20, 'a');
  for (size_t i = 80; i < big.size(); i += 81) big[i] = '\n';
  Write("site/big.txt", big);
  WriteGz("site/big2.txt.gz", big);
  auto docs = RunAll({{"paths", {(dir_ / "site").string()}}, {"max_bytes", 1 << 20}});
  ASSERT_EQ(docs.size(), 2u);
  for (const auto& d : docs) {
    EXPECT_TRUE(d.fetch().truncated());
    EXPECT_EQ(d.fetch().raw().size(), 1u << 20);
    EXPECT_EQ(d.fetch().raw_size(), big.size());
    EXPECT_TRUE(HasError(d, "too_large"));
    EXPECT_FALSE(d.errors(0).fatal());
  }
}

TEST_F(FileSourceTest, LegacyCharsetIsConvertedToUtf8) {
  // "café" in windows-1252 with a meta declaration, and one without any declaration.
  Write("site/a.html",
        "<html><head><meta charset=\"windows-1252\"></head><body><p>caf\xe9</p></body></html>");
  Write("site/b.txt",
        "Le caf\xe9 est tr\xe8s bon et la cr\xe8me br\xfbl\xe9"
        "e aussi, n'est-ce pas?\n");
  auto docs = RunAll({{"paths", {(dir_ / "site").string()}}});
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_NE(docs[0].fetch().raw().find("caf\xc3\xa9"), std::string::npos);
  EXPECT_EQ(docs[0].fetch().charset(), "windows-1252");
  EXPECT_NE(docs[1].fetch().raw().find("caf\xc3\xa9"), std::string::npos);
}

}  // namespace
}  // namespace newspipe
