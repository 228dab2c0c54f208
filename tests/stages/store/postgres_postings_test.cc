#include "stages/store/postgres_postings.h"

#include <algorithm>
#include <map>
#include <random>

#include <gtest/gtest.h>

namespace newspipe {
namespace {

DocTerms Doc(int64_t doc_no, std::vector<TermStat> terms, uint32_t length) {
  std::sort(terms.begin(), terms.end(),
            [](const TermStat& a, const TermStat& b) { return a.hash < b.hash; });
  DocTerms d;
  d.doc_no = doc_no;
  d.length = length;
  d.terms = std::move(terms);
  return d;
}

// Every posting of `hash` in a segment, through the row its bucket names.
std::vector<Posting> Lookup(const Segment& s, uint32_t hash) {
  std::vector<Posting> out;
  const int32_t bucket = BucketOf(hash, s.nbuckets);
  for (const PostingsRow& row : s.rows) {
    if (row.bucket == bucket) {
      EXPECT_TRUE(DecodePostings(row.data, hash, out));
    }
  }
  return out;
}

TEST(PostgresPostingsTest, ASegmentGivesEachWordsDocumentsWithTheirCounts) {
  const Segment s = BuildSegment(std::vector<DocTerms>{Doc(12, {{7, 1, 2}, {9, 0, 1}}, 40),
                                                       Doc(5, {{7, 0, 300}, {1u << 31, 2, 0}}, 900),
                                                       Doc(20, {}, 0)});
  EXPECT_EQ(s.docs, 3);
  EXPECT_EQ(s.words, 940);
  EXPECT_EQ(s.lo, 5);
  EXPECT_EQ(s.hi, 20);
  EXPECT_EQ(s.nbuckets, 1);  // three words: one row.
  const std::vector<Posting> seven = Lookup(s, 7);
  ASSERT_EQ(seven.size(), 2u);
  EXPECT_EQ(seven[0].doc_no, 5);  // by doc_no.
  EXPECT_EQ(seven[0].title_tf, 0u);
  EXPECT_EQ(seven[0].body_tf, 300u);
  EXPECT_EQ(seven[0].length, 900u);
  EXPECT_EQ(seven[1].doc_no, 12);
  EXPECT_EQ(seven[1].title_tf, 1u);
  EXPECT_EQ(seven[1].body_tf, 2u);
  const std::vector<Posting> high = Lookup(s, 1u << 31);
  ASSERT_EQ(high.size(), 1u);
  EXPECT_EQ(high[0].title_tf, 2u);
  EXPECT_TRUE(Lookup(s, 8).empty());
}

TEST(PostgresPostingsTest, ALargeSegmentIsCutIntoBucketsThatFindEveryWord) {
  std::mt19937 rng(7);
  std::vector<DocTerms> docs;
  std::map<uint32_t, std::vector<int64_t>> truth;
  for (int64_t d = 1; d <= 300; ++d) {
    std::vector<TermStat> terms;
    std::vector<uint32_t> hashes;
    for (int k = 0; k < 40; ++k) hashes.push_back(rng() % 5000);
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    for (uint32_t h : hashes) {
      terms.push_back(TermStat{h, 0, static_cast<uint16_t>(1 + h % 3)});
      truth[h].push_back(d * 3);
    }
    docs.push_back(Doc(d * 3, terms, 100));
  }
  const Segment s = BuildSegment(docs);
  EXPECT_GE(s.nbuckets, 64);                    // 12,000 postings.
  EXPECT_EQ(s.nbuckets & (s.nbuckets - 1), 0);  // a power of two.
  for (size_t i = 1; i < s.rows.size(); ++i) EXPECT_LT(s.rows[i - 1].bucket, s.rows[i].bucket);
  for (const auto& [hash, doc_nos] : truth) {
    const std::vector<Posting> got = Lookup(s, hash);
    ASSERT_EQ(got.size(), doc_nos.size()) << hash;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].doc_no, doc_nos[i]);
      EXPECT_EQ(got[i].body_tf, 1 + hash % 3);
    }
  }
}

