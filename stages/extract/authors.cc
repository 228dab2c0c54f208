#include "stages/extract/authors.h"

#include <algorithm>
#include <array>

#include "stages/extract/dates.h"
#include "stages/extract/text_util.h"

namespace newspipe::extract {
namespace {

constexpr size_t kMaxBylineChars = 300;

struct Agency {
  std::string_view key;  // LooseKey form.
  std::string_view canonical;
};

constexpr Agency kAgencies[] = {
    {"reuters", "Reuters"},
    {"thomson reuters", "Reuters"},
    {"ap", "AP"},
    {"associated press", "AP"},
    {"the associated press", "AP"},
    {"afp", "AFP"},
    {"agence france-presse", "AFP"},
    {"agence france presse", "AFP"},
    {"kyodo", "Kyodo"},
    {"kyodo news", "Kyodo"},
    {"jiji", "Jiji Press"},
    {"jiji press", "Jiji Press"},
    {"yonhap", "Yonhap"},
    {"yonhap news agency", "Yonhap"},
    {"xinhua", "Xinhua"},
    {"dpa", "dpa"},
    {"ansa", "ANSA"},
    {"efe", "EFE"},
    {"upi", "UPI"},
    {"united press international", "UPI"},
    {"tass", "TASS"},
    {"interfax", "Interfax"},
    {"pti", "PTI"},
    {"press trust of india", "PTI"},
    {"ians", "IANS"},
    {"anadolu", "Anadolu"},
    {"anadolu agency", "Anadolu"},
    {"kna", "KNA"},
    {"epd", "epd"},
    {"apa", "APA"},
    {"sda", "SDA"},
    {"keystone-sda", "Keystone-SDA"},
    {"bernama", "Bernama"},
    {"antara", "Antara"},
    {"aap", "AAP"},
    {"press association", "PA"},
    {"pa media", "PA"},
    {"bloomberg", "Bloomberg"},
    {"bloomberg news", "Bloomberg"},
    {"ap/reuters", "Reuters"},
    {"reuters/ap", "Reuters"},
    {"dpa/afp", "dpa"},
    {"afp/dpa", "AFP"},
};

// Words that mark an organisation, a desk or a role rather than a person.
constexpr std::string_view kNotPersonWords[] = {
    "staff",
    "redaktion",
    "redaction",
    "rédaction",
    "editor",
    "editors",
    "editorial",
    "desk",
    "newsroom",
    "news",
    "nachrichten",
    "press",
    "presse",
    "media",
    "online",
    "admin",
    "administrator",
    "webmaster",
    "agency",
    "agencies",
    "agentur",
    "agenturen",
    "agencia",
    "agencias",
    "agence",
    "service",
    "services",
    "inc",
    "ltd",
    "llc",
    "gmbh",
    "verlag",
    "zeitung",
    "magazine",
    "magazin",
    "times",
    "tribune",
    "herald",
    "daily",
    "gazette",
    "network",
    "channel",
    "tv",
    "radio",
    "foundation",
    "institute",
    "center",
    "centre",
    "ministry",
    "department",
    "government",
    "association",
    "society",
    "company",
    "corporation",
    "anonymous",
    // Labels of a page's rows, forms and photo credits.
    "paid",
    "content",
    "meldung",
    "pressemitteilung",
    "aktuelle",
    "aktuelles",
    "nom",
    "unbenannt",
    "zvg",
    "symbolbild",
    "imago",
    "no",
    "none",
    "unknown",
    "contributor",
    "contributors",
    "correspondent",
    "correspondents",
    // A role printed as a piece of its own in a byline list ("Jan Roth, deutscher Journalist,
    // Kolumnist").
    "journalist",
    "journalistin",
    "kolumnist",
    "kolumnistin",
    "columnist",
    "korrespondent",
    "korrespondentin",
    // Sidebar headings that byline searches pick up ("Most Popular Posts").
    "popular",
    "publisher",
    // Words of a date or a page label that a byline search picks up beside a name.
    "datum",
    "date",
    "stand",
    "zuletzt",
    "text",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "january",
    "february",
    "januar",
    "februar",
    "september",
    "october",
    "oktober",
    "november",
    "december",
    "dezember",
    // Greetings and phrases of comments.
    "hallo",
    "hello",
    "liebe",
    "grüße",
    "ebenfalls",
    "reporter",
    "reporters",
    "writer",
    "writers",
    "columnist",
    "photographer",
    "photos",
    "photo",
    "foto",
    "fotos",
    "phd",
    "m.d",
    "university",
    "universität",
    "college",
    "blog",
    "redakteur",
    "redakteurin",
    "autor",
    "autorin",
    "author",
    "guest",
    "gastbeitrag",
    "team",
    "wire",
    "bureau",
    "office",
    "pressestelle",
    "group",
    "partner",
    "sponsored",
    "advertorial",
    "anzeige",
    "kommentare",
    "comment",
    "comments",
    "share",
    "teilen",
    "updated",
    "published",
    "aktualisiert",
    "name",
    "e-mail",
    "email",
    "website",
    "webseite",
    "visitor",
    "gast",
    "profil",
    "profile",
    "archive",
    "archiv",
    "posted",
    "chefredakteur",
    "chefredakteurin",
    "publiziert",
    "veröffentlicht",
    "eingestellt",
    "geschrieben",
    "verfasst",
    "user",
    "by",
    "von",
    "par",
    "por",
    // An article opens an outlet's or a group's name ("The Lakeside Courier"), never a person's.
    "the",
    // A page's update stamp and the links of its header or footer that a byline search picks
    // up ("Last Update: 5/07", "Register Subscribe Help", "About Us").
    "update",
    "updates",
    "login",
    "logout",
    "log-in",
    "log-out",
    "register",
    "subscribe",
    "about",
    "contact",
    "search",
    "site",
    // A desk's or outlet's name ("Example Sports", "Example Newspapers").
    "sport",
    "sports",
    "newspaper",
    "newspapers",
};

// Lower-case words allowed inside names (particles).
constexpr std::string_view kParticles[] = {"von", "van", "de",  "der",   "den", "da", "di", "du",
                                           "la",  "le",  "del", "della", "bin", "al", "el", "zu",
                                           "ten", "ter", "dos", "das",   "y",   "e",  "mc", "st"};

constexpr std::string_view kPrefixes[] = {
    "veröffentlicht von",
    "eingestellt von",
    "verfasst von",
    "erstellt von",
    "publiziert von",
    "geschrieben von",
    "published by",
    "posted by",
    "written by",
    "autor:in:",
    "written by ",
    "posted by ",
    "reported by ",
    // A wire story's credit line ("Reporting by Jane Doe; Editing by John Roe").
    "reporting by ",
    "story by ",
    "words by ",
    // A kind of piece before its author ("Opinion by Jane Doe", "A guest post by ...").
    "opinion by ",
    "analysis by ",
    "commentary by ",
    "column by ",
    "essay by ",
    "review by ",
    "guest post by ",
    "a guest post by ",
    "text by ",
    "author ",
    "autor ",
    "autorin ",
    "rechtsanwalt ",
    "rechtsanwältin ",
    "post author by ",
    "post author ",
    "ein beitrag von ",
    "ein artikel von ",
    "auteur:",
    "auteure:",
    "~",
    "redaktion: ",
    "un article de ",
    "geschrieben von ",
    "text von ",
    "text und fotos von ",
    "fotos von ",
    // One person credited for words and pictures ("Text & Fotos: Jane Doe").
    "text & fotos:",
    "text und fotos:",
    "text + fotos:",
    "text/fotos:",
    "text & foto:",
    "text und foto:",
    "text & bild:",
    "text und bild:",
    "text & bilder:",
    "text und bilder:",
    "text & photos:",
    "text and photos:",
    "words & photos:",
    "words and photos:",
    "texte et photos :",
    "texte et photos:",
    // Forum software's post header ("Beitrag von q17 » 03.02.2010"; the post icon's label is
    // often glued to "von").
    "beitrag von ",
    "beitragvon ",
    "post by ",
    "postby ",
    "by:",
    "by ",
    "von:",
    "von ",
    "par ",
    "por ",
    "di ",
    "door ",
    "text:",
    "autor:",
    "autorin:",
    "author:",
    "autoren:",
    "authors:",
    "interview:",
    "from ",
    // The kind of piece as a label ("Reportage: Jana Muster").
    "reportage:",
    "kommentar:",
    "analyse:",
    "recherche:",
    "gastbeitrag:",
    "report:",
    "opinion:",
    "analysis:",
    "commentary:",
};

// The words that open a line as a byline, in many languages; BylineLeadLength reads them and
// StripPrefixes drops them. A longer lead comes before the shorter one it ends with.
constexpr std::string_view kBylineLeads[] = {
    // English, German, French, Spanish, Portuguese, Italian, Dutch.
    "written by ", "posted by ", "by ", "written by: ", "posted by: ", "by: ", "ein artikel von ",
    "ein beitrag von ", "geschrieben von ", "text von ", "von ", "publié par ", "écrit par ",
    "rédigé par ", "un article de ", "par ", "publicado por ", "escrito por ", "redactado por ",
    "por ", "scritto da ", "pubblicato da ", "a cura di ", "di ", "geschreven door ",
    "gepubliceerd door ", "door ",
    // Swedish, Danish, Norwegian, Polish.
    "skrevet af ", "skrevet av ", "skriven av ", "av ", "af ", "napisała ", "napisał ",
    // A label before the name.
    "text: ", "tekst: ", "texto: ", "texte: ", "testo: ", "autor: ", "autorin: ", "autora: ",
    "autore: ", "author: ", "auteur: ", "redaktion: ", "redacción: ", "författare: ", "forfatter: ",
    "yazar: ", "kirjoittaja: ", "szerző: ", "автор: ", "автор ", "текст: "};

// Where the name part of a byline ends.
constexpr std::string_view kStops[] = {
    " | ", " - ", " \u2013 ", " \u2014 ", " \u00b7 ", " \u2022 ", " / ", "\n", " on ", " am ",
    " le ", " last updated", " last modified", " updated", " published", " posted", " aktualisiert",
    " veröffentlicht", " erschienen", " at ", " illustration",
    " fotos:", " foto:", " photos:", " bilder:", " (", " -- ", " symbolbild", " \u00bb ",
    // A handle after the name ("Jane Doe @janedoe"); the editors a wire story credits after
    // its reporters ("...; Editing by John Roe").
    " @", " editing by", " additional reporting",
    // "Published" and "updated" in French, Spanish, Portuguese and Italian.
    " publié", " mis à jour", " publicado", " actualizado", " pubblicato", " aggiornato",
    // Credits for the pictures after the writer's ("By X. Photos by Y"), and the line a
    // freelancer's byline goes on with ("... Special to the Example Gazette").
    " photos by", " photo by", " photography by", " pictures by", " video by", " special to "};

constexpr std::string_view kSeparators[] = {
    ",",     ";",    " and ", " und ", " & ", " et ", " y ",  " e ", " and/or ", " with ",
    " mit ", " en ", " och ", " og ",  " i ", " ja ", " és ", " и ", " și ",     " ve "};

// True when `folded` opens with a month name (any language the date reader knows) or a weekday
// name (English, German, French): the date a byline's "on" / "am" / "le" introduces once its
// digits are cut off ("... on August").
bool StartsWithCalendarWord(std::string_view folded) {
  static constexpr std::string_view kWeekdays[] = {
      "monday", "tuesday",  "wednesday", "thursday",   "friday",   "saturday", "sunday",
      "montag", "dienstag", "mittwoch",  "donnerstag", "freitag",  "samstag",  "sonntag",
      "lundi",  "mardi",    "mercredi",  "jeudi",      "vendredi", "samedi",   "dimanche"};
  std::string_view word = folded.substr(0, folded.find_first_of(" ,."));
  if (MonthFromName(word) != 0) return true;
  for (std::string_view w : kWeekdays) {
    if (word == w) return true;
  }
  return false;
}

// The end of a lead-in naming the kind of piece before its author: an article, up to two
// words and the marker ("Ein Kommentar von ", "Eine Analyse von ", "A guest column by ", "Une
// tribune de "); 0 when `s` opens otherwise. No name opens with an article.
size_t KindOfPieceLeadIn(std::string_view s) {
  static constexpr std::string_view kArticles[] = {"ein", "eine", "a",   "an",
                                                   "un",  "une",  "una", "uno"};
  static constexpr std::string_view kMarkers[] = {"von", "by", "par", "de", "di", "por", "door"};
  constexpr size_t kMaxKindWords = 2;
  constexpr size_t kMaxLeadInBytes = 80;
  std::vector<std::string_view> words =
      Split(s.substr(0, std::min(s.size(), kMaxLeadInBytes)), " ");
  if (words.size() < 3) return 0;
  std::string first = FoldCase(words[0]);
  if (std::find(std::begin(kArticles), std::end(kArticles), first) == std::end(kArticles)) {
    return 0;
  }
  for (size_t k = 2; k <= kMaxKindWords + 1 && k + 1 < words.size(); ++k) {
    std::string w = FoldCase(words[k]);
    if (std::find(std::begin(kMarkers), std::end(kMarkers), w) != std::end(kMarkers)) {
      return static_cast<size_t>(words[k].data() + words[k].size() - s.data());
    }
  }
  return 0;
}

std::string_view StripPrefixes(std::string_view s) {
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    s = Trim(s);
    for (std::string_view p : kPrefixes) {
      if (StartsWithFolded(s, p)) {
        s.remove_prefix(p.size());
        changed = true;
        break;
      }
    }
    if (size_t lead = BylineLeadLength(s); !changed && lead > 0) {
      s.remove_prefix(lead);
      changed = true;
    }
    if (size_t lead = KindOfPieceLeadIn(s); lead > 0) {
      s.remove_prefix(lead);
      changed = true;
    }
    // "Von unserem Korrespondenten X", "Von unserer Redakteurin X": the role after "unser".
    for (std::string_view our : {"unserem ", "unserer ", "unseren "}) {
      if (!StartsWithFolded(s, our)) continue;
      size_t space = s.find(' ', our.size());
      if (space == std::string_view::npos) break;
      s.remove_prefix(space + 1);
      changed = true;
      break;
    }
  }
  // Leading and trailing punctuation: "— Jane Doe", "Jane Doe:".
  while (!s.empty() && (s.front() == '-' || s.front() == ':' || s.front() == '|' ||
                        s.front() == ',' || s.front() == '.' || s.front() == '*')) {
    s = Trim(s.substr(1));
  }
  while (!s.empty() && (s.back() == '-' || s.back() == ':' || s.back() == '|' || s.back() == ',' ||
                        s.back() == '*')) {
    s = Trim(s.substr(0, s.size() - 1));
  }
  return s;
}

bool IsParticle(std::string_view word) {
  std::string f = FoldCase(word);
  for (std::string_view p : kParticles) {
    if (f == p) return true;
  }
  return false;
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  for (std::string_view w : Split(s, " ")) out.emplace_back(w);
  return out;
}

}  // namespace

