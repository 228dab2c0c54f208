#include "stages/extract/people.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <utility>

#include "stages/extract/text_util.h"

namespace newspipe::extract {
namespace {

constexpr size_t kMaxRunWords = 9;

// Words that make up roles and titles (folded). A run's role ends at its last such word.
constexpr std::string_view kRoleWords[] = {"secretary",
                                           "deputy",
                                           "minister",
                                           "foreign",
                                           "vice",
                                           "president",
                                           "prime",
                                           "chancellor",
                                           "state",
                                           "chief",
                                           "nuclear",
                                           "negotiator",
                                           "adviser",
                                           "advisor",
                                           "spokesman",
                                           "spokeswoman",
                                           "spokesperson",
                                           "director",
                                           "governor",
                                           "senator",
                                           "sen.",
                                           "rep.",
                                           "representative",
                                           "ambassador",
                                           "leader",
                                           "chairman",
                                           "chairwoman",
                                           "chair",
                                           "ceo",
                                           "professor",
                                           "prof.",
                                           "dr.",
                                           "mr.",
                                           "mrs.",
                                           "ms.",
                                           "general",
                                           "gen.",
                                           "judge",
                                           "mayor",
                                           "king",
                                           "queen",
                                           "pope",
                                           "envoy",
                                           "commissioner",
                                           "head",
                                           "officer",
                                           "founder",
                                           "economist",
                                           "analyst",
                                           "coach",
                                           "captain",
                                           "defense",
                                           "defence",
                                           "finance",
                                           "interior",
                                           "security",
                                           "national",
                                           "senior",
                                           "former",
                                           "special",
                                           "assistant",
                                           "undersecretary",
                                           "counterpart",
                                           "secretary-general",
                                           "premier",
                                           "chancellor",
                                           "kanzlerin",
                                           "kanzler",
                                           "präsident",
                                           "präsidentin",
                                           "ministerin",
                                           "bundeskanzlerin",
                                           "bundeskanzler",
                                           "sprecher",
                                           "sprecherin",
                                           "of",
                                           "and",
                                           "the",
                                           "u.s.",
                                           "u.n.",
                                           "eu",
                                           "un",
                                           "executive",
                                           "attorney",
                                           "lawmaker",
                                           "congressman",
                                           "congresswoman",
                                           "rabbi",
                                           "bishop",
                                           "cardinal",
                                           "sheikh",
                                           "lord",
                                           "sir",
                                           "dame",
                                           "justice",
                                           "economy",
                                           "trade",
                                           "health",
                                           "education",
                                           "science",
                                           "energy",
                                           "justice",
                                           "commerce",
                                           "labor",
                                           "councillor",
                                           "councilor",
                                           "councilman",
                                           "councilwoman",
                                           "alderman",
                                           "assemblyman",
                                           "assemblywoman",
                                           "inspector",
                                           "detective",
                                           "sergeant",
                                           "colonel",
                                           "lieutenant",
                                           "superintendent",
                                           "commander",
                                           "admiral"};

// Words that start sentences and are capitalised for that reason alone.
constexpr std::string_view kFunctionWords[] = {
    "but",       "and",    "or",      "so",        "yet",      "however", "then",     "also",
    "when",      "while",  "the",     "a",         "an",       "in",      "on",       "at",
    "as",        "if",     "after",   "before",    "since",    "because", "although", "though",
    "meanwhile", "still",  "now",     "this",      "that",     "these",   "those",    "it",
    "he",        "she",    "they",    "we",        "i",        "you",     "his",      "her",
    "their",     "our",    "my",      "its",       "there",    "here",    "for",      "to",
    "from",      "with",   "by",      "of",        "said",     "says",    "asked",    "told",
    "according", "monday", "tuesday", "wednesday", "thursday", "friday",  "saturday", "sunday",
    "last",      "next",   "earlier", "later",     "der",      "die",     "das",      "ein",
    "eine",      "und",    "aber",    "le",        "la",       "les",     "el",       "los",
    "il"};

constexpr std::string_view kParticles[] = {"de", "van", "von", "der", "den", "da",  "di", "bin",
                                           "al", "el",  "la",  "le",  "du",  "del", "zu"};

bool InList(std::string_view folded, std::initializer_list<std::string_view> list) {
  for (std::string_view w : list) {
    if (w == folded) return true;
  }
  return false;
}

// What a folded word is to the name reader, from the lists above.
enum WordKind : uint8_t {
  kRole = 1u << 0,
  kFunction = 1u << 1,
  kParticle = 1u << 2,
  kFiller = 1u << 3,  // "of", "and", "the": joins a role without ending it.
};

// The lists are read into one table once: a word is looked up once when it is read, not once
// per list and per use (name runs are tried at every word of every body block).
class WordKinds {
 public:
  WordKinds() {
    for (std::string_view w : kRoleWords) kinds_[w] |= kRole;
    for (std::string_view w : kFunctionWords) kinds_[w] |= kFunction;
    for (std::string_view w : kParticles) kinds_[w] |= kParticle;
    for (std::string_view w : {"of", "and", "the"}) kinds_[w] |= kFiller;
  }
  uint8_t Of(std::string_view folded) const {
    if (folded.size() > max_length_) return 0;
    auto it = kinds_.find(folded);
    return it == kinds_.end() ? 0 : it->second;
  }

