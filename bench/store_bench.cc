// store_bench: throughput of the store backends and search latency.
//
// Generates average news articles (a ~10-word title, ~600 words of body in 12 paragraphs drawn
// from a Zipf-distributed vocabulary, boilerplate blocks, authors, a quote, a caption) and prints:
//   - articles/s stored into SQLite with FTS5 (WAL, synchronous=FULL, batches of 500);
//   - articles/s into PostgreSQL when NEWSPIPE_PG_DSN is set (a scratch schema, dropped after);
//   - search latency p50/p99 over 100,000 stored articles (--search-docs) for 1- and 2-word
//     queries with bm25 ranking and snippets: plain and --collapse with the default rank window,
//     and plain with every match ranked.
// Usage: store_bench [--docs N] [--search-docs N] [--queries N] [--dir DIR] [--rank-window N]
//        store_bench --search-db FILE [--queries N] [--rank-window N]   (search only, an existing
//        store, e.g. one a run with --dir left behind; --search-db given twice searches both,
//        query by query in turn, and prints the figures of each)
//        store_bench --postgres-only 1 [--docs N]   (PostgreSQL alone: no SQLite, no search)
//        --pg-search-docs N: with --postgres-only, then fills the PostgreSQL store to N articles
//        and times --queries searches over it (plain and --collapse)
//        --pg-keep 1: leaves the PostgreSQL scratch schema behind (its name is printed)
//        --pg-search-schema S: only times --queries searches over the PostgreSQL schema S (one
//        that --pg-keep left behind), plain and --collapse, with --rank-window
//        --pg-connections N: connections writing the parts of a PostgreSQL batch (default: the
//        store's)
//        --postgres 0: SQLite and search only, even when NEWSPIPE_PG_DSN is set
//        --index-shards N: the SQLite full-text index's shards (default: the store's)
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "stages/store/postgres_export.h"
#include "stages/store/postgres_search.h"
#include "stages/store/postgres_store.h"
#include "stages/store/sqlite_fts_writer.h"
#include "stages/store/sqlite_search.h"
#include "stages/store/sqlite_store.h"
#include "stages/store/store_db.h"

namespace newspipe {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

class ArticleGenerator {
 public:
  explicit ArticleGenerator(uint64_t seed) : rng_(seed) {
    // 30,000 pronounceable pseudo-words; rank r is drawn with weight 1/(r+1) (Zipf, s = 1).
    static const char* kSyll[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "an",
                                  "el", "is", "or", "um", "ba", "de", "fi", "go", "hu", "ja"};
    std::uniform_int_distribution<int> syl(0, 19), len(1, 4);
    for (int i = 0; i < 30000; ++i) {
      std::string w;
      int n = len(rng_);
      for (int k = 0; k < n; ++k) w += kSyll[syl(rng_)];
      w += std::to_string(i % 97);
      words_.push_back(w);
    }
    double sum = 0;
    for (size_t r = 0; r < words_.size(); ++r) {
      sum += 1.0 / static_cast<double>(r + 1);
      cumulative_.push_back(sum);
    }
  }

  const std::string& Word() {
    std::uniform_real_distribution<double> u(0, cumulative_.back());
    double x = u(rng_);
    size_t r = std::lower_bound(cumulative_.begin(), cumulative_.end(), x) - cumulative_.begin();
    return words_[std::min(r, words_.size() - 1)];
  }
  // A word of middling frequency (ranks 50..3000): what people search for.
  const std::string& QueryWord() {
    std::uniform_int_distribution<size_t> r(50, 3000);
    return words_[r(rng_)];
  }

  std::string Sentence(int words) {
    std::string s;
    for (int i = 0; i < words; ++i) {
      if (i) s += ' ';
      s += Word();
    }
    s += '.';
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
  }

