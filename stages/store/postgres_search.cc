#include "stages/store/postgres_search.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "stages/store/postgres_lexemes.h"
#include "stages/store/postgres_postings.h"
#include "stages/store/search_snippet.h"

namespace newspipe {
namespace {

// The filters of the SQLite search, with the same meaning; parameters $2..$5.
constexpr const char* kFilters = R"sql(
  AND ($2::text = '' OR lower(d.site) = lower($2::text)
       OR strpos(d.url, '://' || $2::text || '/') > 0 OR strpos(d.url, '.' || $2::text || '/') > 0)
  AND ($3::bigint IS NULL OR d.published_unix >= $3::bigint)
  AND ($4::bigint IS NULL OR d.published_unix <= $4::bigint)
  AND ($5::text = '' OR EXISTS (SELECT 1 FROM authors a WHERE a.doc_id = d.id
                                AND strpos(lower(a.name), lower($5::text)) > 0)))sql";

// A hit's columns after its rank: id, title, url, site, published, story, snippet, authors and
// the story's size. `snippet` is the SQL of the snippet.
std::string HitColumns(std::string_view snippet) {
  return fmt::format(
      "d.id, d.title, d.url, d.site, d.published, COALESCE(d.story_id, d.doc_no), {}, "
      "COALESCE((SELECT string_agg(a.name, E'\\x1f' ORDER BY a.idx) FROM authors a "
      "WHERE a.doc_id = d.id), ''), "
      "(SELECT count(*) FROM documents s WHERE s.story_id = COALESCE(d.story_id, d.doc_no))",
      snippet);
}

// Reads a hit from `row` starting at column `at` (HitColumns' order). With `terms`, the snippet
// column holds the text, and the snippet is made from it.
SearchHit ReadHit(const pqxx::row& row, int at, const SearchQuery& query,
                  const std::vector<SnippetTerm>* terms) {
  SearchHit h;
  h.id = row[at].as<std::string>();
  h.title = row[at + 1].as<std::string>();
  h.url = row[at + 2].as<std::string>();
  h.site = row[at + 3].as<std::string>();
  h.published = row[at + 4].as<std::string>();
  h.story_id = row[at + 5].as<int64_t>();
  const std::string_view text(row[at + 6].c_str(), row[at + 6].size());
  h.snippet = terms != nullptr ? MakeSnippet(text, *terms, query.mark_open, query.mark_close)
                               : std::string(text);
  const std::string authors = row[at + 7].as<std::string>();
  size_t start = 0;
  while (!authors.empty() && start <= authors.size()) {
    size_t end = authors.find('\x1f', start);
    if (end == std::string::npos) end = authors.size();
    h.authors.push_back(authors.substr(start, end - start));
    start = end + 1;
  }
  h.story_size = std::max<int64_t>(1, row[at + 8].as<int64_t>());
  return h;
}

std::string BigintArray(const std::vector<int64_t>& values, size_t from, size_t to) {
  std::string out = "{";
  for (size_t i = from; i < to; ++i) {
    if (i > from) out += ',';
    out += std::to_string(values[i]);
  }
  out += '}';
  return out;
}

// The user text as a tsquery literal: the terms of FtsQuery (sqlite_search.h), each cut into words
// by the rule that made the stored tsvectors (postgres_lexemes.h), all required; a term ending in
// `*` makes its last word a prefix. `keys`: the hashes of the whole words (a prefix has none).
struct ParsedQuery {
  std::string tsquery;
  std::vector<uint32_t> keys;
  std::vector<SnippetTerm> terms;  // every word, prefixes marked.
};
ParsedQuery Parse(std::string_view text) {
  ParsedQuery out;
  const std::string fts = FtsQuery(text);
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
      if (!out.tsquery.empty()) out.tsquery += " & ";
      AppendQuotedLexeme(out.tsquery, words[k]);
      out.terms.push_back(SnippetTerm{words[k], prefix && k + 1 == words.size()});
      if (prefix && k + 1 == words.size()) {
        out.tsquery += ":*";
      } else {
        const auto key = static_cast<uint32_t>(PostgresWordHash(words[k]));
        if (std::find(out.keys.begin(), out.keys.end(), key) == out.keys.end()) {
          out.keys.push_back(key);
        }
      }
    }
  }
  return out;
}

