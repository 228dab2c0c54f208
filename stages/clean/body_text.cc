#include "stages/clean/body_text.h"

namespace newspipe {

bool IsBodyBlock(const v1::Block& block) {
  // The headline: a heading, or a line that only its place marks as the headline.
  if (block.boilerplate() || block.rule() == "title") return false;
  switch (block.type()) {
    case v1::PARAGRAPH:
    case v1::LIST_ITEM:
    case v1::QUOTE:
    case v1::TABLE_CELL:
    case v1::PREFORMATTED:
      return true;
    case v1::HEADING:
      return true;
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
