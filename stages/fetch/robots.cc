#include "stages/fetch/robots.h"

#include <cstdlib>

#include "stages/common/text_util.h"

namespace newspipe {
RobotsRules RobotsRules::DisallowAll() {
  RobotsRules r;
  r.rules_.push_back({false, "/"});
  return r;
}

RobotsRules RobotsRules::Parse(std::string_view text, std::string_view agent) {
  std::string me = AsciiLower(agent);
  struct Group {
    std::vector<std::string> agents;
    std::vector<Rule> rules;
    double delay = -1;
  };
  std::vector<Group> groups;
  bool in_agents = false;  // the previous line was a user-agent line.
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = AsciiLower(TrimAscii(line.substr(0, colon)));
    std::string_view value = TrimAscii(line.substr(colon + 1));
    if (key == "user-agent") {
      if (!in_agents) groups.emplace_back();
      in_agents = true;
      groups.back().agents.push_back(AsciiLower(value));
      continue;
    }
    if (groups.empty()) continue;  // rules before any user-agent line belong to no group.
    if (key == "allow" || key == "disallow") {
      in_agents = false;
      if (value.empty()) continue;  // "Disallow:" with nothing: allows everything.
      groups.back().rules.push_back({key == "allow", std::string(value)});
    } else if (key == "crawl-delay") {
      in_agents = false;
      char* endp = nullptr;
      std::string v(value);
      double d = std::strtod(v.c_str(), &endp);
      if (endp != v.c_str() && d >= 0) groups.back().delay = d;
    } else if (key == "sitemap") {
      // Not group-specific; ignored here.
    } else {
      in_agents = false;
    }
  }
  auto names_us = [&](const Group& g) {
    for (const std::string& a : g.agents) {
      // The product token is matched as a prefix word of the agent line ("newspipe/1.0").
      std::string token = a.substr(0, a.find_first_of(" /"));
      if (!token.empty() && token == me) return true;
    }
    return false;
  };
  auto names_star = [](const Group& g) {
    for (const std::string& a : g.agents) {
      if (a == "*") return true;
    }
    return false;
  };
  RobotsRules result;
  bool found = false;
  double delay = -1;
  for (const Group& g : groups) {
    if (!names_us(g)) continue;
    found = true;
    result.rules_.insert(result.rules_.end(), g.rules.begin(), g.rules.end());
    if (g.delay >= 0) delay = g.delay;
  }
  if (!found) {
    for (const Group& g : groups) {
      if (!names_star(g)) continue;
      result.rules_.insert(result.rules_.end(), g.rules.begin(), g.rules.end());
      if (g.delay >= 0) delay = g.delay;
    }
  }
  if (delay > 0)
    result.crawl_delay_ = std::chrono::milliseconds(static_cast<int64_t>(delay * 1000));
  return result;
}

bool RobotsRules::Matches(std::string_view pattern, std::string_view path) {
  // Iterative wildcard match with backtracking to the last '*'.
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (p == pattern.size() && !anchored) {
      return true;  // a prefix match.
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool RobotsRules::Allowed(std::string_view path) const {
  if (path == "/robots.txt") return true;
  int best_len = -1;
  bool best_allow = true;
  for (const Rule& r : rules_) {
    if (!Matches(r.pattern, path)) continue;
    int len = static_cast<int>(r.pattern.size());
    if (len > best_len || (len == best_len && r.allow)) {
      best_len = len;
      best_allow = r.allow;
    }
  }
  return best_allow;
}

}  // namespace newspipe
