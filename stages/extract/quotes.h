// Direct quotes with their speakers: finds quoted speech in the body blocks (“...”, „...“,
// «...», "..."), follows a quote across paragraphs (a paragraph that opens a quote without
// closing it continues in the next one that opens with a quote mark), keeps single quotes
// nested inside double ones as part of the text, and names the speaker from the attribution
// next to it: “...,” Biegun said / said Biegun / Biegun said: “...” / he said (the person last
// named). People with roles met along the way are listed too. Pure, thread-safe.
#pragma once

#include <string>
#include <vector>

#include "proto/newspipe.pb.h"

namespace newspipe::extract {

struct BodyBlock {
  int index;  // the block's index in the document.
  std::string_view text;
};

struct QuoteResult {
  std::vector<v1::Quote> quotes;
  std::vector<v1::Person> people;
};

QuoteResult FindQuotes(const std::vector<BodyBlock>& blocks);

}  // namespace newspipe::extract
