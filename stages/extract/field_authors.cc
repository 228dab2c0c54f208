// Authors: the first source in order of trust that names at least one person wins; people are
// kept in order and de-duplicated; organisations, agencies, handles and over-long bylines are
// turned down with a reason. An agency found in a byline fills the agency field.
#include <algorithm>

#include "stages/common/text_util.h"
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

constexpr size_t kMaxBylineBlockBytes = 200;
constexpr std::string_view kBylineBlockRule = "byline block";
constexpr std::string_view kByLineRule = "\"By ...\" line near the headline";
constexpr std::string_view kDatedBylineRule = "dated \"by ...\" line near the top";

struct AuthorSource {
  std::string source;
  std::string rule;
  std::vector<std::string> values;
  bool from_markup = true;
};

bool LooksLikeUrl(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www.");
}

// A relative time's first word glued to the name by markup without white space, once its number
// is cut off ("Ana María TorresHace " from "... TorresHace 13 horas", "Wohnidee Deutschlandvor "
// from "... Deutschlandvor 3 Tagen"): the word goes.
std::string_view DropGluedRelativeTime(std::string_view s) {
  std::string_view t = Trim(s);
  for (std::string_view w : {"hace", "vor"}) {
    if (t.size() <= w.size() + 2) continue;
    std::string_view tail = t.substr(t.size() - w.size());
    char before = t[t.size() - w.size() - 1];
    bool letter = (before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z');
    if (letter && FoldCase(tail) == w) return t.substr(0, t.size() - w.size());
  }
  return t;
}

// True when `rest` (a byline from its first digit on) goes on like the day of a month name
// before it ("3, 2020", "3rd", "3"), not like a date of its own ("03.03.2020", "3. März"):
// only then is a month name before the digits part of the date ("Jane Doe Mar 3, 2020", but
// "Lena Mai 03.03.2020").
bool DayOfAMonthName(std::string_view rest) {
  size_t i = 0;
  while (i < rest.size() && i < 3 && rest[i] >= '0' && rest[i] <= '9') ++i;
  if (i == 0 || i > 2) return false;
  std::string_view after = rest.substr(i);
  if (after.empty() || after.starts_with(",")) return true;
  for (std::string_view ordinal : {"st", "nd", "rd", "th"}) {
    if (after.starts_with(ordinal)) return true;
  }
  // "Mar 3 2020": a year after the day.
  after = Trim(after);
  return after.size() >= 4 &&
         after.substr(0, 4).find_first_not_of("0123456789") == std::string_view::npos;
}

// What is left of a date once its digits are cut off the end of a byline ("Jane Doe Mar",
// "Jane Doe Tuesday, March"): the month and weekday names go, as long as two words stay.
std::string_view DropTrailingCalendarWords(std::string_view s) {
  static constexpr std::string_view kWeekdays[] = {
      "monday", "tuesday",  "wednesday", "thursday",   "friday",  "saturday", "sunday",  "mon",
      "tue",    "tues",     "wed",       "thu",        "thurs",   "fri",      "sat",     "sun",
      "montag", "dienstag", "mittwoch",  "donnerstag", "freitag", "samstag",  "sonntag", "lundi",
      "mardi",  "mercredi", "jeudi",     "vendredi",   "samedi",  "dimanche"};
  auto calendar = [](std::string_view word) {
    while (!word.empty() && (word.back() == ',' || word.back() == '.')) word.remove_suffix(1);
    std::string w = FoldCase(word);
    if (MonthFromName(w) != 0) return true;
    for (std::string_view d : kWeekdays) {
      if (w == d) return true;
    }
    return false;
  };
  std::string_view t = Trim(s);
  std::vector<std::string_view> words = Split(t, " ");
  size_t keep = words.size();
  while (keep > 0 && calendar(words[keep - 1])) --keep;
  // Month and weekday names alone are the date itself ("Mar 3, 2021", "Friday, May 7"), no
  // one's name.
  if (keep == 0) return {};
  constexpr size_t kMinNameWords = 2;
  keep = std::min(words.size(), std::max(keep, kMinNameWords));
  t = t.substr(0, static_cast<size_t>(words[keep - 1].data() + words[keep - 1].size() - t.data()));
  while (!t.empty() && (t.back() == ',' || t.back() == '.' || t.back() == ' ')) {
    t.remove_suffix(1);
  }
  return t;
}

// Bylines in the page often run into the date: "Jane Doe 4. November 2021". A digit inside a
// one-word name belongs to a handle ("walker77", "Kai7man am 29.12.2010"), as do digits
// between letters anywhere ("Author: Kai7man am ...").
std::string_view BeforeFirstDigit(std::string_view s) {
  std::string_view t = Trim(s);
  size_t first_space = t.find(' ');
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] < '0' || t[i] > '9') continue;
    bool in_handle = i > 0 && i < first_space && t[i - 1] != ' ';
    // Digits between letters are part of a word wherever it stands ("Author: Kai7man am ...").
    size_t after = t.find_first_not_of("0123456789", i);
    auto ascii_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    in_handle |= i > 0 && ascii_letter(t[i - 1]) && after != std::string_view::npos &&
                 ascii_letter(t[after]);
    // Digits ending a word glued to its letters, the word standing alone after the marker: a
    // handle ("Beitrag von q17 » 03.02.2010"), not a date glued to a name ("Jane Doe12.03.2021"
    // goes on with a dot) nor a count glued to a full name ("Nadine Kessler2").
    if (!in_handle && i > 0 && ascii_letter(t[i - 1]) &&
        (after == std::string_view::npos || t[after] == ' ' || t[after] == ',')) {
      size_t word = t.rfind(' ', i);
      std::string_view before = word == std::string_view::npos ? "" : Trim(t.substr(0, word));
      std::string prev = FoldCase(before.substr(before.rfind(' ') + 1));
      in_handle =
          prev.empty() || prev.ends_with("von") || prev.ends_with("by") || prev.ends_with(":");
    }
    if (!in_handle) {
      std::string_view name = DropGluedRelativeTime(t.substr(0, i));
      return DayOfAMonthName(t.substr(i)) ? DropTrailingCalendarWords(name) : name;
    }
    if (after == std::string_view::npos) break;
    i = after - 1;  // the rest of the run of digits belongs to the word too.
  }
  return t;
}

// True when `lead` is all that may stand before a date that goes on a byline from the element
// before it: nothing, a separator, or the word for "on" ("am", "on", "le", "el", "il").
bool IsDateLead(std::string_view lead) {
  std::string t = FoldCase(Trim(lead));
  if (t.empty() || t == "|" || t == "-" || t == "," || t == "\u00b7" || t == "\u2013") return true;
  for (std::string_view w : {"am", "on", "le", "el", "il", "vom", "posted on", "published"}) {
    if (t == w) return true;
  }
  return false;
}

// Where "von X" / "by X" starts in `line` (at its start or after a space), or npos.
size_t BylineMarker(std::string_view line) {
  for (size_t pos = 0; pos < line.size(); ++pos) {
    if (pos > 0 && line[pos - 1] != ' ') continue;
    for (std::string_view m : {"von ", "by ", "von: ", "by: "}) {
      if (StartsWithFolded(line.substr(pos), m)) return pos;
    }
  }
  return std::string_view::npos;
}

// True when `before` (what precedes "von X" on a line) fits a byline: nothing, a date or time,
// a separator, or a posting verb ("Posted in News", "Gespeichert"), not a sentence ("Bei
// Anwendern von Windows 8 ...").
bool OpensAByline(std::string_view before, const Context& ctx) {
  std::string_view b = Trim(before);
  if (b.empty()) return true;
  char last = b.back();
  if (last == '|' || last == '-' || last == ',' || b.ends_with("\u00b7") || b.ends_with("\u2013") ||
      b.ends_with("\u2022")) {
    return true;
  }
  std::string folded = FoldCase(b);
  for (std::string_view verb :
       {"posted", "written", "published", "gespeichert", "verfasst", "geschrieben", "eingestellt",
        "veröffentlicht", "publiziert", "erstellt", "publié", "écrit", "publicado", "pubblicato"}) {
    if (folded.find(verb) != std::string::npos) return true;
  }
  return FindDate(b, ctx.dates).value.has_value();
}

