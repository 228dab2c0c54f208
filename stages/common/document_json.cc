#include "stages/common/document_json.h"

#include <cstdio>
#include <ctime>

namespace newspipe {
namespace {

std::string FormatInstant(int64_t unix_seconds, int offset_minutes, bool with_offset) {
  std::time_t t = static_cast<std::time_t>(unix_seconds + int64_t{offset_minutes} * 60);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  std::string out(buf);
  if (!with_offset || offset_minutes == 0) {
    out += with_offset ? "+00:00" : "Z";
    return out;
  }
  int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return out + buf;
}

}  // namespace

const char* BlockTypeName(v1::BlockType type) {
  switch (type) {
    case v1::HEADING:
      return "heading";
    case v1::PARAGRAPH:
      return "paragraph";
    case v1::LIST_ITEM:
      return "list_item";
    case v1::QUOTE:
      return "quote";
    case v1::CAPTION:
      return "caption";
    case v1::TABLE_CELL:
      return "table_cell";
    case v1::PREFORMATTED:
      return "preformatted";
    case v1::BYLINE:
      return "byline";
    case v1::DATELINE:
      return "dateline";
    case v1::METADATA_LINE:
      return "metadata_line";
    default:
      return "unknown";
  }
}

bool HasDateTime(const v1::DateTime& dt) {
  return dt.unix_seconds() != 0 || !dt.original().empty();
}

std::string FormatUtc(const v1::DateTime& dt) {
  if (!HasDateTime(dt)) return "";
  return FormatInstant(dt.unix_seconds(), 0, false);
}

std::string FormatLocal(const v1::DateTime& dt) {
  if (!HasDateTime(dt)) return "";
  return FormatInstant(dt.unix_seconds(), dt.offset_minutes(), true);
}

std::string BodyText(const v1::Document& doc) {
  if (!doc.text().empty()) return doc.text();
  std::string out;
  for (const auto& b : doc.blocks()) {
    if (b.boilerplate() || b.type() == v1::HEADING || b.type() == v1::CAPTION ||
        b.type() == v1::METADATA_LINE || b.type() == v1::BYLINE) {
      continue;
    }
    if (!out.empty()) out += "\n\n";
    out += b.text();
  }
  return out;
}

nlohmann::json DocumentToJson(const v1::Document& doc, const DocumentJsonOptions& options) {
  using nlohmann::json;
  const auto& m = doc.metadata();
  json j;
  j["id"] = doc.id();
  j["path"] = doc.source().path();
  j["url"] = !doc.fetch().final_url().empty() ? doc.fetch().final_url() : doc.fetch().url();
  j["title"] = m.title();
  j["text"] = BodyText(doc);
  j["published"] = FormatUtc(m.published());
  j["published_local"] = FormatLocal(m.published());
  j["modified"] = FormatUtc(m.modified());
  j["authors"] = json::array();
  for (const auto& a : m.authors()) j["authors"].push_back(a);
  j["site"] = m.site_name();
  j["agency"] = m.agency();
  j["dateline"] = m.dateline();
  j["language"] = m.language();
  j["section"] = m.section();
  j["tags"] = json::array();
  for (const auto& t : m.tags()) j["tags"].push_back(t);
  j["canonical_url"] = m.canonical_url();
  j["image"] = m.image();
  j["description"] = m.description();
  j["captions"] = json::array();
  for (const auto& c : m.captions()) {
    j["captions"].push_back({{"text", c.text()}, {"credit", c.credit()}});
  }
  j["quotes"] = json::array();
  for (const auto& q : doc.quotes()) {
    j["quotes"].push_back({{"text", q.text()}, {"speaker", q.speaker()}});
  }
  if (doc.people_size() > 0) {
    j["people"] = json::array();
    for (const auto& p : doc.people())
      j["people"].push_back({{"name", p.name()}, {"role", p.role()}});
  }
  if (doc.errors_size() > 0) {
    j["errors"] = json::array();
    for (const auto& e : doc.errors()) {
      j["errors"].push_back({{"stage", e.stage()}, {"code", e.code()}, {"message", e.message()}});
    }
  }
  if (options.blocks) {
    j["blocks"] = json::array();
    for (const auto& b : doc.blocks()) {
      j["blocks"].push_back({{"type", BlockTypeName(b.type())},
                             {"text", b.text()},
                             {"kept", !b.boilerplate()},
                             {"score", b.score()},
                             {"rule", b.rule()}});
    }
  }
  if (options.provenance) {
    j["provenance"] = json::array();
    for (const auto& p : doc.provenance()) {
      json rejected = json::array();
      for (const auto& r : p.rejected()) {
        rejected.push_back({{"source", r.source()}, {"value", r.value()}, {"reason", r.reason()}});
      }
      j["provenance"].push_back({{"field", p.field()},
                                 {"source", p.source()},
                                 {"rule", p.rule()},
                                 {"value", p.value()},
                                 {"rejected", rejected}});
    }
  }
  return j;
}

}  // namespace newspipe
