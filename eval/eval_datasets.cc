#include "eval/eval_datasets.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace newspipe {
namespace {

Result<nlohmann::json> ReadJson(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::IoError("cannot open " + file.string());
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) return Status::Corruption(file.string() + ": not valid JSON");
  return j;
}

std::vector<std::string> StringList(const nlohmann::json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

bool IsBodyDataset(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::exists(dir / "ground-truth.json", ec);
}

bool IsSnippetDataset(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::exists(dir / "evaldata.json", ec);
}

Result<std::vector<BodyCase>> ReadBodyDataset(const std::filesystem::path& dir) {
  NP_ASSIGN_OR_RETURN(nlohmann::json j, ReadJson(dir / "ground-truth.json"));
  if (!j.is_object()) return Status::Corruption("ground-truth.json: expected an object");
  std::vector<BodyCase> out;
  for (const auto& [id, value] : j.items()) {
    BodyCase c;
    c.id = id;
    if (value.is_object() && value.contains("articleBody") && value["articleBody"].is_string()) {
      c.truth = value["articleBody"].get<std::string>();
    }
    c.page = dir / "html" / (id + ".html");
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(),
            [](const BodyCase& a, const BodyCase& b) { return a.id < b.id; });
  return out;
}

Result<std::vector<SnippetCase>> ReadSnippetDataset(const std::filesystem::path& dir) {
  NP_ASSIGN_OR_RETURN(nlohmann::json j, ReadJson(dir / "evaldata.json"));
  if (!j.is_object()) return Status::Corruption("evaldata.json: expected an object");
  std::vector<SnippetCase> out;
  for (const auto& [url, value] : j.items()) {
    if (!value.is_object() || !value.contains("file") || !value["file"].is_string()) continue;
    SnippetCase c;
    c.url = url;
    c.page = dir / "html" / value["file"].get<std::string>();
    if (value.contains("with")) c.with = StringList(value["with"]);
    if (value.contains("without")) c.without = StringList(value["without"]);
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(),
            [](const SnippetCase& a, const SnippetCase& b) { return a.page < b.page; });
  return out;
}

Result<std::set<std::string>> ReadIdList(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return Status::IoError("cannot open " + file.string());
  std::set<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos || line[b] == '#') continue;
    size_t e = line.find_last_not_of(" \t\r");
    out.insert(line.substr(b, e - b + 1));
  }
  return out;
}

}  // namespace newspipe
