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
  if (Split(t, " ").size() > kMaxLabelWords) return false;
  std::string folded = FoldCase(t);
  while (!folded.empty() && (folded.front() == '\xe2' || folded.front() == ' ')) {
    // A bullet or an arrow before the label ("\u2022 Show all photos").
    size_t k = 0;
    NextCodePoint(folded, k);
    folded.erase(0, folded.front() == ' ' ? 1 : k);
  }
  if (folded == "close" || folded == "zoom" || folded == "enlarge") return true;
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
    if (parts.credit.empty() && IsControlLabel(parts.text)) {
      ctx.log.Reject("captions", "dom", parts.text, "a control's label, not a caption");
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
