#include "stages/extract/jsonld.h"

#include <unordered_map>

#include <nlohmann/json.hpp>

#include <string_view>

#include "stages/extract/text_util.h"

namespace newspipe::extract {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 12;
constexpr size_t kMaxScriptBytes = 2 << 20;

bool TypeIs(const json& obj, std::initializer_list<std::string_view> names) {
  auto it = obj.find("@type");
  if (it == obj.end()) return false;
  auto match = [&](const json& t) {
    if (!t.is_string()) return false;
    std::string_view s = t.get_ref<const std::string&>();
    size_t slash = s.rfind('/');  // "http://schema.org/NewsArticle"
    if (slash != std::string_view::npos) s = s.substr(slash + 1);
    for (std::string_view n : names) {
      if (s == n) return true;
    }
    return false;
  };
  if (it->is_array()) {
    for (const auto& t : *it) {
      if (match(t)) return true;
    }
    return false;
  }
  return match(*it);
}

std::string TypeName(const json& obj) {
  auto it = obj.find("@type");
  if (it == obj.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_array() && !it->empty() && (*it)[0].is_string()) return (*it)[0].get<std::string>();
  return "";
}

bool IsArticle(const json& obj) {
  return TypeIs(obj, {"NewsArticle",
                      "Article",
                      "ReportageNewsArticle",
                      "AnalysisNewsArticle",
                      "OpinionNewsArticle",
                      "BackgroundNewsArticle",
                      "ReviewNewsArticle",
                      "BlogPosting",
                      "LiveBlogPosting",
                      "TechArticle",
                      "ScholarlyArticle",
                      "SocialMediaPosting",
                      "DiscussionForumPosting",
                      "Report",
                      "Review",
                      "Recipe",
                      "HowTo",
                      "VideoObject",
                      "Event",
                      "Product",
                      "PodcastEpisode"});
}
bool IsNewsArticle(const json& obj) {
  return TypeIs(obj, {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                      "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
                      "BlogPosting", "LiveBlogPosting", "TechArticle", "ScholarlyArticle",
                      "SocialMediaPosting", "DiscussionForumPosting", "Report"});
}
bool IsPage(const json& obj) {
  return TypeIs(obj, {"WebPage", "ItemPage", "AboutPage", "CollectionPage", "ProfilePage", "QAPage",
                      "FAQPage", "MediaGallery", "MedicalWebPage"});
}
bool IsOrganization(const json& obj) {
  // A personal site types its owner as both ("@type": ["Person", "Organization"]).
  if (TypeIs(obj, {"Person"})) return false;
  return TypeIs(obj,
                {"Organization", "NewsMediaOrganization", "Corporation", "WebSite",
                 "EducationalOrganization", "GovernmentOrganization", "LocalBusiness", "Brand"});
}

// A text value: a string, a number, {"@value": ...}, {"name": ...}, or the first of an array.
std::string Text(const json& v, int depth = 0) {
  if (depth > 4) return "";
  if (v.is_string()) return CollapseSpace(DecodeEntities(v.get_ref<const std::string&>()));
  if (v.is_array()) {
    for (const auto& e : v) {
      std::string s = Text(e, depth + 1);
      if (!s.empty()) return s;
    }
    return "";
  }
  if (v.is_object()) {
    for (const char* key : {"@value", "name", "text", "url", "@id"}) {
      auto it = v.find(key);
      if (it != v.end()) return Text(*it, depth + 1);
    }
  }
  return "";
}

std::string Get(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() ? "" : Text(*it);
}

std::string Url(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array() && !v.empty()) return Url(v[0]);
  if (v.is_object()) {
    for (const char* key : {"url", "contentUrl", "@id"}) {
      auto it = v.find(key);
      if (it != v.end()) return Url(*it);
    }
  }
  return "";
}

// Objects of the page's JSON-LD by their "@id", so that a reference ({"@id": "..."}) can be
// followed to the object it names (a Person node elsewhere in an @graph).
using NodeIndex = std::unordered_map<std::string, const json*>;

std::string PersonName(const json& v) {
  std::string name = Get(v, "name");
  if (name.empty()) {
    std::string given = Get(v, "givenName"), family = Get(v, "familyName");
    name = CollapseSpace(given + " " + family);
  }
  return name;
}

void AddAuthors(const json& v, const NodeIndex& nodes, JsonLdFacts* facts, int depth) {
  if (depth > 4) return;
  if (v.is_string()) {
    std::string s = CollapseSpace(DecodeEntities(v.get_ref<const std::string&>()));
    if (!s.empty()) facts->authors.push_back({s, false});
  } else if (v.is_array()) {
    for (const auto& e : v) AddAuthors(e, nodes, facts, depth + 1);
  } else if (v.is_object()) {
    const json* node = &v;
    std::string name = PersonName(v);
    if (name.empty()) {
      if (auto id = v.find("@id"); id != v.end() && id->is_string()) {
        auto it = nodes.find(id->get<std::string>());
        if (it != nodes.end() && it->second != &v) {
          node = it->second;
          name = PersonName(*node);
        }
      }
    }
    if (name.empty()) {
      if (v.contains("@id") && !v.contains("@type")) {
        facts->notes.push_back("author given only as a reference (@id) to nothing on the page");
      }
      return;
    }
    facts->authors.push_back({name, IsOrganization(*node)});
  } else if (!v.is_null()) {
    facts->notes.push_back("author of unexpected JSON type");
  }
}

