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

  // The JSON form is dumped member by member (an object dumps as {"key":value,...} in key
  // order), leaving the body out of doc_json, while the hash sees every member as the full dump
  // would: the body's string literal is hashed, not stored.
  json j = DocumentToJson(doc);
  auto body = j.find("text");
  if (body != j.end() && body->is_string()) {
    s.text = std::move(body->get_ref<std::string&>());
    j.erase(body);
  } else {
    s.text = BodyText(doc);
  }
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  std::string member;
  s.doc_json.reserve(1024);
  s.doc_json += '{';
  XXH3_64bits_update(state, "{", 1);
  bool first = true;  // no member hashed yet.
  bool body_done = false;
  auto hash_member = [&](std::string_view m) {
    if (!first) XXH3_64bits_update(state, ",", 1);
    XXH3_64bits_update(state, m.data(), m.size());
    first = false;
  };
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!body_done && it.key() > std::string_view("text")) {
      member.assign("\"text\":");
      AppendJsonString(member, s.text);
      hash_member(member);
      body_done = true;
    }
    member.clear();
    AppendJsonString(member, it.key());
    member += ':';
    member += Dump(it.value());
    hash_member(member);
    if (s.doc_json.size() > 1) s.doc_json += ',';
    s.doc_json += member;
  }
  if (!body_done) {
    member.assign("\"text\":");
    AppendJsonString(member, s.text);
    hash_member(member);
  }
  s.doc_json += '}';
  XXH3_64bits_update(state, "}", 1);

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
