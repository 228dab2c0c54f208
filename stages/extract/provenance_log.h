// ProvenanceLog: collects, field by field, where the extract stage took a value from (source,
// rule, value) and which candidates it turned down and why, then writes them into
// Document.provenance. Not thread-safe; one per document.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "proto/newspipe.pb.h"

namespace newspipe::extract {

class ProvenanceLog {
 public:
  void Accept(std::string_view field, std::string_view source, std::string_view rule,
              std::string_view value);
  void Reject(std::string_view field, std::string_view source, std::string_view value,
              std::string_view reason);
  // Appends one Provenance per field that was accepted or had rejected candidates.
  void WriteTo(v1::Document& doc) const;

 private:
  v1::Provenance& Entry(std::string_view field);
  std::map<std::string, v1::Provenance, std::less<>> fields_;
};

}  // namespace newspipe::extract
