#include "stages/fetch/file_source.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <system_error>

#include <zlib.h>

#include "stages/common/text_util.h"
#include "stages/fetch/charset.h"
#include "stages/fetch/url_canon.h"

namespace newspipe {
namespace fs = std::filesystem;
namespace {

bool IsGzipName(const fs::path& path) { return AsciiLower(path.extension().string()) == ".gz"; }

// The name without a trailing .gz, lower-cased.
std::string InnerName(const fs::path& path) {
  std::string name = AsciiLower(path.filename().string());
  if (name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0) {
    name.resize(name.size() - 3);
  }
  return name;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct ReadOutcome {
  std::string bytes;
  uint64_t full_size = 0;  // size of the (decoded) content, counted past the cap.
  bool truncated = false;
  std::string error;  // non-empty when the file could not be read.
  std::string error_code;
};

ReadOutcome ReadPlain(const fs::path& path, uint64_t max_bytes) {
  ReadOutcome r;
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) {
    r.error_code = "io";
    r.error = std::string("cannot open: ") + std::strerror(errno);
    return r;
  }
  std::error_code ec;
  uint64_t size = fs::file_size(path, ec);
  if (ec) size = 0;
  r.bytes.resize(std::min<uint64_t>(size, max_bytes));
  size_t got = std::fread(r.bytes.data(), 1, r.bytes.size(), f.get());
  if (std::ferror(f.get())) {
    r.error_code = "io";
    r.error = std::string("read failed: ") + std::strerror(errno);
    r.bytes.clear();
    return r;
  }
  r.bytes.resize(got);
  r.full_size = std::max<uint64_t>(size, got);
  r.truncated = size > max_bytes;
  return r;
}

ReadOutcome ReadGzip(const fs::path& path, uint64_t max_bytes) {
  ReadOutcome r;
  gzFile gz = gzopen(path.c_str(), "rb");
  if (gz == nullptr) {
    r.error_code = "io";
    r.error = std::string("cannot open: ") + std::strerror(errno);
    return r;
  }
  gzbuffer(gz, 128 * 1024);
  char buf[64 * 1024];
  // Past the cap we only count, and stop counting at a bound so that a compression bomb
  // cannot keep the stage busy.
  const uint64_t count_limit = max_bytes + (uint64_t{1} << 30);
  for (;;) {
    int n = gzread(gz, buf, sizeof buf);
    if (n < 0) {
      int errnum = 0;
      const char* msg = gzerror(gz, &errnum);
      r.error_code = "gzip";
      r.error = std::string("gzip: ") + (msg ? msg : "read error");
      break;
    }
    if (n == 0) break;
    uint64_t room = r.full_size < max_bytes ? max_bytes - r.full_size : 0;
    if (room > 0) r.bytes.append(buf, std::min<uint64_t>(room, static_cast<uint64_t>(n)));
    r.full_size += static_cast<uint64_t>(n);
    if (r.full_size > count_limit) break;
  }
  gzclose(gz);
  r.truncated = r.full_size > max_bytes;
  return r;
}

}  // namespace

int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void AddFetchError(v1::Document& doc, std::string code, std::string message, bool fatal) {
  v1::Error* e = doc.add_errors();
  e->set_stage("fetch");
  e->set_code(std::move(code));
  e->set_message(std::move(message));
  e->set_unix_ms(WallClockMs());
  e->set_fatal(fatal);
}

bool IsInputFileName(const fs::path& path) {
  std::string name = InnerName(path);
  return EndsWith(name, ".html") || EndsWith(name, ".htm") || EndsWith(name, ".txt");
}

std::vector<fs::path> ListInputFiles(const std::vector<std::string>& paths,
                                     std::vector<std::string>* problems) {
  std::vector<fs::path> out;
  for (const std::string& p : paths) {
    fs::path path(p);
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      out.push_back(path);  // a file, or a missing path: reading reports it.
      continue;
    }
    std::vector<fs::path> found;
    fs::recursive_directory_iterator it(path,
                                        fs::directory_options::skip_permission_denied |
                                            fs::directory_options::follow_directory_symlink,
                                        ec);
    if (ec) {
      if (problems) problems->push_back(p + ": " + ec.message());
      continue;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        if (problems) problems->push_back(p + ": " + ec.message());
        break;
      }
      std::error_code fec;
      if (it->is_regular_file(fec) && IsInputFileName(it->path())) found.push_back(it->path());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

std::string FileKey(const fs::path& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  if (ec) abs = path;
  return "file://" + abs.lexically_normal().string();
}

bool LooksBinary(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 8192);
  if (head.size() >= 2) {
    // UTF-16 text has NULs but starts with a BOM.
    auto u0 = static_cast<unsigned char>(head[0]), u1 = static_cast<unsigned char>(head[1]);
    if ((u0 == 0xFF && u1 == 0xFE) || (u0 == 0xFE && u1 == 0xFF)) return false;
  }
  size_t control = 0;
  for (char ch : head) {
    auto c = static_cast<unsigned char>(ch);
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1b) {
      ++control;
    }
  }
  return !head.empty() && control * 10 > head.size();
}

