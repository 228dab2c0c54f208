#include "stages/extract/title.h"

#include <algorithm>
#include <array>
#include <cstdlib>

#include "stages/extract/text_util.h"

namespace newspipe::extract {
namespace {

constexpr size_t kMaxTitleChars = 400;

struct Piece {
  std::string_view text;
  std::string_view sep_before;  // separator that precedes this piece ("" for the first).
};

constexpr std::string_view kSeparators[] = {
    " | ",  " - ", " \u2013 ", " \u2014 ", " \u00b7 ", " \u00bb ", " \u00ab ",
    " :: ", " ~ ", " \u2022 ", " \u203a ", " \u2039 ", " // ",     ": ",
    " -- ", " / ", " > ",      "|",        "- "};

// The bytes a separator starts with: at any other byte no separator is tried.
constexpr std::array<bool, 256> kSeparatorStarts = [] {
  std::array<bool, 256> starts{};
  for (std::string_view sep : kSeparators) starts[static_cast<unsigned char>(sep[0])] = true;
  return starts;
}();

std::vector<Piece> Pieces(std::string_view s) {
  std::vector<Piece> out;
  size_t start = 0;
  std::string_view sep_before;
  size_t i = 0;
  while (i < s.size()) {
    if (!kSeparatorStarts[static_cast<unsigned char>(s[i])]) {
      ++i;
      continue;
    }
    std::string_view found;
    for (std::string_view sep : kSeparators) {
      if (s.substr(i, sep.size()) == sep) {
        found = sep;
        break;
      }
    }
    // "Feuerwehr- und Katastrophenschutz...": a hyphen that stands for the end of a compound
    // is followed by a lower-case word, a separator by the next piece.
    if (found == "- ") {
      size_t next = i + found.size();
      char32_t c = next < s.size() ? NextCodePoint(s, next) : U' ';
      if (IsLetter(c) && !IsUpperLetter(c)) found = {};
    }
    if (found.empty()) {
      ++i;
      continue;
    }
    std::string_view piece = Trim(s.substr(start, i - start));
    if (!piece.empty()) out.push_back({piece, sep_before});
    sep_before = found;
    i += found.size();
    start = i;
  }
  std::string_view last = Trim(s.substr(start));
  if (!last.empty()) out.push_back({last, sep_before});
  return out;
}

bool IsLowerStart(std::string_view word, size_t& i) {
  char32_t c = NextCodePoint(word, i);
  return IsLetter(c) && !IsUpperLetter(c);
}

std::string Squash(std::string_view s) {
  std::string out;
  for (char c : FoldCase(s)) {
    if (c != ' ' && c != '.' && c != '-' && c != '\'' && c != '_') out += c;
  }
  return out;
}

std::string HostLabel(std::string_view host) {
  if (host.starts_with("www.")) host.remove_prefix(4);
  size_t dot = host.find('.');
  return Squash(host.substr(0, dot));
}

// A host name written as the site's name: "NDTV.com", "Example.co.uk".
bool LooksLikeDomain(std::string_view piece) {
  if (piece.find(' ') != std::string_view::npos) return false;
  size_t dot = piece.rfind('.');
  if (dot == std::string_view::npos || dot < 2) return false;
  std::string tld = FoldCase(piece.substr(dot + 1));
  for (std::string_view known :
       {"com", "net", "org", "info", "biz", "de", "at", "ch", "fr", "it", "es", "nl",
        "be",  "eu",  "uk",  "ca",   "au",  "in", "tv", "fm", "ie", "nz", "za"}) {
    if (tld == known) return true;
  }
  return false;
}

// `s` with the German umlauts and ß written out as hosts write them ("ü" -> "ue").
std::string SpellOutUmlauts(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 4);
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const char32_t c = NextCodePoint(s, i);
    switch (c) {
      case U'ä':
        out += "ae";
        break;
      case U'ö':
        out += "oe";
        break;
      case U'ü':
        out += "ue";
        break;
      case U'Ä':
        out += "Ae";
        break;
      case U'Ö':
        out += "Oe";
        break;
      case U'Ü':
        out += "Ue";
        break;
      case U'ß':
        out += "ss";
        break;
      default:
        out.append(s.substr(start, i - start));
    }
  }
  return out;
}

bool IsSitePiece(std::string_view piece, const std::vector<std::string>& site_names,
                 std::string_view host) {
  std::string k = LooseKey(piece);
  if (k.empty()) return false;
  if (LooksLikeDomain(piece)) return true;
  // An organisation named with its legal form ("Deutscher Murmelsport-Verband e.V.", "Example
  // GmbH"): the publisher, not a headline.
  {
    std::vector<std::string_view> words = Split(Trim(piece), " ");
    if (words.size() >= 2) {
      std::string last = FoldCase(words.back());
      for (std::string_view form :
           {"e.v.", "gmbh", "ag", "mbh", "ltd.", "ltd", "inc.", "kg", "e.g.", "ggmbh"}) {
        if (last == form) return true;
      }
    }
  }
  // Blog software puts these between the site name and the post title.
  for (std::string_view junk :
       {"blog archive", "blog archiv", "archive", "archiv", "startseite", "home", "homepage"}) {
    if (k == junk) return true;
  }
  for (const std::string& site : site_names) {
    std::string ks = LooseKey(site);
    if (ks.empty()) continue;
    if (k == ks) return true;
    if (ks.size() >= 4 && k.find(ks) != std::string::npos && k.size() <= ks.size() + 16)
      return true;
    if (k.size() >= 4 && ks.find(k) != std::string::npos) return true;
  }
  if (!host.empty()) {
    // Hosts write umlauts out ("jürgen möller" on juergenmoeller.example).
    std::string sq = Squash(SpellOutUmlauts(piece));
    std::string h = host.starts_with("www.") ? std::string(host.substr(4)) : std::string(host);
    std::string label = HostLabel(host);
    if (sq == Squash(h) || sq == label) return true;
    size_t words = SplitCount(piece, " ");
    // "Saubere Seen Jetzt! Initiative" names the site; "Neue Karten auf Example.ch" is a
    // headline that mentions it.
    bool all_capitalised = true;
    for (std::string_view w : Split(piece, " ")) {
      size_t k = 0;
      char32_t c = NextCodePoint(w, k);
      all_capitalised = all_capitalised && !(IsLetter(c) && !IsUpperLetter(c));
    }
    if (label.size() >= 5 && words <= 4 && (words <= 3 || all_capitalised) &&
        sq.find(label) != std::string::npos) {
      return true;
    }
    if (sq.size() >= 5 && words <= 3 && label.find(sq) != std::string::npos) return true;
  }
  return false;
}

