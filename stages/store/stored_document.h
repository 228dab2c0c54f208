// StoredDocument: the flat, column-ready view of a v1::Document that every store backend writes
// (SQLite, PostgreSQL): the searchable columns, the public JSON form without its body, a content
// hash and the SimHash. Built once per document; a plain value, thread-compatible.
//
// The body is stored once, in the `text` column: `doc_json` is the JSON form (DocumentToJson)
// minus its "text" field, and FullDocumentJson() puts the body back when a reader wants the
// whole form. Rows written by earlier versions hold the body in doc_json as well; they read back
// as they are.
//
// The content hash covers what a reader sees (the whole JSON form and every block with its
// verdict), not fetch timing or traces, so re-processing an unchanged page yields the same hash
// and does not bump the stored revision. It is the same value earlier versions computed from the
// full JSON dump, so rows stored by them still compare equal; the body's JSON string is hashed
// without the cost of building the full dump.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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
  std::string doc_json;      // DocumentToJson(doc) without "text", compact.
  std::string content_hash;  // 16 hex digits of XXH3-64.
  uint64_t simhash = 0;      // 0: no body to fingerprint.
};

// Without `with_simhash`, simhash stays 0 for the caller to fill in (SimHash(text)) once it
// knows the document is new or changed: a replay of an unchanged one does not need it.
StoredDocument MakeStoredDocument(const v1::Document& doc, bool with_simhash = true);

// The whole JSON form (compact, as DocumentToJson(doc).dump()) from a stored `doc_json` and the
// body `text`. A doc_json that still holds its "text" (written by an earlier version) or does not
// parse is returned unchanged.
std::string FullDocumentJson(std::string_view doc_json, std::string_view text);

// Appends `s` as a JSON string literal, byte for byte what nlohmann's dump() writes with
// ensure_ascii off and invalid UTF-8 replaced.
void AppendJsonString(std::string& out, std::string_view s);

// The lower-case name of a block type ("paragraph", "heading", ...), as in the JSON form.
const char* StoredBlockTypeName(v1::BlockType type);

}  // namespace newspipe
