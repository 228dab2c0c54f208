#include "eval/shingle_f1.h"

#include <algorithm>
#include <unordered_map>

#include "stages/common/text_util.h"

namespace newspipe {
namespace {

// A shingle as the joined text of its tokens (tokens never contain '\x1f').
std::unordered_map<std::string, long> Shingles(const std::vector<std::string_view>& tokens) {
  std::unordered_map<std::string, long> out;
  if (tokens.empty()) return out;
  size_t width = std::min<size_t>(4, tokens.size());
  out.reserve(tokens.size());
  std::string key;
  for (size_t i = 0; i + width <= tokens.size(); ++i) {
    key.clear();
    for (size_t j = 0; j < width; ++j) {
      if (j) key.push_back('\x1f');
      key.append(tokens[i + j]);
    }
    ++out[key];
  }
  return out;
}

}  // namespace

ShingleScore ScoreShingles(std::string_view truth, std::string_view prediction) {
  ShingleScore s;
  auto t_tokens = WordTokens(truth);
  auto p_tokens = WordTokens(prediction);
  s.prediction_empty = p_tokens.empty();
  s.exact = t_tokens == p_tokens;
  auto t = Shingles(t_tokens);
  auto p = Shingles(p_tokens);
  for (const auto& [k, pc] : p) {
    auto it = t.find(k);
    long tc = it == t.end() ? 0 : it->second;
    s.tp += static_cast<size_t>(std::min(tc, pc));
    s.fp += static_cast<size_t>(std::max(0L, pc - tc));
  }
  for (const auto& [k, tc] : t) {
    auto it = p.find(k);
    long pc = it == p.end() ? 0 : it->second;
    s.fn += static_cast<size_t>(std::max(0L, tc - pc));
  }
  if (s.fp == 0 && s.fn == 0) {
    s.precision = s.recall = 1;
  } else {
    s.precision = (s.tp + s.fp) ? static_cast<double>(s.tp) / static_cast<double>(s.tp + s.fp) : 0;
    s.recall = (s.tp + s.fn) ? static_cast<double>(s.tp) / static_cast<double>(s.tp + s.fn) : 0;
  }
  s.f1 = (s.precision + s.recall) > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  return s;
}

CorpusScore AggregateShingles(const std::vector<ShingleScore>& scores) {
  CorpusScore c;
  c.documents = scores.size();
  double p_sum = 0, r_sum = 0;
  size_t p_n = 0, exact = 0;
  for (const auto& s : scores) {
    r_sum += s.recall;
    if (s.prediction_empty) {
      ++c.empty_predictions;
    } else {
      p_sum += s.precision;
      ++p_n;
    }
    exact += s.exact;
  }
  c.precision = p_n ? p_sum / static_cast<double>(p_n) : 0;
  c.recall = c.documents ? r_sum / static_cast<double>(c.documents) : 0;
  c.f1 = (c.precision + c.recall) > 0 ? 2 * c.precision * c.recall / (c.precision + c.recall) : 0;
  c.accuracy = c.documents ? static_cast<double>(exact) / static_cast<double>(c.documents) : 0;
  return c;
}

}  // namespace newspipe
