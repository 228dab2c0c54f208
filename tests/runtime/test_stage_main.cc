// np_test_stage: a stage executable for the runner's process tests. --type picks the kind:
//   sink     - records committed document ids, one a line, in config `record` (a file);
//              commits on config `batch_size` or `batch_delay`.
//   upper    - a processor that upper-cases the text.
// Everything else about it is the real RunStageMain.
#include <cctype>
#include <cstring>
#include <fstream>
#include <vector>

#include "runtime/spec.h"
#include "runtime/stage_main.h"

namespace newspipe {
namespace {

class RecordSink : public Sink {
 public:
  RecordSink(std::string path, size_t batch, std::chrono::milliseconds delay)
      : path_(std::move(path)), batch_(batch), delay_(delay) {}
  Status Write(const v1::Document& doc) override {
    pending_.push_back(doc.id());
    return Status::OK();
  }
  Status Commit() override {
    std::ofstream out(path_, std::ios::app);
    for (const auto& id : pending_) out << id << "\n";
    out.flush();
    pending_.clear();
    return out ? Status::OK() : Status::IoError("cannot write " + path_);
  }
  size_t batch_size() const override { return batch_; }
  std::chrono::milliseconds max_batch_delay() const override { return delay_; }

 private:
  std::string path_;
  size_t batch_;
  std::chrono::milliseconds delay_;
  std::vector<std::string> pending_;
};

class Upper : public Processor {
 public:
  Result<Verdict> Process(v1::Document& doc) override {
    for (auto& c : *doc.mutable_text()) c = static_cast<char>(std::toupper(c));
    return Verdict::Forward();
  }
};

StageSpec SinkSpec() {
  StageSpec spec;
  spec.type = "sink";
  spec.kind = StageKind::kSink;
  spec.fields = {Required(StringField("record", "", "File of committed ids.")),
                 IntField("batch_size", 1, "Commit after this many.", 1),
                 DurationField("batch_delay", "200ms", "Or after this long.")};
  spec.create = [](const Config& c, const StageContext&) -> Result<StageInstance> {
    StageInstance inst;
    inst.sink = std::make_unique<RecordSink>(c.GetString("record"),
                                             static_cast<size_t>(c.GetInt("batch_size")),
                                             c.GetDuration("batch_delay"));
    return inst;
  };
  return spec;
}

StageSpec UpperSpec() {
  StageSpec spec;
  spec.type = "upper";
  spec.kind = StageKind::kProcessor;
  spec.create = [](const Config&, const StageContext&) -> Result<StageInstance> {
    StageInstance inst;
    inst.processor = std::make_unique<Upper>();
    return inst;
  };
  return spec;
}

}  // namespace
}  // namespace newspipe

int main(int argc, char** argv) {
  bool upper = false;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--type") == 0 && std::strcmp(argv[i + 1], "upper") == 0) {
      upper = true;
    }
  }
  return newspipe::RunStageMain(argc, argv, upper ? newspipe::UpperSpec() : newspipe::SinkSpec());
}
