#include "stages/store/stored_document.h"

#include <xxhash.h>

#include <fmt/format.h>

#include "stages/common/document_json.h"
#include "stages/store/simhash.h"

namespace newspipe {

const char* StoredBlockTypeName(v1::BlockType type) { return BlockTypeName(type); }

StoredDocument MakeStoredDocument(const v1::Document& doc) {
  const auto& m = doc.metadata();
  StoredDocument s;
  s.id = doc.id();
  s.url = !doc.fetch().final_url().empty() ? doc.fetch().final_url() : doc.fetch().url();
  s.canonical_url = m.canonical_url();
  s.path = doc.source().path();
  s.title = m.title();
  s.text = BodyText(doc);
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
  s.doc_json = DocumentToJson(doc).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, s.doc_json.data(), s.doc_json.size());
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
  s.simhash = SimHash(s.text);
  return s;
}

}  // namespace newspipe
