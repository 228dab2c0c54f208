// Plain-text pages (a .txt file, a text/plain response): lines and paragraphs become the same
// typed blocks as HTML. Agency and date lines are METADATA_LINE, photo captions that end with a
// credit in parentheses are CAPTION, short all-capitals lines are subheadings, and navigation
// crumbs, "Read more"/"Related" lines and a trailing run of teaser lines that share almost no
// content words with the article are boilerplate. Pure; safe from any thread.
#pragma once

#include <string_view>
#include <vector>

#include "stages/clean/main_content.h"

namespace newspipe {

struct TextBlock {
  v1::BlockType type = v1::PARAGRAPH;
  std::string text;
  bool boilerplate = false;
  float score = 0;
  std::string rule;
  uint8_t level = 0;
  bool title = false;  // the page's headline (kept as a heading, not part of the body).
};

// Splits `text` (UTF-8) into typed, classified blocks in page order.
std::vector<TextBlock> CleanTextPage(std::string_view text);

// Whole-line agency names ("REUTERS", "AP", "Kyodo", "The Associated Press").
bool IsAgencyLine(std::string_view line);
// A photo caption that ends with a parenthesised credit: "... (Pool Photo via AP)".
bool EndsWithPhotoCredit(std::string_view line);
// A bare credit line: "Photo: Reuters", "(AP Photo/John Doe)", "Getty Images".
bool IsBareCredit(std::string_view line);
// Navigation crumbs ("Home > World > Asia") and link-label lines ("Read more", "Related:").
bool IsNavigationLine(std::string_view line);

}  // namespace newspipe
