#include "stages/fetch/feed_parser.h"

#include <cstring>
#include <ctime>
#include <memory>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zlib.h>

#include "stages/fetch/url_canon.h"

namespace newspipe {
namespace {

using XmlDoc = std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)>;

XmlDoc ReadXml(std::string_view xml) {
  int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
  return XmlDoc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr, options),
                xmlFreeDoc);
}

bool Named(const xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE &&
         std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

std::string Text(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  if (c == nullptr) return "";
  std::string s(reinterpret_cast<const char*>(c));
  xmlFree(c);
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string Attr(const xmlNode* n, const char* name) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (std::strcmp(reinterpret_cast<const char*>(a->name), name) == 0) {
      xmlChar* v = xmlNodeListGetString(n->doc, a->children, 1);
      std::string s = v ? reinterpret_cast<const char*>(v) : "";
      if (v) xmlFree(v);
      return s;
    }
  }
  return "";
}

const xmlNode* Child(const xmlNode* n, const char* name) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (Named(c, name)) return c;
  }
  return nullptr;
}

FeedItem ReadItem(const xmlNode* item, const std::string& base, bool atom) {
  FeedItem it;
  if (const xmlNode* t = Child(item, "title")) it.title = Text(t);
  std::string link;
  if (atom) {
    // rel="alternate" (or no rel) is the page; other rels (self, enclosure, ...) are not.
    for (const xmlNode* c = item->children; c != nullptr; c = c->next) {
      if (!Named(c, "link")) continue;
      std::string rel = Attr(c, "rel");
      if (rel.empty() || rel == "alternate") {
        link = Attr(c, "href");
        break;
      }
    }
  } else {
    if (const xmlNode* l = Child(item, "link")) link = Text(l);
    if (link.empty()) {
      if (const xmlNode* g = Child(item, "guid")) {
        std::string permalink = Attr(g, "isPermaLink");
        if (permalink != "false") link = Text(g);
      }
    }
    if (link.empty()) link = Attr(item, "about");  // RSS 1.0 rdf:about
  }
  if (!link.empty()) it.url = ResolveUrl(base, link);
  return it;
}

}  // namespace

Result<std::vector<FeedItem>> ParseFeed(std::string_view xml, const std::string& feed_url) {
  XmlDoc doc = ReadXml(xml);
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) return Status::InvalidArgument("not XML: " + feed_url);
  std::vector<FeedItem> items;
  if (Named(root, "feed")) {
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (Named(c, "entry")) items.push_back(ReadItem(c, feed_url, true));
    }
  } else if (Named(root, "rss") || Named(root, "RDF")) {
    // RSS 2.0 nests items in <channel>; RSS 1.0 puts them beside it.
    auto scan = [&](const xmlNode* parent) {
      for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
        if (Named(c, "item")) items.push_back(ReadItem(c, feed_url, false));
      }
    };
    scan(root);
    if (const xmlNode* channel = Child(root, "channel")) scan(channel);
  } else {
    return Status::InvalidArgument(feed_url + ": not an RSS or Atom feed (root element <" +
                                   reinterpret_cast<const char*>(root->name) + ">)");
  }
  std::vector<FeedItem> kept;
  kept.reserve(items.size());
  for (FeedItem& it : items) {
    if (!it.url.empty()) kept.push_back(std::move(it));
  }
  return kept;
}

int64_t ParseW3cDate(std::string_view s) {
  auto num = [&](size_t pos, size_t len, int* out) {
    if (pos + len > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
  };
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t'))
    s.remove_prefix(1);
  std::tm tm{};
  int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0;
  if (!num(0, 4, &y)) return 0;
  size_t p = 4;
  if (p < s.size() && s[p] == '-') {
    if (!num(5, 2, &mo)) return 0;
    p = 7;
    if (p < s.size() && s[p] == '-') {
      if (!num(8, 2, &d)) return 0;
      p = 10;
    }
  }
  int offset_min = 0;
  if (p < s.size() && (s[p] == 'T' || s[p] == ' ')) {
    if (!num(p + 1, 2, &h) || p + 3 >= s.size() || s[p + 3] != ':' || !num(p + 4, 2, &mi)) return 0;
    p += 6;
    if (p < s.size() && s[p] == ':') {
      if (!num(p + 1, 2, &sec)) return 0;
      p += 3;
      if (p < s.size() && s[p] == '.') {
        ++p;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
      }
    }
    if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
      int oh = 0, om = 0;
      if (!num(p + 1, 2, &oh)) return 0;
      size_t q = p + 3;
      if (q < s.size() && s[q] == ':') ++q;
      num(q, 2, &om);
      offset_min = (oh * 60 + om) * (s[p] == '-' ? -1 : 1);
    }
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  return static_cast<int64_t>(timegm(&tm)) - offset_min * 60;
}

Status Gunzip(std::string_view in, uint64_t max_bytes, std::string* out, bool* truncated) {
  out->clear();
  *truncated = false;
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return Status::Internal("inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char buf[64 * 1024];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return Status::Corruption(std::string("inflate: ") + (zs.msg ? zs.msg : "bad data"));
    }
    size_t n = sizeof buf - zs.avail_out;
    if (out->size() + n > max_bytes) {
      out->append(buf, max_bytes - out->size());
      *truncated = true;
      break;
    }
    out->append(buf, n);
    if (rc == Z_STREAM_END && zs.avail_in > 0) {
      // Another gzip member follows.
      if (inflateReset(&zs) != Z_OK) break;
      rc = Z_OK;
    }
    if (n == 0 && zs.avail_in == 0 && rc != Z_STREAM_END) break;  // truncated input.
  }
  inflateEnd(&zs);
  return Status::OK();
}

Result<Sitemap> ParseSitemap(std::string_view body, const std::string& sitemap_url,
                             uint64_t max_bytes) {
  std::string inflated;
  if (body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
      static_cast<unsigned char>(body[1]) == 0x8b) {
    bool truncated = false;
    NP_RETURN_IF_ERROR(Gunzip(body, max_bytes, &inflated, &truncated));
    body = inflated;
  }
  XmlDoc doc = ReadXml(body);
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) return Status::InvalidArgument("not XML: " + sitemap_url);
  Sitemap sm;
  const char* entry_name;
  if (Named(root, "sitemapindex")) {
    sm.is_index = true;
    entry_name = "sitemap";
  } else if (Named(root, "urlset")) {
    entry_name = "url";
  } else {
    return Status::InvalidArgument(sitemap_url + ": not a sitemap (root element <" +
                                   reinterpret_cast<const char*>(root->name) + ">)");
  }
  for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
    if (!Named(c, entry_name)) continue;
    SitemapEntry e;
    if (const xmlNode* loc = Child(c, "loc")) e.url = ResolveUrl(sitemap_url, Text(loc));
    if (e.url.empty()) continue;
    if (const xmlNode* lm = Child(c, "lastmod")) e.lastmod_unix = ParseW3cDate(Text(lm));
    if (const xmlNode* news = Child(c, "news")) {
      if (const xmlNode* pd = Child(news, "publication_date")) {
        int64_t t = ParseW3cDate(Text(pd));
        if (t > e.lastmod_unix) e.lastmod_unix = t;
      }
    }
    sm.entries.push_back(std::move(e));
  }
  return sm;
}

}  // namespace newspipe
