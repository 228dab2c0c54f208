// BuildHtmlPage: one libxml2 parse and one iterative walk (see html_page.h).
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <array>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "stages/clean/class_hints.h"
#include "stages/clean/html_page.h"
#include "stages/common/text_util.h"

namespace newspipe {
namespace {

// What the walk does with an element.
enum TagFlag : uint32_t {
  kBlock = 1u << 0,  // a block boundary: text before and after it are separate blocks.
  kSkip = 1u << 1,   // its subtree carries no readable text.
  kHeading = 1u << 2,
  kListItem = 1u << 3,
  kQuote = 1u << 4,
  kCaption = 1u << 5,
  kPre = 1u << 6,
  kCell = 1u << 7,
  kLink = 1u << 8,
  kBreak = 1u << 9,  // <br>, <hr>: a boundary without children.
};

struct TagInfo {
  std::string_view name;
  uint32_t flags;
};

constexpr TagInfo kTags[] = {
    {"p", kBlock},
    {"div", kBlock},
    {"section", kBlock},
    {"article", kBlock},
    {"main", kBlock},
    {"header", kBlock},
    {"footer", kBlock},
    {"nav", kBlock},
    {"aside", kBlock},
    {"h1", kBlock | kHeading},
    {"h2", kBlock | kHeading},
    {"h3", kBlock | kHeading},
    {"h4", kBlock | kHeading},
    {"h5", kBlock | kHeading},
    {"h6", kBlock | kHeading},
    {"ul", kBlock},
    {"ol", kBlock},
    {"li", kBlock | kListItem},
    {"dl", kBlock},
    {"dt", kBlock | kListItem},
    {"dd", kBlock | kListItem},
    {"table", kBlock},
    {"thead", kBlock},
    {"tbody", kBlock},
    {"tfoot", kBlock},
    {"tr", kBlock},
    {"td", kBlock | kCell},
    {"th", kBlock | kCell},
    {"caption", kBlock | kCaption},
    {"blockquote", kBlock | kQuote},
    {"pre", kBlock | kPre},
    {"figure", kBlock},
    {"figcaption", kBlock | kCaption},
    {"form", kBlock},
    {"fieldset", kBlock},
    {"legend", kBlock},
    {"address", kBlock},
    {"center", kBlock},
    {"body", kBlock},
    {"html", kBlock},
    {"details", kBlock},
    {"summary", kBlock},
    {"dialog", kBlock},
    {"menu", kBlock},
    {"hgroup", kBlock},
    {"frameset", kBlock},
    {"listing", kPre | kBlock},
    {"br", kBreak},
    {"hr", kBreak},
    {"a", kLink},
    {"script", kSkip},
    {"style", kSkip},
    {"noscript", kSkip},
    {"template", kSkip},
    {"svg", kSkip},
    {"math", kSkip},
    {"iframe", kSkip},
    {"object", kSkip},
    {"embed", kSkip},
    {"select", kSkip},
    {"textarea", kSkip},
    {"button", kSkip},
    {"input", kSkip},
    {"canvas", kSkip},
    {"map", kSkip},
    {"audio", kSkip},
    {"video", kSkip},
    {"head", kSkip},
    {"title", kSkip},
    {"meta", kSkip},
    {"link", kSkip},
    {"base", kSkip},
    {"option", kSkip},
    {"optgroup", kSkip},
    {"datalist", kSkip},
    {"noframes", kSkip},
    {"applet", kSkip},
    {"param", kSkip},
    {"source", kSkip},
    {"track", kSkip},
    {"picture", kSkip},
    {"img", kSkip},
    {"label", 0},
    {"xml", kSkip},
    {"noembed", kSkip},
    {"rt", kSkip},  // ruby readings over the base text (furigana) would double it.
    {"rp", kSkip},
};

// The tags above grouped by their first letter, built once: every element of every page is
// looked up, and a first letter leaves a handful of candidates instead of the whole table.
class TagIndex {
 public:
  TagIndex() {
    for (const TagInfo& t : kTags) by_first_[static_cast<unsigned char>(t.name[0])].push_back(&t);
  }
  const TagInfo* Find(std::string_view name) const {
    if (name.empty()) return nullptr;
    for (const TagInfo* t : by_first_[static_cast<unsigned char>(name[0])]) {
      if (t->name == name) return t;
    }
    return nullptr;
  }

