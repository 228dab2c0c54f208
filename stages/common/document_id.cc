#include "stages/common/document_id.h"

#include "stages/common/text_util.h"

namespace newspipe {

std::string DocumentId(std::string_view url, std::string_view content) {
  return Hash64Hex(url.empty() ? content : url);
}

}  // namespace newspipe