  // The same n always gives the same article, so a second pass is a true unchanged replay.
  v1::Document Article(int n) {
    rng_.seed(static_cast<uint64_t>(n) * 0x9e3779b97f4a7c15ULL + 1);
    v1::Document doc;
    doc.set_id(std::to_string(n * 2654435761u % 4294967291u) + "-" + std::to_string(n));
    doc.mutable_source()->set_site("site" + std::to_string(n % 40) + ".example");
    doc.mutable_fetch()->set_url("https://site" + std::to_string(n % 40) + ".example/news/" +
                                 std::to_string(n));
    auto* m = doc.mutable_metadata();
    m->set_title(Sentence(10));
    m->add_authors("Reporter " + std::to_string(n % 300));
    if (n % 3 == 0) m->add_authors("Editor " + std::to_string(n % 50));
    m->set_language("en");
    m->mutable_published()->set_unix_seconds(1577836800 + int64_t{n} * 600);
    auto* cap = m->add_captions();
    cap->set_text(Sentence(12));
    cap->set_credit("Photo Desk");
    uint32_t idx = 0;
    auto add = [&](v1::BlockType t, std::string text, bool boilerplate, const char* rule) {
      auto* b = doc.add_blocks();
      b->set_type(t);
      b->set_text(std::move(text));
      b->set_boilerplate(boilerplate);
      b->set_rule(rule);
      b->set_index(idx++);
    };
    add(v1::PARAGRAPH, "Home News World Business Sport", true, "nav");
    add(v1::HEADING, m->title(), false, "title");
    std::string body;
    for (int p = 0; p < 12; ++p) {
      std::string para = Sentence(25) + " " + Sentence(25);
      if (!body.empty()) body += "\n\n";
      body += para;
      add(v1::PARAGRAPH, std::move(para), false, "main-content");
    }
    add(v1::PARAGRAPH, "Sign up for our newsletter", true, "promo");
    add(v1::PARAGRAPH, "Copyright 2020 Example Media", true, "footer");
    doc.set_text(body);
    auto* q = doc.add_quotes();
    q->set_text(Sentence(12));
    q->set_speaker("Official " + std::to_string(n % 77));
    return doc;
  }

 private:
  std::mt19937_64 rng_;
  std::vector<std::string> words_;
  std::vector<double> cumulative_;
};

// CPU seconds (user + system) this process has used: on a shared, loaded machine the wall-clock
// rate depends on how much CPU the scheduler grants, the rate per CPU second much less.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds the calling thread has used: the store's own thread, without its helper threads.
double ThreadCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_THREAD, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds of each full-text index thread of this process (named "store-fts"), by thread id,
// from /proc (10 ms resolution).
std::map<int, double> IndexThreadCpuSeconds() {
  std::map<int, double> out;
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    std::ifstream in(task.path() / "stat");
    std::string line;
    if (!std::getline(in, line)) continue;
    const size_t open = line.find('('), close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    if (std::string_view(line).substr(open + 1, close - open - 1) != "store-fts") continue;
    // Fields 3.. of stat follow the name; utime and stime are fields 14 and 15.
    const char* p = line.c_str() + close + 1;
    double utime = 0, stime = 0;
    for (int f = 3; f <= 15 && *p != '\0'; ++f) {
      while (*p == ' ') ++p;
      if (f == 14) utime = std::atof(p);
      if (f == 15) stime = std::atof(p);
      while (*p != ' ' && *p != '\0') ++p;
    }
    out[std::atoi(task.path().filename().c_str())] = (utime + stime) / tick;
  }
  return out;
}

struct Rate {
  double wall = 0;    // articles per second of wall-clock time.
  double cpu = 0;     // articles per CPU second of this process.
  double thread = 0;  // articles per CPU second of the thread calling Write/Commit.
  // CPU seconds of the full-text index threads: all of them, and the busiest one.
  double index_seconds = 0, busiest_index_seconds = 0;
};

long MaxRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