// The pieces of a line between separators (" - ", " | ", " · ", " – ", " • "), trimmed; text
// before the first separator counts as a piece too.
std::vector<std::string_view> SplitOnSeparators(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i < line.size();) {
    size_t len = 0;
    for (std::string_view sep : {" - ", " | ", " \u00b7 ", " \u2013 ", " \u2022 ", " \u2014 "}) {
      if (line.substr(i, sep.size()) == sep) len = sep.size();
    }
    if (len == 0) {
      ++i;
      continue;
    }
    if (std::string_view p = Trim(line.substr(start, i - start)); !p.empty()) out.push_back(p);
    i += len;
    start = i;
  }
  if (std::string_view p = Trim(line.substr(start)); !p.empty()) out.push_back(p);
  return out;
}

// True when a byline element holds only the word that introduces a name ("By", "Posted by",
// "Publiziert von", "Autor:"), not the name itself.
bool IsBylineMarkerOnly(std::string_view text) {
  std::string t = FoldCase(Trim(text));
  // "Posted on", "Publiziert am": the date follows in its own element.
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    while (!t.empty() && (t.back() == ':' || t.back() == ' ')) t.pop_back();
    for (std::string_view w : {" on", " am", " at", " le", " el", " il"}) {
      if (t.size() > w.size() && t.ends_with(w)) {
        t.resize(t.size() - w.size());
        trimmed = true;
      }
    }
  }
  for (std::string_view m : {"by",
                             "von",
                             "vom",
                             "par",
                             "por",
                             "di",
                             "door",
                             "from",
                             "posted",
                             "posted by",
                             "written by",
                             "published",
                             "published by",
                             "publiziert",
                             "publiziert von",
                             "veröffentlicht",
                             "veröffentlicht von",
                             "geschrieben",
                             "geschrieben von",
                             "verfasst von",
                             "erstellt von",
                             "eingestellt von",
                             "autor",
                             "autorin",
                             "author",
                             "text",
                             "written",
                             "publié par"}) {
    if (t == m) return true;
  }
  return t.empty();
}

// Labels that open a credit line naming the author, folded.
constexpr std::string_view kCreditLabels[] = {"text von ",
                                              "text: ",
                                              "text : ",
                                              "autor: ",
                                              "autorin: ",
                                              "autoren: ",
                                              "autoren ",
                                              "autor : ",
                                              "author: ",
                                              "auteur : ",
                                              "auteur: ",
                                              "autore: ",
                                              "texto: ",
                                              "testo: ",
                                              "eine kolumne von ",
                                              "ein interview von ",
                                              "ein gastbeitrag von ",
                                              "ein kommentar von ",
                                              "blog beitrag von ",
                                              "ein beitrag von ",
                                              "ein artikel von ",
                                              "ein bericht von ",
                                              "written by ",
                                              "written by: ",
                                              "article by ",
                                              "un article de ",
                                              "redaktion: "};

// Headings of an author box that go on with the person's name, folded.
constexpr std::string_view kAuthorBoxHeadings[] = {
    "about the author",          "über den autor", "über die autorin", "à propos de l'auteur",
    "à propos de l\u2019auteur", "sobre el autor", "sobre la autora"};
constexpr size_t kMaxAuthorBoxHeadingBytes = 100;

// A line that only says "author" ("Von:", "Autor", "Auteur", "Written by").
bool IsAuthorLabel(std::string_view text) {
  std::string t = FoldCase(Trim(text));
  while (!t.empty() && (t.back() == ':' || t.back() == ' ')) t.pop_back();
  for (std::string_view l : {"von",
                             "by",
                             "autor",
                             "autorin",
                             "autoren",
                             "author",
                             "authors",
                             "auteur",
                             "auteure",
                             "autore",
                             "autora",
                             "written by",
                             "text",
                             "verfasser",
                             "verfasserin",
                             "über den autor",
                             "about the author",
                             "interview",
                             "interview by",
                             "interview von"}) {
    if (t == l) return true;
  }
  return false;
}

// A rule of clean's that puts a block in the page's furniture: footer, sidebar, aside, related
// teasers.
bool IsFurnitureRule(std::string_view rule) {
  for (std::string_view r :
       {"structure:footer", "class:footer", "class:sidebar", "structure:aside", "class:related"}) {
    if (rule == r) return true;
  }
  return false;
}

