// Metadata evaluation (`newspipe eval --metadata DIR`): per-field accuracy of title, date and
// authors against a dataset's ground truth, and headline accuracy on L3S-GN1.
#pragma once

#include <filesystem>
#include <ostream>

namespace newspipe {

// Evaluates the dataset in `dir` (trafilatura-dev style evaldata.json, or l3s-gn1 style
// ground-truth-blocks.json), prints per-field figures and the `worst` worst cases to `out`;
// with `by_rule`, also each field's figures per rule that gave the value.
// Returns a process exit code (0 on success, 1 when the dataset cannot be read).
int RunMetadataEval(const std::filesystem::path& dir, int worst, std::ostream& out,
                    bool by_rule = false);

}  // namespace newspipe
