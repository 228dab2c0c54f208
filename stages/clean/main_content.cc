#include "stages/clean/main_content.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "stages/clean/class_hints.h"
#include "stages/clean/text_page.h"
#include "stages/common/text_util.h"

namespace newspipe {
namespace {

bool LooksLikeScript(std::string_view text);
bool HasQuoteMark(std::string_view text);

struct BlockStats {
  uint32_t len = 0;  // bytes of text.
  uint32_t words = 0;
  float link_density = 0;
  bool prose = false;   // reads like article text.
  bool script = false;  // script source let out as text.
  float value = 0;      // contribution to its element's content total.
};

// Sentence punctuation: prose has it, menus and link lists mostly do not.
uint32_t CountPunctuation(std::string_view text) {
  uint32_t n = 0;
  for (char c : text) n += (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?');
  return n;
}

// Characters from U+3000 to U+9FFF (CJK punctuation, kana, ideographs): their UTF-8 lead
// bytes are 0xE3..0xE9.
uint32_t CountCjkChars(std::string_view text) {
  uint32_t n = 0;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    n += (u >= 0xE3 && u <= 0xE9);
  }
  return n;
}

BlockStats Measure(const PageBlock& b, const ContentOptions& options) {
  BlockStats s;
  s.len = static_cast<uint32_t>(b.text.size());
  s.words = static_cast<uint32_t>(CountWords(b.text));
  // Chinese and Japanese write no spaces between words: two ideographs or kana count as a word.
  if (s.words < 12) s.words += CountCjkChars(b.text) / 2;
  s.link_density = s.len ? static_cast<float>(b.link_chars) / static_cast<float>(s.len) : 0.f;
  uint32_t punct = CountPunctuation(b.text);
  bool in_json_ld = !options.json_ld_body.empty() && s.len >= 40 &&
                    options.json_ld_body.find(b.text) != std::string::npos;
  s.prose =
      in_json_ld || (s.link_density < 0.35f && (s.words >= 12 || (s.words >= 7 && punct >= 1)));
  // Script source let out as text is no prose: counted as such it outweighs the article and
  // shields a page-wrapping element (an ASP.NET <form>) from its removal.
  if (s.prose && !in_json_ld && LooksLikeScript(b.text)) {
    s.prose = false;
    s.script = true;
  }
  float own = static_cast<float>(s.len - std::min(s.len, b.link_chars));
  float link = static_cast<float>(std::min(s.len, b.link_chars));
  if (s.prose) {
    s.value = own - 0.5f * link;
    if (in_json_ld) s.value *= 2.f;
  } else {
    s.value = -(0.3f * own + 1.0f * link);
  }
  return s;
}

// Script source that a recovering parser let out as text (a "</" inside a script string ends
// the script for an HTML4 parser).
bool LooksLikeScript(std::string_view text) {
  int signs = 0;
  for (std::string_view m :
       {"document.write", "document.getElementById", "var ", "function(", "function ", "){", ") {",
        "};", "window.", "return ", "');", "\");", "document.", "= new"}) {
    if (text.find(m) != std::string_view::npos) ++signs;
  }
  if (signs < 2) return false;
  size_t code = 0;
  for (char c : text)
    code += (c == ';' || c == '{' || c == '}' || c == '(' || c == ')' || c == '=');
  return code * 25 >= text.size();
}

// A heading reduced to lower-case ASCII letters and single spaces ("12 Comments:" -> "comments",
// "Ähnliche Beiträge" -> "hnliche beitrge"), to be matched against a list.
std::string HeadingKey(std::string_view text) {
  std::string key;
  key.reserve(text.size());
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c == ' ' && !key.empty() && key.back() != ' ')) key += c;
  }
  while (!key.empty() && key.back() == ' ') key.pop_back();
  return key;
}

// True when `key` (a HeadingKey) is one of `list`.
template <size_t N>
bool KeyIsOneOf(std::string_view key, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), key) != std::end(list);
}

// The heading of a reader-comment section ("Comments", "12 Comments", "Leave a Reply", ...):
// letters only, case and counts ignored.
bool IsCommentSectionHeading(std::string_view text) {
  if (text.size() > 48) return false;
  std::string key = HeadingKey(text);
  static constexpr std::string_view kHeadings[] = {"comments",
                                                   "comment",
                                                   "reader comments",
                                                   "readers comments",
                                                   "user comments",
                                                   "your comments",
                                                   "leave a comment",
                                                   "post a comment",
                                                   "add a comment",
                                                   "add your comment",
                                                   "write a comment",
                                                   "leave a reply",
                                                   "responses",
                                                   "reader responses",
                                                   "kommentare",
                                                   "leserkommentare",
                                                   "commentaires",
                                                   "comentarios",
                                                   "commenti",
                                                   "reacties",
                                                   "comments so far",
                                                   "have your say",
                                                   "discussion",
                                                   "join the discussion",
                                                   "show comments",
                                                   "view comments",
                                                   "post your comment",
                                                   "comments are closed",
                                                   "kommentieren",
                                                   "kommentar schreiben",
                                                   "schreibe einen kommentar",
                                                   "kommentar verfassen",
                                                   "laisser un commentaire",
                                                   "deja un comentario",
                                                   "lascia un commento"};
  if (KeyIsOneOf(key, kHeadings)) return true;
  // "Comments are now closed for this story", "Comments on this article", ...
  for (std::string_view p : {"comments are ", "comments on this ", "comments for this "}) {
    if (key.starts_with(p)) return true;
  }
  return false;
}

// A heading that opens the teaser lists after an article ("Related stories", "Latest news").
bool IsTeaserSectionHeading(std::string_view text) {
  if (text.size() > 64) return false;
  std::string key = HeadingKey(text);
  static constexpr std::string_view kHeadings[] = {"related",
                                                   "related articles",
                                                   "related stories",
                                                   "related news",
                                                   "related links",
                                                   "related content",
                                                   "related posts",
                                                   "more news",
                                                   "more stories",
                                                   "latest news",
                                                   "other news",
                                                   "most popular",
                                                   "most read",
                                                   "you may also like",
                                                   "top stories",
                                                   "more from",
                                                   "recommended",
                                                   "you might also like",
                                                   "read next",
                                                   "more on this story",
                                                   "mehr zum thema",
                                                   "das knnte sie auch interessieren",
                                                   "das knnte dich auch interessieren",
                                                   "hnliche beitrge",
                                                   "hnliche artikel",
                                                   "verwandte artikel",
                                                   "verwandte beitrge",
                                                   "verwandte themen",
                                                   "verwandte themenbereiche",
                                                   "weitere artikel",
                                                   "weitere beitrge",
                                                   "weitere nachrichten",
                                                   "zum weiterlesen",
                                                   "lesen sie auch",
                                                   "auch interessant",
                                                   "contenido relacionado",
                                                   "noticias relacionadas",
                                                   "articles similaires",
                                                   "lire aussi",
                                                   "articoli correlati",
                                                   "leggi anche",
                                                   "vous aimerez aussi",
                                                   "a lire aussi",
                                                   "te puede interesar",
                                                   "tambin te puede interesar",
                                                   "sponsored",
                                                   "sponsored links",
                                                   "sponsored content",
                                                   "sponsored stories",
                                                   "promoted stories",
                                                   "from our partners",
                                                   "around the web",
                                                   "from around the web",
                                                   "featured jobs"};
  if (KeyIsOneOf(key, kHeadings)) return true;
  // Openings that name a teaser list whatever follows ("Weitere Artikel aus Berlin", "Die
  // meistgelesenen Artikel", "More stories from Business").
  static constexpr std::string_view kOpenings[] = {"other news",
                                                   "also in the news",
                                                   "most recent",
                                                   "more stories",
                                                   "more news",
                                                   "more articles",
                                                   "you may also",
                                                   "you might also",
                                                   "recommended for",
                                                   "most read",
                                                   "most popular",
                                                   "weitere artikel",
                                                   "weitere beitr",
                                                   "weitere nachrichten",
                                                   "weitere meldungen",
                                                   "weitere news",
                                                   "weitere themen",
                                                   "mehr zum thema",
                                                   "mehr aus dem",
                                                   "mehr aus der",
                                                   "lesen sie auch",
                                                   "das knnte sie",
                                                   "das knnte dich",
                                                   "sie knnten auch",
                                                   "top themen",
                                                   "die meistgelesenen",
                                                   "meistgelesen",
                                                   "empfohlene artikel",
                                                   "empfohlene beitr",
                                                   "entdecke weitere",
                                                   "entdecken sie weitere",
                                                   "auch interessant",
                                                   "weiterfhrende links",
                                                   "noticias relacionadas",
                                                   "articles lis",
                                                   "dans la mme rubrique",
                                                   "ti potrebbe interessare",
                                                   "vous aimerez aussi",
                                                   "sur le mme sujet",
                                                   "weitere informationen",
                                                   "zusatzinformationen",
                                                   "quellenangaben",
                                                   "quellen",
                                                   "originalpublikation",
                                                   "ansprechpartner",
                                                   "pressekontakt",
                                                   "kontakt",
                                                   "media contact",
                                                   "press contact",
                                                   "contact us"};
  for (std::string_view o : kOpenings) {
    if (key.starts_with(o)) return true;
  }
  // "Also in Garden News", "Also in Harbour Sport": the other stories of the article's section, a
  // section's name in capitals after "Also in" ("Also in the bill" is the article's own words).
  if (StartsWithIgnoreCase(text, "also in ") && text.size() > 8 && text[8] >= 'A' &&
      text[8] <= 'Z' && CountWords(text) <= 6) {
    std::string_view t = TrimAscii(text);
    return !t.ends_with('.') && !t.ends_with(',') && !t.ends_with(':');
  }
  return false;
}

