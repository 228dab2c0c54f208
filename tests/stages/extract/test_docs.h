// Helpers for the extract tests: Documents built by hand, the way clean hands them over.
#pragma once

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "proto/newspipe.pb.h"
#include "stages/extract/extractor.h"

namespace newspipe::extract::testing {

inline v1::Block* AddBlock(v1::Document& doc, v1::BlockType type, std::string text,
                           bool boilerplate = false, int level = 0) {
  v1::Block* b = doc.add_blocks();
  b->set_type(type);
  b->set_text(std::move(text));
  b->set_boilerplate(boilerplate);
  b->set_level(level);
  b->set_index(doc.blocks_size() - 1);
  return b;
}

inline void AddMeta(v1::Document& doc, std::string key, std::string content,
                    std::string attr = "name") {
  v1::MetaTag* m = doc.mutable_signals()->add_meta();
  m->set_key(std::move(key));
  m->set_attr(std::move(attr));
  m->set_content(std::move(content));
}

// 2026-01-01T00:00:00Z, so that tests do not depend on the clock.
constexpr int64_t kTestNow = 1767225600;

inline v1::Document Extract(v1::Document doc, ExtractOptions options = {}) {
  if (options.now_unix == 0) options.now_unix = kTestNow;
  Extractor(options).Run(doc);
  return doc;
}

// The document's authors, in order.
inline std::vector<std::string> Authors(const v1::Document& doc) {
  return {doc.metadata().authors().begin(), doc.metadata().authors().end()};
}

inline const v1::Provenance* FindProvenance(const v1::Document& doc, const std::string& field) {
  for (const auto& p : doc.provenance()) {
    if (p.field() == field) return &p;
  }
  return nullptr;
}

// A wire story's lines as clean types them (plain text: one block per line): the agency and
// date lines first, then the photo caption, subheads written in capitals, and the last
// `promo_lines` lines (links to other stories) as boilerplate.
inline v1::Document SeedLikeDocument(const std::string& text, int promo_lines) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  v1::Document doc;
  doc.mutable_fetch()->set_format(v1::Fetch::TEXT);
  const int count = static_cast<int>(lines.size());
  for (int n = 0; n < count; ++n) {
    const std::string& line = lines[n];
    v1::BlockType type = v1::PARAGRAPH;
    int level = 0;
    const bool capitals =
        std::none_of(line.begin(), line.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (n < 2) {
      type = v1::METADATA_LINE;
    } else if (n == 2) {
      type = v1::CAPTION;
    } else if (capitals) {
      type = v1::HEADING;
      level = 2;
    }
    AddBlock(doc, type, line, n >= count - promo_lines, level);
  }
  return doc;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace newspipe::extract::testing