v1::Fetch::Format GuessFormat(std::string_view name_or_type, std::string_view bytes) {
  std::string n = AsciiLower(std::string(name_or_type));
  if (n.find("html") != std::string::npos || EndsWith(n, ".htm") ||
      n.find("xhtml") != std::string::npos) {
    return v1::Fetch::HTML;
  }
  if (EndsWith(n, ".txt") || n.find("text/plain") != std::string::npos) return v1::Fetch::TEXT;
  // Sniff: markup near the start.
  std::string head = AsciiLower(std::string(bytes.substr(0, 1024)));
  size_t i = head.find_first_not_of(" \t\r\n\xef\xbb\xbf");
  if (i != std::string::npos && head[i] == '<' &&
      (head.find("<html") != std::string::npos || head.find("<!doctype") != std::string::npos ||
       head.find("<head") != std::string::npos || head.find("<body") != std::string::npos ||
       head.find("<p") != std::string::npos || head.find("<div") != std::string::npos)) {
    return v1::Fetch::HTML;
  }
  return v1::Fetch::TEXT;
}

v1::Document ReadFileDocument(const fs::path& path, const FileReadOptions& options) {
  v1::Document doc;
  std::string key = FileKey(path);
  doc.set_id(DocumentId(key));
  v1::Source* src = doc.mutable_source();
  src->set_kind(v1::Source::FILE);
  src->set_name(path.string());
  src->set_path(key.substr(7));
  src->set_site(fs::path(key.substr(7)).parent_path().filename().string());
  v1::Fetch* fetch = doc.mutable_fetch();
  fetch->set_url(key);
  fetch->set_final_url(key);
  fetch->set_fetched_unix_ms(WallClockMs());

  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    AddFetchError(doc, "not_found", path.string() + ": no such file or directory", true);
    return doc;
  }
  if (!fs::is_regular_file(status)) {
    AddFetchError(doc, "not_a_file", path.string() + ": not a regular file", true);
    return doc;
  }
  ReadOutcome r =
      IsGzipName(path) ? ReadGzip(path, options.max_bytes) : ReadPlain(path, options.max_bytes);
  fetch->set_raw_size(r.full_size);
  std::string inner = InnerName(path);
  if (!r.error.empty()) {
    AddFetchError(doc, r.error_code, path.string() + ": " + r.error, r.bytes.empty());
    if (r.bytes.empty()) return doc;
  }
  if (r.bytes.empty()) {
    AddFetchError(doc, "empty", path.string() + ": the file is empty", true);
    fetch->set_format(GuessFormat(inner, ""));
    return doc;
  }
  if (LooksBinary(r.bytes)) {
    AddFetchError(doc, "binary", path.string() + ": a binary file, not text or HTML", true);
    return doc;
  }
  if (r.truncated) {
    fetch->set_truncated(true);
    AddFetchError(doc, "too_large",
                  path.string() + ": " + std::to_string(r.full_size) + " bytes; only the first " +
                      std::to_string(options.max_bytes) + " (max_bytes) were read",
                  false);
  }
  v1::Fetch::Format format = GuessFormat(inner, r.bytes);
  fetch->set_format(format);
  fetch->set_content_type(format == v1::Fetch::HTML ? "text/html" : "text/plain");
  CharsetGuess guess = GuessCharset(r.bytes, "", format == v1::Fetch::HTML);
  fetch->set_charset(guess.charset);
  std::string utf8;
  Status st = ConvertToUtf8(r.bytes, guess, &utf8);
  if (!st.ok()) {
    AddFetchError(doc, "charset", path.string() + ": " + st.message(), false);
    fetch->set_raw(std::move(r.bytes));
  } else {
    fetch->set_raw(std::move(utf8));
  }
  return doc;
}

}  // namespace newspipe