void Keywords(const json& v, std::vector<std::string>* out) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    for (std::string_view k : Split(s, ",")) out->emplace_back(k);
  } else if (v.is_array()) {
    for (const auto& e : v) {
      if (e.is_string()) out->push_back(CollapseSpace(e.get<std::string>()));
    }
  }
}

void TakeArticle(const json& obj, const NodeIndex& nodes, JsonLdFacts* facts) {
  facts->has_article = true;
  facts->article_type = TypeName(obj);
  facts->headline = Get(obj, "headline");
  if (facts->headline.empty()) facts->headline = Get(obj, "name");
  facts->date_published = Get(obj, "datePublished");
  facts->date_modified = Get(obj, "dateModified");
  facts->date_created = Get(obj, "dateCreated");
  if (auto it = obj.find("datePublished"); it != obj.end() && it->is_number()) {
    facts->notes.push_back("datePublished is a number, not a date");
  }
  if (auto it = obj.find("author"); it != obj.end()) AddAuthors(*it, nodes, facts, 0);
  if (facts->authors.empty()) {
    if (auto it = obj.find("creator"); it != obj.end()) AddAuthors(*it, nodes, facts, 0);
  }
  if (auto it = obj.find("publisher"); it != obj.end()) facts->publisher = Text(*it);
  facts->section = Get(obj, "articleSection");
  if (auto it = obj.find("keywords"); it != obj.end()) Keywords(*it, &facts->keywords);
  if (auto it = obj.find("image"); it != obj.end()) facts->image = Url(*it);
  if (facts->image.empty()) {
    if (auto it = obj.find("thumbnailUrl"); it != obj.end()) facts->image = Url(*it);
  }
  facts->description = Get(obj, "description");
  facts->language = Get(obj, "inLanguage");
  facts->url = Get(obj, "url");
  if (facts->url.empty()) {
    if (auto it = obj.find("mainEntityOfPage"); it != obj.end()) facts->url = Url(*it);
  }
}

struct Walk {
  JsonLdFacts* facts;
  const json* best_article = nullptr;
  bool best_is_news = false;
  const json* page = nullptr;
  NodeIndex nodes;

  void Visit(const json& v, int depth) {
    if (depth > kMaxDepth) return;
    if (v.is_array()) {
      for (const auto& e : v) Visit(e, depth + 1);
      return;
    }
    if (!v.is_object()) return;
    if (auto id = v.find("@id"); id != v.end() && id->is_string() && v.size() > 1) {
      nodes.emplace(id->get<std::string>(), &v);
    }
    if (IsArticle(v)) {
      bool news = IsNewsArticle(v);
      if (!best_article || (news && !best_is_news)) {
        best_article = &v;
        best_is_news = news;
      }
    } else if (IsPage(v) && !page) {
      page = &v;
    } else if (TypeIs(v, {"WebSite"}) && facts->site_name.empty()) {
      facts->site_name = Get(v, "name");
    }
    for (const auto& [key, child] : v.items()) {
      if (key == "@graph" || key == "mainEntity" || key == "itemListElement" || key == "hasPart" ||
          key == "isPartOf" || key == "item") {
        Visit(child, depth + 1);
      }
    }
  }
};

// Removes what pages wrap around JSON-LD: HTML comments, CDATA markers, a trailing semicolon.
std::string Unwrap(std::string_view s) {
  std::string t(Trim(s));
  for (std::string_view junk : {"<!--", "-->", "//<![CDATA[", "//]]>", "<![CDATA[", "]]>"}) {
    size_t pos;
    while ((pos = t.find(junk)) != std::string::npos) t.erase(pos, junk.size());
  }
  std::string_view r = Trim(t);
  while (!r.empty() && r.back() == ';') r = Trim(r.substr(0, r.size() - 1));
  return std::string(r);
}

}  // namespace

JsonLdFacts ReadJsonLd(const google::protobuf::RepeatedPtrField<std::string>& scripts) {
  JsonLdFacts facts;
  std::vector<json> docs;
  docs.reserve(scripts.size());
  for (const std::string& script : scripts) {
    if (script.size() > kMaxScriptBytes) {
      facts.notes.push_back("JSON-LD script too large, skipped");
      continue;
    }
    json j = json::parse(script, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) j = json::parse(Unwrap(script), nullptr, false);
    if (j.is_discarded()) {
      facts.notes.push_back("invalid JSON-LD skipped: " + CollapseSpace(Utf8Prefix(script, 80)));
      continue;
    }
    docs.push_back(std::move(j));
  }
  Walk walk{&facts, nullptr, false, nullptr, {}};
  for (const json& j : docs) walk.Visit(j, 0);
  if (walk.best_article) TakeArticle(*walk.best_article, walk.nodes, &facts);
  if (walk.page) {
    facts.page_date_published = Get(*walk.page, "datePublished");
    facts.page_date_modified = Get(*walk.page, "dateModified");
    if (facts.page_date_published.empty())
      facts.page_date_published = Get(*walk.page, "dateCreated");
    if (!facts.has_article) {
      if (facts.language.empty()) facts.language = Get(*walk.page, "inLanguage");
      if (facts.description.empty()) facts.description = Get(*walk.page, "description");
    }
  }
  return facts;
}

}  // namespace newspipe::extract
