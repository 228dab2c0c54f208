#include "stages/clean/text_page.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "stages/common/text_util.h"

namespace newspipe {
namespace {

constexpr std::string_view kAgencies[] = {"reuters",
                                          "ap",
                                          "afp",
                                          "kyodo",
                                          "xinhua",
                                          "bloomberg",
                                          "associated press",
                                          "the associated press",
                                          "dpa",
                                          "jiji",
                                          "jiji press",
                                          "yonhap",
                                          "efe",
                                          "ansa",
                                          "upi",
                                          "tass",
                                          "ria novosti",
                                          "pti",
                                          "ians",
                                          "aap",
                                          "cnn",
                                          "bbc",
                                          "ani",
                                          "anadolu",
                                          "apa",
                                          "sda",
                                          "kna",
                                          "agence france-presse",
                                          "agence france presse",
                                          "reuters staff",
                                          "ap staff"};

std::string WordsLower(std::string_view s) {
  std::string out;
  ForEachWord(s, [&](std::string_view w) {
    if (!out.empty()) out.push_back(' ');
    out += AsciiLower(w);
  });
  return out;
}

bool IsAllCapsHeading(std::string_view line) {
  size_t words = CountWords(line);
  if (words == 0 || words > 10 || line.size() > 90) return false;
  size_t upper = 0, lower = 0;
  for (char c : line) {
    if (c >= 'A' && c <= 'Z') ++upper;
    if (c >= 'a' && c <= 'z') ++lower;
  }
  char last = line.back();
  if (last == '.' || last == ',' || last == ';') return false;
  return upper >= 4 && lower == 0;
}

// Content words: lower-cased words of 4+ letters that are not common function words.
bool IsStopWord(std::string_view w) {
  static const std::unordered_set<std::string_view> kStop = {
      "that",    "this",   "with",   "from",   "have",  "were",    "been",    "they",  "their",
      "there",   "which",  "would",  "about",  "what",  "when",    "will",    "into",  "than",
      "them",    "then",   "also",   "said",   "more",  "most",    "some",    "such",  "only",
      "other",   "over",   "after",  "before", "while", "where",   "your",    "these", "those",
      "could",   "should", "being",  "here",   "just",  "very",    "each",    "like",  "many",
      "much",    "made",   "make",   "does",   "done",  "because", "through", "under", "between",
      "against", "again",  "during", "still",  "even",  "first",   "last"};
  return kStop.count(w) != 0;
}

std::vector<std::string> ContentWords(std::string_view s) {
  std::vector<std::string> out;
  ForEachWord(s, [&](std::string_view w) {
    if (w.size() < 4) return;
    std::string lower = AsciiLower(w);
    if (!IsStopWord(lower)) out.push_back(std::move(lower));
  });
  return out;
}

bool HasQuoteMarks(std::string_view s) {
  return s.find('"') != std::string_view::npos ||
         s.find("\xE2\x80\x9C") != std::string_view::npos ||  // “
         s.find("\xE2\x80\x9D") != std::string_view::npos ||  // ”
         s.find("\xC2\xAB") != std::string_view::npos ||      // «
         s.find("\xE2\x80\x9E") != std::string_view::npos;    // „
}

// Quoted speech (article text): quote marks around several words, or with a speech verb.
bool IsQuotedSpeech(std::string_view s) {
  if (!HasQuoteMarks(s)) return false;
  for (std::string_view verb : {" said", " says", " told", " asked", " added", " sagte"}) {
    if (s.find(verb) != std::string_view::npos) return true;
  }
  // The longest run of words between an opening and a closing quote mark.
  size_t open = s.find("\xE2\x80\x9C");
  size_t close = open == std::string_view::npos ? open : s.find("\xE2\x80\x9D", open);
  if (open == std::string_view::npos) {
    open = s.find('"');
    close = open == std::string_view::npos ? open : s.find('"', open + 1);
  }
  if (open == std::string_view::npos || close == std::string_view::npos) return false;
  return CountWords(s.substr(open, close - open)) >= 4;
}

// A promo line named like a product: "Weekly Digest: the week's stories in your inbox." Its
// label before the colon is two to five capitalised words (small joining words allowed), and
// no quote marks. One such line could be a fact box's; a trailing list of them is a promo box.
bool IsLabelledTeaser(std::string_view line) {
  if (line.size() > 220 || HasQuoteMarks(line)) return false;
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 60) return false;
  if (CountWords(line.substr(colon + 1)) < 3) return false;
  size_t capitalised = 0;
  bool ok = true;
  ForEachWord(line.substr(0, colon), [&](std::string_view w) {
    static constexpr std::string_view kJoining[] = {"of", "the", "and", "on", "in", "for", "de"};
    unsigned char c = static_cast<unsigned char>(w.front());
    if ((c >= 'A' && c <= 'Z') || c >= 0x80 || (c >= '0' && c <= '9')) {
      ++capitalised;
      return;
    }
    if (std::find(std::begin(kJoining), std::end(kJoining), w) == std::end(kJoining)) ok = false;
  });
  return ok && capitalised >= 2 && capitalised <= 5;
}

// Splits into lines, joining hard-wrapped lines when the text uses blank lines between
// paragraphs and its lines are short.
std::vector<std::string> SplitParagraphs(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  size_t nonblank = 0, short_lines = 0, followed = 0, groups = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view t = TrimAscii(lines[i]);
    if (t.empty()) continue;
    ++nonblank;
    if (i == 0 || TrimAscii(lines[i - 1]).empty()) ++groups;
    if (t.size() < 90) ++short_lines;
    if (i + 1 < lines.size() && !TrimAscii(lines[i + 1]).empty()) ++followed;
  }
  // Hard-wrapped: short lines, mostly followed by another line, in several blank-line
  // separated groups.
  bool wrapped =
      nonblank >= 4 && short_lines * 10 >= nonblank * 9 && followed * 2 > nonblank && groups >= 2;
  std::vector<std::string> out;
  std::string current;
  for (std::string_view raw : lines) {
    std::string line = CollapseWhitespace(raw);
    if (line.empty()) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
      continue;
    }
    if (!wrapped) {
      out.push_back(std::move(line));
      continue;
    }
    if (!current.empty()) current.push_back(' ');
    current += line;
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

}  // namespace

