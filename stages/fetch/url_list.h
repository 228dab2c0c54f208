// Lists of URLs to fetch: the `urls:` config list and the `url_file:` file (one URL a line;
// blank lines and lines starting with '#' are skipped; a line that is not an absolute http(s)
// URL is reported as "FILE:LINE: ..." and skipped). Thread-compatible free functions.
#pragma once

#include <string>
#include <vector>

#include "runtime/status.h"

namespace newspipe {

// True when `url` is an absolute http:// or https:// URL with a host.
bool IsHttpUrl(std::string_view url);

// Reads `file`. Good URLs go to `urls`, problems (with line numbers) to `problems`.
// Returns an error only when the file cannot be read at all.
Status ReadUrlFile(const std::string& file, std::vector<std::string>* urls,
                   std::vector<std::string>* problems);

}  // namespace newspipe