// The run of pieces [begin, end) as the title wrote it (pieces are views of one string), its
// spacing kept: "Égalité à Sfax : Au-delà" stays so.
std::string Join(const std::vector<Piece>& pieces, size_t begin, size_t end) {
  if (begin >= end) return "";
  const char* from = pieces[begin].text.data();
  const char* to = pieces[end - 1].text.data() + pieces[end - 1].text.size();
  return std::string(Trim(std::string_view(from, static_cast<size_t>(to - from))));
}

std::string Clean(std::string_view s) {
  std::string t = CollapseSpace(DecodeEntities(s));
  t.resize(Utf8Prefix(t, kMaxTitleChars * 2).size());
  return t;
}

bool IsCjkLetter(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF);
}

// Chinese, Japanese and Korean titles join the site's name without spaces ("Headline-Site",
// "Headline_Site", "Headline|Site"): the last such piece when it is a short name in those
// scripts (at most eight characters) after a headline at least twice as long. `title` unchanged
// when it is written otherwise.
std::string_view StripUnspacedCjkSuffix(std::string_view title) {
  constexpr size_t kMaxSiteChars = 8;
  if (title.find(' ') != std::string_view::npos) return title;
  size_t cut = std::string_view::npos, sep_size = 0;
  for (std::string_view sep : {"-", "_", "|", "\uff5c"}) {
    size_t at = title.rfind(sep);
    if (at != std::string_view::npos && (cut == std::string_view::npos || at > cut)) {
      cut = at;
      sep_size = sep.size();
    }
  }
  if (cut == std::string_view::npos || cut == 0) return title;
  std::string_view site = title.substr(cut + sep_size);
  size_t site_chars = 0;
  bool cjk = false;
  for (size_t i = 0; i < site.size(); ++site_chars) cjk |= IsCjkLetter(NextCodePoint(site, i));
  if (!cjk || site_chars == 0 || site_chars > kMaxSiteChars) return title;
  std::string_view head = title.substr(0, cut);
  if (Utf8Length(head) < 2 * site_chars) return title;
  return head;
}

// Generic suffix removal for a <title> with no site name to go by: "Headline | Short Site".
std::string StripGenericSuffix(std::string_view title) {
  title = StripUnspacedCjkSuffix(title);
  std::vector<Piece> pieces = Pieces(title);
  size_t end = pieces.size();
  while (end > 1) {
    const Piece& last = pieces[end - 1];
    if (last.sep_before == ": ") break;
    size_t last_words = SplitCount(last.text, " ");
    size_t rest_words = SplitCount(Join(pieces, 0, end - 1), " ");
    if (last_words > 5 || rest_words < last_words + 1) break;
    // A question, or a clause of three words or more opening in lower case, goes on with the
    // headline ("Lease or buy - which pays off?"): no site calls itself so.
    size_t k = 0;
    if (last.text.ends_with('?') || (last_words >= 3 && IsLowerStart(last.text, k))) break;
    --end;
  }
  return Join(pieces, 0, end);
}

bool Contains(const std::string& hay, const std::string& needle) {
  return !needle.empty() && hay.find(needle) != std::string::npos;
}

// `key` without apostrophes: a <title> often drops the one its headline has ("Childs" for
// "Child's").
std::string NoApostrophes(std::string key) {
  std::erase(key, '\'');
  return key;
}

// The keys of every run of consecutive pieces of `title` ("A - B - C": A, A - B, B, B - C, ...).
std::vector<std::string> PieceRunKeys(std::string_view title) {
  std::vector<std::string> out;
  std::vector<Piece> pieces = Pieces(title);
  if (pieces.size() < 2) return out;
  for (size_t b = 0; b < pieces.size(); ++b) {
    for (size_t e = b + 1; e <= pieces.size(); ++e) out.push_back(LooseKey(Join(pieces, b, e)));
  }
  return out;
}

// The <title>'s key and piece-run keys, and each candidate block's cleaned text, key and word
// count: made once per page on the first BlockInTitle call, since up to three calls (with
// different shares) read the same blocks.
struct TitleBlockKeys {
  bool ready = false;
  std::string title_key;
  std::vector<std::string> runs;
  struct Block {
    std::string text;
    std::string key;
    size_t words = 0;
  };
  std::vector<Block> blocks;  // only blocks that can match at all (key of 8+, 2+ words).
};