// The title of a table of contents ("Inhaltsverzeichnis", "Table of contents", "Sommaire").
bool IsContentsLabel(std::string_view text) {
  if (text.size() > 32) return false;
  std::string key = HeadingKey(text);
  static constexpr std::string_view kLabels[] = {
      "inhaltsverzeichnis", "inhalt", "table of contents", "contents", "sommaire",
      "table des matires",  "ndice",  "contenido",         "indice",   "spis treci"};
  return KeyIsOneOf(key, kLabels);
}

// The heading of an author box under the article ("About the author", "Über die Autorin").
bool IsAuthorSectionHeading(std::string_view text) {
  if (text.size() > 40) return false;
  std::string key = HeadingKey(text);
  static constexpr std::string_view kHeadings[] = {
      "about the author", "about the authors", "about the writer",  "ber den autor",
      "ber die autorin",  "ber die autoren",   "zum autor",         "zur autorin",
      "zu den autoren",   "propos de lauteur", "sobre el autor",    "sobre la autora",
      "lautore",          "sullautore",        "about this series", "ber diese reihe"};
  return KeyIsOneOf(key, kHeadings);
}

// A bare heading that names the author box ("Author", "Die Autorin"): only as a heading, since a
// paragraph "Autor:" opens a byline.
bool IsBareAuthorHeading(std::string_view text) {
  if (text.size() > 24) return false;
  std::string key = HeadingKey(text);
  static constexpr std::string_view kHeadings[] = {
      "author",  "authors",   "the author",  "the authors", "autor",   "autorin",
      "autoren", "der autor", "die autorin", "die autoren", "lauteur", "el autor"};
  return KeyIsOneOf(key, kHeadings);
}

// "Jane Roe is the co-founder of ...", "Tanja ist seit 2023 Redakteurin bei ...": a paragraph
// that opens with a name (one to four capitalised words), then "is"/"ist" and, within four words,
// a writer's or founder's role. Such a sentence closing a page is the author's blurb.
bool OpensWithAuthorBio(std::string_view text) {
  static constexpr std::string_view kRoles[] = {
      "co-founder",  "cofounder",  "founder",    "author",        "writer",
      "journalist",  "editor",     "reporter",   "correspondent", "columnist",
      "contributor", "professor",  "consultant", "freelance",     "blogger",
      "gründer",     "mitgründer", "redakteur",  "autor",         "chefredakteur"};
  size_t pos = 0;
  int name_words = 0;
  int after_verb = -1;  // words read after "is"/"ist"; -1 while still in the name.
  while (pos < text.size() && pos < 160) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    if (after_verb < 0) {
      if (name_words > 0 && (word == "is" || word == "ist")) {
        after_verb = 0;
        continue;
      }
      const unsigned char c = static_cast<unsigned char>(word.front());
      // A capitalised word: an ASCII capital or a non-ASCII letter's lead byte (Ä, Ł, ...).
      if (++name_words > 4 || !((c >= 'A' && c <= 'Z') || c >= 0xC3)) return false;
      continue;
    }
    if (++after_verb > 5) return false;
    std::string lower = AsciiLower(word);
    for (std::string_view role : kRoles) {
      if (lower.starts_with(role)) return true;
    }
  }
  return false;
}

// An author's blurb as one of the last two kept prose paragraphs, in the last third of the text
// ("Jake is the co-founder of ...; he also ..."): the site's words about its writer, not the
// article's (rule `author-bio`). A one-line tagline under 120 bytes ("X is a columnist for The
// Associated Press.") is printed with agency stories and stays.
void DropAuthorBio(const HtmlPage& page, const std::vector<BlockStats>& stats,
                   std::vector<BlockVerdict>& verdicts) {
  uint64_t total = 0;
  for (size_t i = 0; i < verdicts.size(); ++i) {
    if (!verdicts[i].boilerplate && stats[i].prose) total += stats[i].len;
  }
  if (total < 400) return;
  uint64_t after = 0;  // kept prose characters from block i on.
  int seen = 0;
  for (size_t i = verdicts.size(); i-- > 0 && seen < 2;) {
    if (verdicts[i].boilerplate || !stats[i].prose) continue;
    ++seen;
    after += stats[i].len;
    const PageBlock& b = page.blocks[i];
    if (b.type != v1::PARAGRAPH || b.text.size() < 120 || b.text.size() > 600 ||
        after * 3 > total) {
      continue;
    }
    if (!OpensWithAuthorBio(b.text)) continue;
    verdicts[i].boilerplate = true;
    verdicts[i].rule = "author-bio";
  }
}

// "Posted by: name on date" and its kin: the signature line of a reader comment (or of a blog
// post, which is why one alone decides nothing).
bool IsPostedByLine(std::string_view text) {
  if (text.size() > 120) return false;
  for (std::string_view p : {"posted by", "comment by", "submitted by", "geschrieben von"}) {
    if (text.size() >= p.size() && FindIgnoreCase(text.substr(0, p.size()), p) == 0) return true;
  }
  return false;
}

// The header of the article itself (headline, lead, byline), not the site's banner: a <header>
// or "header" class inside an <article>/<main> or body root, or one whose own class names the
// article ("article-header", "entry-header"). Its blocks are judged one by one.
bool IsArticleHeader(const PageElement& e, bool article_above) {
  bool header_structure = e.structure == Structure::kHeader;
  bool header_class = (e.hints & kHintRemove) == kHintHeader;
  if (!header_structure && !header_class) return false;
  if (header_structure && (e.hints & kHintRemove & ~kHintHeader)) return false;
  if (header_class && !header_structure && e.structure != Structure::kNone) return false;
  return article_above || (e.hints & kHintArticle);
}

// Short kept blocks that are page furniture wherever they stand: link labels ("Read more",
// "Share this", "Advertisement", crumbs), the same lines plain-text cleaning drops. (Bare photo
// credits stay: benchmark truths count them as the article's.)
void DropLabels(const HtmlPage& page, const std::vector<BlockStats>& stats,
                std::vector<BlockVerdict>& verdicts) {
  for (size_t i = 0; i < verdicts.size(); ++i) {
    BlockVerdict& v = verdicts[i];
    if (v.boilerplate || stats[i].words >= 12 || page.blocks[i].text.size() > 160) continue;
    if (page.blocks[i].type != v1::HEADING && v.type != v1::BYLINE &&
        IsNavigationLine(page.blocks[i].text)) {
      v.boilerplate = true;
      v.rule = "label";
    }
  }
}

// A teaser list after the article: headline links (removed as link-dense) each followed by a
// short kept summary, two or more pairs in a row. The summaries go with their links.
void DropTeaserPairs(const HtmlPage& page, const std::vector<BlockStats>& stats,
                     std::vector<BlockVerdict>& verdicts) {
  constexpr uint32_t kMaxSummary = 400;
  constexpr uint32_t kMaxCreditBytes = 80;
  // A link of one or two words ("Horoscopes", "TV Guide") heads a teaser as well, but only in
  // a longer run: three pairs or more. A heading that is all link heads one too.
  auto headline_link = [&](size_t i, bool short_ok) {
    return verdicts[i].boilerplate && verdicts[i].rule == "link-density" &&
           stats[i].link_density > (page.blocks[i].type == v1::HEADING ? 0.95f : 0.9f) &&
           stats[i].words >= (short_ok ? 1u : 3u);
  };
  auto summary = [&](size_t i) {
    return !verdicts[i].boilerplate && page.blocks[i].type != v1::HEADING &&
           stats[i].len <= kMaxSummary;
  };
  // The block after a pair that starts at `i` (a headline link, then the teaser's byline or
  // date if any, then its summary), or 0 when no pair starts there.
  auto pair_end = [&](size_t i) -> size_t {
    if (i + 1 >= verdicts.size() || !headline_link(i, true)) return 0;
    size_t k = i + 1;
    v1::BlockType t = verdicts[k].type;
    if (k + 1 < verdicts.size() && !verdicts[k].boilerplate &&
        (t == v1::BYLINE || t == v1::METADATA_LINE) && stats[k].len <= kMaxCreditBytes) {
      ++k;
    }
    return summary(k) ? k + 1 : 0;
  };
  uint32_t kept_prose = 0;
  size_t i = 0;
  while (i < verdicts.size()) {
    if (kept_prose >= 400 && pair_end(i) != 0) {
      size_t j = i;
      size_t pairs = 0;
      bool all_long = true;
      for (size_t end = pair_end(j); end != 0; end = pair_end(j)) {
        all_long = all_long && headline_link(j, false);
        ++pairs;
        j = end;
      }
      // The article going on after the pairs (long prose next) makes them quoted sources.
      size_t next = j;
      while (next < verdicts.size() && verdicts[next].boilerplate) ++next;
      bool text_follows =
          next < verdicts.size() && stats[next].prose && stats[next].len > kMaxSummary;
      if (pairs >= (all_long ? 2u : 3u) && !text_follows) {
        for (size_t k = i; k < j; ++k) {
          if (verdicts[k].boilerplate) continue;
          verdicts[k].boilerplate = true;
          verdicts[k].rule = "teaser-summary";
        }
      }
      i = j;
      continue;
    }
    if (!verdicts[i].boilerplate && stats[i].prose) kept_prose += stats[i].len;
    ++i;
  }
}