// Stores `count` articles numbered from `first` in batches, returning articles/s. Articles are
// generated outside the timed part, up to kChunk at a time; a store whose full-text index commits
// behind its batches (SQLite) is flushed at the end of each chunk inside the timed part, so its
// index thread never works while articles are generated and all its work is counted.
template <typename StoreT>
Result<Rate> Load(StoreT& store, ArticleGenerator& gen, int first, int count,
                  double* generate_seconds) {
  constexpr int kChunk = 20000;
  const size_t batch = store.batch_size();
  double stored_seconds = 0, cpu_seconds = 0, thread_seconds = 0;
  double index_seconds = 0, busiest_index_seconds = 0;
  std::vector<v1::Document> docs;
  for (int c = first; c < first + count; c += kChunk) {
    docs.clear();
    auto g0 = Clock::now();
    for (int k = c; k < std::min(first + count, c + kChunk); ++k) docs.push_back(gen.Article(k));
    *generate_seconds += Seconds(Clock::now() - g0);
    auto t0 = Clock::now();
    const double c0 = CpuSeconds();
    const double th0 = ThreadCpuSeconds();
    const auto ix0 = IndexThreadCpuSeconds();
    for (size_t i = 0; i < docs.size(); ++i) {
      NP_RETURN_IF_ERROR(store.Write(docs[i]));
      if ((i + 1) % batch == 0 || i + 1 == docs.size()) NP_RETURN_IF_ERROR(store.Commit());
    }
    if constexpr (requires { store.FlushIndex(); }) NP_RETURN_IF_ERROR(store.FlushIndex());
    stored_seconds += Seconds(Clock::now() - t0);
    cpu_seconds += CpuSeconds() - c0;
    thread_seconds += ThreadCpuSeconds() - th0;
    double busiest = 0;
    for (const auto& [tid, seconds] : IndexThreadCpuSeconds()) {
      auto before = ix0.find(tid);
      const double used = seconds - (before == ix0.end() ? 0.0 : before->second);
      index_seconds += used;
      busiest = std::max(busiest, used);
    }
    busiest_index_seconds += busiest;
  }
  Rate rate{count / stored_seconds, count / std::max(cpu_seconds, 1e-9),
            count / std::max(thread_seconds, 1e-9)};
  rate.index_seconds = index_seconds;
  rate.busiest_index_seconds = busiest_index_seconds;
  return rate;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
  return v[std::min(i, v.size() - 1)];
}

// The `i`th query of a latency run: one word, every other time two, every tenth a very common
// word; the same sequence for SQLite and PostgreSQL.
SearchQuery BenchQuery(ArticleGenerator& gen, int i, bool collapse, int64_t rank_window) {
  SearchQuery q;
  q.text = gen.QueryWord();
  if (i % 2 == 1) q.text += " " + gen.QueryWord();
  if (i % 10 == 9) q.text = gen.Word();
  q.collapse = collapse;
  q.rank_window = rank_window;
  return q;
}

// Search latency over the store at `path`: the default rank window (`rank_window`), collapsed,
// and every match ranked. Returns the exit code.
int SearchLatency(const std::vector<std::filesystem::path>& paths, ArticleGenerator& gen,
                  int queries, int64_t rank_window) {
  // Several stores are searched query by query in turn (the order alternating), so the machine's
  // load falls alike on each: a fair comparison of two builds of one store.
  std::vector<std::unique_ptr<StoreDb>> dbs;
  int64_t docs = 0;
  for (const auto& path : paths) {
    auto db = StoreDb::Open(path, {.read_only = true});
    if (!db.ok()) {
      std::fprintf(stderr, "%s\n", db.status().ToString().c_str());
      return 1;
    }
    auto stored = (*db)->QueryInt("SELECT count(*) FROM documents");
    docs = stored.ok() ? *stored : 0;
    dbs.push_back(std::move(db).value());
  }
  struct SearchCase {
    bool collapse;
    int64_t rank_window;
  };
  for (SearchCase c :
       {SearchCase{false, rank_window}, SearchCase{true, rank_window}, SearchCase{false, 0}}) {
    const bool collapse = c.collapse;
    std::vector<std::vector<double>> ms(dbs.size());
    std::vector<size_t> hits(dbs.size());
    for (int i = 0; i < queries; ++i) {
      SearchQuery q = BenchQuery(gen, i, collapse, c.rank_window);
      for (size_t j = 0; j < dbs.size(); ++j) {
        const size_t d = (static_cast<size_t>(i) + j) % dbs.size();
        auto t0 = Clock::now();
        auto r = SearchDocuments(*dbs[d], q);
        ms[d].push_back(Seconds(Clock::now() - t0) * 1000);
        if (!r.ok()) {
          std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
          return 1;
        }
        hits[d] += r->size();
      }
    }
    for (size_t d = 0; d < dbs.size(); ++d) {
      std::printf(
          "search%s%s over %lld articles%s: p50 %.2f ms, p99 %.2f ms, max %.2f ms, %.1f "
          "hits/query [target p99 <= 50 ms]\n",
          collapse ? " --collapse" : "",
          c.rank_window == 0 ? " (every match ranked)"
                             : fmt::format(" (newest {} matches ranked)", c.rank_window).c_str(),
          static_cast<long long>(docs),
          dbs.size() > 1 ? fmt::format(" in {}", paths[d].string()).c_str() : "",
          Percentile(ms[d], 0.5), Percentile(ms[d], 0.99), Percentile(ms[d], 1.0),
          double(hits[d]) / std::max(queries, 1));
    }
  }
  return 0;
}