void FillTitleBlockKeys(const TitleInputs& in, const std::string& title_tag, TitleBlockKeys& keys) {
  keys.ready = true;
  keys.title_key = NoApostrophes(LooseKey(title_tag));
  if (keys.title_key.size() < 8) return;
  keys.runs = PieceRunKeys(title_tag);
  for (std::string& r : keys.runs) r = NoApostrophes(std::move(r));
  for (const std::string& text : in.block_texts) {
    std::string t = Clean(text);
    std::string k = NoApostrophes(LooseKey(t));
    if (k.size() < 8) continue;
    size_t words = SplitCount(t, " ");
    if (words < 2) continue;
    keys.blocks.push_back({std::move(t), std::move(k), words});
  }
}

// The longest block text that the <title> contains and that covers at least `min_share` of
// it, or that is a whole run of the <title>'s pieces ("Headline" in "Site - Section -
// Headline"; a long site name makes the share small): the visible headline the <title> was
// made from.
std::string BlockInTitle(const TitleInputs& in, const std::string& title_tag, double min_share,
                         TitleBlockKeys& keys) {
  constexpr size_t kMinPieceWords = 3;
  if (!keys.ready) FillTitleBlockKeys(in, title_tag, keys);
  const std::string& tk = keys.title_key;
  if (tk.size() < 8) return "";
  const std::vector<std::string>& runs = keys.runs;
  const std::string* best = nullptr;
  size_t best_size = 0;
  for (const TitleBlockKeys::Block& block : keys.blocks) {
    const std::string& t = block.text;
    const std::string& k = block.key;
    if (k.size() <= best_size) continue;
    if (tk.find(k) == std::string::npos) continue;
    bool whole_piece =
        block.words >= kMinPieceWords && std::find(runs.begin(), runs.end(), k) != runs.end();
    if (!whole_piece && static_cast<double>(k.size()) < min_share * static_cast<double>(tk.size()))
      continue;
    // The section or site named at the end ("Headline - Site - Amateur Sports News").
    if (whole_piece && k != tk && tk.ends_with(k) && NamesASection(t)) continue;
    if (IsSitePiece(t, in.site_names, in.host)) continue;
    best = &t;
    best_size = k.size();
  }
  return best ? *best : std::string();
}

// The <h1> is only a part of the page's title ("Headline | My Blog" with "My Blog" in the
// <h1>): then the <h1> names the site or section, and the headline is a markup title (og,
// twitter, JSON-LD) that neither contains the <h1> nor is contained in it. (The <title>'s other
// pieces are no guide: news sites often write "Site | Headline".)
bool PartOfTitleNamesTheSite(const TitleInputs& in, const std::vector<TitleCandidate>& metas,
                             const std::string& title_tag, const std::string& h1_key,
                             TitleChoice* out) {
  // Only an <h1> that is a whole piece of a title ("My Blog" in "Headline | My Blog"), not a
  // phrase inside one.
  auto is_piece_run = [&h1_key](const std::string& title) {
    std::vector<Piece> pieces = Pieces(title);
    for (size_t b = 0; b < pieces.size(); ++b) {
      for (size_t e = b + 1; e <= pieces.size(); ++e) {
        if (LooseKey(Join(pieces, b, e)) == h1_key) return true;
      }
    }
    return false;
  };
  bool piece = is_piece_run(title_tag);
  for (const TitleCandidate& m : metas) piece = piece || is_piece_run(m.text);
  if (!piece) return false;
  for (const TitleCandidate& m : metas) {
    std::string stripped = StripSiteName(m.text, in.site_names, in.host);
    std::string k = LooseKey(stripped);
    if (k.size() < 8 || SplitCount(stripped, " ") < 2) continue;
    if (Contains(k, h1_key) || Contains(h1_key, k)) continue;
    out->title = stripped;
    out->source = m.source;
    out->rule = m.rule + ", the h1 being only part of the page's title";
    return true;
  }
  // "Headline | My Blog" with "My Blog" in the <h1> and no other markup title: the pieces before
  // the <h1>'s, when the page shows them as a line of their own and they do not name the site,
  // are the headline. (Shown as a line, they are no site name in "Site | Headline" either.)
  std::vector<std::string> texts;
  for (const TitleCandidate& m : metas) texts.push_back(m.text);
  texts.push_back(title_tag);
  for (const std::string& t : texts) {
    std::vector<Piece> pieces = Pieces(t);
    for (size_t b = 1; b < pieces.size(); ++b) {
      if (LooseKey(Join(pieces, b, pieces.size())) != h1_key) continue;
      // "Kicker: Headline" and "Site: Headline" put the headline after the colon.
      if (pieces[b].sep_before == ": ") break;
      std::string rest = Join(pieces, 0, b);
      std::string rk = LooseKey(rest);
      if (rk.size() < 8 || SplitCount(rest, " ") < 2 || IsSitePiece(rest, in.site_names, in.host)) {
        break;
      }
      for (const std::string& block : in.block_texts) {
        if (LooseKey(block) != rk) continue;
        out->title = rest;
        out->source = "dom";
        out->rule = "block that the title tag contains, the h1 being the title's last piece";
        return true;
      }
      break;
    }
  }
  return false;
}

}  // namespace

bool NamesASection(std::string_view label) {
  static constexpr std::string_view kWords[] = {
      "news",      "sports",    "sport",      "wire",       "daily",   "herald",    "times",
      "post",      "sun",       "tribune",    "gazette",    "journal", "lifestyle", "entertainment",
      "business",  "world",     "online",     "today",      "update",  "service",   "press",
      "radio",     "tv",        "magazine",   "football",   "article", "home",      "headlines",
      "digest",    "blog",      "basketball", "baseball",   "hockey",  "soccer",    "nachrichten",
      "aktuelles", "meldungen", "politik",    "wirtschaft", "kultur",  "panorama"};
  std::string folded = FoldCase(label);
  for (std::string_view w : Split(folded, " ")) {
    for (std::string_view k : kWords) {
      if (w == k) return true;
    }
  }
  return false;
}