using ReadTx = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

// A query without whole words (prefixes alone, or filters alone): the documents are walked, newest
// first, and checked against the tsquery; ranked with ts_rank. With a prefix and a rank window,
// the newest rank_window + 1 matches are found first and only the newest rank_window ranked.
// Parameters: $1 the tsquery, $2..$5 filters, $6 limit, $7 the window plus one.
pqxx::result ScanSearch(ReadTx& tx, const std::string& tsquery, const SearchQuery& query,
                        bool windowed) {
  // The snippet is made from the text by the caller.
  const bool fts = !tsquery.empty();
  const std::string tsq = fts ? "$1::text::tsquery" : "NULL::tsquery";
  const std::string order =
      fts ? "rank DESC, doc_no" : "published_unix DESC NULLS LAST, doc_no DESC";
  const std::string base =
      windowed ? fmt::format(
                     "SELECT d.doc_no, d.published_unix, COALESCE(d.story_id, d.doc_no) AS story, "
                     "ts_rank(d.tsv, {0}, 1) AS rank FROM w "
                     "JOIN documents d ON d.doc_no = w.doc_no, c WHERE w.doc_no >= c.lo AND "
                     "d.tsv @@ {0} {1}",
                     tsq, kFilters)
               : fmt::format(
                     "SELECT d.doc_no, d.published_unix, COALESCE(d.story_id, d.doc_no) AS story, "
                     "{} AS rank FROM documents d WHERE "
                     "$1::text IS NOT NULL {} {}",
                     fts ? "ts_rank(d.tsv, " + tsq + ", 1)" : "0::real",
                     fts ? "AND d.tsv @@ " + tsq : "", kFilters);
  const std::string ranked =
      query.collapse
          ? fmt::format(
                "SELECT * FROM (SELECT h.*, row_number() OVER (PARTITION BY story ORDER BY {}) "
                "AS rn FROM ({}) h) r WHERE rn = 1",
                order, base)
          : base;
  const std::string window =
      windowed ? fmt::format(
                     "w AS MATERIALIZED (SELECT d.doc_no FROM documents d WHERE d.tsv @@ {} "
                     "ORDER BY d.doc_no DESC LIMIT $7::bigint), c AS (SELECT CASE WHEN count(*) "
                     ">= $7::bigint THEN min(doc_no) + 1 ELSE 0 END AS lo FROM w), ",
                     tsq)
               : std::string();
  const std::string sql = fmt::format(
      "WITH {}top AS ({} ORDER BY {} LIMIT $6::int) SELECT top.rank, {}, {} FROM top JOIN "
      "documents d ON d.doc_no = top.doc_no ORDER BY {}",
      window, ranked, order, HitColumns(fts ? "d.text" : "left(d.text, 240)"),
      windowed ? "(SELECT lo FROM c)" : "0::bigint",
      fts ? "top.rank DESC, top.doc_no" : "top.published_unix DESC NULLS LAST, top.doc_no DESC");
  std::optional<int64_t> since = query.since_unix, until = query.until_unix;
  const int limit = std::max(1, query.limit);
  return windowed ? tx.exec_params(sql, tsquery, query.site, since, until, query.author, limit,
                                   query.rank_window + 1)
                  : tx.exec_params(sql, tsquery, query.site, since, until, query.author, limit);
}

// A match found in the search index, with its BM25 score.
struct Match {
  int64_t doc_no;
  int64_t seg;
  double score;
};

