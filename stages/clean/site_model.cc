#include "stages/clean/site_model.h"

#include <sqlite3.h>

#include <algorithm>
#include <unordered_set>

#include "stages/clean/body_text.h"
#include "stages/common/text_util.h"

namespace newspipe {
namespace {

constexpr int64_t kSchemaVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS model_info(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO model_info(key, value) VALUES ('schema', 1), ('version', 0);
CREATE TABLE IF NOT EXISTS site_pages(site TEXT PRIMARY KEY, pages INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS site_docs(site TEXT NOT NULL, doc TEXT NOT NULL,
                                     PRIMARY KEY(site, doc)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS site_blocks(site TEXT NOT NULL, kind INTEGER NOT NULL,
                                       fp INTEGER NOT NULL, pages INTEGER NOT NULL,
                                       PRIMARY KEY(site, kind, fp)) WITHOUT ROWID;
)sql";

std::string HostOf(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  size_t start = scheme + 3;
  size_t end = url.find_first_of("/?#:", start);
  std::string host =
      AsciiLower(url.substr(start, end == std::string::npos ? std::string::npos : end - start));
  if (host.rfind("www.", 0) == 0) host = host.substr(4);
  return host;
}

// Only blocks the DOM rules kept for the body are counted: the model exists to find the
// boilerplate those rules miss, and counting nothing else keeps the file small.
bool Countable(const v1::Block& b, uint32_t max_bytes) {
  return b.fingerprint() != 0 && b.text().size() <= max_bytes && IsBodyBlock(b);
}

}  // namespace

std::string SiteKeyOf(const v1::Document& doc) {
  if (!doc.source().site().empty()) return doc.source().site();
  std::string host = HostOf(doc.fetch().final_url());
  if (host.empty()) host = HostOf(doc.fetch().url());
  return host;
}

PersistentSiteModel::PersistentSiteModel(sqlite3* db, SiteModelOptions options)
    : db_(db), options_(options) {}

PersistentSiteModel::~PersistentSiteModel() {
  (void)Flush();
  for (sqlite3_stmt* s : {insert_doc_, add_page_, add_block_, read_pages_, read_blocks_}) {
    if (s) sqlite3_finalize(s);
  }
  sqlite3_close(db_);
}

Status PersistentSiteModel::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return Status::IoError("site model: " + msg);
  }
  return Status::OK();
}

Result<std::unique_ptr<PersistentSiteModel>> PersistentSiteModel::Open(
    const std::filesystem::path& file, SiteModelOptions options) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (db) sqlite3_close(db);
    return Status::IoError(file.string() + ": " + msg);
  }
  std::unique_ptr<PersistentSiteModel> model(new PersistentSiteModel(db, options));
  sqlite3_busy_timeout(db, 5000);
  auto with_path = [&](Status st) { return st.WithContext(file.string()); };
  Status st = model->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  if (st.ok()) st = model->Exec(kSchema);
  if (st.ok()) st = model->Prepare();
  if (!st.ok()) return with_path(st);
  Result<int64_t> schema = [&]() -> Result<int64_t> {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT value FROM model_info WHERE key='schema'", -1, &s,
                           nullptr) != SQLITE_OK) {
      return Status::IoError(sqlite3_errmsg(db));
    }
    int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return v;
  }();
  if (!schema.ok()) return with_path(schema.status());
  if (*schema != kSchemaVersion) {
    return Status::FailedPrecondition(file.string() + ": site model schema " +
                                      std::to_string(*schema) + ", expected " +
                                      std::to_string(kSchemaVersion));
  }
  Result<int64_t> version = model->ReadVersion();
  if (!version.ok()) return with_path(version.status());
  model->version_ = *version;
  return model;
}

