#include "stages/extract/quotes.h"

#include <algorithm>
#include <iterator>
#include <unordered_set>

#include "stages/extract/authors.h"
#include "stages/extract/people.h"
#include "stages/extract/text_util.h"

namespace newspipe::extract {
namespace {

constexpr size_t kAttributionWindow = 160;
constexpr size_t kMaxQuoteChars = 5000;

constexpr std::string_view kSpeechVerbs[] = {
    "said",       "says",      "added",     "adds",         "told",      "tells",     "wrote",
    "writes",     "asked",     "asks",      "explained",    "explains",  "noted",     "notes",
    "stated",     "states",    "continued", "argued",       "warned",    "warns",     "insisted",
    "replied",    "recalled",  "declared",  "acknowledged", "admitted",  "stressed",  "emphasized",
    "emphasised", "cautioned", "countered", "asserted",     "conceded",  "concedes",  "admits",
    "remarked",   "quipped",   "joked",     "commented",    "responded", "confirmed", "insists",
    "recalls",    "sagte",     "sagt",      "erklärte",     "erklärt",   "betonte",   "betont",
    "meinte",     "meint",     "schrieb",   "so",           "dijo",      "afirmó",    "explicó",
    "a déclaré",  "déclare",   "explique",  "affirme"};

constexpr std::string_view kPronouns[] = {"he", "she", "er", "sie", "il", "elle", "ella", "él"};

template <size_t N>
bool In(std::string_view w, const std::string_view (&list)[N]) {
  for (std::string_view x : list) {
    if (x == w) return true;
  }
  return false;
}

// Every word of every body block is checked against the speech verbs: one hash lookup instead
// of a pass over the list.
bool IsSpeechVerb(std::string_view folded) {
  static const std::unordered_set<std::string_view> verbs(std::begin(kSpeechVerbs),
                                                          std::end(kSpeechVerbs));
  return folded.size() <= 16 && verbs.count(folded) != 0;
}

struct Mention {
  size_t pos;
  std::string name;
  bool speaker = false;  // named by a speech verb ("NAME said", "said NAME"), not only named.
};

struct Mark {
  std::string_view open;
  std::string_view close;
  std::string_view close_alt;
};

constexpr Mark kMarks[] = {
    {"\u201c", "\u201d", "\u201d"},  // “ ”
    {"\u201e", "\u201c", "\u201d"},  // „ “ (German), „ ” (Polish)
    {"\u00ab", "\u00bb", "\u00bb"},  // « »
    {"\"", "\"", "\""},
};

// Finds the next opening mark at or after `from`.
size_t NextOpen(std::string_view s, size_t from, const Mark** mark) {
  size_t best = std::string_view::npos;
  for (const Mark& m : kMarks) {
    size_t pos = s.find(m.open, from);
    if (pos < best) {
      best = pos;
      *mark = &m;
    }
  }
  return best;
}

// Finds the closing mark for `mark` after `from`; nested single quotes are plain text.
size_t FindClose(std::string_view s, size_t from, const Mark& mark, size_t* close_len) {
  size_t a = s.find(mark.close, from);
  size_t b = s.find(mark.close_alt, from);
  size_t pos = std::min(a, b);
  if (pos != std::string_view::npos) *close_len = (pos == a ? mark.close : mark.close_alt).size();
  return pos;
}

struct WordAt {
  size_t begin, end;
  std::string folded;
};

// Words of `s` in [from, to), at most `max` of them.
std::vector<WordAt> WordsIn(std::string_view s, size_t from, size_t to, size_t max) {
  std::vector<WordAt> out;
  // About one word in six bytes of prose; a text of shorter words grows the vector.
  constexpr size_t kBytesPerWord = 6;
  out.reserve(std::min(max, to > from ? (to - from) / kBytesPerWord + 1 : 0));
  size_t i = from;
  while (i < to && out.size() < max) {
    size_t k = i;
    char32_t c = NextCodePointFast(s, k);
    if (!IsLetter(c)) {
      i = k;
      continue;
    }
    size_t start = i;
    i = k;
    while (i < to) {
      size_t kk = i;
      char32_t d = NextCodePointFast(s, kk);
      if (!IsLetter(d) && d != '-' && d != '\'' && d != 0x2019) break;
      i = kk;
    }
    out.push_back({start, i, FoldCase(s.substr(start, i - start))});
  }
  return out;
}

// The subject named before a speech verb at `verb`: the name right before it ("Doe said"), or
// the name before a relative clause that stands between them ("Doe, who lost on Monday, said").
NameRun SubjectBefore(std::string_view s, size_t verb) {
  NameRun run = NameBefore(s, verb);
  if (!run.name.empty()) return run;
  constexpr size_t kMaxClause = 160;
  size_t from = verb > kMaxClause ? verb - kMaxClause : 0;
  std::string_view clause = s.substr(from, verb - from);
  size_t who = clause.rfind(", who ");
  if (who == std::string_view::npos) return {};
  // The clause closes with a comma right before the verb, and no sentence ends inside it.
  std::string_view inner = clause.substr(who + 2);
  std::string_view tail = Trim(inner);
  if (tail.empty() || tail.back() != ',' || inner.find_first_of(".!?") != std::string_view::npos) {
    return {};
  }
  return NameBefore(s, from + who);
}

// Whether a name's title says the person is not the one a pronoun stands for: "she" is no "Mr
// Doe", "he" no "Mrs Doe". Names without a title can be anyone's.
bool TitleDisagrees(std::string_view name, std::string_view pronoun) {
  static constexpr std::string_view kMale[] = {"he", "er", "il", "\u00e9l"};
  static constexpr std::string_view kFemale[] = {"she", "elle", "ella"};
  static constexpr std::string_view kMaleTitles[] = {"mr ", "mr. ", "herr ", "monsieur "};
  static constexpr std::string_view kFemaleTitles[] = {"ms ",   "ms. ",  "mrs ", "mrs. ",
                                                       "miss ", "frau ", "mme ", "madame "};
  if (In(pronoun, kMale)) {
    for (std::string_view t : kFemaleTitles) {
      if (StartsWithFolded(name, t)) return true;
    }
  } else if (In(pronoun, kFemale)) {
    for (std::string_view t : kMaleTitles) {
      if (StartsWithFolded(name, t)) return true;
    }
  }
  return false;
}

// The person last named before `pos` whom `pronoun` (folded) can stand for.
std::string ResolvePronoun(const std::vector<Mention>& mentions, size_t pos,
                           const std::string& carried, std::string_view pronoun) {
  std::string best = TitleDisagrees(carried, pronoun) ? std::string() : carried;
  for (const Mention& m : mentions) {
    if (m.pos < pos && !TitleDisagrees(m.name, pronoun)) best = m.name;
  }
  return best;
}

std::string PersonOrEmpty(std::string name);

// What one capitalised word after a speech verb stands for, when small words follow it:
// it qualifies a role and the person's full name comes after ("said Harbour union negotiator
// Ines Varga", "said Lakeside-based ferry captain Tom Reyes": the person), or it is the subject
// of a reported clause whose verb takes an object ("said Northland backed the plan": nobody).
// `decided` is false otherwise (a surname and "on Monday" stays the speaker).
struct AttributeReading {
  bool decided = false;
  std::string person;
};
AttributeReading ReadAttribute(std::string_view s, const NameRun& run) {
  constexpr size_t kMaxRoleWords = 4;
  constexpr size_t kMinNameWords = 2;
  static constexpr std::string_view kArticles[] = {"the", "a",   "an",    "his", "her",
                                                   "its", "our", "their", "this"};
  // Prepositions, conjunctions and articles of the languages the speech verbs cover: after
  // one the capitalised word is the speaker and what follows says where or when.
  static constexpr std::string_view kFunctionWords[] = {
      "in",     "on",    "at",    "to",    "of",     "for",   "from", "with", "by",    "after",
      "as",     "who",   "which", "that",  "and",    "or",    "but",  "when", "while", "than",
      "before", "about", "into",  "over",  "during", "since", "und",  "oder", "im",    "am",
      "auf",    "mit",   "der",   "die",   "das",    "den",   "dem",  "des",  "ein",   "eine",
      "zu",     "vor",   "nach",  "beim",  "bei",    "zum",   "zur",  "vom",  "von",   "ins",
      "ans",    "um",    "über",  "unter", "gegen",  "seit",  "bis",  "laut", "dans",  "en",
      "sur",    "avec",  "pour",  "de",    "du",     "le",    "la",   "les",  "au",    "aux",
      "à",      "et",    "con",   "del",   "el",     "los",   "las",  "por",  "para",  "y"};
  // The first part of an elided compound ("Hafen- und Werftdirektorin Ines Varga") is no name.
  if (run.end < s.size() && s[run.end] == '-' && run.end + 1 < s.size() && s[run.end + 1] == ' ') {
    return {true, ""};
  }
  if (run.name.find(' ') != std::string::npos || run.end >= s.size() || s[run.end] != ' ') {
    return {};
  }
  std::vector<WordAt> next = WordsIn(s, run.end, std::min(s.size(), run.end + 80), 8);
  size_t role_words = 0;
  size_t prev_end = run.end;
  for (const WordAt& w : next) {
    // Only spaces between the words: a comma or a full stop ends the phrase.
    if (s.substr(prev_end, w.begin - prev_end).find_first_not_of(' ') != std::string_view::npos) {
      return {};
    }
    size_t k = 0;
    if (IsUpperLetter(NextCodePoint(s.substr(w.begin), k))) {
      if (role_words == 0) return {};
      NameRun person = NameAfter(s, w.begin);
      if (SplitCount(person.name, " ") < kMinNameWords) return {};
      return {true, PersonOrEmpty(person.name)};
    }
    if (In(w.folded, kArticles)) {
      if (role_words == 1) return {true, ""};
      return {};
    }
    if (In(w.folded, kFunctionWords) || IsSpeechVerb(w.folded) || ++role_words > kMaxRoleWords) {
      return {};
    }
    prev_end = w.end;
  }
  return {};
}

// Words that make a name an institution's ("the Supreme Council", "People's Party").
constexpr std::string_view kInstitutions[] = {
    "party",       "force",       "forces",     "county",     "council",      "committee",
    "ministry",    "department",  "government", "police",     "army",         "league",
    "university",  "agency",      "commission", "parliament", "congress",     "senate",
    "union",       "association", "federation", "institute",  "organisation", "organization",
    "corporation", "company",     "airlines",   "group"};

// The person named after a role in apposition, read from `pos` right after a speech verb:
// "said the chief engineer, Jane Doe" / "said the union's spokeswoman, Ana Ruiz, 41". The role
// is an article or possessive and up to six lower-case words; a body as the role ("said the
// company, Example Corp") names nobody.
std::string AppositiveAfter(std::string_view s, size_t pos) {
  static constexpr std::string_view kOpeners[] = {"the", "a",   "an",    "its",
                                                  "his", "her", "their", "our"};
  // Bodies beyond the institutions: what a statement or a company's voice is called.
  static constexpr std::string_view kBodies[] = {"firm",    "club",      "team",   "court",
                                                 "office",  "statement", "report", "newspaper",
                                                 "website", "authority", "bank",   "board"};
  std::vector<WordAt> words = WordsIn(s, pos, std::min(s.size(), pos + 100), 8);
  if (words.empty() || !In(words[0].folded, kOpeners)) return "";
  size_t prev_end = pos;
  for (size_t w = 0; w < words.size() && w < 7; ++w) {
    std::string_view gap = s.substr(prev_end, words[w].begin - prev_end);
    // Only spaces between the words, or the number of an age ("the 20-year-old").
    if (gap.find_first_not_of(w == 0 ? " " : " 0123456789-") != std::string_view::npos) return "";
    size_t k = 0;
    if (IsUpperLetter(NextCodePoint(s.substr(words[w].begin), k))) {
      // "said the 20-year-old Jane Doe." / "said the veteran Doe,": small words describe the
      // person named right after them, when the name closes the clause ("said the former
      // Example adviser" names nobody).
      if (w < 2) return "";
      for (size_t d = 1; d < w; ++d) {
        if (In(words[d].folded, kInstitutions) || In(words[d].folded, kBodies)) return "";
      }
      NameRun run = NameAfter(s, words[w].begin);
      if (run.name.empty() || run.begin != words[w].begin || !run.role.empty()) return "";
      if (run.end < s.size() && s[run.end] != '.' && s[run.end] != ',' && s[run.end] != ';') {
        return "";
      }
      return PersonOrEmpty(run.name);
    }
    prev_end = words[w].end;
    if (w == 0 || prev_end + 2 >= s.size() || s[prev_end] != ',' || s[prev_end + 1] != ' ') {
      continue;
    }
    if (In(words[w].folded, kInstitutions) || In(words[w].folded, kBodies)) return "";
    NameRun run = NameAfter(s, prev_end + 2);
    if (run.name.empty() || run.begin != prev_end + 2 || SplitCount(run.name, " ") < 2) {
      return "";
    }
    return PersonOrEmpty(run.name);
  }
  return "";
}

// The speaker named after a closing quote mark at `after`: “...,” Biegun said / said Biegun /
// he said.
std::string SpeakerAfter(std::string_view s, size_t after, const std::vector<Mention>& mentions,
                         const std::string& carried, size_t quote_pos, std::string* rule) {
  size_t to = std::min(s.size(), after + kAttributionWindow);
  // The attribution must follow at once, in the same sentence.
  size_t i = after;
  while (i < to && (s[i] == ' ' || s[i] == ',' || s[i] == '-')) ++i;
  if (i < to && (s.substr(i).starts_with("\u2014") || s.substr(i).starts_with("\u2013"))) i += 3;
  std::vector<WordAt> words = WordsIn(s, i, to, 8);
  if (words.empty() || words[0].begin - i > 2) return "";
  // Stop at the sentence end.
  for (size_t w = 0; w < words.size(); ++w) {
    std::string_view gap =
        s.substr(w == 0 ? i : words[w - 1].end, words[w].begin - (w == 0 ? i : words[w - 1].end));
    if (gap.find('.') != std::string_view::npos || gap.find("\u201c") != std::string_view::npos) {
      words.resize(w);
      break;
    }
  }
  if (words.size() >= 2 && In(words[0].folded, kPronouns) && IsSpeechVerb(words[1].folded)) {
    *rule = "pronoun resolved to the person last named";
    return ResolvePronoun(mentions, quote_pos, carried, words[0].folded);
  }
  if (!words.empty() && IsSpeechVerb(words[0].folded)) {
    NameRun run = NameAfter(s, words[0].end);
    if (!run.name.empty()) {
      *rule = "quote, said NAME";
      if (AttributeReading a = ReadAttribute(s, run); a.decided) return a.person;
      return run.name;
    }
    std::string person = AppositiveAfter(s, words[0].end);
    if (!person.empty()) *rule = "quote, said the ROLE, NAME";
    return person;
  }
  // “...,” the chief engineer, Jane Doe, said.
  if (std::string person = AppositiveAfter(s, i); !person.empty()) {
    size_t at = s.find(person, i);
    if (at != std::string_view::npos && at < to) {
      std::vector<WordAt> next = WordsIn(s, at + person.size(), to, 1);
      std::string_view gap = next.empty()
                                 ? std::string_view{}
                                 : s.substr(at + person.size(), next[0].begin - at - person.size());
      if (!next.empty() && Trim(gap) == "," && IsSpeechVerb(next[0].folded) &&
          next[0].folded != "so") {
        *rule = "quote, the ROLE, NAME, said";
        return person;
      }
    }
  }
  for (size_t w = 1; w < words.size() && w < 6; ++w) {
    if (!IsSpeechVerb(words[w].folded)) continue;
    NameRun run = NameBefore(s, words[w].begin);
    // The verb before its subject ("Dann sagt er", "Then said she"): the capitalised word
    // before the verb is no speaker; the pronoun is.
    if (!run.name.empty() && w + 1 < words.size() && In(words[w + 1].folded, kPronouns)) {
      *rule = "pronoun resolved to the person last named";
      return ResolvePronoun(mentions, quote_pos, carried, words[w + 1].folded);
    }
    if (!run.name.empty() && run.begin >= i) {
      *rule = "quote, NAME said";
      return run.name;
    }
    break;
  }
  return "";
}

// The speaker named before an opening quote mark at `open`: Biegun said: “...”.
std::string SpeakerBefore(std::string_view s, size_t open, const std::vector<Mention>& mentions,
                          const std::string& carried, std::string* rule) {
  size_t end = open;
  while (end > 0 && s[end - 1] == ' ') --end;
  if (end == 0 || (s[end - 1] != ':' && s[end - 1] != ',')) return "";
  --end;
  size_t from = end > kAttributionWindow ? end - kAttributionWindow : 0;
  std::vector<WordAt> words = WordsIn(s, from, end, 64);
  if (words.empty() || !IsSpeechVerb(words.back().folded) || words.back().end != end) {
    return "";
  }
  const WordAt& verb = words.back();
  if (words.size() >= 2 && In(words[words.size() - 2].folded, kPronouns)) {
    *rule = "pronoun resolved to the person last named";
    return ResolvePronoun(mentions, words[words.size() - 2].begin, carried,
                          words[words.size() - 2].folded);
  }
  NameRun run = SubjectBefore(s, verb.begin);
  if (!run.name.empty()) {
    *rule = "NAME said: quote";
    return run.name;
  }
  return "";
}

// The speaker a name run stands for, or "" when the run names no person: a possessive ("the
// Example Corp's spokesman said": the run ends in "'s"; "Acme's Jane Doe": the person after
// it), a contraction ("I've"), a news agency, a cut-off word ("Managing Dire..."), or an
// institution ("the Supreme Council", "People's Party").
std::string PersonOrEmpty(std::string name) {
  if (name.empty()) return name;
  if (name.find("...") != std::string::npos || name.find("\u2026") != std::string::npos) return {};
  if (!CanonicalAgency(name).empty()) return {};
  std::vector<std::string_view> words = Split(name, " ");
  for (size_t i = 0; i < words.size(); ++i) {
    std::string_view w = words[i];
    // The letters after an apostrophe: "s" of a possessive, "ve", "m", "ll" of a contraction;
    // a capital follows in a name ("O'Brien", "D'Angelo").
    size_t apostrophe = w.find('\'');
    size_t width = 1;
    if (size_t curly = w.find("\u2019"); curly < apostrophe) {
      apostrophe = curly;
      width = 3;
    }
    if (apostrophe == std::string_view::npos || apostrophe == 0) continue;
    std::string_view after = w.substr(apostrophe + width);
    size_t k = 0;
    if (after.empty() || IsUpperLetter(NextCodePoint(after, k))) continue;
    const std::string ending = FoldCase(after);
    const bool possessive = ending == "s";
    bool contraction = false;
    for (std::string_view c : {"ve", "m", "ll", "re", "d", "t"}) contraction |= ending == c;
    if (!possessive && !contraction) continue;  // an apostrophe inside a name ("Ka'ena").
    if (!possessive || i + 1 == words.size()) return {};
    // "Acme's Jane Doe": the person is the name after the possessive, when one is there.
    std::string_view rest = name;
    rest.remove_prefix(static_cast<size_t>(words[i + 1].data() - name.data()));
    if (words.size() - i - 1 < 2) return {};
    return PersonOrEmpty(std::string(rest));
  }
  if (words.size() >= 2) {
    std::string last = FoldCase(words.back());
    for (std::string_view x : kInstitutions) {
      if (last == x) return {};
    }
  }
  // A group of people opening a sentence ("Prosecutors said", "Officials say"): no one person.
  if (words.size() == 1) {
    static constexpr std::string_view kGroups[] = {
        "prosecutors", "officials",   "police",        "investigators", "officers",   "analysts",
        "doctors",     "researchers", "scientists",    "experts",       "witnesses",  "critics",
        "residents",   "authorities", "lawyers",       "sources",       "organisers", "organizers",
        "fans",        "parents",     "workers",       "protesters",    "activists",  "economists",
        "observers",   "supporters",  "opponents",     "rescuers",      "villagers",  "relatives",
        "students",    "executives",  "leaders",       "members",       "voters",     "people",
        "one",         "another",     "others",        "some",          "many",       "both",
        "ermittler",   "experten",    "beh\u00f6rden", "polizei"};
    if (In(FoldCase(words[0]), kGroups)) return {};
  }
  // A body's abbreviation joined to a role before the full name ("EWV-Pr\u00e4sidentin Ines
  // Varga", "ACME-CEO Tom Reyes"): the role, not part of the name. (A hyphenated first name
  // has small letters before its hyphen: "Hans-Peter".)
  constexpr size_t kMinNameWords = 2;
  if (words.size() > kMinNameWords) {
    std::string_view first = words.front();
    const size_t hyphen = first.find('-');
    if (hyphen != std::string_view::npos && hyphen >= 2 && hyphen + 1 < first.size() &&
        IsAllCaps(first.substr(0, hyphen))) {
      size_t k = 0;
      if (IsUpperLetter(NextCodePoint(first.substr(hyphen + 1), k))) {
        return name.substr(static_cast<size_t>(words[1].data() - name.data()));
      }
    }
  }
  return name;
}

// The person a role names ("President Jane Doe's visit" -> "Jane Doe"), or "" when what
// follows the role is no person: a body ("Secretary of the Example Council"), a preposition's
// object ("Sprecherin von Example Corp", "Presidente del Consejo": a name starts with a
// capital), or a team ("former Example United").
std::string PersonWithRole(std::string_view name) {
  static constexpr std::string_view kBodies[] = {
      "court",      "authority",  "exchange", "school",     "team",      "zone",
      "united",     "cup",        "league",   "protection", "programme", "program",
      "federation", "commission", "council",  "one",        "open"};
  std::string n(Trim(name));
  for (std::string_view possessive : {"'s", "\u2019s", "'", "\u2019"}) {
    if (n.size() > possessive.size() + 2 && n.ends_with(possessive)) {
      n.resize(n.size() - possessive.size());
      break;
    }
  }
  size_t k = 0;
  if (n.empty() || !IsUpperLetter(NextCodePoint(n, k))) return {};
  std::vector<std::string_view> words = Split(n, " ");
  if (words.size() >= 2) {
    std::string last = FoldCase(words.back());
    for (std::string_view b : kBodies) {
      if (last == b) return {};
    }
  }
  return PersonOrEmpty(std::move(n));
}

// An ASCII letter: enough to find the end of the small word before a comma.
bool IsLetterByte(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::vector<Mention> Mentions(std::string_view s, std::vector<v1::Person>* people, int block) {
  std::vector<Mention> out;
  for (const NameRun& run : RoleMentions(s)) {
    std::string name = PersonWithRole(run.name);
    if (name.empty()) continue;
    out.push_back({run.begin, name});
    bool seen = false;
    for (const auto& p : *people) seen |= p.name() == name;
    if (!seen && people->size() < 200) {
      v1::Person person;
      person.set_name(name);
      person.set_role(run.role);
      person.set_block_index(block);
      people->push_back(std::move(person));
    }
  }
  // A full name set off by commas after a small word ("her aunt, Jane Doe, called for ..."):
  // a person the text names, whom a later "she said" may stand for.
  for (size_t c = s.find(", "); c != std::string_view::npos; c = s.find(", ", c + 2)) {
    size_t k = c;
    while (k > 0 && IsLetterByte(s[k - 1])) --k;
    size_t p = k;
    if (k == c || IsUpperLetter(NextCodePoint(s, p))) continue;
    // Most commas in prose are followed by a small word: no name to read there.
    size_t q = c + 2;
    if (q >= s.size() || !IsUpperLetter(NextCodePointFast(s, q))) continue;
    NameRun run = NameAfter(s, c + 2);
    if (run.name.empty() || !run.role.empty() || run.begin != c + 2 || run.end >= s.size() ||
        s[run.end] != ',' || SplitCount(run.name, " ") < 2) {
      continue;
    }
    if (std::string name = PersonOrEmpty(run.name); !name.empty()) {
      out.push_back({run.begin, std::move(name)});
    }
  }
  for (const WordAt& w : WordsIn(s, 0, s.size(), 2000)) {
    if (!IsSpeechVerb(w.folded) || w.folded == "so") continue;
    NameRun before = SubjectBefore(s, w.begin);
    before.name = PersonOrEmpty(std::move(before.name));
    if (!before.name.empty()) out.push_back({before.begin, before.name, true});
    // Whom someone "told" listened (a reporter, an outlet: "he told Example News"); the name
    // after the verb is no speaker. (Whom someone "asked" often answers next.)
    if (w.folded == "told" || w.folded == "tells") continue;
    NameRun after = NameAfter(s, w.end);
    // "said <Party> transport spokesperson Jane Doe": Jane Doe is named; "said <Country> backed
    // ...": nobody is.
    if (AttributeReading a = ReadAttribute(s, after); a.decided) after.name = a.person;
    after.name = PersonOrEmpty(std::move(after.name));
    if (!after.name.empty()) {
      out.push_back({after.begin, after.name, true});
    } else if (std::string person = AppositiveAfter(s, w.end); !person.empty()) {
      out.push_back({w.end, std::move(person), true});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Mention& a, const Mention& b) { return a.pos < b.pos; });
  return out;
}

// A quote that is a statement of its own: its words end a sentence ("... for years."), or
// nothing but the paragraph's end follows its closing mark. A title or a term in quotes (“The
// Long Road” opened ...) goes on in the sentence around it.
bool EndsAStatement(std::string_view quote, std::string_view after) {
  std::string_view q = Trim(quote);
  if (q.empty()) return false;
  if (Trim(after).empty()) return true;
  char c = q.back();
  return c == '.' || c == '!' || c == '?' || c == ',' || q.ends_with("\u2026");
}

// Whether a speech verb follows a closing quote mark at `after` within the same sentence ("...,"
// the official said): the quote is attributed, even to nobody by name.
bool HasAttribution(std::string_view s, size_t after) {
  constexpr size_t kMaxWords = 6;
  size_t to = std::min(s.size(), after + kAttributionWindow);
  size_t stop = s.substr(after, to - after).find_first_of(".!?");
  if (stop != std::string_view::npos) to = after + stop;
  for (const WordAt& w : WordsIn(s, after, to, kMaxWords)) {
    if (IsSpeechVerb(w.folded) && w.folded != "so") return true;
  }
  return false;
}

std::string CleanQuote(std::string_view q) {
  std::string t = CollapseSpace(q);
  while (!t.empty() && (t.back() == ',' || t.back() == ' ')) t.pop_back();
  t.resize(Utf8Prefix(t, kMaxQuoteChars).size());
  return t;
}

size_t WordCount(std::string_view s) { return SplitCount(s, " "); }

}  // namespace

QuoteResult FindQuotes(const std::vector<BodyBlock>& blocks) {
  QuoteResult out;
  std::string carried;  // the person last named in earlier blocks.
  // Who was speaking when the paragraph before ended: the speaker of its last quote, or the
  // person its closing words name with a speech verb ("..., Mr Doe said."), when nobody else is
  // named after. A paragraph that is a quote with no attribution of its own goes on with them,
  // as a reader takes it.
  std::string speaking;
  struct Pending {
    bool active = false;
    std::string text;
    int block = 0;
    const Mark* mark = nullptr;
  } pending;
  auto emit = [&](std::string text, int block, std::string speaker, std::string rule) {
    text = CleanQuote(text);
    speaker = PersonOrEmpty(std::move(speaker));
    size_t words = WordCount(text);
    if (words < 3 || (speaker.empty() && words < 8)) return;
    v1::Quote q;
    q.set_text(std::move(text));
    q.set_speaker(std::move(speaker));
    q.set_block_index(block);
    q.set_rule(std::move(rule));
    out.quotes.push_back(std::move(q));
  };
  for (const BodyBlock& block : blocks) {
    std::string_view s = block.text;
    std::vector<Mention> mentions = Mentions(s, &out.people, block.index);
    size_t i = 0;
    if (pending.active) {
      std::string_view t = Trim(s);
      size_t lead = static_cast<size_t>(t.data() - s.data());
      const Mark* m = nullptr;
      size_t open = NextOpen(s, lead, &m);
      if (open == lead && pending.text.size() < kMaxQuoteChars) {
        size_t close_len = 0;
        size_t close = FindClose(s, open + m->open.size(), *m, &close_len);
        if (close == std::string_view::npos) {
          pending.text += " ";
          pending.text += s.substr(open + m->open.size());
          continue;
        }
        pending.text += " ";
        pending.text += s.substr(open + m->open.size(), close - open - m->open.size());
        std::string rule;
        std::string speaker = SpeakerAfter(s, close + close_len, mentions, carried, open, &rule);
        emit(pending.text, pending.block, speaker,
             speaker.empty() ? "multi-paragraph quote" : "multi-paragraph " + rule);
        pending.active = false;
        i = close + close_len;
      } else {
        emit(pending.text, pending.block, "", "unclosed quote");
        pending.active = false;
      }
    }
    std::string last_speaker;
    size_t last_close = std::string_view::npos;
    const size_t lead = static_cast<size_t>(Trim(s).data() - s.data());
    const std::string speaking_before = std::move(speaking);
    speaking.clear();
    while (i < s.size()) {
      const Mark* m = nullptr;
      size_t open = NextOpen(s, i, &m);
      if (open == std::string_view::npos) break;
      size_t body = open + m->open.size();
      size_t close_len = 0;
      size_t close = FindClose(s, body, *m, &close_len);
      if (close == std::string_view::npos) {
        if (m->open != "\"") {
          pending = {true, std::string(s.substr(body)), block.index, m};
        }
        break;
      }
      std::string_view text = s.substr(body, close - body);
      std::string rule;
      std::string speaker = SpeakerAfter(s, close + close_len, mentions, carried, open, &rule);
      speaker = PersonOrEmpty(std::move(speaker));
      if (speaker.empty())
        speaker = PersonOrEmpty(SpeakerBefore(s, open, mentions, carried, &rule));
      if (speaker.empty() && !last_speaker.empty() && last_close != std::string_view::npos &&
          open - last_close < 120) {
        speaker = last_speaker;
        rule = "same speaker as the quote before it";
      }
      if (speaker.empty() && open == lead && !speaking_before.empty() &&
          EndsAStatement(text, s.substr(close + close_len)) &&
          !HasAttribution(s, close + close_len)) {
        speaker = speaking_before;
        rule = "same speaker as the paragraph before";
      }
      if (!speaker.empty()) {
        last_speaker = speaker;
        mentions.push_back({close + close_len, speaker, true});
        std::sort(mentions.begin(), mentions.end(),
                  [](const Mention& a, const Mention& b) { return a.pos < b.pos; });
      }
      last_close = close + close_len;
      emit(std::string(text), block.index, speaker, rule.empty() ? "quote" : rule);
      i = close + close_len;
    }
    if (!mentions.empty()) carried = mentions.back().name;
    // The quote's attribution is a mention too (pushed above), so the last mention tells who
    // spoke last, unless someone was named after them.
    if (!mentions.empty()) {
      const std::string& last = mentions.back().name;
      for (const Mention& m : mentions) {
        if (m.speaker && m.name == last) speaking = last;
      }
    }
  }
  if (pending.active) emit(pending.text, pending.block, "", "unclosed quote");
  return out;
}

}  // namespace newspipe::extract
