// People named in running text: capitalised name runs with the role words that precede them
// ("U.S. Deputy Secretary of State Stephen Biegun" -> name "Stephen Biegun", role
// "U.S. Deputy Secretary of State"), read forwards or backwards from a position. Used by the
// quote finder to name speakers and by the extractor to list people. Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newspipe::extract {

struct NameRun {
  std::string name;  // "Stephen Biegun"; empty when the run holds no name.
  std::string role;  // "U.S. Deputy Secretary of State"; may be empty.
  size_t begin = 0;  // byte span of role + name in the text.
  size_t end = 0;
};

// Reads a name (with any role words before it) that starts at byte `pos`, skipping spaces.
NameRun NameAfter(std::string_view text, size_t pos);
// Reads a name that ends right before byte `pos` (spaces skipped), e.g. before " said".
NameRun NameBefore(std::string_view text, size_t pos);
// Every "role + name" mention in `text` where the text gives a role, in order.
std::vector<NameRun> RoleMentions(std::string_view text);

}  // namespace newspipe::extract
