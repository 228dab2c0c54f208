#include "stages/extract/provenance_log.h"

#include "stages/extract/text_util.h"

namespace newspipe::extract {
namespace {

constexpr size_t kMaxValueBytes = 300;
constexpr int kMaxRejected = 20;

std::string Short(std::string_view v) {
  if (v.size() <= kMaxValueBytes) return std::string(v);
  size_t cut = kMaxValueBytes;
  while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
  return std::string(v.substr(0, cut)) + "...";
}

}  // namespace

v1::Provenance& ProvenanceLog::Entry(std::string_view field) {
  auto it = fields_.find(field);
  if (it == fields_.end()) {
    it = fields_.emplace(std::string(field), v1::Provenance()).first;
    it->second.set_field(std::string(field));
    it->second.set_stage("extract");
  }
  return it->second;
}

void ProvenanceLog::Accept(std::string_view field, std::string_view source, std::string_view rule,
                           std::string_view value) {
  v1::Provenance& p = Entry(field);
  p.set_source(std::string(source));
  p.set_rule(std::string(rule));
  p.set_value(Short(value));
}

void ProvenanceLog::Reject(std::string_view field, std::string_view source, std::string_view value,
                           std::string_view reason) {
  v1::Provenance& p = Entry(field);
  if (p.rejected_size() >= kMaxRejected) return;
  v1::RejectedCandidate* r = p.add_rejected();
  r->set_source(std::string(source));
  r->set_value(Short(value));
  r->set_reason(std::string(reason));
}

void ProvenanceLog::WriteTo(v1::Document& doc) const {
  for (const auto& [name, p] : fields_) *doc.add_provenance() = p;
}

}  // namespace newspipe::extract
