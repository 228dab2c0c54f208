// FetchSource: the fetch stage's Source (runtime/stage.h). It merges every configured input —
// local `paths`, `urls` and `url_file` — into one stream of
// v1::Documents, and fetches web pages through the Crawler (crawler.h).
//
// In batch mode (StageContext.once) it reports kExhausted when every input is drained; as a
// daemon it keeps polling. Not thread-safe: the runtime calls it from one thread.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "runtime/config.h"
#include "runtime/stage.h"
#include "stages/fetch/crawler.h"
#include "stages/fetch/file_source.h"

namespace newspipe {

class FetchSource : public Source {
 public:
  static Result<std::unique_ptr<FetchSource>> Create(const Config& config,
                                                     const StageContext& context);
  ~FetchSource() override;

  Result<SourceState> Next(std::vector<v1::Document>& out, size_t max) override;
  void OnAck(const v1::Ack& ack) override;

 private:
  FetchSource() = default;

  StageContext context_;
  FileReadOptions file_options_;
  std::vector<std::filesystem::path> files_;
  size_t next_file_ = 0;
  std::vector<std::string> urls_;  // from `urls` and `url_file`, not yet handed to the crawler.
  size_t next_url_ = 0;
  std::vector<v1::Source> url_sources_;  // by crawl tag - 1.
  std::unique_ptr<Crawler> crawler_;
  size_t max_pending_ = 1000;  // URLs handed to the crawler at once.
};

// Reads the crawler settings of the fetch spec from `config`.
CrawlerOptions CrawlerOptionsFromConfig(const Config& config);

}  // namespace newspipe
