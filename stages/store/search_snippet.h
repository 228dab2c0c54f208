// A search hit's snippet, made on the client from the document's text by the word rule of the
// PostgreSQL store's index (postgres_lexemes.h), so what is marked is what matched: the window of
// `max_words` words holding the most distinct query terms (then the most matches, then the
// earliest), each matching word wrapped in the markers, and "…" where the window cuts the text,
// as the SQLite store's FTS5 snippet() gives. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newspipe {

struct SnippetTerm {
  std::string word;     // lower-cased, as SearchWords gives it.
  bool prefix = false;  // matches any word starting with it.
};

// Whether the (lower-cased) word `w` matches `term`: equal to it, or starting with a prefix.
inline bool MatchesTerm(std::string_view w, const SnippetTerm& term) {
  return term.prefix ? w.substr(0, term.word.size()) == term.word : w == term.word;
}

// The snippet. With `seen`, also which terms occur anywhere in `text` (resized to the terms).
std::string MakeSnippet(std::string_view text, const std::vector<SnippetTerm>& terms,
                        std::string_view open, std::string_view close, size_t max_words = 24,
                        std::vector<bool>* seen = nullptr);

}  // namespace newspipe
