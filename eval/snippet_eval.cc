#include "eval/snippet_eval.h"

#include "stages/common/text_util.h"

namespace newspipe {

double SnippetCounts::precision() const {
  return tp + fp ? static_cast<double>(tp) / static_cast<double>(tp + fp) : 0;
}
double SnippetCounts::recall() const {
  return tp + fn ? static_cast<double>(tp) / static_cast<double>(tp + fn) : 0;
}
double SnippetCounts::f1() const {
  double p = precision(), r = recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}
double SnippetCounts::accuracy() const {
  size_t all = tp + fn + tn + fp;
  return all ? static_cast<double>(tp + tn) / static_cast<double>(all) : 0;
}

std::string NormalizeSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending = false;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    const char* start = p;
    char32_t c = DecodeUtf8(&p, end);
    if (IsUnicodeSpace(c) || (c >= 0x1C && c <= 0x1F)) {
      pending = true;
      continue;
    }
    if (pending && !out.empty()) out.push_back(' ');
    pending = false;
    out.append(start, static_cast<size_t>(p - start));
  }
  return out;
}

SnippetCounts ScoreSnippets(std::string_view output, const std::vector<std::string>& with,
                            const std::vector<std::string>& without) {
  SnippetCounts c;
  std::string text = NormalizeSpaces(output);
  for (const auto& s : with) {
    std::string n = NormalizeSpaces(s);
    (text.find(n) != std::string::npos) ? ++c.tp : ++c.fn;
  }
  for (const auto& s : without) {
    std::string n = NormalizeSpaces(s);
    (text.find(n) != std::string::npos) ? ++c.fp : ++c.tn;
  }
  return c;
}

}  // namespace newspipe
