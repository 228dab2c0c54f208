// Stable document ids: xxHash64 (hex) of the canonical URL, or of the content when a document has
// no URL. Pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace newspipe {

// 16 lower-case hex digits. Uses `url` when it is not empty, else `content`.
std::string DocumentId(std::string_view url, std::string_view content);

}  // namespace newspipe
