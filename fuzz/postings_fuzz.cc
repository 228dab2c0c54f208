// Fuzzes the PostgreSQL store's search-index rows (postgres_postings.h), which search and merges
// read back from the database: decoding any bytes must never crash or allocate without bound, and
// rows that decode must merge into a segment that gives the same postings back.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stages/store/postgres_postings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newspipe;
  const std::string row(reinterpret_cast<const char*>(data), size);
  // Every posting, by (hash, doc_no); a row that repeats one is not one the store writes.
  std::map<std::pair<uint32_t, int64_t>, Posting> all;
  bool repeated = false;
  const bool ok = ForEachPosting(row, [&](uint32_t hash, const Posting& p) {
    repeated |= !all.emplace(std::make_pair(hash, p.doc_no), p).second;
  });
  for (uint32_t hash : {0u, 7u, 0x80000000u, 0xffffffffu}) {
    std::vector<Posting> out;
    DecodePostings(row, hash, out);
  }
  if (!ok || repeated || all.empty()) return 0;
  // Lengths must agree per document for the row to be one the store could have written.
  std::map<int64_t, uint32_t> lengths;
  for (const auto& [key, p] : all) {
    auto [it, fresh] = lengths.emplace(p.doc_no, p.length);
    if (!fresh && it->second != p.length) return 0;
  }
  auto merged = MergeSegments({MergeInput{1, {row}}});
  if (!merged.ok()) abort();
  size_t found = 0;
  for (const PostingsRow& r : merged->rows) {
    if (!ForEachPosting(r.data, [&](uint32_t hash, const Posting& p) {
          auto it = all.find({hash, p.doc_no});
          if (it == all.end() || it->second.title_tf != p.title_tf ||
              it->second.body_tf != p.body_tf || it->second.length != p.length) {
            abort();
          }
          ++found;
        })) {
      abort();
    }
  }
  if (found != all.size()) abort();
  return 0;
}
