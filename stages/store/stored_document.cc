#include "stages/store/stored_document.h"

#include <xxhash.h>

#include <cstring>

#include <fmt/format.h>

#include "stages/common/document_json.h"
#include "stages/store/simhash.h"

namespace newspipe {
namespace {

using nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF): exactly
// what nlohmann's decoder accepts.
bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    // Eight ASCII bytes at a time: most text is mostly ASCII.
    while (end - p >= 8) {
      uint64_t v;
      std::memcpy(&v, p, 8);
      if (v & 0x8080808080808080ULL) break;
      p += 8;
    }
    if (p >= end) break;
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    auto cont = [&](int k, unsigned char lo, unsigned char hi) {
      if (end - p <= k) return false;
      const unsigned char b = p[k];
      return b >= lo && b <= hi;
    };
    int len = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = cont(1, 0x80, 0xBF) ? 2 : 0;
    } else if (c == 0xE0) {
      len = cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      len = cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
    } else if (c == 0xED) {
      len = cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;
    } else if (c == 0xF0) {
      len = cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    } else if (c >= 0xF1 && c <= 0xF3) {
      len = cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    } else if (c == 0xF4) {
      len = cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    }
    if (len == 0) return false;
    p += len;
  }
  return true;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  // Invalid UTF-8 is rare; nlohmann's own replacement rules apply to it.
  if (!IsValidUtf8(s)) {
    out += Dump(json(std::string(s)));
    return;
  }
  out.reserve(out.size() + s.size() + s.size() / 16 + 2);
  out += '"';
  size_t run = 0;  // start of the bytes not yet copied.
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out.append(esc, sizeof esc);
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

const char* StoredBlockTypeName(v1::BlockType type) { return BlockTypeName(type); }

StoredDocument MakeStoredDocument(const v1::Document& doc, bool with_simhash) {
  const auto& m = doc.metadata();
  StoredDocument s;
  s.id = doc.id();
  s.url = !doc.fetch().final_url().empty() ? doc.fetch().final_url() : doc.fetch().url();
  s.canonical_url = m.canonical_url();
  s.path = doc.source().path();
  s.title = m.title();
  s.published = FormatUtc(m.published());
  s.published_local = FormatLocal(m.published());
  s.published_unix = HasDateTime(m.published()) ? m.published().unix_seconds() : 0;
  s.modified = FormatUtc(m.modified());
  s.agency = m.agency();
  s.dateline = m.dateline();
  s.site = !m.site_name().empty() ? m.site_name() : doc.source().site();
  s.language = m.language();
  s.section = m.section();
  s.description = m.description();
  s.page_type = m.page_type();
  s.fetched_unix_ms = doc.fetch().fetched_unix_ms();
  s.http_status = doc.fetch().http_status();

  // The JSON form is written directly from the message, member by member in the key order of
  // DocumentToJson's object (nlohmann sorts keys), each value as its dump() writes it; building
  // the nlohmann object and dumping it cost a third of the SQLite writer's time. doc_json leaves
  // the body out; the hash sees the full form, with the body's member where the dump has it
  // (between "tags" and "title"). StoredDocumentTest checks both against DocumentToJson.
  s.text = BodyText(doc);
  std::string& o = s.doc_json;
  o.reserve(512);
  auto key = [&](std::string_view k) {
    if (o.size() > 1) o += ',';
    o += k;
  };
  auto str = [&](std::string_view k, std::string_view v) {
    key(k);
    AppendJsonString(o, v);
  };
  auto str_array = [&](std::string_view k, const auto& values) {
    key(k);
    o += '[';
    bool first = true;
    for (const auto& v : values) {
      if (!first) o += ',';
      first = false;
      AppendJsonString(o, v);
    }
    o += ']';
  };
  // An array of objects with string members, given as (key, getter) pairs in key order.
  auto obj_array = [&](std::string_view k, const auto& items, auto&& write_item) {
    key(k);
    o += '[';
    bool first = true;
    for (const auto& item : items) {
      if (!first) o += ',';
      first = false;
      o += '{';
      write_item(item);
      o += '}';
    }
    o += ']';
  };
  auto field = [&](std::string_view k, std::string_view v, bool first) {
    if (!first) o += ',';
    o += k;
    AppendJsonString(o, v);
  };
  o += '{';
  str("\"agency\":", m.agency());
  str_array("\"authors\":", m.authors());
  str("\"canonical_url\":", m.canonical_url());
  obj_array("\"captions\":", m.captions(), [&](const v1::Caption& c) {
    field("\"credit\":", c.credit(), true);
    field("\"text\":", c.text(), false);
  });
  str("\"dateline\":", m.dateline());
  str("\"description\":", m.description());
  if (doc.errors_size() > 0) {
    obj_array("\"errors\":", doc.errors(), [&](const v1::Error& e) {
      field("\"code\":", e.code(), true);
      field("\"message\":", e.message(), false);
      field("\"stage\":", e.stage(), false);
    });
  }
  str("\"id\":", doc.id());
  str("\"image\":", m.image());
  str("\"language\":", m.language());
  str("\"modified\":", s.modified);
  str("\"path\":", s.path);
  if (doc.people_size() > 0) {
    obj_array("\"people\":", doc.people(), [&](const v1::Person& p) {
      field("\"name\":", p.name(), true);
      field("\"role\":", p.role(), false);
    });
  }
  str("\"published\":", s.published);
  str("\"published_local\":", s.published_local);
  obj_array("\"quotes\":", doc.quotes(), [&](const v1::Quote& q) {
    field("\"speaker\":", q.speaker(), true);
    field("\"text\":", q.text(), false);
  });
  str("\"section\":", m.section());
  str("\"site\":", m.site_name());
  str_array("\"tags\":", m.tags());
  const size_t body_at = o.size();  // the body's member goes here in the full form.
  str("\"title\":", m.title());
  str("\"url\":", s.url);
  o += '}';

  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, o.data(), body_at);
  {
    std::string member = ",\"text\":";
    AppendJsonString(member, s.text);
    XXH3_64bits_update(state, member.data(), member.size());
  }
  XXH3_64bits_update(state, o.data() + body_at, o.size() - body_at);

  for (const auto& b : doc.blocks()) {
    const char sep[2] = {static_cast<char>(b.type()), static_cast<char>(b.boilerplate())};
    XXH3_64bits_update(state, sep, sizeof sep);
    XXH3_64bits_update(state, b.text().data(), b.text().size());
    XXH3_64bits_update(state, "\x1f", 1);
    XXH3_64bits_update(state, b.rule().data(), b.rule().size());
    XXH3_64bits_update(state, "\x1e", 1);
  }
  s.content_hash = fmt::format("{:016x}", XXH3_64bits_digest(state));
  XXH3_freeState(state);
  if (with_simhash) s.simhash = SimHash(s.text);
  return s;
}

std::string FullDocumentJson(std::string_view doc_json, std::string_view text) {
  json j = json::parse(doc_json, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.contains("text")) return std::string(doc_json);
  j["text"] = std::string(text);
  return Dump(j);
}

}  // namespace newspipe
