#include "runtime/crash_records.h"

namespace newspipe {

std::filesystem::path CrashRecordsPath(const std::filesystem::path& state_dir) {
  return state_dir / "crashes.db";
}

Result<std::unique_ptr<CrashRecords>> CrashRecords::Open(const std::filesystem::path& path) {
  NP_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db, SqliteDb::Open(path));
  auto records = std::unique_ptr<CrashRecords>(new CrashRecords(std::move(db)));
  NP_RETURN_IF_ERROR(records->Init());
  return records;
}

Status CrashRecords::Init() {
  NP_RETURN_IF_ERROR(db_->Exec(R"sql(
CREATE TABLE IF NOT EXISTS crashes (
  stage TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  crashes INTEGER NOT NULL,
  last_how TEXT NOT NULL,
  unix_ms INTEGER NOT NULL,
  PRIMARY KEY (stage, doc_id)
);)sql"));
  NP_ASSIGN_OR_RETURN(
      record_, db_->Prepare("INSERT INTO crashes (stage, doc_id, crashes, last_how, unix_ms) "
                            "VALUES (?1, ?2, 1, ?3, ?4) ON CONFLICT (stage, doc_id) DO "
                            "UPDATE SET crashes = crashes + 1, last_how = ?3, unix_ms = ?4"));
  NP_ASSIGN_OR_RETURN(count_,
                      db_->Prepare("SELECT crashes FROM crashes WHERE stage = ?1 AND doc_id = ?2"));
  NP_ASSIGN_OR_RETURN(poisoned_, db_->Prepare("SELECT doc_id, crashes, last_how FROM crashes "
                                              "WHERE stage = ?1 AND crashes >= ?2"));
  NP_ASSIGN_OR_RETURN(forget_, db_->Prepare("DELETE FROM crashes WHERE doc_id = ?1"));
  NP_ASSIGN_OR_RETURN(version_, db_->Prepare("PRAGMA data_version"));
  return Status::OK();
}

Result<int64_t> CrashRecords::Record(const std::string& stage, const std::string& doc_id,
                                     const std::string& how, int64_t unix_ms) {
  record_->BindText(1, stage);
  record_->BindText(2, doc_id);
  record_->BindText(3, how);
  record_->BindInt64(4, unix_ms);
  NP_RETURN_IF_ERROR(record_->Run());
  count_->BindText(1, stage);
  count_->BindText(2, doc_id);
  Result<bool> row = count_->Step();
  int64_t n = row.ok() && *row ? count_->ColumnInt64(0) : 0;
  count_->Reset();
  if (!row.ok()) return row.status();
  return n;
}

Result<std::unordered_map<std::string, std::string>> CrashRecords::Poisoned(
    const std::string& stage, int64_t limit) {
  std::unordered_map<std::string, std::string> out;
  poisoned_->BindText(1, stage);
  poisoned_->BindInt64(2, limit);
  while (true) {
    Result<bool> row = poisoned_->Step();
    if (!row.ok()) {
      poisoned_->Reset();
      return row.status();
    }
    if (!*row) break;
    const int64_t n = poisoned_->ColumnInt64(1);
    out[poisoned_->ColumnString(0)] = "crashed stage " + stage + " " + std::to_string(n) +
                                      (n == 1 ? " time" : " times") +
                                      "; the last: " + poisoned_->ColumnString(2);
  }
  poisoned_->Reset();
  return out;
}

Status CrashRecords::Forget(const std::vector<std::string>& doc_ids) {
  for (const std::string& id : doc_ids) {
    forget_->BindText(1, id);
    NP_RETURN_IF_ERROR(forget_->Run());
  }
  return Status::OK();
}

Result<int64_t> CrashRecords::Version() {
  Result<bool> row = version_->Step();
  int64_t v = row.ok() && *row ? version_->ColumnInt64(0) : 0;
  version_->Reset();
  if (!row.ok()) return row.status();
  return v;
}

}  // namespace newspipe