bool IsAgencyLine(std::string_view line) {
  std::string words = WordsLower(line);
  if (words.empty() || words.size() > 40) return false;
  for (auto a : kAgencies) {
    if (words == a) return true;
  }
  return false;
}

bool EndsWithPhotoCredit(std::string_view line) {
  line = TrimAscii(line);
  if (line.size() < 4 || line.back() != ')') return false;
  size_t open = line.rfind('(');
  if (open == std::string_view::npos || open == 0) return false;
  std::string_view credit = line.substr(open + 1, line.size() - open - 2);
  if (credit.size() > 80) return false;
  static constexpr std::string_view kWords[] = {
      "photo",    "pool",  "via ", "getty", "reuters", "afp",       "ap",   "file", "credit",
      "courtesy", "image", "epa",  "kyodo", "xinhua",  "bloomberg", "foto", "bild"};
  for (auto w : kWords) {
    size_t at = FindIgnoreCase(credit, w);
    if (at == std::string_view::npos) continue;
    if (w == "ap" || w == "afp" || w == "epa") {
      // A whole word: "via AP", "AP Photo".
      bool left = at == 0 || credit[at - 1] == ' ' || credit[at - 1] == '/';
      size_t r = at + w.size();
      bool right = r >= credit.size() || credit[r] == ' ' || credit[r] == '/';
      if (!(left && right)) continue;
    }
    return true;
  }
  return false;
}

bool IsBareCredit(std::string_view line) {
  line = TrimAscii(line);
  if (line.size() > 80) return false;
  if (StartsWithIgnoreCase(line, "photo:") || StartsWithIgnoreCase(line, "photo by") ||
      StartsWithIgnoreCase(line, "photograph:") || StartsWithIgnoreCase(line, "image:") ||
      StartsWithIgnoreCase(line, "foto:") || StartsWithIgnoreCase(line, "bild:") ||
      StartsWithIgnoreCase(line, "credit:")) {
    return true;
  }
  if (line.front() == '(' && line.back() == ')' && EndsWithPhotoCredit(line)) return true;
  std::string words = WordsLower(line);
  return words == "getty images" || words == "afp via getty images" ||
         words == "reuters pictures" || words == "ap photo";
}

