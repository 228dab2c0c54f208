// Helpers for the store tests: documents shaped like the pipeline's output, and a temporary
// directory removed at the end of the test.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include "proto/newspipe.pb.h"

namespace newspipe::testing {

// A document with a title, a body of `paragraphs`, a removed footer block, an author, a quote,
// a caption and a published time.
inline v1::Document MakeArticle(const std::string& id, const std::string& title,
                                const std::vector<std::string>& paragraphs) {
  v1::Document doc;
  doc.set_id(id);
  doc.mutable_source()->set_site("news.example");
  doc.mutable_fetch()->set_url("https://news.example/story/" + id);
  doc.mutable_fetch()->set_raw("<html><p>" + title + "</p></html>");
  auto* m = doc.mutable_metadata();
  m->set_title(title);
  m->add_authors("Ann Writer");
  m->set_language("en");
  m->set_agency("Example Press");
  m->set_dateline("SEOUL");
  m->mutable_published()->set_unix_seconds(1594182780);  // 2020-07-08T04:33:00Z
  m->mutable_published()->set_offset_minutes(540);
  m->mutable_published()->set_has_offset(true);
  auto* cap = m->add_captions();
  cap->set_text("A photo of the scene");
  cap->set_credit("Photo Agency");
  uint32_t idx = 0;
  auto* h = doc.add_blocks();
  h->set_type(v1::HEADING);
  h->set_text(title);
  h->set_index(idx++);
  h->set_rule("title");
  std::string text;
  for (const auto& p : paragraphs) {
    auto* b = doc.add_blocks();
    b->set_type(v1::PARAGRAPH);
    b->set_text(p);
    b->set_index(idx++);
    b->set_rule("main-content");
    if (!text.empty()) text += "\n\n";
    text += p;
  }
  auto* footer = doc.add_blocks();
  footer->set_type(v1::PARAGRAPH);
  footer->set_text("Subscribe to our newsletter");
  footer->set_boilerplate(true);
  footer->set_rule("promo-footer");
  footer->set_index(idx++);
  doc.set_text(text);
  auto* q = doc.add_quotes();
  q->set_text("We did not request a visit");
  q->set_speaker("Biegun");
  q->set_block_index(1);
  return doc;
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "newspipe-store-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace newspipe::testing