 private:
  std::array<std::vector<const TagInfo*>, 256> by_first_;
};

const TagInfo* LookupTag(std::string_view name) {
  static const TagIndex index;
  return index.Find(name);
}

bool HoldsBlocks(const xmlNode* node, std::string_view name) {
  // <head> is read only when a recovering parser left the page's elements inside it (a stray
  // unknown element before <body>); a normal head holds none of the elements below.
  if (name == "script" || name == "style" || name == "title" || name == "svg" || name == "math" ||
      name == "template" || name == "meta" || name == "link") {
    return false;
  }
  bool head = name == "head";
  int seen = 0;
  for (const xmlNode* c = node->children; c != nullptr && seen < 64; c = c->next, ++seen) {
    if (c->type != XML_ELEMENT_NODE || c->name == nullptr) continue;
    std::string_view cn(reinterpret_cast<const char*>(c->name));
    if (head) {
      // Any element that does not belong in a head (an unknown tag that swallowed the page).
      if (cn != "title" && cn != "meta" && cn != "link" && cn != "script" && cn != "style" &&
          cn != "base" && cn != "noscript" && cn != "object" && cn != "template") {
        return true;
      }
      continue;
    }
    if (cn == "p" || cn == "div" || cn == "table" || cn == "tr" || cn == "td" || cn == "ul" ||
        cn == "li" || cn == "h1" || cn == "h2" || cn == "h3" || cn == "span" || cn == "a" ||
        cn == "br" || cn == "center" || cn == "font") {
      return true;
    }
  }
  return false;
}

std::string_view AttrValue(const xmlAttr* a) {
  if (a->children == nullptr || a->children->content == nullptr) return {};
  return reinterpret_cast<const char*>(a->children->content);
}

std::string_view Name(const xmlNode* n) {
  return n->name ? std::string_view(reinterpret_cast<const char*>(n->name)) : std::string_view();
}

// True for a style attribute that hides the element.
bool StyleHides(std::string_view style) {
  std::string compact;
  compact.reserve(style.size());
  for (char c : style) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    compact.push_back(AsciiLowerChar(c));
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

// The text of `node` as it reads: no script, style or other unrendered content, and a space where
// a block element or a <br> separates two pieces ("Name<br>Date" is "Name Date", not "NameDate").
// Walked without recursion (nesting can be deep); stops after about `limit` characters.
std::string NodeText(xmlNode* node, size_t limit) {
  const size_t cap = limit * 4;
  std::string raw;
  auto separates = [](const xmlNode* n) {
    const TagInfo* tag = LookupTag(Name(n));
    return tag != nullptr && (tag->flags & (kBlock | kBreak)) != 0;
  };
  xmlNode* n = node->children;
  while (n != nullptr && raw.size() < cap) {
    bool descend = false;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content != nullptr) raw.append(reinterpret_cast<const char*>(n->content));
    } else if (n->type == XML_ELEMENT_NODE) {
      const TagInfo* tag = LookupTag(Name(n));
      if (tag == nullptr || (tag->flags & kSkip) == 0) {
        if (separates(n)) raw.push_back(' ');
        descend = n->children != nullptr;
      }
    }
    if (descend) {
      n = n->children;
      continue;
    }
    // Leave `n` and every ancestor whose last child it is, up to the next sibling.
    for (;;) {
      if (n->type == XML_ELEMENT_NODE && separates(n)) raw.push_back(' ');
      if (n->next != nullptr) {
        n = n->next;
        break;
      }
      n = n->parent;
      if (n == nullptr || n == node) {
        n = nullptr;
        break;
      }
    }
  }
  if (raw.size() > cap) raw.resize(cap);
  return CollapseWhitespace(raw);
}

// True when the text holds a letter or a digit (any non-ASCII code point counts as one), so
// that separators (" - ", ": ") and empty runs are not taken for parts of a heading.
bool HasWordChar(std::string_view text) {
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
      return true;
  }
  return false;
}

