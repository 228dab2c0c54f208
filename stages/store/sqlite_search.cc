#include "stages/store/sqlite_search.h"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

#include <date/date.h>
#include <fmt/format.h>

#include "stages/store/simhash.h"
#include "stages/store/sqlite_fts_writer.h"
#include "stages/store/stored_document.h"

namespace newspipe {
namespace {

bool HasWordByte(std::string_view term) {
  for (unsigned char c : term) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80) {
      return true;
    }
  }
  return false;
}

// The filters shared by both query shapes; parameters ?2.. as bound in BindFilters.
constexpr const char* kFilters = R"sql(
  AND (?2 = '' OR d.site = ?2 COLLATE NOCASE OR instr(d.url, '://' || ?2 || '/') > 0
       OR instr(d.url, '.' || ?2 || '/') > 0)
  AND (?3 IS NULL OR d.published_unix >= ?3)
  AND (?4 IS NULL OR d.published_unix <= ?4)
  AND (?5 = '' OR EXISTS (SELECT 1 FROM authors a WHERE a.doc_no = d.doc_no
                          AND instr(lower(a.name), lower(?5)) > 0)))sql";

// One query over every index shard: `each` (with `{}` for the shard's schema) for each shard,
// joined by UNION ALL, then `tail` (the compound's ORDER BY and LIMIT).
std::string ShardedSql(int shards, std::string_view each, std::string_view tail) {
  std::string sql;
  for (int k = 0; k < shards; ++k) {
    if (k > 0) sql += " UNION ALL ";
    sql += fmt::format(fmt::runtime(each), SqliteFtsSchema(k));
  }
  sql += tail;
  return sql;
}

}  // namespace

std::string FtsQuery(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && static_cast<unsigned char>(text[i]) <= ' ') ++i;
    size_t start = i;
    while (i < text.size() && static_cast<unsigned char>(text[i]) > ' ') ++i;
    std::string_view term = text.substr(start, i - start);
    if (term.empty() || !HasWordByte(term)) continue;
    bool prefix = term.size() > 1 && term.back() == '*';
    if (prefix) term.remove_suffix(1);
    if (!out.empty()) out += ' ';
    out += '"';
    for (char c : term) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
    if (prefix) out += '*';
  }
  return out;
}

