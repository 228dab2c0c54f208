#include "stages/clean/body_text.h"

namespace newspipe {

bool IsBodyBlock(const v1::Block& block) {
  if (block.boilerplate()) return false;
  switch (block.type()) {
    case v1::PARAGRAPH:
    case v1::LIST_ITEM:
    case v1::QUOTE:
    case v1::TABLE_CELL:
    case v1::PREFORMATTED:
      return true;
    case v1::HEADING:
      return block.rule() != "title";
    default:
      return false;
  }
}

std::string AssembleBody(const v1::Document& doc) {
  std::string out;
  for (const v1::Block& b : doc.blocks()) {
    if (!IsBodyBlock(b) || b.text().empty()) continue;
    if (!out.empty()) out += "\n\n";
    out += b.text();
  }
  return out;
}

}  // namespace newspipe
