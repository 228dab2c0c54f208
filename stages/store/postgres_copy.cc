#include "stages/store/postgres_copy.h"

#include <cstring>

#include <libpq-fe.h>
#include <unicode/utf8.h>

namespace newspipe {

// The server refuses text that is not valid UTF-8; the JSON dump repairs it the same way.
void AppendPgSafe(std::string& out, std::string_view s) {
  const auto* b = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    // Runs of plain ASCII (no NUL) are copied at once.
    int32_t j = i;
    while (j < n && b[j] < 0x80 && b[j] != 0) ++j;
    if (j > i) {
      out.append(s.data() + i, static_cast<size_t>(j - i));
      i = j;
      continue;
    }
    if (b[i] == 0) {
      ++i;
      continue;
    }
    const int32_t start = i;
    UChar32 cp;
    U8_NEXT(b, i, n, cp);
    if (cp < 0) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(s.data() + start, static_cast<size_t>(i - start));
    }
  }
}

std::string PgSafeText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendPgSafe(out, s);
  return out;
}

// Binary COPY (every integer big-endian): a row is its field count, then each field as its
// length (-1: NULL) and its bytes in the type's binary form.
void PutInt16(std::string& out, int16_t v) {
  const auto u = static_cast<uint16_t>(v);
  out += static_cast<char>(u >> 8);
  out += static_cast<char>(u & 0xff);
}
void PutInt32(std::string& out, int32_t v) {
  const auto u = static_cast<uint32_t>(v);
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((u >> shift) & 0xff);
}
void PutInt64(std::string& out, int64_t v) {
  const auto u = static_cast<uint64_t>(v);
  for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((u >> shift) & 0xff);
}
void BinaryText(std::string& out, std::string_view s) {
  const size_t at = out.size();
  out.append(4, '\0');
  AppendPgSafe(out, s);
  const auto len = static_cast<uint32_t>(out.size() - at - 4);
  for (int i = 0; i < 4; ++i)
    out[at + static_cast<size_t>(i)] = static_cast<char>(len >> (24 - 8 * i));
}
void BinaryBytes(std::string& out, std::string_view bytes) {
  PutInt32(out, static_cast<int32_t>(bytes.size()));
  out.append(bytes);
}
void BinaryInt64(std::string& out, int64_t v) {
  PutInt32(out, 8);
  PutInt64(out, v);
}
void BinaryInt32(std::string& out, int32_t v) {
  PutInt32(out, 4);
  PutInt32(out, v);
}
void BinaryNull(std::string& out) { PutInt32(out, -1); }
void BinaryBool(std::string& out, bool v) {
  PutInt32(out, 1);
  out += v ? '\1' : '\0';
}
void BinaryFloat(std::string& out, float v) {  // real: IEEE 754 single, big-endian.
  uint32_t bits;
  static_assert(sizeof(bits) == sizeof(v));
  std::memcpy(&bits, &v, sizeof(bits));
  PutInt32(out, 4);
  PutInt32(out, static_cast<int32_t>(bits));
}

namespace {

// libpqxx 6 has no binary COPY; the libpq connection under a transaction is reachable through
// largeobject's protected accessor.
class RawConnection : public pqxx::largeobject {
 public:
  static PGconn* Of(const pqxx::dbtransaction& tx) { return raw_connection(tx); }
};

}  // namespace

void CopyBinaryInto(pqxx::work& tx, const std::string& target, std::string_view rows) {
  tx.exec("COPY " + target + " FROM STDIN (FORMAT binary)");
  PGconn* conn = RawConnection::Of(tx);
  // The signature, no flags, no header extension; the trailer is a field count of -1.
  static constexpr char kHeader[] = "PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";
  static constexpr char kTrailer[] = "\xff\xff";
  if (PQputCopyData(conn, kHeader, sizeof(kHeader) - 1) != 1 ||
      PQputCopyData(conn, rows.data(), static_cast<int>(rows.size())) != 1 ||
      PQputCopyData(conn, kTrailer, sizeof(kTrailer) - 1) != 1 ||
      PQputCopyEnd(conn, nullptr) != 1) {
    throw pqxx::broken_connection(PQerrorMessage(conn));
  }
  std::string error, state;
  while (PGresult* r = PQgetResult(conn)) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK && error.empty()) {
      error = PQresultErrorMessage(r);
      const char* code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
      state = code != nullptr ? code : "";
    }
    PQclear(r);
  }
  if (error.empty()) return;
  if (state == "23505") throw pqxx::unique_violation(error);
  if (PQstatus(conn) != CONNECTION_OK) throw pqxx::broken_connection(error);
  if (state.rfind("40", 0) == 0) throw pqxx::transaction_rollback(error);
  if (state.rfind("53", 0) == 0) throw pqxx::disk_full(error);
  throw pqxx::sql_error(error);
}

}  // namespace newspipe
