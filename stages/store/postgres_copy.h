// Binary COPY for the PostgreSQL store: rows in PostgreSQL's binary COPY format, built on the
// client, and sending them into a table. libpqxx 6 has no binary COPY, so CopyBinaryInto drives
// libpq under the transaction's connection. Text is made safe for the server first (NUL bytes
// dropped, invalid UTF-8 replaced). Encoders are pure; CopyBinaryInto throws libpqxx's exceptions
// (the store's transaction wrapper turns them into Status values).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <pqxx/pqxx>

namespace newspipe {

// Appends `s` as the server stores it: NUL bytes dropped, invalid UTF-8 replaced by U+FFFD.
void AppendPgSafe(std::string& out, std::string_view s);
std::string PgSafeText(std::string_view s);

// Binary COPY (every integer big-endian): a row is its field count (PutInt16), then each field as
// its length (-1: NULL) and its bytes in the type's binary form.
void PutInt16(std::string& out, int16_t v);
void PutInt32(std::string& out, int32_t v);
void PutInt64(std::string& out, int64_t v);
void BinaryText(std::string& out, std::string_view s);       // text, made safe.
void BinaryBytes(std::string& out, std::string_view bytes);  // bytea, or a type's binary form.
void BinaryInt64(std::string& out, int64_t v);
void BinaryInt32(std::string& out, int32_t v);
void BinaryNull(std::string& out);
void BinaryBool(std::string& out, bool v);
void BinaryFloat(std::string& out, float v);  // real.

// Sends `rows` (binary COPY rows) into `target` ("table (columns)"). A unique violation throws
// pqxx::unique_violation, a lost connection pqxx::broken_connection, a full disk pqxx::disk_full.
void CopyBinaryInto(pqxx::work& tx, const std::string& target, std::string_view rows);

}  // namespace newspipe
