// Published and modified times: candidates in order of trust, each parsed, checked (not before
// min_year, not in the future) and either taken or turned down with a reason.
#include <date/tz.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <exception>

#include "stages/common/text_util.h"
#include "stages/extract/extract_context.h"
#include "stages/extract/text_util.h"

namespace newspipe::extract {
namespace {

constexpr int64_t kFutureSlackSeconds = 2 * 86400;
constexpr size_t kMaxNearTextBytes = 300;

struct DateCandidate {
  std::string source;
  std::string rule;
  std::string text;
  bool trusted = false;  // structured markup the publisher wrote for machines.
  bool running_text = false;
  bool furniture = false;  // written in the page's header, sidebar, teasers or comments.
};

void AddMeta(const Context& ctx, std::vector<DateCandidate>* out,
             std::initializer_list<std::string_view> keys, bool trusted) {
  for (const v1::MetaTag* tag : ctx.meta.All(keys)) {
    out->push_back({std::string(MetaIndex::SourceOf(*tag)), "meta " + tag->key(), tag->content(),
                    trusted, false});
  }
}

// The first `max_bytes` of `s`, not cutting a UTF-8 sequence.
std::string Utf8Prefix(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

bool ClassHints(const v1::TimeTag& t, std::initializer_list<std::string_view> words) {
  std::string hint = FoldCase(t.class_hint() + " " + t.itemprop());
  for (std::string_view w : words) {
    if (hint.find(w) != std::string::npos) return true;
  }
  return false;
}

bool FollowsUpdateWord(std::string_view text, size_t at);
bool IsHidden(const v1::Block& b);
DateParse FindPublishedDate(std::string_view text, const DateContext& dates);
bool ReadsAsSentence(std::string_view text);
bool DateInASentence(std::string_view text, const DateParse& date);

// A block clean removed as the page's furniture: its header, navigation, sidebars, footer,
// teasers of related articles, reader comments, ads.
bool IsFurniture(const v1::Block& b) {
  if (!b.boilerplate()) return false;
  const std::string& r = b.rule();
  for (std::string_view f :
       {"structure:header", "structure:nav", "structure:aside", "structure:footer", "class:header",
        "class:navigation", "class:sidebar", "class:footer", "class:related", "class:comments",
        "class:ad", "teaser-section", "teaser-summary"}) {
    if (r == f) return true;
  }
  return false;
}

// A line that only labels the date of publication below it ("Erschienen am:", "Published:").
bool IsPublishedLabel(std::string_view text) {
  constexpr size_t kMaxLabelBytes = 32;
  if (text.size() > kMaxLabelBytes) return false;
  std::string t = FoldCase(Trim(text));
  while (!t.empty() && (t.back() == ':' || t.back() == ' ')) t.pop_back();
  for (std::string_view l : {"erschienen am", "erschienen", "veröffentlicht am", "veröffentlicht",
                             "publiziert am", "erstellt am", "datum", "published", "published on",
                             "date", "publié le", "publicado", "publicado el", "pubblicato il"}) {
    if (t == l) return true;
  }
  return false;
}

// A line whose only date is an update's ("Updated: ...", "mis à jour le ...").
bool OnlyAnUpdate(std::string_view text, const DateContext& dates) {
  DateParse p = FindPublishedDate(text, dates);
  return p.value && FollowsUpdateWord(text, p.begin);
}

std::vector<DateCandidate> PublishedCandidates(const Context& ctx) {
  std::vector<DateCandidate> c;
  const auto& sig = ctx.doc.signals();
  if (!ctx.ld.date_published.empty()) {
    c.push_back({"jsonld", ctx.ld.article_type + ".datePublished", ctx.ld.date_published, true});
  }
  AddMeta(ctx, &c,
          {"article:published_time", "og:published_time", "article:published",
           "og:article:published_time"},
          true);
  AddMeta(ctx, &c, {"datepublished"}, true);  // itemprop meta
  for (const v1::TimeTag& t : sig.times()) {
    if (FoldCase(t.itemprop()) == "datepublished") {
      c.push_back({"itemprop", "time itemprop=datePublished",
                   t.datetime().empty() ? t.text() : t.datetime(), true});
    }
  }
  AddMeta(
      ctx, &c,
      {"dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dc:date", "dcterms.created",
       "dc.date.created", "citation_publication_date", "citation_date", "citation_online_date"},
      false);
  AddMeta(ctx, &c,
          {"pubdate",
           "publishdate",
           "publish-date",
           "publish_date",
           "published_time",
           "article.published",
           "article_date_original",
           "sailthru.date",
           "parsely-pub-date",
           "publication_date",
           "originalpublicationdate",
           "date_published",
           "creation_date",
           "date",
           "dat",
           "og:pubdate",
           "cxenseparse:recs:publishtime",
           "release_date",
           "created",
           "displaydate",
           "dc.date.available"},
          false);
  // A video page's upload time (itemprop=uploadDate) dates the page when nothing says more.
  AddMeta(ctx, &c, {"uploaddate"}, false);
  if (!ctx.ld.date_created.empty()) {
    c.push_back({"jsonld", ctx.ld.article_type + ".dateCreated", ctx.ld.date_created, true});
  }
  if (!ctx.ld.page_date_published.empty()) {
    c.push_back({"jsonld", "WebPage.datePublished", ctx.ld.page_date_published, false});
  }
  // <time> tags: published-looking ones first, then the first one inside the main content.
  for (const v1::TimeTag& t : sig.times()) {
    if (FoldCase(t.itemprop()) == "datepublished") continue;
    if (ClassHints(t, {"publish", "posted", "entry-date", "created", "pubdate", "date-post",
                       "post-date", "article-date", "byline"}) &&
        !ClassHints(t, {"modif", "update", "comment"})) {
      bool has_dt = !t.datetime().empty();
      c.push_back(
          {"dom", "time tag (published class)", has_dt ? t.datetime() : t.text(), false, !has_dt});
    }
  }
  for (const v1::TimeTag& t : sig.times()) {
    if (!t.in_main() || ClassHints(t, {"modif", "update", "comment"})) continue;
    bool has_dt = !t.datetime().empty();
    c.push_back({"dom", "first time tag in the main content", has_dt ? t.datetime() : t.text(),
                 false, !has_dt});
    break;
  }
  // Typed date lines: those next to the headline or the start of the body first (a long menu
  // can push them far down the page), then any near the top.
  const auto& blocks = ctx.doc.blocks();
  std::vector<bool> taken(static_cast<size_t>(blocks.size()), false);
  // Date lines of the page's furniture (a header's "today" stamp, a teaser's or a sidebar's
  // date) and those that only state an update ("Article mis à jour le ...") wait until the
  // short lines next to the headline have been read.
  std::vector<DateCandidate> deferred;
  auto date_lines = [&](int from, int to, bool kept_only) {
    for (int i = std::max(0, from); i < blocks.size() && i < to; ++i) {
      const v1::Block& b = blocks[i];
      if (taken[static_cast<size_t>(i)] || (kept_only && b.boilerplate())) continue;
      const bool typed =
          b.type() == v1::METADATA_LINE || b.type() == v1::BYLINE || b.type() == v1::DATELINE;
      if ((typed || (i > 0 && IsPublishedLabel(blocks[i - 1].text()))) &&
          b.text().size() < kMaxNearTextBytes) {
        taken[static_cast<size_t>(i)] = true;
        DateCandidate line{"text", "date line", b.text(), false, true, IsFurniture(b)};
        if (line.furniture || OnlyAnUpdate(b.text(), ctx.dates)) {
          deferred.push_back(std::move(line));
        } else {
          c.push_back(std::move(line));
        }
      }
    }
  };
  // Within each stretch, a line clean kept with the article comes before one it removed (a
  // header's "today" stamp, a teaser's date). A date line kept with the article next to the
  // headline also comes before the byline-like elements, which may be a teaser's or a
  // comment's.
  // A heading right above the headline that is a date and little else is a blog's day header
  // ("Samstag, 9. September 2017" over the post's title): the post's own date, before the
  // dates the post writes below its title (a reviewed book's release).
  // The headline's block: the <h1>'s, else the block the chosen title was read from (a blog
  // writes its post titles in lower headings).
  int title_block = ctx.headline_block;
  if (title_block < 0 && !ctx.doc.metadata().title().empty()) {
    constexpr int kMaxTitleBlock = 200;
    const std::string key = LooseKey(ctx.doc.metadata().title());
    for (int i = 0; i < blocks.size() && i < kMaxTitleBlock; ++i) {
      if (blocks[i].type() == v1::HEADING && LooseKey(blocks[i].text()) == key) {
        title_block = i;
        break;
      }
    }
  }
  if (title_block >= 0) {
    constexpr size_t kMaxDayHeaderBytes = 80;
    for (int i = std::max(0, title_block - 2); i < title_block; ++i) {
      const v1::Block& b = blocks[i];
      if (b.type() != v1::HEADING || b.text().size() >= kMaxDayHeaderBytes || IsHidden(b)) continue;
      DateParse p = FindDate(b.text(), ctx.dates);
      if (!p.value || (p.end - p.begin) * 2 < b.text().size()) continue;
      c.push_back({"text", "date heading above the headline", b.text(), false, true});
    }
  }
  // The date lines go by the headline's block; with no heading for it, by the line the title
  // was read from (a table layout's title cell, a paragraph in bold).
  // A removed <h1> that is not the title (the site's logo) names no headline's place either.
  int title_line = title_block;
  if (title_line >= 0 && blocks[title_line].boilerplate() &&
      LooseKey(blocks[title_line].text()) != LooseKey(ctx.doc.metadata().title())) {
    title_line = -1;
  }
  if (title_line < 0 && !ctx.doc.metadata().title().empty()) {
    constexpr int kMaxTitleLine = 400;
    const std::string key = LooseKey(ctx.doc.metadata().title());
    for (int i = 0; i < blocks.size() && i < kMaxTitleLine; ++i) {
      if (blocks[i].type() != v1::LIST_ITEM && blocks[i].type() != v1::CAPTION &&
          LooseKey(blocks[i].text()) == key) {
        title_line = i;
        break;
      }
    }
  }
  // A date set right under the headline and its byline ("Sunday March 3, 2019, 5:00 AM" in an
  // <h3>, a table cell of its own), kept with the article: the page's date line in another
  // dress. Only headings, bylines and captions between: a date after the body's first lines is
  // another thing's ("Next meeting:" over a date).
  if (title_line >= 0) {
    constexpr int kMaxBelow = 3;
    constexpr size_t kMaxDateBytes = 80;
    for (int i = title_line + 1; i < blocks.size() && i <= title_line + kMaxBelow; ++i) {
      const v1::Block& b = blocks[i];
      const v1::BlockType type = b.type();
      const bool date_dress =
          type == v1::HEADING || type == v1::PARAGRAPH || type == v1::TABLE_CELL;
      if (!date_dress && type != v1::BYLINE && type != v1::CAPTION) break;
      if (!date_dress || b.boilerplate() || b.text().size() >= kMaxDateBytes) {
        if (type == v1::PARAGRAPH || type == v1::TABLE_CELL) break;  // the body has begun
        continue;
      }
      DateParse p = FindDate(b.text(), ctx.dates);
      if (!p.value || (p.end - p.begin) * 2 < b.text().size()) {
        if (type == v1::PARAGRAPH || type == v1::TABLE_CELL) break;
        continue;
      }
      c.push_back({"text", "date line right under the headline", b.text(), false, true});
      break;
    }
  }
  if (title_line >= 0) {
    date_lines(title_line - 4, title_line + 12, true);
  }
  // A byline-like element that clean found among the reader comments (a comment's stamp)
  // waits with the furniture's date lines.
  for (const std::string& b : sig.bylines()) {
    if (b.size() >= kMaxNearTextBytes) continue;
    DateCandidate element{"dom", "byline element", b, false, true};
    bool furniture = std::any_of(blocks.begin(), blocks.end(), [&](const v1::Block& block) {
      return block.type() == v1::BYLINE && block.boilerplate() &&
             block.rule() == "class:comments" && block.text().size() >= 8 &&
             b.find(block.text()) != std::string::npos;
    });
    element.furniture = furniture;
    (furniture ? deferred : c).push_back(std::move(element));
  }
  if (title_line >= 0) {
    date_lines(title_line - 4, title_line + 12, false);
  }
  for (bool kept_only : {true, false}) {
    if (ctx.first_body_block >= 0) {
      date_lines(ctx.first_body_block - 8, ctx.first_body_block + 6, kept_only);
    }
  }
  // Near the top too, a line kept with the article before one clean removed (a header's stamp
  // of the day).
  date_lines(0, 60, true);
  date_lines(0, 60, false);
  if (auto d = DateFromUrl(ctx.url)) {
    c.push_back({"url", "date in the URL path", d->original(), false, false});
  }
  for (const v1::TimeTag& t : sig.times()) {
    if (ClassHints(t, {"modif", "update", "comment"})) continue;
    bool has_dt = !t.datetime().empty();
    c.push_back({"dom", "first time tag", has_dt ? t.datetime() : t.text(), false, !has_dt});
    break;
  }
  // Short blocks next to the headline ("Posted on July 8, 2020 by ..."), then next to the start
  // of the body, then anywhere near the top.
  // A date that a sentence of the body mentions ("... before the March 3, 2031 deadline") is
  // what the sentence is about, not when the page was written: a paragraph of many words whose
  // date stands neither at its opening nor at its end is skipped.
  // The same for a sentence that tells of the date (DateInASentence). One parse serves both.
  auto mentioned_in_prose = [&](const v1::Block& b) {
    constexpr size_t kMinProseWords = 20;
    constexpr size_t kEdgeBytes = 48;
    const std::string& t = b.text();
    const bool paragraph = b.type() == v1::PARAGRAPH && t.size() >= kEdgeBytes * 3 &&
                           SplitCount(t, " ") >= kMinProseWords;
    const bool sentence = ReadsAsSentence(t);
    if (!paragraph && !sentence) return false;
    DateParse p = FindPublishedDate(t, ctx.dates);
    if (!p.value) return false;
    return (paragraph && p.begin > kEdgeBytes && p.end + kEdgeBytes < t.size()) ||
           (sentence && DateInASentence(t, p));
  };
  auto scan = [&](int from, int to, const char* rule, size_t max_bytes) {
    for (int i = std::max(0, from); i < blocks.size() && i < to; ++i) {
      const v1::Block& b = blocks[i];
      if (b.text().size() >= max_bytes || b.type() == v1::METADATA_LINE) continue;
      // A caption's date is the picture's ("the bay on 12.05.2031, left"), often years older
      // than the page: it waits for the last resort, the first date anywhere in the text.
      if (b.type() == v1::CAPTION) continue;
      if (mentioned_in_prose(b)) continue;
      c.push_back({"text", rule, b.text(), false, true});
    }
  };
  if (ctx.headline_block >= 0) {
    scan(ctx.headline_block - 3, ctx.headline_block + 12, "date near the headline",
         kMaxNearTextBytes);
  }
  if (ctx.first_body_block >= 0) {
    scan(ctx.first_body_block - 8, ctx.first_body_block + 2, "date near the start of the body",
         kMaxNearTextBytes);
  }
  // A paragraph of the body that opens with its date ("29.11.2022 – The ...", "Press release of
  // 25 January 2022 | Berlin – ...").
  if (ctx.first_body_block >= 0) {
    constexpr size_t kOpeningBytes = 48;
    int seen = 0;
    for (int i = ctx.first_body_block; i < blocks.size() && seen < 3; ++i) {
      const v1::Block& b = blocks[i];
      if (b.boilerplate() || b.type() != v1::PARAGRAPH) continue;
      ++seen;
      if (b.text().size() < kMaxNearTextBytes) continue;  // short ones were scanned above
      c.push_back({"text", "date opening a paragraph of the body",
                   Utf8Prefix(b.text(), kOpeningBytes), false, true});
    }
  }
  c.insert(c.end(), deferred.begin(), deferred.end());
  scan(0, 80, "date in a short line near the top", 120);
  return c;
}

std::vector<DateCandidate> ModifiedCandidates(const Context& ctx) {
  std::vector<DateCandidate> c;
  if (!ctx.ld.date_modified.empty()) {
    c.push_back({"jsonld", ctx.ld.article_type + ".dateModified", ctx.ld.date_modified, true});
  }
  AddMeta(ctx, &c,
          {"article:modified_time", "og:updated_time", "article:modified", "og:modified_time",
           "datemodified"},
          true);
  for (const v1::TimeTag& t : ctx.doc.signals().times()) {
    if (FoldCase(t.itemprop()) == "datemodified") {
      c.push_back({"itemprop", "time itemprop=dateModified",
                   t.datetime().empty() ? t.text() : t.datetime(), true});
    }
  }
  AddMeta(ctx, &c,
          {"dcterms.modified", "dc.date.modified", "last-modified", "lastmod", "modified",
           "revised", "sailthru.lastmodified", "parsely-updated"},
          false);
  if (!ctx.ld.page_date_modified.empty()) {
    c.push_back({"jsonld", "WebPage.dateModified", ctx.ld.page_date_modified, false});
  }
  return c;
}

// True when the words right before `at` in `text` say that a date is an update ("Updated:",
// "Letzte Änderung:", "aktualisiert am").
bool FollowsUpdateWord(std::string_view text, size_t at) {
  constexpr size_t kLookBackBytes = 24;
  size_t from = at > kLookBackBytes ? at - kLookBackBytes : 0;
  std::string before = FoldCase(text.substr(from, at - from));
  for (std::string_view w :
       {"update",        "aktualisiert",  "aktualisierung", "änderung",     "geändert",
        "modified",      "zuletzt",       "editiert",       "überarbeitet", "last edited",
        "edited on",     "mis à jour",    "mise à jour",    "modifié",      "actualisé",
        "actualizado",   "actualización", "atualizado",     "atualização",  "aggiornato",
        "aggiornamento", "bijgewerkt",    "gewijzigd"}) {
    if (before.find(w) != std::string::npos) return true;
  }
  return false;
}

// The first date in running text that is not marked as an update ("Letzte Änderung:
// 31.10.2023 - Erschienen am: 01.11.2023"), else the first date.
DateParse FindPublishedDate(std::string_view text, const DateContext& dates) {
  DateParse first = FindDate(text, dates);
  if (!first.value || !FollowsUpdateWord(text, first.begin)) return first;
  size_t from = first.end;
  while (from < text.size()) {
    DateParse next = FindDate(text.substr(from), dates);
    if (!next.value || next.end == 0) break;
    if (!FollowsUpdateWord(text, from + next.begin)) return next;
    from += next.end;
  }
  return first;
}

// Ten words or more that end as a sentence does.
bool ReadsAsSentence(std::string_view text) {
  constexpr size_t kMinWords = 10;
  std::string_view t = Trim(text);
  if (t.empty()) return false;
  const char last = t.back();
  if (last != '.' && last != '!' && last != '?' && !t.ends_with("\u201d") && last != '"') {
    return false;
  }
  return SplitCount(t, " ") >= kMinWords;
}

// A date that a sentence tells of ("... her first goal since March 3, 2029 after ..."): `text`
// reads as a sentence (ReadsAsSentence), `date` is its published date as FindPublishedDate
// found it, and at least two of the words before the date are in small letters (a date line's
// few label words, "Posted on", "last updated on", are fewer; a dateline's city and agency are
// in capitals).
bool DateInASentence(std::string_view text, const DateParse& date) {
  constexpr int kMinSmallWordsBefore = 2;
  // A time of day makes it a stamp ("... was posted on 3 March 2029 at 21:07 and filed under").
  if (!date.value || !date.value->date_only()) return false;
  int small = 0;
  for (std::string_view w : Split(text.substr(0, date.begin), " ")) {
    if (!w.empty() && w[0] >= 'a' && w[0] <= 'z') ++small;
  }
  return small >= kMinSmallWordsBefore;
}

// Parses and checks one candidate; returns the reason it is turned down, or "" and fills `out`.
std::string Check(const Context& ctx, const DateCandidate& c, v1::DateTime* out) {
  DateParse p =
      c.running_text ? FindPublishedDate(c.text, ctx.dates) : ParseDate(c.text, ctx.dates);
  if (!p.value) return p.problem.empty() ? "not a date" : p.problem;
  v1::DateTime dt = *p.value;
  if (!dt.has_offset()) ctx.apply_default_zone(dt);
  int year = YearOf(dt.unix_seconds());
  int min_year = c.trusted ? std::min(ctx.options.min_year, 1900) : ctx.options.min_year;
  if (year < min_year) return "before " + std::to_string(min_year);
  int64_t slack = c.trusted ? 366 * 86400 : kFutureSlackSeconds;
  if (dt.unix_seconds() > ctx.now + slack) return "in the future";
  *out = dt;
  return "";
}

// Takes the first acceptable candidate; records the rest. `chosen_from` gets the index of the
// candidate taken.
bool Choose(Context& ctx, const std::vector<DateCandidate>& cands, const char* field,
            v1::DateTime* target, const v1::DateTime* not_before, size_t* chosen_from = nullptr) {
  bool chosen = false;
  std::string chosen_day;
  for (const DateCandidate& c : cands) {
    // Once one is taken, the rest are only checked to log their rejections, and a running
    // text's is not logged.
    if (chosen && c.running_text) continue;
    v1::DateTime dt;
    std::string why = Check(ctx, c, &dt);
    if (why.empty() && not_before && dt.unix_seconds() + 86400 < not_before->unix_seconds()) {
      why = "before the published time";
    }
    if (!why.empty()) {
      if (!c.running_text) ctx.log.Reject(field, c.source, c.text, why);
      continue;
    }
    if (chosen) {
      continue;
    }
    *target = dt;
    chosen = true;
    if (chosen_from) *chosen_from = static_cast<size_t>(&c - cands.data());
    ctx.log.Accept(field, c.source, c.rule, dt.original());
  }
  return chosen;
}

// A time the page states in UTC ("...Z", "+00:00") keeps its instant but gets the page's local
// reading: the offset of another statement of the same instant on the page ("-04:00" in a
// <time> tag), else the offset of the site's zone at that instant.
void GiveLocalOffset(const Context& ctx, const std::vector<DateCandidate>& cands,
                     v1::DateTime* dt) {
  if (!dt->has_offset() || dt->offset_minutes() != 0 || dt->date_only()) return;
  constexpr int64_t kSameInstantSeconds = 120;
  for (const DateCandidate& c : cands) {
    if (c.running_text) continue;
    DateParse p = ParseDate(c.text, ctx.dates);
    if (!p.value || !p.value->has_offset() || p.value->offset_minutes() == 0) continue;
    if (std::llabs(p.value->unix_seconds() - dt->unix_seconds()) <= kSameInstantSeconds) {
      dt->set_offset_minutes(p.value->offset_minutes());
      return;
    }
  }
  if (ctx.local_zone == nullptr) return;
  try {
    date::sys_seconds instant{std::chrono::seconds(dt->unix_seconds())};
    dt->set_offset_minutes(static_cast<int>(ctx.local_zone->get_info(instant).offset.count() / 60));
  } catch (const std::exception&) {
    // Out of the zone database's range: keep UTC.
  }
}

// The calendar day of `dt` as the page reads it (in its own offset), counted from 1970-01-01.
int64_t LocalDay(const v1::DateTime& dt) {
  int64_t local = dt.unix_seconds() + int64_t{dt.offset_minutes()} * 60;
  return local >= 0 ? local / 86400 : (local - 86399) / 86400;
}

// True for a block the page hides from the reader (`hidden`, `display:none`): a date written
// there (a search index's copy of the markup, a template's stamp) is not shown on the page.
bool IsHidden(const v1::Block& b) {
  return b.boilerplate() && (b.rule() == "structure:hidden" || b.rule() == "class:hidden");
}

// The days of every date written in the page's visible text (the blocks and the byline
// elements), read once on first use.
class VisibleDays {
 public:
  explicit VisibleDays(const Context& ctx) : ctx_(ctx) {}

  // Reads on (the byline elements first, then the blocks) only until `day` turns up: most pages
  // write their date near the top, so the rest of the text is seldom read.
  bool Shows(int64_t day) {
    if (std::find(days_.begin(), days_.end(), day) != days_.end()) return true;
    const auto& bylines = ctx_.doc.signals().bylines();
    const auto& blocks = ctx_.doc.blocks();
    const int sources = bylines.size() + std::min(blocks.size(), kMaxBlocks);
    while (next_ < sources) {
      const size_t had = days_.size();
      const int i = next_++;
      if (i >= bylines.size() && IsHidden(blocks[i - bylines.size()])) continue;
      Read(i < bylines.size() ? bylines[i] : blocks[i - bylines.size()].text());
      if (std::find(days_.begin() + static_cast<ptrdiff_t>(had), days_.end(), day) != days_.end()) {
        return true;
      }
    }
    return false;
  }

 private:
  static constexpr int kMaxBlocks = 600;

  void Read(std::string_view text) {
    size_t from = 0;
    while (from < text.size()) {
      DateParse p = FindDate(text.substr(from), ctx_.dates);
      if (!p.value || p.end == 0) break;
      int64_t day = LocalDay(*p.value);
      days_.push_back(day);
      // "03/05/2022" reads either way round; the page may mean the other one.
      std::string_view written = text.substr(from + p.begin, p.end - p.begin);
      if (written.find('/') != std::string_view::npos) {
        date::year_month_day ymd{date::sys_days{date::days{day}}};
        unsigned mo = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
        if (d <= 12 && d != mo) {
          date::year_month_day swapped{ymd.year(), date::month{d}, date::day{mo}};
          days_.push_back(date::sys_days{swapped}.time_since_epoch().count());
        }
      }
      from += p.end;
    }
  }

  const Context& ctx_;
  int next_ = 0;  // the next byline element or block to read.
  std::vector<int64_t> days_;
};

// A date the running text names near the headline (not a date line) that comes after the
// page's own statement of its last change ("This page was last modified on ...", "zuletzt am
// ... geändert") is something to come, a meeting or an event, not when the page was written:
// the page's last change dates it. Returns true when it took that.
bool TakeLastChangeBeforeProseDate(Context& ctx, const DateCandidate& chosen,
                                   v1::DateTime* published) {
  if (!chosen.running_text || chosen.source != "text" || chosen.rule == "date line" ||
      chosen.rule == "date heading above the headline") {
    return false;
  }
  constexpr int kMaxBlocks = 400;
  constexpr size_t kMaxBlockBytes = 400;
  const auto& blocks = ctx.doc.blocks();
  for (int i = 0; i < blocks.size() && i < kMaxBlocks; ++i) {
    const std::string& text = blocks[i].text();
    if (text.size() >= kMaxBlockBytes || IsHidden(blocks[i])) continue;
    size_t from = 0;
    while (from < text.size()) {
      DateParse p = FindDate(std::string_view(text).substr(from), ctx.dates);
      if (!p.value || p.end == 0) break;
      const size_t at = from + p.begin;
      from += p.end;
      if (!FollowsUpdateWord(text, at)) continue;
      DateCandidate change{"text", "the page's statement of its last change", text.substr(at),
                           false, true};
      v1::DateTime dt;
      if (!Check(ctx, change, &dt).empty() || LocalDay(dt) + 1 >= LocalDay(*published)) {
        return false;
      }
      ctx.log.Reject("published", chosen.source, published->original(),
                     "after the page's statement of its last change: something to come");
      *published = dt;
      ctx.log.Accept("published", change.source, change.rule, dt.original());
      return true;
    }
  }
  return false;
}

// The page's text names the month of the markup's published day as its first publication ("This
// article, first published in April 2031, was updated", "ursprünglich erschienen im April
// 2031"): the markup's day stands although the page shows only the update's date.
bool NamesFirstPublication(const Context& ctx, const v1::DateTime& published) {
  constexpr int kMaxBlocks = 600;
  constexpr size_t kMaxBlockBytes = 2000;
  constexpr size_t kAfterBytes = 48;
  const int64_t day = LocalDay(published);
  const date::year_month_day ymd{date::sys_days{date::days{day}}};
  const auto& blocks = ctx.doc.blocks();
  for (int i = 0; i < blocks.size() && i < kMaxBlocks; ++i) {
    const std::string& text = blocks[i].text();
    if (text.size() > kMaxBlockBytes || IsHidden(blocks[i])) continue;
    // Every phrase holds one of these: most blocks are passed over without being folded.
    if (text.find("ubli") == std::string::npos && text.find("ubbli") == std::string::npos &&
        text.find("rschienen") == std::string::npos &&
        text.find("eröffentlicht") == std::string::npos) {
      continue;
    }
    const std::string folded = FoldCase(text);
    for (std::string_view phrase :
         {"initialement publié", "originally published", "first published",
          "ursprünglich veröffentlicht", "ursprünglich erschienen", "erstmals erschienen",
          "erstmals veröffentlicht", "publicado originalmente", "pubblicato originariamente",
          "originariamente pubblicato"}) {
      size_t at = folded.find(phrase);
      if (at == std::string::npos) continue;
      std::string_view after = std::string_view(folded).substr(at + phrase.size());
      after = after.substr(0, std::min(after.size(), kAfterBytes));
      if (DateParse p = FindDate(after, ctx.dates); p.value) {
        if (LocalDay(*p.value) == day) return true;
        continue;
      }
      // A month and a year: "en avril 2031", "in April 2031".
      std::vector<std::string_view> words = Split(after, " ");
      for (size_t w = 0; w + 1 < words.size(); ++w) {
        std::string_view name = words[w];
        while (!name.empty() && name.back() == '.') name.remove_suffix(1);
        const int month = MonthFromName(name);
        std::string_view year = words[w + 1];
        while (!year.empty() && (year.back() < '0' || year.back() > '9')) year.remove_suffix(1);
        if (month == 0 || year.size() != 4) continue;
        if (month == static_cast<int>(static_cast<unsigned>(ymd.month())) &&
            std::atoi(std::string(year).c_str()) == static_cast<int>(ymd.year())) {
          return true;
        }
      }
    }
  }
  return false;
}

// The day and the month of a numeric date written at the start of `text` ("10/01/2031",
// "01.09.31 10:18"), as written (first, second); {0, 0} for other texts.
std::pair<int, int> NumericPair(std::string_view text) {
  auto digits = [&](size_t at, size_t* end) {
    size_t k = at;
    while (k < text.size() && text[k] >= '0' && text[k] <= '9') ++k;
    *end = k;
    return k - at;
  };
  size_t e1 = 0, e2 = 0, e3 = 0;
  const size_t n1 = digits(0, &e1);
  if (n1 < 1 || n1 > 2 || e1 >= text.size()) return {0, 0};
  const char sep = text[e1];
  if (sep != '/' && sep != '.' && sep != '-') return {0, 0};
  const size_t n2 = digits(e1 + 1, &e2);
  if (n2 < 1 || n2 > 2 || e2 >= text.size() || text[e2] != sep) return {0, 0};
  const size_t n3 = digits(e2 + 1, &e3);
  if (n3 != 2 && n3 != 4) return {0, 0};
  return {std::stoi(std::string(text.substr(0, e1))),
          std::stoi(std::string(text.substr(e1 + 1, e2 - e1 - 1)))};
}

// A numeric date that reads either way round ("10/01/2031", "01.09.2031") with nothing to tell
// the site's custom (no country from the host): the page's other dates, written so that they
// read one way only ("Jan 19th 2031", "2031-01-12", "25/01/2031"), tell which. The other
// reading is taken when it lies within a month of one of them and the first reading within
// two months of none.
void ReadEitherWayByThePagesDates(Context& ctx, v1::Metadata* m) {
  if (!ctx.country.empty() || !m->has_published()) return;
  auto [first, second] = NumericPair(m->published().original());
  if (first == 0 || first > 12 || second > 12 || first == second) return;
  const int64_t day = LocalDay(m->published());
  date::year_month_day ymd{date::sys_days{date::days{day}}};
  date::year_month_day swapped{ymd.year(), date::month{static_cast<unsigned>(ymd.day())},
                               date::day{static_cast<unsigned>(ymd.month())}};
  if (!swapped.ok()) return;
  const int64_t other = date::sys_days{swapped}.time_since_epoch().count();
  std::vector<int64_t> days;
  auto read = [&](std::string_view text) {
    size_t from = 0;
    while (from < text.size()) {
      DateParse p = FindDate(text.substr(from), ctx.dates);
      if (!p.value || p.end == 0) break;
      std::string_view written = text.substr(from + p.begin, p.end - p.begin);
      auto [a, b] = NumericPair(written);
      if (a == 0 || a > 12 || b > 12) days.push_back(LocalDay(*p.value));
      from += p.end;
    }
  };
  constexpr int kMaxBlocks = 600;
  for (const std::string& b : ctx.doc.signals().bylines()) read(b);
  const auto& blocks = ctx.doc.blocks();
  for (int i = 0; i < blocks.size() && i < kMaxBlocks; ++i) {
    if (!IsHidden(blocks[i])) read(blocks[i].text());
  }
  auto near = [&](int64_t d, int64_t within) {
    return std::any_of(days.begin(), days.end(),
                       [&](int64_t o) { return std::llabs(o - d) <= within; });
  };
  constexpr int64_t kNearDays = 31;
  constexpr int64_t kFarDays = 62;
  if (near(day, kFarDays) || !near(other, kNearDays)) return;
  v1::DateTime* dt = m->mutable_published();
  ctx.log.Reject("published", "derived", dt->original(),
                 "read the other way round, as the page's other dates lie near that day");
  dt->set_unix_seconds(dt->unix_seconds() + (other - day) * 86400);
  ctx.log.Accept("published", "derived", "the numeric date read the way the page's other dates",
                 dt->original());
}

// Markup that writes a day both ways round ("11/01/2023") was read by the site's custom; when
// the page shows only the other reading ("01.11.2023"), the markup meant that one.
void ReadSlashedAsShown(const DateCandidate& c, VisibleDays* visible, v1::DateTime* dt) {
  if (c.text.find('/') == std::string::npos || visible->Shows(LocalDay(*dt))) return;
  const int64_t day = LocalDay(*dt);
  date::year_month_day ymd{date::sys_days{date::days{day}}};
  unsigned mo = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
  if (d > 12 || d == mo) return;
  date::year_month_day swapped{ymd.year(), date::month{d}, date::day{mo}};
  const int64_t other = date::sys_days{swapped}.time_since_epoch().count();
  // Only a written day-month pair reads both ways: the written text must hold both numbers.
  if (!visible->Shows(other)) return;
  dt->set_unix_seconds(dt->unix_seconds() + (other - day) * 86400);
}

// The markup's published day is nowhere on the page, and the article's own date line or byline
// shows only an update's date after it ("Updated May 6, 2031"): the page presents itself with
// the date of its latest version, as when it shows the markup's modified date alone. Returns
// true when it took one.
bool TakeShownUpdate(Context& ctx, const std::vector<DateCandidate>& cands, v1::Metadata* m) {
  for (const DateCandidate& c : cands) {
    if (!c.running_text || c.furniture || (c.rule != "date line" && c.rule != "byline element") ||
        !OnlyAnUpdate(c.text, ctx.dates)) {
      continue;
    }
    v1::DateTime dt;
    if (!Check(ctx, c, &dt).empty() || LocalDay(dt) <= LocalDay(m->published())) continue;
    ctx.log.Reject("published", "markup", m->published().original(),
                   "not shown on the page, which shows a later update's date instead");
    *m->mutable_published() = dt;
    ctx.log.Accept("published", c.source, c.rule + ", the update the page shows", dt.original());
    return true;
  }
  return false;
}

// The markup's published day is nowhere on the page: a <time> element whose day the page shows
// (its machine value and the text the reader sees agree) and that comes before the markup's
// day stands for the page, however far from it (the markup then carries the time the entry was
// re-imported or updated; a later <time> is more often a comment's or a teaser's). Returns true
// when it took one.
bool TakeShownTimeTag(Context& ctx, const std::vector<DateCandidate>& cands, VisibleDays* visible,
                      v1::Metadata* m) {
  for (const DateCandidate& c : cands) {
    if (c.running_text || c.source != "dom" || c.rule.find("time tag") == std::string::npos) {
      continue;
    }
    v1::DateTime dt;
    if (!Check(ctx, c, &dt).empty() || LocalDay(dt) >= LocalDay(m->published()) ||
        !visible->Shows(LocalDay(dt))) {
      continue;
    }
    ctx.log.Reject("published", "markup", m->published().original(),
                   "not shown on the page, which shows a <time> element's date");
    *m->mutable_published() = dt;
    ctx.log.Accept("published", c.source, c.rule + ", the markup's date not being shown",
                   dt.original());
    return true;
  }
  return false;
}

// The markup's published day is nowhere on the page, and the page's URL states a whole day
// ("/2017/7/12/") before it: the URL was made when the entry was first published, the markup
// carries a later re-import or update (as with an earlier <time> element). Returns true when it
// took the URL's day.
bool TakeEarlierUrlDate(Context& ctx, v1::Metadata* m) {
  std::optional<v1::DateTime> url_date = DateFromUrl(ctx.url);
  if (!url_date) return false;
  v1::DateTime dt = *url_date;
  ctx.apply_default_zone(dt);
  if (LocalDay(dt) >= LocalDay(m->published())) return false;
  ctx.log.Reject("published", "markup", m->published().original(),
                 "not shown on the page, and after the day in the URL");
  *m->mutable_published() = dt;
  ctx.log.Accept("published", "url", "date in the URL path, the markup's date not being shown",
                 dt.original());
  return true;
}

// No country known from the host and no region declared with the language: a page that
// declares a language other than English ("de", "es", "fr") writes "03/05/2022" day first, as
// every language but American English does.
void ReadSlashesByLanguage(Context& ctx) {
  if (!ctx.country.empty() || !ctx.dates.month_first_slashes) return;
  std::string_view lang = ctx.doc.signals().html_lang();
  size_t sep = lang.find_first_of("-_");
  if (sep != std::string_view::npos) return;  // a region: the extractor read it already.
  if (lang.size() < 2 || lang.size() > 3) return;
  for (char ch : lang) {
    if (!std::isalpha(static_cast<unsigned char>(ch))) return;
  }
  if (AsciiLowerChar(lang[0]) == 'e' && AsciiLowerChar(lang[1]) == 'n') return;
  ctx.dates.month_first_slashes = false;
}

// The latest year a copyright line of the page names ("© 2029 The Island Gazette",
// "Copyright 2027-2029"), 0 when none does: the year the page was last built, which a post's
// date written without its year is in (or the year before).
int CopyrightYear(const Context& ctx) {
  constexpr int kMaxBlocks = 2000;
  constexpr size_t kMaxAfterBytes = 60;
  constexpr int kFirstYear = 1995;
  constexpr int kLastYear = 2100;
  int latest = 0;
  const auto& blocks = ctx.doc.blocks();
  for (int i = 0; i < blocks.size() && i < kMaxBlocks; ++i) {
    const std::string& text = blocks[i].text();
    size_t at = text.find("\u00a9");
    if (at == std::string::npos) {
      const std::string folded = FoldCase(text);
      at = folded.find("copyright");
      if (at == std::string::npos) continue;
    }
    const std::string_view after =
        std::string_view(text).substr(at, std::min(kMaxAfterBytes, text.size() - at));
    for (size_t k = 0; k + 4 <= after.size(); ++k) {
      auto digit = [&](size_t n) { return n < after.size() && after[n] >= '0' && after[n] <= '9'; };
      if (!digit(k) || !digit(k + 1) || !digit(k + 2) || !digit(k + 3) || digit(k + 4) ||
          (k > 0 && digit(k - 1))) {
        continue;
      }
      const int year = std::stoi(std::string(after.substr(k, 4)));
      if (year >= kFirstYear && year <= kLastYear) latest = std::max(latest, year);
    }
  }
  return latest;
}

// Nothing dated the page, but a line where dates go writes one without its year and with its
// weekday ("Fri 7 Mar, 9:15 AM"): the page's copyright year, or the year before, whichever
// puts that day on that weekday, completes it. Returns true when it took one.
bool TakeDateWithoutYear(Context& ctx, const std::vector<DateCandidate>& cands, v1::Metadata* m) {
  int year = 0;
  constexpr size_t kMaxLineBytes = 160;
  for (const DateCandidate& c : cands) {
    if (!c.running_text || c.source == "url" || c.text.size() > kMaxLineBytes) continue;
    if (year == 0) year = CopyrightYear(ctx);
    if (year == 0) return false;
    DateParse p = FindDateWithoutYear(c.text, ctx.dates, year);
    if (!p.value || p.value->unix_seconds() > ctx.now + kFutureSlackSeconds) continue;
    // In a sentence the date is what the sentence tells of ("... plays on Sunday, March 9"):
    // only a line that is mostly the date, or a date line, dates the page.
    if (c.rule != "date line" && (p.end - p.begin) * 2 < c.text.size()) continue;
    if (!p.value->has_offset()) ctx.apply_default_zone(*p.value);
    *m->mutable_published() = *p.value;
    ctx.log.Accept("published", c.source,
                   c.rule + ", the year the weekday gives near the copyright's",
                   p.value->original());
    return true;
  }
  return false;
}

}  // namespace

void ChooseDates(Context& ctx) {
  ReadSlashesByLanguage(ctx);
  v1::Metadata* m = ctx.doc.mutable_metadata();
  std::vector<DateCandidate> published = PublishedCandidates(ctx);
  size_t published_from = 0;
  bool have_published =
      Choose(ctx, published, "published", m->mutable_published(), nullptr, &published_from);
  if (have_published) GiveLocalOffset(ctx, published, m->mutable_published());
  if (have_published) {
    TakeLastChangeBeforeProseDate(ctx, published[published_from], m->mutable_published());
  }
  std::vector<DateCandidate> modified = ModifiedCandidates(ctx);
  v1::DateTime mod;
  bool have_modified =
      Choose(ctx, modified, "modified", &mod, have_published ? &m->published() : nullptr);
  if (have_modified) {
    GiveLocalOffset(ctx, modified, &mod);
    *m->mutable_modified() = mod;
  }
  // A republished page: markup keeps the first publication, but the page shows only the date
  // of its latest version, which is the date it presents itself with.
  VisibleDays visible(ctx);
  bool from_markup = have_published && !published[published_from].running_text &&
                     published[published_from].source != "url";
  if (from_markup) ReadSlashedAsShown(published[published_from], &visible, m->mutable_published());
  bool published_shown = !from_markup || visible.Shows(LocalDay(m->published()));
  if (!published_shown && NamesFirstPublication(ctx, m->published())) {
    published_shown = true;
    ctx.log.Accept("published", published[published_from].source,
                   published[published_from].rule + ", the month the page names as its first",
                   m->published().original());
  }
  if (!published_shown && have_modified && LocalDay(m->published()) < LocalDay(mod) &&
      visible.Shows(LocalDay(mod))) {
    ctx.log.Reject("published", published[published_from].source, m->published().original(),
                   "not shown on the page, which shows the modified date instead");
    *m->mutable_published() = mod;
    ctx.log.Accept("published", "derived", "the modified time, the only one the page shows",
                   mod.original());
  } else if (!published_shown && TakeShownUpdate(ctx, published, m)) {
    // done: the update the article's date line shows stood for the page.
  } else if (!published_shown && TakeShownTimeTag(ctx, published, &visible, m)) {
    // done: a <time> element that shows its date stood for the page.
  } else if (!published_shown && TakeEarlierUrlDate(ctx, m)) {
    // done: the URL's day, set when the entry was first published, stood for the page.
  } else if (!published_shown || (from_markup && !published[published_from].trusted)) {
    // The markup's date is nowhere on the page, or comes from loose markup (a plain meta
    // `date`, Dublin Core, a <time> tag's attribute), but the page writes a date where dates
    // go (a date line, next to the headline) within two months of it: the page's own
    // statement wins (the markup often carries the time the entry was created or imported,
    // or a day in another zone).
    constexpr int64_t kMaxShiftDays = 60;
    int64_t markup_day = LocalDay(m->published());
    for (const DateCandidate& c : published) {
      if (!c.running_text) continue;
      v1::DateTime dt;
      if (!Check(ctx, c, &dt).empty()) continue;
      // A date far from the markup's is about something else (an event, an older post).
      if (std::llabs(LocalDay(dt) - markup_day) > kMaxShiftDays) break;
      // The same day: the markup agrees with the page and keeps its time of day.
      if (LocalDay(dt) == markup_day) break;
      ctx.log.Reject("published", published[published_from].source, m->published().original(),
                     "not shown on the page, which shows another date");
      *m->mutable_published() = dt;
      ctx.log.Accept("published", c.source, c.rule + ", the markup's date not being shown",
                     dt.original());
      break;
    }
  }
  if (!have_published && have_modified) {
    *m->mutable_published() = mod;
    ctx.log.Accept("published", "derived", "the modified time, as no published time was found",
                   mod.original());
  }
  if (!have_published && !have_modified) {
    // Last resort: the first date written anywhere in the page's text (a forum post's stamp, a
    // "Stand 27.01.2022" footer), beyond the places near the headline searched above.
    // A date marked as an update ("Letzte Änderung: ...") only when no other one is written.
    std::vector<DateCandidate> anywhere, updates;
    constexpr int kMaxBlocks = 400;
    constexpr size_t kMaxBlockBytes = 400;
    const auto& blocks = ctx.doc.blocks();
    for (int i = 0; i < blocks.size() && i < kMaxBlocks; ++i) {
      const std::string& text = blocks[i].text();
      if (text.size() >= kMaxBlockBytes) continue;
      DateParse p = FindPublishedDate(text, ctx.dates);
      if (!p.value || (ReadsAsSentence(text) && DateInASentence(text, p))) continue;
      bool update = FollowsUpdateWord(text, p.begin);
      (update ? updates : anywhere)
          .push_back({"text", "first date in the page's text", text, false, true});
    }
    anywhere.insert(anywhere.end(), updates.begin(), updates.end());
    // After all of the page's text: the page's own summary ("... (Notizia del 14 Gennaio
    // 2020)"), as the reader sees it in a shared link.
    for (std::string_view key : {"og:description", "description"}) {
      const v1::MetaTag* tag = ctx.meta.First({std::string(key)});
      if (tag == nullptr || tag->content().size() >= kMaxBlockBytes) continue;
      if (!FindPublishedDate(tag->content(), ctx.dates).value) continue;
      anywhere.push_back({std::string(MetaIndex::SourceOf(*tag)), "date in the page's description",
                          tag->content(), false, true});
      break;
    }
    have_published = Choose(ctx, anywhere, "published", m->mutable_published(), nullptr);
    if (!have_published) have_published = TakeDateWithoutYear(ctx, published, m);
    if (!have_published) m->clear_published();
  }
  ReadEitherWayByThePagesDates(ctx, m);
}

}  // namespace newspipe::extract
