// The compact form in which the SQLite store keeps a document's blocks, quotes, captions and
// errors: one JSON value in the `parts` column of its `documents` row (schema 4), instead of one
// row per item in four tables. The views `blocks`, `quotes`, `captions` and `errors` (made by the
// migration to schema 4) read it back as the tables of schema 3 had it, so queries over those
// names still work; `newspipe show` reads through them.
//
// The value is an object with up to four members, each an array of arrays; empty ones are left
// out:
//   "b": blocks   [type, boilerplate, rule, score, tag, text]  or
//                 [type, boilerplate, rule, score, tag, offset, length]
//   "q": quotes   [text, speaker, block_index, rule]
//   "c": captions [text, credit, block_index, image_url]
//   "e": errors   [stage, code, message, unix_ms, fatal]
// A kept block whose text is the body's bytes [offset, offset + length) (the body is stored in
// `documents.text`) is stored as that pair, so the body's words are stored once. Strings are
// written as nlohmann's dump() would write them (invalid UTF-8 replaced). Pure functions,
// thread-compatible.
#pragma once

#include <string>
#include <string_view>

#include "proto/newspipe.pb.h"

namespace newspipe {

// Appends the parts of `doc` to `out`; `body` is the text stored in the row's `text` column.
void AppendSqliteParts(const v1::Document& doc, std::string_view body, std::string& out);

}  // namespace newspipe
