#include "stages/store/postgres_search.h"

#include <algorithm>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "stages/store/postgres_lexemes.h"

namespace newspipe {
namespace {

// ts_headline marks matches with these bytes; they are swapped for the caller's markers after,
// since the markers (terminal escapes) cannot be passed through ts_headline's option syntax.
constexpr char kOpen = '\x01';
constexpr char kClose = '\x02';

std::string Mark(std::string_view snippet, const SearchQuery& q) {
  std::string out;
  out.reserve(snippet.size() + 16);
  for (char c : snippet) {
    if (c == kOpen) {
      out += q.mark_open;
    } else if (c == kClose) {
      out += q.mark_close;
    } else {
      out += c;
    }
  }
  return out;
}

// The filters of the SQLite search, with the same meaning; parameters $2..$5.
constexpr const char* kFilters = R"sql(
  AND ($2::text = '' OR lower(d.site) = lower($2::text)
       OR strpos(d.url, '://' || $2::text || '/') > 0 OR strpos(d.url, '.' || $2::text || '/') > 0)
  AND ($3::bigint IS NULL OR d.published_unix >= $3::bigint)
  AND ($4::bigint IS NULL OR d.published_unix <= $4::bigint)
  AND ($5::text = '' OR EXISTS (SELECT 1 FROM authors a WHERE a.doc_id = d.id
                                AND strpos(lower(a.name), lower($5::text)) > 0)))sql";

}  // namespace

