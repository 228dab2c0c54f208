// Authors: turns byline texts ("By Jane Doe and John Roe", "Von Anna Muster | 08.07.2020",
// "Par Jean Dupont, AFP") and author values from meta tags and JSON-LD into a list of people.
// Organisations, news agencies, "Staff", handles and URLs are refused with a reason; order is
// kept; duplicates dropped. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newspipe::extract {

struct AuthorSplit {
  std::vector<std::string> people;
  struct Refused {
    std::string value;
    std::string reason;
  };
  std::vector<Refused> refused;
  std::string agency;  // a news agency named in the byline ("Reuters"), canonical spelling.
};

// Splits one byline or author value into names. `from_markup` is true for values that a page
// declares to be an author (meta, JSON-LD): single-word names are then allowed.
AuthorSplit SplitByline(std::string_view byline, bool from_markup);

// The length of the words that open a byline line ("By ", "Von ", "Av ", "Publié par ",
// "Autor: "), in the languages news is written in; 0 when `line` opens otherwise. Case is
// ignored.
size_t BylineLeadLength(std::string_view line);

// Why `name` is not a person's name ("organisation", "too long", ...), or "" when it may be one.
std::string NotAPersonReason(std::string_view name, bool from_markup);

// Why a one-word author that markup declares (meta, JSON-LD) is a broadcaster or an outlet: a
// network's or a station's letters in capitals, digits allowed ("KXYZ", "ABN", "TV9"), or "".
// Two capitals alone ("JD") may be a person's initials, and a person's name in capitals is
// longer than a call sign. Bylines in the page are not asked: there three capitals are as often
// the writer's initials.
std::string CallSignReason(std::string_view name);

// True when `line` is a newsroom role alone, the outlet or beat words before it ("Staff
// Writer", "Example Wire Sports Reporter"): the line a byline prints under the name.
bool IsRoleLine(std::string_view line);

// The canonical name of a news agency when `text` is one ("REUTERS", "(AP)", "dpa" ...); "".
std::string CanonicalAgency(std::string_view text);

// A Chinese credit line ("作者：X", "记者：X Y", "（责任编辑：X）"): the names of two to four Han
// characters after the label, and whether the label names an editor rather than the author.
// Empty `names` when `line` holds no such label followed by such names.
struct CjkCredit {
  std::vector<std::string> names;
  bool editor = false;
};
CjkCredit FindCjkCredit(std::string_view line);

// Normalises a name for comparing and de-duplicating: case-folded, white space collapsed.
std::string NameKey(std::string_view name);

}  // namespace newspipe::extract