// True when a word of `text` (four letters or more) is part of the host's first label, or that
// label is part of the text's letters: the owner of a personal site ("Ida Brightwell" on
// brightwell.example, "Quillonreads" on quillonreads.example) shows the author box in the sidebar.
bool NamesTheHost(std::string_view text, const Context& ctx) {
  std::string host = PageHost(ctx);
  if (host.starts_with("www.")) host.erase(0, 4);
  std::string label(host.substr(0, host.find('.')));
  label.erase(std::remove(label.begin(), label.end(), '-'), label.end());
  if (label.size() < 4 || label.size() == host.size()) return false;
  auto letters = [](std::string_view s) {
    std::string out;
    for (char c : FoldCase(s)) {
      if ((c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80) out += c;
    }
    return out;
  };
  if (letters(text).find(label) != std::string::npos) return true;
  for (std::string_view w : Split(text, " ")) {
    std::string lw = letters(w);
    if (lw.size() >= 4 && label.find(lw) != std::string::npos) return true;
  }
  return false;
}

std::vector<AuthorSource> Sources(const Context& ctx) {
  std::vector<AuthorSource> out;
  if (!ctx.ld.authors.empty()) {
    AuthorSource s{"jsonld", ctx.ld.article_type + ".author", {}, true};
    for (const JsonLdAuthor& a : ctx.ld.authors) {
      if (a.organization) {
        ctx.log.Reject("authors", "jsonld", a.name, "an organisation (@type)");
        continue;
      }
      s.values.push_back(a.name);
    }
    out.push_back(std::move(s));
  }
  for (std::string_view key :
       {"author", "article:author", "dc.creator", "dcterms.creator", "dc:creator", "parsely-author",
        "sailthru.author", "byl", "citation_author", "og:article:author", "book:author"}) {
    for (const v1::MetaTag* tag : ctx.meta.All({key})) {
      if (LooksLikeUrl(tag->content())) {
        ctx.log.Reject("authors", MetaIndex::SourceOf(*tag), tag->content(), "a URL, not a name");
        continue;
      }
      if (out.empty() || out.back().rule != "meta " + tag->key()) {
        out.push_back({std::string(MetaIndex::SourceOf(*tag)), "meta " + tag->key(), {}, true});
      }
      out.back().values.push_back(tag->content());
    }
  }
  // Blog software's reading aids: twitter:label1 "Written by" with the name in twitter:data1.
  for (char n : {'1', '2', '3'}) {
    const v1::MetaTag* label = ctx.meta.First({std::string("twitter:label") + n});
    const v1::MetaTag* data = ctx.meta.First({std::string("twitter:data") + n});
    if (label == nullptr || data == nullptr) continue;
    std::string l = FoldCase(Trim(label->content()));
    for (std::string_view w : {"written by", "verfasst von", "geschrieben von", "escrito por",
                               "écrit par", "scritto da", "geschreven door", "author", "autor"}) {
      if (l == w) {
        out.push_back({"meta",
                       "meta twitter:data" + std::string(1, n) + " (written by)",
                       {data->content()},
                       true});
        break;
      }
    }
  }
  if (!ctx.doc.signals().bylines().empty()) {
    // The first byline-like element is the article's; later ones are mostly comment authors.
    // Elements that hold only the marker ("By", "Posted", "Publiziert von") are the label of
    // the one that follows with the name (<span class=meta-prep-author>By</span>
    // <span class=author>Daniel</span>).
    const auto& by = ctx.doc.signals().bylines();
    int first = 0;
    while (first + 1 < by.size() && IsBylineMarkerOnly(by[first])) ++first;
    // An element that clean found only among the comments ("pixel heron") gives way to a
    // byline block above the comments ("Posted by Leopold"): blog templates mark the
    // article's author in another way than the commenters. Without such a block it is a
    // commenter's, like one in the page's furniture (below).
    bool comment_only = false;
    bool furniture = false;
    const v1::Block* above = nullptr;
    bool matched = false;
    const std::string_view first_text = Trim(by[first]);
    for (const v1::Block& b : ctx.doc.blocks()) {
      if (b.type() != v1::BYLINE) {
        // The element may have become a block of another type: its place still tells.
        if (!matched && Trim(b.text()) == first_text) {
          matched = true;
          furniture = IsFurnitureRule(b.rule()) || b.rule() == "class:comments";
        }
        continue;
      }
      bool in_comments = b.rule() == "class:comments";
      if (Trim(b.text()) == first_text) {
        comment_only = in_comments && above != nullptr;
        if (!matched) furniture = IsFurnitureRule(b.rule()) || in_comments;
        break;
      }
      if (!in_comments && above == nullptr) above = &b;
    }
    // A byline element that clean found in the page's furniture (footer, sidebar, related
    // teasers) or among the comments names someone the page links to or a commenter, not the
    // article's author, unless it says it is a byline ("Posted by X at 18:52", a blog
    // template's post footer; "Author: X") or names the owner of a personal site.
    bool says_byline = BylineMarker(first_text) != std::string_view::npos ||
                       StartsWithFolded(first_text, "author") ||
                       StartsWithFolded(first_text, "autor");
    if (comment_only) {
      out.push_back({"dom", "byline block above the comments", {above->text()}, true});
    } else if (furniture && !says_byline && !NamesTheHost(first_text, ctx)) {
      ctx.log.Reject("authors", "dom", by[first], "a byline element in the page's furniture");
    } else {
      out.push_back({"dom", "first byline element", {by[first]}, true});
    }
  }
  AuthorSource blocks{"dom", std::string(kBylineBlockRule), {}, false};
  AuthorSource text{"text", std::string(kByLineRule), {}, false};
  const auto& bl = ctx.doc.blocks();
  // Where bylines sit: next to the headline and the start of the body (a long menu can push
  // both far down the page), and near the top.
  std::vector<bool> near(static_cast<size_t>(bl.size()), false);
  auto mark = [&](int from, int to) {
    for (int i = std::max(0, from); i < bl.size() && i < to; ++i)
      near[static_cast<size_t>(i)] = true;
  };
  if (ctx.headline_block >= 0) mark(ctx.headline_block - 3, ctx.headline_block + 15);
  // A page without a headline heading shows its title in a plain block (a table cell's bold
  // text): the byline sits beside that block too.
  if (ctx.headline_block < 0 && !ctx.doc.metadata().title().empty()) {
    const std::string title = LooseKey(ctx.doc.metadata().title());
    for (int i = 0; i < bl.size(); ++i) {
      if (bl[i].text().size() < kMaxBylineBlockBytes && LooseKey(bl[i].text()) == title) {
        mark(i - 2, i + 6);
        break;
      }
    }
  }
  if (ctx.first_body_block >= 0) mark(ctx.first_body_block - 6, ctx.first_body_block + 4);
  if (ctx.headline_block < 0 && ctx.first_body_block < 0) mark(0, 12);
  // A heading of the readers' comments after the article's text ("Your Comments",
  // "Kommentare"): the "By" and dated lines after it sign comments. (A link to them, "3
  // Comments", sits in the meta row too.)
  constexpr size_t kMaxCommentsHeadingBytes = 40;
  constexpr size_t kMinArticleTextBytes = 300;
  int comments_at = bl.size();
  bool article_text = false;
  for (int i = 0; i < bl.size(); ++i) {
    std::string_view t = Trim(bl[i].text());
    if (article_text && t.size() <= kMaxCommentsHeadingBytes &&
        size_t{bl[i].link_chars()} * 2 < bl[i].text().size()) {
      if ((FindIgnoreCase(t, "comment") != std::string_view::npos ||
           FindIgnoreCase(t, "kommentar") != std::string_view::npos) &&
          FindIgnoreCase(t, "no comment") == std::string_view::npos &&
          BylineMarker(t) == std::string::npos) {
        comments_at = i;
        break;
      }
    }
    article_text |= !bl[i].boilerplate() && bl[i].text().size() >= kMinArticleTextBytes;
  }
  for (int i = 0; i < bl.size(); ++i) {
    const v1::Block& b = bl[i];
    bool is_near = near[static_cast<size_t>(i)];
    if (b.type() == v1::BYLINE && (i < 80 || is_near)) {
      // A line clean found among the reader comments is a commenter's ("gnaddrig Sagt:") or
      // a comment's opening words ("Tolle Übersicht"), not the article's byline.
      if (b.rule() == "class:comments") continue;
      // A list of links to people's pages in the page's furniture (a sidebar's menu of a
      // show's contributors) names the people the site features, not the writer.
      auto listed_link = [&](int k) {
        const v1::Block& x = bl[k];
        return x.type() == v1::BYLINE && x.rule() == "class:sidebar" &&
               size_t{x.link_chars()} * 2 >= x.text().size();
      };
      if (listed_link(i) &&
          ((i + 1 < bl.size() && listed_link(i + 1)) || (i > 0 && listed_link(i - 1)))) {
        continue;
      }
      blocks.values.push_back(b.text());
    } else if (is_near && i < comments_at && b.text().size() < kMaxBylineBlockBytes) {
      std::string_view t = Trim(b.text());
      // "| By Mara Quinn |": the separators of a meta row around it.
      while (!t.empty() && (t.front() == '|' || t.front() == '-')) t = Trim(t.substr(1));
      if (size_t lead = BylineLeadLength(t); lead > 0) {
        // "By our photos we would like ...": a sentence, not a byline.
        size_t k = lead;
        bool sentence = false;
        if (k < t.size()) {
          char32_t c = NextCodePoint(t, k);
          sentence = IsLetter(c) && !IsUpperLetter(c);
        }
        if (!sentence) text.values.emplace_back(t);
      }
    }
  }
  // An author box's heading naming the person ("About the Author - Jane Roe") says whose the
  // article is; it comes before byline blocks that clean found in the page's furniture (a
  // sidebar's profile of the site's owner or a columnist it promotes).
  bool first_block_furniture = false;
  for (const v1::Block& b : bl) {
    if (b.type() != v1::BYLINE || b.rule() == "class:comments") continue;
    first_block_furniture = IsFurnitureRule(b.rule());
    break;
  }
  if (first_block_furniture) {
    for (const v1::Block& b : bl) {
      std::string_view t = Trim(b.text());
      if (t.size() > kMaxAuthorBoxHeadingBytes) continue;
      std::string_view rest;
      for (std::string_view label : kAuthorBoxHeadings) {
        if (StartsWithFolded(t, label)) rest = Trim(t.substr(label.size()));
      }
      if (rest.empty()) continue;
      bool separated = false;
      for (std::string_view sep : {"-", ":", "\u2013", "\u2014", "|"}) {
        if (rest.starts_with(sep)) {
          rest = Trim(rest.substr(sep.size()));
          separated = true;
          break;
        }
      }
      if (!separated || SplitByline(rest, false).people.size() != 1) continue;
      out.push_back({"dom", "author box heading", {std::string(rest)}, false});
      break;
    }
  }
  if (!blocks.values.empty()) out.push_back(std::move(blocks));
  if (!text.values.empty()) out.push_back(std::move(text));
  // A line that is names alone over a line that is a newsroom role or an outlet alone ("JANE
  // DOE" over "Example News staff writer", "Jane Doe and John Roe" over "The Example Reporter"),
  // or both on one line after a dash ("Jane Doe - Example Wire News Writer"): a byline that
  // markup did not mark.
  constexpr size_t kMaxNameLineBytes = 80;
  constexpr size_t kMaxNameLinePeople = 3;
  for (int i = 0; i + 1 < bl.size(); ++i) {
    if (!near[static_cast<size_t>(i)] || bl[i].type() == v1::BYLINE) continue;
    std::string_view name = Trim(bl[i].text());
    if (name.size() > kMaxNameLineBytes) continue;
    if (size_t dash = name.find(" - "); dash != std::string_view::npos) {
      if (!IsRoleLine(name.substr(dash + 3))) continue;
      name = Trim(name.substr(0, dash));
    } else if (!IsRoleLine(bl[i + 1].text())) {
      continue;
    }
    AuthorSplit split = SplitByline(name, false);
    if (split.people.empty() || split.people.size() > kMaxNameLinePeople) continue;
    // The line holds the names and their separators, nothing else.
    std::string rest(name);
    for (const std::string& p : split.people) {
      if (size_t at = rest.find(p); at != std::string::npos) rest.erase(at, p.size());
    }
    bool names_only = true;
    for (std::string_view w : Split(rest, " ")) {
      names_only &= w == "and" || w == "&" || w == ",";
    }
    if (!names_only) continue;
    out.push_back({"text", "name over a newsroom role line", {std::string(name)}, false});
    break;
  }
  // Last: a short line near the top that carries a date and "von X" / "by X" ("Posted on
  // September 21, 2020 by Noa Stein", "Gespeichert von tilo am 5. Mai 2016"). The date makes
  // it a byline, so a blog's one-word handle counts as a name here.
  AuthorSource dated{"text", std::string(kDatedBylineRule), {}, true};
  constexpr int kMaxDatedLineBlocks = 60;
  constexpr size_t kMaxDatedLineBytes = 150;
  constexpr size_t kMaxDatedLineNameWords = 3;
  bool dated_handle = false;
  for (int i = 0; i < bl.size() && i < comments_at && dated.values.empty(); ++i) {
    std::string_view t = Trim(bl[i].text());
    if (i >= kMaxDatedLineBlocks && !near[static_cast<size_t>(i)]) continue;
    if (t.size() >= kMaxDatedLineBytes) continue;
    // A reader comment's signature ("Posted by: pixelfan | May 7 2021") names a commenter.
    if (bl[i].rule() == "class:comments" || bl[i].rule() == "comment-section") continue;
    // A line that is a link as a whole points at another page ("KB3075249 vom 18.08.2015:
    // offizielle Beschreibung von Example Corp »"); a byline links at most its name.
    if (size_t{bl[i].link_chars()} * 2 >= bl[i].text().size()) continue;
    if (StartsWithFolded(t, "kommentar") || StartsWithFolded(t, "comment") ||
        StartsWithFolded(t, "a post shared")) {
      continue;
    }
    size_t at = BylineMarker(t);
    if (at == std::string_view::npos || !OpensAByline(t.substr(0, at), ctx)) continue;
    // A template may set the date in the element after the name's ("Geschrieben von tilo"
    // then "am 5. Mai 2016 14:10"): the two read as one line.
    std::string line;
    if (!FindDate(t, ctx.dates).value) {
      if (i + 1 >= bl.size()) continue;
      std::string_view next = Trim(bl[i + 1].text());
      DateParse d = next.size() < kMaxDatedLineBytes ? FindDate(next, ctx.dates) : DateParse{};
      if (!d.value || !IsDateLead(next.substr(0, d.begin))) continue;
      line = std::string(t) + " " + std::string(next);
      t = line;
    }
    std::string_view v = t.substr(at);
    // The name runs to the date or a separator; a longer run is a sentence, not a byline.
    AuthorSplit split = SplitByline(BeforeFirstDigit(v), true);
    if (split.people.size() != 1 || SplitCount(split.people[0], " ") > kMaxDatedLineNameWords)
      continue;
    dated.values.emplace_back(v);
    dated_handle = SplitCount(split.people[0], " ") == 1;
  }
  int dated_at = -1;
  if (!dated.values.empty()) {
    dated_at = static_cast<int>(out.size());
    out.push_back(std::move(dated));
  }
  // A date line that names its author after a separator ("11.12.2019 - Lena Vogt",
  // "04.02.2022 | 13:10 Uhr | Ute Brenner"): the one piece that is no date or time.
  AuthorSource after_date{"text", "name after the date on a date line", {}, false};
  for (int i = 0; i < bl.size() && after_date.values.empty(); ++i) {
    if (i >= kMaxDatedLineBlocks && !near[static_cast<size_t>(i)]) continue;
    std::string_view t = Trim(bl[i].text());
    // Only lines that open with a number are read for a date (cheap, and most such lines do).
    if (t.size() >= kMaxDatedLineBytes || t.empty() || t[0] < '0' || t[0] > '9') continue;
    DateParse d = FindDate(t, ctx.dates);
    if (!d.value || d.begin != 0) continue;
    std::string_view name;
    int names = 0;
    for (std::string_view piece : SplitOnSeparators(t.substr(d.end))) {
      bool has_digit = false;
      for (char c : piece) has_digit |= c >= '0' && c <= '9';
      if (has_digit || StartsWithFolded(piece, "uhr")) continue;
      name = piece;
      ++names;
    }
    if (names != 1) continue;
    AuthorSplit split = SplitByline(name, false);
    if (split.people.size() == 1) after_date.values.emplace_back(name);
  }
  if (!after_date.values.empty()) out.push_back(std::move(after_date));
  // Last of all, anywhere in the article: a credit line that labels its name ("Text von X",
  // "Autor: X", "Eine Kolumne von X"; often under the text).
  AuthorSource credit{"text", "credit line in the article", {}, false};
  constexpr size_t kMaxCreditLineBytes = 160;
  for (int i = 0; i < bl.size(); ++i) {
    const v1::Block& b = bl[i];
    if (b.boilerplate() && !near[static_cast<size_t>(i)]) continue;
    std::string_view t = Trim(b.text());
    if (t.size() >= kMaxCreditLineBytes || !credit.values.empty()) continue;
    for (std::string_view p : kCreditLabels) {
      if (StartsWithFolded(t, p)) {
        std::string_view v = t.substr(p.size());
        // "Ein Interview von X mit Y": Y was interviewed.
        for (std::string_view with : {" mit ", " with ", " avec "}) {
          size_t at = v.find(with);
          if (at != std::string_view::npos) v = v.substr(0, at);
        }
        credit.values.emplace_back(v);
        break;
      }
    }
  }
  if (!credit.values.empty()) {
    // A dated line that names a one-word handle ("Gespeichert von human am 7. Juli 2019") is
    // the account that posted the page; a credit line naming a person in full ("Blog Beitrag
    // von Ines Hartmann") is the author.
    AuthorSplit split = SplitByline(credit.values[0], false);
    if (dated_at >= 0 && dated_handle && !split.people.empty() &&
        SplitCount(split.people[0], " ") >= 2) {
      out.insert(out.begin() + dated_at, std::move(credit));
    } else {
      out.push_back(std::move(credit));
    }
  }
  // A signature with the agency or desk after a slash, closing the text: "Karl Brandt/DPA-X".
  for (int i = 0; i < bl.size(); ++i) {
    const v1::Block& b = bl[i];
    if (b.boilerplate() || b.type() != v1::PARAGRAPH || b.text().size() > 60) continue;
    std::string_view t = Trim(b.text());
    size_t slash = t.rfind('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 >= t.size()) continue;
    std::string_view desk = t.substr(slash + 1);
    if (desk.size() > 6 || !IsAllCaps(desk) || desk.find(' ') != std::string_view::npos) continue;
    std::string_view name = Trim(t.substr(0, slash));
    if (SplitByline(name, false).people.size() == 1) {
      out.push_back(
          {"text", "signature with the agency after a slash", {std::string(name)}, false});
      break;
    }
  }
  // An author box: a label on its own line ("Von:", "Autor", "Auteur") over the name.
  constexpr int kMaxLabelledBlocks = 400;
  constexpr size_t kMaxLabelledNameBytes = 60;
  for (int i = 0; i + 1 < bl.size() && i < kMaxLabelledBlocks; ++i) {
    std::string_view label = Trim(bl[i].text());
    if (label.empty() || label.size() > 20 || !IsAuthorLabel(label)) continue;
    std::string_view name = Trim(bl[i + 1].text());
    if (name.size() >= kMaxLabelledNameBytes) continue;
    AuthorSplit split = SplitByline(name, false);
    if (split.people.size() == 1) {
      out.push_back({"text", "name under an author label", {std::string(name)}, false});
      break;
    }
  }
  // Last, a signature closing the text: the line right after the article's last kept block,
  // one to three capitalised words over a line that is a date ("Jori" / "12. August
  // 2018"). The date makes it a signature, so a blog's one-word handle counts.
  constexpr size_t kMaxSignatureBytes = 40;
  int last_kept = -1;
  for (int i = 0; i < bl.size(); ++i) {
    if (!bl[i].boilerplate()) last_kept = i;
  }
  if (last_kept >= 0 && last_kept + 2 < bl.size()) {
    const v1::Block& sig = bl[last_kept + 1];
    const v1::Block& when = bl[last_kept + 2];
    std::string_view name = Trim(sig.text());
    std::vector<std::string_view> words = Split(name, " ");
    bool name_like = sig.rule() == "after-text" && sig.type() == v1::PARAGRAPH && !name.empty() &&
                     name.size() < kMaxSignatureBytes && words.size() <= 3;
    for (std::string_view w : words) {
      size_t k = 0;
      name_like = name_like && IsUpperLetter(NextCodePoint(w, k));
      for (char c : w) name_like = name_like && !(c >= '0' && c <= '9');
    }
    if (name_like && when.type() == v1::METADATA_LINE &&
        Trim(when.text()).size() < kMaxSignatureBytes) {
      DateParse d = FindDate(Trim(when.text()), ctx.dates);
      if (d.value && d.begin == 0) {
        out.push_back({"text", "signature over a date after the text", {std::string(name)}, true});
      }
    }
  }
  // Last of all, a name alone that closes the article's text (the writer signs under the last
  // paragraph).
  constexpr size_t kMinSignedParagraphBytes = 300;
  constexpr size_t kMaxSignedNameBytes = 48;
  for (int i = 1; i < bl.size(); ++i) {
    const v1::Block& b = bl[i];
    const v1::Block& before = bl[i - 1];
    if (b.boilerplate() || b.type() != v1::PARAGRAPH || before.boilerplate() ||
        before.type() != v1::PARAGRAPH || before.text().size() < kMinSignedParagraphBytes) {
      continue;
    }
    std::string_view name = Trim(b.text());
    if (name.size() > kMaxSignedNameBytes) continue;
    // What follows is another part of the page: a heading, or nothing (a subhead rendered as
    // a paragraph goes on with its text, a list or a table).
    if (i + 1 < bl.size() && bl[i + 1].type() != v1::HEADING) continue;
    AuthorSplit split = SplitByline(name, false);
    if (split.people.size() != 1 || NameKey(split.people[0]) != NameKey(name)) continue;
    out.push_back({"text", "name alone closing the article's text", {std::string(name)}, false});
    break;
  }
  // A wire story's credit in brackets that closes a block of its text ("... (Reporting by
  // Jane Doe in Lakeside and John Roe; Writing by Ann Poe; Editing by Tom Reyes)"): the
  // reporters and the writer, not the editors; the place after "in" goes.
  constexpr size_t kMaxCreditBytes = 300;
  for (int i = 0; i < bl.size(); ++i) {
    const v1::Block& b = bl[i];
    std::string_view t = Trim(b.text());
    if (b.boilerplate() || !t.ends_with(')')) continue;
    size_t open = t.rfind('(');
    if (open == std::string_view::npos || t.size() - open > kMaxCreditBytes) continue;
    std::vector<std::string> names;
    for (std::string_view part : Split(t.substr(open + 1, t.size() - open - 2), ";")) {
      part = Trim(part);
      for (std::string_view lead : {"reporting by ", "additional reporting by ", "writing by "}) {
        if (!StartsWithFolded(part, lead)) continue;
        std::string_view who = part.substr(lead.size());
        // "Reporting by Jane Doe, Editing by John Roe": the editors after a comma go.
        for (std::string_view editing : {", Editing by", ", editing by"}) {
          if (size_t ed = who.find(editing); ed != std::string_view::npos) who = who.substr(0, ed);
        }
        for (std::string_view one : Split(who, " and ")) {
          if (size_t in = one.find(" in "); in != std::string_view::npos) one = one.substr(0, in);
          if (size_t comma = one.find(','); comma != std::string_view::npos) {
            one = one.substr(0, comma);
          }
          if (!Trim(one).empty()) names.emplace_back(Trim(one));
        }
        break;
      }
    }
    if (names.empty()) continue;
    out.push_back({"text", "wire credit after the text", std::move(names), false});
    break;
  }
  return out;
}

std::string Squash(std::string_view s) {
  std::string out;
  for (char c : FoldCase(s)) {
    if (c != ' ' && c != '.' && c != '-' && c != '_' && c != '\'') out += c;
  }
  return out;
}

// True when `name` is the site rather than a person: it matches the site name or a label of
// the host ("Good Food" on goodfood.example, "CNN" on edition.cnn.com).
bool IsSiteName(std::string_view name, const Context& ctx) {
  std::string n = Squash(name);
  if (n.size() < 3) return false;
  std::string site = Squash(ctx.doc.metadata().site_name());
  if (!site.empty() && (n == site || (site.size() >= 4 && n.find(site) != std::string::npos) ||
                        (n.size() >= 4 && site.find(n) != std::string::npos))) {
    return true;
  }
  const std::string host = PageHost(ctx);
  std::vector<std::string_view> labels = Split(host, ".");
  // An acronym in capitals that opens a label of the host ("KXN" on kxnnews.example) is the
  // outlet's short name.
  constexpr size_t kMinAcronymLetters = 3;
  const bool acronym =
      n.size() >= kMinAcronymLetters && name.find(' ') == std::string_view::npos && IsAllCaps(name);
  for (size_t i = 0; i + 1 < labels.size(); ++i) {
    std::string label = Squash(labels[i]);
    if (acronym && label.starts_with(n)) return true;
    if (label == "www" || label.size() < 3) continue;
    if (n == label || (label.size() >= 5 && n.find(label) != std::string::npos) ||
        (n.size() >= 5 && label.find(n) != std::string::npos)) {
      return true;
    }
  }
  return false;
}

// True when the host is the person's own name as a domain ("Jürgen Möller" on
// juergen-moeller.example, umlauts spelled out): a personal site, whose owner writes its pages even
// where no byline shows the name.
bool HostIsThePersonsName(std::string_view name, const Context& ctx) {
  if (SplitCount(name, " ") < 2 || !NotAPersonReason(name, false).empty()) return false;
  std::string spelled;
  for (size_t i = 0; i < name.size();) {
    size_t start = i;
    char32_t c = NextCodePoint(name, i);
    if (c == U'ä' || c == U'Ä') {
      spelled += "ae";
    } else if (c == U'ö' || c == U'Ö') {
      spelled += "oe";
    } else if (c == U'ü' || c == U'Ü') {
      spelled += "ue";
    } else if (c == U'ß') {
      spelled += "ss";
    } else {
      spelled.append(name.substr(start, i - start));
    }
  }
  std::string host = PageHost(ctx);
  if (host.starts_with("www.")) host.erase(0, 4);
  std::vector<std::string_view> labels = Split(host, ".");
  if (labels.size() < 2) return false;
  std::string label = Squash(labels[0]), n = Squash(spelled);
  return n.size() >= 6 && n == label;
}

// True when `name`, which matches the site's name, is still the person the page's author
// element shows: a personal blog is named after its author ("Laura Finch" on lfinch.example,
// "timo" on timo-krause.example, "mossgarden" on mossgarden.wordpress.com). A domain, a name
// opening with an article ("Die Tagespresse") or a one-word name that is the site's whole name (a
// brand: "fishbrand" on fishbrand.example) is the site, not a person.
bool IsBloggerNamingTheSite(std::string_view name, const Context& ctx) {
  if (name.find('.') != std::string_view::npos) return false;
  std::vector<std::string_view> words = Split(name, " ");
  if (words.size() >= 2) {
    std::string first = FoldCase(words[0]);
    for (std::string_view article : {"die", "der", "das", "the", "le", "la", "les", "el", "il"}) {
      if (first == article) return false;
    }
    return NotAPersonReason(name, false).empty();
  }
  // A blog named by its author's handle and more words ("quillon schreibt", "Quillon's
  // Notizen"): the handle alone is the person, the whole name the site.
  std::vector<std::string_view> site_words = Split(ctx.doc.metadata().site_name(), " ");
  if (site_words.size() >= 2 && Squash(name).size() >= 4) {
    std::string first = Squash(site_words[0]);
    if (first.ends_with("s") && first.size() == Squash(name).size() + 1) first.pop_back();
    if (first == Squash(name)) return true;
  }
  std::string host = PageHost(ctx);
  if (host.starts_with("www.")) host.erase(0, 4);
  std::vector<std::string_view> labels = Split(host, ".");
  if (labels.size() < 2) return false;
  std::string n = Squash(name), label = Squash(labels[0]);
  if (n.size() < 3 || label.size() < 3) return false;
  // A name that calls itself a blog ("Seaside-Blog", "blogfeld") is the site.
  if (n.ends_with("blog") || n.starts_with("blog")) return false;
  // A handle drawn from the site's name, but not the whole of it ("timo" on timo-krause.example,
  // "stonecutter" on stonecut.example; not "Krimiecke-Archiv" on krimiecke.example).
  constexpr size_t kMaxHandleExtraChars = 2;
  if (n != label &&
      (label.find(n) != std::string::npos ||
       (n.find(label) != std::string::npos && n.size() <= label.size() + kMaxHandleExtraChars))) {
    return true;
  }
  // A blog on a hosting platform: name.platform.com (not example.com.br).
  if (labels.size() >= 3 && n == label) {
    std::string second = FoldCase(labels[1]);
    for (std::string_view sld : {"com", "co", "org", "net", "gov", "ac", "or", "ne", "gv"}) {
      if (second == sld) return false;
    }
    return true;
  }
  return false;
}

// The page's visible text (every block, kept or not, and the byline elements), case-folded
// with white space collapsed: an author named only in markup is given only when a reader can
// see the name, since the markup often names the account that posted the page or an editor
// rather than the person the page shows as its author.
class VisibleText {
 public:
  explicit VisibleText(const Context& ctx) : ctx_(ctx) {}

  // A page without text (markup alone) has nothing to check against: every name passes.
  bool Contains(std::string_view name) {
    if (ctx_.doc.blocks().empty()) return true;
    return Has(text_, Key(name));
  }

  // True when the page writes `name` only in text it hides from the reader (a template's
  // hidden vCard of the account that posted the page).
  bool OnlyHidden(std::string_view name) { return OnlyOutside(name, shown_); }

  // True when the page writes `name` only in its furniture (footer, sidebar, related teasers)
  // or hidden text, never in the article or a byline element (an author box in the sidebar
  // names a writer): the owner of the site, whom every page names in markup and sidebar.
  bool OnlyInFurniture(std::string_view name) {
    return OnlyOutside(name, article_blocks_) && !Has(bylines_, Key(name));
  }

  // As OnlyInFurniture, with a byline element that clean found in the furniture counted
  // there: a sidebar's author box shows a one-word account as the site's, not as a writer's.
  bool OnlyInFurnitureBlocks(std::string_view name) { return OnlyOutside(name, article_blocks_); }

  // True when a block the article keeps writes `name`.
  bool InArticle(std::string_view name) {
    if (ctx_.doc.blocks().empty()) return false;
    return Has(kept_, Key(name));
  }

 private:
  // `name` as the texts below are kept (built on first use).
  std::string Key(std::string_view name) {
    if (!built_) Build();
    return FoldCase(CollapseSpace(name));
  }
  static bool Has(const std::string& text, const std::string& key) {
    return !key.empty() && text.find(key) != std::string::npos;
  }
  // True when the page writes `name`, but not in `part` of its text.
  bool OnlyOutside(std::string_view name, const std::string& part) {
    if (ctx_.doc.blocks().empty()) return false;
    std::string key = Key(name);
    return Has(text_, key) && !Has(part, key);
  }

  // Appends a block's folded text to `text` as folding the joined texts would have it: one
  // space between pieces, none for an empty one. Each block is folded once this way, not once
  // for each of the five texts it goes into.
  static void Join(std::string& text, const std::string& piece) {
    if (piece.empty()) return;
    if (!text.empty()) text += ' ';
    text += piece;
  }

  void Build() {
    built_ = true;
    std::vector<std::string_view> hidden;
    for (const v1::Block& b : ctx_.doc.blocks()) {
      const std::string folded = FoldCase(CollapseSpace(b.text()));
      Join(text_, folded);
      if (b.boilerplate() && (b.rule() == "structure:hidden" || b.rule() == "class:hidden")) {
        hidden.push_back(Trim(b.text()));
        continue;
      }
      Join(shown_, folded);
      if (b.boilerplate() && IsFurnitureRule(b.rule())) continue;
      Join(article_blocks_, folded);
      if (!b.boilerplate()) Join(kept_, folded);
    }
    for (const std::string& b : ctx_.doc.signals().bylines()) {
      const std::string folded = FoldCase(CollapseSpace(b));
      Join(text_, folded);
      // The byline element clean found inside a hidden part is hidden too.
      if (std::find(hidden.begin(), hidden.end(), Trim(b)) != hidden.end()) continue;
      Join(shown_, folded);
      // An author box in the sidebar is still a byline element: it names a writer.
      Join(bylines_, folded);
    }
  }

  const Context& ctx_;
  bool built_ = false;
  std::string text_;
  std::string shown_;
  std::string article_blocks_;  // the blocks outside the furniture and hidden parts.
  std::string bylines_;         // the byline elements outside hidden parts.
  std::string kept_;
};

// The word after `first` at `pos` in `text` when it reads as a surname: one space, a capital,
// letters (a hyphen or an apostrophe inside), then no further capitalised word ("Ole Bergmann
// ist freier Autor", "Todd Bates," but not "Todd Wins Award"); "" otherwise.
std::string_view SurnameAfter(std::string_view text, size_t pos, std::string_view first) {
  size_t i = pos + first.size();
  if (i >= text.size() || text[i] != ' ') return {};
  size_t start = ++i;
  if (i >= text.size()) return {};
  size_t j = i;
  if (!IsUpperLetter(NextCodePoint(text, j))) return {};
  int letters = 1;
  bool upper_only = true;
  size_t end = j;
  while (j < text.size()) {
    size_t k = j;
    char32_t c = NextCodePoint(text, k);
    if (IsLetter(c)) {
      ++letters;
      upper_only &= IsUpperLetter(c);
    } else if (!((c == '-' || c == '\'') && k < text.size() && text[k] >= 'A')) {
      break;
    }
    j = end = k;
  }
  if (letters < 2 || upper_only) return {};
  // A pronoun or an article opening a sentence after the name ("Anselm</a> Ich glaube").
  std::string word = FoldCase(text.substr(start, end - start));
  for (std::string_view w : {"ich", "du",   "er",   "sie", "es",   "wir", "ihr", "der", "die",
                             "das", "ein",  "eine", "the", "a",    "an",  "he",  "she", "we",
                             "it",  "this", "je",   "il",  "elle", "le",  "la",  "les"}) {
    if (word == w) return {};
  }
  // No capitalised word right after: a title-cased phrase is no name.
  if (end + 1 < text.size() && text[end] == ' ') {
    size_t k = end + 1;
    if (IsUpperLetter(NextCodePoint(text, k))) return {};
  }
  return text.substr(start, end - start);
}

// A name given as a first name alone ("Henry", "Todd") that the page writes in full as its
// first name and one surname ("Henrik Lorenz" in the author box): the full name, when the page
// gives exactly one such surname; "" otherwise.
std::string CopyrightHolder(std::string_view text);

std::string FullNameInPage(std::string_view first, const Context& ctx) {
  if (first.empty() || first.find(' ') != std::string_view::npos) return {};
  size_t i0 = 0;
  if (!IsUpperLetter(NextCodePoint(first, i0))) return {};
  std::string_view found;
  auto scan = [&](std::string_view text) {
    for (size_t pos = text.find(first); pos != std::string_view::npos;
         pos = text.find(first, pos + 1)) {
      if (pos > 0) {
        size_t b = pos - 1;
        while (b > 0 && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;
        size_t k = b;
        if (IsLetter(NextCodePoint(text, k))) continue;
      }
      std::string_view surname = SurnameAfter(text, pos, first);
      if (surname.empty()) continue;
      if (found.empty()) {
        found = surname;
      } else if (found != surname) {
        return false;
      }
    }
    return true;
  };
  for (const v1::Block& b : ctx.doc.blocks()) {
    if (!CopyrightHolder(b.text()).empty()) continue;
    if (!scan(b.text())) return {};
  }
  for (const std::string& b : ctx.doc.signals().bylines()) {
    if (!scan(b)) return {};
  }
  if (found.empty()) return {};
  std::string full = std::string(first) + " " + std::string(found);
  if (!NotAPersonReason(full, false).empty()) return {};
  return full;
}

// The one person the page credits in full whose initials `initials` are ("DT" in the author
// element, "... von Dana Tamm steht unter einer Lizenz" in the sidebar): two or three
// capitalised words, none in capitals, their first letters in order, after "von", "by", "©".
// "" when `initials` are not two or three capitals, or the page credits no such name or more
// than one.
std::string FullNameOfInitials(std::string_view initials, const Context& ctx) {
  constexpr size_t kMinInitials = 2;
  constexpr size_t kMaxInitials = 3;
  if (initials.size() < kMinInitials || initials.size() > kMaxInitials) return {};
  for (char c : initials) {
    if (c < 'A' || c > 'Z') return {};
  }
  const size_t n = initials.size();
  std::string found;
  bool ambiguous = false;
  auto scan = [&](std::string_view text) {
    std::vector<std::string_view> words = Split(text, " ");
    for (std::string_view& w : words) {
      while (!w.empty() && (w.back() == ',' || w.back() == '.' || w.back() == ':')) {
        w.remove_suffix(1);
      }
    }
    for (size_t i = 0; i + n <= words.size(); ++i) {
      bool match = true;
      for (size_t k = 0; k < n && match; ++k) {
        std::string_view w = words[i + k];
        match = w.size() >= 2 && w[0] == initials[k] && !IsAllCaps(w);
        for (size_t j = 1; j < w.size() && match; ++j) {
          match = !(w[j] >= '0' && w[j] <= '9') && w[j] != '/' && w[j] != '@';
        }
      }
      // The name is credited ("von Dana Tamm", "by", "©"): German capitalises its nouns, and
      // any two of them ("Die Tiere") could be a name.
      if (match) {
        std::string before = i > 0 ? FoldCase(words[i - 1]) : std::string();
        match = false;
        for (std::string_view credit : {"von", "by", "par", "por", "door", "\u00a9", "(c)"}) {
          match |= before == credit;
        }
      }
      if (!match) continue;
      // A longer run of capitalised words is another name or a title ("Dana Tamm Verlag").
      if (i + n < words.size()) {
        size_t k = 0;
        if (IsUpperLetter(NextCodePoint(words[i + n], k))) continue;
      }
      std::string name(words[i]);
      for (size_t k = 1; k < n; ++k) {
        name += ' ';
        name.append(words[i + k]);
      }
      if (found.empty()) {
        found = std::move(name);
      } else if (found != name) {
        ambiguous = true;
      }
    }
  };
  for (const v1::Block& b : ctx.doc.blocks()) {
    if (b.text().size() < 400) scan(b.text());
    if (ambiguous) return {};
  }
  if (found.empty() || !NotAPersonReason(found, false).empty()) return {};
  return found;
}

// The person a copyright line names ("(c) Paul Winter • Weitere Rechte ...", "Copyright (c)
// 2012- Gregory Szorc. All rights reserved."): two or three capitalised words, none in
// capitals, that read as a person's name; "" for a company, a site or anything else.
std::string CopyrightHolder(std::string_view text) {
  constexpr size_t kMaxLineBytes = 200;
  if (text.size() > kMaxLineBytes) return {};
  size_t at = std::string_view::npos;
  for (std::string_view mark : {"\u00a9", "(c)", "(C)", "Copyright", "copyright"}) {
    size_t pos = text.find(mark);
    if (pos != std::string_view::npos && pos < at) {
      at = pos + mark.size();
    }
  }
  if (at == std::string_view::npos) return {};
  std::string_view rest = text.substr(at);
  // Marks, years and year ranges before the name.
  for (bool more = true; more;) {
    more = false;
    rest = Trim(rest);
    for (std::string_view mark : {"\u00a9", "(c)", "(C)", "by ", "-", "\u2013", ","}) {
      if (rest.starts_with(mark)) {
        rest.remove_prefix(mark.size());
        more = true;
      }
    }
    while (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') {
      rest.remove_prefix(1);
      more = true;
    }
  }
  size_t end = rest.size();
  for (std::string_view stop :
       {"\u2022", "\u00b7", "|", ".", ",", " - ", " \u2013 ", "All ", "Alle ", "Tous ", "Todos "}) {
    end = std::min(end, rest.find(stop));
  }
  std::string_view name = Trim(rest.substr(0, end));
  std::vector<std::string_view> words = Split(name, " ");
  if (words.size() < 2 || words.size() > 3) return {};
  for (std::string_view w : words) {
    size_t k = 0;
    if (!IsUpperLetter(NextCodePoint(w, k)) || IsAllCaps(w)) return {};
  }
  if (!NotAPersonReason(name, false).empty()) return {};
  return std::string(name);
}

}  // namespace

void ChooseAuthors(Context& ctx) {
  v1::Metadata* m = ctx.doc.mutable_metadata();
  std::string byline_agency;
  VisibleText visible(ctx);
  // The people one source names; `quiet` reads it only to compare (nothing logged).
  auto people_of = [&](const AuthorSource& src, bool quiet) {
    bool markup_only = src.source != "dom" && src.source != "text";
    std::vector<std::string> people;
    auto reject = [&](const std::string& value, const std::string& reason) {
      if (!quiet) ctx.log.Reject("authors", src.source, value, reason);
    };
    bool handle_block = false;
    for (const std::string& value : src.values) {
      // Byline blocks: the first that names someone is the article's; later ones belong to
      // teasers, related articles or another part of the page, not a list of co-authors.
      if (src.rule == kBylineBlockRule && (!people.empty() || handle_block)) break;
      std::string_view v = src.source == "dom" || src.source == "text" ? BeforeFirstDigit(value)
                                                                       : std::string_view(value);
      // A byline element that opens with its date ("Dezember 10, 2019 · von walker77 · in
      // Uncategorized"): the name follows the date.
      if (src.source == "dom" && src.from_markup) {
        DateParse d = FindDate(value, ctx.dates);
        if (d.value && Trim(std::string_view(value).substr(0, d.begin)).empty() &&
            d.end < value.size()) {
          v = Trim(std::string_view(value).substr(d.end));
          for (bool more = true; more;) {
            more = false;
            for (std::string_view sep : {"\u00b7", "|", "-", ",", "\u2013", "\u2022"}) {
              if (v.starts_with(sep)) {
                v = Trim(v.substr(sep.size()));
                more = true;
              }
            }
          }
        }
      }
      AuthorSplit split = SplitByline(v, src.from_markup);
      // A byline block of one word that is no marker ("By") names someone too: an account
      // or a handle this source cannot take as a name. The blocks after it are not the
      // article's byline either.
      if (src.rule == kBylineBlockRule && split.people.empty() && !IsBylineMarkerOnly(v) &&
          SplitCount(Trim(v), " ") == 1) {
        for (const auto& r : split.refused) handle_block |= r.reason == "a single word";
      }
      if (!quiet && byline_agency.empty()) byline_agency = split.agency;
      for (const auto& r : split.refused) reject(r.value, r.reason);
      // A markup list that names an organisation beside one-word entries ("VoIP, Call
      // Center"): the words are the page's topics, not accounts.
      bool beside_organisation = false;
      for (const auto& r : split.refused) {
        beside_organisation |= r.reason.starts_with("an organisation");
      }
      for (std::string& p : split.people) {
        if (markup_only && beside_organisation && p.find(' ') == std::string::npos) {
          reject(p, "a word listed beside an organisation: a topic, not a person");
          continue;
        }
        // A blog named after its author shows the name where the author goes: in the author
        // element, or in a dated "Posted in News by mossgarden on ..." line.
        if (IsSiteName(p, ctx) &&
            !((src.rule == "first byline element" || src.rule == kDatedBylineRule) &&
              IsBloggerNamingTheSite(p, ctx))) {
          reject(p, "the site's name, not a person");
          continue;
        }
        if (markup_only) {
          if (std::string why = CallSignReason(p); !why.empty()) {
            reject(p, why);
            continue;
          }
        }
        if (markup_only && !visible.Contains(p) && !HostIsThePersonsName(p, ctx)) {
          reject(p, "named in markup only, not in the page's text");
          continue;
        }
        if (std::string full = FullNameInPage(p, ctx); !full.empty()) {
          reject(p, "a first name alone; the page writes " + full);
          p = std::move(full);
        } else if (std::string named = FullNameOfInitials(p, ctx); !named.empty()) {
          reject(p, "initials; the page writes " + named);
          p = std::move(named);
        }
        bool dup = false;
        for (const std::string& have : people) dup |= NameKey(have) == NameKey(p);
        if (!dup) people.push_back(std::move(p));
      }
    }
    return people;
  };
  const std::vector<AuthorSource> sources = Sources(ctx);
  for (size_t si = 0; si < sources.size(); ++si) {
    const AuthorSource& src = sources[si];
    std::vector<std::string> people = people_of(src, false);
    if (people.empty()) continue;
    std::string rule = src.rule;
    // Names the page writes only in hidden text (a template's vCard of the account that
    // posted the page, in markup and as a hidden byline element) give way to a byline the
    // reader sees that names someone. Only markup and the byline element are checked: byline
    // blocks and lines are what the reader sees.
    if (src.from_markup) {
      bool later_byline = false;
      for (size_t k = si + 1; k < sources.size(); ++k) {
        later_byline |= sources[k].source == "dom" || sources[k].source == "text";
      }
      bool hidden = later_byline;
      for (const std::string& p : people) hidden = hidden && visible.OnlyHidden(p);
      bool shown_byline = false;
      for (size_t k = si + 1; hidden && k < sources.size() && !shown_byline; ++k) {
        const AuthorSource& later = sources[k];
        if (later.source != "dom" && later.source != "text") continue;
        for (const std::string& q : people_of(later, true)) shown_byline |= !visible.OnlyHidden(q);
      }
      if (hidden && shown_byline) {
        for (const std::string& p : people) {
          ctx.log.Reject("authors", src.source, p,
                         "shown only in hidden text, the page's byline names someone");
        }
        continue;
      }
      // The same for the site's owner, whom markup names on every page and the sidebar or
      // footer shows, when a byline the article keeps names someone else.
      bool aside = later_byline && src.source != "dom" && src.source != "text";
      for (const std::string& p : people) aside = aside && visible.OnlyInFurniture(p);
      bool kept_byline = false;
      for (size_t k = si + 1; aside && k < sources.size() && !kept_byline; ++k) {
        const AuthorSource& later = sources[k];
        if (later.source != "dom" && later.source != "text") continue;
        for (const std::string& q : people_of(later, true)) kept_byline |= visible.InArticle(q);
      }
      // A one-word account name that the page shows only in its furniture (a sidebar's
      // "About me" or author box, a footer's login) names who runs the site, not who wrote
      // this page.
      if (src.source != "dom" && src.source != "text" && people.size() == 1 &&
          SplitCount(people[0], " ") == 1 && visible.OnlyInFurnitureBlocks(people[0])) {
        ctx.log.Reject("authors", src.source, people[0],
                       "an account name the page shows only in its furniture");
        continue;
      }
      if (aside && kept_byline) {
        for (const std::string& p : people) {
          ctx.log.Reject("authors", src.source, p,
                         "shown only in the page's furniture, the article's byline names "
                         "someone else");
        }
        continue;
      }
    }
    // Markup that names some of the people the page's byline shows ("By A, B" with JSON-LD
    // author A alone: co-authors and translators are often left out of the markup): the
    // byline's list, in its order — the byline element's, else the first byline block's or
    // "By" line's that names someone.
    if (src.from_markup && src.source != "dom" && src.source != "text") {
      for (const AuthorSource& other : sources) {
        if (other.rule != "first byline element" && other.rule != kBylineBlockRule &&
            other.rule != kByLineRule) {
          continue;
        }
        std::vector<std::string> shown = people_of(other, true);
        if (shown.empty()) continue;
        if (shown.size() <= people.size()) break;
        bool all = true;
        // The added names must read as names written in running text (two words or more,
        // capitalised): "By Sam Fields, NewsUpdated 1011 GMT" adds nobody.
        // and no more than three words, none of them in capitals ("NCFR Housing Rights Project"
        // is a desk).
        for (const std::string& q : shown) {
          std::vector<std::string_view> words = Split(q, " ");
          all &= NotAPersonReason(q, false).empty() && words.size() <= 3;
          for (std::string_view w : words) all &= !IsAllCaps(w);
        }
        for (const std::string& p : people) {
          bool found = false;
          for (const std::string& q : shown) found |= NameKey(p) == NameKey(q);
          all &= found;
        }
        if (all) {
          people = std::move(shown);
          rule += ", completed by the byline element";
          // The agency the byline names beside them ("By A and B, Associated Press").
          for (const std::string& v : other.values) {
            AuthorSplit split = SplitByline(v, other.from_markup);
            if (split.people.empty()) continue;
            if (byline_agency.empty()) byline_agency = split.agency;
            break;
          }
        }
        break;
      }
    }
    if (static_cast<int>(people.size()) > ctx.options.max_authors) {
      ctx.log.Reject("authors", src.source, std::to_string(people.size()) + " names",
                     "more names than max_authors; kept the first ones");
      people.resize(ctx.options.max_authors);
    }
    std::string joined;
    for (const std::string& p : people) {
      if (!joined.empty()) joined += "; ";
      joined += p;
      m->add_authors(p);
    }
    ctx.log.Accept("authors", src.source, rule, joined);
    break;
  }
  // Last, on a personal site (the host is the person's name), the person its copyright line
  // names wrote its pages.
  if (m->authors_size() == 0) {
    const auto& blocks = ctx.doc.blocks();
    for (int i = blocks.size() - 1; i >= 0; --i) {
      std::string holder = CopyrightHolder(blocks[i].text());
      if (holder.empty()) continue;
      std::string first = FoldCase(Split(holder, " ")[0]);
      bool names_the_site = NameKey(holder) == NameKey(m->site_name());
      for (std::string_view article : {"die", "der", "das", "the", "le", "la", "les", "el"}) {
        names_the_site |= first == article;
      }
      if (HostIsThePersonsName(holder, ctx) && !names_the_site) {
        m->add_authors(holder);
        ctx.log.Accept("authors", "text", "copyright line of a personal site", holder);
      } else {
        ctx.log.Reject("authors", "text", holder, "copyright holder of a site named otherwise");
      }
      break;
    }
  }
  // Last, a Chinese page's credit line ("作者：X", else "责任编辑：X", usually under the text or
  // in the page's footer): its Han names are not written like names the rules above can read
  // (no capitals, no spaces).
  if (m->authors_size() == 0) {
    CjkCredit found;
    for (const v1::Block& b : ctx.doc.blocks()) {
      if (b.text().size() < 8) continue;
      CjkCredit c = FindCjkCredit(Trim(b.text()));
      if (c.names.empty() || (!found.names.empty() && c.editor)) continue;
      found = std::move(c);
      if (!found.editor) break;
    }
    std::string joined;
    for (std::string& n : found.names) {
      if (static_cast<int>(m->authors_size()) >= ctx.options.max_authors) break;
      if (!joined.empty()) joined += "; ";
      joined += n;
      m->add_authors(std::move(n));
    }
    if (!joined.empty()) {
      ctx.log.Accept(
          "authors", "text",
          found.editor ? "editor line of a Chinese page" : "credit line of a Chinese page", joined);
    }
  }
  if (!byline_agency.empty() && m->agency().empty()) {
    m->set_agency(byline_agency);
    ctx.log.Accept("agency", "dom", "agency named in the byline", byline_agency);
  }
}

}  // namespace newspipe::extract