size_t BylineLeadLength(std::string_view line) {
  for (std::string_view lead : kBylineLeads) {
    if (StartsWithFolded(line, lead)) return lead.size();
    // A label set apart from its colon ("Author : Jane Doe").
    if (lead.ends_with(": ")) {
      std::string_view word = lead.substr(0, lead.size() - 2);
      if (StartsWithFolded(line, word) && line.substr(word.size()).starts_with(" : ")) {
        return word.size() + 3;
      }
    }
  }
  return 0;
}

std::string NameKey(std::string_view name) { return LooseKey(name); }

std::string CallSignReason(std::string_view name) {
  constexpr size_t kMinSignChars = 3;
  constexpr size_t kMaxSignLetters = 4;
  size_t letters = 0, others = 0;
  for (char c : Trim(name)) {
    if (c >= 'A' && c <= 'Z') {
      ++letters;
    } else if (c < '0' || c > '9') {
      ++others;
    }
  }
  if (others == 0 && letters >= 2 && letters <= kMaxSignLetters &&
      Trim(name).size() >= kMinSignChars) {
    return "a broadcaster's or an outlet's letters, not a name";
  }
  return "";
}

std::string CanonicalAgency(std::string_view text) {
  std::string_view t = Trim(text);
  while (!t.empty() && (t.front() == '(' || t.front() == '[')) t = Trim(t.substr(1));
  while (!t.empty() && (t.back() == ')' || t.back() == ']')) t = Trim(t.substr(0, t.size() - 1));
  if (t.empty() || t.size() > 40) return "";
  std::string key = LooseKey(t);
  for (const Agency& a : kAgencies) {
    if (a.key == key) return std::string(a.canonical);
  }
  return "";
}

