// The store stage: its spec (config fields, docs) and factory. One stage type, `store`, with a
// `backend` field choosing SQLite (the default), PostgreSQL or a JSON Lines file; the backends
// live in sqlite_store.h, postgres_store.h and jsonl_sink.h.
#pragma once

#include <filesystem>

#include "runtime/config.h"
#include "runtime/spec.h"

namespace newspipe {

StageSpec StoreSpec();

// The file a sqlite or jsonl store config writes: its `path`, resolved against `state_dir` when
// relative. Used by the stage and by `newspipe search/show/export`.
std::filesystem::path StorePath(const Config& config, const std::filesystem::path& state_dir);

}  // namespace newspipe
