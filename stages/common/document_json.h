// The JSON form of a processed document: one object per line in `newspipe extract`,
// `newspipe export` and the JSON Lines sink. The field set is the project's public output format;
// add fields, never rename them.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "proto/newspipe.pb.h"

namespace newspipe {

struct DocumentJsonOptions {
  bool blocks = false;      // add every block with its verdict, score and rule.
  bool provenance = false;  // add where each field came from.
};

nlohmann::json DocumentToJson(const v1::Document& doc, const DocumentJsonOptions& options = {});

// "2020-07-08T04:33:00Z" for the instant in UTC; "" when `dt` is unset (unix_seconds == 0 and
// no original text).
std::string FormatUtc(const v1::DateTime& dt);
// The same instant with the page's own offset, e.g. "2020-07-08T13:33:00+09:00"; "" when unset.
std::string FormatLocal(const v1::DateTime& dt);
// The lower-case name of a block type ("heading", "paragraph", ...), as in JSON and the store.
const char* BlockTypeName(v1::BlockType type);

// True when `dt` holds a value.
bool HasDateTime(const v1::DateTime& dt);

// The body text of a document: its `text` when set, otherwise its kept non-heading blocks
// joined by blank lines.
std::string BodyText(const v1::Document& doc);

}  // namespace newspipe
