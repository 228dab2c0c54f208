// The extract stage: spec (config fields, docs) and the processor that runs the Extractor.
#include "stages/extract/extract_stage.h"

#include <cctype>
#include <exception>
#include <memory>

#include "stages/extract/extractor.h"

namespace newspipe {
namespace {

class ExtractProcessor : public Processor {
 public:
  explicit ExtractProcessor(extract::ExtractOptions options) : extractor_(std::move(options)) {}

  Result<Verdict> Process(v1::Document& doc) override {
    try {
      extractor_.Run(doc);
    } catch (const std::exception& e) {
      // The extractor is written not to throw; a library surprise must still not stop the stream.
      return Status::Internal(std::string("extract failed: ") + e.what());
    }
    return Verdict::Forward();
  }

 private:
  extract::Extractor extractor_;
};

extract::ExtractOptions OptionsFrom(const Config& config) {
  extract::ExtractOptions o;
  o.default_timezone = config.GetString("default_timezone");
  o.country = config.GetString("country");
  o.language_detection = config.GetBool("language_detection");
  o.quotes = config.GetBool("quotes");
  o.min_year = static_cast<int>(config.GetInt("min_year"));
  o.max_authors = static_cast<int>(config.GetInt("max_authors"));
  return o;
}

}  // namespace

StageSpec ExtractSpec() {
  StageSpec spec;
  spec.type = "extract";
  spec.kind = StageKind::kProcessor;
  spec.summary =
      "Reads the article's facts: title, authors, dates with time zones, agency, "
      "dateline, captions, quotes with speakers, each with its source.";
  spec.description =
      "Works from what clean left on the document (page signals such as meta tags and JSON-LD, "
      "the typed blocks, the URL and the body text); it never parses HTML again. Sources are "
      "tried in a fixed order of trust (JSON-LD, OpenGraph, Twitter cards, Dublin Core, other "
      "meta tags, itemprop, <time>, bylines, the URL, the text near the headline; see "
      "docs/extraction.md). Every field records where it came from and which candidates were "
      "turned down, shown by `newspipe explain`.";
  spec.fields = {
      StringField("default_timezone", "",
                  "Time zone assumed for dates written without one: an IANA name "
                  "(\"Asia/Tokyo\"), \"UTC\", or a fixed offset (\"+09:00\"); empty: the zone "
                  "of the site's country (from `country` or the host's top-level domain) when "
                  "that country keeps one civil time, else UTC. The same zone gives a time the "
                  "page states in UTC its local reading (`published_local`)."),
      StringField("country", "",
                  "ISO 3166 country code used to read ambiguous time-zone abbreviations "
                  "(CST, IST, BST, ...); empty: guessed from the host's top-level domain."),
      BoolField("language_detection", true,
                "Check the page's declared language against detection (CLD2) on the body."),
      BoolField("quotes", true, "Find direct quotes with their speakers, and people with roles."),
      IntField("min_year", 1995,
               "Dates before this year are turned down unless structured markup states them.", 1900,
               2100),
      IntField("max_authors", 10, "At most this many authors are kept.", 1, 100),
  };
  spec.examples = {"default_timezone: Asia/Tokyo\ncountry: JP\n",
                   "language_detection: false\nquotes: false\n"};
  spec.lint = [](const Config& config) {
    std::vector<std::string> errors;
    extract::ExtractOptions o;
    o.default_timezone = config.GetString("default_timezone");
    extract::Extractor probe(o);
    if (!probe.timezone_ok()) {
      errors.push_back("default_timezone: unknown time zone \"" + o.default_timezone +
                       "\" (use an IANA name such as Asia/Tokyo, UTC, or +09:00)");
    }
    std::string country = config.GetString("country");
    if (!country.empty() &&
        (country.size() != 2 || !std::isupper(static_cast<unsigned char>(country[0])) ||
         !std::isupper(static_cast<unsigned char>(country[1])))) {
      errors.push_back("country: expected a two-letter upper-case ISO 3166 code such as JP");
    }
    return errors;
  };
  spec.create = [](const Config& config, const StageContext&) -> Result<StageInstance> {
    StageInstance instance;
    instance.processor = std::make_unique<ExtractProcessor>(OptionsFrom(config));
    return instance;
  };
  return spec;
}

}  // namespace newspipe