// A short kept heading after the article's text whose section holds nothing kept (the list
// under "Related links" or "More from us" went as link-dense or teaser text, or nothing follows
// at all) titles boilerplate: it goes too. The section runs to the next heading of the same or a
// higher level; deeper headings count only through what they hold. Headings ahead of the text
// (bylines and datelines set as headings) are left alone.
void DropEmptySections(const HtmlPage& page, const std::vector<BlockStats>& stats,
                       std::vector<BlockVerdict>& verdicts) {
  constexpr size_t kMaxScan = 400;
  uint32_t kept_prose = 0;
  for (size_t i = 0; i < verdicts.size(); ++i) {
    const PageBlock& h = page.blocks[i];
    if (verdicts[i].boilerplate) continue;
    // A table of contents' title whose list of links went (anywhere: it stands before the text).
    if (stats[i].words <= 3 && i + 1 < verdicts.size() && verdicts[i + 1].boilerplate &&
        IsContentsLabel(h.text)) {
      verdicts[i].boilerplate = true;
      verdicts[i].rule = "contents-label";
      continue;
    }
    if (h.type != v1::HEADING) {
      // A label line ("Tagged:", "Meist gesucht:") whose list went with the boilerplate.
      if (kept_prose >= 400 && stats[i].words <= 5 && i + 1 < verdicts.size() &&
          verdicts[i + 1].boilerplate && page.blocks[i + 1].type != v1::PREFORMATTED &&
          verdicts[i + 1].rule != "script-text" && TrimAscii(h.text).ends_with(':') &&
          (h.type == v1::PARAGRAPH || h.type == v1::LIST_ITEM)) {
        verdicts[i].boilerplate = true;
        verdicts[i].rule = "empty-section";
        continue;
      }
      if (stats[i].prose) kept_prose += stats[i].len;
      continue;
    }
    if (kept_prose < 400 || stats[i].words > 10) continue;
    uint8_t level = h.level == 0 ? 6 : h.level;
    bool content = false;
    bool removed = false;
    size_t j = i + 1;
    for (; j < verdicts.size() && j <= i + kMaxScan; ++j) {
      const PageBlock& b = page.blocks[j];
      if (b.type == v1::HEADING && (b.level == 0 ? 6 : b.level) <= level) break;
      if (b.type == v1::HEADING) continue;
      if (!verdicts[j].boilerplate) {
        content = true;
        break;
      }
      removed = true;
    }
    if (content || (!removed && j < verdicts.size())) continue;
    verdicts[i].boilerplate = true;
    verdicts[i].rule = "empty-section";
  }
}

bool EndsWithFullStop(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '"' || text.back() == ')')) {
    text.remove_suffix(1);
  }
  return text.ends_with('.') || text.ends_with("\xE3\x80\x82");  // '.' or the ideographic stop.
}

// A line that credits the story's sources or contributors, set after its last paragraph:
// "Sources: city police, a trade journal", "Quelle: Statistikamt", "Staff and wire services". It is
// the article's own closing line, not a prompt of the page around it.
bool IsTrailingCredit(std::string_view text) {
  text = TrimAscii(text);
  if (text.size() > 120) return false;
  for (std::string_view p : {"sources:", "source:", "quellen:", "quelle:"}) {
    if (StartsWithIgnoreCase(text, p)) return TrimAscii(text.substr(p.size())).size() >= 3;
  }
  for (std::string_view s : {"news services", "wire services", "wire reports"}) {
    if (text.size() > s.size() && EndsWithIgnoreCase(text, s)) {
      return true;
    }
  }
  return false;
}

// A line that is one e-mail address and nothing else ("jroe@example.org").
bool IsLoneEmailAddress(std::string_view text) {
  text = TrimAscii(text);
  if (text.size() < 6 || text.size() > 80) return false;
  size_t at = text.find('@');
  if (at == 0 || at == std::string_view::npos) return false;
  // A domain after the '@' with a dot inside it, no second '@', no space, slash or colon (a URL).
  size_t dot = text.rfind('.');
  if (dot == std::string_view::npos || dot < at + 2 || dot + 1 >= text.size()) return false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '/' || c == ':') return false;
  }
  return text.find('@', at + 1) == std::string_view::npos;
}

// The writer's sign-off under a post ("Yours, Jane", "Cheers, Tom", "Eure Anna", "Liebe Grüße
// Paul"): a greeting word or two, then at most a name.
bool IsSignOff(std::string_view text) {
  text = TrimAscii(text);
  if (text.size() > 60) return false;
  static constexpr std::string_view kGreetings[] = {"yours, ",
                                                    "yours truly",
                                                    "cheers, ",
                                                    "best regards",
                                                    "kind regards",
                                                    "warm regards",
                                                    "euer ",
                                                    "eure ",
                                                    "liebe gr\xC3\xBC\xC3\x9F",
                                                    "viele gr\xC3\xBC\xC3\x9F",
                                                    "herzliche gr\xC3\xBC\xC3\x9F",
                                                    "beste gr\xC3\xBC\xC3\x9F",
                                                    "bisous",
                                                    "amicalement",
                                                    "cordialement",
                                                    "un saludo",
                                                    "saludos, "};
  for (std::string_view g : kGreetings) {
    if (StartsWithIgnoreCase(text, g)) return CountWords(text) <= 5;
  }
  return false;
}

// A note that names who helped with the story ("Jane Roe contributed reporting.", "John Doe in
// Oslo contributed to this report."): a sentence of the article, even in a byline's box.
bool IsContributorNote(std::string_view text) {
  text = TrimAscii(text);
  for (std::string_view end : {"contributed reporting.", "contributed to this report.",
                               "contributed to this article.", "contributed to this story."}) {
    if (text.size() > end.size() && EndsWithIgnoreCase(text, end)) {
      return true;
    }
  }
  return false;
}

// A closing line of a post that ends in a smiley ("bis bald :)", "see you there ;-)"): the
// writer's own words, as a full stop would mark them.
bool EndsWithSmiley(std::string_view text) {
  text = TrimAscii(text);
  for (std::string_view s : {":)", ":-)", ";)", ";-)", "(:", ":D", "=)"}) {
    if (text.size() > s.size() + 2 && text.ends_with(s) &&
        text[text.size() - s.size() - 1] == ' ') {
      return true;
    }
  }
  return false;
}

// The number that opens a ranked list's entry ("7. Jane Roe", "12) Harbour Lane"), or -1.
int64_t EntryNumber(std::string_view text) {
  text = TrimAscii(text);
  size_t k = 0;
  int64_t n = 0;
  while (k < text.size() && k < 4 && text[k] >= '0' && text[k] <= '9')
    n = n * 10 + (text[k++] - '0');
  if (k == 0 || k + 1 >= text.size() || (text[k] != '.' && text[k] != ')') || text[k + 1] != ' ') {
    return -1;
  }
  return n;
}

