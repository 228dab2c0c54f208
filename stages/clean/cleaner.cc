#include "stages/clean/cleaner.h"

#include <chrono>
#include <cstring>

#include <nlohmann/json.hpp>

#include "stages/clean/body_text.h"
#include "stages/clean/html_page.h"
#include "stages/clean/main_content.h"
#include "stages/clean/site_model.h"
#include "stages/clean/text_page.h"
#include "stages/common/charset.h"
#include "stages/common/text_util.h"

namespace newspipe {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && EqualsIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

// The articleBody of the page's JSON-LD, white space collapsed; "" when there is none.
std::string JsonLdArticleBody(const v1::PageSignals& signals) {
  for (const std::string& text : signals.json_ld()) {
    if (text.find("articleBody") == std::string::npos) continue;
    nlohmann::json root = nlohmann::json::parse(text, nullptr, false);
    if (root.is_discarded()) continue;
    std::vector<const nlohmann::json*> stack = {&root};
    while (!stack.empty()) {
      const nlohmann::json* j = stack.back();
      stack.pop_back();
      if (j->is_object()) {
        auto it = j->find("articleBody");
        if (it != j->end() && it->is_string()) {
          std::string body = CollapseWhitespace(it->get_ref<const std::string&>());
          if (body.size() >= 200) return body;
        }
        for (const auto& [key, value] : j->items()) {
          if (value.is_structured() && stack.size() < 1000) stack.push_back(&value);
        }
      } else if (j->is_array()) {
        for (const auto& value : *j) {
          if (value.is_structured() && stack.size() < 1000) stack.push_back(&value);
        }
      }
    }
  }
  return "";
}

std::vector<std::string> LowerWords(std::string_view s) {
  std::vector<std::string> out;
  ForEachWord(s, [&](std::string_view w) { out.push_back(AsciiLower(w)); });
  return out;
}

// Share of `block` words that occur in `ref`.
double Containment(const std::vector<std::string>& block, const std::vector<std::string>& ref) {
  if (block.empty()) return 0;
  size_t hit = 0;
  for (const auto& w : block) {
    for (const auto& r : ref) {
      if (w == r) {
        ++hit;
        break;
      }
    }
  }
  return static_cast<double>(hit) / static_cast<double>(block.size());
}

// True when a block's lower-cased `words` are (most of) one of the page's headline texts `refs`
// (lower-cased words too).
bool NamesTheTitle(const std::vector<std::string>& words,
                   const std::vector<std::vector<std::string>>& refs) {
  if (words.size() < 2) return false;
  for (const auto& ref : refs) {
    if (ref.empty()) continue;
    double c = Containment(words, ref);
    double cover = Containment(ref, words);
    if (c >= 0.85 && (cover >= 0.5 || words.size() >= 4)) return true;
  }
  return false;
}

// The headline of a page whose <title>, og:title and h1s name none of its blocks (a title of the
// site's name alone, no h1): the first kept block when it is one short line (three to twenty
// words, not ending like a sentence or a label, not starting in lower case or with a step's
// number) right above a long paragraph of the text, with at most a byline, a date line or a
// caption between. -1 when none.
int HeadlineAboveText(const v1::Document& doc) {
  constexpr int kMaxBetween = 3;
  constexpr size_t kMinNextBytes = 150;
  auto furniture = [](const v1::Block& b) {
    return b.type() == v1::BYLINE || b.type() == v1::METADATA_LINE || b.type() == v1::CAPTION;
  };
  int first = 0;
  while (first < doc.blocks_size() &&
         (doc.blocks(first).boilerplate() || furniture(doc.blocks(first)))) {
    ++first;
  }
  if (first >= doc.blocks_size()) return -1;
  const v1::Block& h = doc.blocks(first);
  if (h.type() != v1::PARAGRAPH && h.type() != v1::TABLE_CELL && h.type() != v1::HEADING) {
    return -1;
  }
  std::string_view text = TrimAscii(h.text());
  size_t words = CountWords(text);
  if (words < 3 || words > 20 || text.empty()) return -1;
  char last = text.back();
  if (last == '.' || last == ',' || last == ':' || last == ';') return -1;
  if (text.front() >= 'a' && text.front() <= 'z') return -1;
  // "1. Start with the cupboard": a numbered step or section of the text, not its headline.
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits > 0 && digits + 1 < text.size() && (text[digits] == '.' || text[digits] == ')') &&
      text[digits + 1] == ' ') {
    return -1;
  }
  int between = 0;
  for (int i = first + 1; i < doc.blocks_size(); ++i) {
    const v1::Block& b = doc.blocks(i);
    if (b.boilerplate()) continue;
    if (furniture(b)) {
      if (++between > kMaxBetween) return -1;
      continue;
    }
    bool text_next = (b.type() == v1::PARAGRAPH || b.type() == v1::TABLE_CELL) &&
                     b.text().size() >= kMinNextBytes;
    return text_next ? first : -1;
  }
  return -1;
}

