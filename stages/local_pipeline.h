// LocalPipeline: clean + extract run in-process on files or bytes, without sockets or child
// processes. Used by `newspipe extract`, `newspipe explain`, `newspipe eval` and the benchmarks.
// The processors are built from the registered specs (stages/builtin.h) with validated configs,
// exactly as the pipeline runtime builds them. A LocalPipeline is used from one thread at a time.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "proto/newspipe.pb.h"
#include "runtime/stage.h"
#include "runtime/status.h"

namespace newspipe {

struct LocalPipelineOptions {
  nlohmann::json clean_config = nlohmann::json::object();
  nlohmann::json extract_config = nlohmann::json::object();
  bool run_extract = true;  // false: clean only.
  // Where stages keep learned state; empty: a fresh private temporary folder (nothing shared).
  std::filesystem::path state_dir;
};

class LocalPipeline {
 public:
  static Result<std::unique_ptr<LocalPipeline>> Create(const LocalPipelineOptions& options);
  ~LocalPipeline();

  // Runs every stage on `doc` in place. A stage error is recorded in doc.errors and the
  // document goes on to the next stage, as in a running pipeline.
  void Process(v1::Document& doc);
  // Reads `path` (.gz transparently) into a new Document and processes it, as fetched from
  // `url` when one is given (a saved page's address decides its site, host and URL dates). An
  // unreadable file gives a document with its error.
  v1::Document ProcessFile(const std::filesystem::path& path, const std::string& url = {});

  // True when the extract stage could be built (false while it is not available).
  bool has_extract() const { return extract_ != nullptr; }

 private:
  LocalPipeline() = default;
  std::unique_ptr<Processor> clean_;
  std::unique_ptr<Processor> extract_;
  std::filesystem::path temp_dir_;  // removed on destruction when we made it.
};

// A new Document for the page bytes read from `path` (source FILE, site = parent folder name,
// format from the extension, id = hash of the content).
v1::Document DocumentFromFile(const std::filesystem::path& path, std::string bytes);
// The bytes of `path`; a .gz file is decompressed.
Result<std::string> ReadInputFile(const std::filesystem::path& path);
// True for the names `newspipe extract` reads: .html .htm .txt, each optionally .gz.
bool IsLocalInputName(const std::filesystem::path& path);
// Every input file under `paths` (files as given, folders walked recursively), sorted per folder.
std::vector<std::filesystem::path> ListLocalInputs(const std::vector<std::filesystem::path>& paths,
                                                   std::vector<std::string>* problems);

}  // namespace newspipe