// The matches of `keys` (all required) in the search index, best first. Reads the segments newest
// first (by their highest doc_no); with a rank window (> 0), stops once the newest `window + 1`
// matches are known and keeps the newest `window`. `cut` is set when there were more.
std::vector<Match> IndexMatches(ReadTx& tx, const std::vector<uint32_t>& keys, int64_t window,
                                bool& cut) {
  cut = false;
  struct Seg {
    int64_t seg;
    int32_t nbuckets;
    int64_t docs;
    int64_t hi;
  };
  std::vector<Seg> segs;
  int64_t total_docs = 0, total_words = 0;
  for (const auto& row :
       tx.exec("SELECT seg, nbuckets, docs, words, hi FROM search_segments ORDER BY hi DESC, seg "
               "DESC")) {
    segs.push_back(Seg{row[0].as<int64_t>(), row[1].as<int32_t>(), row[2].as<int64_t>(),
                       row[4].as<int64_t>()});
    total_docs += row[2].as<int64_t>();
    total_words += row[3].as<int64_t>();
  }
  const size_t nkeys = keys.size();
  // Per match candidate: its postings of each key, from the segment that had them.
  struct Candidate {
    int64_t doc_no;
    int64_t seg;
    std::vector<Posting> postings;  // one per key.
  };
  std::vector<Candidate> found;
  std::unordered_map<int64_t, int64_t> latest;  // doc_no -> the latest segment seen holding it.
  std::vector<int64_t> df(nkeys, 0);
  int64_t scanned_docs = 0;
  std::vector<std::vector<Posting>> lists(nkeys);
  size_t next = 0;
  size_t chunk = 8;
  while (next < segs.size()) {
    const size_t end = std::min(segs.size(), next + chunk);
    chunk *= 4;
    std::string seg_list = "{", bucket_list = "{";
    for (size_t s = next; s < end; ++s) {
      for (size_t k = 0; k < nkeys; ++k) {
        if (seg_list.size() > 1) {
          seg_list += ',';
          bucket_list += ',';
        }
        seg_list += std::to_string(segs[s].seg);
        bucket_list += std::to_string(BucketOf(keys[k], segs[s].nbuckets));
      }
    }
    seg_list += '}';
    bucket_list += '}';
    std::unordered_map<int64_t, std::vector<std::string>> rows;  // seg -> its rows' data.
    for (const auto& row : tx.exec_params(
             "SELECT DISTINCT ON (p.seg, p.bucket) p.seg, p.data FROM unnest($1::bigint[], "
             "$2::int[]) k(seg, bucket) JOIN search_postings p ON p.seg = k.seg AND p.bucket = "
             "k.bucket",
             seg_list, bucket_list)) {
      rows[row[0].as<int64_t>()].push_back(pqxx::binarystring(row[1]).str());
    }
    for (size_t s = next; s < end; ++s) {
      auto it = rows.find(segs[s].seg);
      for (auto& l : lists) l.clear();
      if (it != rows.end()) {
        for (size_t k = 0; k < nkeys; ++k) {
          for (const std::string& data : it->second) DecodePostings(data, keys[k], lists[k]);
        }
      }
      // Candidate docs hold every key in this segment (each list is sorted by doc_no).
      for (size_t k = 0; k < nkeys; ++k) {
        df[k] += static_cast<int64_t>(lists[k].size());
        for (const Posting& p : lists[k]) {
          auto [at, fresh] = latest.emplace(p.doc_no, segs[s].seg);
          if (!fresh && at->second < segs[s].seg) at->second = segs[s].seg;
        }
      }
      std::vector<size_t> pos(nkeys, 0);
      for (const Posting& p : lists[0]) {
        bool all = true;
        for (size_t k = 1; k < nkeys && all; ++k) {
          while (pos[k] < lists[k].size() && lists[k][pos[k]].doc_no < p.doc_no) ++pos[k];
          all = pos[k] < lists[k].size() && lists[k][pos[k]].doc_no == p.doc_no;
        }
        if (!all) continue;
        Candidate c{p.doc_no, segs[s].seg, {}};
        c.postings.reserve(nkeys);
        c.postings.push_back(p);
        for (size_t k = 1; k < nkeys; ++k) c.postings.push_back(lists[k][pos[k]]);
        found.push_back(std::move(c));
      }
      scanned_docs += segs[s].docs;
    }
    next = end;
    if (window > 0 && found.size() > static_cast<size_t>(window) && next < segs.size()) {
      // The (window + 1)th newest candidate: a segment whose documents are all older cannot
      // change the window.
      std::vector<int64_t> nos;
      nos.reserve(found.size());
      for (const Candidate& c : found) nos.push_back(c.doc_no);
      std::nth_element(nos.begin(), nos.begin() + window, nos.end(), std::greater<int64_t>());
      if (segs[next].hi < nos[static_cast<size_t>(window)]) break;
    }
  }
  // A document in several segments counts by its latest revision only.
  std::vector<Candidate> matches;
  matches.reserve(found.size());
  for (Candidate& c : found) {
    if (latest[c.doc_no] == c.seg) matches.push_back(std::move(c));
  }
  if (window > 0 && matches.size() > static_cast<size_t>(window)) {
    std::nth_element(matches.begin(), matches.begin() + window, matches.end(),
                     [](const Candidate& a, const Candidate& b) { return a.doc_no > b.doc_no; });
    matches.resize(static_cast<size_t>(window));
    cut = true;
  }
  // BM25 (k1 1.2, b 0.75) over the title, weighted 10, and the body, as the SQLite store's bm25;
  // a word's document frequency is estimated from the segments read.
  const double scale =
      static_cast<double>(std::max<int64_t>(1, total_docs)) / std::max<int64_t>(1, scanned_docs);
  const double n = static_cast<double>(std::max<int64_t>(1, total_docs));
  const double avgdl = std::max(1.0, static_cast<double>(total_words) / n);
  std::vector<double> idf(nkeys);
  for (size_t k = 0; k < nkeys; ++k) {
    const double d = std::min(n, static_cast<double>(df[k]) * scale);
    idf[k] = std::log(1.0 + (n - d + 0.5) / (d + 0.5));
  }
  constexpr double kK1 = 1.2, kB = 0.75, kTitleWeight = 10.0;
  std::vector<Match> out;
  out.reserve(matches.size());
  for (const Candidate& c : matches) {
    double score = 0;
    for (size_t k = 0; k < nkeys; ++k) {
      const Posting& p = c.postings[k];
      const double f = kTitleWeight * p.title_tf + p.body_tf;
      const double norm = kK1 * (1 - kB + kB * static_cast<double>(p.length) / avgdl);
      score += idf[k] * f * (kK1 + 1) / (f + norm);
    }
    out.push_back(Match{c.doc_no, c.seg, score});
  }
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    return a.score != b.score ? a.score > b.score : a.doc_no < b.doc_no;
  });
  return out;
}

}  // namespace

