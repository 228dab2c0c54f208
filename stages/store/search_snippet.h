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

std::string MakeSnippet(std::string_view text, const std::vector<SnippetTerm>& terms,
                        std::string_view open, std::string_view close, size_t max_words = 24);

}  // namespace newspipe