bool LooksLikeLabel(std::string_view text) {
  constexpr size_t kMaxLabelWords = 3;
  std::vector<std::string_view> words = Split(text, " ");
  if (words.empty() || words.size() > kMaxLabelWords) return false;
  for (std::string_view w : words) {
    size_t i = 0;
    char32_t c = NextCodePoint(w, i);
    if (c >= '0' && c <= '9') return false;
    if (IsLetter(c) && !IsUpperLetter(c)) return false;
  }
  return true;
}

std::string ArchivedPageHost(std::string_view url) {
  constexpr std::string_view kArchive = "web.archive.org/web/";
  const size_t at = url.find(kArchive);
  if (at == std::string_view::npos) return "";
  const size_t scheme = url.find("://", at + kArchive.size());
  if (scheme == std::string_view::npos) return "";
  const size_t start = scheme + 3;
  const size_t end = url.find_first_of("/:?#", start);
  std::string host = FoldCase(url.substr(start, end == std::string_view::npos ? end : end - start));
  return host.find('.') == std::string::npos ? "" : host;
}

// True when `piece` is the site's name and nothing more: a site name field's text, the host or
// its first label, or a domain.
bool NamesOnlyTheSite(std::string_view piece, const std::vector<std::string>& site_names,
                      std::string_view host) {
  if (LooksLikeDomain(piece)) return true;
  std::string k = LooseKey(piece);
  for (const std::string& site : site_names) {
    if (!k.empty() && k == LooseKey(site)) return true;
  }
  if (host.empty()) return false;
  std::string sq = Squash(SpellOutUmlauts(piece));
  std::string h = host.starts_with("www.") ? std::string(host.substr(4)) : std::string(host);
  return sq == Squash(h) || sq == HostLabel(host);
}

namespace {

// A section's label set off beside the headline ("Headline - College Sports", "Example.com |
// News | Headline"): a short capitalised piece naming a section, not after a colon (where a
// kicker's own words go on: "Sports: ...").
bool IsSectionPiece(const std::vector<Piece>& pieces, size_t i) {
  if (i + 1 < pieces.size() && pieces[i + 1].sep_before == ": ") return false;
  if (pieces[i].sep_before == ": ") return false;
  return LooksLikeLabel(pieces[i].text) && NamesASection(pieces[i].text);
}

}  // namespace

namespace {

// A block that copies the whole <title> (a print header: "Example.com | News | Headline")
// carries the site's name and section before the headline; they go. (What follows the
// headline in such a block is the page's own wording and stays.)
std::string WithoutLeadingSiteName(const std::string& block,
                                   const std::vector<std::string>& site_names,
                                   std::string_view host) {
  std::string stripped = StripSiteName(block, site_names, host);
  return std::string_view(block).ends_with(stripped) ? stripped : block;
}

}  // namespace

std::string StripSiteName(std::string_view title, const std::vector<std::string>& site_names,
                          std::string_view host) {
  std::vector<Piece> pieces = Pieces(title);
  if (pieces.size() < 2) return std::string(Trim(title));
  size_t begin = 0, end = pieces.size();
  while (end - begin > 1 &&
         (IsSitePiece(pieces[end - 1].text, site_names, host) || IsSectionPiece(pieces, end - 1))) {
    --end;
  }
  // A site names itself at one end of a title: once its name is taken off the end, a first
  // piece that looks like it is the headline's own ("Katzen füttern – Tipps ... |
  // Katzenratgeber24").
  while (end == pieces.size() && end - begin > 1 &&
         IsSitePiece(pieces[begin].text, site_names, host)) {
    // Before a colon a piece that only mentions the site is a kicker ("Best of Example 2022:
    // ..."); the site's name itself ("Example: ...") still goes.
    if (pieces[begin + 1].sep_before == ": " &&
        !NamesOnlyTheSite(pieces[begin].text, site_names, host)) {
      break;
    }
    ++begin;
  }
  // The section named after the site at the front ("Example.com | Sports | Headline").
  while (begin > 0 && end - begin > 1 && IsSectionPiece(pieces, begin)) ++begin;
  // A breadcrumb after the site's name, with the site's own separator ("Example.com - Harbour
  // - Ferry crews strike again"): labels of a few capitalised words before the headline are
  // the page's categories, whatever they name. Not before a colon (a kicker's words go on).
  constexpr size_t kMinHeadlineWords = 3;
  while (begin > 0 && end - begin >= 2 && pieces[begin].sep_before != ": " &&
         pieces[begin + 1].sep_before == pieces[begin].sep_before &&
         LooksLikeLabel(pieces[begin].text) &&
         SplitCount(Join(pieces, begin + 1, end), " ") >= kMinHeadlineWords) {
    ++begin;
  }
  return Join(pieces, begin, end);
}

