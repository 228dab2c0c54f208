// The PostgreSQL store's search index, made and read on the client: an inverted index of word
// hashes kept in segments, like the segments of a search engine's index.
//
// Each write transaction of the store adds one segment holding the postings of the documents it
// wrote: for each word (its PostgresWordHash), the documents holding it (doc_no) with the word's
// counts in the title and the body and the document's length. A segment's postings are cut into
// `nbuckets` rows by word hash (a power of two chosen by the segment's size, so that a row holds
// some 128 postings); the row of hash h is bucket `nbuckets + h % nbuckets`, so one bucket number
// never means two things. Search reads, per query word, one row per segment, newest segments
// first, and ranks the documents with BM25 on the client: no document row is read to find or rank
// the matches. Small segments are merged into larger ones (PlanMerge) so a word costs few rows.
//
// A row's data: for each word in it, by ascending hash, the hash (4 bytes, little-endian), the
// number of postings and the byte length of the postings (varints), then the postings by
// ascending doc_no: the doc_no's difference from the previous one, the body count times two plus
// one if the word is in the title (then the title count), and the document's length (varints).
// Pure functions and value types; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/status.h"
#include "stages/store/postgres_lexemes.h"

namespace newspipe {

struct Posting {
  int64_t doc_no = 0;
  uint32_t title_tf = 0;
  uint32_t body_tf = 0;
  uint32_t length = 0;  // the document's words.
};

struct PostingsRow {
  int32_t bucket = 0;
  std::string data;
};

struct Segment {
  int32_t nbuckets = 1;
  int32_t docs = 0;
  int64_t words = 0;  // the sum of the documents' lengths.
  int64_t lo = 0;     // the lowest and highest doc_no in it.
  int64_t hi = 0;
  std::vector<PostingsRow> rows;  // by ascending bucket; empty buckets have no row.
};

// The bucket of a word hash in a segment of `nbuckets` buckets.
inline int32_t BucketOf(uint32_t hash, int32_t nbuckets) {
  return nbuckets + static_cast<int32_t>(hash & static_cast<uint32_t>(nbuckets - 1));
}

// A segment of the documents `docs` (each with its doc_no set; a doc_no appears once).
Segment BuildSegment(const std::vector<const DocTerms*>& docs);
Segment BuildSegment(const std::vector<DocTerms>& docs);

// Appends the postings of `hash` in a row's data to `out` (nothing if the word is not there).
// False if the data is malformed; `out` may then hold part of them.
bool DecodePostings(std::string_view data, uint32_t hash, std::vector<Posting>& out);

// Calls fn(hash, posting) for every posting of a row's data, in order. False if malformed.
template <typename Fn>
bool ForEachPosting(std::string_view data, Fn&& fn);

// A segment as the merge planner sees it.
struct SegmentInfo {
  int64_t seg = 0;  // its number: a later write has a higher one.
  int32_t docs = 0;
};

// The segments to merge into one, oldest first; empty when none should be. Segments under
// kSmallSegmentDocs are small; once there are kMergeFanIn of them, the oldest are merged while
// their documents stay within kMaxMergedDocs (which bounds the client memory of a merge).
inline constexpr int32_t kSmallSegmentDocs = 2048;
inline constexpr size_t kMergeFanIn = 8;
inline constexpr int32_t kMaxMergedDocs = 8192;
std::vector<int64_t> PlanMerge(std::vector<SegmentInfo> segments);

// The segment merged from `inputs` (each a segment's rows' data, with its number): a document in
// several of them keeps only its postings from the latest one (its newest revision).
struct MergeInput {
  int64_t seg = 0;
  std::vector<std::string> rows;
};
// Corruption when a row is malformed.
Result<Segment> MergeSegments(const std::vector<MergeInput>& inputs);

// Varint reading, for the template below.
namespace postings_internal {
bool ReadVarint(const uint8_t*& p, const uint8_t* end, uint64_t& v);
bool ReadPosting(const uint8_t*& p, const uint8_t* end, int64_t& doc_no, Posting& out);
// A word's header: its hash, its number of postings and their bytes (checked to fit, and the
// count against the bytes).
bool ReadWordHeader(const uint8_t*& p, const uint8_t* end, uint32_t& hash, uint64_t& count,
                    uint64_t& bytes);
}  // namespace postings_internal

template <typename Fn>
bool ForEachPosting(std::string_view data, Fn&& fn) {
  const auto* p = reinterpret_cast<const uint8_t*>(data.data());
  const uint8_t* end = p + data.size();
  while (p < end) {
    uint32_t hash = 0;
    uint64_t count = 0, bytes = 0;
    if (!postings_internal::ReadWordHeader(p, end, hash, count, bytes)) return false;
    const uint8_t* stop = p + bytes;
    int64_t doc_no = 0;
    for (uint64_t i = 0; i < count; ++i) {
      Posting posting;
      if (!postings_internal::ReadPosting(p, stop, doc_no, posting)) return false;
      fn(hash, posting);
    }
    if (p != stop) return false;
  }
  return true;
}

}  // namespace newspipe
