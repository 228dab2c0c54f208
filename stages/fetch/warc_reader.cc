#include "stages/fetch/warc_reader.h"

#include <brotli/decode.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "stages/common/text_util.h"
#include "stages/fetch/feed_parser.h"

namespace newspipe {
namespace {

Status Unbrotli(std::string_view in, uint64_t max_bytes, std::string* out, bool* truncated) {
  BrotliDecoderState* st = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (st == nullptr) return Status::Internal("brotli decoder");
  size_t avail_in = in.size();
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(in.data());
  uint8_t buf[64 * 1024];
  out->clear();
  *truncated = false;
  for (;;) {
    size_t avail_out = sizeof buf;
    uint8_t* next_out = buf;
    BrotliDecoderResult r =
        BrotliDecoderDecompressStream(st, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    size_t n = sizeof buf - avail_out;
    if (out->size() + n > max_bytes) {
      out->append(reinterpret_cast<char*>(buf), max_bytes - out->size());
      *truncated = true;
      break;
    }
    out->append(reinterpret_cast<char*>(buf), n);
    if (r == BROTLI_DECODER_RESULT_SUCCESS) break;
    if (r == BROTLI_DECODER_RESULT_ERROR || (r == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT)) {
      BrotliDecoderDestroyInstance(st);
      return Status::Corruption("brotli: bad or cut-off data");
    }
  }
  BrotliDecoderDestroyInstance(st);
  return Status::OK();
}

}  // namespace

bool Dechunk(std::string_view in, std::string* out) {
  out->clear();
  size_t p = 0;
  for (;;) {
    size_t eol = in.find("\r\n", p);
    if (eol == std::string_view::npos) return false;
    std::string_view size_text = in.substr(p, eol - p);
    size_text = size_text.substr(0, size_text.find(';'));
    size_text = TrimAscii(size_text);
    if (size_text.empty()) return false;
    uint64_t n = 0;
    for (char c : size_text) {
      int v;
      if (c >= '0' && c <= '9')
        v = c - '0';
      else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
      else
        return false;
      n = n * 16 + static_cast<uint64_t>(v);
      if (n > in.size()) return false;
    }
    p = eol + 2;
    if (n == 0) return true;
    if (p + n > in.size()) return false;
    out->append(in.substr(p, n));
    p += n + 2;  // CRLF after the chunk.
  }
}

Result<std::unique_ptr<WarcReader>> WarcReader::Open(const std::string& path, uint64_t max_bytes) {
  gzFile gz = gzopen(path.c_str(), "rb");
  if (gz == nullptr) {
    return Status::IoError(path + ": cannot open: " + std::strerror(errno));
  }
  gzbuffer(gz, 256 * 1024);
  return std::unique_ptr<WarcReader>(new WarcReader(gz, path, max_bytes));
}

WarcReader::~WarcReader() { gzclose(static_cast<gzFile>(gz_)); }

Result<bool> WarcReader::ReadLine(std::string* line) {
  line->clear();
  char buf[8192];
  for (;;) {
    if (gzgets(static_cast<gzFile>(gz_), buf, sizeof buf) == nullptr) {
      int err = 0;
      const char* msg = gzerror(static_cast<gzFile>(gz_), &err);
      if (err != Z_OK && err != Z_BUF_ERROR) {
        return Status::Corruption(path_ + ": " + (msg ? msg : "read error") + " at offset " +
                                  std::to_string(offset_));
      }
      if (err == Z_BUF_ERROR) {
        return Status::Corruption(path_ +
                                  ": the file is cut off (unexpected end of gzip data) at offset " +
                                  std::to_string(offset_));
      }
      return !line->empty();
    }
    size_t n = std::strlen(buf);
    offset_ += n;
    line->append(buf, n);
    if (n > 0 && buf[n - 1] == '\n') return true;
    if (line->size() > (1 << 20)) return Status::Corruption(path_ + ": a header line over 1 MB");
  }
}

Status WarcReader::ReadExact(uint64_t n, std::string* out) {
  out->resize(n);
  uint64_t got = 0;
  while (got < n) {
    unsigned chunk = static_cast<unsigned>(std::min<uint64_t>(n - got, 1u << 30));
    int r = gzread(static_cast<gzFile>(gz_), out->data() + got, chunk);
    if (r <= 0) {
      return Status::Corruption(path_ + ": the record at offset " + std::to_string(offset_) +
                                " is cut off: " + std::to_string(got) + " of " + std::to_string(n) +
                                " bytes");
    }
    got += static_cast<uint64_t>(r);
  }
  offset_ += n;
  return Status::OK();
}

Result<bool> WarcReader::NextResponse(WarcRecord* out) {
  std::string line;
  std::string block;
  while (!done_) {
    // Skip blank lines between records, then expect the version line.
    uint64_t record_offset = offset_;
    bool got = false;
    for (;;) {
      Result<bool> r = ReadLine(&line);
      if (!r.ok()) {
        done_ = true;
        return r.status();
      }
      got = *r;
      if (!got || !TrimAscii(line).empty()) break;
      record_offset = offset_;
    }
    if (!got) {
      done_ = true;
      return false;
    }
    std::string_view version = TrimAscii(line);
    if (version != "WARC/1.0" && version != "WARC/1.1") {
      done_ = true;
      return Status::Corruption(path_ + ": no WARC record at offset " +
                                std::to_string(record_offset) + " (found '" +
                                std::string(version.substr(0, 40)) + "')");
    }
    WarcRecord rec;
    int64_t length = -1;
    for (;;) {
      Result<bool> r = ReadLine(&line);
      if (!r.ok()) {
        done_ = true;
        return r.status();
      }
      if (!*r) {
        done_ = true;
        return Status::Corruption(path_ + ": the record at offset " +
                                  std::to_string(record_offset) + " is cut off in its header");
      }
      std::string_view l = TrimAscii(line);
      if (l.empty()) break;
      size_t colon = l.find(':');
      if (colon == std::string_view::npos) continue;
      std::string name = AsciiLower(TrimAscii(l.substr(0, colon)));
      std::string value(TrimAscii(l.substr(colon + 1)));
      if (name == "warc-type")
        rec.type = value;
      else if (name == "warc-target-uri")
        rec.target_uri = value;
      else if (name == "warc-date")
        rec.date = value;
      else if (name == "warc-record-id")
        rec.record_id = value;
      else if (name == "content-length")
        length = std::strtoll(value.c_str(), nullptr, 10);
    }
    if (!rec.target_uri.empty() && rec.target_uri.front() == '<' && rec.target_uri.back() == '>') {
      rec.target_uri = rec.target_uri.substr(1, rec.target_uri.size() - 2);  // WARC 1.0 style
    }
    if (length < 0) {
      done_ = true;
      return Status::Corruption(path_ + ": the record at offset " + std::to_string(record_offset) +
                                " has no Content-Length");
    }
    Status st = ReadExact(static_cast<uint64_t>(length), &block);
    if (!st.ok()) {
      done_ = true;
      return st;
    }
    ++records_;
    if (rec.type != "response") continue;
    if (rec.target_uri.rfind("http://", 0) != 0 && rec.target_uri.rfind("https://", 0) != 0) {
      continue;
    }
    // The block is an HTTP response: status line, headers, blank line, payload.
    size_t head_end = block.find("\r\n\r\n");
    size_t sep = 4;
    if (head_end == std::string::npos) {
      head_end = block.find("\n\n");
      sep = 2;
    }
    std::string_view head =
        std::string_view(block).substr(0, head_end == std::string::npos ? block.size() : head_end);
    std::string_view payload = head_end == std::string::npos
                                   ? std::string_view()
                                   : std::string_view(block).substr(head_end + sep);
    size_t eol = head.find('\n');
    std::string_view status_line = TrimAscii(head.substr(0, eol));
    size_t sp = status_line.find(' ');
    if (sp != std::string_view::npos) {
      rec.http_status = std::atoi(std::string(status_line.substr(sp + 1, 3)).c_str());
    }
    size_t p = eol == std::string_view::npos ? head.size() : eol + 1;
    while (p < head.size()) {
      size_t e = head.find('\n', p);
      if (e == std::string_view::npos) e = head.size();
      std::string_view h = TrimAscii(head.substr(p, e - p));
      p = e + 1;
      size_t colon = h.find(':');
      if (colon == std::string_view::npos) continue;
      std::string name = AsciiLower(TrimAscii(h.substr(0, colon)));
      std::string& slot = rec.http_headers[name];
      if (!slot.empty()) slot += ", ";
      slot += std::string(TrimAscii(h.substr(colon + 1)));
    }
    std::string dechunked;
    if (AsciiLower(rec.http_headers["transfer-encoding"]).find("chunked") != std::string::npos &&
        Dechunk(payload, &dechunked)) {
      payload = dechunked;
    }
    rec.http_headers.erase("transfer-encoding");
    std::string coding = AsciiLower(rec.http_headers["content-encoding"]);
    if (rec.http_headers["content-encoding"].empty()) rec.http_headers.erase("content-encoding");
    bool truncated = false;
    Status decoded = Status::OK();
    if (coding == "gzip" || coding == "x-gzip" || coding == "deflate") {
      decoded = Gunzip(payload, max_bytes_, &rec.body, &truncated);
      if (!decoded.ok() && coding == "deflate") {
        // Raw deflate without the zlib header.
        z_stream zs{};
        rec.body.clear();
        if (inflateInit2(&zs, -15) == Z_OK) {
          zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(payload.data()));
          zs.avail_in = static_cast<uInt>(payload.size());
          char buf[65536];
          int rc = Z_OK;
          while (rc == Z_OK && rec.body.size() < max_bytes_) {
            zs.next_out = reinterpret_cast<Bytef*>(buf);
            zs.avail_out = sizeof buf;
            rc = inflate(&zs, Z_NO_FLUSH);
            rec.body.append(buf, sizeof buf - zs.avail_out);
          }
          inflateEnd(&zs);
          decoded = rc == Z_STREAM_END ? Status::OK() : decoded;
        }
      }
    } else if (coding == "br") {
      decoded = Unbrotli(payload, max_bytes_, &rec.body, &truncated);
    } else {
      rec.body.assign(payload.substr(0, max_bytes_));
      truncated = payload.size() > max_bytes_;
    }
    if (!decoded.ok()) {
      rec.decode_error = decoded.message();
      rec.body.assign(payload.substr(0, max_bytes_));
    } else if (!coding.empty()) {
      rec.http_headers.erase("content-encoding");
    }
    rec.truncated = truncated;
    rec.body_size =
        truncated ? std::max<uint64_t>(rec.body.size(), payload.size()) : rec.body.size();
    *out = std::move(rec);
    return true;
  }
  return false;
}

}  // namespace newspipe