namespace {

// Nouns that close a newspaper's title ("Lakeside Courier", "Port Alder Star"), folded.
constexpr std::string_view kMastheadNouns[] = {"courier",   "chronicle",  "observer", "examiner",
                                               "inquirer",  "sentinel",   "dispatch", "journal",
                                               "bulletin",  "mirror",     "guardian", "star",
                                               "telegraph", "advertiser", "argus",    "mail"};

// True when `word` is a noun that closes a newspaper's title.
bool IsMastheadNoun(std::string_view word) {
  const std::string key = LooseKey(word);
  return std::find(std::begin(kMastheadNouns), std::end(kMastheadNouns), key) !=
         std::end(kMastheadNouns);
}

// English newsroom roles, folded, as a byline prints them after the name.
constexpr std::string_view kRoles[] = {"reporter",   "correspondent", "contributor",
                                       "writer",     "columnist",     "editor",
                                       "journalist", "photographer",  "producer"};

// The rank, beat or desk words a byline prints before the role, folded.
constexpr std::string_view kRanks[] = {
    "senior",     "chief",     "staff",     "special",       "contributing",  "freelance",
    "deputy",     "managing",  "associate", "assistant",     "political",     "politics",
    "business",   "health",    "science",   "sports",        "sport",         "tech",
    "technology", "education", "economics", "economy",       "environment",   "climate",
    "foreign",    "national",  "local",     "news",          "digital",       "data",
    "crime",      "courts",    "legal",     "features",      "investigative", "travel",
    "food",       "culture",   "arts",      "entertainment", "music",         "film",
    "fashion",    "metro",     "city",      "state",         "white",         "house",
    "washington", "europe",    "global",    "world",         "markets",       "finance",
    "energy",     "medical"};

// True when the last word of `text`, after another word, names a country or a region an
// outlet's edition is named for ("Example World Australia", "Example Times Asia").
bool EndsInEditionRegion(std::string_view text) {
  static constexpr std::string_view kRegions[] = {
      "australia", "canada",  "india",    "uk",        "ireland",  "asia",    "europe",
      "africa",    "america", "pakistan", "singapore", "malaysia", "zealand", "online"};
  size_t space = text.rfind(' ');
  if (space == std::string_view::npos) return false;
  std::string last = FoldCase(text.substr(space + 1));
  for (std::string_view r : kRegions) {
    if (last == r) return true;
  }
  return false;
}

bool EndsInRole(std::string_view text) {
  size_t space = text.rfind(' ');
  std::string last = FoldCase(text.substr(space == std::string_view::npos ? 0 : space + 1));
  for (std::string_view r : kRoles) {
    if (last == r) return true;
  }
  return false;
}

}  // namespace

bool IsRoleLine(std::string_view line) {
  constexpr size_t kMaxRoleLineBytes = 60;
  constexpr size_t kMaxRoleLineWords = 6;
  std::string_view t = Trim(line);
  if (t.empty() || t.size() > kMaxRoleLineBytes) return false;
  // "... staff writer", or the staff alone ("The Example Courier Staff").
  if (!EndsInRole(t) && !FoldCase(t).ends_with(" staff")) return false;
  if (t.find_first_of("0123456789.!?:;,|()") != std::string_view::npos) return false;
  std::vector<std::string_view> words = Split(t, " ");
  if (words.size() > kMaxRoleLineWords) return false;
  // Before the role: the outlet's capitalised words or the rank and beat ("She was a writer" is
  // a sentence).
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    size_t k = 0;
    if (IsUpperLetter(NextCodePoint(words[i], k))) continue;
    std::string f = FoldCase(words[i]);
    bool rank = false;
    for (std::string_view r : kRanks) rank |= f == r;
    if (!rank) return false;
  }
  return true;
}