namespace {

constexpr std::string_view kTrailingSeparators[] = {":",      "|",      "-",      "\u2013",
                                                    "\u2014", "\u00bb", "\u00b7", "/"};

// True when `title` ends in a separator with nothing after it ("Example Times: ", "Site |"): a
// template's slot for the headline left empty.
bool EndsInASeparator(std::string_view title) {
  title = Trim(title);
  for (std::string_view sep : kTrailingSeparators) {
    if (title.size() > sep.size() && title.ends_with(sep)) return true;
  }
  return false;
}

std::string WithoutTrailingSeparator(std::string_view title) {
  title = Trim(title);
  for (std::string_view sep : kTrailingSeparators) {
    if (title.size() > sep.size() && title.ends_with(sep)) {
      return std::string(Trim(title.substr(0, title.size() - sep.size())));
    }
  }
  return std::string(title);
}

bool IsQuoteMark(char32_t c) {
  switch (c) {
    case U'"':
    case U'\u201c':
    case U'\u201d':
    case U'\u201e':
    case U'\u00ab':
    case U'\u00bb':
    case U'\u2039':
    case U'\u203a':
    case U'\u2018':
    case U'\u2019':
    case U'\u201a':
      return true;
    default:
      return false;
  }
}

// True when `text` is a quotation and nothing more ("\"Never again\":", "«Not like this»").
bool IsQuotation(std::string_view text) {
  text = Trim(text);
  while (!text.empty() && (text.back() == ':' || text.back() == ' ')) text.remove_suffix(1);
  size_t i = 0;
  if (text.empty() || !IsQuoteMark(NextCodePoint(text, i))) return false;
  const size_t open_end = i;
  size_t last = text.size();
  while (last > open_end && (static_cast<unsigned char>(text[last - 1]) & 0xC0) == 0x80) --last;
  if (last <= open_end) return false;
  size_t k = last - 1;
  if (!IsQuoteMark(NextCodePoint(text, k))) return false;
  return !LooseKey(text.substr(open_end, last - 1 - open_end)).empty();
}

// True when `text` opens with a quotation, closed by its quote mark and set off by a colon or a
// dash, followed by the text whose key is `rest_key`: "\"Never again\": Headline".
bool QuotationBefore(std::string_view text, const std::string& rest_key) {
  size_t i = 0;
  if (text.empty() || !IsQuoteMark(NextCodePoint(text, i))) return false;
  const size_t open_end = i;
  while (i < text.size()) {
    const size_t at = i;
    if (!IsQuoteMark(NextCodePoint(text, i))) continue;
    if (LooseKey(text.substr(open_end, at - open_end)).empty()) return false;
    std::string_view rest = text.substr(i);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    bool separated = false;
    for (std::string_view sep : {":", "-", "\u2013", "\u2014", "|"}) {
      if (rest.starts_with(sep)) {
        rest.remove_prefix(sep.size());
        separated = true;
        break;
      }
    }
    if (separated && LooseKey(rest) == rest_key) return true;
  }
  return false;
}

}  // namespace

// True when a block of the page reads as one of the markup titles (its site name removed), or
// holds it after a kicker or before a subtitle: the reader sees that title.
bool MetaTitleShown(const TitleInputs& in, const std::vector<TitleCandidate>& metas) {
  std::vector<std::string> keys;
  for (const TitleCandidate& m : metas) {
    std::string k = LooseKey(StripSiteName(m.text, in.site_names, in.host));
    if (k.size() >= 3) keys.push_back(std::move(k));
  }
  for (const std::string& b : in.block_texts) {
    std::string bk = LooseKey(b);
    for (const std::string& k : keys) {
      if (bk == k || (bk.size() > k.size() && (bk.ends_with(k) || bk.starts_with(k + " ")))) {
        return true;
      }
    }
  }
  return false;
}

