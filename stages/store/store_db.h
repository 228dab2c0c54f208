// StoreDb and StoreStatement: the store's RAII layer over the SQLite C API, used by the SQLite
// backend and the search commands (it adds read-only opening, extended result codes and column
// access to what runtime/sqlite_db.h offers the outbox). A StoreDb owns one connection; statements
// prepared from it are reused for the connection's life (Reset() between uses). Errors come back as
// Status values naming the database path and SQLite's own message. Not thread-safe: one connection
// per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace newspipe {

class StoreStatement {
 public:
  StoreStatement() = default;
  StoreStatement(sqlite3_stmt* stmt, sqlite3* db, std::string path);
  StoreStatement(StoreStatement&&) noexcept;
  StoreStatement& operator=(StoreStatement&&) noexcept;
  ~StoreStatement();

  // Binds by 1-based index. Text is copied only when `transient` is true; otherwise it must stay
  // alive until the statement is reset.
  void BindText(int index, std::string_view text, bool transient = false);
  void BindBlob(int index, std::string_view bytes, bool transient = false);
  void BindInt(int index, int64_t value);
  void BindDouble(int index, double value);
  void BindNull(int index);

  // Steps once: true when a row is ready, false when done; an error Status on failure.
  Result<bool> Step();
  // Steps to completion, for statements that return no rows.
  Status Run();
  // Resets the statement and clears its bindings for the next use.
  void Reset();

  int64_t ColumnInt(int col) const;
  double ColumnDouble(int col) const;
  std::string ColumnText(int col) const;
  std::string_view ColumnView(int col) const;  // valid until the next Step() or Reset().
  bool ColumnIsNull(int col) const;

  bool valid() const { return stmt_ != nullptr; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  std::string path_;
};

struct StoreDbOptions {
  bool read_only = false;
  bool create = true;  // create the file when missing (ignored when read_only).
  int busy_timeout_ms = 10'000;
};

class StoreDb {
 public:
  // Opens `path` and checks it is a readable SQLite database: a file that is not (a corrupt or
  // foreign file) is refused with kCorruption naming the path and SQLite's error; it is never
  // touched.
  static Result<std::unique_ptr<StoreDb>> Open(const std::filesystem::path& path,
                                               const StoreDbOptions& options = {});
  ~StoreDb();
  StoreDb(const StoreDb&) = delete;
  StoreDb& operator=(const StoreDb&) = delete;

  // Runs one or more statements that return nothing.
  Status Exec(std::string_view sql);
  Result<StoreStatement> Prepare(std::string_view sql);
  // The first column of the first row as an integer (e.g. PRAGMA user_version).
  Result<int64_t> QueryInt(std::string_view sql);

  // An error Status for SQLite result code `rc`, with the path and the connection's message.
  Status Error(int rc, std::string_view what) const;
  // True when no transaction is open (SQLite rolls back on some errors by itself).
  bool autocommit() const;
  int64_t last_insert_rowid() const;
  const std::filesystem::path& path() const { return path_; }
  sqlite3* raw() const { return db_; }

 private:
  StoreDb(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::filesystem::path path_;
};

// Maps a SQLite result code to a Status: SQLITE_FULL -> ResourceExhausted, READONLY/CANTOPEN/
// IOERR/PERM -> IoError, CORRUPT/NOTADB -> Corruption, BUSY/LOCKED -> Unavailable.
Status StoreSqliteStatus(int rc, std::string_view message);

}  // namespace newspipe