namespace {

// True when `word`, after a person's name, reads as part of an outlet's name: a word that marks
// an organisation ("Gazette", "News"), letters in capitals after a name that is not written in
// capitals ("ZBN"), or two words glued where a small letter meets a capital after four letters
// or more ("RiverWire"; "McKay" or "LaToya" are names).
bool OutletWordAfterName(std::string_view word, bool name_in_capitals) {
  std::string key = LooseKey(word);
  for (std::string_view bad : kNotPersonWords) {
    if (key == bad) return true;
  }
  if (!name_in_capitals && word.size() >= 2 && IsAllCaps(word)) return true;
  constexpr size_t kMinGluedHead = 4;
  for (size_t i = kMinGluedHead; i < word.size(); ++i) {
    if (word[i] >= 'A' && word[i] <= 'Z' && word[i - 1] >= 'a' && word[i - 1] <= 'z') return true;
  }
  return false;
}

// Drops an English newsroom role printed after the name without a comma ("Jane Doe Business
// Reporter", "Jane Doe Senior Correspondent"): the role noun and the beat or rank words before
// it, when two words of the name stay.
std::string_view TrimTrailingRole(std::string_view name) {
  std::vector<std::string_view> words = Split(name, " ");
  if (words.size() < 3) return name;
  auto in = [](std::string_view w, const auto& list) {
    std::string f = FoldCase(w);
    for (std::string_view x : list) {
      if (f == x) return true;
    }
    return false;
  };
  if (!in(words.back(), kRoles)) return name;
  size_t keep = words.size() - 1;
  while (keep > 0 && in(words[keep - 1], kRanks)) --keep;
  // A beat's editor after the beat's words ("Harbour Affairs Editor", "Example Tech Editor"):
  // a desk's title, refused whole (for the role word) rather than cut to a name-like beat.
  if (FoldCase(words.back()) == "editor" && keep == words.size() - 1) return name;
  // A role alone ("Chief Political Correspondent", "Associate Example Editor": a rank opens
  // it) is refused as one, whole.
  if (keep < 2 || in(words[0], kRanks)) return name;
  // The role line may name the outlet the writer works for, which the page's line break set
  // apart from the name ("By Jane Doe" over "Example Wire Contributing Writer"): once a word
  // after the name reads as an outlet's, the name is its first two words (three with a
  // middle initial).
  const size_t name_words = words[1].size() <= 2 && words[1].ends_with('.') ? 3 : 2;
  if (keep > name_words) {
    const bool capitals = IsAllCaps(words[0]);
    for (size_t i = name_words; i < keep; ++i) {
      if (OutletWordAfterName(words[i], capitals)) {
        keep = name_words;
        break;
      }
    }
  }
  return Trim(name.substr(
      0, static_cast<size_t>(words[keep - 1].data() + words[keep - 1].size() - name.data())));
}

// Drops the words a byline leaves after the name once its date is cut off ("Jane Doe am",
// "Jane Doe | ", "Jane Doe · ", "Jane Doe Alle Artikel").
std::string_view TrimTrailingJunk(std::string_view name) {
  static constexpr std::string_view kJunk[] = {
      "am", "at", "um", "on", "le", "vom", "the", "stand", "alle", "artikel", "all", "posts", "fr",
      "\u00b7", "|", "-", "\u2013", "\u2014", ",", ":", "\u00bb",
      // A role printed after the name ("Tom Seidel Autor", "... im Gespräch").
      "autor", "autorin", "author", "redakteur", "redakteurin", "gespräch", "im",
      // A relative time's first word once its number is cut off ("... Hace", "... vor").
      "hace", "vor",
      // A weekday's abbreviation left from a date glued to the name ("Jonas Keller Do").
      "mo", "di", "mi", "do", "fr", "sa", "so"};
  static constexpr std::string_view kWeekdayShort[] = {"mo", "di", "mi", "do", "fr", "sa", "so"};
  std::string_view n = Trim(name);
  // In a name written in capitals ("JANE SO"), two capitals are a surname or an initial, not a
  // weekday's abbreviation.
  const bool capitals = IsAllCaps(n);
  while (!n.empty()) {
    size_t space = n.rfind(' ');
    if (space == std::string_view::npos) break;
    std::string last = FoldCase(n.substr(space + 1));
    bool junk = false;
    for (std::string_view j : kJunk) junk |= last == j;
    if (junk && capitals) {
      for (std::string_view w : kWeekdayShort) junk &= last != w;
    }
    if (!junk) break;
    n = Trim(n.substr(0, space));
  }
  while (!n.empty() && (n.back() == ',' || n.back() == '|' || n.back() == ':' ||
                        (n.back() == ')' && n.find('(') == std::string_view::npos))) {
    n = Trim(n.substr(0, n.size() - 1));
  }
  // A sentence's full stop after a surname ("Jane Doe."), not an initial's ("Roe Jr.").
  if (n.ends_with('.')) {
    size_t space = n.rfind(' ');
    std::string_view last = n.substr(space == std::string_view::npos ? 0 : space + 1);
    constexpr size_t kMinSurnameBytes = 4;  // three letters and the dot
    if (space != std::string_view::npos && last.size() >= kMinSurnameBytes &&
        last.find('.') == last.size() - 1) {
      n.remove_suffix(1);
    }
  }
  return TrimTrailingRole(n);
}

// True when the word's last letter is a small one ("Newspapers", not "McSHANE").
bool EndsInSmallLetter(std::string_view word) {
  char32_t last = 0;
  for (size_t i = 0; i < word.size();) {
    char32_t c = NextCodePoint(word, i);
    if (IsLetter(c)) last = c;
  }
  return last != 0 && !IsUpperLetter(last);
}

// Drops the outlet or agency a byline prints after the name without a comma, when two words of
// the name stay: an agency ("Jane Doe AP", which then fills `agency`), an outlet opening with
// an article ("JANE DOE THE EXAMPLE COURIER"), or words in small letters after a name written
// in capitals, as wire bylines set the name apart from the desk ("JANE DOE Example Newspapers").
std::string_view TrimTrailingOutlet(std::string_view name, std::string* agency) {
  constexpr size_t kMinNameWords = 2;
  constexpr size_t kMaxAgencyWords = 3;
  std::vector<std::string_view> words = Split(name, " ");
  if (words.size() <= kMinNameWords) return name;
  auto head = [&](size_t end) {
    return Trim(name.substr(
        0, static_cast<size_t>(words[end - 1].data() + words[end - 1].size() - name.data())));
  };
  // What stays must read as a name in running text ("Owners of the Example Herald" is
  // no name followed by an outlet).
  auto name_like = [&](size_t end) {
    for (size_t i = 0; i < end; ++i) {
      size_t k = 0;
      char32_t c = NextCodePoint(words[i], k);
      if (!IsUpperLetter(c) && !IsParticle(words[i])) return false;
    }
    return true;
  };
  for (size_t k = 1; k <= kMaxAgencyWords && words.size() - k >= kMinNameWords; ++k) {
    std::string canonical = CanonicalAgency(
        name.substr(static_cast<size_t>(words[words.size() - k].data() - name.data())));
    if (canonical.empty() || !name_like(words.size() - k)) continue;
    *agency = canonical;
    return head(words.size() - k);
  }
  // An agency's abbreviation in capitals and its service's name after it ("Jane Doe EW
  // Sportswire"), after a name that is not in capitals: the wire's ticker goes with it.
  constexpr size_t kMaxServiceWords = 2;
  for (size_t at = kMinNameWords; at + 1 < words.size(); ++at) {
    if (words.size() - at - 1 > kMaxServiceWords || !IsAllCaps(words[at]) || IsAllCaps(words[0]) ||
        !name_like(words.size())) {
      continue;
    }
    std::string canonical = CanonicalAgency(words[at]);
    if (canonical.empty()) continue;
    *agency = canonical;
    return head(at);
  }
  for (size_t i = kMinNameWords; i < words.size(); ++i) {
    if (FoldCase(words[i]) == "the") return name_like(i) ? head(i) : name;
  }
  // An outlet in capitals after a name written in small letters ("Jane Doe EXAMPLE POST"): two
  // words or more of three letters or more, none a particle ("Anne Marie VAN DAMME" is a name).
  if (!IsAllCaps(words[0]) && !IsAllCaps(words[1]) && name_like(kMinNameWords)) {
    size_t tail = words.size();
    constexpr size_t kMinOutletWordBytes = 3;
    while (tail > kMinNameWords && IsAllCaps(words[tail - 1]) &&
           words[tail - 1].size() >= kMinOutletWordBytes && !IsParticle(words[tail - 1])) {
      --tail;
    }
    bool small_before = true;
    for (size_t i = 0; i < tail; ++i) small_before &= !IsAllCaps(words[i]);
    if (words.size() - tail >= 2 && small_before) return head(tail);
  }
  if (IsAllCaps(words[0]) && IsAllCaps(words[1])) {
    size_t tail = words.size();
    while (tail > kMinNameWords && EndsInSmallLetter(words[tail - 1])) --tail;
    bool capitals_before = true;
    for (size_t i = 0; i < tail; ++i) capitals_before &= !EndsInSmallLetter(words[i]);
    if (tail < words.size() && capitals_before && name_like(tail)) return head(tail);
  }
  return name;
}

// The word that marks `s` as an organisation (a legal form, a body of the state, a church, a
// club), or "".
std::string OrganisationWord(std::string_view s) {
  static constexpr std::string_view kWords[] = {
      "e.v.",          "ev",       "eg",       "ag",       "se",          "gmbh",
      "mbh",           "kg",       "co.",      "verband",  "ministerium", "departement",
      "landesanstalt", "stiftung", "verein",   "kirche",   "institut",    "akademie",
      "behörde",       "partei",   "fraktion", "gemeinde", "landkreis",   "hochschule",
      "gesellschaft",  "kitchens", "rezepte"};
  static constexpr std::string_view kPrefixes[] = {"bundes", "landes", "staats"};
  static constexpr std::string_view kSuffixes[] = {"verband",      "ministerium", "stiftung",
                                                   "gesellschaft", "verein",      "anstalt"};
  // A national adjective opens the names of public bodies and associations, never a
  // person's name ("Deutsches Hilfswerk Nord", "Bayerische Landesanstalt ...").
  static constexpr std::string_view kOpeners[] = {
      "deutsche",       "deutscher",       "deutsches",        "bayerische",     "bayerischer",
      "bayerisches",    "österreichische", "österreichischer", "schweizerische", "schweizer",
      "eidgenössische", "eidgenössisches", "europäische",      "internationale"};
  std::string folded = FoldCase(CollapseSpace(s));
  if (folded.find(" e. v.") != std::string::npos) return "e. V.";
  std::string_view first = std::string_view(folded).substr(0, folded.find(' '));
  for (std::string_view o : kOpeners) {
    if (first == o && first.size() < folded.size()) return std::string(first);
  }
  for (std::string_view w : Split(folded, " ")) {
    while (!w.empty() && (w.back() == ',' || w.back() == ';')) w.remove_suffix(1);
    for (std::string_view k : kWords) {
      if (w == k) return std::string(w);
    }
    for (std::string_view p : kPrefixes) {
      if (w.size() > p.size() + 3 && w.starts_with(p)) return std::string(w);
    }
    for (std::string_view x : kSuffixes) {
      if (w.ends_with(x)) return std::string(w);
    }
  }
  return "";
}

// Page markup without white space between elements glues a label or a date to the name
// ("AutorTeufel Blog", "Jonas KellerDo 19 Mär"): a word is split where a lower-case letter meets
// a capital, when the part before is an author label or the part after a weekday or month.
// Names like "McDonald" or "LeBrun" are left alone. A profile button's label glued after the
// name ("Jane RoeFollow Product designer and ...") ends the name like a pipe: what follows is
// the profile's tagline.
std::string UnglueWords(const std::string& text) {
  static constexpr std::string_view kLabels[] = {"author", "autor", "autorin", "von", "by"};
  static constexpr std::string_view kButtons[] = {"follow",     "folgen", "subscribe",
                                                  "abonnieren", "suivre", "seguir"};
  static constexpr std::string_view kCalendar[] = {"mo",  "di",  "mi",  "do",  "fr",  "sa",  "so",
                                                   "mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  std::string out;
  out.reserve(text.size() + 4);
  size_t word_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ') word_start = out.size() + 1;
    bool boundary = i > 0 && c >= 'A' && c <= 'Z' && text[i - 1] >= 'a' && text[i - 1] <= 'z';
    if (boundary) {
      std::string left = FoldCase(std::string_view(out).substr(word_start));
      size_t end = text.find_first_of(" ,.0123456789", i);
      std::string right =
          FoldCase(std::string_view(text).substr(i, end == std::string::npos ? end : end - i));
      bool split = false;
      for (std::string_view l : kLabels) split |= left == l;
      for (std::string_view w : kCalendar) split |= right == w;
      split |= StartsWithCalendarWord(right) && right.size() > 3;
      bool button = false;
      for (std::string_view w : kButtons) button |= right == w;
      if (button) {
        out += " | ";
        word_start = out.size();
      } else if (split) {
        out += ' ';
        word_start = out.size();
      }
    }
    out += c;
  }
  return out;
}

// Why one word is an outlet's name glued to the word for news or a medium ("FooNews", "BarTV",
// "ABCRadio"), not a person's name, or "".
std::string GluedOutletReason(std::string_view word) {
  static constexpr std::string_view kMediaWords[] = {"News",  "TV",    "Radio", "Online",
                                                     "Times", "Daily", "Media"};
  for (std::string_view m : kMediaWords) {
    if (word.size() <= m.size() || !word.ends_with(m)) continue;
    // A letter must run into it ("FooNews", "ABCNews"); "Mcnews" or "Hanstv" do not end so.
    char before = word[word.size() - m.size() - 1];
    if ((before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z')) {
      return "an outlet's name (\"" + std::string(m) + "\" glued to it), not a name";
    }
  }
  return "";
}

}  // namespace

std::string NotAPersonReason(std::string_view name, bool from_markup) {
  std::string_view n = Trim(name);
  if (n.empty()) return "empty";
  if (n.find("http") != std::string_view::npos || n.find("www.") != std::string_view::npos ||
      n.find('/') != std::string_view::npos) {
    return "a URL, not a name";
  }
  if (n.find('@') != std::string_view::npos) return "a handle or e-mail address, not a name";
  // A sentence's or a slogan's mark ("Welcome!", "Abesi!", "Why?"): no name has one.
  if (n.find_first_of("!?") != std::string_view::npos) return "punctuation no name has";
  // A label the byline's prefixes do not know, before a name ("Illustration: Jane Doe"): the
  // credit for another part of the piece.
  if (size_t colon = n.find(':'); colon != std::string_view::npos && colon > 0) {
    return "a credit under a label (\"" + std::string(n.substr(0, colon)) + "\")";
  }
  if (Utf8Length(n) > 60) return "too long for a name";
  if (!CanonicalAgency(n).empty()) return "a news agency";
  std::vector<std::string> words = Words(n);
  if (words.size() > 5) return "too many words for a name";
  size_t letters = 0, digits = 0;
  size_t i = 0;
  while (i < n.size()) {
    char32_t c = NextCodePoint(n, i);
    letters += IsLetter(c);
    digits += (c >= '0' && c <= '9');
  }
  // A handle of one letter and digits ("q17") is a name the markup gives; a lone letter or
  // number is not.
  const bool letter_and_digits_handle =
      from_markup && words.size() == 1 && letters == 1 && digits >= 2;
  if (letters < 2 && !letter_and_digits_handle) return "not a name";
  if (digits > 0 && !from_markup) return "contains digits";
  // Two or three lower-case letters without a vowel ("rb", "tkw") are an editor's shorthand
  // signing the text, not a name; a handle is pronounceable ("mika", "ruda").
  constexpr size_t kMaxShorthandLetters = 3;
  if (words.size() == 1 && digits == 0 && n.size() <= kMaxShorthandLetters &&
      std::all_of(n.begin(), n.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
      n.find_first_of("aeiouy") == std::string_view::npos) {
    return "an editor's shorthand, not a name";
  }
  if (words.size() == 1) {
    if (std::string why = GluedOutletReason(n); !why.empty()) return why;
  }
  for (size_t wi = 0; wi < words.size(); ++wi) {
    const std::string& w = words[wi];
    std::string f = LooseKey(w);
    // "von", "de" between two words is a particle of the name ("Walter von Aachen").
    bool inner = wi > 0 && wi + 1 < words.size();
    if (inner && IsParticle(w)) continue;
    for (std::string_view bad : kNotPersonWords) {
      if (f == bad) return "an organisation or a role (\"" + w + "\")";
    }
    if (f.ends_with(".com") || f.ends_with(".de") || f.ends_with(".org") || f.ends_with(".net")) {
      return "a site name";
    }
  }
  // A newspaper's title noun closing two words or more ("Lakeside Courier", "Port Alder
  // Star"): as a first name ("Star Jones") or inside a name it is left alone.
  // A channel's letters with its number among other words ("KQRS7 Lakeside", "ZBN 24 Today"
  // reads the same way): a station, not a person. (One word alone may be a handle.)
  if (words.size() >= 2) {
    for (const std::string& w : words) {
      size_t caps = 0;
      while (caps < w.size() && w[caps] >= 'A' && w[caps] <= 'Z') ++caps;
      size_t digits = caps;
      while (digits < w.size() && w[digits] >= '0' && w[digits] <= '9') ++digits;
      if (caps >= 2 && digits > caps && digits == w.size()) {
        return "a channel's name (\"" + w + "\")";
      }
    }
    if (FoldCase(words.back()) == "today") return "an outlet's name (\"" + words.back() + "\")";
  }
  if (words.size() >= 2 && IsMastheadNoun(words.back())) {
    return "a newspaper's name (\"" + words.back() + "\")";
  }
  if (words.size() >= 2) {
    std::string last = FoldCase(words.back());
    for (std::string_view verb :
         {"says", "said", "sagt", "sagte", "schreibt", "writes", "wrote", "dit", "dice", "meint"}) {
      if (last == verb) return "a comment author (\"" + words.back() + "\")";
    }
  }
  // Three words or more with one in lower case run as a phrase ("Neue Weine aus Portugal"),
  // whoever declares them a name.
  // A verb's "-ing" form then a word in small letters ("Looking ahead", "Fighting on"): a
  // section's or a story's label, not a name ("Irving Stone" writes the second word capitalised).
  if (words.size() == 2 && !IsParticle(words[1])) {
    size_t k0 = 0, k1 = 0;
    const char32_t first = NextCodePoint(words[0], k0);
    const char32_t second = NextCodePoint(words[1], k1);
    constexpr size_t kMinGerundBytes = 5;
    if (IsUpperLetter(first) && words[0].size() >= kMinGerundBytes && words[0].ends_with("ing") &&
        IsLetter(second) && !IsUpperLetter(second)) {
      return "a phrase, not a name";
    }
  }
  constexpr size_t kMinPhraseWords = 3;
  if (from_markup && words.size() >= kMinPhraseWords) {
    for (const std::string& w : words) {
      size_t k = 0;
      char32_t c = NextCodePoint(w, k);
      if (IsLetter(c) && !IsUpperLetter(c) && !IsParticle(w)) return "a phrase, not a name";
    }
  }
  if (!from_markup) {
    if (words.size() < 2) return "a single word";
    for (const std::string& w : words) {
      size_t k = 0;
      char32_t c = NextCodePoint(w, k);
      if (IsUpperLetter(c)) continue;
      bool particle = false;
      std::string f = FoldCase(w);
      for (std::string_view p : kParticles) particle |= (f == p);
      if (!particle) return "not capitalised like a name";
    }
  }
  return "";
}

// The first run of two or three capitalised words that the text writes again further on, as
// an author box does with its person ("Jane Doe ... More from Jane Doe"); "" when none.
std::string RepeatedName(std::string_view text) {
  std::vector<std::string_view> words = Split(text, " ");
  auto capitalised = [](std::string_view w) {
    size_t k = 0;
    return IsUpperLetter(NextCodePoint(w, k)) && !IsAllCaps(w);
  };
  for (size_t n : {size_t{3}, size_t{2}}) {
    for (size_t i = 0; i + n <= words.size(); ++i) {
      bool all = true;
      for (size_t k = i; k < i + n; ++k) all &= capitalised(words[k]);
      if (!all) continue;
      for (size_t j = i + n; j + n <= words.size(); ++j) {
        bool same = true;
        for (size_t k = 0; k < n; ++k) same &= words[i + k] == words[j + k];
        if (!same) continue;
        std::string name(words[i]);
        for (size_t k = i + 1; k < i + n; ++k) {
          name += ' ';
          name.append(words[k]);
        }
        return name;
      }
    }
  }
  return {};
}

// "Jane Doe in Lisbon and John Roe in Porto" -> "Jane Doe and John Roe in Porto": each " in
// <place>" that a separator and a name of two capitalised words follow is dropped; the last
// one is left for the caller to cut.
std::string DropPlacesBetweenNames(std::string_view s) {
  static constexpr std::string_view kListSeparators[] = {" and ", ", ", "; "};
  std::string out(s);
  size_t from = 0;
  for (;;) {
    std::string folded = FoldCase(out);
    size_t in = folded.find(" in ", from);
    if (in == std::string::npos) break;
    size_t sep = std::string::npos;
    size_t sep_len = 0;
    for (std::string_view x : kListSeparators) {
      size_t pos = folded.find(x, in + 4);
      if (pos < sep) {
        sep = pos;
        sep_len = x.size();
      }
    }
    if (sep == std::string::npos) break;
    std::vector<std::string_view> next = Split(std::string_view(out).substr(sep + sep_len), " ");
    bool name_follows = next.size() >= 2;
    for (size_t i = 0; i < 2 && name_follows; ++i) {
      size_t k = 0;
      name_follows = IsUpperLetter(NextCodePoint(next[i], k));
    }
    if (!name_follows) break;
    out.erase(in, sep - in);
    from = in + sep_len;
  }
  return out;
}

AuthorSplit SplitByline(std::string_view byline, bool from_markup) {
  AuthorSplit out;
  std::string text = CollapseSpace(DecodeEntities(byline));
  if (Utf8Length(text) > kMaxBylineChars) {
    out.refused.push_back({std::string(Utf8Prefix(text, 80)) + "...",
                           "byline of " + std::to_string(Utf8Length(text)) + " characters"});
    return out;
  }
  text = UnglueWords(text);
  std::string_view s = StripPrefixes(text);
  // A file picture's credit ("Jane Doe, file", "Example Wire/Jane Doe, File"): the
  // photographer, not the writer.
  {
    std::string_view t = Trim(s);
    while (!t.empty() && (t.back() == '.' || t.back() == ')')) t.remove_suffix(1);
    std::string f = FoldCase(t);
    if (f.ends_with(", file") || f.ends_with(", file photo")) {
      out.refused.push_back({std::string(t), "a file picture's credit"});
      return out;
    }
    // A letter's address ("To Jane Doe", "Dear Jane Doe") names whom it is written to.
    constexpr size_t kMinAddressedWords = 3;
    if (StartsWithFolded(t, "dear ") ||
        (StartsWithFolded(t, "to ") && SplitCount(t, " ") >= kMinAddressedWords)) {
      out.refused.push_back({std::string(t), "a letter's address, not its writer"});
      return out;
    }
  }
  // An agency in parentheses: "Jane Doe (Reuters)".
  if (size_t open = s.find('('); open != std::string_view::npos) {
    size_t close = s.find(')', open);
    if (close != std::string_view::npos) {
      std::string agency = CanonicalAgency(s.substr(open + 1, close - open - 1));
      if (!agency.empty()) out.agency = agency;
    }
  }
  std::string folded = FoldCase(s);
  size_t cut = s.size();
  for (std::string_view stop : kStops) {
    size_t pos = folded.find(stop);
    // "am", "le", "on", "at" end the name only before the date or time they introduce
    // ("Jane Doe am 24. Juli", "... on August"); inside a name they are part of it ("Loïc Le
    // Clerc").
    if (stop == " le " || stop == " am " || stop == " on " || stop == " at ") {
      while (pos != std::string::npos) {
        std::string_view after = std::string_view(folded).substr(pos + stop.size());
        if (after.empty() || (after[0] >= '0' && after[0] <= '9') ||
            StartsWithCalendarWord(after)) {
          break;
        }
        pos = folded.find(stop, pos + 1);
      }
      // A trailing "am" / "on" whose date was cut off ("tilo am").
      if (pos == std::string::npos && folded.ends_with(stop.substr(0, stop.size() - 1))) {
        pos = folded.size() - (stop.size() - 1);
      }
    }
    if (pos != std::string::npos && pos > 0 && pos < cut) cut = pos;
  }
  // Where the reporter files from or whom for, in an English byline: "By Jane Doe in London",
  // "By Jane Doe for Examplemail". (Not in other credit lines, where "in" may belong to a
  // role: "Autorin: X, Leiterin des Büros in Lyon".)
  // A place after each of several reporters ("By Jane Doe in Lisbon and John Roe in Porto")
  // goes, and the list goes on after it when a name in full follows the separator.
  std::string without_places;
  const bool by_line = StartsWithFolded(Trim(text), "by ");
  if (by_line) {
    without_places = DropPlacesBetweenNames(s.substr(0, cut));
    s = without_places;
    folded = FoldCase(s);
    cut = s.size();
    for (std::string_view stop : {" in ", " for "}) {
      size_t pos = folded.find(stop);
      if (pos != std::string::npos && pos > 0 && pos < cut) cut = pos;
    }
  }
  s = StripPrefixes(s.substr(0, cut));
  // "Bundesverband Beispielwirtschaft e.V.", "Ministerium für Wirtschaft und Klimaschutz": refused
  // whole, before "und" would split off a part that reads like a name.
  if (std::string why = OrganisationWord(s); !why.empty()) {
    out.refused.push_back({std::string(s), "an organisation (\"" + why + "\")"});
    return out;
  }
  // Split on the separators, keeping order; each piece remembers whether a comma set it off.
  struct Piece {
    std::string_view text;
    bool after_comma = false;
  };
  std::vector<Piece> parts{{s, false}};
  for (std::string_view sep : kSeparators) {
    std::vector<Piece> next;
    for (const Piece& p : parts) {
      std::string f = FoldCase(p.text);
      size_t pos = 0, start = 0;
      bool after_comma = p.after_comma;
      while ((pos = f.find(sep, start)) != std::string::npos) {
        next.push_back({p.text.substr(start, pos - start), after_comma});
        start = pos + sep.size();
        after_comma = sep == ",";
      }
      next.push_back({p.text.substr(start), after_comma});
    }
    parts = std::move(next);
  }
  bool full_name_before = false;
  // A piece of several words, an agency, a site's name or a URL refused before ("Staff
  // reporters in Lisbon, Portugal", "example.de, Lakeside"): one word after it is the place or
  // the outlet too.
  bool refused_before = false;
  for (const Piece& piece : parts) {
    std::string trailing_agency;
    std::string_view name =
        TrimTrailingOutlet(TrimTrailingJunk(StripPrefixes(piece.text)), &trailing_agency);
    if (name.empty()) continue;
    if (!trailing_agency.empty() && out.agency.empty()) out.agency = trailing_agency;
    std::string agency = CanonicalAgency(name);
    if (!agency.empty()) {
      if (out.agency.empty()) out.agency = agency;
      out.refused.push_back({std::string(name), "a news agency"});
      refused_before = true;
      continue;
    }
    // An academic degree or a suffix set off by a comma ("Jane Doe, Ph.D.") is no second person.
    std::string letters;
    for (char c : name) {
      if (c != '.') letters += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    bool degree = false;
    for (std::string_view d : {"phd", "md", "mba", "mph", "msc", "rn", "dds", "esq", "jr", "sr"}) {
      degree |= letters == d;
    }
    if (degree && piece.after_comma && full_name_before) {
      out.refused.push_back({std::string(name), "a degree or suffix after the name"});
      continue;
    }
    // "By Jane Doe" over the paper's name, joined once the line break is gone ("Jane Doe
    // Lakeside Courier"): the name's words before the title's (two, three with a middle
    // initial).
    if (by_line) {
      std::vector<std::string_view> words = Split(name, " ");
      constexpr size_t kMinNameAndTitleWords = 4;
      if (words.size() >= kMinNameAndTitleWords) {
        const size_t keep = words[1].size() <= 2 && words[1].ends_with('.') ? 3 : 2;
        if (IsMastheadNoun(words.back()) && words.size() > keep + 1) {
          name = Trim(name.substr(0, static_cast<size_t>(words[keep - 1].data() +
                                                         words[keep - 1].size() - name.data())));
        }
      }
    }
    // A role set off by a comma after a full name ("Jane Doe, Example Times Staff Writer"):
    // the outlet and the role of the person before, not a second person.
    if (piece.after_comma && full_name_before && EndsInRole(Trim(piece.text))) {
      out.refused.push_back({std::string(Trim(piece.text)), "the role of the person before"});
      continue;
    }
    // An outlet's national edition set off by a comma after a full name ("Jane Doe, Example
    // World Australia"): the outlet, not a co-author.
    if (piece.after_comma && full_name_before && EndsInEditionRegion(Trim(piece.text))) {
      out.refused.push_back({std::string(Trim(piece.text)), "an outlet's edition after the name"});
      continue;
    }
    // One word set off by a comma after a full name is where the reporter files from or the
    // outlet or desk ("Jana Muster, Berlin", "Jane Doe, CNN"), not a co-author, who is named
    // in full too.
    if (piece.after_comma && (full_name_before || refused_before) &&
        name.find(' ') == std::string_view::npos) {
      out.refused.push_back({std::string(name), "a place or an outlet after the name"});
      continue;
    }
    std::string reason = NotAPersonReason(name, from_markup);
    if (!reason.empty()) {
      out.refused.push_back({std::string(name), reason});
      // (A site's name or a URL before it too: "example.de, Lakeside".)
      refused_before |= name.find(' ') != std::string_view::npos || reason == "a site name" ||
                        reason == "a URL, not a name";
      // An author box that writes the name twice ("Clara Lind Alles von Clara Lind
      // Kontakt"): the name it repeats.
      std::string repeated = RepeatedName(name);
      if (repeated.empty() || !NotAPersonReason(repeated, from_markup).empty()) continue;
      name = repeated;
      std::string key = NameKey(name);
      bool dup = false;
      for (const std::string& have : out.people) dup |= NameKey(have) == key;
      if (!dup) out.people.emplace_back(repeated);
      continue;
    }
    // The same name twice in a row (a hidden copy for screen readers beside the visible one:
    // "Par Jeanne Morel Jeanne Morel"): once.
    std::string once(name);
    if (std::vector<std::string_view> words = Split(name, " ");
        words.size() >= 4 && words.size() % 2 == 0 &&
        std::equal(words.begin(), words.begin() + words.size() / 2,
                   words.begin() + words.size() / 2)) {
      once.assign(words.front().data(),
                  static_cast<size_t>(words[words.size() / 2 - 1].data() +
                                      words[words.size() / 2 - 1].size() - words.front().data()));
    }
    // The copy glued to the visible name ("Jeanne MorelJeanne Morel").
    if (const size_t half = name.size() / 2;
        name.size() % 2 == 0 && name.substr(0, half).find(' ') != std::string_view::npos &&
        name.substr(0, half) == name.substr(half)) {
      once.assign(name.substr(0, half));
    }
    std::string key = NameKey(once);
    bool dup = false;
    for (const std::string& have : out.people) dup |= NameKey(have) == key;
    full_name_before |= once.find(' ') != std::string::npos;
    if (!dup) out.people.push_back(std::move(once));
  }
  return out;
}

CjkCredit FindCjkCredit(std::string_view line) {
  struct Label {
    std::string_view text;
    bool editor;
  };
  // The responsible editor is the formal credit of a Chinese news page; a bare "编辑" (editor)
  // line is as often the web producer's, and is not read.
  static constexpr Label kLabels[] = {
      {"责任编辑", true}, {"責任編輯", true}, {"作者", false}, {"记者", false}, {"記者", false}};
  constexpr size_t kMaxCreditLineBytes = 200;
  constexpr size_t kMinNameChars = 2;
  constexpr size_t kMaxNameChars = 4;
  CjkCredit out;
  if (line.size() > kMaxCreditLineBytes) return out;
  auto is_han = [](char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
  };
  for (const Label& label : kLabels) {
    for (size_t at = line.find(label.text); at != std::string_view::npos;
         at = line.find(label.text, at + 1)) {
      // The label opens the line or follows a space or an opening bracket, so a word that ends
      // in it ("总编辑", "大编辑部") is no label.
      std::string_view before = line.substr(0, at);
      bool opens = before.empty() || before.ends_with(' ') || before.ends_with("(") ||
                   before.ends_with("\uff08") || before.ends_with("[") ||
                   before.ends_with("\u3010") || before.ends_with("|");
      if (!opens) continue;
      std::string_view rest = line.substr(at + label.text.size());
      while (rest.starts_with(' ')) rest.remove_prefix(1);
      if (rest.starts_with("\uff1a")) {
        rest.remove_prefix(std::string_view("\uff1a").size());
      } else if (rest.starts_with(":")) {
        rest.remove_prefix(1);
      } else {
        continue;
      }
      // Names separated by spaces, "、" or commas; anything else ends the list.
      while (true) {
        while (!rest.empty()) {
          if (rest.starts_with(' ') || rest.starts_with(',')) {
            rest.remove_prefix(1);
          } else if (rest.starts_with("\u3001") || rest.starts_with("\uff0c")) {
            rest.remove_prefix(3);
          } else {
            break;
          }
        }
        size_t i = 0;
        size_t chars = 0;
        size_t end = 0;
        while (i < rest.size()) {
          size_t k = i;
          if (!is_han(NextCodePoint(rest, k))) break;
          i = k;
          end = i;
          ++chars;
        }
        // A run that goes on into the next label ("张三来源：") is no name of its own.
        std::string_view after = rest.substr(end);
        if (chars < kMinNameChars || chars > kMaxNameChars || after.starts_with(":") ||
            after.starts_with("\uff1a")) {
          break;
        }
        out.names.emplace_back(rest.substr(0, end));
        rest.remove_prefix(end);
      }
      if (!out.names.empty()) {
        out.editor = label.editor;
        return out;
      }
    }
  }
  return out;
}

}  // namespace newspipe::extract
