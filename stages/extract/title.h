// The article's title: chosen among the headline candidates a page offers (JSON-LD headline,
// og:title, twitter:title, Dublin Core, itemprop headline, <h1>, <title>) and stripped of the
// site name the page glues to it ("... | Reuters", "BBC News - ..."). Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newspipe::extract {

struct TitleCandidate {
  std::string source;  // jsonld, og, twitter, dc, itemprop, dom
  std::string rule;    // e.g. "og:title", "h1", "title tag"
  std::string text;
};

struct TitleInputs {
  std::vector<TitleCandidate> meta;      // markup titles in trust order.
  std::vector<std::string> h1;           // <h1> texts in page order.
  std::vector<std::string> headings;     // first level-1/2 heading blocks, when there is no <h1>.
  std::vector<std::string> block_texts;  // short heading/paragraph blocks near the top, in order.
  std::string body_heading;  // the heading right before the first body paragraph, if any.
  std::string title_tag;
  std::vector<std::string> site_names;  // og:site_name, publisher, application-name, ...
  std::string host;                     // e.g. "www.reuters.com"
};

struct TitleChoice {
  std::string title;
  std::string source;
  std::string rule;
  struct Rejected {
    std::string source;
    std::string value;
    std::string reason;
  };
  std::vector<Rejected> rejected;
};

TitleChoice ChooseTitle(const TitleInputs& inputs);

// A section or site label rather than a headline: at most three words, none of them starting
// with a lower-case letter or a digit ("NBA", "Local Sports Wire", "News & Gossip").
bool LooksLikeLabel(std::string_view text);

// True when `label` has a word that names a newspaper, a section or a service ("Local Sports
// Wire", "Lakeside Daily Herald", "Lifestyle & Entertainment"), not a topic.
bool NamesASection(std::string_view label);

// Removes leading and trailing pieces that name the site: "Headline | Site", "Site - Headline".
// The host of the page a web archive's copy stands for ("https://web.archive.org/web/2016.../
// http://www.example.com/post" -> "www.example.com"), lower-cased; "" for any other URL.
std::string ArchivedPageHost(std::string_view url);

std::string StripSiteName(std::string_view title, const std::vector<std::string>& site_names,
                          std::string_view host);

// The title without a leading kicker: `parts` are the pieces of the page's <h1> (kicker first,
// then the headline; see PageSignals.h1_parts). When `title` starts with the kicker followed by
// a separator (":", "-", "–", "—", "|") or directly by the headline piece, returns the rest;
// otherwise returns "".
std::string DropKicker(std::string_view title, const std::vector<std::string>& parts);

// The title without the appendix a heading sets after the headline in its own element when
// that appendix opens with a comma or a semicolon ("Headline <small>, Topic: Science</small>"):
// a tag line or a screen reader's label, not the headline's words. `parts` as for DropKicker.
// Returns "" when the title has no such appendix.
// `title` without the arrows a layout sets around it ("\u00bb Headline \u00ab", "\u203a
// Headline"): pointing inward with a space inside, they are no quote marks (German quotes sit
// tight, "\u00bbWord\u00ab"; French ones open with "\u00ab"). `title` as it is otherwise.
std::string WithoutArrows(std::string_view title);

std::string DropHeadingAppendix(std::string_view title, const std::vector<std::string>& parts);

}  // namespace newspipe::extract