// The pieces of an <h1> that puts a kicker (topic line) in its own element before the headline:
// <h1><span>Topic</span> <span>Headline</span></h1> or <h1><span>Topic</span>Headline</h1>.
// A lone wrapper element is looked through. Empty unless there are two or more pieces, the first
// an element (not a link or an inline title of a work) and short, and no text run starts with
// punctuation (then the element was emphasis inside one headline: "<i>Film</i>: a review").
std::vector<std::string> HeadingParts(xmlNode* node) {
  constexpr size_t kMaxKickerBytes = 120;
  constexpr int kMaxWrapperDepth = 2;
  std::vector<std::string> parts;
  for (int depth = 0; depth <= kMaxWrapperDepth; ++depth) {
    parts.clear();
    xmlNode* only_element = nullptr;
    int elements = 0;
    bool first_is_element = false;
    for (xmlNode* c = node->children; c != nullptr; c = c->next) {
      std::string text;
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
        if (c->content != nullptr) {
          text = CollapseWhitespace(reinterpret_cast<const char*>(c->content));
        }
        if (!text.empty() && !HasWordChar(text)) continue;
        if (!text.empty()) {
          char f = text.front();
          if (f == ':' || f == ',' || f == '.' || f == ';' || f == '-' || f == '|' || f == ')')
            return {};
        }
      } else if (c->type == XML_ELEMENT_NODE) {
        std::string_view n = Name(c);
        if (n == "br" || n == "script" || n == "style" || n == "img") continue;
        ++elements;
        only_element = c;
        text = NodeText(c, 1000);
        if (!HasWordChar(text)) continue;
        if (parts.empty()) {
          first_is_element = n != "a" && n != "i" && n != "em" && n != "cite" && n != "q";
        }
      } else {
        continue;
      }
      if (text.empty()) continue;
      parts.push_back(std::move(text));
    }
    if (parts.size() >= 2) {
      if (!first_is_element || parts.front().size() > kMaxKickerBytes) return {};
      return parts;
    }
    if (elements != 1 || only_element == nullptr) return {};
    node = only_element;
  }
  return {};
}

struct Frame {
  int32_t element;  // the recorded element this frame's text belongs to.
  uint32_t ctx;     // inherited TagFlag bits (kHeading, kListItem, kQuote, kCaption, kPre, kCell,
                    // kLink).
  uint8_t heading;  // heading level when ctx has kHeading.
  bool boundary;    // entering/leaving it flushes the current block.
};

// An empty link target named for the reader comments: <a name="comments"></a>, <a id="respond">.
bool IsCommentsAnchor(const xmlNode* node) {
  static constexpr std::string_view kNames[] = {
      "comments", "comment", "kommentare", "reactions", "respond", "talkback", "readercomments"};
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    std::string_view n = Name(reinterpret_cast<const xmlNode*>(a));
    if (n != "name" && n != "id") continue;
    std::string v = AsciiLower(TrimAscii(AttrValue(a)));
    std::erase(v, '-');
    std::erase(v, '_');
    if (std::find(std::begin(kNames), std::end(kNames), v) != std::end(kNames)) return true;
  }
  return false;
}

class Walker {
 public:
  Walker(const WalkOptions& options, HtmlPage* page, v1::PageSignals* signals)
      : options_(options), page_(page), signals_(signals) {}

  void Run(xmlNode* root);

 private:
  bool Enter(xmlNode* node);  // true when its children are to be walked (a frame was pushed).
  void Leave();
  void AppendText(std::string_view text);
  void Flush();
  void ReadSignalsOfSkipped(xmlNode* node, std::string_view name);
  void ReadMeta(xmlNode* node);
  void ReadLink(xmlNode* node);

  const WalkOptions& options_;
  HtmlPage* page_;
  v1::PageSignals* signals_;
  std::vector<Frame> frames_;
  uint32_t overflow_ = 0;
  std::string text_;
  bool pending_space_ = false;
  uint32_t link_chars_ = 0;
  uint32_t links_ = 0;
  bool seen_title_ = false;
  // The index of the block that follows an empty comment-section anchor, or -1.
  int64_t comments_anchor_block_ = -1;
  // The hints of each class/id value met so far: a page repeats a few values on many elements.
  // Keys point into the parsed page, which outlives the walk.
  std::unordered_map<std::string_view, HintSet> class_hints_;
};

