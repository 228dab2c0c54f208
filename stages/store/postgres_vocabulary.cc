#include "stages/store/postgres_vocabulary.h"

#include <algorithm>
#include <utility>

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
  std::vector<std::pair<uint64_t, std::string_view>> unknown;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const DocTerms* d : docs) {
      size_t at = 0;
      for (uint64_t key : d->word_keys) {
        const size_t end = d->words.find('\0', at);
        if (end == std::string::npos) break;
        if (!Has(key)) unknown.emplace_back(key, std::string_view(d->words).substr(at, end - at));
        at = end + 1;
      }
    }
  }
  // Each once (a word's key is a function of the word).
  std::sort(unknown.begin(), unknown.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < unknown.size(); ++i) {
    if (i > 0 && unknown[i].first == unknown[i - 1].first) continue;
    keys.push_back(unknown[i].first);
    words.push_back(unknown[i].second);
  }
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
