// Canonical URL, section, tags, lead image, description, language, page type.
#include "stages/extract/extract_context.h"
#include "stages/extract/language.h"
#include "stages/extract/text_util.h"

namespace newspipe::extract {
namespace {

constexpr int kMaxTags = 30;
constexpr size_t kMaxDescriptionBytes = 2000;

bool IsHttpUrl(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//");
}

std::string Absolute(const Context& ctx, std::string_view href) {
  href = Trim(href);
  // A scheme with one slash ("http:/example.com/a.jpg", a template's slip) means two.
  for (std::string_view scheme : {"http:/", "https:/"}) {
    if (href.starts_with(scheme) && href.size() > scheme.size() && href[scheme.size()] != '/') {
      return std::string(scheme) + "/" + std::string(href.substr(scheme.size()));
    }
  }
  if (href.starts_with("//")) {
    std::string scheme = ctx.url.starts_with("http://") ? "http:" : "https:";
    return scheme + std::string(href);
  }
  if (IsHttpUrl(href) || ctx.url.empty()) return std::string(href);
  if (href.starts_with("/")) {
    size_t scheme = ctx.url.find("://");
    if (scheme == std::string::npos) return std::string(href);
    size_t path = ctx.url.find('/', scheme + 3);
    return ctx.url.substr(0, path) + std::string(href);
  }
  // A path relative to the page ("index.html", "img/a.jpg"): beside the page's own path.
  size_t scheme = ctx.url.find("://");
  if (scheme == std::string::npos || href.empty() || href.starts_with('#') ||
      href.starts_with('?') || href.find(':') != std::string_view::npos) {
    return std::string(href);
  }
  size_t path = ctx.url.find('/', scheme + 3);
  if (path == std::string::npos) return ctx.url + "/" + std::string(href);
  size_t last_slash = ctx.url.find_last_of('/', ctx.url.find_first_of("?#", path));
  return ctx.url.substr(0, last_slash + 1) + std::string(href);
}

// A value that a template or a script left in a field, not words: an unfilled placeholder
// ("{$category}", "{{ section }}"), markup or code ("<a href=", "document.write(...);").
bool IsTemplateOrCode(std::string_view v) {
  return v.find("{$") != std::string_view::npos || v.find("{{") != std::string_view::npos ||
         v.find_first_of("<>;=") != std::string_view::npos;
}

// A meta description that holds markup ("<p>Text ...</p>", "<I>Updated</I><BR/>"): its text.
std::string WithoutTags(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && i + 1 < s.size()) {
      // A tag's name runs to a space, "/" or ">": "<p>", "<BR/>", "</i>", "<a href=...>"; a
      // ticker in angle brackets ("<EXMP.O>") is text.
      auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
      size_t k = i + 1;
      if (s[k] == '/') ++k;
      size_t name = k;
      while (k < s.size() && (letter(s[k]) || (k > name && s[k] >= '0' && s[k] <= '9'))) ++k;
      bool tag = (k > name && k < s.size() && (s[k] == ' ' || s[k] == '/' || s[k] == '>')) ||
                 s[i + 1] == '!';
      size_t close = s.find('>', i);
      if (tag && close != std::string_view::npos) {
        out += ' ';
        i = close;
        continue;
      }
    }
    out += s[i];
  }
  return CollapseSpace(out);
}

}  // namespace

