// Readers of the two evaluation datasets (read in place, never copied):
//  - L3S-GN1 (`ground-truth.json`: {id: {"articleBody": ...}}, pages in html/<id>.html,
//    `exclude_unterminated_title.txt`),
//  - trafilatura-dev (`evaldata.json`: {url: {"file", "with", "without", ...}}, pages in html/).
// Pure functions; safe from any thread.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "runtime/status.h"

namespace newspipe {

struct BodyCase {
  std::string id;
  std::string truth;  // the article body.
  std::filesystem::path page;
};

struct SnippetCase {
  std::string url;
  std::filesystem::path page;
  std::vector<std::string> with;
  std::vector<std::string> without;
};

// True when `dir` holds an L3S-GN1 style dataset (ground-truth.json).
bool IsBodyDataset(const std::filesystem::path& dir);
// True when `dir` holds a trafilatura style dataset (evaldata.json).
bool IsSnippetDataset(const std::filesystem::path& dir);

// Cases sorted by id.
Result<std::vector<BodyCase>> ReadBodyDataset(const std::filesystem::path& dir);
Result<std::vector<SnippetCase>> ReadSnippetDataset(const std::filesystem::path& dir);
// One id per line (blank lines and '#' comments ignored).
Result<std::set<std::string>> ReadIdList(const std::filesystem::path& file);

}  // namespace newspipe
