#include "stages/local_pipeline.h"

#include <zlib.h>

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>
#include <system_error>

#include "runtime/spec.h"
#include "stages/builtin.h"
#include "stages/common/document_id.h"

namespace newspipe {
namespace {

bool EndsWithLower(std::string name, std::string_view suffix) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name.size() >= suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Result<std::unique_ptr<Processor>> MakeProcessor(const std::string& type,
                                                 const nlohmann::json& given,
                                                 const StageContext& context) {
  const StageSpec* spec = BuiltinStages().Find(type);
  if (spec == nullptr) return Status::NotFound("no stage type " + type);
  std::vector<ConfigError> errors;
  Config config = ValidateConfig(*spec, given, &errors);
  if (!errors.empty()) {
    std::string msg = type + " config:";
    for (const auto& e : errors) msg += " " + e.path + ": " + e.message + ";";
    return Status::InvalidArgument(msg);
  }
  StageContext ctx = context;
  ctx.stage_name = type;
  ctx.stage_type = type;
  Result<StageInstance> instance = spec->create(config, ctx);
  if (!instance.ok()) return instance.status();
  if (instance->processor == nullptr) return Status::Internal(type + " is not a processor");
  return std::move(instance->processor);
}

void RunStage(Processor* stage, const char* name, v1::Document& doc) {
  auto start = std::chrono::steady_clock::now();
  Result<Verdict> verdict = stage->Process(doc);
  auto elapsed = std::chrono::steady_clock::now() - start;
  v1::StageTrace* trace = doc.add_trace();
  trace->set_stage(name);
  trace->set_pid(static_cast<int32_t>(getpid()));
  trace->set_duration_us(std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count());
  if (!verdict.ok()) {
    v1::Error* e = doc.add_errors();
    e->set_stage(name);
    e->set_code(std::string(verdict.status().CodeName()));
    e->set_message(verdict.status().message());
    e->set_fatal(true);
  }
}

}  // namespace

Result<std::unique_ptr<LocalPipeline>> LocalPipeline::Create(const LocalPipelineOptions& options) {
  std::unique_ptr<LocalPipeline> p(new LocalPipeline());
  StageContext context;
  context.pipeline = "local";
  context.once = true;
  context.state_dir = options.state_dir;
  if (context.state_dir.empty()) {
    std::error_code ec;
    std::random_device rd;
    auto dir = std::filesystem::temp_directory_path(ec) /
               ("newspipe-local-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::IoError("cannot create " + dir.string() + ": " + ec.message());
    p->temp_dir_ = dir;
    context.state_dir = dir;
  }
  NP_ASSIGN_OR_RETURN(p->clean_, MakeProcessor("clean", options.clean_config, context));
  if (options.run_extract) {
    auto extract = MakeProcessor("extract", options.extract_config, context);
    if (extract.ok()) p->extract_ = std::move(extract).value();
  }
  return p;
}

LocalPipeline::~LocalPipeline() {
  clean_.reset();
  extract_.reset();
  if (!temp_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_dir_, ec);
  }
}

void LocalPipeline::Process(v1::Document& doc) {
  RunStage(clean_.get(), "clean", doc);
  if (extract_ != nullptr) RunStage(extract_.get(), "extract", doc);
}

v1::Document LocalPipeline::ProcessFile(const std::filesystem::path& path, const std::string& url) {
  Result<std::string> bytes = ReadInputFile(path);
  if (!bytes.ok()) {
    v1::Document doc = DocumentFromFile(path, "");
    doc.set_id(DocumentId(path.string(), ""));
    v1::Error* e = doc.add_errors();
    e->set_stage("read");
    e->set_code(std::string(bytes.status().CodeName()));
    e->set_message(bytes.status().message());
    e->set_fatal(true);
    return doc;
  }
  v1::Document doc = DocumentFromFile(path, std::move(bytes).value());
  if (!url.empty()) doc.mutable_fetch()->set_url(url);
  Process(doc);
  return doc;
}

v1::Document DocumentFromFile(const std::filesystem::path& path, std::string bytes) {
  v1::Document doc;
  doc.set_id(DocumentId("", bytes));
  v1::Source* source = doc.mutable_source();
  source->set_kind(v1::Source::FILE);
  source->set_name(path.string());
  source->set_path(path.string());
  source->set_site(path.parent_path().filename().string());
  v1::Fetch* fetch = doc.mutable_fetch();
  std::string name = path.filename().string();
  if (EndsWithLower(name, ".txt") || EndsWithLower(name, ".txt.gz")) {
    fetch->set_format(v1::Fetch::TEXT);
    fetch->set_content_type("text/plain");
  } else if (IsLocalInputName(path)) {
    fetch->set_format(v1::Fetch::HTML);
    fetch->set_content_type("text/html");
  }
  fetch->set_raw_size(bytes.size());
  fetch->set_raw(std::move(bytes));
  fetch->set_fetched_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count());
  return doc;
}

Result<std::string> ReadInputFile(const std::filesystem::path& path) {
  if (EndsWithLower(path.filename().string(), ".gz")) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (f == nullptr) return Status::IoError("cannot open " + path.string());
    std::string out;
    char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    int err = 0;
    const char* msg = gzerror(f, &err);
    bool failed = n < 0 || (err != Z_OK && err != Z_STREAM_END);
    std::string error = failed ? std::string(msg ? msg : "read error") : "";
    gzclose(f);
    if (failed) return Status::IoError(path.string() + ": " + error);
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open " + path.string());
  std::string out;
  in.seekg(0, std::ios::end);
  auto size = in.tellg();
  if (size > 0) {
    out.resize(static_cast<size_t>(size));
    in.seekg(0);
    in.read(out.data(), size);
    out.resize(static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return Status::IoError("cannot read " + path.string());
  return out;
}

bool IsLocalInputName(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  for (std::string_view ext : {".html", ".htm", ".txt"}) {
    if (EndsWithLower(name, ext) || EndsWithLower(name, std::string(ext) + ".gz")) return true;
  }
  return false;
}

std::vector<std::filesystem::path> ListLocalInputs(const std::vector<std::filesystem::path>& paths,
                                                   std::vector<std::string>* problems) {
  std::vector<std::filesystem::path> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      std::vector<std::filesystem::path> found;
      auto it = std::filesystem::recursive_directory_iterator(
          p, std::filesystem::directory_options::skip_permission_denied, ec);
      for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && IsLocalInputName(it->path())) found.push_back(it->path());
      }
      if (ec && problems) problems->push_back(p.string() + ": " + ec.message());
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (std::filesystem::exists(p, ec)) {
      out.push_back(p);
    } else if (problems) {
      problems->push_back(p.string() + ": no such file or directory");
    }
  }
  return out;
}

}  // namespace newspipe