// Over the PostgreSQL store at `dsn`: the latency of `queries` searches (the queries of
// SearchLatency), plain and collapsed, then of as many four-letter prefixes, each through
// SearchPostgres (its own connection, as `newspipe search --dsn` makes) with the rank window
// `rank_window`; then the time of an export (`newspipe export --dsn`).
void PostgresSearchLatency(const std::string& dsn, ArticleGenerator& gen, int docs, int queries,
                           int64_t rank_window = SearchQuery().rank_window) {
  for (bool collapse : {false, true}) {
    std::vector<double> ms;
    size_t hits = 0;
    for (int i = 0; i < queries; ++i) {
      SearchQuery q = BenchQuery(gen, i, collapse, rank_window);
      auto t0 = Clock::now();
      auto r = SearchPostgres(dsn, q);
      ms.push_back(Seconds(Clock::now() - t0) * 1000);
      if (!r.ok()) {
        std::fprintf(stderr, "postgres: %s\n", r.status().ToString().c_str());
        return;
      }
      hits += r->size();
    }
    std::printf(
        "postgres: search%s%s over %d articles: p50 %.2f ms, p99 %.2f ms, max %.2f ms, %.1f "
        "hits/query [target p99 <= 50 ms]\n",
        collapse ? " --collapse" : "",
        rank_window == 0 ? " (every match ranked)"
                         : fmt::format(" (newest {} matches ranked)", rank_window).c_str(),
        docs, Percentile(ms, 0.5), Percentile(ms, 0.99), Percentile(ms, 1.0),
        double(hits) / std::max(queries, 1));
  }
  // Prefixes: a query word's first four letters (its vocabulary range gives a few dozen words
  // over the benchmark's vocabulary; very broad ones walk the documents).
  std::vector<double> ms;
  size_t hits = 0;
  for (int i = 0; i < queries; ++i) {
    SearchQuery q;
    q.text = gen.QueryWord().substr(0, 4) + "*";
    q.rank_window = rank_window;
    auto t0 = Clock::now();
    auto r = SearchPostgres(dsn, q);
    ms.push_back(Seconds(Clock::now() - t0) * 1000);
    if (!r.ok()) {
      std::fprintf(stderr, "postgres: %s\n", r.status().ToString().c_str());
      return;
    }
    hits += r->size();
  }
  std::printf(
      "postgres: search of a four-letter prefix over %d articles: p50 %.2f ms, p99 %.2f ms, max "
      "%.2f ms, %.1f hits/query\n",
      docs, Percentile(ms, 0.5), Percentile(ms, 0.99), Percentile(ms, 1.0),
      double(hits) / std::max(queries, 1));
  // export --dsn: every document as a JSON line, in pages.
  size_t lines = 0, bytes = 0;
  auto t0 = Clock::now();
  Status st = ExportPostgresJson(dsn, [&](std::string_view line) {
    ++lines;
    bytes += line.size();
  });
  const double seconds = Seconds(Clock::now() - t0);
  if (!st.ok()) {
    std::fprintf(stderr, "postgres: %s\n", st.ToString().c_str());
    return;
  }
  std::printf("postgres: export of %zu articles (%.0f MB of JSON Lines) in %.1f s, %.0f/s\n", lines,
              double(bytes) / 1e6, seconds, double(lines) / std::max(seconds, 1e-9));
}

