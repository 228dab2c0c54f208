// Telling plainly-not-article pages from candidates, before any parsing: a site's front page,
// tag/topic/category/author/archive/search listings, JSON-LD CollectionPage and the like.
//
// The fetch stage sets Document.metadata.page_type ("front", "tag", "listing", or "article" when
// the page says so) and a Provenance entry naming the rule; pages of a type in its
// `drop_page_types` option are counted as filtered instead of emitted (fetch_source.h).
// Conservative on purpose: an unsure page stays unmarked.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace newspipe {

struct PageTypeGuess {
  std::string type;    // "", "article", "front", "tag", "listing".
  std::string rule;    // e.g. "url:root", "url:/tag/", "og:type=website", "jsonld:CollectionPage".
  std::string source;  // url, og, jsonld.
};

// `url`: the final URL; `html`: the page (only its first 64 KB are looked at).
PageTypeGuess GuessPageType(std::string_view url, std::string_view html);

}  // namespace newspipe
