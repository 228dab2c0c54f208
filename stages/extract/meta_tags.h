// MetaIndex: the page's <meta> tags (already lower-cased by clean) looked up by key, with the
// source family each key belongs to (og, twitter, dc, itemprop, meta) for provenance. Holds
// pointers into the Document's PageSignals: it must not outlive them. Not thread-safe.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "proto/newspipe.pb.h"

namespace newspipe::extract {

class MetaIndex {
 public:
  explicit MetaIndex(const v1::PageSignals& signals);

  struct Hit {
    std::string_view key;
    std::string_view content;
    std::string_view source;  // og, twitter, dc, itemprop, meta
  };
  // The first non-empty tag among `keys`, trying the keys in the order given.
  const v1::MetaTag* First(std::initializer_list<std::string_view> keys) const;
  // Every non-empty tag among `keys`, in key order then page order.
  std::vector<const v1::MetaTag*> All(std::initializer_list<std::string_view> keys) const;

  // The source family of a tag: og (og:, article:), twitter, dc (dc., dcterms.), itemprop, meta.
  static std::string_view SourceOf(const v1::MetaTag& tag);

 private:
  const v1::PageSignals& signals_;
};

}  // namespace newspipe::extract
