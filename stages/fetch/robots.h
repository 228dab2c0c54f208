// RobotsRules: the robots.txt rules that apply to one user agent (RFC 9309).
//
// Parsing keeps only the groups for our product token (matched case-insensitively), or the "*"
// groups when none names us; several matching groups are merged. Allowed() picks the longest
// matching rule (allow wins a tie), with "*" wildcards and a "$" end anchor; /robots.txt itself
// is always allowed. Crawl-delay (not in the RFC, widely used) is kept. What a missing or failing
// robots.txt means is the crawler's decision (crawler.h). Immutable after Parse; thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace newspipe {

class RobotsRules {
 public:
  static RobotsRules AllowAll() { return RobotsRules(); }
  static RobotsRules DisallowAll();
  static RobotsRules Parse(std::string_view text, std::string_view agent);

  // `path` is the URL's path plus "?query" when there is one.
  bool Allowed(std::string_view path) const;
  // 0 when the file gave none.
  std::chrono::milliseconds crawl_delay() const { return crawl_delay_; }

 private:
  struct Rule {
    bool allow = false;
    std::string pattern;
  };
  static bool Matches(std::string_view pattern, std::string_view path);

  std::vector<Rule> rules_;
  std::chrono::milliseconds crawl_delay_{0};
};

}  // namespace newspipe
