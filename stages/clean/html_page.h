// HtmlPage: what one walk over a parsed HTML page yields — the elements that shape the page
// (with their tag kind, class/id hints and structural role) and the text blocks in page order,
// each tied to the element that contains it. BuildHtmlPage() parses the page once with libxml2's
// HTML parser and walks the tree without recursion; the same walk fills the page signals
// (title, meta, JSON-LD, links, <time>, h1, bylines) that the extract stage interprets.
// Main-content analysis (main_content.h) then works on this model alone. Not thread-safe; one
// page per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "proto/newspipe.pb.h"
#include "runtime/status.h"

namespace newspipe {

// Structural reasons to drop an element's whole subtree, from its tag, role or attributes.
enum class Structure : uint8_t {
  kNone = 0,
  kNav,     // <nav>, role=navigation|menu|menubar
  kAside,   // <aside>, role=complementary
  kFooter,  // <footer>, role=contentinfo
  kHeader,  // <header>, role=banner
  kHidden,  // hidden attribute, display:none, visibility:hidden, aria-hidden=true
  kDialog,  // <dialog>, role=dialog|alertdialog
  kForm,    // <form> that is not a page wrapper, role=search
};
std::string_view StructureName(Structure s);

struct PageElement {
  int32_t parent = -1;
  uint16_t depth = 0;
  uint16_t tag = 0;  // an HtmlTag value (html_walker.cc)
  Structure structure = Structure::kNone;
  bool body_root = false;  // itemprop=articleBody or an "article-body" style class/id.
  bool article = false;    // <article>, <main>, role=main, role=article.
  bool table_cell = false;
  uint32_t hints = 0;       // class/id hint bits (class_hints.h) of this element alone.
  std::string name;         // lower-case tag name.
  std::string first_class;  // the first word of its class attribute (for DOM paths).
};

struct PageBlock {
  v1::BlockType type = v1::PARAGRAPH;
  std::string text;                    // white space collapsed.
  uint32_t link_chars = 0;             // bytes of `text` inside <a>.
  uint32_t links = 0;                  // <a> elements that contributed text.
  int32_t element = -1;                // the innermost block element around the text.
  uint8_t level = 0;                   // heading level.
  std::string tag;                     // that element's tag name.
  bool in_link_list = false;           // the block is a list item or cell made only of one link.
  bool after_comments_anchor = false;  // the first block after an empty <a name="comments">.
};

struct HtmlPage {
  std::vector<PageElement> elements;   // pre-order: a parent precedes its children.
  std::vector<PageBlock> blocks;       // page order.
  std::vector<int32_t> time_elements;  // element of each signals.times entry (for in_main).
  std::string json_ld_body;            // articleBody of the page's JSON-LD, when present.
  bool truncated = false;              // the walk stopped early (time budget).
};

struct WalkOptions {
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  uint32_t max_depth = 256;     // deeper elements are read as inline text of their ancestor.
  uint32_t max_blocks = 20000;  // past this, text joins the last block.
};

// Parses `html` (UTF-8) and walks it into `page`, filling `signals`. Returns an error only when
// nothing could be parsed; a walk cut short by the deadline sets page->truncated.
Status BuildHtmlPage(std::string_view html, const WalkOptions& options, HtmlPage* page,
                     v1::PageSignals* signals);

// `html` with an unterminated <title> closed where its text plausibly ends (the first '<' or
// line break after it). Returns false (and leaves `out` untouched) when the title is fine.
bool RepairUnterminatedTitle(std::string_view html, std::string* out);

// `html` with each <script> start tag whose quoted attribute value runs past the element's
// "</script" (a missing closing quote: the parser would read on to the next quote mark, deep in
// the page, and hide the article inside the script) closed just before that "</script".
// Returns false (and leaves `out` untouched) when every script tag is well formed.
bool RepairScriptAttributeQuotes(std::string_view html, std::string* out);

// The DOM path of `element` ("body>div.main>p"): tag names with the first class word, root first.
std::string DomPath(const HtmlPage& page, int32_t element);

// DomPath() of many elements of one page: each ancestor's path is built once and extended for
// its children, instead of walking and joining the whole chain for every block. The page must
// outlive the cache and stay unchanged.
class DomPathCache {
 public:
  explicit DomPathCache(const HtmlPage& page);
  // Valid until the next call.
  const std::string& Of(int32_t element);

 private:
  const HtmlPage& page_;
  std::vector<uint32_t> chain_length_;  // elements from the root down to each one, inclusive.
  std::vector<std::string> paths_;
  std::vector<bool> built_;
  std::string scratch_;
};

}  // namespace newspipe
