// `newspipe extract FILE|DIR...`: clean + extract in one process, one JSON line per document.
// `newspipe explain FILE`: every block with its verdict, score and rule, then the metadata with
// where each field came from.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "stages/common/document_json.h"
#include "stages/local_pipeline.h"

namespace newspipe::cli {
namespace {

const char* TypeName(v1::BlockType t) { return BlockTypeName(t); }

std::string Shorten(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

nlohmann::json CleanConfig(bool keep_comments) {
  nlohmann::json c = nlohmann::json::object();
  if (keep_comments) c["keep_comments"] = true;
  return c;
}

}  // namespace

void AddExtractCommands(CLI::App& app, int& exit_code) {
  struct ExtractArgs {
    std::vector<std::string> inputs;
    bool blocks = false;
    bool provenance = false;
    bool keep_comments = false;
    std::string state_dir;
    std::string url;
  };
  auto args = std::make_shared<ExtractArgs>();
  CLI::App* extract = app.add_subcommand(
      "extract", "Clean and extract files or folders (.html .htm .txt, .gz too): JSON Lines out");
  extract->add_option("inputs", args->inputs, "Files or folders (walked recursively)")->required();
  extract->add_flag("--blocks", args->blocks, "Add every block with its verdict and rule");
  extract->add_flag("--provenance", args->provenance, "Add where each field came from");
  extract->add_flag("--keep-comments", args->keep_comments, "Keep reader comments as content");
  extract->add_option("--state-dir", args->state_dir,
                      "Folder for learned state (the site model); default: none kept");
  extract->add_option("--url", args->url,
                      "The address a single saved page was fetched from (site, host, URL dates)");
  extract->callback([args, &exit_code] {
    LocalPipelineOptions options;
    options.clean_config = CleanConfig(args->keep_comments);
    options.state_dir = args->state_dir;
    auto pipeline = LocalPipeline::Create(options);
    if (!pipeline.ok()) {
      std::fprintf(stderr, "newspipe extract: %s\n", pipeline.status().ToString().c_str());
      exit_code = 1;
      return;
    }
    std::vector<std::filesystem::path> paths(args->inputs.begin(), args->inputs.end());
    std::vector<std::string> problems;
    auto files = ListLocalInputs(paths, &problems);
    for (const auto& p : problems) std::fprintf(stderr, "newspipe extract: %s\n", p.c_str());
    if (!args->url.empty() && files.size() != 1) {
      std::fprintf(stderr, "newspipe extract: --url names the address of one page, not of %zu\n",
                   files.size());
      exit_code = 1;
      return;
    }
    DocumentJsonOptions json_options;
    json_options.blocks = args->blocks;
    json_options.provenance = args->provenance;
    size_t failed = 0;
    for (const auto& file : files) {
      v1::Document doc = (*pipeline)->ProcessFile(file, args->url);
      failed += std::any_of(doc.errors().begin(), doc.errors().end(),
                            [](const v1::Error& e) { return e.fatal(); });
      std::string line = DocumentToJson(doc, json_options)
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      std::fwrite(line.data(), 1, line.size(), stdout);
      std::fputc('\n', stdout);
    }
    std::fflush(stdout);
    // Failed documents are still printed, with their errors; the count goes to stderr.
    if (failed > 0) {
      std::fprintf(stderr, "newspipe extract: %zu of %zu document(s) failed\n", failed,
                   files.size());
    }
    if (files.empty() || !problems.empty()) exit_code = 1;
  });

  auto explain_file = std::make_shared<std::string>();
  auto explain_comments = std::make_shared<bool>(false);
  auto explain_url = std::make_shared<std::string>();
  CLI::App* explain = app.add_subcommand(
      "explain", "Show every block of a page with kept/removed, score and the deciding rule");
  explain->add_option("file", *explain_file, "An .html, .htm or .txt file (.gz too)")->required();
  explain->add_flag("--keep-comments", *explain_comments, "Keep reader comments as content");
  explain->add_option("--url", *explain_url,
                      "The address the saved page was fetched from (site, host, URL dates)");
  explain->callback([explain_file, explain_comments, explain_url, &exit_code] {
    LocalPipelineOptions options;
    options.clean_config = CleanConfig(*explain_comments);
    auto pipeline = LocalPipeline::Create(options);
    if (!pipeline.ok()) {
      std::fprintf(stderr, "newspipe explain: %s\n", pipeline.status().ToString().c_str());
      exit_code = 1;
      return;
    }
    v1::Document doc = (*pipeline)->ProcessFile(*explain_file, *explain_url);
    // A page that could not be read has nothing to explain: say so and fail, naming the file.
    for (const auto& e : doc.errors()) {
      if (e.fatal() && doc.blocks_size() == 0) {
        if (e.message().find(*explain_file) != std::string::npos) {
          std::fprintf(stderr, "newspipe explain: %s\n", e.message().c_str());
        } else {
          std::fprintf(stderr, "newspipe explain: %s: %s\n", explain_file->c_str(),
                       e.message().c_str());
        }
        exit_code = 1;
        return;
      }
    }
    std::cout << "document " << doc.id() << "  " << doc.source().path() << "\n";
    std::cout << "blocks: " << doc.blocks_size() << "\n\n";
    std::cout << "  #   verdict  type        score  rule                  text\n";
    for (const auto& b : doc.blocks()) {
      char head[160];
      std::snprintf(head, sizeof head, "%4u  %-7s  %-10s %6.0f  %-20s  ", b.index(),
                    b.boilerplate() ? "REMOVE" : "keep", TypeName(b.type()), b.score(),
                    b.rule().c_str());
      std::cout << head << Shorten(b.text(), 110);
      if (!b.hint().empty()) std::cout << "  [" << b.hint() << "]";
      std::cout << "\n";
    }
    const auto& m = doc.metadata();
    std::cout << "\ntitle:     " << m.title() << "\n";
    std::cout << "published: " << FormatUtc(m.published()) << "\n";
    std::cout << "authors:  ";
    for (const auto& a : m.authors()) std::cout << " " << a << ";";
    std::cout << "\nagency:    " << m.agency() << "\ndateline:  " << m.dateline() << "\n";
    std::cout << "language:  " << m.language() << "\n";
    if (doc.provenance_size() > 0) std::cout << "\nprovenance:\n";
    for (const auto& p : doc.provenance()) {
      std::cout << "  " << p.field() << " <- " << p.source() << " (" << p.rule()
                << "): " << Shorten(p.value(), 80) << "\n";
      for (const auto& r : p.rejected()) {
        std::cout << "      rejected " << r.source() << ": " << Shorten(r.value(), 60) << " ("
                  << r.reason() << ")\n";
      }
    }
    if (doc.errors_size() > 0) std::cout << "\nerrors:\n";
    for (const auto& e : doc.errors()) {
      std::cout << "  " << e.stage() << "/" << e.code() << ": " << e.message() << "\n";
    }
    std::cout << "\nbody (" << doc.text().size() << " bytes):\n" << doc.text() << "\n";
  });
}

}  // namespace newspipe::cli
