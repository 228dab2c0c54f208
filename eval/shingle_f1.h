// Shingle precision/recall/F1 for article bodies, exactly as ../shared/eval/METRIC.md defines it:
// tokens are Python's re.findall(r"\w+") (stages/common/text_util.h), shingles are windows of 4
// consecutive tokens counted as a multiset (1-3 tokens: one shorter shingle), per-document tp/fp/fn
// from the counts, and corpus figures as macro averages (precision over documents with a
// non-empty prediction, recall over all, F1 the harmonic mean of the two means). Pure; safe from
// any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newspipe {

struct ShingleScore {
  double precision = 0;
  double recall = 0;
  double f1 = 0;  // per-document harmonic mean (for ranking worst documents).
  bool prediction_empty = true;
  bool exact = false;  // the token sequences are equal.
  size_t tp = 0, fp = 0, fn = 0;
};

ShingleScore ScoreShingles(std::string_view truth, std::string_view prediction);

struct CorpusScore {
  double precision = 0;  // mean over documents with a non-empty prediction.
  double recall = 0;     // mean over all documents.
  double f1 = 0;         // harmonic mean of the two means.
  double accuracy = 0;   // share of documents whose token sequence equals the truth's.
  size_t documents = 0;
  size_t empty_predictions = 0;
};

CorpusScore AggregateShingles(const std::vector<ShingleScore>& scores);

}  // namespace newspipe
