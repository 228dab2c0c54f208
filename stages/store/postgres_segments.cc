#include "stages/store/postgres_segments.h"

#include <string>
#include <vector>

#include <fmt/format.h>

#include "stages/store/postgres_copy.h"

namespace newspipe {
namespace {

// pg_try_advisory_xact_lock key of a merge: "np merge" in ASCII.
constexpr int64_t kMergeLock = 0x6e70206d65726765;

}  // namespace

int64_t WriteSegment(pqxx::work& tx, const Segment& segment) {
  pqxx::result r = tx.exec_params(
      "INSERT INTO search_segments (nbuckets, docs, words, lo, hi) VALUES ($1, $2, $3, $4, $5) "
      "RETURNING seg",
      segment.nbuckets, segment.docs, segment.words, segment.lo, segment.hi);
  const int64_t seg = r[0][0].as<int64_t>();
  if (segment.rows.empty()) return seg;
  std::string rows;
  size_t bytes = 0;
  for (const PostingsRow& row : segment.rows) bytes += row.data.size() + 32;
  rows.reserve(bytes);
  for (const PostingsRow& row : segment.rows) {
    PutInt16(rows, 3);
    BinaryInt64(rows, seg);
    BinaryInt32(rows, row.bucket);
    BinaryBytes(rows, row.data);
  }
  CopyBinaryInto(tx, "search_postings (seg, bucket, data)", rows);
  return seg;
}

Result<int> MergeSmallSegments(pqxx::connection& conn) {
  try {
    pqxx::work tx(conn);
    if (!tx.exec_params("SELECT pg_try_advisory_xact_lock($1)", kMergeLock)[0][0].as<bool>()) {
      return 0;
    }
    std::vector<SegmentInfo> infos;
    for (const auto& row : tx.exec("SELECT seg, docs FROM search_segments")) {
      infos.push_back(SegmentInfo{row[0].as<int64_t>(), row[1].as<int32_t>()});
    }
    const std::vector<int64_t> plan = PlanMerge(std::move(infos));
    if (plan.empty()) return 0;
    std::string list = "{";
    for (size_t i = 0; i < plan.size(); ++i) {
      if (i > 0) list += ',';
      list += std::to_string(plan[i]);
    }
    list += '}';
    std::vector<MergeInput> inputs;
    for (int64_t seg : plan) inputs.push_back(MergeInput{seg, {}});
    for (const auto& row : tx.exec_params(
             "SELECT seg, data FROM search_postings WHERE seg = ANY($1::bigint[])", list)) {
      const int64_t seg = row[0].as<int64_t>();
      const pqxx::binarystring data(row[1]);
      for (MergeInput& in : inputs) {
        if (in.seg == seg) in.rows.emplace_back(data.str());
      }
    }
    auto merged = MergeSegments(inputs);
    if (!merged.ok()) return merged.status();
    tx.exec_params("DELETE FROM search_postings WHERE seg = ANY($1::bigint[])", list);
    tx.exec_params("DELETE FROM search_segments WHERE seg = ANY($1::bigint[])", list);
    WriteSegment(tx, *merged);
    tx.commit();
    return static_cast<int>(plan.size());
  } catch (const pqxx::broken_connection& e) {
    return Status::Unavailable(
        fmt::format("search index merge: PostgreSQL unavailable: {}", e.what()));
  } catch (const std::exception& e) {
    return Status::Internal(fmt::format("search index merge: {}", e.what()));
  }
}

}  // namespace newspipe
