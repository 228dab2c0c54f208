#include "stages/store/search_snippet.h"

#include <algorithm>

#include "stages/store/postgres_lexemes.h"

namespace newspipe {

std::string MakeSnippet(std::string_view text, const std::vector<SnippetTerm>& terms,
                        std::string_view open, std::string_view close, size_t max_words,
                        std::vector<bool>* seen) {
  if (seen != nullptr) seen->assign(terms.size(), false);
  struct Word {
    size_t begin, end;
    int term;  // the query term it matches, or -1.
  };
  std::vector<Word> words;
  words.reserve(text.size() / 6 + 1);
  ForEachSearchWord(text, [&](std::string_view w, size_t begin, size_t end) {
    int term = -1;  // the first term it matches marks it; every term it matches is seen.
    for (size_t t = 0; t < terms.size(); ++t) {
      if (!MatchesTerm(w, terms[t])) continue;
      if (term < 0) term = static_cast<int>(t);
      if (seen == nullptr) break;
      (*seen)[t] = true;
    }
    words.push_back(Word{begin, end, term});
  });
  if (words.empty() || max_words == 0) return std::string();
  // The best window by a sliding count of each term's matches in it.
  const size_t width = std::min(max_words, words.size());
  std::vector<int> count(terms.size(), 0);
  int distinct = 0, matches = 0;
  auto add = [&](const Word& w, int delta) {
    if (w.term < 0) return;
    int& c = count[static_cast<size_t>(w.term)];
    if (c == 0 && delta > 0) ++distinct;
    c += delta;
    if (c == 0 && delta < 0) --distinct;
    matches += delta;
  };
  for (size_t i = 0; i < width; ++i) add(words[i], 1);
  size_t best = 0;
  int best_distinct = distinct, best_matches = matches;
  for (size_t start = 1; start + width <= words.size(); ++start) {
    add(words[start - 1], -1);
    add(words[start + width - 1], 1);
    if (distinct > best_distinct || (distinct == best_distinct && matches > best_matches)) {
      best = start;
      best_distinct = distinct;
      best_matches = matches;
    }
  }
  // The window's matches centred in it, as far as the text allows (they all stay in it).
  {
    size_t first_match = best + width, last_match = best;
    for (size_t i = best; i < best + width; ++i) {
      if (words[i].term < 0) continue;
      first_match = std::min(first_match, i);
      last_match = i;
    }
    if (first_match < best + width) {
      const size_t span = last_match - first_match + 1;
      const size_t lead = (width - span) / 2;
      best = std::min(first_match > lead ? first_match - lead : 0, words.size() - width);
    }
  }
  std::string out;
  const size_t last = best + width;  // one past the window's last word.
  if (best > 0) out += "…";
  // A window at either end of the text keeps the punctuation there ("quoted." stays whole).
  size_t at = best == 0 ? 0 : words[best].begin;
  size_t stop = words[last - 1].end;
  if (last == words.size()) {
    stop = text.size();
    while (stop > words[last - 1].end && (text[stop - 1] == ' ' || text[stop - 1] == '\n' ||
                                          text[stop - 1] == '\t' || text[stop - 1] == '\r')) {
      --stop;
    }
  }
  while (best == 0 && at < words[0].begin &&
         (text[at] == ' ' || text[at] == '\n' || text[at] == '\t' || text[at] == '\r')) {
    ++at;
  }
  for (size_t i = best; i < last; ++i) {
    const Word& w = words[i];
    if (w.term < 0) continue;
    out.append(text.substr(at, w.begin - at));
    out += open;
    out.append(text.substr(w.begin, w.end - w.begin));
    out += close;
    at = w.end;
  }
  out.append(text.substr(at, stop - at));
  if (last < words.size()) out += "…";
  return out;
}

}  // namespace newspipe