TitleChoice ChooseTitle(const TitleInputs& in) {
  TitleChoice out;
  std::string title_tag = Clean(in.title_tag);
  TitleBlockKeys block_keys;
  std::vector<TitleCandidate> metas;
  for (const TitleCandidate& c : in.meta) {
    std::string t = Clean(c.text);
    if (t.empty()) continue;
    metas.push_back({c.source, c.rule, t});
  }
  // Texts that can confirm an <h1>: the markup titles and the <title>, whole and stripped.
  std::vector<std::string> confirmers;
  std::vector<std::string> confirmers_stripped;
  for (const TitleCandidate& m : metas) {
    confirmers.push_back(LooseKey(m.text));
    confirmers_stripped.push_back(LooseKey(StripSiteName(m.text, in.site_names, in.host)));
  }
  if (!title_tag.empty()) {
    confirmers.push_back(LooseKey(title_tag));
    confirmers_stripped.push_back(LooseKey(StripSiteName(title_tag, in.site_names, in.host)));
  }
  const std::vector<std::string>& h1s = in.h1.empty() ? in.headings : in.h1;
  // "Kicker: Headline" in the markup, with the <h1> holding both spans run together: the
  // headline is the part after the colon.
  if (!in.h1.empty()) {
    std::string hk = LooseKey(Clean(in.h1[0]));
    std::vector<std::string> texts;
    for (const TitleCandidate& m : metas) texts.push_back(m.text);
    if (!title_tag.empty()) texts.push_back(title_tag);
    for (const std::string& t : texts) {
      std::string stripped = StripSiteName(t, in.site_names, in.host);
      size_t colon = stripped.find(": ");
      if (colon == std::string::npos || colon == 0) continue;
      std::string kicker = stripped.substr(0, colon);
      std::string rest = stripped.substr(colon + 2);
      // A quotation is the headline's opening, not a kicker (see DropKicker).
      if (SplitCount(kicker, " ") > 6 || IsQuotation(kicker)) continue;
      if (LooseKey(kicker + " " + rest) == hk) {
        out.title = std::string(Trim(rest));
        out.source = "dom";
        out.rule = "h1 with its kicker, split at the markup title's colon";
        return out;
      }
    }
  }
  std::string h1_rule = in.h1.empty() ? "first heading" : "h1";
  // With several <h1>s (a blog's name in its header, then the post's title), one that a title
  // states exactly comes before one that is only a piece inside a title.
  // The <title> made of two of them ("Post | Blog name") marks the later one as the post's.
  // A label ("News") stated exactly gives way to a later exact one that reads as a headline.
  size_t first_exact = h1s.size();
  if (h1s.size() > 1) {
    std::vector<Piece> pieces = Pieces(title_tag);
    std::string first_key = LooseKey(Clean(h1s[0]));
    for (size_t j = 0; j < h1s.size(); ++j) {
      std::string hk = LooseKey(Clean(h1s[j]));
      if (hk.size() < 3 || IsSitePiece(h1s[j], in.site_names, in.host)) continue;
      bool exact = !title_tag.empty() && hk == LooseKey(StripGenericSuffix(title_tag));
      for (size_t i = 0; i < confirmers.size(); ++i)
        exact = exact || hk == confirmers[i] || hk == confirmers_stripped[i];
      bool halves = false;
      for (size_t k = 1; j > 0 && k < pieces.size(); ++k) {
        std::string a = LooseKey(Join(pieces, 0, k)), b = LooseKey(Join(pieces, k, pieces.size()));
        halves = halves || (a == hk && b == first_key) || (b == hk && a == first_key);
      }
      if (halves) {
        first_exact = j;
        break;
      }
      if (!exact) continue;
      if (first_exact == h1s.size()) {
        first_exact = j;
      } else if (LooksLikeLabel(Clean(h1s[first_exact])) && !LooksLikeLabel(Clean(h1s[j]))) {
        first_exact = j;
        break;
      }
    }
  }
  for (size_t j = 0; j < h1s.size(); ++j) {
    if (first_exact < h1s.size() && j < first_exact) continue;
    const std::string& raw = h1s[j];
    std::string h = Clean(raw);
    std::string hk = LooseKey(h);
    if (hk.size() < 3 || Utf8Length(h) > kMaxTitleChars) continue;
    if (IsSitePiece(h, in.site_names, in.host) && h1s.size() > 1) continue;
    bool exact = false, inside = false;
    for (size_t i = 0; i < confirmers.size(); ++i) {
      exact = exact || hk == confirmers[i] || hk == confirmers_stripped[i];
      inside = inside ||
               (Contains(confirmers_stripped[i], hk) && !IsSitePiece(h, in.site_names, in.host));
    }
    // "Headline | Short Site" with no site name to go by still confirms the <h1> exactly.
    // (Not an <h1> that names the site: "Site » Blog Archiv » Headline" ends in the headline.)
    exact = exact || (!title_tag.empty() && !IsSitePiece(h, in.site_names, in.host) &&
                      hk == LooseKey(StripGenericSuffix(title_tag)));
    if (!exact && !inside) continue;
    if (!exact && PartOfTitleNamesTheSite(in, metas, title_tag, hk, &out)) return out;
    // The <h1> is a section or site label inside the <title> ("NBA" in "Headline - NBA News
    // Story - Station"), and a longer block is the <title>'s headline.
    if (!exact && LooksLikeLabel(h)) {
      std::string b = BlockInTitle(in, title_tag, 1.0, block_keys);
      std::string bk = LooseKey(b);
      // Not an <h1> of two words or more that is the <title>'s whole first piece, naming no
      // section or site, with the block all the rest of the <title> ("Rioja, Spain - Wine
      // Shop Lakeside"): the headline goes first, what follows it names the site. (A one-word
      // <h1> there is the site's name: "Site » Headline"; a block between the <h1> and the
      // site's name is the headline: "Harbour Region - Headline - Site".)
      bool site_after_h1 = false;
      if (!bk.empty() && SplitCount(h, " ") >= 2 && !NamesASection(h) &&
          !IsSitePiece(h, in.site_names, in.host) && LooseKey(title_tag).ends_with(" " + bk)) {
        std::vector<Piece> pieces = Pieces(title_tag);
        site_after_h1 = pieces.size() >= 2 && LooseKey(pieces[0].text) == hk;
      }
      if (!bk.empty() && bk != hk && !site_after_h1) {
        out.title = b;
        out.source = "dom";
        out.rule = "block that the title tag contains, the " + h1_rule + " being a label in it";
        return out;
      }
    }
    // A title that the site's name was already taken off and that then states the <h1>
    // exactly leaves nothing more to take off: stripping again would cut the headline's own
    // pieces ("Katzen füttern – Tipps ..." on katzenratgeber24, "Pokal-Vorschau: ...").
    bool stripped_once = false;
    for (size_t i = 0; i < confirmers.size(); ++i) {
      stripped_once = stripped_once || (hk == confirmers_stripped[i] && hk != confirmers[i]);
    }
    out.title = stripped_once ? h : StripSiteName(h, in.site_names, in.host);
    out.source = "dom";
    out.rule = h1_rule + (exact ? " confirmed by the page's title" : " inside the page's title");
    return out;
  }
  // The one <h1> goes on where a title stops, in lower case ("... Kapazität" / "...
  // Kapazität in Ohio"): the same sentence, of which the title is a cut; the <h1> is the
  // headline, before any block that the title matches.
  if (in.h1.size() == 1) {
    std::string h = Clean(in.h1[0]);
    std::string hk = LooseKey(h);
    std::vector<std::string_view> hw = Split(h, " ");
    for (const std::string& k : confirmers_stripped) {
      if (k.size() < 8 || !hk.starts_with(k + " ") || Utf8Length(h) > kMaxTitleChars) continue;
      size_t kw = SplitCount(k, " ");
      size_t pos = 0;
      if (kw < hw.size() && IsLowerStart(hw[kw], pos)) {
        out.title = h;
        out.source = "dom";
        out.rule = "the only h1, continuing the page's title";
        return out;
      }
    }
  }
  if (std::string b = BlockInTitle(in, title_tag, 0.5, block_keys); !b.empty()) {
    out.title = WithoutLeadingSiteName(b, in.site_names, in.host);
    out.source = "dom";
    out.rule = "block that the title tag contains";
    return out;
  }
  // A page's one <h1> is the headline it shows even when no markup title states it: social
  // titles are often rewritten for sharing ("... | Jetzt entdecken!").
  if (in.h1.size() == 1) {
    std::string h = Clean(in.h1[0]);
    std::string hk = LooseKey(h);
    // An <h1> that holds a markup title and more carries a kicker ("Energiewende Oberland:
    // Klimavorreiter Nord?"): the markup title is the headline then.
    bool holds_meta = false;
    for (const TitleCandidate& m : metas) {
      std::string mk = LooseKey(StripSiteName(m.text, in.site_names, in.host));
      if (mk.size() < 8 || mk == hk) continue;
      // A kicker before the markup title, or a subtitle after it ("... Hot and Fresh Welcome
      // to the Flavor Capital"); a lower-case word after it continues the same sentence ("...
      // Kapazität in Ohio"), and the <h1> is the fuller headline.
      bool subtitle = false;
      if (hk.starts_with(mk)) {
        std::vector<std::string_view> hw = Split(h, " ");
        size_t mw = SplitCount(StripSiteName(m.text, in.site_names, in.host), " ");
        size_t k = 0;
        subtitle = mw < hw.size() && !IsLowerStart(hw[mw], k);
      }
      // A quotation before the markup title ("\"Never again\": Headline") is the headline's
      // own opening, the words it reports, not a topic's kicker.
      const bool quoted_lead = hk.ends_with(mk) && QuotationBefore(h, mk);
      holds_meta = holds_meta || (hk.ends_with(mk) && !quoted_lead) || subtitle;
    }
    if (hk.size() >= 8 && SplitCount(h, " ") >= 2 && Utf8Length(h) <= kMaxTitleChars &&
        !IsSitePiece(h, in.site_names, in.host) && !holds_meta && !LooksLikeLabel(h)) {
      out.title = h;
      out.source = "dom";
      out.rule = "the only h1, before the markup titles";
      return out;
    }
  }
  // Several <h1>s, none of which a title confirms, and markup titles that the page nowhere
  // shows: those were written for sharing or search ("Winter Style Guide | Jetzt
  // entdecken!"). The first <h1> that reads as a headline is the one the reader sees.
  // Likewise with no markup title and a <title> that names the site alone, with the slot for
  // the headline left empty ("Example Times: ").
  if (in.h1.size() > 1 && ((!metas.empty() && !MetaTitleShown(in, metas)) ||
                           (metas.empty() && EndsInASeparator(title_tag)))) {
    constexpr size_t kMinHeadlineWords = 3;
    for (const std::string& raw : in.h1) {
      std::string h = Clean(raw);
      std::string hk = LooseKey(h);
      if (hk.size() < 8 || SplitCount(h, " ") < kMinHeadlineWords ||
          Utf8Length(h) > kMaxTitleChars || IsSitePiece(h, in.site_names, in.host) ||
          LooksLikeLabel(h)) {
        continue;
      }
      // An <h1> for screen readers that names the page's furniture ("Navigation und Service"),
      // or a fragment (", Thema: Forschung").
      bool furniture = false;
      for (std::string_view w : Split(hk, " ")) {
        for (std::string_view f : {"navigation", "menü", "menu", "suche", "search", "service"}) {
          furniture |= w == f;
        }
      }
      size_t k = 0;
      char32_t first = NextCodePoint(h, k);
      if (furniture ||
          !(IsLetter(first) || (first >= '0' && first <= '9') || first == '"' || first > 0x2000)) {
        continue;
      }
      out.title = h;
      out.source = "dom";
      out.rule = "first h1 that reads as a headline, the markup titles not being shown";
      return out;
    }
  }
  for (const TitleCandidate& m : metas) {
    std::string stripped = StripSiteName(m.text, in.site_names, in.host);
    if (LooseKey(stripped).size() < 2) {
      out.rejected.push_back({m.source, m.text, "empty once the site name is removed"});
      continue;
    }
    out.title = stripped;
    out.source = m.source;
    out.rule = m.rule + (stripped != m.text ? ", site name removed" : "");
    return out;
  }
  if (std::string b = BlockInTitle(in, title_tag, 0.3, block_keys); !b.empty()) {
    out.title = WithoutLeadingSiteName(b, in.site_names, in.host);
    out.source = "dom";
    out.rule = "block that the title tag contains";
    return out;
  }
  if (std::string h = Clean(in.body_heading); LooseKey(h).size() >= 8 && SplitCount(h, " ") >= 2 &&
                                              Utf8Length(h) <= kMaxTitleChars &&
                                              !IsSitePiece(h, in.site_names, in.host)) {
    out.title = h;
    out.source = "dom";
    out.rule = "heading that opens the article body";
    return out;
  }
  if (h1s.size() == 1) {
    std::string h = Clean(h1s[0]);
    if (LooseKey(h).size() >= 3 && Utf8Length(h) <= kMaxTitleChars &&
        !IsSitePiece(h, in.site_names, in.host)) {
      out.title = h;
      out.source = "dom";
      out.rule = "the only " + h1_rule;
      return out;
    }
  }
  if (!title_tag.empty()) {
    std::string stripped = StripSiteName(title_tag, in.site_names, in.host);
    while (EndsInASeparator(stripped)) stripped = WithoutTrailingSeparator(stripped);
    if (stripped == title_tag) stripped = StripGenericSuffix(title_tag);
    out.title = stripped;
    out.source = "dom";
    out.rule = stripped != title_tag ? "title tag, site name removed" : "title tag";
    return out;
  }
  if (!h1s.empty()) {
    out.title = Clean(h1s[0]);
    out.source = "dom";
    out.rule = "first " + h1_rule;
  }
  if (Utf8Length(out.title) > kMaxTitleChars) {
    out.rejected.push_back(
        {out.source, std::string(Utf8Prefix(out.title, 80)), "too long for a title"});
    out.title.clear();
  }
  return out;
}