TEST(PostgresPostingsTest, MalformedRowsAreReportedNotRead) {
  const Segment s = BuildSegment(std::vector<DocTerms>{Doc(1, {{7, 0, 1}}, 3)});
  ASSERT_EQ(s.rows.size(), 1u);
  std::vector<Posting> out;
  EXPECT_FALSE(DecodePostings(s.rows[0].data.substr(0, s.rows[0].data.size() - 1), 7, out));
  EXPECT_FALSE(DecodePostings("\x07\x00\x00", 7, out));
  std::string overlong = s.rows[0].data;
  overlong[5] = '\x7f';  // the byte length runs past the end.
  EXPECT_FALSE(DecodePostings(overlong, 7, out));
  std::string huge = s.rows[0].data;
  huge[4] = '\x7f';  // more postings than bytes.
  EXPECT_FALSE(DecodePostings(huge, 7, out));
  auto merged = MergeSegments({MergeInput{1, {overlong}}});
  EXPECT_FALSE(merged.ok());
  EXPECT_NE(merged.status().message().find("segment 1"), std::string::npos);
}

TEST(PostgresPostingsTest, AMergeKeepsEachDocumentsLatestRevisionOnly) {
  // Document 4 was rewritten: segment 2 holds its new revision, without word 9.
  const Segment a = BuildSegment(
      std::vector<DocTerms>{Doc(3, {{9, 0, 1}, {11, 1, 0}}, 10), Doc(4, {{9, 0, 2}}, 20)});
  const Segment b = BuildSegment(std::vector<DocTerms>{Doc(4, {{11, 0, 5}}, 30)});
  std::vector<std::string> rows_a, rows_b;
  for (const auto& r : a.rows) rows_a.push_back(r.data);
  for (const auto& r : b.rows) rows_b.push_back(r.data);
  auto merged = MergeSegments({MergeInput{2, rows_b}, MergeInput{1, rows_a}});
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->docs, 2);
  EXPECT_EQ(merged->words, 40);
  EXPECT_EQ(merged->lo, 3);
  EXPECT_EQ(merged->hi, 4);
  const std::vector<Posting> nine = Lookup(*merged, 9);
  ASSERT_EQ(nine.size(), 1u);
  EXPECT_EQ(nine[0].doc_no, 3);
  const std::vector<Posting> eleven = Lookup(*merged, 11);
  ASSERT_EQ(eleven.size(), 2u);
  EXPECT_EQ(eleven[1].doc_no, 4);
  EXPECT_EQ(eleven[1].body_tf, 5u);
  EXPECT_EQ(eleven[1].length, 30u);
}

TEST(PostgresPostingsTest, AMergeOverFarApartDocumentsKeepsTheLatestRevisionToo) {
  // doc_nos a trillion apart: the latest revisions are tracked by document, not by offset.
  const int64_t far = 1'000'000'000'000;
  const Segment a =
      BuildSegment(std::vector<DocTerms>{Doc(5, {{9, 0, 1}}, 10), Doc(far, {{9, 0, 2}}, 20)});
  const Segment b = BuildSegment(std::vector<DocTerms>{Doc(5, {{11, 0, 1}}, 30)});
  std::vector<std::string> rows_a, rows_b;
  for (const auto& r : a.rows) rows_a.push_back(r.data);
  for (const auto& r : b.rows) rows_b.push_back(r.data);
  auto merged = MergeSegments({MergeInput{7, rows_a}, MergeInput{9, rows_b}});
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->docs, 2);
  EXPECT_EQ(merged->words, 50);
  EXPECT_EQ(merged->lo, 5);
  EXPECT_EQ(merged->hi, far);
  const std::vector<Posting> nine = Lookup(*merged, 9);
  ASSERT_EQ(nine.size(), 1u);
  EXPECT_EQ(nine[0].doc_no, far);
  ASSERT_EQ(Lookup(*merged, 11).size(), 1u);
}

TEST(PostgresPostingsTest, MergesStartAtEightSmallSegmentsAndStayBounded) {
  std::vector<SegmentInfo> segs;
  for (int i = 1; i <= 7; ++i) segs.push_back(SegmentInfo{i, 250});
  segs.push_back(SegmentInfo{100, 50000});  // large: never merged.
  EXPECT_TRUE(PlanMerge(segs).empty());
  segs.push_back(SegmentInfo{8, 250});
  EXPECT_EQ(PlanMerge(segs), (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
  // Oldest first, up to kMaxMergedDocs documents.
  segs.clear();
  for (int i = 10; i >= 1; --i) segs.push_back(SegmentInfo{i, 2000});
  EXPECT_EQ(PlanMerge(segs), (std::vector<int64_t>{1, 2, 3, 4}));
}

}  // namespace
}  // namespace newspipe