Status PersistentSiteModel::Prepare() {
  struct {
    sqlite3_stmt** stmt;
    const char* sql;
  } statements[] = {
      {&insert_doc_, "INSERT OR IGNORE INTO site_docs(site, doc) VALUES (?1, ?2)"},
      {&add_page_,
       "INSERT INTO site_pages(site, pages) VALUES (?1, 1) "
       "ON CONFLICT(site) DO UPDATE SET pages = pages + 1"},
      {&add_block_,
       "INSERT INTO site_blocks(site, kind, fp, pages) VALUES (?1, ?2, ?3, 1) "
       "ON CONFLICT(site, kind, fp) DO UPDATE SET pages = pages + 1"},
      {&read_pages_, "SELECT pages FROM site_pages WHERE site = ?1"},
      {&read_blocks_, "SELECT kind, fp, pages FROM site_blocks WHERE site = ?1 AND pages > 1"},
  };
  for (auto& s : statements) {
    if (sqlite3_prepare_v2(db_, s.sql, -1, s.stmt, nullptr) != SQLITE_OK) {
      return Status::IoError(std::string("site model: ") + sqlite3_errmsg(db_));
    }
  }
  return Status::OK();
}

Result<int64_t> PersistentSiteModel::ReadVersion() {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT value FROM model_info WHERE key='version'", -1, &s,
                         nullptr) != SQLITE_OK) {
    return Status::IoError(sqlite3_errmsg(db_));
  }
  int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
  sqlite3_finalize(s);
  return v;
}

const PersistentSiteModel::SiteCounts& PersistentSiteModel::Load(const std::string& site) {
  auto it = cache_.find(site);
  if (it != cache_.end()) return it->second;
  if (cache_.size() >= options_.max_sites_cached) cache_.clear();
  SiteCounts counts;
  counts.version = version_;
  sqlite3_bind_text(read_pages_, 1, site.data(), static_cast<int>(site.size()), SQLITE_STATIC);
  if (sqlite3_step(read_pages_) == SQLITE_ROW) counts.pages = sqlite3_column_int64(read_pages_, 0);
  sqlite3_reset(read_pages_);
  sqlite3_clear_bindings(read_pages_);
  if (counts.pages > 0) {
    sqlite3_bind_text(read_blocks_, 1, site.data(), static_cast<int>(site.size()), SQLITE_STATIC);
    while (sqlite3_step(read_blocks_) == SQLITE_ROW) {
      int kind = sqlite3_column_int(read_blocks_, 0);
      auto fp = static_cast<uint64_t>(sqlite3_column_int64(read_blocks_, 1));
      int64_t pages = sqlite3_column_int64(read_blocks_, 2);
      (kind == 0 ? counts.text : counts.path)[fp] = pages;
    }
    sqlite3_reset(read_blocks_);
    sqlite3_clear_bindings(read_blocks_);
  }
  return cache_.emplace(site, std::move(counts)).first->second;
}

int64_t PersistentSiteModel::SitePages(const std::string& site) { return Load(site).pages; }