namespace {

// A text that goes on from something before it: it opens with a comma or a semicolon. (Not a
// colon: "<span>Topic</span><span>: Headline</span>" sets a kicker apart.)
bool OpensWithClausePunctuation(std::string_view text) {
  text = Trim(text);
  return !text.empty() && (text.front() == ',' || text.front() == ';');
}

}  // namespace

std::string WithoutArrows(std::string_view title) {
  std::string_view t = Trim(title);
  bool changed = false;
  for (std::string_view open : {"\u00bb ", "\u203a "}) {
    if (t.starts_with(open)) {
      t.remove_prefix(open.size());
      changed = true;
      break;
    }
  }
  if (!changed) return std::string(title);
  for (std::string_view close : {" \u00ab", " \u2039"}) {
    if (t.ends_with(close)) {
      t.remove_suffix(close.size());
      break;
    }
  }
  t = Trim(t);
  return LooseKey(t).empty() ? std::string(title) : std::string(t);
}

std::string DropHeadingAppendix(std::string_view title, const std::vector<std::string>& parts) {
  if (parts.size() < 2 || LooseKey(parts[0]).empty()) return "";
  for (size_t i = 1; i < parts.size(); ++i) {
    const std::string_view part = Trim(parts[i]);
    if (!OpensWithClausePunctuation(part)) continue;
    const size_t at = title.find(part);
    if (at == std::string_view::npos) return "";
    std::string_view head = title.substr(0, at);
    // The separators a screen reader's text left between the two (" : ").
    while (!head.empty() && (head.back() == ' ' || head.back() == ':' || head.back() == ',' ||
                             head.back() == ';' || head.back() == '|' || head.back() == '-')) {
      head.remove_suffix(1);
    }
    // Only the headline's own piece (or the pieces before the appendix) may remain.
    std::string head_key = LooseKey(head);
    std::string before_key;
    for (size_t j = 0; j < i; ++j) {
      if (j > 0) before_key += ' ';
      before_key += LooseKey(parts[j]);
    }
    if (head_key.empty() || head_key != before_key) return "";
    return std::string(head);
  }
  return "";
}

