// Placeholder until the metadata evaluation lands.
#include "eval/metadata_eval.h"

namespace newspipe {

int RunMetadataEval(const std::filesystem::path& dir, int worst, std::ostream& out) {
  out << "metadata evaluation is not built yet\n";
  return 1;
}

}  // namespace newspipe
