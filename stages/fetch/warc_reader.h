// WarcReader: reads WARC 1.0 and 1.1 files record by record (plain, or .warc.gz made of one gzip
// member per record, or one member for the whole file: zlib reads concatenated members).
//
// Only `response` records of HTTP(S) URIs become pages: the HTTP status line and headers are
// split off the block, chunked transfer coding is undone and gzip/deflate/br content coding
// decoded (capped at max_bytes). Other records are skipped. A file cut off mid-record yields the
// records before it and then an error (Corruption, with the byte offset); the reader stops
// there. One thread; not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "runtime/status.h"

namespace newspipe {

struct WarcRecord {
  std::string type;        // WARC-Type
  std::string target_uri;  // WARC-Target-URI
  std::string date;        // WARC-Date, as written
  std::string record_id;   // WARC-Record-ID
  int http_status = 0;
  std::map<std::string, std::string> http_headers;  // lower-case names
  std::string body;                                 // decoded payload
  uint64_t body_size = 0;                           // decoded size before the cap
  bool truncated = false;
  std::string decode_error;  // the payload could not be decoded (kept as sent).
};

class WarcReader {
 public:
  static Result<std::unique_ptr<WarcReader>> Open(const std::string& path, uint64_t max_bytes);
  ~WarcReader();

  // The next response record into `out`: true, or false at a clean end of file; an error for a
  // damaged or cut-off file (the reader is then finished).
  Result<bool> NextResponse(WarcRecord* out);
  const std::string& path() const { return path_; }
  uint64_t records_read() const { return records_; }

 private:
  WarcReader(void* gz, std::string path, uint64_t max_bytes)
      : gz_(gz), path_(std::move(path)), max_bytes_(max_bytes) {}
  Result<bool> ReadLine(std::string* line);  // false at EOF before any byte.
  Status ReadExact(uint64_t n, std::string* out);

  void* gz_;  // gzFile
  std::string path_;
  uint64_t max_bytes_;
  uint64_t offset_ = 0;  // uncompressed bytes consumed.
  uint64_t records_ = 0;
  bool done_ = false;
};

// Undoes chunked transfer coding; false when `in` is not well-formed chunked data.
bool Dechunk(std::string_view in, std::string* out);

}  // namespace newspipe
