// Chaos: kill -9 stage processes at random while `newspipe run --once` moves 20,000 generated
// pages through fetch -> clean -> extract -> store; every page must end stored exactly once or
// dead-lettered with its reason (bench/chaos_driver.h does the run and the accounting).
// NEWSPIPE_CHAOS_DOCS, NEWSPIPE_CHAOS_KILLS and NEWSPIPE_CHAOS_SEED change the size and the
// draw; bench/chaos_bench.cc is the long version.
#include <stdlib.h>

#include <cstdio>
#include <random>

#include <gtest/gtest.h>

#include "bench/chaos_driver.h"
#include "tests/e2e/e2e_util.h"

namespace newspipe::e2e {
namespace {

long EnvOr(const char* name, long fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v ? std::atol(v) : fallback;
}

TEST(ChaosTest, KillNineDuringARunLosesNothingAndStoresNothingTwice) {
  chaos::ChaosOptions opt;
  opt.work_dir = MakeTempDir();
  ASSERT_FALSE(opt.work_dir.empty());
  opt.bin_dir = BinDir();
  opt.docs = static_cast<int>(EnvOr("NEWSPIPE_CHAOS_DOCS", 20'000));
  opt.kills = static_cast<int>(EnvOr("NEWSPIPE_CHAOS_KILLS", 24));
  opt.seed = static_cast<uint64_t>(EnvOr("NEWSPIPE_CHAOS_SEED", std::random_device{}()));
  opt.timeout = std::chrono::milliseconds(270'000);  // under ctest's 300 s.
  opt.progress = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  std::fprintf(stderr, "chaos: seed %llu (NEWSPIPE_CHAOS_SEED repeats the draw)\n",
               static_cast<unsigned long long>(opt.seed));

  const chaos::ChaosFigures f = chaos::RunChaos(opt);
  std::printf("chaos figures: %s\n", f.ToString().c_str());
  std::fflush(stdout);
  for (const auto& r : f.dead_reasons) std::printf("  dead letter: %s\n", r.c_str());
  std::string examples;
  for (const auto& e : f.examples) examples += "\n  " + e;

  ASSERT_FALSE(f.timed_out) << f.ToString() << "\n" << f.output_tail;
  ASSERT_EQ(f.exit_code, 0) << f.output_tail;
  EXPECT_EQ(f.lost, 0) << f.ToString() << examples;
  EXPECT_EQ(f.twice, 0) << f.ToString() << examples;
  EXPECT_EQ(f.stored + f.dead_lettered, f.in) << f.ToString();
  if (f.twice == 0) {
    EXPECT_EQ(f.rows, f.stored + f.both) << "rows of no input? " << f.ToString();
  }
  // Every dead letter says why.
  for (const auto& r : f.dead_reasons) EXPECT_FALSE(r.empty());
  // The chaos happened: at least 20 kills in all, several of each stage.
  EXPECT_GE(f.total_kills, std::min(opt.kills, 20)) << f.ToString();
  for (const auto& stage : chaos::kStages) {
    EXPECT_GE(f.kills.count(stage) ? f.kills.at(stage) : 0, std::min(opt.kills / 4, 3))
        << stage << ": " << f.ToString();
  }
  if (!HasFailure()) std::filesystem::remove_all(opt.work_dir);
}

}  // namespace
}  // namespace newspipe::e2e