void Walker::Run(xmlNode* root) {
  xmlNode* node = root;
  uint32_t steps = 0;
  while (node != nullptr) {
    if ((++steps & 511) == 0 && std::chrono::steady_clock::now() > options_.deadline) {
      page_->truncated = true;
      break;
    }
    bool descended = false;
    if (node->type == XML_ELEMENT_NODE) {
      descended = Enter(node);
    } else if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content != nullptr) AppendText(reinterpret_cast<const char*>(node->content));
    }
    if (descended) {
      if (node->children != nullptr) {
        node = node->children;
        continue;
      }
      Leave();
    }
    while (node != root && node->next == nullptr) {
      node = node->parent;
      Leave();
    }
    if (node == root) break;
    node = node->next;
  }
  Flush();
}

void Walker::AppendText(std::string_view text) {
  size_t before = text_.size();
  AppendCollapsed(text_, text, &pending_space_);
  if (!frames_.empty() && (frames_.back().ctx & kLink)) {
    link_chars_ += static_cast<uint32_t>(text_.size() - before);
  }
}

void Walker::Flush() {
  pending_space_ = false;
  if (text_.empty()) {
    link_chars_ = 0;
    links_ = 0;
    return;
  }
  const Frame* top = frames_.empty() ? nullptr : &frames_.back();
  if (page_->blocks.size() >= options_.max_blocks) {
    PageBlock& last = page_->blocks.back();
    last.text.push_back(' ');
    last.text += text_;
    last.link_chars += link_chars_;
    text_.clear();
    link_chars_ = 0;
    links_ = 0;
    return;
  }
  PageBlock& b = page_->blocks.emplace_back();
  b.text = std::move(text_);
  text_.clear();
  b.link_chars = link_chars_;
  b.links = links_;
  link_chars_ = 0;
  links_ = 0;
  b.element = top ? top->element : -1;
  if (b.element >= 0) b.tag = page_->elements[static_cast<size_t>(b.element)].name;
  if (comments_anchor_block_ == static_cast<int64_t>(page_->blocks.size() - 1)) {
    b.after_comments_anchor = true;
    comments_anchor_block_ = -1;
  }
  uint32_t ctx = top ? top->ctx : 0;
  if (ctx & kHeading) {
    b.type = v1::HEADING;
    b.level = top->heading;
  } else if (ctx & kCaption) {
    b.type = v1::CAPTION;
  } else if (ctx & kPre) {
    b.type = v1::PREFORMATTED;
  } else if (ctx & kQuote) {
    b.type = v1::QUOTE;
  } else if (ctx & kListItem) {
    b.type = v1::LIST_ITEM;
  } else if (ctx & kCell) {
    b.type = v1::TABLE_CELL;
  } else {
    b.type = v1::PARAGRAPH;
  }
}

void Walker::ReadMeta(xmlNode* node) {
  std::string_view key, attr, content;
  bool has_content = false;
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    std::string_view n = Name(reinterpret_cast<const xmlNode*>(a));
    if (n == "name" || n == "property" || n == "itemprop" || n == "http-equiv") {
      if (key.empty()) {
        key = AttrValue(a);
        attr = n;
      }
    } else if (n == "content") {
      content = AttrValue(a);
      has_content = true;
    }
  }
  if (key.empty() || !has_content || signals_->meta_size() >= 200) return;
  v1::MetaTag* m = signals_->add_meta();
  m->set_key(AsciiLower(TrimAscii(key)));
  m->set_attr(std::string(attr));
  m->set_content(CollapseWhitespace(content));
}

void Walker::ReadLink(xmlNode* node) {
  if (signals_->links_size() >= 100) return;
  std::string_view rel, href, type, hreflang;
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    std::string_view n = Name(reinterpret_cast<const xmlNode*>(a));
    if (n == "rel")
      rel = AttrValue(a);
    else if (n == "href")
      href = AttrValue(a);
    else if (n == "type")
      type = AttrValue(a);
    else if (n == "hreflang")
      hreflang = AttrValue(a);
  }
  if (rel.empty() || href.empty()) return;
  v1::LinkTag* l = signals_->add_links();
  l->set_rel(AsciiLower(TrimAscii(rel)));
  l->set_href(std::string(TrimAscii(href)));
  l->set_type(std::string(type));
  l->set_hreflang(std::string(hreflang));
}

