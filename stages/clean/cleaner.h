// Cleaner: turns one fetched Document (fetch.raw) into typed blocks, page signals and the
// article body text (doc.text). HTML is parsed once and walked once (html_page.h), its main
// content detected (main_content.h); plain text is read line by line (text_page.h). A site
// boilerplate model (site_model.h), when given, removes blocks seen on many pages of the same
// site. Bad input (empty, binary, truncated, wrong charset, over-deep, too slow) never fails the
// call: the document gets what could be extracted plus an entry in doc.errors.
// A Cleaner is used from one thread at a time; distinct Cleaners may run in parallel.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "proto/newspipe.pb.h"
#include "runtime/status.h"

namespace newspipe {

class SiteModel;

struct CleanOptions {
  bool keep_comments = false;
  uint64_t max_bytes = 16u << 20;  // pages larger than this are cut (and flagged).
  std::chrono::milliseconds time_budget{2000};
  uint32_t max_depth = 256;
  bool dom_paths = true;
  uint64_t min_chars = 0;  // a shorter body gets a "short_body" note.  // fill Block.dom_path (the
                           // site model needs them).
};

class Cleaner {
 public:
  // `site_model` may be null (no cross-document learning); it must outlive the Cleaner.
  explicit Cleaner(CleanOptions options, SiteModel* site_model = nullptr);

  // Cleans `doc` in place: sets signals, blocks, text and model_version; appends to errors.
  // Returns an error only for an internal failure (never for bad input).
  Status Clean(v1::Document& doc);

  const CleanOptions& options() const { return options_; }

 private:
  void CleanHtml(std::string_view html, v1::Document& doc,
                 std::chrono::steady_clock::time_point deadline);
  void CleanText(std::string_view text, v1::Document& doc);

  CleanOptions options_;
  SiteModel* site_model_;
};

// True when the document is plain text: fetch.format TEXT, a text/plain content type, a .txt
// path, or bytes that do not look like markup.
bool IsPlainTextDocument(const v1::Document& doc);

// Appends an error entry of stage "clean" to `doc`.
void AddCleanError(v1::Document& doc, std::string_view code, std::string_view message,
                   bool fatal = false);

}  // namespace newspipe