// PostgreSQL, when NEWSPIPE_PG_DSN is set: `docs` articles (at most 20,000) into a scratch schema;
// then, if `search_docs` is larger, filled to that many and searched `queries` times.
int PostgresRate(ArticleGenerator& gen, int docs, int connections, int search_docs = 0,
                 int queries = 0, bool keep = false) {
  if (const char* dsn = std::getenv("NEWSPIPE_PG_DSN"); dsn != nullptr && *dsn != '\0') {
    const std::string schema = "np_bench_" + std::to_string(::getpid());
    try {
      pqxx::connection admin(dsn);
      {
        pqxx::work tx(admin);
        tx.exec("CREATE SCHEMA " + schema);
        tx.commit();
      }
      PostgresStoreOptions pg;
      pg.dsn = std::string(dsn) + " options='-c search_path=" + schema + "'";
      if (connections > 0) pg.connections = connections;
      auto pstore = PostgresStore::Open(pg);
      if (!pstore.ok()) {
        std::fprintf(stderr, "%s\n", pstore.status().ToString().c_str());
      } else {
        double g = 0;
        int n = std::min(docs, 20000);
        auto prate = Load(**pstore, gen, 0, n, &g);
        if (prate.ok()) {
          std::printf(
              "postgres: %.0f articles/s stored (batch %zu in parts over %d connections) "
              "[target >= 2000]; %.0f per client CPU second\n",
              prate->wall, (*pstore)->batch_size(), pg.connections, prate->cpu);
        } else {
          std::fprintf(stderr, "postgres: %s\n", prate.status().ToString().c_str());
        }
        if (prate.ok() && search_docs > n) {
          auto more = Load(**pstore, gen, n, search_docs - n, &g);
          if (more.ok()) {
            std::printf("postgres: %.0f articles/s while filling to %d articles\n", more->wall,
                        search_docs);
            PostgresSearchLatency(pg.dsn, gen, search_docs, queries);
          } else {
            std::fprintf(stderr, "postgres: %s\n", more.status().ToString().c_str());
          }
        }
      }
      if (pstore.ok()) pstore->reset();  // its background merge stops before the schema goes.
      if (keep) {
        std::printf("postgres: the scratch schema %s is kept\n", schema.c_str());
      } else {
        pqxx::work tx(admin);
        tx.exec("DROP SCHEMA " + schema + " CASCADE");
        tx.commit();
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "postgres: %s\n", e.what());
    }
  } else {
    std::printf("postgres: skipped (NEWSPIPE_PG_DSN is not set)\n");
  }
  return 0;
}