 private:
  std::unordered_map<std::string_view, uint8_t> kinds_;
  size_t max_length_ = 24;  // longer than every listed word.
};

const WordKinds& Kinds() {
  static const WordKinds kinds;
  return kinds;
}

struct Word {
  size_t begin, end;
  std::string_view text;
  std::string folded;
  bool capital;
  uint8_t kind;
};

bool IsWordChar(char32_t c) {
  return IsLetter(c) || c == '-' || c == '.' || c == '\'' || c == 0x2019 || (c >= '0' && c <= '9');
}

// Reads the word that starts at `pos` (no leading spaces); empty when none.
Word ReadWord(std::string_view s, size_t pos) {
  Word w{pos, pos, {}, {}, false, 0};
  size_t i = pos;
  while (i < s.size()) {
    size_t k = i;
    char32_t c = NextCodePointFast(s, k);
    if (!IsWordChar(c)) break;
    if (c == '-' && k < s.size() && s[k] == '-') break;  // "SEOUL--U.S." is two words.
    i = k;
  }
  // A trailing period belongs to the word only for initials and abbreviations ("U.S.", "Jr.").
  size_t end = i;
  while (end > pos && (s[end - 1] == '.' || s[end - 1] == '-')) {
    std::string_view t = s.substr(pos, end - pos);
    // Asked only of a word ending in a period; the list only when the shape does not tell.
    auto abbrev = [t] {
      return t.size() == 2 || t.substr(0, t.size() - 1).find('.') != std::string_view::npos ||
             InList(FoldCase(t), {"mr.", "mrs.", "ms.", "dr.", "jr.", "sr.", "st.", "sen.", "rep.",
                                  "gen.", "prof.", "gov.", "lt.", "col.", "sgt.", "capt."});
    };
    if (s[end - 1] == '.' && abbrev()) break;
    --end;
  }
  w.end = end;
  w.text = s.substr(pos, end - pos);
  w.folded = FoldCase(w.text);
  size_t k = 0;
  w.capital = !w.text.empty() && IsUpperLetter(NextCodePoint(w.text, k));
  w.kind = Kinds().Of(w.folded);
  return w;
}

bool IsRoleWord(const Word& w) { return (w.kind & kRole) != 0; }
bool IsFunctionWord(const Word& w) { return (w.kind & kFunction) != 0; }
bool IsParticle(const Word& w) { return (w.kind & kParticle) != 0; }
bool IsFiller(const Word& w) { return (w.kind & kFiller) != 0; }

// Splits a run of words into role and name.
NameRun Build(std::string_view s, const std::vector<Word>& words) {
  NameRun out;
  if (words.empty()) return out;
  size_t first = 0;
  while (first < words.size() && IsFunctionWord(words[first]) && !IsRoleWord(words[first])) {
    ++first;
  }
  size_t last_role = std::string::npos;
  for (size_t i = first; i < words.size(); ++i) {
    bool filler = IsFiller(words[i]);
    if ((IsRoleWord(words[i]) && !filler) ||
        (!words[i].capital && !filler && !IsParticle(words[i]))) {
      last_role = i;
    }
  }
  if (last_role != std::string::npos && !IsRoleWord(words[last_role])) return out;
  size_t name_begin = last_role == std::string::npos ? first : last_role + 1;
  if (name_begin >= words.size()) return out;
  for (size_t i = name_begin; i < words.size(); ++i) {
    if (!words[i].capital && !IsParticle(words[i])) return out;
  }
  if (words.size() - name_begin > 4) return out;
  // One capitalised word after an article is a noun ("said the Harbourmen", "so der Gärtner":
  // German capitalises every noun), not a person's name; a role before it makes it one ("the
  // Chancellor Weber").
  if (name_begin == first && first > 0 && words.size() - name_begin == 1 &&
      InList(words[first - 1].folded,
             {"the",   "a",     "an", "der", "die", "das", "den", "dem", "des", "ein", "eine",
              "einer", "einem", "le", "la",  "les", "el",  "los", "las", "il",  "lo"})) {
    return out;
  }
  out.name =
      std::string(s.substr(words[name_begin].begin, words.back().end - words[name_begin].begin));
  // "President Jane Doe and Harbour's Prime Minister Tom Reyes", "Varga and director Tom
  // Reyes": what comes before the last "and" that follows a name is another person (named with
  // a role, or followed by this one's role) and that person's role, not this one's. ("Former
  // Lakeside Rovers and Harbour United coach", "Harbour and Ferries Committee" are one role.)
  auto noun_role = [](const Word& w) {
    return IsRoleWord(w) && !IsFiller(w) &&
           !InList(w.folded, {"former", "ex", "late", "then", "acting", "new", "ehemalige",
                              "ehemaliger", "ancien", "ancienne", "interim"});
  };
  for (size_t i = name_begin; i-- > first + 1;) {
    if (words[i].folded != "and" && words[i].folded != "und") continue;
    const Word& before = words[i - 1];
    if (!before.capital || IsRoleWord(before) || IsFiller(before)) break;
    size_t after = i + 1;
    while (after < name_begin && IsFiller(words[after])) ++after;
    bool role_after = after < name_begin && noun_role(words[after]);
    bool named_with_role = false;
    for (size_t j = first; j + 1 < i; ++j) named_with_role |= noun_role(words[j]);
    if (role_after || named_with_role) first = i + 1;
    break;
  }
  while (first < name_begin && !words[first].capital && IsFiller(words[first])) {
    ++first;
  }
  if (name_begin > first) {
    // Drop a trailing "of"/"the" from the role and leading articles.
    size_t role_end = name_begin;
    while (role_end > first && !words[role_end - 1].capital && IsFiller(words[role_end - 1])) {
      --role_end;
    }
    if (role_end > first) {
      out.role =
          std::string(s.substr(words[first].begin, words[role_end - 1].end - words[first].begin));
    }
  }
  out.begin = words[first].begin;
  out.end = words.back().end;
  return out;
}

}  // namespace

namespace {

// The run of joinable words from `first` (already read at its start) on, ending in a
// capitalised word.
std::vector<Word> ReadRun(std::string_view s, Word first) {
  std::vector<Word> words;
  size_t i = first.begin;
  while (words.size() < kMaxRunWords && i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    Word w = words.empty() ? std::move(first) : ReadWord(s, i);
    if (w.text.empty()) break;
    bool joinable = w.capital || IsRoleWord(w) || IsParticle(w);
    if (!joinable) break;
    // "of" after a full name says where the person is from ("Jane Doe of the Example Party"):
    // the run ends. After a role or one capitalised word it is part of a role or a body's name
    // ("Secretary of State ...", "Bank of Example Governor ...").
    if (w.folded == "of" && words.size() >= 2 && words.back().capital &&
        !IsRoleWord(words.back()) && words[words.size() - 2].capital &&
        !IsRoleWord(words[words.size() - 2])) {
      break;
    }
    i = w.end;
    words.push_back(std::move(w));
    if (i < s.size() && s[i] != ' ') break;  // punctuation ends the run.
  }
  // A run must end in a capitalised word.
  while (!words.empty() && !words.back().capital) words.pop_back();
  return words;
}

bool HasRole(const std::vector<Word>& words) {
  return std::any_of(words.begin(), words.end(),
                     [](const Word& w) { return IsRoleWord(w) && !IsFiller(w); });
}

// A full name with its role after it in apposition: "Jane Doe, the harbour's chief engineer,"
// or "Jane Doe, Prime Minister of Example,". The role runs to the next comma or full stop.
NameRun RoleInApposition(std::string_view s, NameRun run) {
  if (run.name.empty() || !run.role.empty() || run.name.find(' ') == std::string::npos ||
      run.end + 2 >= s.size() || s[run.end] != ',' || s[run.end + 1] != ' ') {
    return {};
  }
  size_t pos = run.end + 2;
  Word w = ReadWord(s, pos);
  if (InList(w.folded, {"a", "an", "the"})) w = ReadWord(s, w.end + 1);
  if (w.text.empty() || !IsRoleWord(w) || IsFiller(w) || IsFunctionWord(w)) return {};
  if (run.name.starts_with("The ")) return {};  // a title ("The Example Times, a ..."), no name.
  size_t end = s.find_first_of(",.;", pos);
  if (end == std::string_view::npos) end = s.size();
  if (end - pos > 80) return {};
  // A role that holds another person is a list of people ("Jane Doe, former striker Tom Reyes
  // and ..."): two or more capitalised words right after a lower-case word, closing the phrase
  // or before "and".
  std::vector<Word> words;
  for (size_t k = pos; k < end;) {
    Word x = ReadWord(s, k);
    if (x.text.empty()) break;
    k = x.end + 1;
    words.push_back(std::move(x));
  }
  for (size_t k = 0; k + 2 < words.size(); ++k) {
    if (words[k].capital || IsFunctionWord(words[k]) || !words[k + 1].capital) continue;
    size_t e = k + 1;
    while (e < words.size() && words[e].capital) ++e;
    if (e - k - 1 >= 2 && (e == words.size() || words[e].folded == "and")) return {};
  }
  run.role = std::string(s.substr(pos, end - pos));
  return run;
}

}  // namespace

NameRun NameAfter(std::string_view s, size_t pos) {
  while (pos < s.size() && s[pos] == ' ') ++pos;
  if (pos >= s.size()) return {};
  return Build(s, ReadRun(s, ReadWord(s, pos)));
}

NameRun NameBefore(std::string_view s, size_t pos) {
  std::vector<Word> words;
  size_t end = pos;
  while (words.size() < kMaxRunWords) {
    while (end > 0 && s[end - 1] == ' ') --end;
    if (end == 0) break;
    size_t start = end;
    while (start > 0) {
      size_t k = start - 1;
      while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
      size_t kk = k;
      char32_t c = NextCodePoint(s, kk);
      if (!IsWordChar(c)) break;
      start = k;
    }
    if (start == end) break;
    Word w = ReadWord(s, start);
    if (w.text.empty() || w.end != end) {
      // Trailing punctuation such as "Trump." ends the run.
      break;
    }
    bool joinable = w.capital || IsRoleWord(w) || IsParticle(w);
    if (!joinable) break;
    words.insert(words.begin(), w);
    end = start;
    if (end > 0 && s[end - 1] != ' ') break;
  }
  while (!words.empty() && !words.front().capital && !IsRoleWord(words.front())) {
    words.erase(words.begin());
  }
  NameRun run = Build(s, words);
  // One capitalised word after an article, a possessive or a preposition ("in einem Vortrag
  // sagte", "auf die Frage erklärte", "her team in Lakeside said") is a noun or a place:
  // German capitalises every noun.
  if (!run.name.empty() && run.name.find(' ') == std::string::npos && run.begin > 1) {
    size_t end_prev = run.begin;
    while (end_prev > 0 && s[end_prev - 1] == ' ') --end_prev;
    size_t start_prev = end_prev;
    while (start_prev > 0 && s[start_prev - 1] != ' ') --start_prev;
    std::string prev = FoldCase(s.substr(start_prev, end_prev - start_prev));
    if (InList(prev, {"the",    "a",      "an",    "his",    "her",    "its",    "their", "our",
                      "my",     "in",     "at",    "der",    "die",    "das",    "den",   "dem",
                      "des",    "ein",    "eine",  "einer",  "einem",  "einen",  "mein",  "meine",
                      "meiner", "meinem", "sein",  "seine",  "seiner", "seinem", "ihr",   "ihre",
                      "ihrer",  "ihrem",  "unser", "unsere", "zum",    "zur",    "im",    "am",
                      "beim",   "auf",    "bei",   "mit",    "nach",   "aus",    "le",    "la",
                      "les",    "el",     "los",   "las",    "un",     "una"})) {
      return {};
    }
  }
  return run;
}

std::vector<NameRun> RoleMentions(std::string_view s) {
  std::vector<NameRun> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t k = i;
    char32_t c = NextCodePoint(s, k);
    // The byte before is asked first: inside a word (most bytes) no letter test is needed.
    bool word_start = (i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' ||
                       (i >= 2 && s[i - 1] == '-' && s[i - 2] == '-')) &&
                      IsLetter(c);
    if (!word_start) {
      i = k;
      continue;
    }
    Word w = ReadWord(s, i);
    size_t next = std::max(w.end, k);
    if (!w.text.empty() && (w.capital || IsRoleWord(w) || IsParticle(w))) {
      bool capital = w.capital;
      // Both readings below take the same run of words: it is read once.
      std::vector<Word> words = ReadRun(s, std::move(w));
      NameRun run = HasRole(words) ? Build(s, words) : NameRun{};
      if (!run.name.empty() && !run.role.empty() && run.name.find(' ') != std::string::npos) {
        i = run.end;
        out.push_back(std::move(run));
        continue;
      }
      if (capital) {
        run = RoleInApposition(s, Build(s, words));
        if (!run.name.empty()) {
          i = run.end;
          out.push_back(std::move(run));
          continue;
        }
      }
    }
    i = next;
  }
  return out;
}

}  // namespace newspipe::extract
