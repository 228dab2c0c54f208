// Main-content detection over an HtmlPage: decides for every block whether it is part of the
// article or boilerplate, with a score and the rule that decided it.
//
// Steps (all linear in the page size, no recursion):
//  1. Elements whose tag, ARIA role, hidden state or class/id words mark them as navigation,
//     asides, footers, share bars, comments, ads, ... drop their subtree — unless the subtree
//     holds most of the page's prose (a mis-named wrapper).
//  2. Each remaining block gets a content value: prose (enough words, few links) counts for,
//     link text and short fragments count against. The main root is the element whose subtree
//     has the highest total: the smallest region that holds the prose and leaves out the
//     link-heavy surroundings. Root hints (itemprop=articleBody, article-body classes,
//     <article>, JSON-LD articleBody text) add weight; they are hints, not truth.
//  3. Blocks outside the root, link-dense blocks and notices (copyright lines) inside it go;
//     bylines and date lines are typed so extract sees them and the body leaves them out.
// Pure function of its inputs; safe to call from several threads on distinct pages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stages/clean/html_page.h"

namespace newspipe {

struct ContentOptions {
  bool keep_comments = false;
  // Normalised text of the page's JSON-LD articleBody ("" when none): blocks found in it count
  // as prose whatever their shape.
  std::string json_ld_body;
  // The page's headline as its <title> and og:title give it (empty when none): the prose right
  // after the block that carries it weighs more when the main root is chosen, so a short article
  // is not outweighed by a long comment thread below it.
  std::vector<std::string> headlines;
};

struct BlockVerdict {
  v1::BlockType type = v1::PARAGRAPH;  // may retype the walker's guess (BYLINE, METADATA_LINE).
  bool boilerplate = false;
  float score = 0;
  std::string rule;
  std::string hint;  // the class/id words or structure that mattered.
};

struct ContentResult {
  std::vector<BlockVerdict> verdicts;  // one per page block.
  int32_t root = -1;                   // the chosen main element.
  std::vector<bool> element_in_main;   // per element: inside the main root.
};

ContentResult DetectMainContent(const HtmlPage& page, const ContentOptions& options);

// Line classifiers shared with plain-text cleaning.
// "By Jane Doe", "Von Max Mustermann", "Jane Doe, Staff Writer": a short author line.
bool LooksLikeByline(std::string_view text);
// A short line that is mostly a date or time ("Published: January 10, 2008 02:00").
bool LooksLikeDateLine(std::string_view text);
// A picture's label or credit set as a paragraph: "Titelbild: Agency/Name", "Photo by Jane Doe",
// "Abbildung 4: ...", "Jane Doe, photo: Agency".
bool LooksLikeImageLabel(std::string_view text);
// "© 2008 ...", "Copyright ...", "All rights reserved": a rights notice.
bool LooksLikeCopyright(std::string_view text);

}  // namespace newspipe