// Short fragments after the article's last prose block ("Was this article useful?", "Share
// this page", "More topics:", a lone name) are prompts and labels of the page around the
// article, not its text: past the end of the prose, kept blocks of a few words go.
void DropTrailingFragments(const HtmlPage& page, const std::vector<BlockStats>& stats,
                           std::vector<BlockVerdict>& verdicts) {
  size_t last_prose = verdicts.size();
  uint32_t kept_prose = 0;
  for (size_t i = 0; i < verdicts.size(); ++i) {
    if (verdicts[i].boilerplate || !stats[i].prose) continue;
    kept_prose += stats[i].len;
    last_prose = i;
  }
  if (last_prose == verdicts.size() || kept_prose < 400) return;
  // A ranked list set as paragraphs ("98. Jane Roe", "99. John Doe", "100. ...") is the article's
  // own list, however short its entries: an entry that continues the numbering of the kept entry
  // before it, or is continued by the next kept one, stays.
  int64_t prev_number = -1;
  for (size_t i = last_prose + 1; i < verdicts.size(); ++i) {
    BlockVerdict& v = verdicts[i];
    if (v.boilerplate) continue;
    int64_t number = EntryNumber(page.blocks[i].text);
    int64_t next_number = -1;
    for (size_t k = i + 1; k < verdicts.size(); ++k) {
      if (verdicts[k].boilerplate) continue;
      next_number = EntryNumber(page.blocks[k].text);
      break;
    }
    bool ranked = number >= 0 && ((prev_number >= 0 && number == prev_number + 1) ||
                                  (next_number >= 0 && next_number == number + 1));
    prev_number = number;
    if (ranked || stats[i].words >= 7) continue;
    const PageBlock& b = page.blocks[i];
    if (b.type == v1::TABLE_CELL || b.type == v1::PREFORMATTED || b.type == v1::LIST_ITEM) continue;
    // A closing sentence ("See you tomorrow.") is text; prompts end in '?', '!', ':' or nothing.
    if (EndsWithFullStop(b.text) || IsTrailingCredit(b.text) || IsLoneEmailAddress(b.text) ||
        IsSignOff(b.text) || EndsWithSmiley(b.text))
      continue;
    if (b.type == v1::PARAGRAPH && stats[i].words >= 5 && TrimAscii(b.text).ends_with('!') &&
        !HasQuoteMark(b.text)) {
      continue;  // a closing exclamation ("Vielen Dank für das Interview!"), not a prompt heading.
    }
    v.boilerplate = true;
    v.rule = "after-text";
  }
}

// The next block from `from` on that carries the page's headline: a short block whose words
// all occur in one of the headline texts and that covers at least half of them; -1 when none.
int64_t FindHeadlineBlock(const HtmlPage& page, const std::vector<std::vector<std::string>>& refs,
                          size_t from, size_t to) {
  // A block is the headline when every word of it is in one reference headline (and it has at
  // least three words and half the reference's): each word is checked as it is read, and a block
  // stops being read once no reference holds all its words so far.
  std::vector<char> holds(refs.size());
  std::string lower;
  to = std::min(to, page.blocks.size());
  for (size_t i = from; i < to; ++i) {
    const PageBlock& b = page.blocks[i];
    if (b.text.size() > 300 || b.text.size() < 8) continue;
    std::fill(holds.begin(), holds.end(), 1);
    size_t alive = refs.size();
    size_t words = 0;
    ForEachWord(b.text, [&](std::string_view w) {
      if (alive == 0) return;
      ++words;
      AsciiLowerInto(w, lower);
      for (size_t r = 0; r < refs.size(); ++r) {
        if (!holds[r]) continue;
        if (std::find(refs[r].begin(), refs[r].end(), lower) == refs[r].end()) {
          holds[r] = 0;
          --alive;
        }
      }
    });
    if (alive == 0 || words < 3) continue;
    for (size_t r = 0; r < refs.size(); ++r) {
      if (holds[r] && words * 2 >= refs[r].size()) return static_cast<int64_t>(i);
    }
  }
  return -1;
}

// The prose that follows the headline is the article's opening: it counts double (up to a
// bound), so that it outweighs a longer comment thread or teaser text elsewhere on the page.
// The headline's words may also stand in a teaser or a crumb above the article: when no prose
// follows the first block that carries them, the next one gets the chance (a few at most).
// Adds to `found` the blocks that carry the headline: the one whose text was boosted, those
// tried before it and those a little after it (a crumb may repeat the headline above the real
// one).
struct HeadlineBlocks {
  std::vector<int64_t> blocks;  // blocks that carry the headline.
};

// The article's lead under a headline block: the first two prose paragraphs of some length
// among the next few blocks (a byline or a date may come first).
void AddLeadBlocks(const HtmlPage& page, const std::vector<BlockStats>& stats, size_t headline,
                   std::vector<size_t>& leads) {
  constexpr size_t kMaxDistance = 8;
  constexpr uint32_t kMinLead = 120;  // bytes: a sentence or two, not a date or a label.
  int found = 0;
  for (size_t i = headline + 1; i < stats.size() && i <= headline + kMaxDistance && found < 2;
       ++i) {
    if (stats[i].prose && stats[i].len >= kMinLead && page.blocks[i].type == v1::PARAGRAPH) {
      leads.push_back(i);
      ++found;
    }
  }
}

void BoostProseAfterHeadline(const HtmlPage& page, const ContentOptions& options,
                             std::vector<BlockStats>& stats, HeadlineBlocks& found) {
  constexpr size_t kMaxLookAhead = 30;  // blocks after the boosted headline searched for more.
  constexpr uint32_t kBoostedChars = 2000;
  constexpr size_t kMaxGap = 8;    // non-prose blocks allowed between the headline and the text.
  constexpr size_t kMaxBreak = 2;  // ... and inside the text.
  constexpr int kMaxHeadlines = 3;
  if (options.headlines.empty()) return;
  std::vector<std::vector<std::string>> refs;
  for (const std::string& h : options.headlines) {
    std::vector<std::string>& words = refs.emplace_back();
    ForEachWord(h, [&](std::string_view w) { words.push_back(AsciiLower(w)); });
  }
  size_t from = 0;
  for (int n = 0; n < kMaxHeadlines; ++n) {
    int64_t h = FindHeadlineBlock(page, refs, from, page.blocks.size());
    if (h < 0) return;
    found.blocks.push_back(h);
    uint32_t boosted = 0;
    size_t gap = 0;
    size_t i = static_cast<size_t>(h) + 1;
    for (; i < stats.size() && boosted < kBoostedChars; ++i) {
      BlockStats& s = stats[i];
      if (!s.prose) {
        // Before the text: bylines, dates, captions. After it has begun: the article has ended
        // at a run of non-prose blocks.
        if (++gap > (boosted == 0 ? kMaxGap : kMaxBreak)) break;
        continue;
      }
      gap = 0;
      s.value *= 2.f;
      boosted += s.len;
    }
    from = static_cast<size_t>(h) + 1;
    if (boosted > 0) break;
  }
  for (int n = 0; n < kMaxHeadlines; ++n) {
    int64_t h = FindHeadlineBlock(page, refs, from, from + kMaxLookAhead);
    if (h < 0) return;
    found.blocks.push_back(h);
    from = static_cast<size_t>(h) + 1;
  }
}

// Which byte pairs occur in a lower-cased line, hashed into 4096 bits. A phrase with a pair the
// line lacks cannot occur in it, so most of the small-print phrases below are ruled out without
// searching the line for them (every kept block is checked against some eighty phrases).
class PairFilter {
 public:
  void Reset(std::string_view text) {
    bits_.fill(0);
    for (size_t i = 1; i < text.size(); ++i) Set(Hash(text[i - 1], text[i]));
  }
  bool MayContain(std::string_view phrase) const {
    for (size_t i = 1; i < phrase.size(); ++i) {
      if (!Test(Hash(phrase[i - 1], phrase[i]))) return false;
    }
    return true;
  }

 private:
  static uint32_t Hash(char a, char b) {
    return ((static_cast<uint32_t>(static_cast<unsigned char>(a)) * 131u) ^
            static_cast<unsigned char>(b)) &
           4095u;
  }
  void Set(uint32_t h) { bits_[h >> 6] |= uint64_t{1} << (h & 63); }
  bool Test(uint32_t h) const { return (bits_[h >> 6] >> (h & 63)) & 1u; }
  std::array<uint64_t, 64> bits_{};
};

// `lower.find(phrase)`, settled by the pair filter first when the phrase cannot occur.
size_t FindPhrase(std::string_view lower, const PairFilter& pairs, std::string_view phrase) {
  if (!pairs.MayContain(phrase)) return std::string_view::npos;
  return lower.find(phrase);
}

