// SiteModel: site boilerplate learned across documents.
//
// Per site (Source.site, else the URL's host) the model counts on how many pages each
// normalised block fingerprint (text_util.h TextFingerprint) and each DOM path occurs. Once a
// site has `min_pages` pages, a block whose text occurs on at least `share` of them is
// boilerplate on every page of that site (rule "site-model"), e.g. a footer or promo line that
// the DOM rules kept. The counts live in SQLite (state_dir/site-model.db, WAL), which survives
// restarts and is shared by every clean replica; each committed batch of observations bumps the
// model version. Decisions use an in-memory snapshot of a site's counts taken at a known
// version and recorded in doc.model_version, so the same page and the same model version give
// the same output. A page is counted once per site (by document id), so resends do not inflate
// counts. The first pages of a new site (fewer than min_pages) are cleaned by the DOM rules
// alone; see docs/cleaning.md.
// A SiteModel is used from one thread at a time; replicas each open their own.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "proto/newspipe.pb.h"
#include "runtime/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace newspipe {

class SiteModel {
 public:
  virtual ~SiteModel() = default;
  // Marks blocks of `doc` that the model knows as site boilerplate (rule "site-model"), sets
  // doc.model_version, and records the page's blocks for learning.
  virtual void Apply(v1::Document& doc) = 0;
};

struct SiteModelOptions {
  int64_t min_pages = 5;            // pages of a site seen before the model removes anything there.
  double share = 0.5;               // share of the site's pages a block must occur on.
  int flush_every = 1;              // documents per committed batch (each commit is a new version).
  uint32_t max_block_bytes = 1500;  // longer blocks are not counted (article prose).
  size_t max_sites_cached = 2000;
};

class PersistentSiteModel : public SiteModel {
 public:
  // Opens or creates the model file (its folder must exist).
  static Result<std::unique_ptr<PersistentSiteModel>> Open(const std::filesystem::path& file,
                                                           SiteModelOptions options);
  ~PersistentSiteModel() override;

  void Apply(v1::Document& doc) override;
  // Commits pending observations (a new model version) and refreshes the touched sites.
  Status Flush();
  int64_t version() const { return version_; }
  // Pages the model knows for `site` (committed).
  int64_t SitePages(const std::string& site);

 private:
  struct SiteCounts {
    int64_t pages = 0;
    int64_t version = 0;  // model version the counts were read at.
    std::unordered_map<uint64_t, int64_t> text;
    std::unordered_map<uint64_t, int64_t> path;
  };
  struct Observation {
    std::string site;
    std::string doc_id;
    std::vector<uint64_t> text;  // distinct fingerprints.
    std::vector<uint64_t> path;  // distinct DOM path hashes.
  };

  PersistentSiteModel(sqlite3* db, SiteModelOptions options);
  Status Prepare();
  Status Exec(const char* sql);
  Result<int64_t> ReadVersion();
  const SiteCounts& Load(const std::string& site);

  sqlite3* db_;
  SiteModelOptions options_;
  int64_t version_ = 0;
  std::unordered_map<std::string, SiteCounts> cache_;
  std::vector<Observation> pending_;
  sqlite3_stmt* insert_doc_ = nullptr;
  sqlite3_stmt* add_page_ = nullptr;
  sqlite3_stmt* add_block_ = nullptr;
  sqlite3_stmt* read_pages_ = nullptr;
  sqlite3_stmt* read_blocks_ = nullptr;
};

// The site key of a document: Source.site, else the host of its URL; "" when unknown.
std::string SiteKeyOf(const v1::Document& doc);

}  // namespace newspipe
