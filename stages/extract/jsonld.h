// JSON-LD facts: reads the raw application/ld+json scripts that clean collected (PageSignals)
// and picks out the article's headline, dates, authors, publisher, section, keywords, image,
// language and URL. Handles @graph, top-level arrays, nested mainEntity objects, authors given as
// strings, objects or arrays of either, and values of the wrong shape (a string where an array
// was expected, an object where a string was). Invalid JSON is skipped with a note, never thrown.
// Pure function, thread-safe.
#pragma once

#include <string>
#include <vector>

#include "proto/newspipe.pb.h"

namespace newspipe::extract {

struct JsonLdAuthor {
  std::string name;
  bool organization = false;  // @type Organization / NewsMediaOrganization / Corporation.
};

struct JsonLdFacts {
  bool has_article = false;  // an Article-like object was found.
  std::string article_type;  // its @type, e.g. "NewsArticle".
  std::string headline;      // headline, else name of the article object.
  std::string date_published;
  std::string date_modified;
  std::string date_created;
  std::string page_date_published;  // from a WebPage object when no article has one.
  std::string page_date_modified;
  std::vector<JsonLdAuthor> authors;
  std::string publisher;  // publisher.name
  std::string site_name;  // WebSite.name
  std::string section;
  std::vector<std::string> keywords;
  std::string image;
  std::string description;
  std::string language;            // inLanguage
  std::string url;                 // url / mainEntityOfPage @id of the article
  std::vector<std::string> notes;  // problems met (invalid JSON, odd shapes), for provenance.
};

JsonLdFacts ReadJsonLd(const google::protobuf::RepeatedPtrField<std::string>& scripts);

}  // namespace newspipe::extract
