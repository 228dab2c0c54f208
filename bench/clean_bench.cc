// clean_bench: clean + extract of every page of L3S-GN1 in one process on one thread, side by
// side with libxml2 parsing the same pages and nothing else, in alternating rounds. Prints
// documents/s for both, their time ratio (best round of each, and the median of the rounds' own
// ratios) and the peak RSS of the process.
//
// Usage: clean_bench [DATASET_DIR] [--rounds N] [--no-extract] [--site-model]
// DATASET_DIR defaults to $NEWSPIPE_SHARED/data/l3s-gn1 (or the configured shared folder).
#include <libxml/HTMLparser.h>
#include <sys/resource.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "stages/local_pipeline.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// CPU time of this thread: unlike wall time it does not grow when other processes share the
// cores, so the ratio stays readable on a busy machine.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir;
  int rounds = 3;
  bool extract = true;
  bool site_model = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--no-extract") {
      extract = false;
    } else if (a == "--site-model") {
      site_model = true;
    } else {
      dir = a;
    }
  }
  if (dir.empty()) {
    const char* env = std::getenv("NEWSPIPE_SHARED");
    dir = std::filesystem::path(env ? env : NEWSPIPE_SHARED_DIR) / "data" / "l3s-gn1";
  }
  std::vector<std::string> problems;
  auto files = newspipe::ListLocalInputs({dir / "html"}, &problems);
  if (files.empty()) {
    std::fprintf(stderr, "clean_bench: no pages under %s\n", (dir / "html").c_str());
    return 1;
  }
  // Pages are read once, up front: the benchmark measures processing, not the disk.
  std::vector<std::string> pages;
  size_t bytes = 0;
  for (const auto& f : files) {
    auto r = newspipe::ReadInputFile(f);
    pages.push_back(r.ok() ? std::move(r).value() : std::string());
    bytes += pages.back().size();
  }
  std::printf("pages: %zu (%.1f MB) from %s\n", pages.size(), double(bytes) / 1e6, dir.c_str());

  newspipe::LocalPipelineOptions options;
  options.run_extract = extract;
  options.clean_config = {{"site_model", site_model}};
  auto pipeline = newspipe::LocalPipeline::Create(options);
  if (!pipeline.ok()) {
    std::fprintf(stderr, "clean_bench: %s\n", pipeline.status().ToString().c_str());
    return 1;
  }

  // Rounds alternate libxml2 parse only (the same parser and options clean uses) with the full
  // pass, so both see the same machine: on a shared host the speed of a core drifts within
  // seconds, and measuring all parse rounds first skewed the ratio by up to 30%.
  constexpr int kOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                           HTML_PARSE_NONET | HTML_PARSE_COMPACT;
  double parse_best = 1e100, parse_cpu_best = 1e100;
  double full_best = 1e100, full_cpu_best = 1e100;
  std::vector<double> round_ratios;
  size_t body_bytes = 0;
  for (int r = 0; r < rounds; ++r) {
    auto start = Clock::now();
    double cpu_start = ThreadCpuSeconds();
    for (const auto& p : pages) {
      htmlDocPtr doc =
          htmlReadMemory(p.data(), static_cast<int>(p.size()), nullptr, nullptr, kOptions);
      if (doc) xmlFreeDoc(doc);
    }
    const double parse_cpu = ThreadCpuSeconds() - cpu_start;
    parse_best = std::min(parse_best, Seconds(Clock::now() - start));
    parse_cpu_best = std::min(parse_cpu_best, parse_cpu);

    body_bytes = 0;
    start = Clock::now();
    cpu_start = ThreadCpuSeconds();
    for (size_t i = 0; i < pages.size(); ++i) {
      newspipe::v1::Document doc = newspipe::DocumentFromFile(files[i], pages[i]);
      (*pipeline)->Process(doc);
      body_bytes += doc.text().size();
    }
    const double full_cpu = ThreadCpuSeconds() - cpu_start;
    full_best = std::min(full_best, Seconds(Clock::now() - start));
    full_cpu_best = std::min(full_cpu_best, full_cpu);
    round_ratios.push_back(full_cpu / parse_cpu);
  }
  std::sort(round_ratios.begin(), round_ratios.end());
  double n = static_cast<double>(pages.size());
  std::printf("libxml2 parse only:  %8.0f docs/s  (%.3f s, best of %d)\n", n / parse_best,
              parse_best, rounds);
  std::printf("clean%s:      %8.0f docs/s  (%.3f s, best of %d)%s\n",
              extract ? " + extract" : "          ", n / full_best, full_best, rounds,
              (*pipeline)->has_extract() || !extract ? "" : "  [extract stage unavailable]");
  std::printf("time ratio (clean%s / parse): %.2fx\n", extract ? "+extract" : "",
              full_best / parse_best);
  std::printf("cpu time ratio (clean%s / parse): %.2fx  (%.3f s / %.3f s of thread CPU)\n",
              extract ? "+extract" : "", full_cpu_best / parse_cpu_best, full_cpu_best,
              parse_cpu_best);
  std::printf(
      "cpu time ratio, median of %d alternating rounds: %.2fx (lowest %.2fx, highest %.2fx)\n",
      rounds, round_ratios[round_ratios.size() / 2], round_ratios.front(), round_ratios.back());
  std::printf("body text: %.1f MB\n", double(body_bytes) / 1e6);
  std::printf("peak RSS: %.1f MB\n", double(PeakRssKb()) / 1024.0);
  return 0;
}
