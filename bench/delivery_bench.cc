// delivery_bench: what the delivery guarantee costs. Runs the real pipeline (`newspipe run`:
// fetch -> clean -> extract -> store, one process each) over the same generated pages with
// acknowledgements on (outbox synced before each send, acks after the store's commit, window)
// and off (delivery.acks: false: no outbox, no acks), and prints documents per second for each
// and the difference.
//
// Each trial starts from an empty state directory and runs as a daemon; the clock stops when the
// store holds every page (polled every 20 ms), so both modes are timed the same way (with acks
// off `--once` could not tell when the last page is in). Trials alternate on/off so that a
// change in the machine's load hits both; the best trial of each mode is compared.
// Usage: delivery_bench [--docs N] [--trials N] [--bin DIR]   (defaults: 10,000 and 3)
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/chaos_driver.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// Seconds until `docs` pages are stored, or a negative number when the run failed.
double Trial(const std::string& bin_dir, const fs::path& pages, int docs, bool acks) {
  char tmpl[] = "/tmp/np-dlvbench-XXXXXX";
  const fs::path dir = ::mkdtemp(tmpl);
  const fs::path yaml = dir / "bench.yaml";
  std::ofstream(yaml) << "pipeline: bench\nstate_dir: " << (dir / "state").string()
                      << "\ndelivery:\n  acks: " << (acks ? "true" : "false")
                      << "\nstages:\n  - type: fetch\n    config:\n      paths: [\""
                      << pages.string()
                      << "\"]\n  - type: clean\n  - type: extract\n  - type: store\n"
                         "    config:\n      path: news.db\n";
  const fs::path db = dir / "state" / "news.db";
  const auto start = Clock::now();
  auto child = newspipe::StartProcess({bin_dir + "/newspipe", "run", yaml.string()});
  if (!child.ok()) {
    std::fprintf(stderr, "%s\n", child.status().message().c_str());
    return -1;
  }
  std::string buffer, last;
  double seconds = -1;
  const auto deadline = start + std::chrono::minutes(30);
  while (Clock::now() < deadline) {
    if (child->output_fd() >= 0) {
      pollfd pfd{child->output_fd(), POLLIN, 0};
      ::poll(&pfd, 1, 20);
      std::vector<std::string> lines;
      if (!newspipe::ReadLines(child->output_fd(), &buffer, &lines)) child->CloseOutput();
      if (!lines.empty()) last = lines.back();
    } else {
      ::poll(nullptr, 0, 20);
    }
    if (newspipe::chaos::detail::CountRows(db) >= docs) {
      seconds = std::chrono::duration<double>(Clock::now() - start).count();
      break;
    }
    if (child->TryWait()) {
      std::fprintf(stderr, "the pipeline ended early: %s\n", last.c_str());
      break;
    }
  }
  child->Signal(SIGTERM);
  while (!child->TryWait()) ::poll(nullptr, 0, 20);
  fs::remove_all(dir);
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  int docs = 10'000;
  int trials = 3;
  std::string bin_dir = newspipe::ExecutableDir() + "/../bin";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--docs") {
      docs = std::atoi(argv[i + 1]);
    } else if (flag == "--trials") {
      trials = std::atoi(argv[i + 1]);
    } else if (flag == "--bin") {
      bin_dir = argv[i + 1];
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  char tmpl[] = "/tmp/np-dlvpages-XXXXXX";
  const fs::path pages = ::mkdtemp(tmpl);
  for (int i = 0; i < docs; ++i) {
    const fs::path site = pages / ("site-" + std::to_string(i % 16));
    if (i < 16) fs::create_directories(site);
    std::ofstream(site / ("page-" + std::to_string(i) + ".html"))
        << newspipe::chaos::detail::Page(i);
  }
  std::vector<double> on, off;
  for (int t = 0; t < trials; ++t) {
    for (bool acks : {true, false}) {
      const double s = Trial(bin_dir, pages, docs, acks);
      if (s <= 0) {
        fs::remove_all(pages);
        return 1;
      }
      (acks ? on : off).push_back(s);
      std::printf("trial %d, acks %-3s: %d documents in %.2fs = %.0f docs/s\n", t + 1,
                  acks ? "on" : "off", docs, s, docs / s);
    }
  }
  fs::remove_all(pages);
  std::sort(on.begin(), on.end());
  std::sort(off.begin(), off.end());
  const double best_on = on.front(), best_off = off.front();
  const double median_on = on[on.size() / 2], median_off = off[off.size() / 2];
  std::printf("best: acks on %.0f docs/s, acks off %.0f docs/s; the guarantee costs %.1f%%\n",
              docs / best_on, docs / best_off, 100.0 * (best_on - best_off) / best_on);
  std::printf("median: acks on %.0f docs/s, acks off %.0f docs/s; the guarantee costs %.1f%%\n",
              docs / median_on, docs / median_off, 100.0 * (median_on - median_off) / median_on);
  return 0;
}
