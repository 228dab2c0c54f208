// SqliteDb and SqliteStmt: a thin RAII layer over the SQLite C API for the runtime's small
// durable files (the outbox, the dead-letter queue).
//
// SqliteDb owns one connection; SqliteStmt owns one prepared statement compiled once and reset
// after each use, so hot paths never recompile SQL. Errors come back as Status values that name
// the file and carry SQLite's own message. A connection and its statements belong to one thread
// at a time (SQLite's serialized mode is not relied upon).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/status.h"

namespace newspipe {

class SqliteStmt;

class SqliteDb {
 public:
  // Opens or creates `path` and switches it to WAL with synchronous=FULL. An existing file
  // that is not a SQLite database is an error naming the path; it is never rewritten.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::filesystem::path& path);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Runs one or more statements that return no rows we need.
  Status Exec(std::string_view sql);
  Result<std::unique_ptr<SqliteStmt>> Prepare(std::string_view sql);
  // "path: what: sqlite message" for the connection's last error.
  Status Error(std::string_view what, int rc) const;

  sqlite3* handle() const { return db_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  SqliteDb(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::filesystem::path path_;
};

class SqliteStmt {
 public:
  SqliteStmt(SqliteDb* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStmt();
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;

  // Bind indexes are 1-based, as in SQLite. Text and blobs are copied by SQLite only when
  // the statement outlives the call; callers keep them alive until Step/Reset.
  void BindText(int index, std::string_view text);
  void BindBlob(int index, std::string_view bytes);
  void BindInt64(int index, int64_t value);

  // Returns true when a row is available, false when done, or an error.
  Result<bool> Step();
  // Steps to completion, expecting no rows; resets the statement.
  Status Run();
  void Reset();

  int64_t ColumnInt64(int index) const;
  std::string ColumnString(int index) const;  // text or blob bytes.

 private:
  SqliteDb* db_;
  sqlite3_stmt* stmt_;
};

// One explicit transaction: BEGIN IMMEDIATE on Begin(), ROLLBACK on destruction unless
// Commit() succeeded. The three statements are prepared by the owner and reused.
class SqliteTransaction {
 public:
  SqliteTransaction(SqliteStmt* begin, SqliteStmt* commit, SqliteStmt* rollback)
      : begin_(begin), commit_(commit), rollback_(rollback) {}
  ~SqliteTransaction();
  Status Begin();
  Status Commit();

 private:
  SqliteStmt* begin_;
  SqliteStmt* commit_;
  SqliteStmt* rollback_;
  bool open_ = false;
};

}  // namespace newspipe