int Main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as they are measured.
  int docs = 20000, search_docs = 100000, queries = 1000;
  std::filesystem::path dir;
  std::vector<std::filesystem::path> search_dbs;
  int64_t rank_window = SearchQuery().rank_window;
  bool postgres_only = false;
  bool postgres = true;
  int pg_connections = 0;  // 0: the store's default.
  int pg_search_docs = 0;
  bool pg_keep = false;
  std::string pg_search_schema;
  int index_shards = SqliteStoreOptions().index_shards;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--docs")
      docs = std::atoi(argv[i + 1]);
    else if (a == "--search-docs")
      search_docs = std::atoi(argv[i + 1]);
    else if (a == "--queries")
      queries = std::atoi(argv[i + 1]);
    else if (a == "--dir")
      dir = argv[i + 1];
    else if (a == "--search-db")
      search_dbs.push_back(argv[i + 1]);
    else if (a == "--rank-window")
      rank_window = std::atoll(argv[i + 1]);
    else if (a == "--pg-connections")
      pg_connections = std::atoi(argv[i + 1]);
    else if (a == "--postgres")
      postgres = std::atoi(argv[i + 1]) != 0;
    else if (a == "--pg-keep")
      pg_keep = std::atoi(argv[i + 1]) != 0;
    else if (a == "--pg-search-schema")
      pg_search_schema = argv[i + 1];
    else if (a == "--pg-search-docs")
      pg_search_docs = std::atoi(argv[i + 1]);
    else if (a == "--postgres-only")
      postgres_only = std::atoi(argv[i + 1]) != 0;
    else if (a == "--index-shards")
      index_shards = std::atoi(argv[i + 1]);
  }
  search_docs = std::max(search_docs, docs);
  if (!pg_search_schema.empty()) {
    const char* dsn = std::getenv("NEWSPIPE_PG_DSN");
    if (dsn == nullptr || *dsn == '\0') {
      std::fprintf(stderr, "--pg-search-schema needs NEWSPIPE_PG_DSN\n");
      return 1;
    }
    const std::string pg_dsn =
        std::string(dsn) + " options='-c search_path=" + pg_search_schema + "'";
    int stored = 0;
    try {
      pqxx::connection conn(pg_dsn);
      pqxx::read_transaction tx(conn);
      stored = tx.exec1("SELECT count(*) FROM documents")[0].as<int>();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "postgres: %s\n", e.what());
      return 1;
    }
    ArticleGenerator gen(42);
    std::printf("store_bench: postgres search only, schema %s, %d queries (load %.1f)\n",
                pg_search_schema.c_str(), queries, [] {
                  double l[1] = {0};
                  getloadavg(l, 1);
                  return l[0];
                }());
    PostgresSearchLatency(pg_dsn, gen, stored, queries, rank_window);
    return 0;
  }
  if (!search_dbs.empty()) {
    ArticleGenerator gen(42);
    std::printf("store_bench: search only, %s, %d queries (load %.1f)\n",
                search_dbs.front().c_str(), queries, [] {
                  double l[1] = {0};
                  getloadavg(l, 1);
                  return l[0];
                }());
    return SearchLatency(search_dbs, gen, queries, rank_window);
  }
  bool own_dir = dir.empty();
  if (own_dir) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "store-bench-XXXXXX").string();
    dir = ::mkdtemp(tmpl.data());
  }
  ArticleGenerator gen(42);
  std::printf("store_bench: %d articles timed, %d stored for search, %d queries (load %.1f)\n",
              docs, search_docs, queries, [] {
                double l[1] = {0};
                getloadavg(l, 1);
                return l[0];
              }());
  {
    auto sample = gen.Article(0);
    std::printf("  article: %zu body bytes, %d blocks\n", sample.text().size(),
                sample.blocks_size());
  }

  if (postgres_only) {
    const int rc = PostgresRate(gen, docs, pg_connections, pg_search_docs, queries, pg_keep);
    if (own_dir) std::filesystem::remove_all(dir);
    return rc;
  }

  // SQLite.
  SqliteStoreOptions options;
  options.path = dir / "bench.db";
  options.index_shards = index_shards;
  auto store = SqliteStore::Open(options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  double gen_seconds = 0;
  auto rate = Load(**store, gen, 0, docs, &gen_seconds);
  if (!rate.ok()) {
    std::fprintf(stderr, "%s\n", rate.status().ToString().c_str());
    return 1;
  }
  std::printf(
      "sqlite: %.0f articles/s stored (FTS5 in %d shards, WAL, synchronous=full, batch %zu) "
      "[target >= 5000]; %.0f per CPU second; the writing thread alone: %.0f per CPU second "
      "(%.0f us per article)\n",
      rate->wall, index_shards, (*store)->batch_size(), rate->cpu, rate->thread,
      1e6 / rate->thread);
  // With two free cores the rate is bound by the busiest thread, or by all CPU over two cores.
  std::printf(
      "sqlite: the index threads: %.0f us per article in all, the busiest %.0f us; two free "
      "cores would allow about %.0f articles/s\n",
      1e6 * rate->index_seconds / docs, 1e6 * rate->busiest_index_seconds / docs,
      1.0 / std::max({1.0 / rate->thread, rate->busiest_index_seconds / docs, 0.5 / rate->cpu}));
  // Re-storing unchanged articles (a replay): no rewrite, revision unchanged.
  {
    double g = 0;
    auto again = Load(**store, gen, 0, std::min(docs, 5000), &g);
    if (again.ok()) {
      std::printf("sqlite: %.0f articles/s re-stored unchanged; %.0f per CPU second\n", again->wall,
                  again->cpu);
    }
  }
  if (search_docs > docs) {
    auto more = Load(**store, gen, docs, search_docs - docs, &gen_seconds);
    if (!more.ok()) {
      std::fprintf(stderr, "%s\n", more.status().ToString().c_str());
      return 1;
    }
    std::printf("sqlite: %.0f articles/s while filling to %d articles; %.0f per CPU second\n",
                more->wall, search_docs, more->cpu);
  }
  store->reset();
  auto mb = [](const std::filesystem::path& p) {
    std::error_code ec;
    auto n = std::filesystem::file_size(p, ec);
    return ec ? 0.0 : static_cast<double>(n) / 1048576.0;
  };
  const std::string db_name = options.path.string();
  double index_mb = 0;
  for (int k = 0; k < index_shards; ++k) {
    const std::string shard = SqliteFtsPath(options.path, k).string();
    index_mb += mb(shard) + mb(shard + "-wal");
  }
  std::printf(
      "sqlite: database %.0f MB for %d articles (%.0f MB of it the full-text index files)\n",
      mb(db_name) + mb(db_name + "-wal") + index_mb, search_docs, index_mb);

  if (int rc = SearchLatency({options.path}, gen, queries, rank_window); rc != 0) return rc;

  if (postgres) {
    PostgresRate(gen, docs, pg_connections);
  } else {
    std::printf("postgres: skipped (--postgres 0)\n");
  }
  std::printf("max RSS %ld MB; generating articles took %.1f s (not counted)\n", MaxRssMb(),
              gen_seconds);
  if (own_dir) std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace newspipe

int main(int argc, char** argv) { return newspipe::Main(argc, argv); }
