#include "stages/fetch/url_list.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "stages/fetch/url_canon.h"

namespace newspipe {

bool IsHttpUrl(std::string_view url) {
  ParsedUrl u;
  if (!ParseUrl(url, &u)) return false;
  if (u.scheme != "http" && u.scheme != "https") return false;
  if (u.host.empty()) return false;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ') return false;  // no spaces or controls inside.
  }
  return true;
}

Status ReadUrlFile(const std::string& file, std::vector<std::string>* urls,
                   std::vector<std::string>* problems) {
  std::ifstream in(file);
  if (!in) return Status::IoError(file + ": cannot open url_file: " + std::strerror(errno));
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    size_t b = line.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) continue;
    size_t e = line.find_last_not_of(" \t\r\n");
    std::string url = line.substr(b, e - b + 1);
    if (url[0] == '#') continue;
    if (!IsHttpUrl(url)) {
      problems->push_back(file + ":" + std::to_string(number) +
                          ": not an absolute http(s) URL: " + url.substr(0, 200));
      continue;
    }
    urls->push_back(std::move(url));
  }
  if (in.bad()) return Status::IoError(file + ": read error");
  return Status::OK();
}

}  // namespace newspipe