// A short line that asks the reader to subscribe, sign up, follow or support the site ("Sign up
// for our daily newsletter", "Follow us on Twitter", "Jetzt Newsletter abonnieren", "would you
// consider supporting our work?"). `lower` is the block's
// text in ASCII lower case (one conversion serves every phrase).
bool IsCallToAction(std::string_view lower, const PairFilter& pairs) {
  if (lower.size() > 250) return false;
  static constexpr std::string_view kPhrases[] = {"newsletter",
                                                  "subscribe",
                                                  "sign up for",
                                                  "signing up",
                                                  "follow us on",
                                                  "follow us at",
                                                  "like us on",
                                                  "download our app",
                                                  "download the app",
                                                  "our apps",
                                                  "abonnieren",
                                                  "abonniere",
                                                  "abonnez",
                                                  "suscr\xC3\xAD"
                                                  "bete",
                                                  "s'abonner",
                                                  "telegram",
                                                  "whatsapp-kanal",
                                                  "folgen sie uns",
                                                  "folge uns",
                                                  "for ios and android",
                                                  "straight to your phone",
                                                  "to your inbox",
                                                  "in your inbox",
                                                  "sign up here",
                                                  "sign up now",
                                                  "support our work",
                                                  "supporting our work",
                                                  "support our journalism",
                                                  "support independent journalism",
                                                  "thank you for your support",
                                                  "help us continue",
                                                  "unterst\xC3\xBCtzen sie diese form",
                                                  "unterst\xC3\xBCtzen sie uns",
                                                  "unterst\xC3\xBCtzen sie unsere arbeit",
                                                  "unterst\xC3\xBCtze uns",
                                                  "keine bezahlschranke",
                                                  "must be logged in to",
                                                  "log in to comment",
                                                  "logged in to post a comment",
                                                  "be the first to comment",
                                                  "no comments yet",
                                                  "no comments at the moment",
                                                  "can enter comments",
                                                  "register to comment",
                                                  "m\xC3\xBCssen sich einloggen",
                                                  "bitte registrieren sie sich",
                                                  "melden sie sich an, um",
                                                  "um kommentare zu schreiben",
                                                  "um einen kommentar zu schreiben",
                                                  "um zu kommentieren",
                                                  "to leave a comment",
                                                  "to post comments",
                                                  "do subskrypcji",
                                                  "pdf herunterladen",
                                                  "download as pdf",
                                                  "download pdf",
                                                  "was this article helpful",
                                                  "was this helpful",
                                                  "war der artikel n\xC3\xBC"
                                                  "tzlich",
                                                  "war dieser artikel hilfreich",
                                                  "den artikel teilen",
                                                  "share this article",
                                                  "send us your feedback",
                                                  "tip-offs to",
                                                  "any news tips",
                                                  "story to submit",
                                                  "submit a story?",
                                                  "love your feedback",
                                                  "give us your feedback",
                                                  "tell us what you think",
                                                  "comments on this story?",
                                                  "no comments posted",
                                                  "feedback is now closed",
                                                  "did you enjoy this article",
                                                  "like this story?",
                                                  "please bookmark"};
  for (std::string_view p : kPhrases) {
    size_t at = FindPhrase(lower, pairs, p);
    if (at == std::string_view::npos) continue;
    // Whole words (a plural 's' aside): "subscribers" and "subscribed" are news, not prompts.
    size_t end = at + p.size();
    char next = end < lower.size() ? lower[end] : ' ';
    if (next >= 'a' && next <= 'z' && next != 's') continue;
    char prev = at > 0 ? lower[at - 1] : ' ';
    if (prev >= 'a' && prev <= 'z') continue;  // "unsubscribe".
    return true;
  }
  // "Follow The Daily Example on Twitter and Instagram ...".
  if (lower.starts_with("follow ")) {
    for (std::string_view n : {" on twitter", " on facebook", " on instagram", " on linkedin"}) {
      if (FindPhrase(lower, pairs, n) != std::string_view::npos) return true;
    }
  }
  return false;
}

// A blog engine's line under a post: "This entry was posted in News and tagged ... Bookmark the
// permalink.", "Erstellt am ... und abgelegt unter ...".
bool IsPostFooter(std::string_view lower, const PairFilter& pairs) {
  if (lower.size() > 300) return false;
  for (std::string_view p :
       {"this entry was posted", "bookmark the permalink", "filed under", "abgelegt unter",
        "ce billet a \xC3\xA9t\xC3\xA9 publi\xC3\xA9", "esta entrada fue publicada",
        "dieser beitrag wurde am", "der beitrag wurde am"}) {
    if (FindPhrase(lower, pairs, p) != std::string_view::npos) return true;
  }
  return false;
}

// A consent notice of the site inside the text: cookies ("Informujemy, że korzystamy z cookies",
// "This website uses cookies") or an embed held back until the reader agrees ("... wird ohne
// dein Einverständnis nicht geladen ..."). `lower` is the text in ASCII lower case.
bool IsConsentNotice(std::string_view lower, const PairFilter& pairs) {
  for (std::string_view p :
       {"we use cookies", "this website uses cookies", "this site uses cookies",
        "wir verwenden cookies", "website verwendet cookies", "seite verwendet cookies",
        "nous utilisons des cookies", "utilizamos cookies", "korzystamy z cookies",
        "ohne dein einverst\xC3\xA4ndnis", "ohne ihr einverst\xC3\xA4ndnis",
        "without your consent"}) {
    if (FindPhrase(lower, pairs, p) != std::string_view::npos) return true;
  }
  return false;
}

// A short line of the page's own counters: reading time ("5 min read", "Lesezeit: 4 Minuten",
// "7 minut czytania") and likes ("3 Bloggern gefällt das", "2 bloggers like this").
bool IsPageCounter(std::string_view lower, const PairFilter& pairs) {
  if (lower.size() > 48) return false;
  for (std::string_view p : {"min read", "minute read", "minutes read", "lesezeit",
                             "minut czytania", "bloggern gef", "bloggers like this"}) {
    if (FindPhrase(lower, pairs, p) != std::string_view::npos) return true;
  }
  return false;
}

// A widget's status line of the site: who is online ("13 Besucher sind online (...)", "5 users
// online"), a shop's cart notice ("Der Artikel wurde erfolgreich hinzugefügt.", "added to your
// cart"), a post's view counter opening a line of its data ("Aufrufe: 1120 | ..."). At most 100
// bytes, `lower` in ASCII lower case.
bool IsSiteStatusLine(std::string_view lower, const PairFilter& pairs) {
  if (lower.size() > 100) return false;
  for (std::string_view p :
       {"besucher sind online", "besucher online", "g\xC3\xA4ste online", "users online",
        "visitors online", "guests online", "erfolgreich hinzugef\xC3\xBCgt",
        "zum warenkorb hinzugef\xC3\xBCgt", "added to your cart", "added to your basket"}) {
    if (FindPhrase(lower, pairs, p) != std::string_view::npos) return true;
  }
  for (std::string_view p : {"aufrufe: ", "views: ", "hits: "}) {
    if (lower.starts_with(p) && lower.size() > p.size() && lower[p.size()] >= '0' &&
        lower[p.size()] <= '9') {
      return true;
    }
  }
  return false;
}

// A server's error message printed into the page: "Warning: Undefined variable $x in
// /var/www/.../index.php on line 12".
bool IsServerError(std::string_view lower, const PairFilter& pairs) {
  bool opens = false;
  for (std::string_view p : {"warning: ", "notice: ", "deprecated: ", "fatal error: "}) {
    opens = opens || lower.starts_with(p);
  }
  return opens && FindPhrase(lower, pairs, ".php") != std::string_view::npos &&
         FindPhrase(lower, pairs, " on line ") != std::string_view::npos;
}

// A short notice that the page carries advertising or affiliate links ("Anzeige, enthält
// Affiliate Links", "*Werbung. Dieser Beitrag enthält Werbung für ...").
bool IsAdDisclosure(std::string_view lower, const PairFilter& pairs) {
  // A product site's note on how it is paid ("We recommend ... We may receive compensation if
  // you visit partners we recommend. Read our advertiser disclosure ...").
  for (std::string_view p : {"advertiser disclosure", "we may receive compensation",
                             "we may earn a commission", "we may earn an affiliate commission"}) {
    if (FindPhrase(lower, pairs, p) != std::string_view::npos) return true;
  }
  if (lower.size() > 200) return false;
  for (std::string_view p :
       {"enth\xC3\xA4lt affiliate", "enth\xC3\xA4lt werbung", "contains affiliate links",
        "this post contains affiliate", "this article contains affiliate"}) {
    if (FindPhrase(lower, pairs, p) != std::string_view::npos) return true;
  }
  return false;
}

// Licence and liability lines of the site under a text ("Dieser Text wurde veröffentlicht unter
// der Lizenz CC-BY ...", "Alle Angaben ohne Gewähr", "Les opinions exprimées ... n'engagent que
// leurs auteurs").
bool IsLicenceOrLiabilityLine(std::string_view lower, const PairFilter& pairs) {
  for (std::string_view p :
       {"ver\xC3\xB6"
        "ffentlicht unter der lizenz",
        "this work is licensed under", "this article is licensed under", "inhalte dieser website",
        "ohne gew\xC3\xA4hr", "n'engagent que leur", "is not responsible for the content",
        "not responsible for the opinions",
        "n\xE2\x80\x99"
        "engagent que leur"}) {
    if (FindPhrase(lower, pairs, p) != std::string_view::npos) return true;
  }
  return false;
}

