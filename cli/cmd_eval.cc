// `newspipe eval DIR [--metadata [--by-rule]] [--worst N] [--exclude-file F]`: extraction quality
// on a dataset with ground truth (../shared/eval/METRIC.md). L3S-GN1 style folders get the shingle
// metric (also without the pages listed in exclude_unterminated_title.txt, when present);
// trafilatura style folders get the snippet metric; --metadata scores title, date and authors.
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "eval/body_eval.h"
#include "eval/eval_datasets.h"
#include "eval/metadata_eval.h"

namespace newspipe::cli {

void AddEvalCommand(CLI::App& app, int& exit_code) {
  struct EvalArgs {
    std::string dir;
    bool metadata = false;
    bool by_rule = false;
    int worst = 10;
    std::string exclude_file;
  };
  auto args = std::make_shared<EvalArgs>();
  CLI::App* eval = app.add_subcommand(
      "eval", "Score extraction against a dataset's ground truth (shingle F1 or snippets)");
  eval->add_option("dir", args->dir, "Dataset folder (l3s-gn1 or trafilatura-dev layout)")
      ->required();
  eval->add_flag("--metadata", args->metadata, "Score metadata (title, date, authors) instead");
  eval->add_flag("--by-rule", args->by_rule,
                 "With --metadata: each field's accuracy per rule that gave the value");
  eval->add_option("--worst", args->worst, "How many worst documents to list")
      ->check(CLI::NonNegativeNumber);
  eval->add_option("--exclude-file", args->exclude_file,
                   "Ids to also report without (default: exclude_unterminated_title.txt)");
  eval->callback([args, &exit_code] {
    std::filesystem::path dir = args->dir;
    if (args->metadata) {
      exit_code = RunMetadataEval(dir, args->worst, std::cout, args->by_rule);
      return;
    }
    BodyEvalOptions options;
    options.worst = args->worst;
    std::filesystem::path exclude = args->exclude_file;
    if (exclude.empty() && std::filesystem::exists(dir / "exclude_unterminated_title.txt")) {
      exclude = dir / "exclude_unterminated_title.txt";
    }
    if (!exclude.empty()) {
      auto ids = ReadIdList(exclude);
      if (!ids.ok()) {
        std::cerr << "newspipe eval: " << ids.status().ToString() << "\n";
        exit_code = 1;
        return;
      }
      options.exclude = std::move(ids).value();
      options.exclude_label = exclude.filename().string();
    }
    if (IsBodyDataset(dir)) {
      exit_code = RunShingleEval(dir, options, std::cout);
    } else if (IsSnippetDataset(dir)) {
      exit_code = RunSnippetEval(dir, options, std::cout);
    } else {
      std::cerr << "newspipe eval: " << dir.string()
                << " holds neither ground-truth.json nor evaldata.json\n";
      exit_code = 1;
    }
  });
}

}  // namespace newspipe::cli
