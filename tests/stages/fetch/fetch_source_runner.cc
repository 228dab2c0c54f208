// fetch_source_runner CONFIG_JSON STATE_DIR OUT_FILE: runs a fetch source in batch mode and
// appends "id<TAB>url" per emitted document to OUT_FILE, one write(2) per batch, before asking
// the source for the next batch (as the runtime does with its outbox). At start, the ids already
// in OUT_FILE are passed to OnResume (as the runtime passes what its outbox still holds). Used by
// the kill -9 test.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "runtime/spec.h"
#include "stages/fetch/fetch_stage.h"

int main(int argc, char** argv) {
  using namespace newspipe;
  if (argc != 4) {
    std::fprintf(stderr, "usage: fetch_source_runner CONFIG_JSON STATE_DIR OUT_FILE\n");
    return 2;
  }
  StageSpec spec = FetchSpec();
  std::vector<ConfigError> errors;
  nlohmann::json given = nlohmann::json::parse(argv[1], nullptr, false);
  Config config = ValidateConfig(spec, given, &errors);
  if (given.is_discarded() || !errors.empty()) {
    std::fprintf(stderr, "bad config\n");
    return 2;
  }
  StageContext ctx;
  ctx.stage_name = "fetch";
  ctx.stage_type = "fetch";
  ctx.state_dir = argv[2];
  ctx.once = true;
  auto instance = spec.create(config, ctx);
  if (!instance.ok()) {
    std::fprintf(stderr, "%s\n", instance.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string> held;
  std::ifstream earlier(argv[3]);
  for (std::string line; std::getline(earlier, line);)
    held.push_back(line.substr(0, line.find('\t')));
  if (!held.empty()) instance->source->OnResume(held);
  int fd = ::open(argv[3], O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) return 1;
  std::vector<v1::Document> docs;
  for (;;) {
    docs.clear();
    auto state = instance->source->Next(docs, 16);
    if (!state.ok()) return 1;
    std::string lines;
    for (const auto& d : docs) lines += d.id() + "\t" + d.fetch().url() + "\n";
    if (!lines.empty() &&
        ::write(fd, lines.data(), lines.size()) != static_cast<ssize_t>(lines.size())) {
      return 1;
    }
    if (*state == SourceState::kExhausted) break;
  }
  ::close(fd);
  return 0;
}