// The site's legal small print under a story: "Disclaimer: ...", "Risk disclosure: ...", "The
// views expressed are those of ...".
// The site's legal footer line: its privacy policy named with its terms ("For more information,
// please read our Privacy Policy and Terms of Service."). `lower` is the text in lower case.
bool IsSiteLegalLine(std::string_view lower, const PairFilter& pairs) {
  if (FindPhrase(lower, pairs, "privacy policy") == std::string_view::npos) return false;
  for (std::string_view p : {"terms of service", "terms of use", "user agreement",
                             "terms and conditions", "terms & conditions"}) {
    if (FindPhrase(lower, pairs, p) != std::string_view::npos) return true;
  }
  return false;
}

// A blog engine's long footer under a post, which goes on to the feed of its comments and
// whether they are open ("This entry was posted on ... and is filed under ... You can follow any
// responses to this entry through the RSS 2.0 feed ..."): longer than the short lines above, so
// it is told by its opening alone.
bool OpensPostFooter(std::string_view text) {
  if (text.size() > 600) return false;
  for (std::string_view p :
       {"this entry was posted", "this entry was written", "dieser beitrag wurde am",
        "der beitrag wurde am", "dieser eintrag wurde am",
        "ce billet a \xC3\xA9t\xC3\xA9 publi\xC3\xA9", "esta entrada fue publicada"}) {
    if (StartsWithIgnoreCase(text, p)) return true;
  }
  return false;
}

bool IsDisclaimer(std::string_view text) {
  for (std::string_view p :
       {"disclaimer", "risk disclosure", "opinions expressed", "the views expressed",
        "haftungsausschluss", "haftungshinweis", "avertissement :", "aviso legal"}) {
    if (StartsWithIgnoreCase(text, p)) return true;
  }
  return false;
}

