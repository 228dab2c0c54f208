#include "stages/clean/clean_stage.h"

#include <chrono>
#include <memory>

#include "stages/clean/site_model.h"

namespace newspipe {
namespace {

class CleanProcessor : public Processor {
 public:
  CleanProcessor(CleanOptions options, std::unique_ptr<PersistentSiteModel> model)
      : model_(std::move(model)), cleaner_(options, model_.get()) {}

  Result<Verdict> Process(v1::Document& doc) override {
    NP_RETURN_IF_ERROR(cleaner_.Clean(doc));
    return Verdict::Forward();
  }

 private:
  std::unique_ptr<PersistentSiteModel> model_;  // may be null; outlives cleaner_.
  Cleaner cleaner_;
};

}  // namespace

CleanOptions CleanOptionsFromConfig(const Config& config) {
  CleanOptions o;
  o.keep_comments = config.GetBool("keep_comments");
  o.max_bytes = static_cast<uint64_t>(config.GetInt("max_bytes"));
  o.time_budget = config.GetDuration("time_budget");
  o.max_depth = static_cast<uint32_t>(config.GetInt("max_depth"));
  o.min_chars = static_cast<uint64_t>(config.GetInt("min_chars"));
  return o;
}

StageSpec CleanSpec() {
  StageSpec spec;
  spec.type = "clean";
  spec.kind = StageKind::kProcessor;
  spec.summary = "Turns a fetched page into typed blocks and the article body, boilerplate removed";
  spec.description =
      "HTML is parsed once with libxml2 and walked without recursion. Every text block gets "
      "features (length, link density, tag, ARIA role, class/id hints, position) and a verdict "
      "with the rule that decided it; navigation, headers, footers, share bars, cookie banners, "
      "newsletter boxes, related teasers, author boxes and comments are removed. The main "
      "content is the region of the page that holds the prose and leaves out the link-heavy "
      "surroundings; `<article>`, `itemprop=articleBody` and JSON-LD `articleBody` are hints. "
      "Plain text becomes the same typed blocks, line by line. The page signals (title, meta, "
      "JSON-LD, links, `<time>`, h1, bylines) are collected in the same walk for extract.";
  spec.fields = {
      BoolField("keep_comments", false, "Keep reader comments as content."),
      IntField("max_bytes", 16 << 20, "Pages larger than this are cut before parsing.", 1024),
      DurationField("time_budget", "2s",
                    "Time allowed per document; past it the walk stops "
                    "and what was read so far is used.",
                    1),
      IntField("max_depth", 256, "Elements nested deeper are read as text of their ancestor.", 8,
               4096),
      IntField("min_chars", 0,
               "Documents whose body has fewer characters get a `short_body` error note.", 0),
      BoolField("site_model", true,
                "Learn per-site boilerplate across documents (state_dir/site-model.db)."),
      IntField("model_min_pages", 5,
               "Pages of a site the model must have seen before it removes anything there.", 2),
      IntField("model_flush_every", 1,
               "Documents per committed batch of site-model observations (a model version).", 1,
               10000),
      DoubleField("model_share", 0.5,
                  "A block seen on at least this share of a site's pages is boilerplate.", 0.05,
                  1.0),
  };
  spec.examples = {"keep_comments: false\ntime_budget: 2s\n"};
  spec.create = [](const Config& config, const StageContext& context) -> Result<StageInstance> {
    std::unique_ptr<PersistentSiteModel> model;
    if (config.GetBool("site_model") && !context.state_dir.empty()) {
      SiteModelOptions mo;
      mo.min_pages = config.GetInt("model_min_pages");
      mo.share = config.GetDouble("model_share");
      mo.flush_every = static_cast<int>(config.GetInt("model_flush_every"));
      NP_ASSIGN_OR_RETURN(model,
                          PersistentSiteModel::Open(context.state_dir / "site-model.db", mo));
    }
    StageInstance instance;
    instance.processor =
        std::make_unique<CleanProcessor>(CleanOptionsFromConfig(config), std::move(model));
    return instance;
  };
  return spec;
}

}  // namespace newspipe
