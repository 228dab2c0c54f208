// Snippet precision/recall/F1 (../shared/eval/METRIC.md, trafilatura-dev): white space in the
// snippet and the output collapses to one space, then `with` snippets must be contained and
// `without` snippets must not; counts are pooled over all pages. Pure; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newspipe {

struct SnippetCounts {
  size_t tp = 0;  // `with` snippets found.
  size_t fn = 0;  // `with` snippets missing.
  size_t tn = 0;  // `without` snippets absent.
  size_t fp = 0;  // `without` snippets present.

  SnippetCounts& operator+=(const SnippetCounts& o) {
    tp += o.tp, fn += o.fn, tn += o.tn, fp += o.fp;
    return *this;
  }
  double precision() const;
  double recall() const;
  double f1() const;
  double accuracy() const;
};

// Runs of white space (Python's str.split() notion: Unicode spaces and \x1c-\x1f) become one
// space; leading and trailing white space goes.
std::string NormalizeSpaces(std::string_view text);

// Scores one page's output against its snippets.
SnippetCounts ScoreSnippets(std::string_view output, const std::vector<std::string>& with,
                            const std::vector<std::string>& without);

}  // namespace newspipe
