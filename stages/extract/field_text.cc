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
  // Captions with credits.
  for (int i = 0; i < blocks.size() && m->captions_size() < kMaxCaptions; ++i) {
    const v1::Block& b = blocks[i];
    if (b.type() != v1::CAPTION) continue;
    CaptionParts parts = SplitCaption(b.text());
    if (parts.text.empty() && parts.credit.empty()) continue;
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
