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

// Writes the rows of one array of arrays: `"key":[[row],[row],...]`, values comma-separated.
class RowWriter {
 public:
  explicit RowWriter(std::string& out) : out_(out) {}
  void Str(std::string_view s) {
    Sep();
    AppendJsonString(out_, s);
  }
  void Int(int64_t v) {
    Sep();
    AppendInt(out_, v);
  }
  void Real(double v) {
    Sep();
    AppendReal(out_, v);
  }
  void Begin() { first_ = true; }

 private:
  void Sep() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

// Appends `,"key":[...]` (no comma before the first member) with one row per item; nothing when
// there are no items.
template <typename Items, typename Row>
void AppendMember(std::string& out, bool& first_member, const char* key, const Items& items,
                  Row&& row) {
  if (items.empty()) return;
  if (!first_member) out += ',';
  first_member = false;
  out += key;
  out += '[';
  RowWriter w(out);
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += ',';
    first = false;
    out += '[';
    w.Begin();
    row(w, item);
    out += ']';
  }
  out += ']';
}

}  // namespace

void AppendSqliteParts(const v1::Document& doc, std::string_view body, std::string& out) {
  out += '{';
  bool first_member = true;
  size_t cursor = 0;
  AppendMember(out, first_member, "\"b\":", doc.blocks(), [&](RowWriter& w, const v1::Block& b) {
    w.Str(StoredBlockTypeName(b.type()));
    w.Int(b.boilerplate() ? 1 : 0);
    w.Str(b.rule());
    w.Real(b.score());
    w.Str(b.tag());
    size_t at = std::string_view::npos;
    if (!b.boilerplate() && b.text().size() >= kMinReferencedBytes) {
      at = FindInBody(body, b.text(), &cursor);
    }
    if (at != std::string_view::npos) {
      w.Int(static_cast<int64_t>(at));
      w.Int(static_cast<int64_t>(b.text().size()));
    } else {
      w.Str(b.text());
    }
  });
  AppendMember(out, first_member, "\"q\":", doc.quotes(), [](RowWriter& w, const v1::Quote& q) {
    w.Str(q.text());
    w.Str(q.speaker());
    w.Int(q.block_index());
    w.Str(q.rule());
  });
  AppendMember(out, first_member, "\"c\":", doc.metadata().captions(),
               [](RowWriter& w, const v1::Caption& c) {
                 w.Str(c.text());
                 w.Str(c.credit());
                 w.Int(c.block_index());
                 w.Str(c.image_url());
               });
  AppendMember(out, first_member, "\"e\":", doc.errors(), [](RowWriter& w, const v1::Error& e) {
    w.Str(e.stage());
    w.Str(e.code());
    w.Str(e.message());
    w.Int(e.unix_ms());
    w.Int(e.fatal() ? 1 : 0);
  });
  out += '}';
}

}  // namespace newspipe
