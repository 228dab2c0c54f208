// Class/id hints: what an element's class and id words say about its role on the page (site
// navigation, share bar, comments, article body, byline, ...). A hand-written scanner over the
// attribute text (no regex): words are split at non-alphanumerics and camelCase humps and
// matched against fixed vocabularies. Pure, safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace newspipe {

// Bits of HintSet::bits.
enum Hint : uint32_t {
  kHintNavigation = 1u << 0,  // nav, menu, breadcrumb, pagination, skip links
  kHintFooter = 1u << 1,      // footer, copyright
  kHintHeader = 1u << 2,      // masthead, site header, top bar
  kHintSidebar = 1u << 3,     // sidebar, rail, widget
  kHintShare = 1u << 4,       // share, social, print/email tools
  kHintAd = 1u << 5,          // ads, sponsors, promos, banners
  kHintRelated = 1u << 6,     // related, recommended, popular, more stories, teasers
  kHintComments = 1u << 7,    // comments, replies, discussion
  kHintCookie = 1u << 8,      // cookie and consent banners
  kHintNewsletter = 1u << 9,  // newsletter, subscribe, sign-up, paywall
  kHintAuthorBox = 1u << 10,  // author bio boxes
  kHintHidden = 1u << 11,     // hidden, screen-reader only, modal, popup
  kHintTags = 1u << 12,       // tags, categories, keywords
  kHintMeta = 1u << 13,       // post meta: dates, info lines
  kHintByline = 1u << 14,     // byline, author name
  kHintDate = 1u << 15,       // date, time stamp
  kHintCaption = 1u << 16,    // caption, credit
  kHintArticle = 1u << 17,    // article, story, entry, post
  kHintBody = 1u << 18,       // body, content, text, main (with kHintArticle: the body root)
  kHintSearch = 1u << 19,     // search, login forms
  kHintCredit = 1u << 20,     // photo credit
};

inline constexpr uint32_t kHintRemove = kHintNavigation | kHintFooter | kHintHeader | kHintSidebar |
                                        kHintShare | kHintAd | kHintRelated | kHintComments |
                                        kHintCookie | kHintNewsletter | kHintAuthorBox |
                                        kHintHidden | kHintTags | kHintSearch;

struct HintSet {
  uint32_t bits = 0;
  // The body-root hint: "article-body", "story-text", "entry-content", "articleBody", ...
  bool body_root = false;
};

// Reads the words of a class or id value (or several, space separated).
HintSet ClassifyClassId(std::string_view value);

// The name of the first removal hint in `bits` ("navigation", "share", ...), "" when none.
std::string_view HintName(uint32_t bits);

}  // namespace newspipe