// Finds the page's headline among the blocks and marks it (rule "title"); drops short kept
// blocks ahead of it inside the main content (section labels, crumbs).
void MarkTitle(v1::Document& doc) {
  const v1::PageSignals& s = doc.signals();
  std::vector<std::vector<std::string>> refs;
  if (!s.title_tag().empty()) refs.push_back(LowerWords(s.title_tag()));
  for (const auto& m : s.meta()) {
    if (m.key() == "og:title" || m.key() == "twitter:title" || m.key() == "headline") {
      refs.push_back(LowerWords(m.content()));
    }
  }
  // An h1 names the block it is: a site's banner set as an h1 ("www.example.com") matches
  // itself. So a block that the <title> or a markup title names wins over an earlier one that
  // only an h1 names.
  std::vector<std::vector<std::string>> h1_refs;
  for (const auto& h : s.h1()) h1_refs.push_back(LowerWords(h));
  int first_body = -1;
  for (int i = 0; i < doc.blocks_size(); ++i) {
    const v1::Block& b = doc.blocks(i);
    if (!b.boilerplate() && b.type() == v1::PARAGRAPH && CountWords(b.text()) >= 15) {
      first_body = i;
      break;
    }
  }
  int limit = first_body < 0 ? doc.blocks_size() : first_body;
  int title = -1;
  int h1_match = -1;
  int first_h1 = -1;
  for (int i = 0; i < limit && title < 0; ++i) {
    const v1::Block& b = doc.blocks(i);
    if (b.type() == v1::HEADING && b.level() == 1 && first_h1 < 0) first_h1 = i;
    bool candidate =
        b.type() == v1::HEADING || (!b.boilerplate() && CountWords(b.text()) <= 30 &&
                                    b.type() != v1::BYLINE && b.type() != v1::METADATA_LINE);
    if (!candidate) continue;
    const std::vector<std::string> words = LowerWords(b.text());
    if (NamesTheTitle(words, refs)) {
      title = i;
    } else if (h1_match < 0 && NamesTheTitle(words, h1_refs)) {
      h1_match = i;
    }
  }
  if (title < 0) title = h1_match;
  if (title < 0 && first_h1 >= 0) title = first_h1;
  if (title < 0) {
    // Only a guess from the layout: the line keeps its type (extract weighs headings as
    // headlines) and is left out of the body by its rule.
    int guess = HeadlineAboveText(doc);
    if (guess >= 0) doc.mutable_blocks(guess)->set_rule("title");
    return;
  }
  v1::Block* t = doc.mutable_blocks(title);
  if (t->type() != v1::HEADING) {
    t->set_type(v1::HEADING);
    t->set_level(1);
  }
  t->set_rule("title");
  // Short kept blocks before the headline: kickers, section labels, crumbs.
  for (int i = 0; i < title; ++i) {
    v1::Block* b = doc.mutable_blocks(i);
    if (!b->boilerplate() && CountWords(b->text()) < 10) {
      b->set_boilerplate(true);
      b->set_rule("before-title");
    }
  }
}

}  // namespace

void AddCleanError(v1::Document& doc, std::string_view code, std::string_view message, bool fatal) {
  v1::Error* e = doc.add_errors();
  e->set_stage("clean");
  e->set_code(std::string(code));
  e->set_message(std::string(message));
  e->set_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count());
  e->set_fatal(fatal);
}

bool IsPlainTextDocument(const v1::Document& doc) {
  const v1::Fetch& f = doc.fetch();
  if (f.format() == v1::Fetch::TEXT) return true;
  if (f.format() == v1::Fetch::HTML) return false;
  if (StartsWithIgnoreCase(f.content_type(), "text/plain")) return true;
  if (StartsWithIgnoreCase(f.content_type(), "text/html") ||
      FindIgnoreCase(f.content_type(), "xhtml") != std::string_view::npos) {
    return false;
  }
  std::string_view path = doc.source().path();
  if (EndsWith(path, ".txt") || EndsWith(path, ".txt.gz")) return true;
  if (EndsWith(path, ".html") || EndsWith(path, ".htm") || EndsWith(path, ".html.gz") ||
      EndsWith(path, ".htm.gz")) {
    return false;
  }
  std::string_view head = std::string_view(f.raw()).substr(0, 2048);
  return FindIgnoreCase(head, "<html") == std::string_view::npos &&
         FindIgnoreCase(head, "<!doctype") == std::string_view::npos &&
         FindIgnoreCase(head, "<body") == std::string_view::npos &&
         FindIgnoreCase(head, "<p") == std::string_view::npos &&
         FindIgnoreCase(head, "<div") == std::string_view::npos;
}

Cleaner::Cleaner(CleanOptions options, SiteModel* site_model)
    : options_(options), site_model_(site_model) {}