bool IsNavigationLine(std::string_view line) {
  line = TrimAscii(line);
  if (line.size() > 160) return false;
  std::string words = WordsLower(line);
  // Menu, share and section labels; from "click to enlarge" on, the labels of the controls of a
  // picture, of the page and of an embed.
  static constexpr std::string_view kLabels[] = {"read more",
                                                 "related",
                                                 "related articles",
                                                 "related stories",
                                                 "see also",
                                                 "share",
                                                 "share this",
                                                 "share this article",
                                                 "advertisement",
                                                 "continue reading",
                                                 "more",
                                                 "back to top",
                                                 "print",
                                                 "email",
                                                 "comments",
                                                 "click here",
                                                 "read the full story",
                                                 "sponsored",
                                                 "recommended",
                                                 "most read",
                                                 "most popular",
                                                 "top stories",
                                                 "more stories",
                                                 "next article",
                                                 "previous article",
                                                 "skip to content",
                                                 "skip to main content",
                                                 "menu",
                                                 "home",
                                                 "subscribe",
                                                 "sign up",
                                                 "log in",
                                                 "login",
                                                 "weiterlesen",
                                                 "mehr zum thema",
                                                 "anzeige",
                                                 "lesen sie auch",
                                                 "lire aussi",
                                                 "publicité",
                                                 "externer inhalt",
                                                 "bild anzeigen bild schließen",
                                                 "bild vergrößern",
                                                 "vergrößern",
                                                 "click to enlarge",
                                                 "click photo to enlarge",
                                                 "click image to enlarge",
                                                 "click on photo to enlarge",
                                                 "zum vergrößern anklicken",
                                                 "zum vergrößern bitte anklicken",
                                                 "zum vergrößern klicken",
                                                 "text size",
                                                 "font size",
                                                 "printer friendly page",
                                                 "printer friendly version",
                                                 "print this article",
                                                 "loading",
                                                 "loading...",
                                                 "loading\xE2\x80\xA6",
                                                 "view this post on instagram",
                                                 "sieh dir diesen beitrag auf instagram an"};
  for (auto l : kLabels) {
    if (words == l) return true;
  }
  if (StartsWithIgnoreCase(line, "read more:") || StartsWithIgnoreCase(line, "related:") ||
      StartsWithIgnoreCase(line, "see also:") || StartsWithIgnoreCase(line, "read also:") ||
      StartsWithIgnoreCase(line, "more:") || StartsWithIgnoreCase(line, "lesen sie auch:")) {
    return true;
  }
  // "Send this article to a friend", "E-mail this story to a friend".
  if (line.size() <= 60) {
    for (std::string_view p : {"send this article to", "send this story to", "email this article",
                               "e-mail this article", "email this story", "e-mail this story"}) {
      if (StartsWithIgnoreCase(line, p)) return true;
    }
  }
  // Crumbs: 2+ separators between short segments, little else.
  size_t seps = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '>' || line[i] == '|') ++seps;
    if (line.compare(i, 2, "\xC2\xBB") == 0 || line.compare(i, 3, "\xE2\x80\xBA") == 0) ++seps;
  }
  size_t words_n = CountWords(line);
  return seps >= 2 && words_n <= seps * 4 && line.find(". ") == std::string_view::npos;
}

