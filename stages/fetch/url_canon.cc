#include "stages/fetch/url_canon.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <xxhash.h>

#include "stages/common/text_util.h"

namespace newspipe {
namespace {

int DefaultPort(std::string_view scheme) {
  if (scheme == "http") return 80;
  if (scheme == "https") return 443;
  return 0;
}

// Removes "." and ".." segments (RFC 3986 5.2.4).
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  bool trailing_slash = false;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view seg = path.substr(i, j - i);
    trailing_slash = false;
    if (seg == ".") {
      trailing_slash = true;
    } else if (seg == "..") {
      if (out.size() > 1) out.pop_back();
      trailing_slash = true;
    } else {
      out.push_back(seg);
    }
    i = j + 1;
  }
  std::string result;
  for (size_t k = 0; k < out.size(); ++k) {
    if (k > 0) result += '/';
    result.append(out[k]);
  }
  if (trailing_slash && (result.empty() || result.back() != '/')) result += '/';
  if (result.empty() || result[0] != '/') result.insert(result.begin(), '/');
  return result;
}

}  // namespace

bool IsTrackingParam(std::string_view name) {
  std::string n = AsciiLower(name);
  if (n.rfind("utm_", 0) == 0) return true;
  static constexpr std::string_view kNames[] = {
      "fbclid",     "gclid",       "dclid",       "msclkid", "yclid",   "mc_cid",
      "mc_eid",     "_ga",         "_gl",         "igshid",  "mkt_tok", "ref_src",
      "oly_enc_id", "oly_anon_id", "wt.mc_id",    "cmpid",   "ocid",    "ncid",
      "sr_share",   "at_medium",   "at_campaign", "spm"};
  return std::find(std::begin(kNames), std::end(kNames), n) != std::end(kNames);
}

bool ParseUrl(std::string_view url, ParsedUrl* out) {
  *out = ParsedUrl{};
  // Trim surrounding whitespace.
  while (!url.empty() && static_cast<unsigned char>(url.front()) <= ' ') url.remove_prefix(1);
  while (!url.empty() && static_cast<unsigned char>(url.back()) <= ' ') url.remove_suffix(1);
  size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i) {
    char c = url[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  out->scheme = AsciiLower(url.substr(0, colon));
  std::string_view rest = url.substr(colon + 1);
  if (rest.substr(0, 2) != "//") return false;
  rest.remove_prefix(2);
  size_t auth_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, auth_end);
  rest = auth_end == std::string_view::npos ? std::string_view() : rest.substr(auth_end);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);  // drop userinfo
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') {
      port = authority.substr(close + 2);
    }
  } else {
    size_t pc = authority.rfind(':');
    if (pc != std::string_view::npos) {
      host = authority.substr(0, pc);
      port = authority.substr(pc + 1);
    }
  }
  if (host.empty() && out->scheme != "file") return false;
  out->host = AsciiLower(host);
  while (!out->host.empty() && out->host.back() == '.') out->host.pop_back();
  if (!port.empty()) {
    int p = 0;
    for (char c : port) {
      if (c < '0' || c > '9') return false;
      p = p * 10 + (c - '0');
      if (p > 65535) return false;
    }
    out->port = p;
  }
  size_t hash = rest.find('#');
  if (hash != std::string_view::npos) {
    out->fragment = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  size_t q = rest.find('?');
  if (q != std::string_view::npos) {
    out->query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  out->path = rest.empty() ? "/" : std::string(rest);
  return true;
}

std::string CanonicalUrl(std::string_view url) {
  ParsedUrl u;
  if (!ParseUrl(url, &u)) return "";
  std::string out = u.scheme + "://";
  bool v6 = u.host.find(':') != std::string::npos;
  out += v6 ? "[" + u.host + "]" : u.host;
  if (u.port != 0 && u.port != DefaultPort(u.scheme)) {
    out += ':';
    out += std::to_string(u.port);
  }
  out += RemoveDotSegments(u.path);
  if (!u.query.empty()) {
    std::string kept;
    size_t i = 0;
    while (i <= u.query.size()) {
      size_t j = u.query.find('&', i);
      if (j == std::string::npos) j = u.query.size();
      std::string_view param = std::string_view(u.query).substr(i, j - i);
      std::string_view name = param.substr(0, param.find('='));
      if (!param.empty() && !IsTrackingParam(name)) {
        if (!kept.empty()) kept += '&';
        kept.append(param);
      }
      i = j + 1;
    }
    if (!kept.empty()) out += "?" + kept;
  }
  return out;
}

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  while (!ref.empty() && static_cast<unsigned char>(ref.front()) <= ' ') ref.remove_prefix(1);
  while (!ref.empty() && static_cast<unsigned char>(ref.back()) <= ' ') ref.remove_suffix(1);
  ParsedUrl r;
  if (ParseUrl(ref, &r)) return std::string(ref);
  ParsedUrl b;
  if (!ParseUrl(base, &b)) return "";
  std::string origin = b.scheme + "://";
  origin += b.host.find(':') != std::string::npos ? "[" + b.host + "]" : b.host;
  if (b.port != 0) {
    origin += ':';
    origin += std::to_string(b.port);
  }
  if (ref.substr(0, 2) == "//") return b.scheme + ":" + std::string(ref);
  if (ref.empty()) return std::string(base.substr(0, base.find('#')));
  if (ref[0] == '#')
    return origin + b.path + (b.query.empty() ? "" : "?" + b.query) + std::string(ref);
  if (ref[0] == '?') return origin + b.path + std::string(ref);
  std::string_view tail = ref;
  std::string suffix;
  size_t qh = tail.find_first_of("?#");
  if (qh != std::string_view::npos) {
    suffix = std::string(tail.substr(qh));
    tail = tail.substr(0, qh);
  }
  std::string path;
  if (tail[0] == '/') {
    path = std::string(tail);
  } else {
    size_t slash = b.path.rfind('/');
    path = b.path.substr(0, slash + 1) + std::string(tail);
  }
  return origin + RemoveDotSegments(path) + suffix;
}

std::string HostOf(std::string_view url) {
  ParsedUrl u;
  return ParseUrl(url, &u) ? u.host : "";
}

std::string DocumentId(std::string_view key) {
  XXH64_hash_t h = XXH64(key.data(), key.size(), 0);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace newspipe