Status Cleaner::Clean(v1::Document& doc) {
  auto deadline = std::chrono::steady_clock::now() + options_.time_budget;
  doc.clear_blocks();
  doc.clear_text();
  doc.clear_signals();
  std::string_view raw = doc.fetch().raw();
  if (raw.empty()) {
    AddCleanError(doc, "empty", "the page has no content");
    return Status::OK();
  }
  if (raw.size() > options_.max_bytes) {
    AddCleanError(doc, "too_large",
                  "page of " + std::to_string(raw.size()) + " bytes cut to " +
                      std::to_string(options_.max_bytes));
    raw = raw.substr(0, options_.max_bytes);
  }
  bool text_page = IsPlainTextDocument(doc);
  std::string declared = doc.fetch().charset();
  if (declared.empty()) declared = ContentTypeCharset(doc.fetch().content_type());
  Utf8Conversion utf8 = DecodeToUtf8(raw, declared);
  if (!utf8.warning.empty()) AddCleanError(doc, "charset", utf8.warning);
  if (doc.fetch().charset().empty()) doc.mutable_fetch()->set_charset(utf8.charset);
  // NUL bytes end C strings inside the parser: they carry no text, so they become spaces.
  if (std::memchr(utf8.text.data(), 0, utf8.text.size()) != nullptr) {
    for (char& c : utf8.text) {
      if (c == '\0') c = ' ';
    }
    AddCleanError(doc, "nul_bytes", "NUL bytes in the page were replaced by spaces");
  }
  if (text_page) {
    CleanText(utf8.text, doc);
  } else {
    CleanHtml(utf8.text, doc, deadline);
  }
  if (site_model_ != nullptr) site_model_->Apply(doc);
  doc.set_text(AssembleBody(doc));
  if (doc.text().empty() && doc.blocks_size() > 0) {
    AddCleanError(doc, "no_body", "no article text was found");
  } else if (doc.blocks_size() == 0) {
    AddCleanError(doc, "no_text", "the page has no text");
  } else if (doc.text().size() < options_.min_chars) {
    AddCleanError(doc, "short_body",
                  "the body has fewer than " + std::to_string(options_.min_chars) + " characters");
  }
  return Status::OK();
}

void Cleaner::CleanText(std::string_view text, v1::Document& doc) {
  std::vector<TextBlock> blocks = CleanTextPage(text);
  uint32_t index = 0;
  for (TextBlock& tb : blocks) {
    v1::Block* b = doc.add_blocks();
    b->set_type(tb.type);
    b->set_fingerprint(TextFingerprint(tb.text));
    b->set_text(std::move(tb.text));
    b->set_boilerplate(tb.boilerplate);
    b->set_score(tb.score);
    b->set_rule(std::move(tb.rule));
    b->set_level(tb.level);
    b->set_tag("line");
    b->set_index(index++);
  }
}

void Cleaner::CleanHtml(std::string_view html, v1::Document& doc,
                        std::chrono::steady_clock::time_point deadline) {
  std::string repaired;
  if (RepairUnterminatedTitle(html, &repaired)) {
    AddCleanError(doc, "unterminated_title", "the <title> element was not closed; closed it");
    html = repaired;
  }
  std::string script_repaired;
  if (RepairScriptAttributeQuotes(html, &script_repaired)) {
    AddCleanError(doc, "unterminated_attribute",
                  "a <script> attribute value was not closed; closed it");
    html = script_repaired;
  }
  HtmlPage page;
  WalkOptions walk;
  walk.deadline = deadline;
  walk.max_depth = options_.max_depth;
  v1::PageSignals* signals = doc.mutable_signals();
  Status st = BuildHtmlPage(html, walk, &page, signals);
  if (!st.ok()) {
    AddCleanError(doc, "parse", st.message());
    return;
  }
  if (page.truncated) {
    AddCleanError(doc, "timeout", "the time budget ran out while reading the page");
  }
  ContentOptions content;
  content.keep_comments = options_.keep_comments;
  content.json_ld_body = JsonLdArticleBody(*signals);
  if (!signals->title_tag().empty()) content.headlines.push_back(signals->title_tag());
  for (const auto& m : signals->meta()) {
    if (m.key() == "og:title" && !m.content().empty()) content.headlines.push_back(m.content());
  }
  ContentResult result = DetectMainContent(page, content);
  for (size_t i = 0; i < page.time_elements.size() && static_cast<int>(i) < signals->times_size();
       ++i) {
    int32_t e = page.time_elements[i];
    signals->mutable_times(static_cast<int>(i))
        ->set_in_main(e >= 0 && result.element_in_main[static_cast<size_t>(e)]);
  }
  auto* blocks = doc.mutable_blocks();
  blocks->Reserve(static_cast<int>(page.blocks.size()));
  DomPathCache dom_paths(page);
  for (size_t i = 0; i < page.blocks.size(); ++i) {
    PageBlock& pb = page.blocks[i];
    BlockVerdict& v = result.verdicts[i];
    v1::Block* b = blocks->Add();
    b->set_type(v.type);
    b->set_fingerprint(TextFingerprint(pb.text));
    b->set_text(std::move(pb.text));
    b->set_boilerplate(v.boilerplate);
    b->set_score(v.score);
    b->set_rule(std::move(v.rule));
    b->set_level(pb.level);
    b->set_tag(std::move(pb.tag));
    if (options_.dom_paths && pb.element >= 0) b->set_dom_path(dom_paths.Of(pb.element));
    b->set_link_chars(pb.link_chars);
    b->set_index(static_cast<uint32_t>(i));
    b->set_hint(std::move(v.hint));
  }
  MarkTitle(doc);
}

}  // namespace newspipe