Result<std::vector<SearchHit>> SearchPostgres(const std::string& dsn, const SearchQuery& query) {
  // The user text as a tsquery literal: the terms of FtsQuery (sqlite_search.h), each cut into
  // words by the rule that made the stored tsvectors (postgres_lexemes.h), all required; a term
  // ending in `*` makes its last word a prefix.
  std::string tsquery;
  // The search index's keys of the query's whole words (a prefix is no key): a document holding
  // every word holds every key, and the tsquery then decides.
  std::vector<int32_t> keys;
  bool prefixed = false;  // some term is a prefix.
  {
    const std::string fts = FtsQuery(query.text);
    size_t i = 0;
    while (i < fts.size()) {
      if (fts[i] != '"') {
        ++i;
        continue;
      }
      std::string term;
      size_t j = i + 1;
      for (; j < fts.size(); ++j) {
        if (fts[j] == '"') {
          if (j + 1 < fts.size() && fts[j + 1] == '"') {
            term += '"';
            ++j;
            continue;
          }
          break;
        }
        term += fts[j];
      }
      const bool prefix = j + 1 < fts.size() && fts[j + 1] == '*';
      i = j + (prefix ? 2 : 1);
      const std::vector<std::string> words = SearchWords(term);
      for (size_t k = 0; k < words.size(); ++k) {
        if (!tsquery.empty()) tsquery += " & ";
        AppendQuotedLexeme(tsquery, words[k]);
        if (prefix && k + 1 == words.size()) {
          tsquery += ":*";
          prefixed = true;
        } else {
          keys.push_back(PostgresWordHash(words[k]));
        }
      }
    }
  }
  const bool fts = !tsquery.empty();
  if (!fts && query.text.find_first_not_of(" \t\r\n") != std::string::npos) {
    return std::vector<SearchHit>{};
  }
  std::string keys_literal = "{";
  for (size_t k = 0; k < keys.size(); ++k) {
    if (k > 0) keys_literal += ',';
    keys_literal += std::to_string(keys[k]);
  }
  keys_literal += '}';
  // $1 the tsquery, $2..$5 filters, $6 limit, $7 the index keys, with a rank window $8 its size
  // plus one. The keys narrow the candidates through the GIN index; `tsv @@` checks each, so a
  // hash collision is no hit. A query of prefixes alone has no keys and scans the documents.
  //
  // The rank window (SearchQuery::rank_window, as in SQLite): `w` holds the newest
  // rank_window + 1 matches, found without ranking by walking the documents newest first (for a
  // common word) or through the index (for a rare one). When there are more than rank_window,
  // only those above the oldest of them are ranked; the ranked rows are read by doc_no from `w`,
  // so the documents are walked once. Whole words are counted into the window by their hashes
  // alone (the tsvector is out of line, and reading it costs more than the rest of the walk);
  // it is checked for the ranked rows, so a hash collision never gives a hit and at most narrows
  // the window by the colliding documents. Prefixes are checked in the walk itself.
  const std::string tsq = fts ? "$1::text::tsquery" : "NULL::tsquery";
  const std::string rank = fts ? "ts_rank(d.tsv, q.tsq, 1)" : "0::real";
  const std::string order =
      fts ? "rank DESC, doc_no" : "published_unix DESC NULLS LAST, doc_no DESC";
  const std::string match = !fts           ? "$7::int4[] IS NOT NULL"
                            : keys.empty() ? "$7::int4[] IS NOT NULL AND d.tsv @@ q.tsq"
                                           : "d.word_hashes @> $7::int4[] AND d.tsv @@ q.tsq";
  auto make_sql = [&](bool windowed) {
    const std::string base =
        windowed
            ? fmt::format(
                  "SELECT d.doc_no, d.id, d.title, d.url, d.site, d.published, d.published_unix, "
                  "COALESCE(d.story_id, d.doc_no) AS story, {} AS rank FROM w JOIN documents d "
                  "ON d.doc_no = w.doc_no, c, (SELECT {} AS tsq, $1::text AS words) q WHERE "
                  "w.doc_no >= c.lo AND "
                  "d.tsv @@ q.tsq {}",
                  rank, tsq, kFilters)
            : fmt::format(
                  "SELECT d.doc_no, d.id, d.title, d.url, d.site, d.published, d.published_unix, "
                  "COALESCE(d.story_id, d.doc_no) AS story, {} AS rank FROM documents d, "
                  "(SELECT {} AS tsq, $1::text AS words) q WHERE {} {}",
                  rank, tsq, match, kFilters);
    const std::string ranked =
        query.collapse
            ? fmt::format(
                  "SELECT * FROM (SELECT h.*, row_number() OVER (PARTITION BY story ORDER BY {}) "
                  "AS rn FROM ({}) h) r WHERE rn = 1",
                  order, base)
            : base;
    const std::string window =
        windowed ? fmt::format(
                       "w AS MATERIALIZED (SELECT d.doc_no FROM documents d WHERE {} ORDER BY "
                       "d.doc_no DESC LIMIT $8::bigint), c AS (SELECT CASE WHEN count(*) >= "
                       "$8::bigint THEN min(doc_no) + 1 ELSE 0 END AS lo FROM w), ",
                       keys.empty() ? "$7::int4[] IS NOT NULL AND d.tsv @@ $1::text::tsquery"
                       : prefixed   ? "d.word_hashes @> $7::int4[] AND d.tsv @@ $1::text::tsquery"
                                    : "d.word_hashes @> $7::int4[]")
                 : std::string();
    return fmt::format(
        "WITH {}top AS ({} ORDER BY {} LIMIT $6::int) "
        "SELECT top.id, top.title, top.url, top.site, top.published, top.story, top.rank, "
        "{}, "
        "COALESCE((SELECT string_agg(a.name, E'\\x1f' ORDER BY a.idx) FROM authors a "
        "WHERE a.doc_id = top.id), ''), "
        "(SELECT count(*) FROM documents s WHERE s.story_id = top.story), {} "
        "FROM top JOIN documents d ON d.doc_no = top.doc_no ORDER BY {}",
        window, ranked, order,
        fts ? fmt::format("ts_headline('simple', d.text, {}, 'StartSel=\"\x01\", "
                          "StopSel=\"\x02\", MaxWords=24, MinWords=12, MaxFragments=1')",
                          tsq)
            : "left(d.text, 240)",
        windowed ? "(SELECT lo FROM c)" : "0::bigint",
        fts ? "top.rank DESC, top.doc_no" : "top.published_unix DESC NULLS LAST, top.doc_no DESC");
  };
  const bool windowed = fts && query.rank_window > 0;
  const bool may_drop = (fts && (!query.site.empty() || query.since_unix || query.until_unix ||
                                 !query.author.empty())) ||
                        query.collapse;
  try {
    pqxx::connection conn(dsn);
    pqxx::read_transaction tx(conn);
    std::optional<int64_t> since = query.since_unix, until = query.until_unix;
    const int limit = std::max(1, query.limit);
    pqxx::result r = windowed
                         ? tx.exec_params(make_sql(true), tsquery, query.site, since, until,
                                          query.author, limit, keys_literal, query.rank_window + 1)
                         : tx.exec_params(make_sql(false), tsquery, query.site, since, until,
                                          query.author, limit, keys_literal);
    // Filters or collapsing left too few hits among the newest matches (when there were more
    // than the window; with no hit at all it is not known): rank every match instead.
    if (windowed && may_drop && static_cast<int>(r.size()) < limit &&
        (r.empty() || r[0][10].as<int64_t>() > 0)) {
      r = tx.exec_params(make_sql(false), tsquery, query.site, since, until, query.author, limit,
                         keys_literal);
    }
    std::vector<SearchHit> out;
    for (const auto& row : r) {
      SearchHit h;
      h.id = row[0].as<std::string>();
      h.title = row[1].as<std::string>();
      h.url = row[2].as<std::string>();
      h.site = row[3].as<std::string>();
      h.published = row[4].as<std::string>();
      h.story_id = row[5].as<int64_t>();
      h.score = -row[6].as<double>();
      h.snippet = Mark(row[7].is_null() ? "" : row[7].as<std::string>(), query);
      const std::string authors = row[8].as<std::string>();
      size_t start = 0;
      while (!authors.empty() && start <= authors.size()) {
        size_t end = authors.find('\x1f', start);
        if (end == std::string::npos) end = authors.size();
        h.authors.push_back(authors.substr(start, end - start));
        start = end + 1;
      }
      h.story_size = std::max<int64_t>(1, row[9].as<int64_t>());
      out.push_back(std::move(h));
    }
    return out;
  } catch (const pqxx::broken_connection& e) {
    return Status::Unavailable(fmt::format("PostgreSQL unavailable: {}", e.what()));
  } catch (const std::exception& e) {
    return Status::Internal(fmt::format("PostgreSQL search failed: {}", e.what()));
  }
}

}  // namespace newspipe
