#include "stages/fetch/page_type.h"

#include <vector>

#include "stages/common/text_util.h"
#include "stages/fetch/url_canon.h"

namespace newspipe {
namespace {

// The value of the content attribute of the first <meta> whose property/name is `key`.
std::string MetaContent(const std::string& head, std::string_view key) {
  size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    size_t end = head.find('>', pos);
    if (end == std::string::npos) return "";
    std::string_view tag = std::string_view(head).substr(pos, end - pos);
    pos = end;
    size_t k = tag.find(key);
    if (k == std::string_view::npos) continue;
    char before = k > 0 ? tag[k - 1] : ' ';
    if (before != '"' && before != '\'' && before != '=') continue;
    size_t c = tag.find("content=");
    if (c == std::string_view::npos) continue;
    c += 8;
    char q = c < tag.size() ? tag[c] : ' ';
    if (q == '"' || q == '\'') {
      size_t e = tag.find(q, c + 1);
      return std::string(tag.substr(c + 1, e == std::string_view::npos ? 0 : e - c - 1));
    }
    size_t e = tag.find_first_of(" />", c);
    return std::string(tag.substr(c, e == std::string_view::npos ? tag.size() - c : e - c));
  }
  return "";
}

// Every "@type" value inside ld+json scripts (strings only; arrays are scanned too).
std::vector<std::string> JsonLdTypes(const std::string& head) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = head.find("application/ld+json", pos)) != std::string::npos) {
    size_t start = head.find('>', pos);
    if (start == std::string::npos) break;
    size_t end = head.find("</script", start);
    if (end == std::string::npos) end = head.size();
    std::string_view script = std::string_view(head).substr(start, end - start);
    size_t t = 0;
    while ((t = script.find("\"@type\"", t)) != std::string_view::npos) {
      t += 7;
      size_t colon = script.find(':', t);
      if (colon == std::string_view::npos) break;
      size_t v = script.find_first_not_of(" \t\r\n", colon + 1);
      if (v == std::string_view::npos) break;
      size_t stop = script[v] == '[' ? script.find(']', v) : script.find_first_of(",}", v);
      if (stop == std::string_view::npos) stop = script.size();
      std::string_view values = script.substr(v, stop - v);
      size_t q = 0;
      while ((q = values.find('"', q)) != std::string_view::npos) {
        size_t qe = values.find('"', q + 1);
        if (qe == std::string_view::npos) break;
        out.emplace_back(values.substr(q + 1, qe - q - 1));
        q = qe + 1;
      }
      t = stop;
    }
    pos = end;
  }
  return out;
}

bool IsArticleType(std::string_view t) {
  return t == "newsarticle" || t == "article" || t == "reportagenewsarticle" ||
         t == "blogposting" || t == "analysisnewsarticle" || t == "opinionnewsarticle" ||
         t == "reviewnewsarticle" || t == "backgroundnewsarticle" || t == "liveblogposting";
}

bool IsListingType(std::string_view t) {
  return t == "collectionpage" || t == "itemlist" || t == "searchresultspage" || t == "profilepage";
}

}  // namespace

PageTypeGuess GuessPageType(std::string_view url, std::string_view html) {
  std::string head = AsciiLower(html.substr(0, 64 * 1024));
  for (const std::string& t : JsonLdTypes(head)) {
    if (IsArticleType(t)) return {"article", "jsonld:" + t, "jsonld"};
  }
  std::string og = MetaContent(head, "og:type");
  if (og == "article") return {"article", "og:type=article", "og"};
  for (const std::string& t : JsonLdTypes(head)) {
    if (IsListingType(t)) return {"listing", "jsonld:" + t, "jsonld"};
  }
  ParsedUrl u;
  if (!ParseUrl(url, &u)) return {};
  std::string path = AsciiLower(u.path);
  if (path == "/" || path == "/index.html" || path == "/index.htm" || path == "/index.php" ||
      path == "/home" || path == "/home/") {
    return {"front", "url:root", "url"};
  }
  // Listing segments near the start of a short path: /tag/x, /topics/x/, /category/a/b.
  std::vector<std::string_view> segs;
  std::string_view rest(path);
  while (!rest.empty()) {
    size_t b = rest.find_first_not_of('/');
    if (b == std::string_view::npos) break;
    rest.remove_prefix(b);
    size_t e = rest.find('/');
    segs.push_back(rest.substr(0, e));
    if (e == std::string_view::npos) break;
    rest.remove_prefix(e);
  }
  static constexpr std::string_view kListing[] = {"tag",      "tags",       "topic",  "topics",
                                                  "category", "categories", "author", "authors",
                                                  "archive",  "archives",   "search", "label"};
  if (!segs.empty() && segs.size() <= 3) {
    std::string_view last = segs.back();
    size_t hyphens = 0;
    for (char c : last) hyphens += c == '-';
    bool slug_like = hyphens >= 4 || last.find(".htm") != std::string_view::npos;
    for (size_t i = 0; i < segs.size() && i < 2 && !slug_like; ++i) {
      for (std::string_view k : kListing) {
        if (segs[i] == k) return {"tag", "url:/" + std::string(k) + "/", "url"};
      }
    }
  }
  if (og == "website" && segs.size() <= 1) return {"front", "og:type=website", "og"};
  return {};
}

}  // namespace newspipe
