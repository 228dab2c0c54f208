#include "stages/clean/class_hints.h"

#include <array>

namespace newspipe {
namespace {

struct Stem {
  std::string_view text;
  uint32_t bits;
  enum Match { kExact, kPrefix, kAnywhere } match;
};

// Words are lower-case ASCII. Long stems match anywhere in a word ("mainmenu", "sharebar");
// short or ambiguous ones only as a whole word or a prefix.
constexpr std::array kStems = {
    Stem{"nav", kHintNavigation, Stem::kPrefix},
    Stem{"topnav", kHintNavigation, Stem::kAnywhere},
    Stem{"subnav", kHintNavigation, Stem::kAnywhere},
    Stem{"mainnav", kHintNavigation, Stem::kAnywhere},
    Stem{"navigation", kHintNavigation, Stem::kAnywhere},
    Stem{"menu", kHintNavigation, Stem::kAnywhere},
    Stem{"breadcrumb", kHintNavigation, Stem::kAnywhere},
    Stem{"crumbs", kHintNavigation, Stem::kAnywhere},
    Stem{"pagination", kHintNavigation, Stem::kAnywhere},
    Stem{"pager", kHintNavigation, Stem::kExact},
    Stem{"paging", kHintNavigation, Stem::kExact},
    Stem{"sitemap", kHintNavigation, Stem::kAnywhere},
    Stem{"skiplink", kHintNavigation, Stem::kAnywhere},
    Stem{"jumplinks", kHintNavigation, Stem::kAnywhere},
    Stem{"footer", kHintFooter, Stem::kAnywhere},
    Stem{"foot", kHintFooter, Stem::kExact},
    Stem{"copyright", kHintFooter, Stem::kAnywhere},
    Stem{"colophon", kHintFooter, Stem::kAnywhere},
    Stem{"masthead", kHintHeader, Stem::kAnywhere},
    Stem{"header", kHintHeader, Stem::kAnywhere},
    Stem{"topbar", kHintHeader, Stem::kAnywhere},
    Stem{"branding", kHintHeader, Stem::kAnywhere},
    Stem{"sidebar", kHintSidebar, Stem::kAnywhere},
    Stem{"sidebox", kHintSidebar, Stem::kAnywhere},
    Stem{"sidecol", kHintSidebar, Stem::kAnywhere},
    Stem{"widget", kHintSidebar, Stem::kAnywhere},
    Stem{"rail", kHintSidebar, Stem::kExact},
    Stem{"aside", kHintSidebar, Stem::kExact},
    Stem{"share", kHintShare, Stem::kAnywhere},
    Stem{"sharing", kHintShare, Stem::kAnywhere},
    Stem{"social", kHintShare, Stem::kAnywhere},
    Stem{"sociable", kHintShare, Stem::kAnywhere},
    Stem{"addthis", kHintShare, Stem::kAnywhere},
    Stem{"bookmark", kHintShare, Stem::kAnywhere},
    Stem{"toolbar", kHintShare, Stem::kAnywhere},
    Stem{"tools", kHintShare, Stem::kExact},
    Stem{"toolbox", kHintShare, Stem::kExact},
    Stem{"print", kHintShare, Stem::kExact},
    Stem{"email", kHintShare, Stem::kExact},
    Stem{"follow", kHintShare, Stem::kExact},
    Stem{"ad", kHintAd, Stem::kExact},
    Stem{"ads", kHintAd, Stem::kExact},
    Stem{"adv", kHintAd, Stem::kExact},
    Stem{"advert", kHintAd, Stem::kPrefix},
    Stem{"adsense", kHintAd, Stem::kPrefix},
    Stem{"adslot", kHintAd, Stem::kPrefix},
    Stem{"adbox", kHintAd, Stem::kPrefix},
    Stem{"adunit", kHintAd, Stem::kPrefix},
    Stem{"adwrap", kHintAd, Stem::kPrefix},
    Stem{"adcontainer", kHintAd, Stem::kPrefix},
    Stem{"adzone", kHintAd, Stem::kPrefix},
    Stem{"adspace", kHintAd, Stem::kPrefix},
    Stem{"sponsor", kHintAd, Stem::kAnywhere},
    Stem{"promo", kHintAd, Stem::kAnywhere},
    Stem{"banner", kHintAd, Stem::kAnywhere},
    Stem{"dfp", kHintAd, Stem::kExact},
    Stem{"outbrain", kHintAd, Stem::kAnywhere},
    Stem{"taboola", kHintAd, Stem::kAnywhere},
    Stem{"commercial", kHintAd, Stem::kExact},
    Stem{"related", kHintRelated, Stem::kAnywhere},
    Stem{"recommend", kHintRelated, Stem::kAnywhere},
    Stem{"trending", kHintRelated, Stem::kAnywhere},
    Stem{"popular", kHintRelated, Stem::kAnywhere},
    Stem{"mostread", kHintRelated, Stem::kAnywhere},
    Stem{"morestories", kHintRelated, Stem::kAnywhere},
    Stem{"teaser", kHintRelated, Stem::kAnywhere},
    Stem{"headlines", kHintRelated, Stem::kExact},
    Stem{"comment", kHintComments, Stem::kAnywhere},
    Stem{"disqus", kHintComments, Stem::kAnywhere},
    Stem{"discussion", kHintComments, Stem::kAnywhere},
    Stem{"respond", kHintComments, Stem::kExact},
    Stem{"replies", kHintComments, Stem::kExact},
    Stem{"reply", kHintComments, Stem::kExact},
    Stem{"cookie", kHintCookie, Stem::kAnywhere},
    Stem{"consent", kHintCookie, Stem::kAnywhere},
    Stem{"gdpr", kHintCookie, Stem::kAnywhere},
    Stem{"newsletter", kHintNewsletter, Stem::kAnywhere},
    Stem{"subscribe", kHintNewsletter, Stem::kAnywhere},
    Stem{"subscription", kHintNewsletter, Stem::kAnywhere},
    Stem{"signup", kHintNewsletter, Stem::kAnywhere},
    Stem{"paywall", kHintNewsletter, Stem::kAnywhere},
    Stem{"optin", kHintNewsletter, Stem::kExact},
    Stem{"authorbox", kHintAuthorBox, Stem::kAnywhere},
    Stem{"authorbio", kHintAuthorBox, Stem::kAnywhere},
    Stem{"bio", kHintAuthorBox, Stem::kExact},
    Stem{"biography", kHintAuthorBox, Stem::kExact},
    Stem{"hidden", kHintHidden, Stem::kExact},
    Stem{"hide", kHintHidden, Stem::kExact},
    Stem{"invisible", kHintHidden, Stem::kExact},
    Stem{"visuallyhidden", kHintHidden, Stem::kAnywhere},
    Stem{"screenreader", kHintHidden, Stem::kAnywhere},
    Stem{"modal", kHintHidden, Stem::kAnywhere},
    Stem{"popup", kHintHidden, Stem::kAnywhere},
    Stem{"overlay", kHintHidden, Stem::kExact},
    Stem{"lightbox", kHintHidden, Stem::kAnywhere},
    Stem{"tags", kHintTags, Stem::kExact},
    Stem{"tag", kHintTags, Stem::kExact},
    Stem{"taglist", kHintTags, Stem::kAnywhere},
    Stem{"tagcloud", kHintTags, Stem::kAnywhere},
    Stem{"categories", kHintTags, Stem::kExact},
    Stem{"keywords", kHintTags, Stem::kExact},
    Stem{"search", kHintSearch, Stem::kAnywhere},
    Stem{"login", kHintSearch, Stem::kAnywhere},
    Stem{"signin", kHintSearch, Stem::kAnywhere},
    Stem{"meta", kHintMeta, Stem::kExact},
    Stem{"postmeta", kHintMeta, Stem::kAnywhere},
    Stem{"entrymeta", kHintMeta, Stem::kAnywhere},
    Stem{"byline", kHintByline, Stem::kAnywhere},
    Stem{"author", kHintByline, Stem::kAnywhere},
    Stem{"writer", kHintByline, Stem::kExact},
    Stem{"reporter", kHintByline, Stem::kExact},
    Stem{"contributor", kHintByline, Stem::kPrefix},
    Stem{"date", kHintDate, Stem::kPrefix},
    Stem{"dateline", kHintDate, Stem::kAnywhere},
    Stem{"time", kHintDate, Stem::kExact},
    Stem{"timestamp", kHintDate, Stem::kAnywhere},
    Stem{"published", kHintDate, Stem::kExact},
    Stem{"pubdate", kHintDate, Stem::kAnywhere},
    Stem{"updated", kHintDate, Stem::kExact},
    Stem{"posted", kHintDate, Stem::kExact},
    Stem{"caption", kHintCaption, Stem::kAnywhere},
    Stem{"cutline", kHintCaption, Stem::kAnywhere},
    Stem{"credit", kHintCredit, Stem::kAnywhere},
    Stem{"article", kHintArticle, Stem::kAnywhere},
    Stem{"story", kHintArticle, Stem::kAnywhere},
    Stem{"entry", kHintArticle, Stem::kExact},
    Stem{"hentry", kHintArticle, Stem::kExact},
    Stem{"post", kHintArticle, Stem::kExact},
    Stem{"blogpost", kHintArticle, Stem::kAnywhere},
    Stem{"body", kHintBody, Stem::kAnywhere},
    Stem{"content", kHintBody, Stem::kAnywhere},
    Stem{"text", kHintBody, Stem::kAnywhere},
    Stem{"main", kHintBody, Stem::kExact},
    Stem{"copy", kHintBody, Stem::kExact},
};

// The letters a-z that occur in `s`, one bit each; any other byte sets bit 31 (words hold only
// a-z, so a stem with such a byte never matches).
constexpr uint32_t LetterMask(std::string_view s) {
  uint32_t mask = 0;
  for (char c : s) mask |= (c >= 'a' && c <= 'z') ? 1u << (c - 'a') : 1u << 31;
  return mask;
}

// A stem matches (exactly, as a prefix or anywhere) only a word that holds all its letters: the
// masks rule out most of the stems for a word before any comparison.
constexpr auto kStemMasks = [] {
  std::array<uint32_t, kStems.size()> masks{};
  for (size_t i = 0; i < kStems.size(); ++i) masks[i] = LetterMask(kStems[i].text);
  return masks;
}();

bool Matches(const Stem& stem, std::string_view word) {
  switch (stem.match) {
    case Stem::kExact:
      return word == stem.text;
    case Stem::kPrefix:
      return word.substr(0, stem.text.size()) == stem.text;
    case Stem::kAnywhere:
      return word.find(stem.text) != std::string_view::npos;
  }
  return false;
}

// Two-word phrases that mean more than their words ("most read", "author bio", "sr only").
uint32_t PairBits(std::string_view prev, std::string_view word) {
  if (prev == "most" && (word == "read" || word == "viewed" || word == "emailed" ||
                         word == "commented" || word == "shared")) {
    return kHintRelated;
  }
  if (prev == "more" && (word == "stories" || word == "news" || word == "articles")) {
    return kHintRelated;
  }
  if (prev == "read" && word == "more") return kHintRelated;
  if (prev == "you" && (word == "may" || word == "might")) return kHintRelated;
  if (prev == "author" && (word == "box" || word == "bio" || word == "info" || word == "about" ||
                           word == "profile" || word == "card")) {
    return kHintAuthorBox;
  }
  if (prev == "about" && word == "author") return kHintAuthorBox;
  if (prev == "sr" && word == "only") return kHintHidden;
  if (prev == "skip" && (word == "link" || word == "links" || word == "to" || word == "nav")) {
    return kHintNavigation;
  }
  if (prev == "site" && (word == "info" || word == "header")) return kHintFooter;
  return 0;
}

}  // namespace

HintSet ClassifyClassId(std::string_view value) {
  HintSet out;
  char word_buf[64];
  char prev_buf[64];
  size_t prev_len = 0;
  size_t len = 0;
  bool has_article_body_word = false;
  // Within one class name: past a BEM modifier mark ("--"), and the removal bits of the words
  // before it.
  bool in_modifier = false;
  uint32_t block_bits = 0;
  auto finish = [&]() {
    if (len == 0) return;
    std::string_view word(word_buf, len);
    // "commentary" names an opinion piece, not reader comments; "label-hidden" hides a field's
    // label, not the field.
    uint32_t suppressed = 0;
    if (word == "commentary" || word == "commentaries") suppressed |= kHintComments;
    if ((word == "hidden" || word == "hide") && std::string_view(prev_buf, prev_len) == "label") {
      suppressed |= kHintHidden;
    }
    // Page builders name every content column "elementor-widget-...".
    if (word == "widget" && std::string_view(prev_buf, prev_len) == "elementor") {
      suppressed |= kHintSidebar;
    }
    // States, not regions: "has-ads", "with-sidebar", "has-comments", "is-promoted",
    // "node--promoted" (only hiding stays what it says).
    std::string_view before(prev_buf, prev_len);
    if (before == "has" || before == "with" || before == "contains" || word == "promoted") {
      suppressed |= kHintRemove & ~kHintHidden;
    }
    // An "ads" modifier of a block that is no boilerplate region marks a section that holds ad
    // slots ("TestReport__Section--Ads"); other modifiers keep their meaning
    // ("node--view-mode-teaser").
    if (in_modifier && (block_bits & kHintRemove) == 0) suppressed |= kHintAd;
    const uint32_t word_mask = LetterMask(word);
    for (size_t k = 0; k < kStems.size(); ++k) {
      if ((kStemMasks[k] & ~word_mask) != 0) continue;
      const Stem& stem = kStems[k];
      if (!Matches(stem, word)) continue;
      out.bits |= stem.bits & ~suppressed;
      if (!in_modifier) block_bits |= stem.bits;
    }
    // "teaser-text" / "teaser-lead" is an article's lead paragraph, not a teaser list.
    if ((word == "text" || word == "lead") && std::string_view(prev_buf, prev_len) == "teaser") {
      out.bits &= ~kHintRelated;
    }
    // Compounds of an article word and a body word in one token ("articlebody", "storytext").
    bool art = word.find("article") != std::string_view::npos ||
               word.find("story") != std::string_view::npos ||
               word.find("entry") != std::string_view::npos ||
               word.find("post") != std::string_view::npos;
    bool body = word.find("body") != std::string_view::npos ||
                word.find("content") != std::string_view::npos ||
                word.find("text") != std::string_view::npos;
    if (art && body) has_article_body_word = true;
    std::string_view prev(prev_buf, prev_len);
    if (prev_len > 0) {
      out.bits |= PairBits(prev, word);
      bool prev_art = prev == "article" || prev == "story" || prev == "entry" || prev == "post";
      bool body_word = word == "body" || word == "content" || word == "text" || word == "copy";
      if (prev_art && body_word) has_article_body_word = true;
    }
    std::copy(word_buf, word_buf + len, prev_buf);
    prev_len = len;
    len = 0;
  };
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    // Taxonomy classes that blog engines put on the article wrapper ("tag-economy",
    // "category-news", "format-standard", "postid-42") describe the post, not a page region.
    if (i == 0 || value[i - 1] == ' ') {
      std::string_view rest = value.substr(i);
      bool taxonomy = false;
      for (std::string_view p : {"tag-", "category-", "format-", "status-", "postid-", "type-",
                                 "post-format-", "single-format-"}) {
        taxonomy = taxonomy || rest.substr(0, p.size()) == p;
      }
      if (taxonomy) {
        while (i < value.size() && value[i] != ' ') ++i;
        finish();
        prev_len = 0;
        continue;
      }
    }
    bool upper = c >= 'A' && c <= 'Z';
    bool lower = c >= 'a' && c <= 'z';
    bool digit = c >= '0' && c <= '9';
    if (!(upper || lower || digit)) {
      finish();
      if (c == ' ') {  // a new class name: no phrase across names.
        prev_len = 0;
        in_modifier = false;
        block_bits = 0;
      } else if (c == '-' && i + 1 < value.size() && value[i + 1] == '-') {
        in_modifier = true;
      }
      continue;
    }
    // camelCase hump: "articleBody" -> "article", "body".
    if (upper && len > 0 && i > 0 && value[i - 1] >= 'a' && value[i - 1] <= 'z') finish();
    if (digit) {  // "sidebar2", "ad300x250": digits end a word and carry nothing.
      finish();
      continue;
    }
    if (len < sizeof word_buf) word_buf[len++] = upper ? static_cast<char>(c + 32) : c;
  }
  finish();
  out.body_root = has_article_body_word;
  return out;
}

std::string_view HintName(uint32_t bits) {
  static constexpr std::pair<uint32_t, std::string_view> kNames[] = {
      {kHintCookie, "cookie"},
      {kHintNewsletter, "newsletter"},
      {kHintComments, "comments"},
      {kHintShare, "share"},
      {kHintRelated, "related"},
      {kHintAd, "ad"},
      {kHintAuthorBox, "author-box"},
      {kHintNavigation, "navigation"},
      {kHintFooter, "footer"},
      {kHintHeader, "header"},
      {kHintSidebar, "sidebar"},
      {kHintHidden, "hidden"},
      {kHintTags, "tags"},
      {kHintSearch, "search"},
  };
  for (const auto& [bit, name] : kNames) {
    if (bits & bit) return name;
  }
  return "";
}

}  // namespace newspipe
