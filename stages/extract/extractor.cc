#include "stages/extract/extractor.h"

#include <cctype>

#include <date/tz.h>

#include <chrono>
#include <exception>

#include "stages/extract/extract_context.h"
#include "stages/extract/language.h"
#include "stages/extract/quotes.h"
#include "stages/extract/text_util.h"
#include "stages/extract/timezones.h"
#include "stages/extract/title.h"

namespace newspipe::extract {
namespace {

// "+09:00", "-0430", "+9" -> minutes; false when `s` is not a fixed offset.
bool ParseFixedOffset(std::string_view s, int* minutes) {
  if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) return false;
  int sign = s[0] == '-' ? -1 : 1;
  int digits[4] = {0, 0, 0, 0};
  int n = 0;
  for (size_t i = 1; i < s.size(); ++i) {
    if (s[i] == ':') continue;
    if (s[i] < '0' || s[i] > '9' || n >= 4) return false;
    digits[n++] = s[i] - '0';
  }
  int hh = 0, mm = 0;
  if (n == 1)
    hh = digits[0];
  else if (n == 2)
    hh = digits[0] * 10 + digits[1];
  else if (n == 4) {
    hh = digits[0] * 10 + digits[1];
    mm = digits[2] * 10 + digits[3];
  } else {
    return false;
  }
  if (hh > 14 || mm > 59) return false;
  *minutes = sign * (hh * 60 + mm);
  return true;
}

std::string HostOf(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  size_t end = rest.find_first_of("/?#:");
  return FoldCase(rest.substr(0, end));
}

bool IsBodyType(v1::BlockType t) {
  return t == v1::PARAGRAPH || t == v1::QUOTE || t == v1::LIST_ITEM;
}

}  // namespace

Extractor::Extractor(ExtractOptions options) : options_(std::move(options)) {
  const std::string& tz = options_.default_timezone;
  if (tz.empty() || tz == "UTC" || tz == "utc" || tz == "Z") return;
  if (ParseFixedOffset(tz, &fixed_offset_minutes_)) return;
  try {
    zone_ = date::locate_zone(tz);
  } catch (const std::exception&) {
    zone_ = nullptr;
    zone_ok_ = false;
  }
}

void Extractor::Run(v1::Document& doc) const {
  ProvenanceLog log;
  MetaIndex meta(doc.signals());
  JsonLdFacts ld = ReadJsonLd(doc.signals().json_ld());
  for (const std::string& note : ld.notes) log.Reject("jsonld", "jsonld", "", note);

  Context ctx(doc, options_, meta, ld, log);
  ctx.url = !doc.fetch().final_url().empty() ? doc.fetch().final_url() : doc.fetch().url();
  if (ctx.url.empty()) ctx.url = doc.signals().base_url();
  // A web archive's copy (web.archive.org/web/<time>/<url>) is the archived site's page: its
  // host tells the country (the zone of undated times, how slashed dates are written) and names
  // the site.
  ctx.host = ArchivedPageHost(ctx.url);
  if (ctx.host.empty()) ctx.host = HostOf(ctx.url);
  ctx.country =
      !options_.country.empty() ? options_.country : std::string(CountryFromHost(ctx.host));
  ctx.dates.country = ctx.country;
  ctx.dates.default_offset_minutes = fixed_offset_minutes_;
  ctx.dates.month_first_slashes = ctx.country.empty() || ctx.country == "US";
  if (ctx.country.empty()) {
    // No country known from the host: a region the page declares with its language ("en-GB",
    // "fr_CA") tells how it writes "02/10/2020"; only the US writes the month first.
    std::string_view lang = doc.signals().html_lang();
    size_t sep = lang.find_first_of("-_");
    if (sep != std::string_view::npos && lang.size() == sep + 3) {
      std::string region(lang.substr(sep + 1));
      for (char& c : region) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (std::isalpha(static_cast<unsigned char>(region[0])) &&
          std::isalpha(static_cast<unsigned char>(region[1]))) {
        ctx.dates.month_first_slashes = region == "US";
      }
    }
  }
  ctx.now = options_.now_unix != 0 ? options_.now_unix
                                   : std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count();
  const date::time_zone* zone = zone_;
  if (zone == nullptr && options_.default_timezone.empty()) {
    // No zone configured: a site in a country with one civil time writes its own local time.
    if (std::string_view name = ZoneOfCountry(ctx.country); !name.empty()) {
      try {
        zone = date::locate_zone(name);
      } catch (const std::exception&) {
        zone = nullptr;
      }
    }
  }
  ctx.local_zone = zone;
  ctx.apply_default_zone = [zone](v1::DateTime& dt) {
    if (!zone) return;
    try {
      int64_t local = dt.unix_seconds() + int64_t{dt.offset_minutes()} * 60;
      date::local_seconds ls{std::chrono::seconds(local)};
      date::local_info info = zone->get_info(ls);
      int offset = static_cast<int>(info.first.offset.count() / 60);
      dt.set_offset_minutes(offset);
      dt.set_unix_seconds(local - int64_t{offset} * 60);
    } catch (const std::exception&) {
      // Out of the zone database's range: keep the fixed reading.
    }
  };
  // The headline: the first kept level-1 heading, else the first level-1 heading at all (a
  // site logo in an <h1> is boilerplate and not the headline).
  const auto& blocks = doc.blocks();
  int first_h1 = -1;
  for (int i = 0; i < blocks.size(); ++i) {
    const v1::Block& b = blocks[i];
    if (b.type() == v1::HEADING && b.level() == 1) {
      if (first_h1 < 0) first_h1 = i;
      if (ctx.headline_block < 0 && !b.boilerplate()) ctx.headline_block = i;
    }
    if (ctx.first_body_block < 0 && !b.boilerplate() && b.type() == v1::PARAGRAPH) {
      ctx.first_body_block = i;
    }
  }
  if (ctx.headline_block < 0) ctx.headline_block = first_h1;
  if (ctx.headline_block < 0 && !doc.signals().h1().empty()) {
    std::string h1 = LooseKey(doc.signals().h1(0));
    for (int i = 0; i < blocks.size() && i < 200; ++i) {
      if (blocks[i].type() == v1::HEADING && LooseKey(blocks[i].text()) == h1) {
        ctx.headline_block = i;
        break;
      }
    }
  }

  doc.clear_metadata();
  doc.clear_quotes();
  doc.clear_people();
  ReadTextFacts(ctx);
  ChooseTitleField(ctx);
  ChooseAuthors(ctx);
  ChooseDates(ctx);
  ChooseDescriptive(ctx);

  if (options_.quotes) {
    std::vector<BodyBlock> body;
    for (int i = 0; i < blocks.size(); ++i) {
      const v1::Block& b = blocks[i];
      if (b.boilerplate() || !IsBodyType(b.type())) continue;
      body.push_back({i, b.text()});
    }
    QuoteResult q = FindQuotes(body);
    for (v1::Quote& quote : q.quotes) *doc.add_quotes() = std::move(quote);
    for (v1::Person& person : q.people) *doc.add_people() = std::move(person);
  }
  log.WriteTo(doc);
}

}  // namespace newspipe::extract