std::string DropKicker(std::string_view title, const std::vector<std::string>& parts) {
  if (parts.size() < 2) return "";
  std::string kicker_key = LooseKey(parts[0]);
  std::string headline_key = LooseKey(parts[1]);
  if (kicker_key.empty() || headline_key.empty()) return "";
  // A second piece opening with a comma or a semicolon is the first's appendix (see
  // DropHeadingAppendix), not the headline: the first piece is no kicker then.
  if (OpensWithClausePunctuation(parts[1])) return "";
  // A quotation set apart before the headline ("\"Never again\": ...") is its opening, the
  // words it reports, not a topic's kicker.
  if (IsQuotation(parts[0])) return "";
  // A headline piece starting in lower case continues a sentence the first piece began
  // ("<span>Row</span> of the year escalates"): that first piece is emphasis, not a kicker.
  size_t pos = 0;
  char32_t first = NextCodePoint(parts[1], pos);
  if (IsLetter(first) && !IsUpperLetter(first)) return "";
  // The shortest prefix of the title that reads as the kicker (quotes, dashes and case loosened).
  size_t end = 0;
  bool found = false;
  const size_t limit = std::min(title.size(), parts[0].size() * 2 + 8);
  for (size_t i = 0; i < limit;) {
    NextCodePoint(title, i);
    if (LooseKey(title.substr(0, i)) == kicker_key) {
      end = i;
      found = true;
      break;
    }
  }
  if (!found) return "";
  std::string_view rest = title.substr(end);
  auto skip_space = [&rest] {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  };
  skip_space();
  bool separated = false;
  for (std::string_view sep : {":", "|", "-", "\u2013", "\u2014"}) {
    if (rest.starts_with(sep)) {
      rest.remove_prefix(sep.size());
      separated = true;
      break;
    }
  }
  skip_space();
  std::string rest_key = LooseKey(rest);
  if (rest_key.empty()) return "";
  // Without a separator the headline piece itself must follow; with one, its first words must
  // (the markup title may end differently: a site name, a shortened headline).
  constexpr size_t kHeadlineKeyPrefix = 12;
  size_t need = separated ? std::min(headline_key.size(), kHeadlineKeyPrefix) : headline_key.size();
  if (rest_key.size() < need || rest_key.compare(0, need, headline_key, 0, need) != 0) return "";
  return std::string(Trim(rest));
}

}  // namespace newspipe::extract
