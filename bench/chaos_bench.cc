// chaos_bench: the long version of the chaos test (tests/e2e/chaos_test.cc): a real
// `newspipe run --once` over generated pages while stage processes are killed with SIGKILL at
// random, then every page is looked up in the store and the dead-letter queue. Prints the
// figures (in, stored, dead-lettered, lost, stored twice, kills per stage, run time); exits 1
// when anything was lost or stored twice.
// Then the store's full-text index is checked against its documents: every stored document has
// its entry in the index shard that holds it, no entry is left over, no document is pending.
// Usage: chaos_bench [--docs N] [--kills N] [--rounds N] [--seed N] [--bin DIR] [--dir DIR]
//   defaults: 100,000 documents, 200 kills, 1 round; --bin: the directory of this program's
//   build (bin/ next to bench/); --dir: a fresh directory under /tmp (removed after a clean
//   round).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>

#include <fmt/format.h>

#include "bench/chaos_driver.h"
#include "stages/store/sqlite_fts_writer.h"
#include "stages/store/store_db.h"

namespace {

// Documents without their index entry, index entries without their document, and documents
// still pending indexing, in the SQLite store at `db_path`; false when the store cannot be read.
bool CheckIndex(const std::filesystem::path& db_path, int64_t* missing, int64_t* extra,
                int64_t* pending, std::string* error) {
  auto db = newspipe::StoreDb::Open(db_path, {.read_only = true});
  if (!db.ok()) {
    *error = db.status().ToString();
    return false;
  }
  auto shards = newspipe::AttachSqliteFts(**db);
  if (!shards.ok()) {
    *error = shards.status().ToString();
    return false;
  }
  *missing = *extra = 0;
  auto count = [&](const std::string& sql, int64_t* into) {
    auto n = (*db)->QueryInt(sql);
    if (!n.ok()) *error = n.status().ToString();
    if (n.ok()) *into += *n;
    return n.ok();
  };
  int64_t documents = 0, entries = 0;
  *pending = 0;
  if (!count("SELECT count(*) FROM documents", &documents) ||
      !count("SELECT count(*) FROM fts_pending", pending)) {
    return false;
  }
  for (int k = 0; k < *shards; ++k) {
    const std::string schema = newspipe::SqliteFtsSchema(k);
    if (!count(fmt::format("SELECT count(*) FROM documents d WHERE d.doc_no % {0} = {1} AND NOT "
                           "EXISTS (SELECT 1 FROM {2}.documents_fts f WHERE f.rowid = d.doc_no)",
                           *shards, k, schema),
               missing) ||
        !count(fmt::format("SELECT count(*) FROM {}.documents_fts", schema), &entries)) {
      return false;
    }
  }
  *extra = entries - (documents - *missing);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using newspipe::chaos::ChaosOptions;
  ChaosOptions opt;
  opt.docs = 100'000;
  opt.kills = 200;
  opt.timeout = std::chrono::hours(6);
  opt.seed = std::random_device{}();
  int rounds = 1;
  std::string dir;
  opt.bin_dir = newspipe::ExecutableDir() + "/../bin";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--docs") {
      opt.docs = std::atoi(value);
    } else if (flag == "--kills") {
      opt.kills = std::atoi(value);
    } else if (flag == "--rounds") {
      rounds = std::atoi(value);
    } else if (flag == "--seed") {
      opt.seed = std::strtoull(value, nullptr, 10);
    } else if (flag == "--bin") {
      opt.bin_dir = value;
    } else if (flag == "--dir") {
      dir = value;
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  opt.progress = [](const std::string& line) { std::printf("%s\n", line.c_str()); };
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  int failures = 0;
  for (int round = 0; round < rounds; ++round) {
    char tmpl[] = "/tmp/np-chaos-XXXXXX";
    opt.work_dir = dir.empty() ? std::filesystem::path(::mkdtemp(tmpl))
                               : std::filesystem::path(dir) / ("round-" + std::to_string(round));
    std::filesystem::create_directories(opt.work_dir);
    std::printf("round %d: %d documents, %d kills, seed %llu, in %s\n", round + 1, opt.docs,
                opt.kills, static_cast<unsigned long long>(opt.seed), opt.work_dir.c_str());
    const auto f = newspipe::chaos::RunChaos(opt);
    std::printf("round %d: %s; exit %d%s\n", round + 1, f.ToString().c_str(), f.exit_code,
                f.timed_out ? " (timed out)" : "");
    for (const auto& r : f.dead_reasons) std::printf("  dead letter: %s\n", r.c_str());
    for (const auto& e : f.examples) std::printf("  lost or twice: %s\n", e.c_str());
    int64_t missing = 0, extra = 0, pending = 0;
    std::string index_error;
    const bool index_read =
        CheckIndex(opt.work_dir / "state" / "news.db", &missing, &extra, &pending, &index_error);
    if (index_read) {
      std::printf(
          "round %d: full-text index: %lld documents without their entry, %lld entries "
          "without their document, %lld pending\n",
          round + 1, static_cast<long long>(missing), static_cast<long long>(extra),
          static_cast<long long>(pending));
    } else {
      std::printf("round %d: full-text index not readable: %s\n", round + 1, index_error.c_str());
    }
    const bool bad = f.lost != 0 || f.twice != 0 || f.exit_code != 0 || f.timed_out ||
                     !index_read || missing != 0 || extra != 0 || pending != 0;
    if (bad) {
      ++failures;
      std::printf("%s", f.output_tail.c_str());
    } else if (dir.empty()) {
      std::filesystem::remove_all(opt.work_dir);
    }
    opt.seed = opt.seed * 6364136223846793005ULL + 1442695040888963407ULL;
  }
  std::printf("%d of %d round(s) lost or duplicated documents or left the index incomplete\n",
              failures, rounds);
  return failures == 0 ? 0 : 1;
}