void PersistentSiteModel::Apply(v1::Document& doc) {
  std::string site = SiteKeyOf(doc);
  if (site.empty() || doc.blocks_size() == 0) return;
  const SiteCounts& counts = Load(site);
  doc.set_model_version(std::to_string(counts.version));

  // What the DOM rules kept, observed before the model marks anything, so a line the model
  // removes keeps being counted.
  Observation obs;
  obs.site = site;
  obs.doc_id = doc.id().empty() ? Hash64Hex(doc.fetch().raw()) : doc.id();
  std::unordered_set<uint64_t> text, path;
  for (const v1::Block& b : doc.blocks()) {
    if (!Countable(b, options_.max_block_bytes)) continue;
    text.insert(b.fingerprint());
    if (!b.dom_path().empty()) path.insert(Hash64(b.dom_path()));
  }
  obs.text.assign(text.begin(), text.end());
  obs.path.assign(path.begin(), path.end());

  if (counts.pages >= options_.min_pages) {
    auto threshold = static_cast<int64_t>(
        std::max<double>(2.0, options_.share * static_cast<double>(counts.pages)));
    std::vector<int> hits;
    size_t body_bytes = 0, hit_bytes = 0;
    for (int i = 0; i < doc.blocks_size(); ++i) {
      const v1::Block& b = doc.blocks(i);
      if (!IsBodyBlock(b)) continue;
      body_bytes += b.text().size();
      if (!Countable(b, options_.max_block_bytes)) continue;
      auto t = counts.text.find(b.fingerprint());
      int64_t text_pages = t == counts.text.end() ? 0 : t->second;
      bool frequent = text_pages >= threshold;
      if (!frequent && text_pages * 2 >= threshold && !b.dom_path().empty() &&
          CountWords(b.text()) < 10) {
        // A short line under a template path that recurs across the site.
        auto p = counts.path.find(Hash64(b.dom_path()));
        frequent = p != counts.path.end() && p->second >= threshold;
      }
      if (frequent) {
        hits.push_back(i);
        hit_bytes += b.text().size();
      }
    }
    // A model that would take most of a page's body is wrong about this page (for example a
    // site whose pages are updates of one story): leave the page to the DOM rules.
    if (!hits.empty() && hit_bytes * 10 <= body_bytes * 6) {
      for (int i : hits) {
        v1::Block* b = doc.mutable_blocks(i);
        b->set_boilerplate(true);
        b->set_rule("site-model");
      }
    }
  }

  pending_.push_back(std::move(obs));
  if (static_cast<int>(pending_.size()) >= options_.flush_every) (void)Flush();
}

Status PersistentSiteModel::Flush() {
  if (pending_.empty()) return Status::OK();
  NP_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  std::unordered_set<std::string> touched;
  bool failed = false;
  for (const Observation& o : pending_) {
    sqlite3_bind_text(insert_doc_, 1, o.site.data(), static_cast<int>(o.site.size()),
                      SQLITE_STATIC);
    sqlite3_bind_text(insert_doc_, 2, o.doc_id.data(), static_cast<int>(o.doc_id.size()),
                      SQLITE_STATIC);
    int rc = sqlite3_step(insert_doc_);
    sqlite3_reset(insert_doc_);
    if (rc != SQLITE_DONE) {
      failed = true;
      break;
    }
    if (sqlite3_changes(db_) == 0) continue;  // this page was counted before.
    touched.insert(o.site);
    sqlite3_bind_text(add_page_, 1, o.site.data(), static_cast<int>(o.site.size()), SQLITE_STATIC);
    rc = sqlite3_step(add_page_);
    sqlite3_reset(add_page_);
    if (rc != SQLITE_DONE) {
      failed = true;
      break;
    }
    for (int kind = 0; kind < 2 && !failed; ++kind) {
      for (uint64_t fp : kind == 0 ? o.text : o.path) {
        sqlite3_bind_text(add_block_, 1, o.site.data(), static_cast<int>(o.site.size()),
                          SQLITE_STATIC);
        sqlite3_bind_int(add_block_, 2, kind);
        sqlite3_bind_int64(add_block_, 3, static_cast<int64_t>(fp));
        rc = sqlite3_step(add_block_);
        sqlite3_reset(add_block_);
        if (rc != SQLITE_DONE) {
          failed = true;
          break;
        }
      }
    }
  }
  if (!failed) {
    failed = !Exec("UPDATE model_info SET value = value + 1 WHERE key = 'version'").ok();
  }
  if (failed) {
    std::string msg = sqlite3_errmsg(db_);
    (void)Exec("ROLLBACK");
    pending_.clear();
    return Status::IoError("site model: " + msg);
  }
  NP_RETURN_IF_ERROR(Exec("COMMIT"));
  pending_.clear();
  Result<int64_t> version = ReadVersion();
  if (version.ok()) version_ = *version;
  for (const std::string& site : touched) cache_.erase(site);
  return Status::OK();
}

}  // namespace newspipe
