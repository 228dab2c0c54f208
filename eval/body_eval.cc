#include "eval/body_eval.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "eval/eval_datasets.h"
#include "eval/shingle_f1.h"
#include "eval/snippet_eval.h"
#include "stages/common/document_id.h"
#include "stages/local_pipeline.h"

namespace newspipe {
namespace {

std::string Fmt(const char* format, double a, double b, double c, double d) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a, b, c, d);
  return buf;
}

std::string HostOf(const std::string& url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (host.rfind("www.", 0) == 0) host = host.substr(4);
  return host;
}

}  // namespace

int RunShingleEval(const std::filesystem::path& dir, const BodyEvalOptions& options,
                   std::ostream& out) {
  auto cases = ReadBodyDataset(dir);
  if (!cases.ok()) {
    out << "eval: " << cases.status().ToString() << "\n";
    return 1;
  }
  auto pipeline = LocalPipeline::Create({});
  if (!pipeline.ok()) {
    out << "eval: " << pipeline.status().ToString() << "\n";
    return 1;
  }
  std::vector<ShingleScore> all, kept;
  struct Row {
    double f1;
    std::string id;
    ShingleScore s;
  };
  std::vector<Row> rows;
  auto start = std::chrono::steady_clock::now();
  for (const BodyCase& c : *cases) {
    v1::Document doc = (*pipeline)->ProcessFile(c.page);
    ShingleScore s = ScoreShingles(c.truth, doc.text());
    all.push_back(s);
    if (!options.exclude.count(c.id)) kept.push_back(s);
    rows.push_back({s.f1, c.id, s});
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CorpusScore a = AggregateShingles(all);
  out << "dataset: " << dir.string() << " (" << a.documents << " documents, shingle metric)\n";
  out << Fmt("all documents:      F1 %.4f  P %.4f  R %.4f  accuracy %.4f\n", a.f1, a.precision,
             a.recall, a.accuracy);
  if (!options.exclude.empty()) {
    CorpusScore k = AggregateShingles(kept);
    char line[256];
    std::snprintf(line, sizeof line,
                  "without %zu excluded: F1 %.4f  P %.4f  R %.4f  accuracy %.4f\n",
                  a.documents - k.documents, k.f1, k.precision, k.recall, k.accuracy);
    out << line;
    if (!options.exclude_label.empty()) out << "  (excluded: " << options.exclude_label << ")\n";
  }
  out << "empty predictions: " << a.empty_predictions << "\n";
  char timing[128];
  std::snprintf(timing, sizeof timing, "time: %.1f s (%.0f documents/s, clean + extract)\n", secs,
                secs > 0 ? double(a.documents) / secs : 0);
  out << timing;
  std::sort(rows.begin(), rows.end(),
            [](const Row& x, const Row& y) { return x.f1 != y.f1 ? x.f1 < y.f1 : x.id < y.id; });
  if (options.worst > 0) out << "worst " << options.worst << " documents:\n";
  for (int i = 0; i < options.worst && i < static_cast<int>(rows.size()); ++i) {
    const Row& r = rows[static_cast<size_t>(i)];
    char line[256];
    std::snprintf(line, sizeof line, "  %s  F1 %.3f  P %.3f  R %.3f  tp %zu fp %zu fn %zu%s\n",
                  r.id.c_str(), r.s.f1, r.s.precision, r.s.recall, r.s.tp, r.s.fp, r.s.fn,
                  options.exclude.count(r.id) ? "  (excluded)" : "");
    out << line;
  }
  return 0;
}

int RunSnippetEval(const std::filesystem::path& dir, const BodyEvalOptions& options,
                   std::ostream& out) {
  auto cases = ReadSnippetDataset(dir);
  if (!cases.ok()) {
    out << "eval: " << cases.status().ToString() << "\n";
    return 1;
  }
  auto pipeline = LocalPipeline::Create({});
  if (!pipeline.ok()) {
    out << "eval: " << pipeline.status().ToString() << "\n";
    return 1;
  }
  SnippetCounts total;
  struct Row {
    double score;
    std::string name;
    SnippetCounts c;
  };
  std::vector<Row> rows;
  auto start = std::chrono::steady_clock::now();
  for (const SnippetCase& c : *cases) {
    Result<std::string> bytes = ReadInputFile(c.page);
    v1::Document doc = DocumentFromFile(c.page, bytes.ok() ? std::move(bytes).value() : "");
    doc.mutable_fetch()->set_url(c.url);
    doc.mutable_source()->set_site(HostOf(c.url));
    doc.set_id(DocumentId(c.url, ""));
    (*pipeline)->Process(doc);
    SnippetCounts s = ScoreSnippets(doc.text(), c.with, c.without);
    total += s;
    double bad = static_cast<double>(s.fn + s.fp);
    rows.push_back({-bad, c.page.filename().string(), s});
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out << "dataset: " << dir.string() << " (" << cases->size() << " pages, snippet metric)\n";
  out << Fmt("snippets: F1 %.4f  P %.4f  R %.4f  accuracy %.4f\n", total.f1(), total.precision(),
             total.recall(), total.accuracy());
  char counts[160];
  std::snprintf(counts, sizeof counts, "counts: tp %zu  fn %zu  tn %zu  fp %zu\n", total.tp,
                total.fn, total.tn, total.fp);
  out << counts;
  char timing[128];
  std::snprintf(timing, sizeof timing, "time: %.1f s (%.0f pages/s, clean + extract)\n", secs,
                secs > 0 ? double(cases->size()) / secs : 0);
  out << timing;
  std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
    return x.score != y.score ? x.score < y.score : x.name < y.name;
  });
  if (options.worst > 0) out << "worst " << options.worst << " pages:\n";
  for (int i = 0; i < options.worst && i < static_cast<int>(rows.size()); ++i) {
    const Row& r = rows[static_cast<size_t>(i)];
    char line[256];
    std::snprintf(line, sizeof line, "  %s  missed %zu of %zu, leaked %zu of %zu\n", r.name.c_str(),
                  r.c.fn, r.c.fn + r.c.tp, r.c.fp, r.c.fp + r.c.tn);
    out << line;
  }
  return 0;
}

}  // namespace newspipe
