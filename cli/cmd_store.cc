// `newspipe search`, `show` and `export`: reading what a pipeline stored.
//
// The database is the pipeline's store: `--pipeline FILE` (or the positional PIPELINE of
// `export`) is loaded, its first `store` stage found and its `path` resolved against the
// pipeline's state directory; `--db PATH` names a SQLite file directly. Without either, the
// NEWSPIPE_DB variable, then pipelines/demo.yaml in the working directory, are used. Each also
// reads a PostgreSQL store: `--dsn`, or a pipeline whose store stage has backend: postgres.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "runtime/pipeline.h"
#include "stages/builtin.h"
#include "stages/store/postgres_export.h"
#include "stages/store/postgres_search.h"
#include "stages/store/postgres_show.h"
#include "stages/store/sqlite_search.h"
#include "stages/store/store_db.h"
#include "stages/store/store_stage.h"

namespace newspipe::cli {
namespace {

struct DbArgs {
  std::string db;
  std::string pipeline;
  std::string dsn;  // search only: a PostgreSQL store.
};

void AddDbOptions(CLI::App* cmd, DbArgs& args) {
  cmd->add_option("--db", args.db, "The SQLite store file to read");
  cmd->add_option("--pipeline,-p", args.pipeline,
                  "A pipeline file: read the database of its store stage");
}

// Where the store is: a SQLite file, or (for a pipeline writing to PostgreSQL) a server.
struct StoreTarget {
  std::filesystem::path path;
  std::string dsn;
};

// Finds the store the user means; an error message names what was tried.
Result<StoreTarget> ResolveTarget(const DbArgs& args) {
  if (!args.dsn.empty()) return StoreTarget{{}, args.dsn};
  if (!args.db.empty()) return StoreTarget{args.db, {}};
  std::string pipeline = args.pipeline;
  if (pipeline.empty()) {
    if (const char* env = std::getenv("NEWSPIPE_DB"); env != nullptr && *env != '\0') {
      return StoreTarget{env, {}};
    }
    if (std::filesystem::exists("pipelines/demo.yaml")) pipeline = "pipelines/demo.yaml";
  }
  if (pipeline.empty()) {
    return Status::InvalidArgument(
        "no store given: use --db PATH or --pipeline FILE (or set NEWSPIPE_DB)");
  }
  NP_ASSIGN_OR_RETURN(PipelineDef def, LoadPipeline(pipeline, BuiltinStages()));
  const StageDef* store = def.FindStageOfType("store");
  if (store == nullptr) {
    return Status::InvalidArgument(fmt::format("{}: the pipeline has no store stage", pipeline));
  }
  const std::string backend = store->config.GetString("backend");
  if (backend == "postgres") return StoreTarget{{}, store->config.GetString("dsn")};
  if (backend != "sqlite") {
    return Status::InvalidArgument(fmt::format(
        "{}: the store stage writes to {}; these commands read the SQLite or PostgreSQL "
        "backend (for jsonl read the file)",
        pipeline, backend));
  }
  return StoreTarget{StorePath(store->config, def.state_dir), {}};
}

// The SQLite file of a store (show and export ask ResolveTarget first for a PostgreSQL one).
Result<std::filesystem::path> ResolveDb(const DbArgs& args) {
  NP_ASSIGN_OR_RETURN(StoreTarget target, ResolveTarget(args));
  if (!target.dsn.empty()) {
    return Status::InvalidArgument("the store is on PostgreSQL: pass its --dsn");
  }
  return target.path;
}

Result<std::unique_ptr<StoreDb>> OpenForReading(const DbArgs& args) {
  NP_ASSIGN_OR_RETURN(std::filesystem::path path, ResolveDb(args));
  if (!std::filesystem::exists(path)) {
    return Status::NotFound(
        fmt::format("{} does not exist (has the pipeline stored anything yet?)", path.string()));
  }
  return StoreDb::Open(path, {.read_only = true});
}

int Fail(const char* command, const Status& status) {
  std::fprintf(stderr, "newspipe %s: %s\n", command, status.message().c_str());
  return status.IsNotFound() ? 3 : 1;
}

std::string FormatMs(int64_t unix_ms) {
  if (unix_ms <= 0) return "";
  std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string OneLine(std::string s, size_t max) {
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void AddSearch(CLI::App& app, int& exit_code) {
  struct Args {
    DbArgs db;
    std::string query;
    std::string site, since, until, author;
    int limit = 20;
    bool json = false;
    bool collapse = false;
    int64_t rank_window = SearchQuery().rank_window;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "search", "Full-text search of stored documents, best first, with highlighted snippets");
  cmd->add_option("query", args->query,
                  "Words to find (all of them; word* for a prefix); empty lists the newest");
  AddDbOptions(cmd, args->db);
  cmd->add_option("--dsn", args->db.dsn,
                  "Search a PostgreSQL store (libpq connection string) instead of SQLite");
  cmd->add_option("--site", args->site, "Only this site (site name or URL host)");
  cmd->add_option("--since", args->since, "Published at or after (2020-07-08 or ISO 8601)");
  cmd->add_option("--until", args->until, "Published at or before (a bare date: the whole day)");
  cmd->add_option("--author", args->author, "Only documents with an author containing this");
  cmd->add_option("--limit,-n", args->limit, "At most this many results")
      ->check(CLI::Range(1, 10000));
  cmd->add_flag("--json", args->json, "One JSON object per result line");
  cmd->add_flag("--collapse", args->collapse, "Show each story (near-duplicates) once");
  cmd->add_option("--rank-window", args->rank_window,
                  "Rank only the newest N matches of a very common query (0: rank every match)")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([args, &exit_code] {
    SearchQuery q;
    q.text = args->query;
    q.site = args->site;
    q.author = args->author;
    q.limit = args->limit;
    q.collapse = args->collapse;
    q.rank_window = args->rank_window;
    if (!args->since.empty()) {
      q.since_unix = ParseTimeBound(args->since, false);
      if (!q.since_unix) {
        exit_code = Fail("search", Status::InvalidArgument(
                                       fmt::format("--since {}: expected a date like 2020-07-08 or "
                                                   "2020-07-08T13:33:00+09:00",
                                                   args->since)));
        return;
      }
    }
    if (!args->until.empty()) {
      q.until_unix = ParseTimeBound(args->until, true);
      if (!q.until_unix) {
        exit_code = Fail("search", Status::InvalidArgument(
                                       fmt::format("--until {}: expected a date like 2020-07-08 or "
                                                   "2020-07-08T13:33:00+09:00",
                                                   args->until)));
        return;
      }
    }
    const bool tty = !args->json && ::isatty(STDOUT_FILENO);
    q.mark_open = tty ? "\033[1m" : "[";
    q.mark_close = tty ? "\033[0m" : "]";
    auto target = ResolveTarget(args->db);
    if (!target.ok()) {
      exit_code = Fail("search", target.status());
      return;
    }
    Result<std::vector<SearchHit>> hits = std::vector<SearchHit>{};
    if (!target->dsn.empty()) {
      hits = SearchPostgres(target->dsn, q);
    } else {
      auto db = OpenForReading(args->db);
      if (!db.ok()) {
        exit_code = Fail("search", db.status());
        return;
      }
      hits = SearchDocuments(**db, q);
    }
    if (!hits.ok()) {
      exit_code = Fail("search", hits.status());
      return;
    }
    std::string out;
    int rank = 0;
    for (const auto& h : *hits) {
      if (args->json) {
        nlohmann::json j = {{"id", h.id},
                            {"title", h.title},
                            {"url", h.url},
                            {"site", h.site},
                            {"published", h.published},
                            {"authors", h.authors},
                            {"snippet", h.snippet},
                            {"score", h.score},
                            {"story_id", h.story_id},
                            {"story_size", h.story_size}};
        out += Dump(j);
        out += '\n';
        continue;
      }
      out +=
          fmt::format("{}. {}\n", ++rank, h.title.empty() ? "(no title)" : OneLine(h.title, 120));
      std::string meta = h.site;
      if (!h.published.empty()) meta += (meta.empty() ? "" : "  ") + h.published;
      if (!h.authors.empty()) meta += (meta.empty() ? "" : "  ") + Join(h.authors, ", ");
      if (h.story_size > 1) {
        meta += fmt::format("  (+{} similar)", h.story_size - 1);
      }
      out += fmt::format("   {}\n   {}  {}\n", meta, h.id, h.url);
      if (!h.snippet.empty()) out += fmt::format("   {}\n", OneLine(h.snippet, 400));
      out += '\n';
    }
    if (!args->json && hits->empty()) out = "no matches\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    exit_code = 0;
  });
}

void AddShow(CLI::App& app, int& exit_code) {
  struct Args {
    DbArgs db;
    std::string id;
    bool blocks = false;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "show",
      "One stored document: metadata, body, near-duplicates; --blocks for the removed "
      "boilerplate with its rules");
  cmd->add_option("id", args->id, "The document id (or a unique prefix of it)")->required();
  AddDbOptions(cmd, args->db);
  cmd->add_flag("--blocks", args->blocks, "List every block, kept or removed, with its rule");
  cmd->add_flag("--json", args->json, "The document as JSON (the export format, plus store facts)");
  cmd->add_option("--dsn", args->db.dsn,
                  "Show from a PostgreSQL store (libpq connection string) instead of SQLite");
  cmd->callback([args, &exit_code] {
    auto target = ResolveTarget(args->db);
    if (!target.ok()) {
      exit_code = Fail("show", target.status());
      return;
    }
    Result<ShownDocument> loaded = Status::NotFound("");
    if (!target->dsn.empty()) {
      loaded = LoadPostgresDocument(target->dsn, args->id);
    } else {
      auto db = OpenForReading(args->db);
      if (!db.ok()) {
        exit_code = Fail("show", db.status());
        return;
      }
      loaded = LoadDocument(**db, args->id);
    }
    if (!loaded.ok()) {
      exit_code = Fail("show", loaded.status());
      return;
    }
    const ShownDocument& d = *loaded;
    std::string out;
    if (args->json) {
      nlohmann::json j = nlohmann::json::parse(d.doc_json, nullptr, false);
      if (j.is_discarded()) j = nlohmann::json::object();
      j["revision"] = d.revision;
      j["content_hash"] = d.content_hash;
      j["story_id"] = d.story_id;
      j["stored"] = FormatMs(d.first_stored_unix_ms);
      j["updated"] = FormatMs(d.updated_unix_ms);
      j["duplicates"] = nlohmann::json::array();
      for (const auto& dup : d.duplicates) {
        j["duplicates"].push_back({{"id", dup.id},
                                   {"title", dup.title},
                                   {"site", dup.site},
                                   {"url", dup.url},
                                   {"distance", dup.distance}});
      }
      if (args->blocks) {
        j["blocks"] = nlohmann::json::array();
        for (const auto& b : d.blocks) {
          j["blocks"].push_back({{"index", b.index},
                                 {"type", b.type},
                                 {"text", b.text},
                                 {"kept", !b.boilerplate},
                                 {"rule", b.rule}});
        }
      }
      out = Dump(j) + "\n";
      std::fwrite(out.data(), 1, out.size(), stdout);
      exit_code = 0;
      return;
    }
    auto field = [&](std::string_view name, const std::string& value) {
      if (!value.empty()) out += fmt::format("{:<16}{}\n", fmt::format("{}:", name), value);
    };
    field("id", d.id);
    field("title", d.title);
    field("url", d.url);
    if (d.canonical_url != d.url) field("canonical", d.canonical_url);
    field("path", d.path);
    field("published",
          d.published + (d.published_local.empty() ? "" : "  (" + d.published_local + ")"));
    field("modified", d.modified);
    field("authors", Join(d.authors, ", "));
    field("site", d.site);
    field("agency", d.agency);
    field("dateline", d.dateline);
    field("language", d.language);
    field("section", d.section);
    field("revision",
          fmt::format("{}  (content {}, stored {}, updated {})", d.revision, d.content_hash,
                      FormatMs(d.first_stored_unix_ms), FormatMs(d.updated_unix_ms)));
    out += "\n" + d.text + "\n";
    if (!d.captions.empty()) {
      out += "\nCaptions:\n";
      for (const auto& [text, credit] : d.captions) {
        out += fmt::format("  - {}{}\n", text, credit.empty() ? "" : " (" + credit + ")");
      }
    }
    if (!d.quotes.empty()) {
      out += "\nQuotes:\n";
      for (const auto& [text, speaker] : d.quotes) {
        out += fmt::format("  - \"{}\"{}\n", text, speaker.empty() ? "" : " — " + speaker);
      }
    }
    if (!d.errors.empty()) {
      out += "\nErrors:\n";
      for (const auto& e : d.errors) out += fmt::format("  - {}\n", e);
    }
    out += fmt::format("\nNear-duplicates: {}\n", d.duplicates.empty() ? "none" : "");
    for (const auto& dup : d.duplicates) {
      out += fmt::format("  {}  distance {}  {}  {}\n", dup.id, dup.distance,
                         OneLine(dup.title, 80), dup.site);
    }
    if (args->blocks) {
      size_t removed = 0;
      for (const auto& b : d.blocks) removed += b.boilerplate;
      out += fmt::format("\nBlocks: {} ({} kept, {} removed)\n", d.blocks.size(),
                         d.blocks.size() - removed, removed);
      for (const auto& b : d.blocks) {
        out += fmt::format("  {:>3} {:<8} {:<13} {:<24} {}\n", b.index,
                           b.boilerplate ? "REMOVED" : "kept", b.type,
                           b.rule.empty() ? "-" : b.rule, OneLine(b.text, 100));
      }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    exit_code = 0;
  });
}

void AddExport(CLI::App& app, int& exit_code) {
  struct Args {
    DbArgs db;
    std::string format = "jsonl";
    std::string out;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Every stored document, as JSON Lines (the `extract` format) or CSV");
  cmd->add_option("pipeline", args->db.pipeline, "The pipeline file whose store to export");
  AddDbOptions(cmd, args->db);
  cmd->add_option("--format,-f", args->format, "jsonl or csv")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  cmd->add_option("--out,-o", args->out, "Write to this file instead of stdout");
  cmd->add_option("--dsn", args->db.dsn,
                  "Export a PostgreSQL store (libpq connection string) instead of SQLite");
  cmd->callback([args, &exit_code] {
    auto target = ResolveTarget(args->db);
    if (!target.ok()) {
      exit_code = Fail("export", target.status());
      return;
    }
    std::unique_ptr<StoreDb> db;
    if (target->dsn.empty()) {
      auto opened = OpenForReading(args->db);
      if (!opened.ok()) {
        exit_code = Fail("export", opened.status());
        return;
      }
      db = std::move(opened).value();
    }
    std::FILE* f = stdout;
    if (!args->out.empty()) {
      f = std::fopen(args->out.c_str(), "wb");
      if (f == nullptr) {
        exit_code = Fail("export", Status::IoError(fmt::format("cannot write {}: {}", args->out,
                                                               std::strerror(errno))));
        return;
      }
    }
    std::string buffer;
    auto flush = [&] {
      std::fwrite(buffer.data(), 1, buffer.size(), f);
      buffer.clear();
    };
    Status st;
    auto csv_line = [&](std::string_view line) {
      buffer += line;
      if (buffer.size() > (1 << 20)) flush();
    };
    auto json_line = [&](std::string_view line) {
      buffer += line;
      buffer += '\n';
      if (buffer.size() > (1 << 20)) flush();
    };
    if (args->format == "csv") {
      buffer = ExportCsvHeader();
      st = db ? ExportDocumentsCsv(*db, csv_line) : ExportPostgresCsv(target->dsn, csv_line);
    } else {
      st = db ? ExportDocumentsJson(*db, json_line) : ExportPostgresJson(target->dsn, json_line);
    }
    flush();
    bool write_failed = std::fflush(f) != 0 || std::ferror(f);
    if (f != stdout) write_failed = std::fclose(f) != 0 || write_failed;
    if (!st.ok()) {
      exit_code = Fail("export", st);
      return;
    }
    if (write_failed) {
      exit_code = Fail("export", Status::IoError("writing the output failed"));
      return;
    }
    exit_code = 0;
  });
}

}  // namespace

void AddStoreCommands(CLI::App& app, int& exit_code) {
  AddSearch(app, exit_code);
  AddShow(app, exit_code);
  AddExport(app, exit_code);
}

}  // namespace newspipe::cli
