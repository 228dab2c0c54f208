// Facts printed in the text: the agency line, the dateline opening the first paragraph, and
// photo captions with their credits.
#include "stages/extract/authors.h"
#include "stages/extract/extract_context.h"
#include "stages/extract/text_facts.h"
#include "stages/extract/text_util.h"

namespace newspipe::extract {
namespace {

constexpr int kAgencyLineBlocks = 8;
constexpr int kMaxCaptions = 30;

// A caption block that is a control of the picture or the page, not words about the picture:
// fewer than two letters ("»", "2", "<") or a label of a control ("Enlarge photo", "Click
// to zoom the image", "Play video", "View photos", "Show all photos", "Buy this
// picture", "Print page", "Close").
bool IsControlLabel(std::string_view text) {
  std::string_view t = Trim(text);
  size_t letters = 0;
  for (size_t i = 0; i < t.size() && letters < 2;) letters += IsLetter(NextCodePoint(t, i));
  if (letters < 2) return true;
  constexpr size_t kMaxLabelWords = 6;
  if (SplitCount(t, " ") > kMaxLabelWords) return false;
  std::string folded = FoldCase(t);
  while (!folded.empty() && (folded.front() == '\xe2' || folded.front() == ' ')) {
    // A bullet or an arrow before the label ("\u2022 Show all photos").
    size_t k = 0;
    NextCodePoint(folded, k);
    folded.erase(0, folded.front() == ' ' ? 1 : k);
  }
  if (folded == "close" || folded == "zoom" || folded == "enlarge") return true;
  // A credit's label with nothing after it ("Photo:"), an advertisement's marker, a consent
  // switch or a link's label ("Always active", "Leer más").
  if (SplitCount(folded, " ") == 1 && folded.back() == ':') return true;
  for (std::string_view label :
       {"advertisement",  "anzeige",       "werbung",         "sponsored",
        "publicit\u00e9", "publicidad",    "pubblicit\u00e0", "always active",
        "always enabled", "immer aktiv",   "immer aktiviert", "toujours activ\u00e9",
        "learn more",     "read more",     "mehr erfahren",   "weiterlesen",
        "en savoir plus", "leer m\u00e1s", "load video",      "video laden"}) {
    if (folded == label) return true;
  }
  // A German control: what it acts on and its verb last ("Video abspielen", "YouTube immer
  // entsperren", "Bild vergr\u00f6\u00dfern").
  constexpr size_t kMaxGermanControlWords = 4;
  if (std::vector<std::string_view> words = Split(folded, " ");
      words.size() >= 2 && words.size() <= kMaxGermanControlWords) {
    for (std::string_view verb : {"laden", "abspielen", "entsperren", "vergr\u00f6\u00dfern",
                                  "anzeigen", "\u00f6ffnen", "schlie\u00dfen", "teilen"}) {
      if (words.back() == verb) return true;
    }
  }
  // A verb of a control and what it acts on ("Play gallery", "Email it to a friend"); "Play area
  // by the pier" is a caption.
  bool verb = false;
  for (std::string_view v :
       {"enlarge", "click", "play ", "view ", "see ", "show ", "buy ", "print ", "email ",
        "e-mail ", "share ", "translate ", "more ", "zoom "}) {
    verb |= folded.starts_with(v);
  }
  if (!verb) return false;
  for (std::string_view w : Split(folded, " ")) {
    while (!w.empty() && (w.back() == '.' || w.back() == ':' || w.back() == '!')) {
      w.remove_suffix(1);
    }
    for (std::string_view noun :
         {"image", "images", "photo", "photos", "picture", "pictures", "video", "videos",
          "slideshow", "gallery", "page", "enlarge", "friend", "larger"}) {
      if (w == noun) return true;
    }
  }
  return false;
}

// A notice that asks for consent before a video or a picture loads ("By loading the video you
// accept the privacy policy"): the page's, not words about the picture.
bool IsConsentNotice(std::string_view text) {
  std::string folded = FoldCase(text);
  for (std::string_view marker :
       {"privacy policy", "privacy notice", "datenschutzerkl\u00e4rung", "datenschutzbestimmungen",
        "politique de confidentialit\u00e9", "pol\u00edtica de privacidad"}) {
    if (folded.find(marker) != std::string::npos) return true;
  }
  return false;
}

// A caption block the clean stage removed as part of the page's furniture (a related-stories
// box, a sidebar, a navigation, a footer, an advertisement, a teaser list, a product slider):
// the picture belongs to another page or to none, not to the article. A caption that is only
// outside the text's region (a lead picture above the headline, a slideshow kept hidden until
// it opens) is the article's.
bool IsFurnitureCaption(const v1::Block& b) {
  if (!b.boilerplate()) return false;
  std::string_view rule = b.rule();
  if (rule == "structure:hidden") return false;
  if (rule.starts_with("class:") || rule.starts_with("structure:")) return true;
  for (std::string_view r : {"link-density", "teaser-section", "teaser-text", "author-section",
                             "author-box", "comment-section"}) {
    if (rule == r) return true;
  }
  return false;
}

}  // namespace

void ReadTextFacts(Context& ctx) {
  v1::Metadata* m = ctx.doc.mutable_metadata();
  const auto& blocks = ctx.doc.blocks();
  // Agency line: a short line near the top that is only an agency name.
  for (int i = 0; i < blocks.size() && i < kAgencyLineBlocks; ++i) {
    std::string agency = AgencyLine(blocks[i].text());
    if (agency.empty()) continue;
    m->set_agency(agency);
    ctx.log.Accept("agency", "text", "agency line", blocks[i].text());
    break;
  }
  // Dateline: DATELINE blocks, else the opening of the first kept paragraph.
  for (int i = 0; i < blocks.size(); ++i) {
    const v1::Block& b = blocks[i];
    bool candidate =
        b.type() == v1::DATELINE || (i == ctx.first_body_block && b.type() == v1::PARAGRAPH);
    if (!candidate) continue;
    Dateline d = ReadDateline(b.text());
    if (d.place.empty() && b.type() == v1::DATELINE) {
      std::string_view t = Trim(b.text());
      while (!t.empty() && (t.back() == '-' || t.back() == ',' || t.back() == ' ')) {
        t.remove_suffix(1);
      }
      if (!t.empty() && t.size() < 60) d.place = std::string(t);
    }
    if (d.place.empty()) {
      if (i >= ctx.first_body_block) break;
      continue;
    }
    m->set_dateline(d.place);
    ctx.log.Accept(
        "dateline", "text",
        b.type() == v1::DATELINE ? "dateline block" : "dateline opening the first paragraph",
        d.place);
    if (!d.agency.empty() && m->agency().empty()) {
      m->set_agency(d.agency);
      ctx.log.Accept("agency", "text", "agency named in the dateline", d.agency);
    }
    break;
  }
  // Captions with credits; a control's label ("Enlarge photo", "Play video", a pager's
  // "1", "»") is none, and a caption the page repeats (a slideshow's copies) is listed once.
  for (int i = 0; i < blocks.size() && m->captions_size() < kMaxCaptions; ++i) {
    const v1::Block& b = blocks[i];
    if (b.type() != v1::CAPTION) continue;
    CaptionParts parts = SplitCaption(DecodeEntities(b.text()));
    if (parts.text.empty() && parts.credit.empty()) continue;
    // A credit in an element of its own right after the caption ("<figcaption>" then a
    // copyright line) is that caption's credit, whatever the element's class says.
    if (parts.text.empty() && m->captions_size() > 0) {
      v1::Caption* last = m->mutable_captions(m->captions_size() - 1);
      if (last->block_index() == i - 1 && last->credit().empty()) {
        last->set_credit(parts.credit);
        continue;
      }
    }
    if (IsFurnitureCaption(b)) {
      ctx.log.Reject("captions", "dom", parts.text.empty() ? parts.credit : parts.text,
                     "a caption in the page's furniture (" + b.rule() + ")");
      continue;
    }
    if (parts.credit.empty() && IsControlLabel(parts.text)) {
      ctx.log.Reject("captions", "dom", parts.text, "a control's label, not a caption");
      continue;
    }
    if (parts.credit.empty() && IsConsentNotice(parts.text)) {
      ctx.log.Reject("captions", "dom", parts.text, "a consent notice, not a caption");
      continue;
    }
    bool seen = false;
    for (const v1::Caption& c : m->captions()) {
      seen |= c.text() == parts.text && c.credit() == parts.credit;
    }
    if (seen) continue;
    v1::Caption* c = m->add_captions();
    c->set_text(parts.text);
    c->set_credit(parts.credit);
    c->set_block_index(i);
  }
  if (m->captions_size() > 0) {
    ctx.log.Accept("captions", "dom", "caption blocks with their credits",
                   std::to_string(m->captions_size()) + " caption(s)");
  }
}

}  // namespace newspipe::extract
