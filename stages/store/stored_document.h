// StoredDocument: the flat, column-ready view of a v1::Document that every store backend writes
// (SQLite, PostgreSQL): the searchable columns, the public JSON form, a content hash and the
// SimHash. Built once per document; a plain value, thread-compatible.
//
// The content hash covers what a reader sees (the JSON form and every block with its verdict),
// not fetch timing or traces, so re-processing an unchanged page yields the same hash and does
// not bump the stored revision.
#pragma once

#include <cstdint>
#include <string>

#include "proto/newspipe.pb.h"

namespace newspipe {

struct StoredDocument {
  std::string id;
  std::string url;
  std::string canonical_url;
  std::string path;
  std::string title;
  std::string text;             // the article body.
  std::string published;        // UTC ISO 8601, "" when unknown.
  std::string published_local;  // with the page's own offset.
  int64_t published_unix = 0;   // 0 when unknown.
  std::string modified;
  std::string agency;
  std::string dateline;
  std::string site;
  std::string language;
  std::string section;
  std::string description;
  std::string page_type;
  int64_t fetched_unix_ms = 0;
  int http_status = 0;
  std::string doc_json;      // DocumentToJson(doc), compact.
  std::string content_hash;  // 16 hex digits of XXH3-64.
  uint64_t simhash = 0;      // 0: no body to fingerprint.
};

StoredDocument MakeStoredDocument(const v1::Document& doc);

// The lower-case name of a block type ("paragraph", "heading", ...), as in the JSON form.
const char* StoredBlockTypeName(v1::BlockType type);

}  // namespace newspipe
