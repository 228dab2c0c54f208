// Metadata evaluation: runs clean + extract in-process on every page of a dataset and compares
// title, date and authors (trafilatura-dev style evaldata.json) or the headline (L3S-GN1
// ground-truth-blocks.json, label 1) with the ground truth.
#include "eval/metadata_eval.h"

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <nlohmann/json.hpp>

#include "runtime/spec.h"
#include "stages/builtin.h"
#include "stages/common/document_json.h"
#include "stages/extract/text_util.h"

namespace newspipe {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Runs the registered clean and extract stages on one page at a time.
class PageRunner {
 public:
  ~PageRunner() {
    std::error_code ec;
    if (!state_dir_.empty()) fs::remove_all(state_dir_, ec);
  }

  Status Init() {
    state_dir_ = fs::temp_directory_path() / ("newspipe-metadata-eval-" + std::to_string(getpid()));
    std::error_code ec;
    fs::create_directories(state_dir_, ec);
    for (const char* type : {"clean", "extract"}) {
      const StageSpec* spec = BuiltinStages().Find(type);
      if (!spec) return Status::NotFound(std::string("no stage type ") + type);
      std::vector<ConfigError> errors;
      Config config = ValidateConfig(*spec, json::object(), &errors);
      if (!errors.empty()) {
        return Status::InvalidArgument(std::string(type) + ": " + errors[0].path + ": " +
                                       errors[0].message);
      }
      StageContext ctx;
      ctx.pipeline = "eval";
      ctx.stage_name = type;
      ctx.stage_type = type;
      ctx.state_dir = state_dir_;
      ctx.once = true;
      auto instance = spec->create(config, ctx);
      if (!instance.ok()) return instance.status().WithContext(type);
      processors_.push_back(std::move(instance->processor));
    }
    return Status::OK();
  }

  v1::Document Run(const fs::path& page, const std::string& url) {
    v1::Document doc;
    std::ifstream in(page, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    doc.mutable_source()->set_kind(v1::Source::FILE);
    doc.mutable_source()->set_path(page.string());
    doc.mutable_fetch()->set_raw(ss.str());
    doc.mutable_fetch()->set_url(url);
    std::string ext = page.extension().string();
    doc.mutable_fetch()->set_format(ext == ".txt" ? v1::Fetch::TEXT : v1::Fetch::HTML);
    for (auto& p : processors_) {
      try {
        auto r = p->Process(doc);
        (void)r;
      } catch (const std::exception& e) {
        v1::Error* err = doc.add_errors();
        err->set_code("exception");
        err->set_message(e.what());
      }
    }
    return doc;
  }

 private:
  fs::path state_dir_;
  std::vector<std::unique_ptr<Processor>> processors_;
};

// Case- and white-space-normalised: runs of white space collapse to one space, and case is
// folded with Unicode's full case folding (the caseless match of the Unicode standard, as
// Python's str.casefold: "GROSSE" and "große" are the same word; Cyrillic, Greek, Latin
// Extended letters all fold).
std::string Norm(std::string_view s) {
  std::string collapsed = extract::CollapseSpace(s);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(collapsed);
  u.foldCase(U_FOLD_CASE_DEFAULT);
  std::string out;
  u.toUTF8String(out);
  return out;
}

// Splits a ground-truth author string the way bylines are written: "A, B und C", "Von A".
std::vector<std::string> SplitTruthAuthors(const json& v) {
  std::vector<std::string> raw;
  if (v.is_string()) raw.push_back(v.get<std::string>());
  if (v.is_array()) {
    for (const auto& e : v) {
      if (e.is_string()) raw.push_back(e.get<std::string>());
    }
  }
  std::vector<std::string> out;
  for (const std::string& r : raw) {
    std::string s = Norm(r);
    for (std::string_view sep : {" und ", " and ", " & ", ";", ","}) {
      size_t pos;
      while ((pos = s.find(sep)) != std::string::npos) s.replace(pos, sep.size(), 1, '|');
    }
    for (std::string_view part : extract::Split(s, "|")) {
      std::string p(part);
      for (std::string_view prefix : {"von ", "by "}) {
        if (p.rfind(prefix, 0) == 0) p = p.substr(prefix.size());
      }
      if (!p.empty()) out.push_back(p);
    }
  }
  return out;
}

std::set<std::string> AuthorSet(const std::vector<std::string>& names) {
  std::set<std::string> out;
  for (const std::string& n : names) {
    std::string k = Norm(n);
    if (!k.empty()) out.insert(k);
  }
  return out;
}

std::string Join(const std::set<std::string>& s) {
  std::string out;
  for (const std::string& x : s) out += (out.empty() ? "" : "; ") + x;
  return out;
}

// L3S replaced non-Latin-1 characters with '?': a '?' in the truth matches any one character of
// ours, and one of ours outside Latin-1 matches a '?'.
bool LenientEqual(std::string_view truth, std::string_view ours) {
  std::u32string a, b;
  for (size_t i = 0; i < truth.size();) a += extract::NextCodePoint(truth, i);
  for (size_t i = 0; i < ours.size();) b += extract::NextCodePoint(ours, i);
  if (a == b) return true;
  // Dropped or doubled characters around '?' (e.g. a two-character sequence became one '?').
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j] || a[i] == U'?') {
      ++i;
      ++j;
    } else {
      return false;
    }
  }
  return i == a.size() && j == b.size();
}

