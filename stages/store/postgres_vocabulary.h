// The PostgreSQL store's vocabulary, for prefix search: every distinct word of the search index
// (postgres_postings.h) as a row of `search_words`, whose key has the C collation, so the words
// starting with a prefix are one range of its index. A write transaction adds the words of its
// documents that are new (WriteWords); search expands a prefix into its words (WordsWithPrefix)
// and looks each up in the index like a whole word.
//
// WordCache spares the server the words a store process has already written: it remembers the
// XXH3-64 keys of up to kWordCacheCapacity words (a fixed 4 MB table) and starts over when full.
// A word another replica wrote is sent again once, and left alone by the server. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

#include "stages/store/postgres_lexemes.h"

namespace newspipe {

inline constexpr size_t kWordCacheCapacity = size_t{1} << 18;

class WordCache {
 public:
  WordCache();
  // Appends to `words` the words of `docs` not known to be stored, each once, and their keys to
  // `keys` (for Remember once they are committed).
  void Unknown(const std::vector<const DocTerms*>& docs, std::vector<std::string_view>& words,
               std::vector<uint64_t>& keys);
  // Records that these words are stored.
  void Remember(const std::vector<uint64_t>& keys);

 private:
  bool Has(uint64_t key) const;
  void Add(uint64_t key);
  mutable std::mutex mu_;
  std::vector<uint64_t> slots_;  // open addressing; 0 is empty (a key of 0 is kept as 1).
  size_t size_ = 0;
};

// Adds `words` to the vocabulary within `tx` (a word already there is left alone), in bytewise
// order, so concurrent writers take the index's locks in one order. Throws libpqxx's exceptions.
void WriteWords(pqxx::work& tx, std::vector<std::string_view> words);

// The vocabulary's words that start with `prefix`, in bytewise order, at most `max + 1` (so a
// caller sees that there are more than `max`).
std::vector<std::string> WordsWithPrefix(pqxx::transaction_base& tx, const std::string& prefix,
                                         int max);

// The highest string starting with `prefix` that a word can be: `prefix` and U+10FFFF, the last
// code point (valid UTF-8, as the server wants its text; raising the last byte would not be).
std::string PrefixEnd(std::string_view prefix);

}  // namespace newspipe
