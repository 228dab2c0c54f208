// Site name and title.
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "stages/extract/authors.h"
#include "stages/extract/extract_context.h"
#include "stages/extract/text_util.h"
#include "stages/extract/title.h"

namespace newspipe::extract {
namespace {

// The host of the page itself: a web archive's copy names the archived site, not the archive.
std::string PageHost(const Context& ctx) {
  std::string archived = ArchivedPageHost(ctx.url);
  return archived.empty() ? ctx.host : archived;
}

// `s` in Unicode's composed form (NFC): pages write the same letters as different code point
// sequences (Bengali "ড়" as one code point or as "ড" and a nukta), and a title is compared and
// searched as text. ASCII and text already composed come back as they are.
std::string ToNfc(const std::string& s) {
  if (std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return s;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return s;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  if (nfc->isNormalized(u, status) || U_FAILURE(status)) return s;
  status = U_ZERO_ERROR;
  icu::UnicodeString composed = nfc->normalize(u, status);
  if (U_FAILURE(status)) return s;
  std::string out;
  composed.toUTF8String(out);
  return out;
}

// Lines that sit between a headline and its body without being either: photo credits, agency
// lines, bylines, link rows ("Print | E-mail"), lines made mostly of links or digits, and the
// page's furniture.
// Menus, search boxes, share bars, ads, forms and related-links boxes, as clean judged them.
// A heading that names the page's navigation ("Seitennavigation", "Main navigation", "Menü",
// "Search"): the label of a menu, not a headline.
bool NamesNavigation(std::string_view text) {
  constexpr size_t kMaxLabelWords = 4;
  std::vector<std::string_view> words = Split(text, " ");
  if (words.size() > kMaxLabelWords) return false;
  for (std::string_view w : words) {
    std::string f = FoldCase(w);
    if (f.find("navigation") != std::string::npos || f == "menu" || f == "menü" || f == "suche" ||
        f == "search" || f == "sitemap") {
      return true;
    }
  }
  return false;
}

// A block the page hides (for screen readers: "Main content"): no line the reader sees.
bool IsHidden(const v1::Block& b) {
  return b.rule() == "class:hidden" || b.rule() == "structure:hidden";
}

// A site-name field's value as a name: a URL stands for its host ("https://www.example.com/"
// -> "example.com"); a reference inside the markup ("/#organization") names nothing.
std::string SiteNameValue(std::string_view raw) {
  std::string v = CollapseSpace(DecodeEntities(raw));
  if (v.starts_with('/') || v.starts_with('#')) return {};
  for (std::string_view scheme : {"https://", "http://"}) {
    if (!StartsWithFolded(v, scheme)) continue;
    std::string_view host = std::string_view(v).substr(scheme.size());
    host = host.substr(0, host.find_first_of("/?#"));
    if (StartsWithFolded(host, "www.")) host.remove_prefix(4);
    return std::string(host);
  }
  return v;
}

bool IsFurniture(const v1::Block& b) {
  for (std::string_view rule : {"class:navigation", "class:search", "class:share", "class:ad",
                                "class:related", "structure:form"}) {
    if (b.rule() == rule) return true;
  }
  return false;
}

// Every word capitalised but the small ones ("and", "of", "the", "&").
bool IsTitleCased(std::string_view text) {
  for (std::string_view w : Split(text, " ")) {
    std::string f = FoldCase(w);
    if (f == "and" || f == "of" || f == "the" || f == "&" || f == "for" || f == "und") continue;
    size_t k = 0;
    char32_t c = NextCodePoint(w, k);
    if (IsLetter(c) && !IsUpperLetter(c)) return false;
  }
  return true;
}

bool IsLineAroundAHeadline(const v1::Block& b, std::string_view text) {
  if (IsFurniture(b)) return true;
  if (text.find("\u00a9") != std::string_view::npos || text.find('|') != std::string_view::npos)
    return true;
  if (!CanonicalAgency(text).empty()) return true;
  for (std::string_view p : {"by ", "von ", "par ", "por ", "contributed by ", "posted by ",
                             "written by ", "from ", "photo by ", "photo: ", "foto: "}) {
    if (StartsWithFolded(text, p)) return true;
  }
  if (size_t{b.link_chars()} * 2 >= text.size()) return true;
  size_t digits = 0, letters = 0;
  for (char c : text) {
    digits += c >= '0' && c <= '9';
    letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
  return digits > letters;
}

// A clause with a past or perfect auxiliary ("was", "were", "has been", "have been"): how a
// photo's caption reads ("X was captaining Liverpool"), unlike a headline ("X defends ...").
bool ReadsAsCaption(std::string_view text) {
  std::string_view prev;
  for (std::string_view w : Split(text, " ")) {
    if (w == "was" || w == "were" || (w == "been" && (prev == "has" || prev == "have"))) {
      return true;
    }
    prev = w;
  }
  return false;
}

template <typename SectionLine>
std::string HeadlineAbove(const Context& ctx, int body, const std::string& current_key,
                          const SectionLine& section_line);

// The headline of a page whose body starts with plain paragraphs or table cells: the nearest
// short line before the first long kept block, skipping bylines, date lines, captions, list
// items and one-word labels. The first other line decides: one that ends like a sentence,
// starts in lower case, holds a date or is long means there is no such headline (the links
// above it are no headline either), and so does `current` (the title chosen so far) when it is
// met first: it is the nearer headline.
std::string HeadlineBeforeBody(const Context& ctx, std::string_view current) {
  std::string current_key = LooseKey(current);
  constexpr size_t kMinBodyWords = 8;
  constexpr size_t kMaxSectionLineWords = 6;
  constexpr size_t kMaxHeadlineWords = 25;
  const auto& blocks = ctx.doc.blocks();
  int body = -1;
  for (int i = 0; i < blocks.size(); ++i) {
    const v1::Block& b = blocks[i];
    if (!b.boilerplate() && (b.type() == v1::PARAGRAPH || b.type() == v1::TABLE_CELL) &&
        SplitCount(b.text(), " ") >= kMinBodyWords) {
      body = i;
      break;
    }
  }
  // A section's or service's name set like a heading ("Weather Section Partners", "Get Business
  // and Travel Feeds"): passed over next to the headline.
  auto section_line = [&](std::string_view text) {
    return SplitCount(text, " ") <= kMaxSectionLineWords && NamesASection(text) &&
           IsTitleCased(text) && text.find_first_of("0123456789:") == std::string_view::npos;
  };
  // The page's first kept block, a one-line paragraph right above a byline or a date line
  // ("For the first time in a decade, X back on tour" / "By MARK ELLIS"), is the headline,
  // not the body's first paragraph; a section's or service's line may stand between them.
  if (body >= 0 && body + 1 < blocks.size()) {
    bool first_kept = true;
    for (int i = 0; i < body && first_kept; ++i) first_kept = blocks[i].boilerplate();
    int after = body + 1;
    while (after + 1 < blocks.size() && section_line(CollapseSpace(blocks[after].text()))) {
      ++after;
    }
    v1::BlockType next = blocks[after].type();
    std::string text = CollapseSpace(blocks[body].text());
    if (first_kept && (next == v1::BYLINE || next == v1::METADATA_LINE) && !text.empty() &&
        text.back() != '.' && text.back() != ':' && SplitCount(text, " ") <= kMaxHeadlineWords) {
      size_t pos = 0;
      char32_t first = NextCodePoint(text, pos);
      if ((!IsLetter(first) || IsUpperLetter(first)) && !FindDate(text, ctx.dates).value) {
        return text;
      }
    }
  }
  // The page's first kept block, one line of eight words or more that does not end like a
  // sentence, right over a longer kept paragraph that does ("Ferry crews strike for a third
  // day" / "Islanders rowed to the mainland on Monday ..."): the headline set as a table cell,
  // not the body's opening, when no headline stands above it (only the page's furniture:
  // "Sunday Edition"); with one there, it is a photo's caption.
  std::string first_line;
  if (body >= 0 && body + 1 < blocks.size()) {
    bool first_kept = true;
    for (int i = 0; i < body && first_kept; ++i) first_kept = blocks[i].boilerplate();
    const v1::Block& head = blocks[body];
    const v1::Block& next = blocks[body + 1];
    std::string text = CollapseSpace(head.text());
    std::string next_text = CollapseSpace(next.text());
    auto ends_sentence = [](std::string_view t) {
      while (!t.empty() && (t.back() == '"' || t.back() == '\'' || t.back() == ')')) {
        t.remove_suffix(1);
      }
      for (std::string_view end : {".", "!", "?", ":", ";", ",", "\u201d", "\u2019", "\u2026"}) {
        if (t.ends_with(end)) return true;
      }
      return false;
    };
    const size_t words = SplitCount(text, " ");
    if (first_kept && head.type() == next.type() && !next.boilerplate() &&
        words <= kMaxHeadlineWords && !ends_sentence(text) && ends_sentence(next_text) &&
        SplitCount(next_text, " ") >= 2 * words && !IsLineAroundAHeadline(head, text)) {
      size_t pos = 0;
      char32_t first = NextCodePoint(text, pos);
      if ((!IsLetter(first) || IsUpperLetter(first)) && !FindDate(text, ctx.dates).value) {
        first_line = std::move(text);
      }
    }
  }
  std::string above = HeadlineAbove(ctx, body, current_key, section_line);
  constexpr size_t kMinWordsOfAHeadlineAbove = 3;
  if (!first_line.empty() && SplitCount(above, " ") < kMinWordsOfAHeadlineAbove) {
    return first_line;
  }
  return above;
}

// The nearest line before block `body` that reads as a headline (see HeadlineBeforeBody).
template <typename SectionLine>
std::string HeadlineAbove(const Context& ctx, int body, const std::string& current_key,
                          const SectionLine& section_line) {
  constexpr size_t kMaxHeadlineWords = 25;
  constexpr int kMaxLookBack = 7;
  const auto& blocks = ctx.doc.blocks();
  // A share bar or menu between the headline and the body (ten buttons) does not use up the
  // look-back: only the lines that could be the headline's neighbours count.
  constexpr size_t kMinWordsOverCaption = 3;
  constexpr size_t kMaxLabelWords = 3;
  constexpr size_t kMinWordsOverLabel = 4;
  std::string caption, label;
  int looked = 0;
  for (int i = body - 1; i >= 0 && looked < kMaxLookBack; --i) {
    const v1::Block& b = blocks[i];
    // Rows made of links ("Click here for more headlines!") are furniture too.
    if (IsFurniture(b) || size_t{b.link_chars()} * 2 >= b.text().size()) continue;
    ++looked;
    if (!current_key.empty() && LooseKey(b.text()) == current_key) return caption;
    v1::BlockType t = b.type();
    if (t == v1::METADATA_LINE || t == v1::BYLINE || t == v1::DATELINE || t == v1::CAPTION ||
        t == v1::LIST_ITEM) {
      continue;
    }
    std::string text = CollapseSpace(b.text());
    // A link's arrow before the line ("[> Jens Weber", "» Headline").
    size_t lead = 0;
    while (lead < text.size() && (text[lead] == '[' || text[lead] == '>' || text[lead] == ' '))
      ++lead;
    for (std::string_view arrow : {"\u00bb ", "\u203a "}) {
      if (std::string_view(text).substr(lead).starts_with(arrow)) lead += arrow.size();
    }
    text.erase(0, lead);
    if (text.empty()) continue;
    size_t words = SplitCount(text, " ");
    if (words < 2 || IsLineAroundAHeadline(b, text)) continue;
    // A section's or service's name: skipped on the way back to the headline.
    if (section_line(text)) continue;
    if (words > kMaxHeadlineWords) return caption;
    // A sentence, also one a quote mark closes ("... very close."): no headline.
    std::string_view closed = text;
    while (!closed.empty() &&
           (closed.back() == '"' || closed.back() == '\'' || closed.back() == ')')) {
      closed.remove_suffix(1);
    }
    for (std::string_view mark : {"\u201d", "\u2019", "\u00bb", "\u201c"}) {
      if (closed.ends_with(mark)) closed.remove_suffix(mark.size());
    }
    if (closed.empty() || text.back() == ':' || closed.back() == '.') return caption;
    size_t pos = 0;
    char32_t first = NextCodePoint(text, pos);
    if (IsLetter(first) && !IsUpperLetter(first)) return caption;
    if (FindDate(text, ctx.dates).value) return caption;
    // A photo's caption set as a line of its own between the headline and the body tells what
    // the picture shows in a full clause ("X was captaining Riverside at Oakfield");
    // headlines drop the auxiliary. The headline-like line before such a caption wins.
    // Likewise a name of two or three words right under a heading (a team's or a place's name,
    // "Riverside Rovers FC") is a label; the heading above it of four words or more is the
    // headline.
    if (caption.empty() && ReadsAsCaption(text)) {
      caption = std::move(text);
      continue;
    }
    if (caption.empty() && words <= kMaxLabelWords && i > 0 &&
        blocks[i - 1].type() == v1::HEADING && !IsFurniture(blocks[i - 1]) &&
        SplitCount(blocks[i - 1].text(), " ") >= kMinWordsOverLabel) {
      label = text;
      caption = std::move(text);
      continue;
    }
    if (!caption.empty() && (words < kMinWordsOverCaption || ReadsAsCaption(text))) return caption;
    if (!label.empty() && b.type() != v1::HEADING) return caption;
    return text;
  }
  return caption;
}

}  // namespace

namespace {

// True when `text`, holding a date at [begin, end), is a date line: the date is most of it, or
// what else it says is a time, a zone and a weekday ("11:20 AM PST on Tuesday, March 4, 2008"),
// with no word of four letters or more but a weekday's name.
// A heading that opens with "By", "Von", "Par" or "Por" and names a person: a byline.
bool IsBylineHeading(std::string_view text) {
  std::string_view t = Trim(text);
  for (std::string_view marker : {"by ", "von ", "par ", "por "}) {
    if (StartsWithFolded(t, marker)) return !SplitByline(t, false).people.empty();
  }
  return false;
}

bool IsDateLine(std::string_view text, size_t begin, size_t end) {
  if ((end - begin) * 2 >= text.size()) return true;
  std::string rest =
      FoldCase(std::string(text.substr(0, begin)) + " " + std::string(text.substr(end)));
  for (std::string_view w : Split(rest, " ")) {
    while (!w.empty() && (w.back() == ',' || w.back() == '.' || w.back() == ':')) {
      w.remove_suffix(1);
    }
    size_t letters = 0;
    for (char c : w) letters += (c >= 'a' && c <= 'z') || (c & 0x80);
    if (letters >= 4 && !w.ends_with("day")) return false;
  }
  return true;
}

// See the caller in ChooseTitleField.
std::string HeadlineOverByline(const Context& ctx) {
  constexpr size_t kMinWords = 4;
  constexpr size_t kMaxWords = 25;
  const auto& blocks = ctx.doc.blocks();
  for (int i = 0; i + 1 < blocks.size(); ++i) {
    const v1::Block& b = blocks[i];
    const v1::BlockType next = blocks[i + 1].type();
    if (b.boilerplate() || (next != v1::BYLINE && next != v1::METADATA_LINE)) continue;
    if (b.type() != v1::PARAGRAPH && b.type() != v1::TABLE_CELL && b.type() != v1::HEADING) {
      continue;
    }
    const std::string text = CollapseSpace(b.text());
    const size_t words = SplitCount(text, " ");
    if (words < kMinWords || words > kMaxWords || text.empty() || IsLineAroundAHeadline(b, text))
      continue;
    const char last = text.back();
    if (last == '.' || last == ':' || last == ',' || last == ';') continue;
    size_t pos = 0;
    const char32_t first = NextCodePoint(text, pos);
    if (IsLetter(first) && !IsUpperLetter(first)) continue;
    if (FindDate(text, ctx.dates).value) continue;
    return text;
  }
  return "";
}

}  // namespace

void ChooseTitleField(Context& ctx) {
  v1::Metadata* m = ctx.doc.mutable_metadata();
  const auto& sig = ctx.doc.signals();
  // Site name: markup first, then the host.
  std::vector<std::string> site_names;
  struct SiteCandidate {
    std::string source, rule, value;
  };
  std::vector<SiteCandidate> sites;
  if (const v1::MetaTag* t = ctx.meta.First({"og:site_name"})) {
    sites.push_back({"og", "og:site_name", t->content()});
  }
  if (!ctx.ld.site_name.empty()) sites.push_back({"jsonld", "WebSite.name", ctx.ld.site_name});
  if (!ctx.ld.publisher.empty()) sites.push_back({"jsonld", "publisher.name", ctx.ld.publisher});
  if (const v1::MetaTag* t = ctx.meta.First({"application-name", "apple-mobile-web-app-title"})) {
    sites.push_back({"meta", t->key(), t->content()});
  }
  if (const v1::MetaTag* t = ctx.meta.First({"dc.publisher", "dcterms.publisher"})) {
    sites.push_back({"dc", t->key(), t->content()});
  }
  // A template that fills a site-name field with the page's own title ("application-name" =
  // "Headline - Site") names no site: taken as one, it would strip the headline itself.
  const std::string title_key = LooseKey(CollapseSpace(DecodeEntities(sig.title_tag())));
  auto is_page_title = [&](const std::string& v) {
    if (title_key.empty() || SplitCount(v, " ") < 4) return false;
    return LooseKey(v) == title_key;
  };
  for (const SiteCandidate& s : sites) {
    std::string v = SiteNameValue(s.value);
    if (v.empty() || Utf8Length(v) > 100 || is_page_title(v)) continue;
    site_names.push_back(v);
  }
  for (const SiteCandidate& s : sites) {
    std::string v = SiteNameValue(s.value);
    if (v.empty()) {
      std::string raw = CollapseSpace(s.value);
      if (!raw.empty()) ctx.log.Reject("site_name", s.source, raw, "a reference, not a name");
      continue;
    }
    if (Utf8Length(v) > 100) {
      ctx.log.Reject("site_name", s.source, v, "too long for a site name");
      continue;
    }
    if (is_page_title(v)) {
      ctx.log.Reject("site_name", s.source, v, "the page's title, not a site name");
      continue;
    }
    m->set_site_name(v);
    ctx.log.Accept("site_name", s.source, s.rule, v);
    break;
  }
  const std::string page_host = PageHost(ctx);
  if (m->site_name().empty() && !page_host.empty()) {
    std::string host = page_host.starts_with("www.") ? page_host.substr(4) : page_host;
    m->set_site_name(host);
    ctx.log.Accept("site_name", "url", "host name", host);
  }

  TitleInputs in;
  if (!ctx.ld.headline.empty()) in.meta.push_back({"jsonld", "headline", ctx.ld.headline});
  for (auto [key, source] : {std::pair{"og:title", "og"},
                             {"twitter:title", "twitter"},
                             {"dc.title", "dc"},
                             {"dcterms.title", "dc"},
                             {"headline", "itemprop"}}) {
    if (const v1::MetaTag* t = ctx.meta.First({key})) {
      in.meta.push_back({source, std::string("meta ") + key, t->content()});
    }
  }
  for (const std::string& h : sig.h1()) in.h1.push_back(h);
  if (in.h1.empty()) {
    // Plain text and pages without <h1>: a heading block before the body.
    const auto& blocks = ctx.doc.blocks();
    int limit = ctx.first_body_block >= 0 ? ctx.first_body_block : std::min(blocks.size(), 10);
    for (int i = 0; i < limit && i < blocks.size(); ++i) {
      // A heading the page hides (for screen readers: "Navigation", "Main content") is no
      // headline the reader sees.
      const bool hidden = IsHidden(blocks[i]) || NamesNavigation(blocks[i].text());
      if (blocks[i].type() == v1::HEADING && blocks[i].level() <= 2 && !IsFurniture(blocks[i]) &&
          !hidden) {
        in.headings.push_back(blocks[i].text());
        break;
      }
    }
  }
  {
    const auto& blocks = ctx.doc.blocks();
    for (int i = 0; i < blocks.size() && i < 400; ++i) {
      const v1::Block& b = blocks[i];
      if (b.type() != v1::LIST_ITEM && b.type() != v1::CAPTION && b.text().size() >= 8 &&
          b.text().size() <= 400) {
        in.block_texts.push_back(b.text());
      }
    }
  }
  if (ctx.first_body_block > 0) {
    const auto& blocks = ctx.doc.blocks();
    // Furniture between the heading and the body (a share bar) does not use up the look-back.
    constexpr int kMaxLookBack = 6;
    int looked = 0;
    for (int i = ctx.first_body_block - 1; i >= 0 && looked < kMaxLookBack; --i) {
      if (IsFurniture(blocks[i]) || IsHidden(blocks[i])) continue;
      ++looked;
      if (blocks[i].type() == v1::HEADING) {
        // A date line set as a heading ("Thursday 14th March 2019") is no
        // headline: the one before it may be.
        const std::string& t = blocks[i].text();
        if (DateParse d = FindDate(t, ctx.dates); d.value && IsDateLine(t, d.begin, d.end)) {
          continue;
        }
        // So is a byline set as a heading ("by Jane Doe, 3 May 2021").
        if (IsBylineHeading(t)) continue;
        in.body_heading = t;
        break;
      }
    }
  }
  in.title_tag = sig.title_tag();
  in.site_names = site_names;
  in.host = page_host;
  TitleChoice choice = ChooseTitle(in);
  // No heading or markup title to go by, and the <title> (if any) matched no block: it names
  // the site. Pages laid out with tables and bold text put the headline right before the body.
  // Likewise when the block the <title> was matched to is only a label inside a longer <title>
  // ("Lakeside Sun" in "The Lakeside Sun", "Top Stories" in "City1: Top Stories").
  bool label_in_title = choice.rule.starts_with("block that the title tag contains") &&
                        LooksLikeLabel(choice.title) &&
                        LooseKey(choice.title) != LooseKey(sig.title_tag());
  // A label <h1> or block that names a section or a paper ("Valley Sports Wire", "Sport")
  // where the <title> states it and nothing more, or holds it as one of its pieces: the
  // <title> names the section, not the article, whose headline is the line before the body.
  if (!label_in_title && LooksLikeLabel(choice.title) && NamesASection(choice.title) &&
      (choice.rule.starts_with("block that the title tag contains") ||
       choice.rule.starts_with("h1 confirmed") || choice.rule.starts_with("h1 inside"))) {
    std::string key = LooseKey(choice.title);
    label_in_title = choice.rule.starts_with("h1 inside") || key == LooseKey(sig.title_tag()) ||
                     key == LooseKey(StripSiteName(sig.title_tag(), site_names, page_host));
  }
  // The same label as the page's <h1> with no <title> or markup title to confirm it ("News"):
  // it names the section.
  if (!label_in_title && sig.title_tag().empty() && in.meta.empty() &&
      LooksLikeLabel(choice.title) && NamesASection(choice.title) &&
      (choice.rule.starts_with("first h1") || choice.rule.starts_with("the only h1"))) {
    label_in_title = true;
  }
  // Every title the page has names the site alone (an <h1>, og:title and og:site_name all
  // "Prism Magazine"): the headline is the line before the body.
  bool names_the_site = false;
  if (!choice.title.empty()) {
    const std::string key = LooseKey(choice.title);
    for (const std::string& site : site_names) names_the_site |= LooseKey(site) == key;
  }
  // A heading that nothing confirms (no <title>, no <h1>, no markup title) and that a
  // headline-like line stands below, nearer the body, is a section's or a sidebar's heading
  // ("Latest Stories" over the page, "Harbour strike ends" right over the date line and
  // the body).
  const bool unconfirmed_heading =
      choice.rule == "the only first heading" && sig.title_tag().empty() && in.meta.empty();
  // The whole <title> is a line of a few words that the page sets outside its content only (a
  // banner or a slogan), with no <h1> or markup title to confirm it: it names the site, and a
  // headline right over the body is the article's. (A long one is the headline the page's
  // layout put outside the content.)
  bool banner_title = false;
  if (choice.rule == "block that the title tag contains" && in.meta.empty() && in.h1.empty()) {
    constexpr size_t kMaxBannerWords = 4;
    const std::string key = LooseKey(choice.title);
    banner_title = !key.empty() && key == title_key && SplitCount(key, " ") <= kMaxBannerWords;
    // A paragraph far longer than the title cannot read as it: it is not folded at all.
    const size_t max_bytes = 4 * choice.title.size() + 64;
    for (int i = 0; banner_title && i < ctx.doc.blocks_size(); ++i) {
      const v1::Block& b = ctx.doc.blocks(i);
      if (!b.boilerplate() && b.text().size() <= max_bytes && LooseKey(b.text()) == key) {
        banner_title = false;
      }
    }
  }
  if (choice.title.empty() || choice.rule.starts_with("title tag") || label_in_title ||
      names_the_site || unconfirmed_heading || banner_title) {
    std::string h = HeadlineBeforeBody(ctx, choice.title);
    // A label is replaced only by a line that reads as a headline, not by another short one
    // (a credit line: "Director: Mira Shah").
    // A label that names a section or a paper gives way to any line that reads as a headline
    // ("Early favourites" under "Lakeside Sun").
    constexpr size_t kMinWordsOverLabel = 4;
    constexpr size_t kMinWordsOverSection = 2;
    size_t min_words = NamesASection(choice.title) ? kMinWordsOverSection : kMinWordsOverLabel;
    if (label_in_title && SplitCount(h, " ") < min_words) h.clear();
    constexpr size_t kMinWordsOverSiteName = 3;
    if ((names_the_site || unconfirmed_heading || banner_title) &&
        SplitCount(h, " ") < kMinWordsOverSiteName) {
      h.clear();
    }
    // A short headline that the layout put outside the content is not given up for a line
    // no longer than itself (an author's title: "Assignment Desk Editor").
    if (banner_title && SplitCount(h, " ") <= SplitCount(choice.title, " ")) h.clear();
    // A <title> of several words that matched no block gives way to a line that reads as a
    // headline, not to a control's or a section's two words ("Switch edition", "Sunday
    // Edition").
    constexpr size_t kMinTitleTagWords = 4;
    constexpr size_t kMinWordsOverTitleTag = 3;
    if (choice.rule.starts_with("title tag") && !label_in_title && !names_the_site &&
        SplitCount(choice.title, " ") >= kMinTitleTagWords &&
        SplitCount(h, " ") < kMinWordsOverTitleTag) {
      h.clear();
    }
    if (!h.empty()) {
      if (!choice.title.empty()) {
        ctx.log.Reject("title", choice.source, choice.title,
                       "the title tag naming the site, or a label in it");
      }
      choice.title = h;
      choice.source = "dom";
      choice.rule = "short line right before the article body";
    }
  }
  // The site's banner as the only <h1>: the <title> names the site alone (a few words) and the
  // <h1> is that name with a word or two added ("Lakeside Daily" / "Lakeside Daily Online"),
  // nothing else naming the page. The heading right over the body is the headline.
  {
    constexpr size_t kMaxSiteTitleWords = 4;
    constexpr size_t kMaxBannerExtraWords = 2;
    constexpr size_t kMinHeadingWords = 2;
    const std::string tag_key = LooseKey(CollapseSpace(DecodeEntities(sig.title_tag())));
    const std::string chosen_key = LooseKey(choice.title);
    const size_t tag_words = SplitCount(tag_key, " ");
    const size_t chosen_words = SplitCount(chosen_key, " ");
    if (choice.rule.starts_with("the only h1") && in.meta.empty() && !tag_key.empty() &&
        tag_words <= kMaxSiteTitleWords && chosen_key.starts_with(tag_key + " ") &&
        chosen_words <= tag_words + kMaxBannerExtraWords) {
      // The heading that opens the body, else the first kept heading right over its date line
      // or byline.
      std::string found;
      if (SplitCount(in.body_heading, " ") >= kMinHeadingWords) found = in.body_heading;
      const auto& blocks = ctx.doc.blocks();
      for (int i = 0; found.empty() && i + 1 < blocks.size(); ++i) {
        const v1::Block& b = blocks[i];
        const v1::BlockType next = blocks[i + 1].type();
        if (b.type() != v1::HEADING || b.boilerplate() ||
            (next != v1::METADATA_LINE && next != v1::BYLINE) ||
            SplitCount(b.text(), " ") < kMinHeadingWords || FindDate(b.text(), ctx.dates).value) {
          continue;
        }
        found = b.text();
      }
      if (!found.empty() && LooseKey(found) != chosen_key) {
        ctx.log.Reject("title", choice.source, choice.title,
                       "the site's banner: the <title>'s name");
        choice.title = std::string(Trim(found));
        choice.source = "dom";
        choice.rule = "heading over the body, the h1 being the site's banner";
      }
    }
  }
  // The <h1> is a topic or a carousel's label ("Pension plans") and the heading right under
  // it is what a markup title states ("How your employer helps you save"): that heading is the
  // headline, the one the markup and the page agree on. Not when a markup title states the
  // <h1> itself.
  if (choice.rule.starts_with("h1") && ctx.headline_block >= 0) {
    std::vector<std::string> keys;
    std::vector<std::string> texts;  // the markup titles, the site's name removed.
    auto add_key = [&](const std::string& t) {
      if (t.empty()) return;
      keys.push_back(LooseKey(t));
      texts.push_back(StripSiteName(t, site_names, page_host));
      keys.push_back(LooseKey(texts.back()));
    };
    for (const TitleCandidate& c : in.meta) add_key(c.text);
    if (const v1::MetaTag* t = ctx.meta.First({"title"})) add_key(t->content());
    const std::string chosen = LooseKey(choice.title);
    bool h1_stated = false;
    for (const std::string& k : keys) h1_stated |= k == chosen;
    const auto& blocks = ctx.doc.blocks();
    constexpr int kMaxBlocksUnderH1 = 3;
    for (int i = ctx.headline_block + 1;
         !h1_stated && i < blocks.size() && i <= ctx.headline_block + kMaxBlocksUnderH1; ++i) {
      const v1::Block& b = blocks[i];
      if (b.type() != v1::HEADING) continue;
      std::string bk = LooseKey(b.text());
      if (bk.size() < 8 || bk == chosen) continue;
      std::string found;
      std::string rule;
      if (std::find(keys.begin(), keys.end(), bk) != keys.end()) {
        found = std::string(Trim(b.text()));
        rule = "heading under the h1 that a markup title states";
      } else {
        // The heading sets a kicker before the markup title ("Holiday tips How to ..."): the
        // markup title is the headline without it, as with an <h1>'s kicker.
        constexpr size_t kMaxKickerWords = 6;
        constexpr size_t kMinTitleWords = 3;
        for (const std::string& t : texts) {
          std::string tk = LooseKey(t);
          if (SplitCount(t, " ") < kMinTitleWords || !bk.ends_with(" " + tk)) continue;
          std::string_view kicker = std::string_view(bk).substr(0, bk.size() - tk.size() - 1);
          if (SplitCount(kicker, " ") > kMaxKickerWords) continue;
          found = std::string(Trim(t));
          rule = "markup title under the h1, the heading's kicker dropped";
          break;
        }
      }
      if (found.empty()) continue;
      ctx.log.Reject("title", choice.source, choice.title,
                     "an <h1> over the heading a markup title states");
      choice.title = std::move(found);
      choice.source = "dom";
      choice.rule = std::move(rule);
      break;
    }
  }
  // Nothing else named the page: the first kept line right over a byline or a date line that
  // reads as a headline (four words or more, not a sentence, not the author's name) is the
  // headline of a page laid out with tables.
  if (choice.title.empty()) {
    if (std::string h = HeadlineOverByline(ctx); !h.empty()) {
      choice.title = std::move(h);
      choice.source = "dom";
      choice.rule = "first kept line over a byline or a date line";
    }
  }
  for (const auto& r : choice.rejected) ctx.log.Reject("title", r.source, r.value, r.reason);
  // "Klimaschutz: Bohren, ...": the <h1> sets the topic line apart from the headline in its own
  // element; the markup titles glue the two together.
  if (sig.h1_parts_size() >= 2) {
    std::vector<std::string> parts(sig.h1_parts().begin(), sig.h1_parts().end());
    if (std::string rest = DropKicker(choice.title, parts); !rest.empty()) {
      choice.title = std::move(rest);
      choice.rule += ", the <h1>'s kicker dropped";
    } else if (std::string head = DropHeadingAppendix(choice.title, parts); !head.empty()) {
      choice.title = std::move(head);
      choice.rule += ", the appendix after the <h1>'s headline dropped";
    }
  }
  // "23.01.2022 - Wierer wins in Antholz": the date is the page's, not part of the headline.
  if (DateParse d = FindDate(choice.title, ctx.dates); d.value && d.begin == 0) {
    std::string_view rest = std::string_view(choice.title).substr(d.end);
    for (std::string_view sep : {" - ", " \u2013 ", " \u2014 ", " | ", ": "}) {
      if (rest.starts_with(sep) && SplitCount(rest, " ") > 2) {
        choice.title = std::string(Trim(rest.substr(sep.size())));
        choice.rule += ", the date before it dropped";
        break;
      }
    }
  }
  if (std::string t = WithoutArrows(choice.title); t != choice.title) {
    choice.title = std::move(t);
    choice.rule += ", the arrows around it dropped";
  }
  if (!choice.title.empty()) {
    choice.title = ToNfc(choice.title);
    m->set_title(choice.title);
    ctx.log.Accept("title", choice.source, choice.rule, choice.title);
  }
}

}  // namespace newspipe::extract