struct Miss {
  std::string page, truth, ours;
  std::string via;  // where our value came from, and what was turned down (diagnostics).
};

// The source and rule that gave `field`'s value ("og (meta og:title)"), or "(none)".
std::string RuleOf(const v1::Document& doc, std::string_view field) {
  for (const v1::Provenance& p : doc.provenance()) {
    if (p.field() == field && !p.source().empty()) return p.source() + " (" + p.rule() + ")";
  }
  return "(none)";
}

// The provenance of `field` in one line: "source (rule); rejected: value (reason), ...".
std::string Via(const v1::Document& doc, std::string_view field) {
  constexpr size_t kMaxRejected = 4;
  for (const v1::Provenance& p : doc.provenance()) {
    if (p.field() != field) continue;
    std::string out = p.source() + " (" + p.rule() + ")";
    for (int i = 0; i < p.rejected_size() && i < static_cast<int>(kMaxRejected); ++i) {
      out += (i == 0 ? "; rejected: " : ", ") + p.rejected(i).source() + " " +
             p.rejected(i).value().substr(0, 60) + " (" + p.rejected(i).reason() + ")";
    }
    return out;
  }
  return "";
}

struct Field {
  explicit Field(std::string n) : name(std::move(n)) {}
  std::string name;
  int total = 0;
  int correct = 0;
  std::vector<Miss> misses;
  // Per rule that gave the value: pages and how many of them are right, so that a rule that
  // is wrong more often than right shows.
  std::map<std::string, std::pair<int, int>> by_rule;
  void Add(bool ok, Miss m, const std::string& rule) {
    ++total;
    auto& [pages, right] = by_rule[rule];
    ++pages;
    right += ok;
    if (ok)
      ++correct;
    else
      misses.push_back(std::move(m));
  }
  double Accuracy() const { return total ? static_cast<double>(correct) / total : 0.0; }
};

void Print(const Field& f, int worst, double target, bool by_rule, std::ostream& out) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "%-9s accuracy %.3f (%d/%d)  target %.2f  %s\n", f.name.c_str(),
                f.Accuracy(), f.correct, f.total, target, f.Accuracy() >= target ? "ok" : "SHORT");
  out << buf;
  std::vector<std::pair<std::string, std::pair<int, int>>> rules(f.by_rule.begin(),
                                                                 f.by_rule.end());
  std::stable_sort(rules.begin(), rules.end(),
                   [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
  for (const auto& [rule, counts] : rules) {
    if (!by_rule) break;
    std::snprintf(buf, sizeof buf, "      %5d pages  %5.3f right  %s\n", counts.first,
                  static_cast<double>(counts.second) / counts.first, rule.substr(0, 120).c_str());
    out << buf;
  }
  for (int i = 0; i < worst && i < static_cast<int>(f.misses.size()); ++i) {
    const Miss& m = f.misses[i];
    out << "    " << m.page << "\n      truth: " << m.truth.substr(0, 160)
        << "\n      ours:  " << m.ours.substr(0, 160) << "\n";
    if (!m.via.empty()) out << "      via:   " << m.via.substr(0, 300) << "\n";
  }
}

json ReadJson(const fs::path& path, std::ostream& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out << "eval: cannot read " << path.string() << "\n";
    return json();
  }
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) out << "eval: " << path.string() << " is not valid JSON\n";
  return j;
}

