// Lexemes for PostgreSQL full-text search, made on the client: the store sends each document's
// tsvector as a literal and search sends its tsquery as one, so the server never runs its text
// parser (to_tsvector cost about as much server time per article as all the rest of the insert).
//
// One rule for both sides: a word is a maximal run of letters, digits and combining marks
// (Unicode), lower-cased (Unicode simple case mapping); everything else separates words. Words
// longer than PostgreSQL's lexeme limit are skipped, positions are capped at 16383 and at 256 per
// lexeme, as to_tsvector does. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace newspipe {

// The words of `text`, lower-cased, in order (repeats kept).
std::vector<std::string> SearchWords(std::string_view text);

// Calls fn(word, begin, end) for each word of `text` in order: lower-cased, with its byte range
// in `text`.
void ForEachSearchWord(std::string_view text,
                       const std::function<void(std::string_view, size_t, size_t)>& fn);

// A tsvector literal for a document: title words weighted A, body words weighted B, body positions
// following the title's (as setweight(title, 'A') || setweight(text, 'B') would).
std::string PostgresTsvector(std::string_view title, std::string_view body);

// The same tsvector in PostgreSQL's binary form (tsvector_recv: the number of lexemes, then each
// lexeme NUL-terminated with its count of positions and the positions, weight in the top two bits;
// all big-endian), for a binary COPY: the server then skips parsing the literal, which cost about
// a sixth of its time per article.
std::string PostgresTsvectorBinary(std::string_view title, std::string_view body);

// A document's words as the search index keeps them (postgres_postings.h): per distinct
// PostgresWordHash (two lexemes with one hash count as one), its occurrences in the title and in
// the body; and the number of words in all.
struct TermStat {
  uint32_t hash = 0;
  uint16_t title_tf = 0;  // capped at 65535.
  uint16_t body_tf = 0;
};
struct DocTerms {
  int64_t doc_no = 0;  // set by the store once the document has one.
  uint32_t length = 0;
  std::vector<TermStat> terms;  // by ascending hash.
  // The distinct lexemes themselves, for the search index's vocabulary (prefix search): NUL-
  // terminated, one after another, with the full XXH3-64 of each (its low half is its hash).
  std::string words;
  std::vector<uint64_t> word_keys;
};

// Sorts terms by hash; terms that share a hash become one (their counts added, capped).
void SortTermsByHash(std::vector<TermStat>& terms);

// The same tsvector, and in `terms` the document's words for the search index.
std::string PostgresTsvectorBinary(std::string_view title, std::string_view body, DocTerms& terms);

// A lexeme's key in the search index: the low 32 bits of XXH3-64 (seed 0) of its bytes. Stored in
// the database, so it must never change.
int32_t PostgresWordHash(std::string_view lexeme);

// Quotes a lexeme for a tsvector or tsquery literal: 'it''s', backslashes doubled.
void AppendQuotedLexeme(std::string& out, std::string_view lexeme);

}  // namespace newspipe
