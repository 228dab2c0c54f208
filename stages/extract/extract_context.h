// The state shared by the extract stage's field finders while one document is processed: the
// document, the options, the indexed signals, the provenance log. Internal to stages/extract;
// one per document, not thread-safe.
#pragma once

#include <date/tz.h>

#include <functional>
#include <string>

#include "proto/newspipe.pb.h"
#include "stages/extract/dates.h"
#include "stages/extract/extractor.h"
#include "stages/extract/jsonld.h"
#include "stages/extract/meta_tags.h"
#include "stages/extract/provenance_log.h"

namespace newspipe::extract {

struct Context {
  Context(v1::Document& d, const ExtractOptions& o, const MetaIndex& m, const JsonLdFacts& l,
          ProvenanceLog& p)
      : doc(d), options(o), meta(m), ld(l), log(p) {}

  v1::Document& doc;
  const ExtractOptions& options;
  const MetaIndex& meta;
  const JsonLdFacts& ld;
  ProvenanceLog& log;
  std::string url;
  std::string host;
  std::string country;
  DateContext dates;
  int64_t now = 0;
  // Re-reads a date written without a zone in the configured default time zone.
  std::function<void(v1::DateTime&)> apply_default_zone;
  // The configured zone, else the zone of the site's country when it keeps one civil time
  // (nullptr when neither is known): gives a UTC-stated time its local reading.
  const date::time_zone* local_zone = nullptr;
  int headline_block = -1;    // the block holding the headline, or -1.
  int first_body_block = -1;  // the first kept paragraph, or -1.
};

// Each fills its fields of doc.metadata and records provenance.
void ChooseDates(Context& ctx);        // published, modified (field_dates.cc)
void ChooseAuthors(Context& ctx);      // authors, and agency from bylines (field_authors.cc)
void ReadTextFacts(Context& ctx);      // agency, dateline, captions (field_text.cc)
void ChooseTitleField(Context& ctx);   // title, site_name (field_title.cc)
void ChooseDescriptive(Context& ctx);  // canonical URL, section, tags, image, description,
                                       // language, page type (field_misc.cc)

}  // namespace newspipe::extract
