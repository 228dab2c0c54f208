// The `newspipe eval` runs: every page of a dataset through clean + extract in one process
// (stages/local_pipeline.h), scored with the shingle metric (L3S-GN1 style datasets) or the
// snippet metric (trafilatura style datasets), figures printed to a stream. Not thread-safe.
#pragma once

#include <filesystem>
#include <ostream>
#include <set>
#include <string>

namespace newspipe {

struct BodyEvalOptions {
  int worst = 10;                 // how many worst documents to list.
  std::set<std::string> exclude;  // ids scored separately ("without" figures).
  std::string exclude_label;      // what the excluded ids are, for the report.
};

// Scores `dir` (ground-truth.json + html/) with the shingle metric. Returns an exit code.
int RunShingleEval(const std::filesystem::path& dir, const BodyEvalOptions& options,
                   std::ostream& out);
// Scores `dir` (evaldata.json + html/) with the snippet metric. Returns an exit code.
int RunSnippetEval(const std::filesystem::path& dir, const BodyEvalOptions& options,
                   std::ostream& out);

}  // namespace newspipe
