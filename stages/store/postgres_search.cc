#include "stages/store/postgres_search.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "stages/store/postgres_lexemes.h"
#include "stages/store/postgres_postings.h"
#include "stages/store/postgres_vocabulary.h"
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

// Reads a hit from `row` starting at column `at` (HitColumns' order), with `snippet` for the
// snippet column.
SearchHit ReadHit(const pqxx::row& row, int at, std::string snippet) {
  SearchHit h;
  h.id = row[at].as<std::string>();
  h.title = row[at + 1].as<std::string>();
  h.url = row[at + 2].as<std::string>();
  h.site = row[at + 3].as<std::string>();
  h.published = row[at + 4].as<std::string>();
  h.story_id = row[at + 5].as<int64_t>();
  h.snippet = std::move(snippet);
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

std::string_view Column(const pqxx::row& row, int c) {
  return std::string_view(row[c].c_str(), row[c].size());
}

// The user text as a tsquery literal: the terms of FtsQuery (sqlite_search.h), each cut into words
// by the rule that made the stored tsvectors (postgres_lexemes.h), all required; a term ending in
// `*` makes its last word a prefix.
struct ParsedQuery {
  std::string tsquery;
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
      if (prefix && k + 1 == words.size()) out.tsquery += ":*";
    }
  }
  return out;
}

using ReadTx = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

// A prefix of more words than this is searched by walking the documents: each word costs a row
// per segment.
constexpr int kMaxPrefixWords = 256;

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
  double score;
};

