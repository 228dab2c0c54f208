// The article body of a cleaned document: its kept content blocks (paragraphs, list items,
// quotes, table cells, preformatted text and subheadings) in page order, separated by a blank
// line. Left out: boilerplate, the headline (rule "title"), captions, bylines, datelines and
// metadata lines. Pure; safe from any thread.
#pragma once

#include <string>

#include "proto/newspipe.pb.h"

namespace newspipe {

// True when `block` belongs in the body text.
bool IsBodyBlock(const v1::Block& block);
std::string AssembleBody(const v1::Document& doc);

}  // namespace newspipe
