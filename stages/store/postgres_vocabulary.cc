#include "stages/store/postgres_vocabulary.h"

#include <algorithm>

namespace newspipe {

WordCache::WordCache() : slots_(kWordCacheCapacity * 2, 0) {}

bool WordCache::Has(uint64_t key) const {
  key = key == 0 ? 1 : key;
  const size_t mask = slots_.size() - 1;
  for (size_t i = key & mask;; i = (i + 1) & mask) {
    if (slots_[i] == key) return true;
    if (slots_[i] == 0) return false;
  }
}

void WordCache::Add(uint64_t key) {
  key = key == 0 ? 1 : key;
  if (size_ >= kWordCacheCapacity) {  // full: start over rather than grow.
    std::fill(slots_.begin(), slots_.end(), 0);
    size_ = 0;
  }
  const size_t mask = slots_.size() - 1;
  size_t i = key & mask;
  while (slots_[i] != 0) {
    if (slots_[i] == key) return;
    i = (i + 1) & mask;
  }
  slots_[i] = key;
  ++size_;
}

void WordCache::Unknown(const std::vector<const DocTerms*>& docs,
                        std::vector<std::string_view>& words, std::vector<uint64_t>& keys) {
  std::lock_guard<std::mutex> lock(mu_);
  const size_t first = keys.size();
  for (const DocTerms* d : docs) {
    size_t at = 0;
    for (uint64_t key : d->word_keys) {
      const size_t end = d->words.find('\0', at);
      if (end == std::string::npos) break;
      if (!Has(key)) {
        words.emplace_back(d->words.data() + at, end - at);
        keys.push_back(key);
      }
      at = end + 1;
    }
  }
  // Each once: by key (a word's key is a function of the word).
  std::vector<size_t> order(keys.size() - first);
  for (size_t i = 0; i < order.size(); ++i) order[i] = first + i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  std::vector<std::string_view> unique_words;
  std::vector<uint64_t> unique_keys;
  for (size_t i = 0; i < order.size(); ++i) {
    if (i > 0 && keys[order[i]] == keys[order[i - 1]]) continue;
    unique_words.push_back(words[order[i]]);
    unique_keys.push_back(keys[order[i]]);
  }
  words.resize(first);
  keys.resize(first);
  words.insert(words.end(), unique_words.begin(), unique_words.end());
  keys.insert(keys.end(), unique_keys.begin(), unique_keys.end());
}

void WordCache::Remember(const std::vector<uint64_t>& keys) {
  std::lock_guard<std::mutex> lock(mu_);
  for (uint64_t key : keys) Add(key);
}

void WriteWords(pqxx::work& tx, std::vector<std::string_view> words) {
  if (words.empty()) return;
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  std::string literal = "{";
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (char c : words[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  literal += '}';
  tx.exec_params(
      "INSERT INTO search_words (word) SELECT w FROM unnest($1::text[]) w ORDER BY w COLLATE "
      "\"C\" ON CONFLICT DO NOTHING",
      literal);
}

std::vector<std::string> WordsWithPrefix(pqxx::transaction_base& tx, const std::string& prefix,
                                         int max) {
  std::vector<std::string> out;
  for (const auto& row : tx.exec_params(
           "SELECT word FROM search_words WHERE word >= $1 AND word <= $2 ORDER BY word LIMIT $3",
           prefix, PrefixEnd(prefix), max + 1)) {
    out.push_back(row[0].as<std::string>());
  }
  return out;
}

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  end += "\xF4\x8F\xBF\xBF";
  return end;
}

}  // namespace newspipe
