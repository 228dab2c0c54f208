#include "stages/extract/meta_tags.h"

#include "stages/extract/text_util.h"

namespace newspipe::extract {

MetaIndex::MetaIndex(const v1::PageSignals& signals) : signals_(signals) {}

const v1::MetaTag* MetaIndex::First(std::initializer_list<std::string_view> keys) const {
  for (std::string_view key : keys) {
    for (const v1::MetaTag& tag : signals_.meta()) {
      if (tag.key() == key && !Trim(tag.content()).empty()) return &tag;
    }
  }
  return nullptr;
}

std::vector<const v1::MetaTag*> MetaIndex::All(std::initializer_list<std::string_view> keys) const {
  std::vector<const v1::MetaTag*> out;
  for (std::string_view key : keys) {
    for (const v1::MetaTag& tag : signals_.meta()) {
      if (tag.key() == key && !Trim(tag.content()).empty()) out.push_back(&tag);
    }
  }
  return out;
}

std::string_view MetaIndex::SourceOf(const v1::MetaTag& tag) {
  std::string_view key = tag.key();
  if (tag.attr() == "itemprop") return "itemprop";
  if (key.starts_with("og:") || key.starts_with("article:")) return "og";
  if (key.starts_with("twitter:")) return "twitter";
  if (key.starts_with("dc.") || key.starts_with("dcterms.") || key.starts_with("dc:") ||
      key.starts_with("dcterms:")) {
    return "dc";
  }
  return "meta";
}

}  // namespace newspipe::extract