void Walker::ReadSignalsOfSkipped(xmlNode* node, std::string_view name) {
  if (name == "title") {
    if (!seen_title_) {
      seen_title_ = true;
      signals_->set_title_tag(NodeText(node, 2000));
    }
  } else if (name == "meta") {
    ReadMeta(node);
  } else if (name == "link") {
    ReadLink(node);
  } else if (name == "base") {
    for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
      if (Name(reinterpret_cast<const xmlNode*>(a)) == "href" && signals_->base_url().empty()) {
        signals_->set_base_url(std::string(TrimAscii(AttrValue(a))));
      }
    }
  } else if (name == "script") {
    for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
      if (Name(reinterpret_cast<const xmlNode*>(a)) == "type" &&
          FindIgnoreCase(AttrValue(a), "ld+json") != std::string_view::npos &&
          signals_->json_ld_size() < 20) {
        xmlChar* content = xmlNodeGetContent(node);
        if (content != nullptr) {
          // The parser passes a script's bytes through as they came: an invalid sequence
          // would make the document unreadable for the next stage.
          std::string_view raw(reinterpret_cast<const char*>(content));
          signals_->add_json_ld(Utf8Valid(raw) ? std::string(raw) : SanitizeUtf8(raw));
          xmlFree(content);
        }
      }
    }
  } else if (name == "head" || name == "noscript") {
    // <head> holds title/meta/link/script: walk just those (a flat, bounded scan).
    if (name == "noscript") return;
    for (xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      std::string_view cn = Name(c);
      if (cn == "title" || cn == "meta" || cn == "link" || cn == "base" || cn == "script") {
        ReadSignalsOfSkipped(c, cn);
      }
    }
  }
}