std::vector<TextBlock> CleanTextPage(std::string_view text) {
  std::vector<std::string> paras = SplitParagraphs(text);
  std::vector<TextBlock> blocks;
  blocks.reserve(paras.size());
  bool body_started = false;
  for (std::string& p : paras) {
    TextBlock& b = blocks.emplace_back();
    b.text = std::move(p);
    size_t words = CountWords(b.text);
    b.score = static_cast<float>(words);
    if (IsAgencyLine(b.text)) {
      b.type = v1::METADATA_LINE;
      b.rule = "agency-line";
    } else if (LooksLikeDateLine(b.text)) {
      b.type = v1::METADATA_LINE;
      b.rule = "date-line";
    } else if (IsBareCredit(b.text)) {
      b.type = v1::CAPTION;
      b.rule = "photo-credit";
    } else if (EndsWithPhotoCredit(b.text)) {
      b.type = v1::CAPTION;
      b.rule = "caption-with-credit";
    } else if (LooksLikeByline(b.text)) {
      b.type = v1::BYLINE;
      b.rule = "byline";
    } else if (IsNavigationLine(b.text)) {
      b.boilerplate = true;
      b.rule = "navigation-line";
    } else if (LooksLikeCopyright(b.text)) {
      b.boilerplate = true;
      b.rule = "copyright";
    } else if (IsAllCapsHeading(b.text)) {
      b.type = v1::HEADING;
      b.level = 2;
      b.rule = body_started ? "subheading" : "heading";
    } else {
      b.rule = "paragraph";
      if (!body_started && words <= 15 && b.text.back() != '.' && b.text.back() != ':' &&
          !HasQuoteMarks(b.text)) {
        // A short unpunctuated line before the first paragraph: the headline.
        b.type = v1::HEADING;
        b.level = 1;
        b.title = true;
        b.rule = "title";
      } else {
        body_started = true;
      }
    }
  }

  // Several short lines before the body: the headline is one of them; the last, when it is a
  // name of three words or fewer over the date line or byline and a longer line is there, is
  // the wire or desk that sent the story ("Metro Desk", "Example Wire"), not the headline.
  size_t longest = 0;
  for (const TextBlock& b : blocks) {
    if (b.title) longest = std::max(longest, CountWords(b.text));
  }
  for (size_t i = 0; i + 1 < blocks.size(); ++i) {
    TextBlock& b = blocks[i];
    const TextBlock& next = blocks[i + 1];
    size_t words = CountWords(b.text);
    if (b.title && !next.title && (next.type == v1::METADATA_LINE || next.type == v1::BYLINE) &&
        words <= 3 && longest >= words + 3) {
      b.type = v1::METADATA_LINE;
      b.level = 0;
      b.title = false;
      b.rule = "source-line";
      break;
    }
  }

  // A trailing run of teaser lines: paragraphs sharing almost no content words with the
  // article above them, without quotes (quoted speech is article text).
  std::vector<size_t> body;
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (!blocks[i].boilerplate && blocks[i].type == v1::PARAGRAPH) body.push_back(i);
  }
  if (body.size() >= 4) {
    std::vector<std::vector<std::string>> words(body.size());
    std::unordered_map<std::string, int> vocab;  // content words of body[0..k).
    for (size_t j = 0; j < body.size(); ++j) {
      words[j] = ContentWords(blocks[body[j]].text);
      for (const auto& w : words[j]) ++vocab[w];
    }
    size_t run_start = body.size();
    for (size_t k = body.size(); k-- > 0;) {
      for (const auto& w : words[k]) --vocab[w];
      if (k < body.size() / 2) break;
      const TextBlock& b = blocks[body[k]];
      if (IsQuotedSpeech(b.text) || b.text.size() > 300 || words[k].empty()) break;
      size_t shared = 0;
      for (const auto& w : words[k]) {
        auto it = vocab.find(w);
        shared += (it != vocab.end() && it->second > 0);
      }
      if (shared * 5 > words[k].size()) break;  // more than 20% shared: article text.
      run_start = k;
    }
    // A list of labelled promos ends the page: all of it goes, even lines that share a word
    // (the site's or the city's name) with the article.
    size_t labelled = body.size();
    while (labelled > body.size() / 2 && IsLabelledTeaser(blocks[body[labelled - 1]].text)) {
      --labelled;
    }
    if (body.size() - labelled >= 3) run_start = std::min(run_start, labelled);
    for (size_t k = run_start; k < body.size(); ++k) {
      blocks[body[k]].boilerplate = true;
      blocks[body[k]].rule = "trailing-teaser";
    }
  }
  return blocks;
}

}  // namespace newspipe