std::optional<int64_t> ParseTimeBound(std::string_view text, bool end_of_day) {
  std::string s(text);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, n = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) return std::nullopt;
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  int64_t day = date::sys_days(ymd).time_since_epoch().count() * int64_t{86400};
  std::string_view rest = std::string_view(s).substr(10);
  if (rest.empty()) return end_of_day ? day + 86399 : day;
  if (rest[0] != 'T' && rest[0] != ' ') return std::nullopt;
  rest.remove_prefix(1);
  std::string r(rest);
  n = 0;
  if (std::sscanf(r.c_str(), "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5) return std::nullopt;
  rest.remove_prefix(5);
  if (!rest.empty() && rest[0] == ':') {
    r = std::string(rest);
    if (std::sscanf(r.c_str(), ":%2d%n", &sec, &n) != 1 || n != 3) return std::nullopt;
    rest.remove_prefix(3);
  }
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  int64_t t = day + h * 3600 + mi * 60 + sec;
  if (rest.empty() || rest == "Z" || rest == "z") return t;
  if (rest[0] != '+' && rest[0] != '-') return std::nullopt;
  int oh = 0, om = 0;
  r = std::string(rest.substr(1));
  if (std::sscanf(r.c_str(), "%2d:%2d", &oh, &om) != 2 &&
      std::sscanf(r.c_str(), "%2d%2d", &oh, &om) != 2) {
    return std::nullopt;
  }
  int64_t offset = (oh * 60 + om) * int64_t{60};
  return rest[0] == '+' ? t - offset : t + offset;
}

Result<std::vector<SearchHit>> SearchDocuments(StoreDb& db, const SearchQuery& query) {
  const std::string match = FtsQuery(query.text);
  const bool fts = !match.empty();
  // Text with nothing searchable in it (only quotes or operators) finds nothing; no text at all
  // lists the newest documents that pass the filters.
  if (!fts && query.text.find_first_not_of(" \t\r\n") != std::string::npos) {
    return std::vector<SearchHit>{};
  }
  int shards = 1;
  if (fts) {
    NP_ASSIGN_OR_RETURN(shards, AttachSqliteFts(db));
  }
  const size_t limit = static_cast<size_t>(std::max(1, query.limit));
  const bool filtered =
      !query.site.empty() || query.since_unix || query.until_unix || !query.author.empty();

  // Candidates in rank order, as (doc_no, score). Ranking happens inside the FTS index alone
  // (bm25 over rowids, top-k kept by SQLite's bounded sorter); documents rows are read only for
  // the candidates that are returned. Title matches weigh more than body matches. An index split
  // into shards is ranked in each (its top k), and the lists are merged by score: the shards hold
  // documents by doc_no, not by content, so their bm25 statistics agree closely once they hold
  // more than a few documents.
  const std::string candidates_sql =
      !fts ? fmt::format(
                 "SELECT d.doc_no, 0.0 FROM documents d WHERE 1 {} ORDER BY "
                 "d.published_unix IS NULL, d.published_unix DESC, d.doc_no DESC LIMIT ?6",
                 kFilters)
      : shards == 1
          ? "SELECT rowid, bm25(documents_fts, 10.0, 1.0) AS score FROM documents_fts "
            "WHERE documents_fts MATCH ?1 AND rowid >= ?7 ORDER BY score LIMIT ?6"
          : ShardedSql(shards,
                       "SELECT * FROM (SELECT rowid AS doc_no, bm25(documents_fts, 10.0, 1.0) AS "
                       "score FROM {}.documents_fts WHERE documents_fts MATCH ?1 AND rowid >= ?7 "
                       "ORDER BY score LIMIT ?6)",
                       " ORDER BY score LIMIT ?6");
  // One candidate's hit columns; the filters apply here to ranked candidates.
  const std::string hit_sql = fmt::format(
      "SELECT d.id, d.title, d.url, d.site, d.published, COALESCE(d.story_id, d.doc_no), "
      "{} FROM documents d WHERE d.doc_no = ?1 {}",
      fts ? "''" : "substr(d.text, 1, 240)", kFilters);
  NP_ASSIGN_OR_RETURN(StoreStatement cand, db.Prepare(candidates_sql));
  NP_ASSIGN_OR_RETURN(StoreStatement hit, db.Prepare(hit_sql));
  auto bind_filters = [&](StoreStatement& q) {
    q.BindText(2, query.site);
    if (query.since_unix) {
      q.BindInt(3, *query.since_unix);
    } else {
      q.BindNull(3);
    }
    if (query.until_unix) {
      q.BindInt(4, *query.until_unix);
    } else {
      q.BindNull(4);
    }
    q.BindText(5, query.author);
  };

  std::vector<SearchHit> out;
  // A term in a large share of the store would make bm25 score every one of its matches: with a
  // rank window, only the newest rank_window matches (the highest doc_nos) are ranked, found by
  // walking the index newest first without scoring.
  int64_t min_doc_no = 0;
  if (fts && query.rank_window > 0) {
    // Over shards: the newest matches of each, merged by doc_no.
    NP_ASSIGN_OR_RETURN(
        StoreStatement cut,
        db.Prepare(shards == 1
                       ? std::string("SELECT rowid FROM documents_fts WHERE documents_fts MATCH "
                                     "?1 ORDER BY rowid DESC LIMIT 1 OFFSET ?2")
                       : ShardedSql(shards,
                                    "SELECT rowid AS doc_no FROM {}.documents_fts "
                                    "WHERE documents_fts MATCH ?1",
                                    " ORDER BY 1 DESC LIMIT 1 OFFSET ?2")));
    cut.BindText(1, match);
    cut.BindInt(2, query.rank_window);
    NP_ASSIGN_OR_RETURN(bool row, cut.Step());
    if (row) min_doc_no = cut.ColumnInt(0) + 1;
  }

  std::vector<int64_t> doc_nos;
  std::unordered_set<int64_t> stories;
  // A first window of exactly `limit` candidates suffices when every candidate becomes a hit;
  // when filters or story collapsing drop some, a wider window, then all candidates, are read.
  const bool may_drop = (fts && filtered) || query.collapse;
  int64_t window = may_drop ? static_cast<int64_t>(std::max<size_t>(limit * 4, 64))
                            : static_cast<int64_t>(limit);
  int64_t seen = 0;  // candidates of earlier windows, already judged.
  for (;;) {
    if (fts) {
      cand.BindText(1, match);
      cand.BindInt(7, min_doc_no);
    } else {
      bind_filters(cand);
    }
    cand.BindInt(6, window);
    int64_t n = 0;
    for (;;) {
      auto row = cand.Step();
      if (!row.ok()) {
        cand.Reset();
        return row.status();
      }
      if (!*row || out.size() >= limit) break;
      if (n++ < seen) continue;
      const int64_t doc_no = cand.ColumnInt(0);
      const double score = cand.ColumnDouble(1);
      hit.BindInt(1, doc_no);
      bind_filters(hit);
      auto found = hit.Step();
      if (!found.ok()) {
        hit.Reset();
        cand.Reset();
        return found.status();
      }
      if (*found) {
        const int64_t story = hit.ColumnInt(5);
        if (!query.collapse || stories.insert(story).second) {
          SearchHit h;
          h.id = hit.ColumnText(0);
          h.title = hit.ColumnText(1);
          h.url = hit.ColumnText(2);
          h.site = hit.ColumnText(3);
          h.published = hit.ColumnText(4);
          h.snippet = hit.ColumnText(6);
          h.score = score;
          h.story_id = story;
          doc_nos.push_back(doc_no);
          out.push_back(std::move(h));
        }
      }
      hit.Reset();
    }
    cand.Reset();
    if (out.size() >= limit) break;
    if (n < window || window < 0) {
      // Filters or collapsing left too few hits among the newest matches: rank all instead.
      if (min_doc_no == 0 || !may_drop) break;
      min_doc_no = 0;
      out.clear();
      doc_nos.clear();
      stories.clear();
      seen = 0;
      continue;
    }
    seen = n;
    window = -1;  // every remaining candidate.
  }
  if (out.empty()) return out;
  if (fts) {
    // The snippet comes from the shard that holds the document.
    std::vector<StoreStatement> snips;
    for (int k = 0; k < shards; ++k) {
      NP_ASSIGN_OR_RETURN(
          StoreStatement snip,
          db.Prepare(fmt::format("SELECT snippet(documents_fts, 1, ?2, ?3, '…', 24) "
                                 "FROM {}documents_fts WHERE documents_fts MATCH ?1 AND rowid = ?4",
                                 shards == 1 ? std::string() : SqliteFtsSchema(k) + ".")));
      snips.push_back(std::move(snip));
    }
    for (size_t i = 0; i < out.size(); ++i) {
      StoreStatement& snip = snips[static_cast<size_t>(doc_nos[i] % shards)];
      snip.BindText(1, match);
      snip.BindText(2, query.mark_open);
      snip.BindText(3, query.mark_close);
      snip.BindInt(4, doc_nos[i]);
      NP_ASSIGN_OR_RETURN(bool row, snip.Step());
      // A hit only in the title gets the body's opening words, unmarked.
      if (row) out[i].snippet = snip.ColumnText(0);
      snip.Reset();
    }
  }
  NP_ASSIGN_OR_RETURN(StoreStatement authors,
                      db.Prepare("SELECT name FROM authors WHERE doc_no = ?1 ORDER BY idx"));
  NP_ASSIGN_OR_RETURN(StoreStatement story,
                      db.Prepare("SELECT count(*) FROM documents WHERE story_id = ?1"));
  for (size_t i = 0; i < out.size(); ++i) {
    SearchHit& h = out[i];
    authors.BindInt(1, doc_nos[i]);
    for (;;) {
      NP_ASSIGN_OR_RETURN(bool row, authors.Step());
      if (!row) break;
      h.authors.push_back(authors.ColumnText(0));
    }
    authors.Reset();
    story.BindInt(1, h.story_id);
    NP_ASSIGN_OR_RETURN(bool row, story.Step());
    if (row) h.story_size = std::max<int64_t>(1, story.ColumnInt(0));
    story.Reset();
  }
  return out;
}

Result<ShownDocument> LoadDocument(StoreDb& db, std::string_view id) {
  NP_ASSIGN_OR_RETURN(StoreStatement q, db.Prepare(R"sql(
SELECT id, url, canonical_url, path, title, text, published, published_local, modified, agency,
  dateline, site, language, section, description, content_hash, doc_json, revision,
  COALESCE(story_id, doc_no), simhash, first_stored_unix_ms, updated_unix_ms, doc_no
FROM documents WHERE id = ?1
UNION ALL
SELECT * FROM (SELECT id, url, canonical_url, path, title, text, published, published_local,
  modified, agency, dateline, site, language, section, description, content_hash, doc_json,
  revision, COALESCE(story_id, doc_no), simhash, first_stored_unix_ms, updated_unix_ms, doc_no
  FROM documents WHERE id > ?1 AND substr(id, 1, length(?1)) = ?1
  AND NOT EXISTS (SELECT 1 FROM documents WHERE id = ?1) ORDER BY id LIMIT 2))sql"));
  q.BindText(1, id);
  ShownDocument d;
  int rows = 0;
  int64_t doc_no = 0;
  for (;;) {
    NP_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    if (++rows > 1) {
      return Status::InvalidArgument(
          fmt::format("\"{}\" matches more than one document id; give more of it", id));
    }
    int c = 0;
    for (std::string* f :
         {&d.id, &d.url, &d.canonical_url, &d.path, &d.title, &d.text, &d.published,
          &d.published_local, &d.modified, &d.agency, &d.dateline, &d.site, &d.language, &d.section,
          &d.description, &d.content_hash, &d.doc_json}) {
      *f = q.ColumnText(c++);
    }
    d.revision = q.ColumnInt(c++);
    d.story_id = q.ColumnInt(c++);
    d.simhash = static_cast<uint64_t>(q.ColumnInt(c++));
    d.first_stored_unix_ms = q.ColumnInt(c++);
    d.updated_unix_ms = q.ColumnInt(c++);
    doc_no = q.ColumnInt(c++);
    d.doc_json = FullDocumentJson(d.doc_json, d.text);
  }
  if (rows == 0) return Status::NotFound(fmt::format("no document with id \"{}\"", id));

  auto each = [&](const char* sql, auto&& fn) -> Status {
    NP_ASSIGN_OR_RETURN(StoreStatement s, db.Prepare(sql));
    s.BindInt(1, doc_no);
    for (;;) {
      NP_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      fn(s);
    }
    return Status::OK();
  };
  NP_RETURN_IF_ERROR(each("SELECT name FROM authors WHERE doc_no = ?1 ORDER BY idx",
                          [&](StoreStatement& s) { d.authors.push_back(s.ColumnText(0)); }));
  NP_RETURN_IF_ERROR(
      each("SELECT text, speaker FROM quotes WHERE doc_no = ?1 ORDER BY idx",
           [&](StoreStatement& s) { d.quotes.emplace_back(s.ColumnText(0), s.ColumnText(1)); }));
  NP_RETURN_IF_ERROR(
      each("SELECT text, credit FROM captions WHERE doc_no = ?1 ORDER BY idx",
           [&](StoreStatement& s) { d.captions.emplace_back(s.ColumnText(0), s.ColumnText(1)); }));
  NP_RETURN_IF_ERROR(each("SELECT stage, code, message FROM errors WHERE doc_no = ?1 ORDER BY idx",
                          [&](StoreStatement& s) {
                            d.errors.push_back(fmt::format("{}/{}: {}", s.ColumnView(0),
                                                           s.ColumnView(1), s.ColumnView(2)));
                          }));
  NP_RETURN_IF_ERROR(
      each("SELECT idx, type, text, boilerplate, rule FROM blocks WHERE doc_no = ?1 ORDER BY idx",
           [&](StoreStatement& s) {
             d.blocks.push_back(StoredBlock{static_cast<int>(s.ColumnInt(0)), s.ColumnText(1),
                                            s.ColumnText(2), s.ColumnInt(3) != 0, s.ColumnText(4)});
           }));
  {
    NP_ASSIGN_OR_RETURN(StoreStatement s,
                        db.Prepare("SELECT id, title, site, url, simhash FROM documents "
                                   "WHERE story_id = ?1 AND doc_no <> ?2 LIMIT 1000"));
    s.BindInt(1, d.story_id);
    s.BindInt(2, doc_no);
    for (;;) {
      NP_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      d.duplicates.push_back(
          DuplicateRef{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3),
                       HammingDistance(d.simhash, static_cast<uint64_t>(s.ColumnInt(4)))});
    }
    std::stable_sort(
        d.duplicates.begin(), d.duplicates.end(),
        [](const DuplicateRef& a, const DuplicateRef& b) { return a.distance < b.distance; });
  }
  return d;
}

Status ExportDocumentsJson(StoreDb& db, const std::function<void(std::string_view)>& emit) {
  NP_ASSIGN_OR_RETURN(StoreStatement q,
                      db.Prepare("SELECT doc_json, text FROM documents ORDER BY doc_no"));
  for (;;) {
    NP_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    emit(FullDocumentJson(q.ColumnView(0), q.ColumnView(1)));
  }
  return Status::OK();
}

std::string CsvField(std::string_view v) {
  bool quote = v.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string ExportCsvHeader() {
  return "id,url,title,published,published_local,site,authors,agency,dateline,language,"
         "revision,story_id,text\r\n";
}

Status ExportDocumentsCsv(StoreDb& db, const std::function<void(std::string_view)>& emit) {
  NP_ASSIGN_OR_RETURN(StoreStatement q, db.Prepare(R"sql(
SELECT d.id, d.url, d.title, d.published, d.published_local, d.site,
  COALESCE((SELECT group_concat(name, '; ') FROM
            (SELECT name FROM authors a WHERE a.doc_no = d.doc_no ORDER BY idx)), ''),
  d.agency, d.dateline, d.language, d.revision, COALESCE(d.story_id, d.doc_no), d.text
FROM documents d ORDER BY d.doc_no)sql"));
  std::string line;
  for (;;) {
    NP_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    line.clear();
    for (int c = 0; c < 13; ++c) {
      if (c > 0) line += ',';
      line += CsvField(q.ColumnView(c));
    }
    line += "\r\n";
    emit(line);
  }
  return Status::OK();
}

}  // namespace newspipe