int EvalTrafilatura(const fs::path& dir, int worst, bool by_rule, std::ostream& out) {
  json data = ReadJson(dir / "evaldata.json", out);
  if (!data.is_object()) return 1;
  PageRunner runner;
  if (Status s = runner.Init(); !s.ok()) {
    out << "eval: " << s.ToString() << "\n";
    return 1;
  }
  Field title("title"), date("date"), author("author");
  int pages = 0;
  auto start = std::chrono::steady_clock::now();
  for (const auto& [url, v] : data.items()) {
    if (!v.is_object() || !v.contains("file") || !v["file"].is_string()) continue;
    fs::path page = dir / "html" / v["file"].get<std::string>();
    if (!fs::exists(page)) continue;
    v1::Document doc = runner.Run(page, url);
    ++pages;
    const v1::Metadata& m = doc.metadata();
    std::string name = v["file"].get<std::string>();
    if (v.contains("title") && v["title"].is_string() && !v["title"].get<std::string>().empty()) {
      std::string t = v["title"].get<std::string>();
      title.Add(Norm(t) == Norm(m.title()), {name, t, m.title(), Via(doc, "title")},
                RuleOf(doc, "title"));
    }
    if (v.contains("date") && v["date"].is_string() && !v["date"].get<std::string>().empty()) {
      std::string t = v["date"].get<std::string>().substr(0, 10);
      std::string ours = FormatLocal(m.published());
      ours = ours.substr(0, std::min<size_t>(ours.size(), 10));
      date.Add(t == ours, {name, t, ours, Via(doc, "published")}, RuleOf(doc, "published"));
    }
    if (v.contains("author")) {
      std::set<std::string> truth = AuthorSet(SplitTruthAuthors(v["author"]));
      std::set<std::string> ours =
          AuthorSet(std::vector<std::string>(m.authors().begin(), m.authors().end()));
      author.Add(truth == ours, {name, Join(truth), Join(ours), Via(doc, "authors")},
                 RuleOf(doc, "authors"));
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out << "metadata on " << dir.string() << ": " << pages << " pages in " << secs << " s ("
      << (secs > 0 ? pages / secs : 0) << " pages/s, clean + extract)\n";
  Print(date, worst, 0.92, by_rule, out);
  Print(title, worst, 0.95, by_rule, out);
  Print(author, worst, 0.85, by_rule, out);
  return 0;
}

int EvalL3s(const fs::path& dir, int worst, bool by_rule, std::ostream& out) {
  json blocks = ReadJson(dir / "ground-truth-blocks.json", out);
  if (!blocks.is_object()) return 1;
  std::set<std::string> excluded;
  {
    std::ifstream in(dir / "exclude_unterminated_title.txt");
    std::string line;
    while (std::getline(in, line)) {
      std::string_view t = extract::Trim(line);
      if (t.empty() || t[0] == '#') continue;
      std::string id(t);
      if (id.ends_with(".html")) id.resize(id.size() - 5);
      excluded.insert(id);
    }
  }
  PageRunner runner;
  if (Status s = runner.Init(); !s.ok()) {
    out << "eval: " << s.ToString() << "\n";
    return 1;
  }
  Field all("headline"), kept("headline*");
  int pages = 0;
  auto start = std::chrono::steady_clock::now();
  for (const auto& [id, list] : blocks.items()) {
    if (!list.is_array()) continue;
    std::vector<std::string> heads;
    for (const auto& b : list) {
      if (b.is_object() && b.value("label", 0) == 1 && b.contains("text") &&
          b["text"].is_string()) {
        heads.push_back(b["text"].get<std::string>());
      }
    }
    if (heads.empty()) continue;
    fs::path page = dir / "html" / (id + ".html");
    if (!fs::exists(page)) continue;
    v1::Document doc = runner.Run(page, "");
    ++pages;
    std::string ours = Norm(doc.metadata().title());
    bool ok = false;
    std::string joined;
    for (const std::string& h : heads) {
      ok |= LenientEqual(Norm(h), ours);
      joined += (joined.empty() ? "" : " ") + h;
    }
    ok |= LenientEqual(Norm(joined), ours);
    std::string via = Via(doc, "title");
    std::string rule = RuleOf(doc, "title");
    all.Add(ok, {id, joined, doc.metadata().title(), via}, rule);
    if (!excluded.count(id)) kept.Add(ok, {id, joined, doc.metadata().title(), via}, rule);
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out << "headline on " << dir.string() << ": " << pages << " pages with a headline in " << secs
      << " s\n";
  Print(all, worst, 0.95, by_rule, out);
  out << "(headline* leaves out the " << excluded.size()
      << " pages with an unterminated <title>)\n";
  Print(kept, 0, 0.95, false, out);
  return 0;
}

}  // namespace

int RunMetadataEval(const std::filesystem::path& dir, int worst, std::ostream& out, bool by_rule) {
  if (fs::exists(dir / "evaldata.json")) return EvalTrafilatura(dir, worst, by_rule, out);
  if (fs::exists(dir / "ground-truth-blocks.json")) return EvalL3s(dir, worst, by_rule, out);
  out << "eval: " << dir.string() << " holds neither evaldata.json nor ground-truth-blocks.json\n";
  return 1;
}

}  // namespace newspipe