bool EndsWithSentenceMark(std::string_view text) {
  // Closing quote marks and brackets after the mark: '"', ')', '“', '”', '»'.
  for (bool again = true; again;) {
    again = false;
    for (std::string_view q : {" ", "\"", ")", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xC2\xBB"}) {
      if (text.ends_with(q)) {
        text.remove_suffix(q.size());
        again = true;
      }
    }
  }
  return text.ends_with('.') || text.ends_with('?') || text.ends_with('!') ||
         text.ends_with("\xE2\x80\xA6");  // …
}

// Straight or typographic quotation marks: a quoted speaker, not the site.
bool HasQuoteMark(std::string_view text) {
  if (text.find('"') != std::string_view::npos) return true;
  for (std::string_view q :
       {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E", "\xC2\xAB", "\xC2\xBB"}) {
    if (text.find(q) != std::string_view::npos) return true;
  }
  return false;
}

// Calls to action and disclaimers in the last part of the article's text (after two thirds of
// its prose) are the site talking, not the story.
void DropCallsToAction(const HtmlPage& page, const std::vector<BlockStats>& stats,
                       std::vector<BlockVerdict>& verdicts) {
  // The rule each kept block would fall under ("" for text); the small print itself does not
  // count as the article's text.
  std::vector<const char*> small_print(verdicts.size(), nullptr);
  std::string lower;
  PairFilter pairs;
  uint32_t total = 0;
  for (size_t i = 0; i < verdicts.size(); ++i) {
    if (verdicts[i].boilerplate) continue;
    std::string_view text = page.blocks[i].text;
    if (text.size() <= 300) {
      AsciiLowerInto(text, lower);
      pairs.Reset(lower);
    }
    if (text.size() <= 300 && IsCallToAction(lower, pairs)) {
      small_print[i] = "call-to-action";
    } else if ((text.size() <= 300 && IsPostFooter(lower, pairs)) ||
               (text.size() > 300 && OpensPostFooter(text))) {
      small_print[i] = "post-footer";
    } else if (text.size() <= 300 && !HasQuoteMark(text) && IsAdDisclosure(lower, pairs)) {
      small_print[i] = "ad-disclosure";
    } else if (text.size() <= 300 && IsLicenceOrLiabilityLine(lower, pairs)) {
      small_print[i] = "disclaimer";
    } else if (text.size() <= 48 && IsPageCounter(lower, pairs)) {
      small_print[i] = "page-counter";
    } else if (text.size() <= 300 && IsServerError(lower, pairs)) {
      small_print[i] = "server-error";
    } else if (text.size() <= 100 && !HasQuoteMark(text) && IsSiteStatusLine(lower, pairs)) {
      small_print[i] = "site-status";
    } else if (text.size() <= 300 && !HasQuoteMark(text) && IsConsentNotice(lower, pairs)) {
      small_print[i] = "consent";
    } else if (IsDisclaimer(text) ||
               (text.size() <= 300 && !HasQuoteMark(text) && IsSiteLegalLine(lower, pairs))) {
      small_print[i] = "disclaimer";
    } else if (stats[i].prose) {
      total += stats[i].len;
    }
  }
  // On a short text (under 400 characters of prose) "the last third" says little, so only the
  // kinds that go wherever they stand are taken, and only beside some text of the page's own.
  if (total == 0) return;
  const bool short_text = total < 400;
  uint32_t before = 0;
  for (size_t i = 0; i < verdicts.size(); ++i) {
    BlockVerdict& v = verdicts[i];
    if (v.boilerplate) continue;
    if (small_print[i] != nullptr) {
      // A blog engine's post footer, and a short prompt that quotes no one, are the site's words
      // wherever they stand.
      const std::string_view kind = small_print[i];
      bool anywhere =
          kind == "post-footer" || kind == "server-error" || kind == "consent" ||
          kind == "ad-disclosure" || kind == "page-counter" || kind == "site-status" ||
          (small_print[i] == std::string_view("call-to-action") &&
           page.blocks[i].text.size() <= 100 && !HasQuoteMark(page.blocks[i].text) &&
           (page.blocks[i].type == v1::PARAGRAPH || page.blocks[i].type == v1::HEADING));
      if (anywhere || (!short_text && before * 3 >= total * 2)) {
        v.boilerplate = true;
        v.rule = small_print[i];
      }
      continue;
    }
    if (stats[i].prose) before += stats[i].len;
  }
}

// The lead under the headline often stands in the article's header, a sibling of the element
// that holds the rest of the text: when only a few non-prose blocks (byline, date, picture)
// separate it from the kept text that follows, it is the article's opening and stays.
void KeepLeadsBeforeTheRoot(const std::vector<BlockStats>& stats, const std::vector<size_t>& leads,
                            std::vector<BlockVerdict>& verdicts) {
  constexpr size_t kMaxGap = 10;  // blocks in between (a removed menu in between aside).
  constexpr size_t kMaxScan = 60;
  for (size_t l : leads) {
    if (!verdicts[l].boilerplate || verdicts[l].rule != "outside-main") continue;
    size_t gap = 0;
    for (size_t j = l + 1; j < verdicts.size() && j <= l + kMaxScan && gap <= kMaxGap; ++j) {
      if (!verdicts[j].boilerplate && verdicts[j].rule == "main-content") {
        verdicts[l].boilerplate = false;
        verdicts[l].rule = "lead";
        break;
      }
      bool other_lead = std::find(leads.begin(), leads.end(), j) != leads.end();
      bool removed_region =
          verdicts[j].rule.starts_with("class:") || verdicts[j].rule.starts_with("structure:");
      if (removed_region) continue;
      if (stats[j].prose && !other_lead) break;
      ++gap;
    }
  }
}

// A blog engine's line that signs or files a post: "Verfasst von: name | date", "Published in
// News", "Veröffentlicht in ...".
bool IsPostSignature(std::string_view text) {
  if (text.size() > 160) return false;
  for (std::string_view p : {"verfasst von", "written by", "published in", "posted in",
                             "publi\xC3\xA9 par", "publi\xC3\xA9 dans",
                             "ver\xC3\xB6"
                             "ffentlicht"}) {
    if (StartsWithIgnoreCase(text, p)) return true;
  }
  return false;
}

// A post with no prose at all (a few lines of dialogue, a list of facts under small headings)
// leaves nothing kept. Then the blocks under the headline are the post, up to a teaser or
// comment heading or a removed region after them: the ones that end a sentence, or hold three
// words or more, and the headings among them that something kept follows. Blocks removed for a
// class, a structure or their links are skipped; bylines and date lines are no body.
void KeepAShortPost(const HtmlPage& page, const std::vector<BlockStats>& stats,
                    const HeadlineBlocks& headlines, std::vector<BlockVerdict>& verdicts) {
  constexpr size_t kMaxBlocks = 40;
  if (headlines.blocks.empty()) return;
  for (size_t i = 0; i < verdicts.size(); ++i) {
    if (verdicts[i].boilerplate || verdicts[i].rule == "title") continue;
    v1::BlockType t = verdicts[i].type;
    if (t != v1::BYLINE && t != v1::METADATA_LINE && t != v1::CAPTION) return;  // text was kept.
  }
  std::vector<size_t> kept;
  size_t pending_heading = verdicts.size();
  size_t h = static_cast<size_t>(headlines.blocks.front());
  for (size_t i = h + 1; i < verdicts.size() && i <= h + kMaxBlocks; ++i) {
    const BlockVerdict& v = verdicts[i];
    std::string_view text = page.blocks[i].text;
    if (v.rule.starts_with("class:") || v.rule.starts_with("structure:")) {
      if (kept.empty()) continue;  // furniture between the headline and the post.
      break;
    }
    if (v.rule != "outside-main") continue;  // a link, a label, a rights line.
    if (v.type == v1::HEADING) {
      if (IsTeaserSectionHeading(text) || IsCommentSectionHeading(text)) break;
      pending_heading = i;
      continue;
    }
    if (v.type == v1::BYLINE || v.type == v1::METADATA_LINE || stats[i].link_density > 0.5f ||
        IsPostedByLine(text) || IsPostSignature(text)) {
      continue;
    }
    bool sentence = EndsWithSentenceMark(text);
    if (!sentence && stats[i].words < 3) continue;
    if (pending_heading < i) kept.push_back(pending_heading);
    pending_heading = verdicts.size();
    kept.push_back(i);
  }
  // One line of one word ("TIP!") is a label, not a post.
  uint32_t words = 0;
  for (size_t k : kept) words += stats[k].words;
  if (words < 4) return;
  for (size_t k : kept) {
    verdicts[k].boilerplate = false;
    verdicts[k].rule = "short-post";
  }
}

// A root of one or two blocks (one paragraph of a table cell's run of <p>s, the only closed one
// of unclosed <P>s) is a piece of the article: the prose blocks right before and after it under
// the same parent, up to the first block that is not prose, are the article too. Returns which
// blocks join the main content that way.
std::vector<bool> JoinNeighbourProse(const HtmlPage& page, const std::vector<BlockStats>& stats,
                                     const std::vector<int32_t>& removed_by,
                                     const ContentResult& result) {
  const size_t n_bl = page.blocks.size();
  std::vector<bool> joined(n_bl, false);
  if (result.root < 0) return joined;
  int32_t parent = page.elements[static_cast<size_t>(result.root)].parent;
  size_t first = n_bl, last = 0, count = 0;
  for (size_t i = 0; i < n_bl; ++i) {
    int32_t e = page.blocks[i].element;
    if (e < 0 || !result.element_in_main[static_cast<size_t>(e)]) continue;
    first = std::min(first, i);
    last = i;
    ++count;
  }
  if (parent < 0 || count == 0 || count > 2) return joined;
  auto joinable = [&](size_t i) {
    int32_t e = page.blocks[i].element;
    if (e < 0 || removed_by[static_cast<size_t>(e)] >= 0 || !stats[i].prose ||
        stats[i].link_density > 0.2f) {
      return false;
    }
    while (e >= 0 && e != parent) e = page.elements[static_cast<size_t>(e)].parent;
    return e == parent;
  };
  for (size_t j = first; j-- > 0 && joinable(j);) joined[j] = true;
  for (size_t j = last + 1; j < n_bl && joinable(j); ++j) joined[j] = true;
  return joined;
}

}  // namespace

ContentResult DetectMainContent(const HtmlPage& page, const ContentOptions& options) {
  ContentResult result;
  const size_t n_el = page.elements.size();
  const size_t n_bl = page.blocks.size();
  result.verdicts.resize(n_bl);
  result.element_in_main.assign(n_el, false);

  std::vector<BlockStats> stats(n_bl);
  std::vector<float> prose_chars(n_el, 0.f);
  float total_prose = 0;
  for (size_t i = 0; i < n_bl; ++i) {
    stats[i] = Measure(page.blocks[i], options);
    int32_t e = page.blocks[i].element;
    if (stats[i].prose && e >= 0) {
      prose_chars[static_cast<size_t>(e)] += static_cast<float>(stats[i].len);
      total_prose += static_cast<float>(stats[i].len);
    }
  }
  HeadlineBlocks headlines;
  BoostProseAfterHeadline(page, options, stats, headlines);
  // The elements around the headline block: a header among them that also holds prose is the
  // article's own header (headline, lead, byline), whatever else its class names.
  std::vector<bool> holds_headline(n_el, false);
  for (int64_t h : headlines.blocks) {
    for (int32_t e = page.blocks[static_cast<size_t>(h)].element;
         e >= 0 && !holds_headline[static_cast<size_t>(e)];
         e = page.elements[static_cast<size_t>(e)].parent) {
      holds_headline[static_cast<size_t>(e)] = true;
    }
  }
  // Likewise the elements around the article's first paragraph under the headline: a "teaser"
  // or "lead" class there names the article's lead, not a teaser list.
  std::vector<bool> holds_lead(n_el, false);
  std::vector<size_t> leads;
  for (int64_t h : headlines.blocks) AddLeadBlocks(page, stats, static_cast<size_t>(h), leads);
  for (size_t l : leads) {
    for (int32_t e = page.blocks[l].element; e >= 0 && !holds_lead[static_cast<size_t>(e)];
         e = page.elements[static_cast<size_t>(e)].parent) {
      holds_lead[static_cast<size_t>(e)] = true;
    }
  }
  // Subtree prose: children follow their parent in pre-order, so a reverse sweep sums up.
  for (size_t i = n_el; i-- > 0;) {
    int32_t p = page.elements[i].parent;
    if (p >= 0) prose_chars[static_cast<size_t>(p)] += prose_chars[i];
  }

  // 1. Removal: own reason, protected when the subtree holds most of the page's prose.
  uint32_t removable = kHintRemove;
  if (options.keep_comments) removable &= ~kHintComments;
  std::vector<int32_t> removed_by(n_el, -1);  // the element whose removal covers this one.
  std::vector<uint32_t> inherited_hints(n_el, 0);
  std::vector<bool> in_article(n_el, false);  // inside an <article>/<main> or body root.
  for (size_t i = 0; i < n_el; ++i) {
    const PageElement& e = page.elements[i];
    int32_t p = e.parent;
    inherited_hints[i] = e.hints | (p >= 0 ? inherited_hints[static_cast<size_t>(p)] : 0);
    bool article_above = p >= 0 && in_article[static_cast<size_t>(p)];
    in_article[i] = article_above || e.article || e.body_root;
    if (p >= 0 && removed_by[static_cast<size_t>(p)] >= 0) {
      removed_by[i] = removed_by[static_cast<size_t>(p)];
      continue;
    }
    bool wants_removal = e.structure != Structure::kNone || ((e.hints & removable) && !e.body_root);
    if (wants_removal && IsArticleHeader(e, article_above)) wants_removal = false;
    if (wants_removal && holds_headline[i] && prose_chars[i] > 0 &&
        (e.structure == Structure::kHeader ||
         (e.structure == Structure::kNone && (e.hints & kHintHeader)))) {
      wants_removal = false;
    }
    if (wants_removal && holds_lead[i] && e.structure == Structure::kNone &&
        ((e.hints & removable) == kHintRelated || holds_headline[i])) {
      wants_removal = false;
    }
    if (!wants_removal) continue;
    bool protect = total_prose > 0 && prose_chars[i] >= 0.5f * total_prose;
    if (!protect) removed_by[i] = static_cast<int32_t>(i);
  }

  // 2. Content totals per subtree (removed blocks count for nothing), then the best root.
  std::vector<float> total(n_el, 0.f);
  for (size_t i = 0; i < n_bl; ++i) {
    int32_t e = page.blocks[i].element;
    if (e < 0 || removed_by[static_cast<size_t>(e)] >= 0) continue;
    total[static_cast<size_t>(e)] += stats[i].value;
  }
  for (size_t i = n_el; i-- > 0;) {
    int32_t p = page.elements[i].parent;
    if (p >= 0) total[static_cast<size_t>(p)] += total[i];
  }
  int32_t root = -1;
  float best = 0;
  for (size_t i = 0; i < n_el; ++i) {
    if (removed_by[i] >= 0) continue;
    float t = total[i];
    const PageElement& e = page.elements[i];
    if (e.body_root || e.article) t += 0.1f * prose_chars[i];
    if (root < 0 || t >= best) {
      best = t;
      root = static_cast<int32_t>(i);
    }
  }
  // A root that holds little of the page's prose, under an ancestor that holds most of it at a
  // total not far below: the article's paragraphs sit loose in a flat page (no container of
  // their own) beside navigation that drags the ancestor's total down. The ancestor is the root.
  if (root >= 0 && total_prose > 0 && prose_chars[static_cast<size_t>(root)] < 0.3f * total_prose) {
    for (int32_t a = page.elements[static_cast<size_t>(root)].parent; a >= 0;
         a = page.elements[static_cast<size_t>(a)].parent) {
      size_t ai = static_cast<size_t>(a);
      if (removed_by[ai] >= 0) break;
      if (prose_chars[ai] >= 0.6f * total_prose) {
        if (total[ai] >= 0.5f * best) root = a;
        break;
      }
    }
  }
  result.root = root;
  if (root >= 0) {
    result.element_in_main[static_cast<size_t>(root)] = true;
    for (size_t i = static_cast<size_t>(root) + 1; i < n_el; ++i) {
      int32_t p = page.elements[i].parent;
      if (p >= 0 && result.element_in_main[static_cast<size_t>(p)]) {
        result.element_in_main[i] = true;
      }
    }
  }
  std::vector<bool> joined = JoinNeighbourProse(page, stats, removed_by, result);

  // 3. Verdicts. Unmarked reader comments share the article's container: a comment-section
  // heading after the article's text ends the main content.
  uint32_t kept_prose = 0;
  bool last_kept_prose = false;  // the last kept block was prose.
  bool in_comments = false;
  bool in_teasers = false;
  bool in_author = false;  // an author box after the text: to the end of the main content.
  // Since the teaser-section heading: link-dense blocks and boxes removed, and whether the block
  // just before was a link-only headline outside a list (a teaser's summary follows it).
  uint32_t teaser_links = 0;
  bool after_headline_link = false;
  int64_t first_posted = -1;  // the first "Posted by" line after the article's text.
  // The list item whose headline link was just removed: its summary is part of the teaser.
  int32_t teaser_item = -1;
  for (size_t i = 0; i < n_bl; ++i) {
    const PageBlock& b = page.blocks[i];
    const BlockStats& s = stats[i];
    BlockVerdict& v = result.verdicts[i];
    v.type = b.type;
    v.score = s.value;
    // An empty <a name="comments"> after the article's text: the comment section starts here.
    if (!options.keep_comments && kept_prose >= 400 && b.after_comments_anchor) in_comments = true;
    size_t e = b.element >= 0 ? static_cast<size_t>(b.element) : 0;
    uint32_t hints = b.element >= 0 ? inherited_hints[e] : 0;
    if (b.type != v1::HEADING) {
      if ((hints & kHintByline) && s.len <= 150 && !s.prose && !IsContributorNote(b.text)) {
        v.type = v1::BYLINE;
      } else if (LooksLikeByline(b.text)) {
        v.type = v1::BYLINE;
      } else if (LooksLikeDateLine(b.text)) {
        v.type = v1::METADATA_LINE;
      } else if ((hints & kHintCaption) && b.type == v1::PARAGRAPH) {
        v.type = v1::CAPTION;
      } else if (b.type == v1::PARAGRAPH && s.len <= 300 &&
                 (StartsWithIgnoreCase(b.text,
                                       "vergr\xC3\xB6\xC3\x9F"
                                       "ern ") ||
                  StartsWithIgnoreCase(b.text, "enlarge "))) {
        // An enlarge button's label glued to the picture's caption.
        v.type = v1::CAPTION;
      } else if (b.type == v1::PARAGRAPH && s.len <= 300 &&
                 (LooksLikeImageLabel(b.text) || (s.len <= 120 && EndsWithPhotoCredit(b.text)))) {
        v.type = v1::CAPTION;
      }
    }
    // An agency's rights notice that closes the story ("Copyright 2019 Example Wire. All rights
    // reserved. No part of this story may be reprinted...") is printed with it, even in a
    // "copyright" or "footer" box inside the article; a site's own short notice is not.
    // The text searches run last, only for blocks that could be such a notice.
    auto story_notice = [&]() {
      return kept_prose >= 400 && s.words >= 12 && last_kept_prose && LooksLikeCopyright(b.text) &&
             FindIgnoreCase(b.text, "rights reserved") != std::string_view::npos;
    };
    bool footer_notice =
        b.element >= 0 && removed_by[e] >= 0 && result.element_in_main[e] &&
        page.elements[static_cast<size_t>(removed_by[e])].structure == Structure::kNone &&
        (page.elements[static_cast<size_t>(removed_by[e])].hints & removable) == kHintFooter &&
        story_notice();
    if (b.element >= 0 && removed_by[e] >= 0 && !footer_notice) {
      const PageElement& r = page.elements[static_cast<size_t>(removed_by[e])];
      v.boilerplate = true;
      if (r.structure != Structure::kNone) {
        v.rule = std::string("structure:") + std::string(StructureName(r.structure));
      } else {
        v.rule = std::string("class:") + std::string(HintName(r.hints & removable));
      }
      v.hint = r.first_class;
      if (in_teasers) ++teaser_links;
      continue;
    }
    if (b.element < 0 || (!result.element_in_main[e] && !joined[i])) {
      v.boilerplate = true;
      v.rule = "outside-main";
      continue;
    }
    // A sentence with a link in it (twelve words or more, closed by a full stop, question or
    // exclamation mark, a third of it or more not a link) is text; headline links end without.
    bool linked_sentence = s.words >= 12 && s.link_density <= 0.65f && b.type != v1::LIST_ITEM &&
                           EndsWithSentenceMark(b.text);
    // The writer's e-mail address on a line of its own right after the text closes the story.
    bool writer_address = last_kept_prose && kept_prose >= 400 && IsLoneEmailAddress(b.text);
    if (!linked_sentence && !writer_address &&
        (s.link_density > 0.5f || (s.words < 8 && s.link_density > 0.25f))) {
      v.boilerplate = true;
      v.rule = "link-density";
      teaser_item =
          b.type == v1::LIST_ITEM && s.link_density > 0.9f && s.words >= 4 ? b.element : -1;
      if (in_teasers) ++teaser_links;
      after_headline_link = b.type != v1::LIST_ITEM;
      continue;
    }
    bool follows_headline_link = after_headline_link;
    after_headline_link = false;
    if (b.type == v1::LIST_ITEM && teaser_item >= 0 && b.element >= 0 && s.len <= 320 &&
        (b.element == teaser_item || page.elements[e].parent == teaser_item ||
         page.elements[e].parent == page.elements[static_cast<size_t>(teaser_item)].parent)) {
      v.boilerplate = true;
      v.rule = "teaser-summary";
      continue;
    }
    teaser_item = -1;
    if (s.script || (!s.prose && LooksLikeScript(b.text))) {
      v.boilerplate = true;
      v.rule = "script-text";
      continue;
    }
    if (!options.keep_comments && !in_comments && kept_prose >= 400 && s.len <= 48 &&
        IsCommentSectionHeading(b.text)) {
      in_comments = true;
    }
    if (!options.keep_comments && !in_comments && kept_prose >= 400 && IsPostedByLine(b.text)) {
      if (first_posted < 0) {
        first_posted = static_cast<int64_t>(i);
      } else {
        // A second signature: the comment section began at the first one.
        in_comments = true;
        for (size_t k = static_cast<size_t>(first_posted); k < i; ++k) {
          BlockVerdict& earlier = result.verdicts[k];
          if (earlier.boilerplate) continue;
          earlier.boilerplate = true;
          earlier.rule = "comment-section";
        }
      }
    }
    // A teaser-list heading after the text; a short label line ("Auch interessant:") does the
    // same.
    if (!in_teasers && kept_prose >= 400 &&
        (b.type == v1::HEADING || (b.type == v1::PARAGRAPH && s.words <= 5)) &&
        IsTeaserSectionHeading(b.text)) {
      in_teasers = true;
    }
    if (!in_author && kept_prose >= 400 && s.words <= 5 &&
        (IsAuthorSectionHeading(b.text) ||
         (b.type == v1::HEADING && IsBareAuthorHeading(b.text)))) {
      in_author = true;
    }
    if (in_author) {
      v.boilerplate = true;
      v.rule = "author-section";
      continue;
    }
    // A "Read also" box inside the article: its links went, and a long paragraph without links
    // that is not a teaser's summary takes the article up again.
    if (in_teasers && teaser_links > 0 && b.type == v1::PARAGRAPH && s.prose && s.len >= 200 &&
        s.link_density < 0.1f && !follows_headline_link) {
      in_teasers = false;
      teaser_links = 0;
    }
    if (in_teasers) {
      v.boilerplate = true;
      v.rule = "teaser-section";
      continue;
    }
    if (in_comments) {
      v.boilerplate = true;
      v.rule = "comment-section";
      continue;
    }
    if (LooksLikeCopyright(b.text) && !story_notice()) {
      v.boilerplate = true;
      v.rule = "copyright";
      continue;
    }
    if (s.prose) kept_prose += s.len;
    last_kept_prose = s.prose;
    v.rule = "main-content";
  }
  KeepLeadsBeforeTheRoot(stats, leads, result.verdicts);
  DropLabels(page, stats, result.verdicts);
  DropTeaserPairs(page, stats, result.verdicts);
  DropEmptySections(page, stats, result.verdicts);
  DropAuthorBio(page, stats, result.verdicts);
  DropTrailingFragments(page, stats, result.verdicts);
  DropCallsToAction(page, stats, result.verdicts);
  KeepAShortPost(page, stats, headlines, result.verdicts);
  return result;
}

}  // namespace newspipe