Result<std::vector<SearchHit>> SearchPostgres(const std::string& dsn, const SearchQuery& query) {
  const ParsedQuery parsed = Parse(query.text);
  if (parsed.tsquery.empty() && query.text.find_first_not_of(" \t\r\n") != std::string::npos) {
    return std::vector<SearchHit>{};
  }
  const bool filtered =
      !query.site.empty() || query.since_unix || query.until_unix || !query.author.empty();
  const bool may_drop = filtered || query.collapse;
  const int limit = std::max(1, query.limit);
  try {
    pqxx::connection conn(dsn);
    ReadTx tx(conn);
    std::vector<SearchHit> out;
    if (parsed.keys.empty()) {
      // Prefixes alone, or no text: the documents are walked.
      const bool windowed = !parsed.tsquery.empty() && query.rank_window > 0;
      pqxx::result r = ScanSearch(tx, parsed.tsquery, query, windowed);
      // Filters or collapsing left too few hits among the newest matches (when there were more
      // than the window; with no hit at all it is not known): rank every match instead.
      if (windowed && may_drop && static_cast<int>(r.size()) < limit &&
          (r.empty() || r[0][10].as<int64_t>() > 0)) {
        r = ScanSearch(tx, parsed.tsquery, query, false);
      }
      for (const auto& row : r) {
        SearchHit h = ReadHit(row, 1, query, parsed.tsquery.empty() ? nullptr : &parsed.terms);
        h.score = -row[0].as<double>();
        out.push_back(std::move(h));
      }
      return out;
    }
    // Whole words: the matches come ranked from the search index; each is then checked against
    // its stored tsvector (a hash collision, a stale posting of an older revision or a prefix term
    // of the query is decided there) and the filters, best first, in chunks until `limit` pass.
    std::optional<int64_t> since = query.since_unix, until = query.until_unix;
    for (int64_t window : {query.rank_window, int64_t{0}}) {
      bool cut = false;
      const std::vector<Match> matches = IndexMatches(tx, parsed.keys, window, cut);
      std::vector<int64_t> doc_nos;
      doc_nos.reserve(matches.size());
      for (const Match& m : matches) doc_nos.push_back(m.doc_no);
      std::vector<size_t> picked;  // indexes into `matches`, best first.
      std::vector<int64_t> stories;
      size_t from = 0;
      size_t chunk = static_cast<size_t>(limit) + (may_drop ? static_cast<size_t>(limit) : 8);
      while (from < matches.size() && picked.size() < static_cast<size_t>(limit)) {
        const size_t to = std::min(matches.size(), from + chunk);
        chunk = std::min<size_t>(chunk * 4, 4096);
        pqxx::result r = tx.exec_params(
            fmt::format("SELECT c.ord, COALESCE(d.story_id, d.doc_no) FROM unnest($1::bigint[]) "
                        "WITH ORDINALITY c(doc_no, ord) JOIN documents d ON d.doc_no = c.doc_no "
                        "WHERE d.tsv @@ $6::text::tsquery {} ORDER BY c.ord",
                        kFilters),
            BigintArray(doc_nos, from, to), query.site, since, until, query.author, parsed.tsquery);
        for (const auto& row : r) {
          if (picked.size() >= static_cast<size_t>(limit)) break;
          const size_t at = from + static_cast<size_t>(row[0].as<int64_t>()) - 1;
          const int64_t story = row[1].as<int64_t>();
          if (query.collapse) {
            if (std::find(stories.begin(), stories.end(), story) != stories.end()) continue;
            stories.push_back(story);
          }
          picked.push_back(at);
        }
        from = to;
      }
      // Filters or collapsing left too few hits among the newest matches: rank every match.
      if (window > 0 && cut && may_drop && picked.size() < static_cast<size_t>(limit)) continue;
      if (picked.empty()) return out;
      std::vector<int64_t> top;
      for (size_t i : picked) top.push_back(matches[i].doc_no);
      pqxx::result r = tx.exec_params(
          fmt::format("SELECT c.ord, {} FROM unnest($1::bigint[]) WITH ORDINALITY c(doc_no, ord) "
                      "JOIN documents d ON d.doc_no = c.doc_no ORDER BY c.ord",
                      HitColumns("d.text")),
          BigintArray(top, 0, top.size()));
      for (const auto& row : r) {
        SearchHit h = ReadHit(row, 1, query, &parsed.terms);
        h.score = -matches[picked[static_cast<size_t>(row[0].as<int64_t>()) - 1]].score;
        out.push_back(std::move(h));
      }
      return out;
    }
    return out;
  } catch (const pqxx::broken_connection& e) {
    return Status::Unavailable(fmt::format("PostgreSQL unavailable: {}", e.what()));
  } catch (const std::exception& e) {
    return Status::Internal(fmt::format("PostgreSQL search failed: {}", e.what()));
  }
}

}  // namespace newspipe