void ChooseDescriptive(Context& ctx) {
  v1::Metadata* m = ctx.doc.mutable_metadata();
  const auto& sig = ctx.doc.signals();
  // Canonical URL.
  for (const v1::LinkTag& l : sig.links()) {
    if (FoldCase(l.rel()) == "canonical" && !Trim(l.href()).empty()) {
      m->set_canonical_url(Absolute(ctx, l.href()));
      ctx.log.Accept("canonical_url", "dom", "link rel=canonical", m->canonical_url());
      break;
    }
  }
  if (m->canonical_url().empty()) {
    if (const v1::MetaTag* t = ctx.meta.First({"og:url"}); t && IsHttpUrl(t->content())) {
      m->set_canonical_url(Absolute(ctx, t->content()));
      ctx.log.Accept("canonical_url", "og", "og:url", m->canonical_url());
    } else if (IsHttpUrl(ctx.ld.url)) {
      m->set_canonical_url(ctx.ld.url);
      ctx.log.Accept("canonical_url", "jsonld", "url", m->canonical_url());
    }
  }
  // Section.
  if (!ctx.ld.section.empty() && !IsTemplateOrCode(ctx.ld.section)) {
    m->set_section(ctx.ld.section);
    ctx.log.Accept("section", "jsonld", "articleSection", m->section());
  } else if (const v1::MetaTag* t =
                 ctx.meta.First({"article:section", "section", "parsely-section", "category"});
             t != nullptr && !IsTemplateOrCode(t->content())) {
    m->set_section(CollapseSpace(t->content()));
    ctx.log.Accept("section", MetaIndex::SourceOf(*t), "meta " + t->key(), m->section());
  }
  if (m->section().empty() && !ctx.ld.section.empty()) {
    ctx.log.Reject("section", "jsonld", ctx.ld.section, "a template's placeholder or code");
  }
  // Tags.
  std::vector<std::string> tags;
  std::string tag_source;
  if (!ctx.ld.keywords.empty()) {
    tags = ctx.ld.keywords;
    tag_source = "jsonld";
  } else {
    for (const v1::MetaTag* t : ctx.meta.All({"article:tag"})) tags.push_back(t->content());
    tag_source = "og";
    if (tags.empty()) {
      if (const v1::MetaTag* t = ctx.meta.First({"news_keywords", "keywords", "parsely-tags"})) {
        for (std::string_view k : Split(t->content(), ",")) tags.emplace_back(k);
        tag_source = "meta";
      }
    }
  }
  std::vector<std::string> seen;
  for (const std::string& t : tags) {
    std::string v = CollapseSpace(DecodeEntities(t));
    if (v.empty() || Utf8Length(v) > 80) continue;
    // A link or a script's text among the keywords is no tag.
    if (IsTemplateOrCode(v) || StartsWithFolded(v, "http://") || StartsWithFolded(v, "https://") ||
        StartsWithFolded(v, "www.")) {
      ctx.log.Reject("tags", tag_source, v, "a link or code, not a tag");
      continue;
    }
    std::string key = LooseKey(v);
    bool dup = false;
    for (const std::string& s : seen) dup |= s == key;
    if (dup) continue;
    seen.push_back(key);
    m->add_tags(v);
    if (m->tags_size() >= kMaxTags) break;
  }
  if (m->tags_size() > 0) {
    ctx.log.Accept("tags", tag_source, "keywords", std::to_string(m->tags_size()) + " tag(s)");
  }
  // Lead image.
  if (const v1::MetaTag* t = ctx.meta.First({"og:image", "og:image:url", "og:image:secure_url",
                                             "twitter:image", "twitter:image:src"})) {
    m->set_image(Absolute(ctx, t->content()));
    ctx.log.Accept("image", MetaIndex::SourceOf(*t), "meta " + t->key(), m->image());
  } else if (!ctx.ld.image.empty()) {
    m->set_image(Absolute(ctx, ctx.ld.image));
    ctx.log.Accept("image", "jsonld", "image", m->image());
  } else {
    for (const v1::LinkTag& l : sig.links()) {
      if (FoldCase(l.rel()) == "image_src") {
        m->set_image(Absolute(ctx, l.href()));
        ctx.log.Accept("image", "dom", "link rel=image_src", m->image());
        break;
      }
    }
  }
  // Description.
  if (const v1::MetaTag* t = ctx.meta.First(
          {"og:description", "description", "twitter:description", "dc.description"})) {
    std::string d = WithoutTags(DecodeEntities(t->content()));
    d.resize(Utf8Prefix(d, kMaxDescriptionBytes).size());
    m->set_description(d);
    ctx.log.Accept("description", MetaIndex::SourceOf(*t), "meta " + t->key(), d);
  } else if (!ctx.ld.description.empty()) {
    m->set_description(std::string(Utf8Prefix(ctx.ld.description, kMaxDescriptionBytes)));
    ctx.log.Accept("description", "jsonld", "description", m->description());
  }
  // Language: declaration checked against detection on the body.
  std::string declared;
  std::string declared_source;
  if (!sig.html_lang().empty()) {
    declared = sig.html_lang();
    declared_source = "dom";
  } else if (!ctx.ld.language.empty()) {
    declared = ctx.ld.language;
    declared_source = "jsonld";
  } else if (const v1::MetaTag* t =
                 ctx.meta.First({"og:locale", "content-language", "language", "dc.language"})) {
    declared = t->content();
    declared_source = std::string(MetaIndex::SourceOf(*t));
  }
  std::string_view body = ctx.doc.text();
  std::string joined;
  if (body.empty()) {
    for (const v1::Block& b : ctx.doc.blocks()) {
      if (b.boilerplate()) continue;
      joined += b.text();
      joined += '\n';
      if (joined.size() > 20000) break;
    }
    body = joined;
  }
  LanguageChoice lang =
      ChooseLanguage(declared, declared_source, body, ctx.options.language_detection);
  if (!lang.rejected.empty()) {
    ctx.log.Reject("language", declared_source, lang.rejected, lang.rejected_reason);
  }
  if (!lang.code.empty()) {
    m->set_language(lang.code);
    ctx.log.Accept("language", lang.source, lang.rule, lang.code);
  }
  // Page type: a type set upstream (fetch's page-type detection) is kept.
  if (!m->page_type().empty()) return;
  std::string og_type;
  if (const v1::MetaTag* t = ctx.meta.First({"og:type"})) og_type = FoldCase(t->content());
  if (ctx.ld.has_article || og_type == "article" || !m->dateline().empty() || m->has_published()) {
    m->set_page_type("article");
  } else if (og_type == "website") {
    m->set_page_type("website");
  }
}

}  // namespace newspipe::extract