bool Walker::Enter(xmlNode* node) {
  std::string_view name = Name(node);
  const TagInfo* info = LookupTag(name);
  uint32_t flags = info ? info->flags : 0;
  if (flags & kSkip) {
    bool holds_blocks = HoldsBlocks(node, name);
    // A walked <head> reads its title/meta/link children as they are entered.
    if (!holds_blocks || name != "head") ReadSignalsOfSkipped(node, name);
    // A recovering parser nests the rest of the page inside an unclosed <noscript>, <iframe>,
    // <select>, <head>, ... : when such an element holds block elements, it is read, not skipped.
    if (!holds_blocks) return false;
    flags = kBlock;
  }
  if (flags & kBreak) {
    Flush();
    return false;
  }
  if ((flags & kLink) && node->children == nullptr && IsCommentsAnchor(node)) {
    // The block after it (after the one being read, if any) opens the comment section.
    comments_anchor_block_ = static_cast<int64_t>(page_->blocks.size() + (text_.empty() ? 0 : 1));
  }
  // Attributes: class/id hints, roles, hidden, itemprop, microdata, signals.
  uint32_t hints = 0;
  bool body_root = false;
  bool article = name == "article" || name == "main";
  Structure structure = Structure::kNone;
  std::string_view class_value, itemprop, rel, datetime, content_attr, title_attr;
  bool has_content_attr = false;
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    std::string_view n = Name(reinterpret_cast<const xmlNode*>(a));
    std::string_view v = AttrValue(a);
    if ((n == "class" || n == "id") && name != "body" && name != "html") {
      // <body>/<html> classes describe the page type and plugins, not a region of the page.
      if (n == "class") class_value = v;
      auto [it, added] = class_hints_.try_emplace(v);
      if (added) it->second = ClassifyClassId(v);
      const HintSet& h = it->second;
      hints |= h.bits;
      body_root = body_root || h.body_root;
    } else if (n == "role") {
      if (v == "navigation" || v == "menu" || v == "menubar")
        structure = Structure::kNav;
      else if (v == "complementary")
        structure = Structure::kAside;
      else if (v == "contentinfo")
        structure = Structure::kFooter;
      else if (v == "banner")
        structure = Structure::kHeader;
      else if (v == "dialog" || v == "alertdialog")
        structure = Structure::kDialog;
      else if (v == "search")
        structure = Structure::kForm;
      else if (v == "main" || v == "article")
        article = true;
    } else if (n == "hidden") {
      structure = Structure::kHidden;
    } else if (n == "aria-hidden") {
      if (v == "true") structure = Structure::kHidden;
    } else if (n == "style") {
      if (StyleHides(v)) structure = Structure::kHidden;
    } else if (n == "itemprop") {
      itemprop = v;
      if (v == "articleBody" || v == "articlebody") body_root = true;
    } else if (n == "rel") {
      rel = v;
    } else if (n == "datetime") {
      datetime = v;
    } else if (n == "content") {
      content_attr = v;
      has_content_attr = true;
    } else if (n == "title") {
      title_attr = v;
    }
  }
  if (structure == Structure::kNone) {
    if (name == "nav")
      structure = Structure::kNav;
    else if (name == "aside")
      structure = Structure::kAside;
    else if (name == "footer")
      structure = Structure::kFooter;
    else if (name == "header")
      structure = Structure::kHeader;
    else if (name == "dialog")
      structure = Structure::kDialog;
    else if (name == "form")
      structure = Structure::kForm;
  }

  // Signals read off elements in the body.
  if (!itemprop.empty() && has_content_attr && signals_->meta_size() < 200) {
    v1::MetaTag* m = signals_->add_meta();
    m->set_key(AsciiLower(itemprop));
    m->set_attr("itemprop");
    m->set_content(CollapseWhitespace(content_attr));
  }
  if (name == "html") {
    for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
      std::string_view n = Name(reinterpret_cast<const xmlNode*>(a));
      if ((n == "lang" || n == "xml:lang") && signals_->html_lang().empty()) {
        signals_->set_html_lang(std::string(TrimAscii(AttrValue(a))));
      }
    }
  }
  bool byline_like = (hints & kHintByline) || FindIgnoreCase(rel, "author") == 0 ||
                     FindIgnoreCase(itemprop, "author") == 0;
  if (byline_like && signals_->bylines_size() < 10) {
    std::string text = NodeText(node, 300);
    if (!text.empty() && text.size() <= 200) signals_->add_bylines(std::move(text));
  }
  if (name == "h1" && signals_->h1_size() < 10) {
    std::string text = NodeText(node, 1000);
    if (!text.empty()) signals_->add_h1(std::move(text));
    if (signals_->h1_parts_size() == 0) {
      for (std::string& part : HeadingParts(node)) signals_->add_h1_parts(std::move(part));
    }
  }

  if (overflow_ > 0 || frames_.size() >= options_.max_depth) {
    ++overflow_;
    return true;
  }

  bool recorded =
      (flags & kBlock) || structure != Structure::kNone || body_root || article ||
      ((hints & (kHintRemove | kHintByline | kHintDate | kHintCaption)) && !(flags & kLink));
  const Frame* parent = frames_.empty() ? nullptr : &frames_.back();
  Frame frame;
  frame.element = parent ? parent->element : -1;
  frame.ctx = parent ? parent->ctx : 0;
  frame.heading = parent ? parent->heading : 0;
  frame.boundary = recorded;
  if (recorded) {
    Flush();
    PageElement& e = page_->elements.emplace_back();
    e.parent = frame.element;
    e.depth = static_cast<uint16_t>(frames_.size());
    e.structure = structure;
    e.body_root = body_root;
    e.article = article;
    e.hints = hints;
    e.table_cell = (flags & kCell) != 0;
    e.name.assign(name);
    size_t end = 0;
    while (end < class_value.size() && class_value[end] != ' ') ++end;
    // Cut at a character boundary: the class ends up in Block.dom_path, a protobuf string that
    // must stay valid UTF-8 or the next stage cannot parse the document.
    size_t cut = std::min<size_t>(end, 24);
    while (cut > 0 && cut < class_value.size() &&
           (static_cast<unsigned char>(class_value[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    e.first_class.assign(class_value.substr(0, cut));
    frame.element = static_cast<int32_t>(page_->elements.size() - 1);
  }
  frame.ctx |= flags & (kHeading | kListItem | kQuote | kCaption | kPre | kCell | kLink);
  if (flags & kHeading) frame.heading = static_cast<uint8_t>(name[1] - '0');
  if ((hints & kHintCaption) && !article && !body_root) frame.ctx |= kCaption;
  if (flags & kLink) ++links_;
  // hAtom and blog templates give the machine date of a post in <abbr title="..."> with a
  // published/updated class or a date itemprop; it is read like a <time>.
  bool abbr_date = name == "abbr" && !title_attr.empty() &&
                   (FindIgnoreCase(itemprop, "date") == 0 ||
                    FindIgnoreCase(class_value, "published") != std::string_view::npos ||
                    FindIgnoreCase(class_value, "updated") != std::string_view::npos);
  if ((name == "time" || abbr_date) && signals_->times_size() < 50) {
    v1::TimeTag* t = signals_->add_times();
    std::string_view machine = abbr_date ? title_attr : datetime.empty() ? content_attr : datetime;
    t->set_datetime(std::string(TrimAscii(machine)));
    t->set_text(NodeText(node, 200));
    t->set_itemprop(std::string(itemprop));
    t->set_class_hint(std::string(class_value.substr(0, 100)));
    page_->time_elements.push_back(frame.element);
  }
  frames_.push_back(frame);
  return true;
}

void Walker::Leave() {
  if (overflow_ > 0) {
    --overflow_;
    return;
  }
  if (frames_.empty()) return;
  if (frames_.back().boundary) Flush();
  frames_.pop_back();
}

}  // namespace

std::string_view StructureName(Structure s) {
  switch (s) {
    case Structure::kNone:
      return "";
    case Structure::kNav:
      return "nav";
    case Structure::kAside:
      return "aside";
    case Structure::kFooter:
      return "footer";
    case Structure::kHeader:
      return "header";
    case Structure::kHidden:
      return "hidden";
    case Structure::kDialog:
      return "dialog";
    case Structure::kForm:
      return "form";
  }
  return "";
}

namespace {

// FindIgnoreCase for a needle that starts with '<': memchr to each '<', then the compare.
size_t FindMarkup(std::string_view html, std::string_view needle, size_t from) {
  while (from < html.size()) {
    const void* hit = std::memchr(html.data() + from, '<', html.size() - from);
    if (hit == nullptr) return std::string_view::npos;
    size_t at = static_cast<size_t>(static_cast<const char*>(hit) - html.data());
    // Most '<' open some other tag: the byte after it turns those away without the compare.
    const bool next_matches =
        needle.size() < 2 ||
        (at + 1 < html.size() && AsciiLowerChar(html[at + 1]) == AsciiLowerChar(needle[1]));
    if (next_matches && StartsWithIgnoreCase(html.substr(at), needle)) return at;
    from = at + 1;
  }
  return std::string_view::npos;
}

}  // namespace

bool RepairUnterminatedTitle(std::string_view html, std::string* out) {
  size_t open = FindMarkup(html.substr(0, std::min<size_t>(html.size(), 65536)), "<title", 0);
  if (open == std::string_view::npos) return false;
  size_t gt = html.find('>', open);
  if (gt == std::string_view::npos) return false;
  // A proper close tag: "</title" followed by optional space and '>'.
  size_t at = gt;
  while ((at = FindMarkup(html, "</title", at)) != std::string_view::npos) {
    size_t j = at + 7;
    while (j < html.size() && (html[j] == ' ' || html[j] == '\t' || html[j] == '\n')) ++j;
    if (j < html.size() && html[j] == '>') return false;
    break;
  }
  size_t end = gt + 1;
  while (end < html.size() && html[end] != '<' && html[end] != '\n' && html[end] != '\r' &&
         end - gt < 300) {
    ++end;
  }
  out->clear();
  out->reserve(html.size() + 8);
  out->append(html.substr(0, end));
  out->append("</title>");
  out->append(html.substr(end));
  return true;
}

bool RepairScriptAttributeQuotes(std::string_view html, std::string* out) {
  // Positions of the "</script" that ends a start tag's unterminated value, with the quote.
  std::vector<std::pair<size_t, char>> repairs;
  size_t pos = 0;
  while ((pos = FindMarkup(html, "<script", pos)) != std::string_view::npos) {
    size_t i = pos + 7;
    if (i >= html.size()) break;
    if (html[i] != ' ' && html[i] != '\t' && html[i] != '\n' && html[i] != '\r' && html[i] != '>') {
      pos = i;
      continue;
    }
    size_t end = FindMarkup(html, "</script", i);
    if (end == std::string_view::npos) break;
    // Walk the attributes up to the tag's '>' (or the end of the element).
    while (i < end) {
      char c = html[i];
      if (c == '>') break;
      if (c == '"' || c == '\'') {
        size_t close = html.find(c, i + 1);
        if (close == std::string_view::npos || close >= end) {
          repairs.emplace_back(end, c);
          break;
        }
        i = close + 1;
        continue;
      }
      ++i;
    }
    pos = end + 8;
  }
  if (repairs.empty()) return false;
  out->clear();
  out->reserve(html.size() + 2 * repairs.size());
  size_t from = 0;
  for (const auto& [at, quote] : repairs) {
    out->append(html.substr(from, at - from));
    out->push_back(quote);
    out->push_back('>');
    from = at;
  }
  out->append(html.substr(from));
  return true;
}

std::string DomPath(const HtmlPage& page, int32_t element) {
  std::vector<int32_t> chain;
  for (int32_t e = element; e >= 0 && chain.size() < 64;
       e = page.elements[static_cast<size_t>(e)].parent) {
    chain.push_back(e);
  }
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const PageElement& e = page.elements[static_cast<size_t>(*it)];
    if (!out.empty()) out.push_back('>');
    out += e.name;
    if (!e.first_class.empty()) {
      out.push_back('.');
      out += e.first_class;
    }
  }
  return out;
}

DomPathCache::DomPathCache(const HtmlPage& page)
    : page_(page),
      chain_length_(page.elements.size(), 0),
      paths_(page.elements.size()),
      built_(page.elements.size(), false) {
  for (size_t e = 0; e < page.elements.size(); ++e) {
    int32_t parent = page.elements[e].parent;
    chain_length_[e] = parent < 0 ? 1 : chain_length_[static_cast<size_t>(parent)] + 1;
  }
}

const std::string& DomPathCache::Of(int32_t element) {
  size_t e = static_cast<size_t>(element);
  // DomPath keeps the 64 nearest elements of a deeper chain: its path is no extension of the
  // parent's, so it is built on its own.
  if (chain_length_[e] > 64) {
    scratch_ = DomPath(page_, element);
    return scratch_;
  }
  if (built_[e]) return paths_[e];
  const PageElement& el = page_.elements[e];
  std::string out;
  if (el.parent >= 0) {
    // Sized once for the whole path: the parent's, '>', the name, '.', the class.
    const std::string& parent = Of(el.parent);
    out.reserve(parent.size() + el.name.size() + el.first_class.size() + 2);
    out = parent;
  }
  if (!out.empty()) out.push_back('>');
  out += el.name;
  if (!el.first_class.empty()) {
    out.push_back('.');
    out += el.first_class;
  }
  paths_[e] = std::move(out);
  built_[e] = true;
  return paths_[e];
}

Status BuildHtmlPage(std::string_view html, const WalkOptions& options, HtmlPage* page,
                     v1::PageSignals* signals) {
  if (html.size() > static_cast<size_t>(INT32_MAX))
    return Status::InvalidArgument("page too large");
  constexpr int kOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                           HTML_PARSE_NONET | HTML_PARSE_COMPACT;
  htmlDocPtr doc =
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", kOptions);
  if (doc == nullptr) return Status::InvalidArgument("the HTML parser produced no document");
  std::unique_ptr<xmlDoc, void (*)(xmlDoc*)> owner(doc, xmlFreeDoc);
  xmlNode* root = xmlDocGetRootElement(doc);
  if (root == nullptr) return Status::InvalidArgument("the page has no root element");
  Walker walker(options, page, signals);
  // A broken attribute quote in <html> makes the parser close it and open a second <html>
  // that holds the whole page: every top-level element is walked.
  for (xmlNode* n = root; n != nullptr; n = n->next) {
    if (n->type == XML_ELEMENT_NODE) walker.Run(n);
  }
  return Status::OK();
}

}  // namespace newspipe
