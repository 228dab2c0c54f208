#include "stages/store/postgres_postings.h"

#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>

namespace newspipe {
namespace postings_internal {

bool ReadVarint(const uint8_t*& p, const uint8_t* end, uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && p < end; shift += 7) {
    const uint8_t b = *p++;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

bool ReadPosting(const uint8_t*& p, const uint8_t* end, int64_t& doc_no, Posting& out) {
  uint64_t delta = 0, body = 0, title = 0, length = 0;
  if (!ReadVarint(p, end, delta) || !ReadVarint(p, end, body)) return false;
  if ((body & 1) != 0 && !ReadVarint(p, end, title)) return false;
  if (!ReadVarint(p, end, length)) return false;
  if (delta > static_cast<uint64_t>(INT64_MAX - doc_no)) return false;  // past any doc_no.
  doc_no += static_cast<int64_t>(delta);
  out.doc_no = doc_no;
  out.body_tf = static_cast<uint32_t>(std::min<uint64_t>(body >> 1, UINT32_MAX));
  out.title_tf = static_cast<uint32_t>(std::min<uint64_t>(title, UINT32_MAX));
  out.length = static_cast<uint32_t>(std::min<uint64_t>(length, UINT32_MAX));
  return true;
}

bool ReadWordHeader(const uint8_t*& p, const uint8_t* end, uint32_t& hash, uint64_t& count,
                    uint64_t& bytes) {
  if (end - p < 4) return false;
  hash = static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
  p += 4;
  // A posting takes three bytes at least: a count above the bytes is corrupt.
  return ReadVarint(p, end, count) && ReadVarint(p, end, bytes) &&
         bytes <= static_cast<uint64_t>(end - p) && count <= bytes;
}

}  // namespace postings_internal

namespace {

void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

// One posting in a flat list: sorted by (bucket, hash, doc_no) to encode a segment.
struct Entry {
  uint32_t hash;
  uint32_t title_tf;
  int64_t doc_no;
  uint32_t body_tf;
  uint32_t length;
};

// Buckets for a segment of `postings` postings: a power of two, some 128 postings (a dozen words
// of an average segment) per row.
int32_t BucketsFor(size_t postings) {
  int32_t b = 1;
  while (b < (1 << 16) && static_cast<size_t>(b) * 2 * 128 <= postings) b *= 2;
  return b;
}

// Encodes `entries` (in any order) into a segment's rows: placed by bucket (a counting sort),
// then each bucket's few entries sorted by hash and doc_no.
Segment Finish(std::vector<Entry>& entries, int32_t docs, int64_t words, int64_t lo, int64_t hi) {
  Segment s;
  s.nbuckets = BucketsFor(entries.size());
  s.docs = docs;
  s.words = words;
  s.lo = docs > 0 ? lo : 0;
  s.hi = docs > 0 ? hi : 0;
  const auto mask = static_cast<uint32_t>(s.nbuckets - 1);
  std::vector<uint32_t> start(static_cast<size_t>(s.nbuckets) + 1, 0);
  for (const Entry& e : entries) ++start[(e.hash & mask) + 1];
  for (size_t b = 0; b < static_cast<size_t>(s.nbuckets); ++b) start[b + 1] += start[b];
  std::vector<Entry> placed(entries.size());
  {
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (const Entry& e : entries) placed[next[e.hash & mask]++] = e;
  }
  std::string postings;
  for (size_t b = 0; b < static_cast<size_t>(s.nbuckets); ++b) {
    auto first = placed.begin() + start[b], last = placed.begin() + start[b + 1];
    if (first == last) continue;
    std::sort(first, last, [](const Entry& x, const Entry& y) {
      return x.hash != y.hash ? x.hash < y.hash : x.doc_no < y.doc_no;
    });
    PostingsRow row{s.nbuckets + static_cast<int32_t>(b), {}};
    while (first != last) {
      const uint32_t hash = first->hash;
      auto end = first;
      postings.clear();
      int64_t prev = 0;
      for (; end != last && end->hash == hash; ++end) {
        PutVarint(postings, static_cast<uint64_t>(end->doc_no - prev));
        prev = end->doc_no;
        PutVarint(postings, static_cast<uint64_t>(end->body_tf) * 2 + (end->title_tf > 0 ? 1 : 0));
        if (end->title_tf > 0) PutVarint(postings, end->title_tf);
        PutVarint(postings, end->length);
      }
      for (int k = 0; k < 4; ++k) row.data += static_cast<char>((hash >> (8 * k)) & 0xff);
      PutVarint(row.data, static_cast<uint64_t>(end - first));
      PutVarint(row.data, postings.size());
      row.data += postings;
      first = end;
    }
    s.rows.push_back(std::move(row));
  }
  return s;
}

}  // namespace

Segment BuildSegment(const std::vector<DocTerms>& docs) {
  std::vector<const DocTerms*> all;
  all.reserve(docs.size());
  for (const DocTerms& d : docs) all.push_back(&d);
  return BuildSegment(all);
}

Segment BuildSegment(const std::vector<const DocTerms*>& docs) {
  std::vector<Entry> entries;
  size_t total = 0;
  for (const DocTerms* d : docs) total += d->terms.size();
  entries.reserve(total);
  int64_t words = 0;
  int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
  for (const DocTerms* dp : docs) {
    const DocTerms& d = *dp;
    words += d.length;
    lo = std::min(lo, d.doc_no);
    hi = std::max(hi, d.doc_no);
    for (const TermStat& t : d.terms) {
      entries.push_back(Entry{t.hash, t.title_tf, d.doc_no, t.body_tf, d.length});
    }
  }
  return Finish(entries, static_cast<int32_t>(docs.size()), words, lo, hi);
}

bool DecodePostings(std::string_view data, uint32_t hash, std::vector<Posting>& out) {
  const auto* p = reinterpret_cast<const uint8_t*>(data.data());
  const uint8_t* end = p + data.size();
  while (p < end) {
    uint32_t h = 0;
    uint64_t count = 0, bytes = 0;
    if (!postings_internal::ReadWordHeader(p, end, h, count, bytes)) return false;
    if (h > hash) return true;  // words are in ascending hash order.
    if (h < hash) {
      p += bytes;
      continue;
    }
    const uint8_t* stop = p + bytes;
    int64_t doc_no = 0;
    out.reserve(out.size() + count);
    for (uint64_t i = 0; i < count; ++i) {
      Posting posting;
      if (!postings_internal::ReadPosting(p, stop, doc_no, posting)) return false;
      out.push_back(posting);
    }
    return p == stop;
  }
  return true;
}

std::vector<int64_t> PlanMerge(std::vector<SegmentInfo> segments) {
  std::vector<SegmentInfo> small;
  for (const SegmentInfo& s : segments) {
    if (s.docs < kSmallSegmentDocs) small.push_back(s);
  }
  if (small.size() < kMergeFanIn) return {};
  std::sort(small.begin(), small.end(),
            [](const SegmentInfo& a, const SegmentInfo& b) { return a.seg < b.seg; });
  std::vector<int64_t> out;
  int64_t docs = 0;
  for (const SegmentInfo& s : small) {
    if (out.size() >= 2 && docs + s.docs > kMaxMergedDocs) break;
    out.push_back(s.seg);
    docs += s.docs;
  }
  return out;
}

Result<Segment> MergeSegments(const std::vector<MergeInput>& inputs) {
  // The inputs ranked by segment number: a later segment holds a later revision.
  std::vector<uint32_t> rank(inputs.size());
  {
    std::vector<size_t> order(inputs.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return inputs[a].seg < inputs[b].seg; });
    for (size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<uint32_t>(r + 1);
  }
  // Every posting, decoded once, with the rank of its input.
  std::vector<Entry> entries;
  std::vector<uint32_t> from;
  int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
  for (size_t i = 0; i < inputs.size(); ++i) {
    for (const std::string& row : inputs[i].rows) {
      const bool ok = ForEachPosting(row, [&](uint32_t hash, const Posting& p) {
        entries.push_back(Entry{hash, p.title_tf, p.doc_no, p.body_tf, p.length});
        from.push_back(rank[i]);
        lo = std::min(lo, p.doc_no);
        hi = std::max(hi, p.doc_no);
      });
      if (!ok) {
        return Status::Corruption("search index: a postings row of segment " +
                                  std::to_string(inputs[i].seg) + " is malformed");
      }
    }
  }
  if (entries.empty()) return Finish(entries, 0, 0, 0, 0);
  // Each document's latest input (its rank; the top bit marks a document already counted), in an
  // array over the doc_no range when that is dense, as it is unless old documents were rewritten.
  constexpr uint32_t kCounted = 0x80000000u;
  const auto span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
  const bool dense = span <= 4 * static_cast<uint64_t>(entries.size()) + 4096;
  std::vector<uint32_t> by_offset(dense ? span : 0, 0);
  std::unordered_map<int64_t, uint32_t> by_doc;
  auto latest = [&](int64_t doc_no) -> uint32_t& {
    return dense ? by_offset[static_cast<size_t>(doc_no - lo)] : by_doc[doc_no];
  };
  for (size_t k = 0; k < entries.size(); ++k) {
    uint32_t& l = latest(entries[k].doc_no);
    l = std::max(l, from[k]);
  }
  int32_t docs = 0;
  int64_t words = 0;
  int64_t kept_lo = std::numeric_limits<int64_t>::max();
  int64_t kept_hi = std::numeric_limits<int64_t>::min();
  size_t kept = 0;
  for (size_t k = 0; k < entries.size(); ++k) {
    uint32_t& l = latest(entries[k].doc_no);
    if ((l & ~kCounted) != from[k]) continue;  // an older revision's posting.
    if ((l & kCounted) == 0) {
      l |= kCounted;
      ++docs;
      words += entries[k].length;
      kept_lo = std::min(kept_lo, entries[k].doc_no);
      kept_hi = std::max(kept_hi, entries[k].doc_no);
    }
    entries[kept++] = entries[k];
  }
  entries.resize(kept);
  return Finish(entries, docs, words, kept_lo, kept_hi);
}

}  // namespace newspipe
