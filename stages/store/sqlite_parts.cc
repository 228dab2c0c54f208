#include "stages/store/sqlite_parts.h"

#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "stages/store/stored_document.h"

namespace newspipe {
namespace {

// Shorter texts are cheaper to repeat than to point at.
constexpr size_t kMinReferencedBytes = 16;

void AppendInt(std::string& out, int64_t v) { fmt::format_to(std::back_inserter(out), "{}", v); }

// A JSON number that reads back as a REAL: the shortest exact form, with a ".0" when it would
// look like an integer. JSON has no NaN or infinity; those become 0.0.
void AppendReal(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "0.0";
    return;
  }
  const size_t start = out.size();
  fmt::format_to(std::back_inserter(out), "{}", v);
  if (out.find_first_of(".e", start) == std::string::npos) out += ".0";
}

// Where `text` is found in `body` at or after `*cursor` (the kept blocks are the body in page
// order, joined by blank lines); npos when it is not.
size_t FindInBody(std::string_view body, std::string_view text, size_t* cursor) {
  size_t at = std::string_view::npos;
  if (body.substr(*cursor, text.size()) == text) {
    at = *cursor;
  } else if (*cursor + 2 <= body.size() && body.substr(*cursor + 2, text.size()) == text) {
    at = *cursor + 2;
  } else {
    at = body.find(text, *cursor);
  }
  if (at != std::string_view::npos) *cursor = at + text.size();
  return at;
}

}  // namespace

void AppendSqliteParts(const v1::Document& doc, std::string_view body, std::string& out) {
  out += '{';
  bool first_member = true;
  auto open = [&](const char* key) {
    if (!first_member) out += ',';
    first_member = false;
    out += key;
  };
  if (doc.blocks_size() > 0) {
    open("\"b\":[");
    size_t cursor = 0;
    bool first = true;
    for (const auto& b : doc.blocks()) {
      if (!first) out += ',';
      first = false;
      out += '[';
      AppendJsonString(out, StoredBlockTypeName(b.type()));
      out += b.boilerplate() ? ",1," : ",0,";
      AppendJsonString(out, b.rule());
      out += ',';
      AppendReal(out, b.score());
      out += ',';
      AppendJsonString(out, b.tag());
      out += ',';
      size_t at = std::string_view::npos;
      if (!b.boilerplate() && b.text().size() >= kMinReferencedBytes) {
        at = FindInBody(body, b.text(), &cursor);
      }
      if (at != std::string_view::npos) {
        AppendInt(out, static_cast<int64_t>(at));
        out += ',';
        AppendInt(out, static_cast<int64_t>(b.text().size()));
      } else {
        AppendJsonString(out, b.text());
      }
      out += ']';
    }
    out += ']';
  }
  if (doc.quotes_size() > 0) {
    open("\"q\":[");
    bool first = true;
    for (const auto& q : doc.quotes()) {
      if (!first) out += ',';
      first = false;
      out += '[';
      AppendJsonString(out, q.text());
      out += ',';
      AppendJsonString(out, q.speaker());
      out += ',';
      AppendInt(out, q.block_index());
      out += ',';
      AppendJsonString(out, q.rule());
      out += ']';
    }
    out += ']';
  }
  if (doc.metadata().captions_size() > 0) {
    open("\"c\":[");
    bool first = true;
    for (const auto& c : doc.metadata().captions()) {
      if (!first) out += ',';
      first = false;
      out += '[';
      AppendJsonString(out, c.text());
      out += ',';
      AppendJsonString(out, c.credit());
      out += ',';
      AppendInt(out, c.block_index());
      out += ',';
      AppendJsonString(out, c.image_url());
      out += ']';
    }
    out += ']';
  }
  if (doc.errors_size() > 0) {
    open("\"e\":[");
    bool first = true;
    for (const auto& e : doc.errors()) {
      if (!first) out += ',';
      first = false;
      out += '[';
      AppendJsonString(out, e.stage());
      out += ',';
      AppendJsonString(out, e.code());
      out += ',';
      AppendJsonString(out, e.message());
      out += ',';
      AppendInt(out, e.unix_ms());
      out += e.fatal() ? ",1]" : ",0]";
    }
    out += ']';
  }
  out += '}';
}

}  // namespace newspipe
