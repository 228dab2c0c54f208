// Facts written in the text itself, as plain-text pages and wire copy carry them: the agency
// line ("REUTERS"), the dateline that opens the first paragraph ("SEOUL--", "SEOUL (Reuters) -",
// "BERLIN, 8. Juli (dpa) -"), and photo captions with their credit ("(Pool Photo via AP)",
// "Photo: Jane Doe/Reuters"). Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace newspipe::extract {

// The canonical agency when `line` is an agency line: "REUTERS", "(AP)", "By Reuters", "AFP/dpa".
std::string AgencyLine(std::string_view line);

struct Dateline {
  std::string place;   // "SEOUL", "WASHINGTON, D.C."
  std::string agency;  // canonical agency named in the dateline, or "".
  size_t length = 0;   // bytes of the dateline prefix, including its dash.
};

// Reads a dateline at the start of a paragraph. Empty place when there is none.
Dateline ReadDateline(std::string_view paragraph);

struct CaptionParts {
  std::string text;    // the caption without its credit.
  std::string credit;  // "Pool Photo via AP", "Jane Doe/Reuters", "" when none.
};

CaptionParts SplitCaption(std::string_view caption);

// True when a line looks like a photo caption that ends with a credit in parentheses.
bool EndsWithPhotoCredit(std::string_view line);

}  // namespace newspipe::extract