// The matches of `groups` (each a term's word hashes: one for a whole word, the words a prefix
// stands for; every group required, any word of a group) in the search index, best first (sorted as
// far as `sorted` says; SortMatches sorts further). Reads the segments newest first (by their
// highest doc_no); with a rank window (> 0), stops once the newest `window + 1` matches are known
// and keeps the newest `window`. `cut` is set when there were more. A document in several segments
// (rewritten) counts by its latest; one whose latest revision lacks a word may still be given by an
// older segment, and is dropped by the caller's check of its text.
std::vector<Match> IndexMatches(ReadTx& tx, const std::vector<std::vector<uint32_t>>& groups,
                                int64_t window, bool& cut) {
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
  const size_t nkeys = groups.size();  // a "key" below is a group.
  std::vector<uint32_t> keys;          // every hash of every group.
  for (const auto& g : groups) keys.insert(keys.end(), g.begin(), g.end());
  // The candidates: documents holding every key in one segment, with that segment and their
  // postings of each key (nkeys per candidate, flat).
  struct Candidate {
    int64_t doc_no;
    int64_t seg;
  };
  std::vector<Candidate> found;
  std::vector<Posting> found_postings;
  std::vector<int64_t> df(nkeys, 0);
  int64_t scanned_docs = 0;
  std::vector<std::vector<Posting>> lists(nkeys);
  std::vector<size_t> pos(nkeys);
  std::vector<int64_t> newest;
  size_t next = 0;
  while (next < segs.size()) {
    // The first round reads the segments that likely hold the window (twice its size in
    // documents), the second all the others that are needed.
    size_t end = next;
    int64_t docs = 0;
    do {
      docs += segs[end++].docs;
    } while (end < segs.size() && (next > 0 || window <= 0 || docs < 2 * window));
    std::string seg_list = "{", bucket_list = "{";
    for (size_t s = next; s < end; ++s) {
      for (size_t k = 0; k < keys.size(); ++k) {
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
    struct Row {
      int32_t bucket;
      std::string data;
    };
    std::unordered_map<int64_t, std::vector<Row>> rows;  // seg -> its rows.
    for (const auto& row : tx.exec_params(
             "SELECT DISTINCT ON (p.seg, p.bucket) p.seg, p.bucket, p.data FROM "
             "unnest($1::bigint[], $2::int[]) k(seg, bucket) JOIN search_postings p ON p.seg = "
             "k.seg AND p.bucket = k.bucket",
             seg_list, bucket_list)) {
      rows[row[0].as<int64_t>()].push_back(
          Row{row[1].as<int32_t>(), pqxx::binarystring(row[2]).str()});
    }
    for (size_t s = next; s < end; ++s) {
      scanned_docs += segs[s].docs;
      auto it = rows.find(segs[s].seg);
      if (it == rows.end()) continue;
      for (size_t k = 0; k < nkeys; ++k) {
        std::vector<Posting>& list = lists[k];
        list.clear();
        for (uint32_t key : groups[k]) {
          const int32_t bucket = BucketOf(key, segs[s].nbuckets);
          for (const Row& r : it->second) {
            if (r.bucket == bucket) DecodePostings(r.data, key, list);
          }
        }
        if (groups[k].size() > 1) {
          // A prefix's words: one posting per document, their counts added.
          std::sort(list.begin(), list.end(),
                    [](const Posting& a, const Posting& b) { return a.doc_no < b.doc_no; });
          size_t kept = 0;
          for (size_t i = 0; i < list.size(); ++i) {
            if (kept > 0 && list[kept - 1].doc_no == list[i].doc_no) {
              list[kept - 1].title_tf += list[i].title_tf;
              list[kept - 1].body_tf += list[i].body_tf;
            } else {
              list[kept++] = list[i];
            }
          }
          list.resize(kept);
        }
        df[k] += static_cast<int64_t>(list.size());
      }
      // Each list is sorted by doc_no: a merge walk.
      std::fill(pos.begin(), pos.end(), 0);
      for (const Posting& p : lists[0]) {
        bool all = true;
        for (size_t k = 1; k < nkeys && all; ++k) {
          while (pos[k] < lists[k].size() && lists[k][pos[k]].doc_no < p.doc_no) ++pos[k];
          all = pos[k] < lists[k].size() && lists[k][pos[k]].doc_no == p.doc_no;
        }
        if (!all) continue;
        found.push_back(Candidate{p.doc_no, segs[s].seg});
        found_postings.push_back(p);
        for (size_t k = 1; k < nkeys; ++k) found_postings.push_back(lists[k][pos[k]]);
      }
    }
    next = end;
    if (window > 0 && found.size() > static_cast<size_t>(window) && next < segs.size()) {
      // The (window + 1)th newest candidate: a segment whose documents are all older cannot
      // change the window.
      newest.clear();
      for (const Candidate& c : found) newest.push_back(c.doc_no);
      std::nth_element(newest.begin(), newest.begin() + window, newest.end(),
                       std::greater<int64_t>());
      if (segs[next].hi < newest[static_cast<size_t>(window)]) break;
    }
  }
  // A document found in several segments keeps its latest; then the newest `window`.
  std::vector<size_t> order(found.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return found[a].doc_no != found[b].doc_no ? found[a].doc_no > found[b].doc_no
                                              : found[a].seg > found[b].seg;
  });
  order.erase(std::unique(order.begin(), order.end(),
                          [&](size_t a, size_t b) { return found[a].doc_no == found[b].doc_no; }),
              order.end());
  if (window > 0 && order.size() > static_cast<size_t>(window)) {
    order.resize(static_cast<size_t>(window));
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
  out.reserve(order.size());
  for (size_t i : order) {
    double score = 0;
    for (size_t k = 0; k < nkeys; ++k) {
      const Posting& p = found_postings[i * nkeys + k];
      const double f = kTitleWeight * p.title_tf + p.body_tf;
      const double norm = kK1 * (1 - kB + kB * static_cast<double>(p.length) / avgdl);
      score += idf[k] * f * (kK1 + 1) / (f + norm);
    }
    out.push_back(Match{found[i].doc_no, score});
  }
  return out;
}

// Best first: higher score, then lower doc_no.
bool Better(const Match& a, const Match& b) {
  return a.score != b.score ? a.score > b.score : a.doc_no < b.doc_no;
}

// Sorts matches[from, to) into place, given that [0, from) is sorted and better than the rest.
void SortMatches(std::vector<Match>& matches, size_t from, size_t to) {
  to = std::min(to, matches.size());
  if (from >= to) return;
  std::partial_sort(matches.begin() + static_cast<ptrdiff_t>(from),
                    matches.begin() + static_cast<ptrdiff_t>(to), matches.end(), Better);
}

// The snippet of a match the index gave, made from its text, if every query term is a word of its
// title or text by the index's word rule; none if one is not (a hash collision, or an older
// revision's posting, gives a document without the word; a prefix term is checked only here).
// The text is read once for both.
std::optional<std::string> CheckedSnippet(std::string_view title, std::string_view text,
                                          const std::vector<SnippetTerm>& terms,
                                          const SearchQuery& query) {
  std::vector<bool> seen;
  std::string snippet = MakeSnippet(text, terms, query.mark_open, query.mark_close, 24, &seen);
  if (std::find(seen.begin(), seen.end(), false) != seen.end()) {
    ForEachSearchWord(title, [&](std::string_view w, size_t, size_t) {
      for (size_t t = 0; t < terms.size(); ++t) seen[t] = seen[t] || MatchesTerm(w, terms[t]);
    });
    if (std::find(seen.begin(), seen.end(), false) != seen.end()) return std::nullopt;
  }
  return snippet;
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
    // Each term's word hashes: a whole word's own; a prefix's words from the vocabulary, up to
    // kMaxPrefixWords (more, and the documents are walked instead).
    std::vector<std::vector<uint32_t>> groups;
    bool walk = parsed.terms.empty();
    for (const SnippetTerm& t : parsed.terms) {
      std::vector<uint32_t> group;
      if (!t.prefix) {
        group.push_back(static_cast<uint32_t>(PostgresWordHash(t.word)));
      } else {
        const std::vector<std::string> words = WordsWithPrefix(tx, t.word, kMaxPrefixWords);
        if (words.empty()) return out;  // no stored word starts so.
        if (static_cast<int>(words.size()) > kMaxPrefixWords) {
          walk = true;
          break;
        }
        for (const std::string& w : words) {
          group.push_back(static_cast<uint32_t>(PostgresWordHash(w)));
        }
        std::sort(group.begin(), group.end());
        group.erase(std::unique(group.begin(), group.end()), group.end());
      }
      if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
    }
    if (walk) {
      // No text, or a prefix of very many words: the documents are walked.
      const bool windowed = !parsed.tsquery.empty() && query.rank_window > 0;
      pqxx::result r = ScanSearch(tx, parsed.tsquery, query, windowed);
      // Filters or collapsing left too few hits among the newest matches (when there were more
      // than the window; with no hit at all it is not known): rank every match instead.
      if (windowed && may_drop && static_cast<int>(r.size()) < limit &&
          (r.empty() || r[0][10].as<int64_t>() > 0)) {
        r = ScanSearch(tx, parsed.tsquery, query, false);
      }
      for (const auto& row : r) {
        const std::string_view text = Column(row, 7);
        SearchHit h =
            ReadHit(row, 1,
                    parsed.tsquery.empty()
                        ? std::string(text)
                        : MakeSnippet(text, parsed.terms, query.mark_open, query.mark_close));
        h.score = -row[0].as<double>();
        out.push_back(std::move(h));
      }
      return out;
    }
    // The matches come ranked from the search index; each is then checked against the filters
    // and its text (CheckedSnippet), best first, in chunks until `limit` pass.
    std::optional<int64_t> since = query.since_unix, until = query.until_unix;
    for (int64_t window : {query.rank_window, int64_t{0}}) {
      bool cut = false;
      std::vector<Match> matches = IndexMatches(tx, groups, window, cut);
      std::vector<int64_t> stories;
      size_t from = 0;
      size_t chunk = static_cast<size_t>(limit) + (may_drop ? static_cast<size_t>(limit) : 8);
      out.clear();
      while (from < matches.size() && out.size() < static_cast<size_t>(limit)) {
        const size_t to = std::min(matches.size(), from + chunk);
        chunk = std::min<size_t>(chunk * 4, 4096);
        SortMatches(matches, from, to);
        std::string doc_nos = "{";
        for (size_t i = from; i < to; ++i) {
          if (i > from) doc_nos += ',';
          doc_nos += std::to_string(matches[i].doc_no);
        }
        doc_nos += '}';
        // The hits' columns come with the filters: one statement when the first chunk fills the
        // page. Without --collapse no more rows than the page still needs are read out; the
        // next chunk then starts after the last row read.
        const int wanted =
            query.collapse ? static_cast<int>(to - from) : limit - static_cast<int>(out.size());
        pqxx::result r = tx.exec_params(
            fmt::format("SELECT c.ord, {} FROM unnest($1::bigint[]) WITH ORDINALITY "
                        "c(doc_no, ord) JOIN documents d ON d.doc_no = c.doc_no WHERE true {} "
                        "ORDER BY c.ord LIMIT $6::int",
                        HitColumns("d.text"), kFilters),
            doc_nos, query.site, since, until, query.author, wanted);
        size_t next_from = to;
        if (static_cast<int>(r.size()) == wanted && wanted < static_cast<int>(to - from)) {
          next_from = from + static_cast<size_t>(r[r.size() - 1][0].as<int64_t>());
        }
        for (const auto& row : r) {
          if (out.size() >= static_cast<size_t>(limit)) break;
          const size_t at = from + static_cast<size_t>(row[0].as<int64_t>()) - 1;
          std::optional<std::string> snippet =
              CheckedSnippet(Column(row, 2), Column(row, 7), parsed.terms, query);
          if (!snippet) continue;
          SearchHit h = ReadHit(row, 1, std::move(*snippet));
          if (query.collapse) {
            if (std::find(stories.begin(), stories.end(), h.story_id) != stories.end()) continue;
            stories.push_back(h.story_id);
          }
          h.score = -matches[at].score;
          out.push_back(std::move(h));
        }
        from = next_from;
      }
      // Filters or collapsing left too few hits among the newest matches: rank every match.
      if (window > 0 && cut && may_drop && out.size() < static_cast<size_t>(limit)) continue;
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
