// Runs against a real PostgreSQL server: NEWSPIPE_PG_DSN (scripts/start-postgres.sh starts a
// throwaway one; CI sets it). Each test works in its own schema, so runs do not interfere.
#include "stages/store/postgres_store.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "stages/store/postgres_export.h"
#include "stages/store/postgres_lexemes.h"
#include "stages/store/postgres_schema.h"
#include "stages/store/postgres_search.h"
#include "stages/store/postgres_segments.h"
#include "stages/store/postgres_show.h"
#include "stages/store/sqlite_search.h"
#include "stages/store/sqlite_store.h"
#include "stages/store/store_db.h"
#include "tests/stages/store/test_documents.h"

namespace newspipe {
namespace {

using testing::MakeArticle;

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* dsn = std::getenv("NEWSPIPE_PG_DSN");
    if (dsn == nullptr || *dsn == '\0') GTEST_SKIP() << "NEWSPIPE_PG_DSN is not set";
    base_dsn_ = dsn;
    schema_ =
        "np_test_" + std::to_string(std::random_device{}()) + "_" + std::to_string(::getpid());
    admin_ = std::make_unique<pqxx::connection>(base_dsn_);
    pqxx::work tx(*admin_);
    tx.exec("CREATE SCHEMA " + schema_);
    tx.commit();
  }
  void TearDown() override {
    if (!admin_) return;
    try {
      pqxx::work tx(*admin_);
      tx.exec("DROP SCHEMA " + schema_ + " CASCADE");
      tx.commit();
    } catch (const std::exception&) {
    }
  }

  // The DSN with this test's schema first on the search path.
  std::string Dsn(const std::string& app = "newspipe-test") const {
    return base_dsn_ + " application_name=" + app + " options='-c search_path=" + schema_ + "'";
  }
  PostgresStoreOptions Options(const std::string& app = "newspipe-test") const {
    PostgresStoreOptions o;
    o.dsn = Dsn(app);
    o.retry_initial = std::chrono::milliseconds(20);
    o.retry_max = std::chrono::milliseconds(200);
    o.connect_attempts = 5;
    return o;
  }
  std::string Query(const std::string& sql) {
    pqxx::work tx(*admin_);
    tx.exec("SET search_path TO " + schema_);
    pqxx::result r = tx.exec(sql);
    tx.commit();
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
  }

  // The ids of the hits of `q`, best first (none, with a test failure, if the search fails).
  std::vector<std::string> HitIds(const SearchQuery& q) const {
    std::vector<std::string> out;
    auto hits = SearchPostgres(Dsn(), q);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    if (hits.ok()) {
      for (const auto& h : *hits) out.push_back(h.id);
    }
    return out;
  }

  // Writes `docs` to a PostgreSQL store of this test and to a SQLite store at `sqlite_path`, a
  // commit every `batch` documents, to compare the two backends' readers.
  void StoreInBoth(const std::vector<v1::Document>& docs, size_t batch,
                   const std::filesystem::path& sqlite_path) {
    SqliteStoreOptions sqlite_options;
    sqlite_options.path = sqlite_path;
    auto sqlite = SqliteStore::Open(sqlite_options);
    ASSERT_TRUE(sqlite.ok()) << sqlite.status().ToString();
    auto store = PostgresStore::Open(Options());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (size_t i = 0; i < docs.size(); ++i) {
      ASSERT_TRUE((*store)->Write(docs[i]).ok());
      ASSERT_TRUE((*sqlite)->Write(docs[i]).ok());
      if ((i + 1) % batch == 0 || i + 1 == docs.size()) {
        ASSERT_TRUE((*store)->Commit().ok());
        ASSERT_TRUE((*sqlite)->Commit().ok());
      }
    }
  }

  std::string base_dsn_;
  std::string schema_;
  std::unique_ptr<pqxx::connection> admin_;
};

TEST_F(PostgresStoreTest, RoundTripWithTwoConcurrentWriters) {
  auto a = PostgresStore::Open(Options("writer-a"));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto b = PostgresStore::Open(Options("writer-b"));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  // Each writer stores 200 documents in batches of 25; ids 100..199 are written by both, at the
  // same time, as replicas behind one fetch would after a resend.
  auto run = [](PostgresStore* store, int from, Status* result) {
    for (int i = from; i < from + 200; ++i) {
      Status st = store->Write(MakeArticle("doc-" + std::to_string(i), "Title " + std::to_string(i),
                                           {"Body number " + std::to_string(i) + " oranges"}));
      if (st.ok() && (i + 1) % 25 == 0) st = store->Commit();
      if (!st.ok()) {
        *result = st;
        return;
      }
    }
    *result = store->Commit();
  };
  Status sa, sb;
  std::thread ta(run, a->get(), 0, &sa);
  std::thread tb(run, b->get(), 100, &sb);
  ta.join();
  tb.join();
  ASSERT_TRUE(sa.ok()) << sa.ToString();
  ASSERT_TRUE(sb.ok()) << sb.ToString();
  EXPECT_EQ(Query("SELECT count(*) FROM documents"), "300");
  EXPECT_EQ(Query("SELECT max(revision) FROM documents"), "1");
  EXPECT_EQ(Query("SELECT count(*) FROM blocks"), "900");  // heading, paragraph, footer.
  EXPECT_EQ(Query("SELECT count(*) FROM blocks WHERE boilerplate AND rule = 'promo-footer'"),
            "300");
  EXPECT_EQ(Query("SELECT name FROM authors WHERE doc_id = 'doc-150'"), "Ann Writer");
  EXPECT_EQ(Query("SELECT speaker FROM quotes WHERE doc_id = 'doc-150'"), "Biegun");
  EXPECT_EQ(Query("SELECT published FROM documents WHERE id = 'doc-7'"), "2020-07-08T04:33:00Z");

  // A change bumps the revision once and replaces the children; the same content again does not.
  auto changed = MakeArticle("doc-7", "Title 7", {"A rewritten body about lemons"});
  ASSERT_TRUE((*a)->Write(changed).ok());
  ASSERT_TRUE((*a)->Commit().ok());
  EXPECT_EQ((*a)->last_changed(), 1u);
  ASSERT_TRUE((*b)->Write(changed).ok());
  ASSERT_TRUE((*b)->Commit().ok());
  EXPECT_EQ((*b)->last_changed(), 0u);
  EXPECT_EQ(Query("SELECT revision FROM documents WHERE id = 'doc-7'"), "2");
  EXPECT_EQ(Query("SELECT count(*) FROM blocks WHERE doc_id = 'doc-7'"), "3");
  EXPECT_EQ(Query("SELECT count(*) FROM documents WHERE tsv @@ plainto_tsquery('simple', "
                  "'lemons')"),
            "1");
  EXPECT_EQ(Query("SELECT count(*) FROM documents WHERE tsv @@ plainto_tsquery('simple', "
                  "'oranges')"),
            "299");
}

TEST_F(PostgresStoreTest, ABatchWrittenInPartsOverSeveralConnectionsKeepsStoriesWhole) {
  // Its own application name: tests running beside it have connections of their own.
  PostgresStoreOptions options = Options("newspipe-parts");
  options.connections = 3;
  options.merge_segments = false;  // no merger's connection among those counted.
  auto store = PostgresStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::string body;
  for (int i = 0; i < 600; ++i) body += "word" + std::to_string(i * 7919 % 1000) + " ";
  std::string copy = body;
  copy.replace(copy.find("word", 3000), 4, "text");
  // 400 documents in one batch: cut by id into parts on three connections. The two near
  // duplicates sort first and last, so they land in different parts, written at the same time.
  ASSERT_TRUE((*store)->Write(MakeArticle("a-first", "Original", {body})).ok());
  for (int i = 0; i < 398; ++i) {
    ASSERT_TRUE(
        (*store)
            ->Write(MakeArticle("m-" + std::to_string(1000 + i), "Title " + std::to_string(i),
                                {"Body number " + std::to_string(i) + " pears"}))
            .ok());
  }
  ASSERT_TRUE((*store)->Write(MakeArticle("z-last", "Copy", {copy})).ok());
  ASSERT_TRUE((*store)->Commit().ok());
  EXPECT_EQ((*store)->last_changed(), 400u);
  EXPECT_EQ(Query("SELECT count(*) FROM documents"), "400");
  EXPECT_EQ(Query("SELECT count(*) FROM blocks"), "1200");
  EXPECT_EQ(Query("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                  "'newspipe-parts' AND datname = current_database()"),
            "3");
  EXPECT_EQ(Query("SELECT count(DISTINCT story_id) FROM documents WHERE id IN ('a-first', "
                  "'z-last')"),
            "1");

  // A resend of the same batch changes nothing.
  for (const char* id : {"a-first", "z-last"}) {
    ASSERT_TRUE((*store)
                    ->Write(MakeArticle(id, id[0] == 'a' ? "Original" : "Copy",
                                        {id[0] == 'a' ? body : copy}))
                    .ok());
  }
  ASSERT_TRUE((*store)->Commit().ok());
  EXPECT_EQ((*store)->last_changed(), 0u);
  EXPECT_EQ(Query("SELECT max(revision) FROM documents"), "1");
}

TEST_F(PostgresStoreTest, ANewIdThatAnotherWriterInsertsMeanwhileIsUpserted) {
  auto store = PostgresStore::Open(Options("newspipe-racer"));
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->Write(MakeArticle("first", "First", {"first body"})).ok());
  ASSERT_TRUE((*store)->Commit().ok());
  // Another writer inserts "raced" and keeps its transaction open: the store's lookup does not
  // see the row, so it COPYs "raced" as new and waits on the unique index until that commits.
  pqxx::connection other(Dsn("newspipe-other"));
  pqxx::work other_tx(other);
  other_tx.exec(
      "INSERT INTO documents (id, content_hash, first_stored_unix_ms, updated_unix_ms, "
      "seen_unix_ms, doc_json, story_id) VALUES ('raced', 'other', 1, 1, 1, '{}', 0)");
  ASSERT_TRUE((*store)->Write(MakeArticle("raced", "Raced", {"a body about plums"})).ok());
  ASSERT_TRUE((*store)->Write(MakeArticle("second", "Second", {"second body"})).ok());
  Status st;
  std::thread writer([&] { st = (*store)->Commit(); });
  bool waiting = false;
  for (int i = 0; i < 500 && !waiting; ++i) {
    waiting = Query(
                  "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                  "'newspipe-racer' AND wait_event_type = 'Lock'") == "1";
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(waiting);
  other_tx.commit();
  writer.join();
  // The COPY failed on the unique index; the part was written again through the upsert, which
  // found the other writer's row and updated it.
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ((*store)->last_changed(), 2u);
  EXPECT_EQ(Query("SELECT string_agg(id || ':' || revision, ',' ORDER BY id) FROM documents"),
            "first:1,raced:2,second:1");
  EXPECT_EQ(Query("SELECT count(*) FROM blocks WHERE doc_id IN ('raced', 'second')"), "6");
  EXPECT_EQ(Query("SELECT count(*) FROM documents WHERE tsv @@ to_tsquery('simple', 'plums')"),
            "1");
}

TEST_F(PostgresStoreTest, MigratesVersionTwoDroppingTheUnusedIndexes) {
  {
    auto store = PostgresStore::Open(Options());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->Write(MakeArticle("old", "Old", {"an older body about figs"})).ok());
    ASSERT_TRUE((*store)->Commit().ok());
  }
  // Back to what schema 2 left: its two extra indexes, the index over the tsvector, no search
  // index of the store's own, and no record of steps 3 to 6.
  Query(
      "CREATE INDEX documents_site ON documents (site, published_unix); "
      "CREATE INDEX authors_name ON authors (lower(name)); "
      "DROP TABLE search_postings, search_segments, search_words; "
      "CREATE INDEX documents_tsv ON documents USING gin (tsv); "
      "DELETE FROM newspipe_schema WHERE version >= 3; SELECT 1");
  EXPECT_EQ(Query("SELECT max(version) FROM newspipe_schema"), "2");
  auto store = PostgresStore::Open(Options());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(Query("SELECT max(version) FROM newspipe_schema"),
            std::to_string(PostgresSchemaVersion()));
  EXPECT_EQ(Query("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND "
                  "indexname IN ('documents_site', 'authors_name')"),
            "0");
  ASSERT_TRUE((*store)->Write(MakeArticle("new", "New", {"a newer body about figs"})).ok());
  ASSERT_TRUE((*store)->Commit().ok());
  SearchQuery q;
  q.text = "figs";
  q.author = "ann";
  auto hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_EQ(hits->size(), 2u);
}

TEST_F(PostgresStoreTest, MigratesVersionThreeThroughTheWordHashesToTheSearchIndex) {
  {
    auto store = PostgresStore::Open(Options());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (int i = 0; i < 1500; ++i) {  // more than one round of each backfill.
      const std::string n = std::to_string(i);
      ASSERT_TRUE((*store)
                      ->Write(MakeArticle("doc-" + n, "Title " + n, {"Body " + n + " about figs"}))
                      .ok());
    }
    ASSERT_TRUE((*store)->Write(MakeArticle("empty", "", {})).ok());
    ASSERT_TRUE((*store)->Commit().ok());
  }
  SearchQuery q;
  q.text = "figs";
  q.limit = 2000;
  auto written = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  // Back to what schema 3 left: the index over the tsvector, no word hashes, no search index of
  // the store's own, no steps 4 to 6; one row with a tsvector the server made (schema 1), whose
  // lexemes keep their compounds.
  Query(
      "DROP TABLE search_postings, search_segments, search_words; "
      "CREATE INDEX documents_tsv ON documents USING gin (tsv); "
      "UPDATE documents SET text = 'well-known plums', tsv = to_tsvector('simple', "
      "'well-known plums') WHERE id = 'doc-7'; "
      "DELETE FROM newspipe_schema WHERE version >= 4; SELECT 1");
  auto store = PostgresStore::Open(Options());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(Query("SELECT max(version) FROM newspipe_schema"),
            std::to_string(PostgresSchemaVersion()));
  // Step 6: the word hashes and their index are gone; the segments hold every document.
  EXPECT_EQ(Query("SELECT count(*) FROM pg_attribute WHERE attrelid = 'documents'::regclass AND "
                  "attname = 'word_hashes' AND NOT attisdropped"),
            "0");
  EXPECT_EQ(Query("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND "
                  "indexname = 'documents_words'"),
            "0");
  EXPECT_EQ(Query("SELECT sum(docs) FROM search_segments"), "1501");
  EXPECT_EQ(Query("SELECT min(lo) || '-' || max(hi) FROM search_segments"),
            Query("SELECT min(doc_no) || '-' || max(doc_no) FROM documents"));
  // The same hits, minus doc-7, whose text and tsvector (the server's) now say other things.
  auto hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_EQ(hits->size(), 1499u);
  for (const char* text : {"plums", "well-known", "well", "plu*", "well-kn*"}) {
    q.text = text;
    hits = SearchPostgres(Dsn(), q);
    ASSERT_TRUE(hits.ok()) << hits.status().ToString();
    ASSERT_EQ(hits->size(), 1u) << text;
    EXPECT_EQ((*hits)[0].id, "doc-7");
  }
  // Rewriting doc-7 puts its words in a new segment; the old posting is no hit any more.
  Query("UPDATE documents SET content_hash = '' WHERE id = 'doc-7'; SELECT 1");
  ASSERT_TRUE((*store)->Write(MakeArticle("doc-7", "Title 7", {"Body 7 about figs"})).ok());
  ASSERT_TRUE((*store)->Commit().ok());
  q.text = "figs";
  hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_EQ(hits->size(), written->size());
  q.text = "plums";
  hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_TRUE(hits->empty());
}

TEST_F(PostgresStoreTest, SearchFindsDocumentsThroughTheSearchIndexWithoutFalseHits) {
  // Two words whose index keys collide (pinned in postgres_lexemes_test.cc).
  ASSERT_EQ(PostgresWordHash("w18676"), PostgresWordHash("w34583"));
  auto store = PostgresStore::Open(Options());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  for (int i = 0; i < 300; ++i) {
    const std::string n = std::to_string(i);
    ASSERT_TRUE(
        (*store)->Write(MakeArticle("doc-" + n, "Title " + n, {"Body " + n + " about figs"})).ok());
  }
  ASSERT_TRUE(
      (*store)->Write(MakeArticle("holder", "Holder", {"It says w18676 twice: w18676."})).ok());
  ASSERT_TRUE((*store)->Commit().ok());

  SearchQuery q;
  q.text = "w18676";
  auto hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, "holder");
  // The index alone gives the holder for the other word too; its tsvector says no.
  q.text = "w34583";
  hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_TRUE(hits->empty());
  q.text = "holder w34583";
  hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_TRUE(hits->empty());
  q.text = "body 17";
  hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, "doc-17");

  // The matches come from the index, not from a scan of the documents: without it, none.
  Query("DELETE FROM search_postings; SELECT 1");
  q.text = "figs";
  hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_TRUE(hits->empty());
}

TEST_F(PostgresStoreTest, PrefixesGoThroughTheVocabularyOrWalkWhenTheyStandForManyWords) {
  auto store = PostgresStore::Open(Options());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  // 70 words starting "zq" (more than a prefix is looked up for), three starting "quin".
  for (int i = 0; i < 70; ++i) {
    const std::string n = std::to_string(i);
    std::string body = "Body " + n + " about zq" + n;
    if (i < 3) body += " quince" + std::string(i, 's');
    ASSERT_TRUE((*store)->Write(MakeArticle("doc-" + n, "Title " + n, {body})).ok());
  }
  ASSERT_TRUE((*store)->Commit().ok());
  EXPECT_EQ(Query("SELECT count(*) FROM search_words WHERE word LIKE 'quince%'"), "3");
  SearchQuery q;
  q.limit = 100;
  q.text = "quin*";
  EXPECT_EQ(HitIds(q).size(), 3u);
  q.text = "quin* body";  // with a whole word.
  EXPECT_EQ(HitIds(q).size(), 3u);
  q.text = "quincess*";
  EXPECT_EQ(HitIds(q), std::vector<std::string>{"doc-2"});
  q.text = "zq*";  // 70 words: the documents are walked.
  EXPECT_EQ(HitIds(q).size(), 70u);
  q.text = "zz*";  // no word starts so.
  EXPECT_TRUE(HitIds(q).empty());
  // The prefix's words come from the vocabulary: without it, nothing is found.
  Query("DELETE FROM search_words WHERE word LIKE 'quin%'; SELECT 1");
  q.text = "quin*";
  EXPECT_TRUE(HitIds(q).empty());
  // A store sends each word once: rewriting documents with known words adds none.
  Query("DELETE FROM search_words WHERE word = 'about'; SELECT 1");
  ASSERT_TRUE((*store)->Write(MakeArticle("doc-1", "Title 1", {"Body 1 about zq1 again"})).ok());
  ASSERT_TRUE((*store)->Commit().ok());
  EXPECT_EQ(Query("SELECT count(*) FROM search_words WHERE word IN ('about', 'again')"), "1");
}

TEST_F(PostgresStoreTest, ExportWritesWhatTheSqliteExportWritesInPagesOldestFirst) {
  // The same documents into PostgreSQL and SQLite; more than one page of the PostgreSQL export,
  // several batches (doc_no order is write order).
  testing::TempDir dir;
  std::vector<v1::Document> docs;
  for (int i = 0; i < 1100; ++i) {
    const std::string n = std::to_string(i);
    docs.push_back(MakeArticle("doc-" + n, "Title, \"quoted\" " + n, {"Body " + n, "More\ntext"}));
  }
  ASSERT_NO_FATAL_FAILURE(StoreInBoth(docs, 300, dir.path() / "news.db"));
  auto db = StoreDb::Open(dir.path() / "news.db", {.read_only = true});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  std::vector<std::string> pg_lines, sqlite_lines;
  ASSERT_TRUE(
      ExportPostgresJson(Dsn(), [&](std::string_view l) { pg_lines.emplace_back(l); }).ok());
  ASSERT_TRUE(
      ExportDocumentsJson(**db, [&](std::string_view l) { sqlite_lines.emplace_back(l); }).ok());
  ASSERT_EQ(pg_lines.size(), 1100u);
  // The same lines.
  std::vector<std::string> pg_sorted = pg_lines, sqlite_sorted = sqlite_lines;
  std::sort(pg_sorted.begin(), pg_sorted.end());
  std::sort(sqlite_sorted.begin(), sqlite_sorted.end());
  EXPECT_EQ(pg_sorted, sqlite_sorted);
  // Oldest first: the first batch's 300 documents come before any later one. (Inside a batch,
  // whose parts are written at once over several connections, the order is the parts'.)
  auto batch_of = [](std::string_view line, std::string_view before) {
    size_t at = line.find(before);
    if (at == std::string_view::npos) return -1;
    return std::atoi(std::string(line.substr(at + before.size(), 6)).c_str()) / 300;
  };
  for (size_t i = 0; i < 300; ++i) {
    ASSERT_EQ(batch_of(pg_lines[i], "\"id\":\"doc-"), 0) << i << ": " << pg_lines[i];
  }
  std::string csv;
  ASSERT_TRUE(ExportPostgresCsv(Dsn(), [&](std::string_view l) { csv += l; }).ok());
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\r'), 1100);
  EXPECT_EQ(csv.rfind("doc-", 0), 0u) << csv.substr(0, 80);
  EXPECT_EQ(batch_of(csv.substr(0, 16), "doc-"), 0) << csv.substr(0, 80);
  EXPECT_NE(csv.find("\"Title, \"\"quoted\"\" 7\""), std::string::npos);  // RFC 4180 quoting.
  EXPECT_NE(csv.find(",Ann Writer,"), std::string::npos);
  // A server that is not there is an error, not an empty export.
  auto down = ExportPostgresJson("host=/nonexistent-dir dbname=x connect_timeout=1",
                                 [](std::string_view) {});
  EXPECT_TRUE(down.IsUnavailable()) << down.ToString();
}

TEST_F(PostgresStoreTest, ShowLoadsWhatTheSqliteShowLoads) {
  testing::TempDir dir;
  auto a = MakeArticle("seoul-1", "Envoy arrives in Seoul",
                       {"The envoy met officials in Seoul on Wednesday.", "Talks continue."});
  auto copy = a;  // a near-duplicate on another site.
  copy.set_id("seoul-copy");
  copy.mutable_fetch()->set_url("https://mirror.example/seoul");
  ASSERT_NO_FATAL_FAILURE(StoreInBoth({a, copy}, 2, dir.path() / "news.db"));
  auto db = StoreDb::Open(dir.path() / "news.db", {.read_only = true});
  ASSERT_TRUE(db.ok()) << db.status().ToString();

  auto pg = LoadPostgresDocument(Dsn(), "seoul-1");
  auto lite = LoadDocument(**db, "seoul-1");
  ASSERT_TRUE(pg.ok()) << pg.status().ToString();
  ASSERT_TRUE(lite.ok()) << lite.status().ToString();
  EXPECT_EQ(pg->title, lite->title);
  EXPECT_EQ(pg->text, lite->text);
  EXPECT_EQ(pg->doc_json, lite->doc_json);
  EXPECT_EQ(pg->authors, lite->authors);
  EXPECT_EQ(pg->quotes, lite->quotes);
  EXPECT_EQ(pg->captions, lite->captions);
  ASSERT_EQ(pg->blocks.size(), lite->blocks.size());
  for (size_t i = 0; i < pg->blocks.size(); ++i) {
    EXPECT_EQ(pg->blocks[i].text, lite->blocks[i].text);
    EXPECT_EQ(pg->blocks[i].boilerplate, lite->blocks[i].boilerplate);
    EXPECT_EQ(pg->blocks[i].rule, lite->blocks[i].rule);
  }
  ASSERT_EQ(pg->duplicates.size(), 1u);
  EXPECT_EQ(pg->duplicates[0].id, "seoul-copy");
  EXPECT_EQ(pg->duplicates[0].distance, 0);
  // A unique prefix is enough; an ambiguous one or none is an error that says so.
  auto prefixed = LoadPostgresDocument(Dsn(), "seoul-c");
  ASSERT_TRUE(prefixed.ok()) << prefixed.status().ToString();
  EXPECT_EQ(prefixed->id, "seoul-copy");
  auto ambiguous = LoadPostgresDocument(Dsn(), "seoul");
  EXPECT_EQ(ambiguous.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(ambiguous.status().message().find("more than one"), std::string::npos);
  EXPECT_TRUE(LoadPostgresDocument(Dsn(), "tokyo").status().IsNotFound());
}

TEST_F(PostgresStoreTest, SegmentsMergeWithoutChangingResultsAndDropOldRevisions) {
  PostgresStoreOptions options = Options();
  options.merge_segments = false;  // merged by hand below.
  auto store = PostgresStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  // Nine batches, nine segments; doc-3 is rewritten in the last one without "quinces".
  for (int b = 0; b < 9; ++b) {
    for (int i = 0; i < 10; ++i) {
      const std::string n = std::to_string(b * 10 + i);
      std::string body = "Body " + n + " about figs";
      for (int k = 0; k < i; ++k) body += " pears";
      if (b * 10 + i == 3) body += " quinces";
      ASSERT_TRUE((*store)->Write(MakeArticle("doc-" + n, "Title " + n, {body})).ok());
    }
    if (b == 8) {
      ASSERT_TRUE((*store)->Write(MakeArticle("doc-3", "Title 3", {"Body 3 about figs"})).ok());
    }
    ASSERT_TRUE((*store)->Commit().ok());
  }
  EXPECT_EQ(Query("SELECT count(*) FROM search_segments"), "9");
  auto ranked = [&](const std::string& text) {
    SearchQuery q;
    q.text = text;
    q.limit = 100;
    return HitIds(q);
  };
  const auto figs = ranked("figs"), pears = ranked("figs pears");
  EXPECT_EQ(figs.size(), 90u);
  ASSERT_EQ(pears.size(), 80u);            // doc-3 lost its pears.
  EXPECT_TRUE(ranked("quinces").empty());  // the old revision's posting is checked and dropped.
  pqxx::connection conn(Dsn());
  auto merged = MergeSmallSegments(conn);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(*merged, 9);  // all the small segments, oldest first, within kMaxMergedDocs.
  EXPECT_EQ(Query("SELECT count(*) || ' ' || sum(docs) FROM search_segments"), "1 90");
  EXPECT_EQ(ranked("figs"), figs);
  EXPECT_EQ(ranked("figs pears"), pears);
  EXPECT_TRUE(ranked("quinces").empty());
  auto again = MergeSmallSegments(conn);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);  // one segment: nothing due.
}

TEST_F(PostgresStoreTest, EveryKindOfChildRowRoundTrips) {
  PostgresStoreOptions options = Options();
  options.keep_raw = true;
  auto store = PostgresStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto doc = MakeArticle("kids", "Kids", {"a body"});
  doc.mutable_blocks(0)->set_score(-2.75f);
  auto* error = doc.add_errors();
  error->set_stage("extract");
  error->set_code("no_date");
  error->set_message("tab\there, quote ' and \\ backslash");
  error->set_unix_ms(1700000000123);
  error->set_fatal(true);
  doc.mutable_fetch()->set_raw(std::string("<p>\0\xff\x01 raw</p>", 14));
  doc.mutable_fetch()->set_content_type("text/html");
  doc.mutable_fetch()->set_charset("utf-8");
  ASSERT_TRUE((*store)->Write(doc).ok());
  ASSERT_TRUE((*store)->Commit().ok());
  EXPECT_EQ(Query("SELECT score FROM blocks WHERE doc_id = 'kids' AND idx = 0"), "-2.75");
  EXPECT_EQ(Query("SELECT boilerplate FROM blocks WHERE doc_id = 'kids' ORDER BY idx DESC LIMIT 1"),
            "t");
  EXPECT_EQ(Query("SELECT concat_ws('|', stage, code, message, unix_ms, fatal) FROM errors WHERE "
                  "doc_id = 'kids'"),
            "extract|no_date|tab\there, quote ' and \\ backslash|1700000000123|t");
  EXPECT_EQ(Query("SELECT error_count FROM documents WHERE id = 'kids'"), "1");
  EXPECT_EQ(Query("SELECT encode(raw, 'hex') || ' ' || content_type || ' ' || charset FROM "
                  "raw_pages WHERE doc_id = 'kids'"),
            "3c703e00ff01207261773c2f703e text/html utf-8");
  EXPECT_EQ(Query("SELECT name FROM authors WHERE doc_id = 'kids'"), "Ann Writer");
  EXPECT_EQ(Query("SELECT concat_ws('|', speaker, block_index) FROM quotes WHERE doc_id = 'kids'"),
            "Biegun|" + Query("SELECT block_index FROM quotes WHERE doc_id = 'kids'"));
}

TEST_F(PostgresStoreTest, HostileTextAndNearDuplicates) {
  auto store = PostgresStore::Open(Options());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::string body;
  for (int i = 0; i < 600; ++i) body += "word" + std::to_string(i * 7919 % 1000) + " ";
  std::string copy = body;
  copy.replace(copy.find("word", 3000), 4, "text");
  auto a = MakeArticle("a", "Robert'); DROP TABLE documents;--", {body});
  auto b = MakeArticle("b", std::string("nul\0byte \xff title", 16), {copy});
  ASSERT_TRUE((*store)->Write(a).ok());
  ASSERT_TRUE((*store)->Write(b).ok());
  ASSERT_TRUE((*store)->Commit().ok());
  EXPECT_EQ(Query("SELECT title FROM documents WHERE id = 'a'"), a.metadata().title());
  EXPECT_EQ(Query("SELECT count(DISTINCT story_id) FROM documents"), "1");
  // NUL dropped, invalid UTF-8 replaced by U+FFFD.
  EXPECT_EQ(Query("SELECT title FROM documents WHERE id = 'b'"), "nulbyte \xEF\xBF\xBD title");

  // COPY's own escapes (backslash, tab, newline, carriage return, a literal \N) stay data.
  const std::string tricky = "back\\slash\ttab\nnew line\r\\N end\\";
  auto c = MakeArticle("c\tid", tricky, {tricky});
  c.mutable_metadata()->set_site_name("\\N");
  ASSERT_TRUE((*store)->Write(c).ok());
  ASSERT_TRUE((*store)->Commit().ok());
  EXPECT_EQ(Query("SELECT title FROM documents WHERE id = E'c\\tid'"), tricky);
  EXPECT_EQ(Query("SELECT site FROM documents WHERE id = E'c\\tid'"), "\\N");
  EXPECT_EQ(Query("SELECT count(*) FROM documents WHERE id = E'c\\tid' AND published_unix = "
                  "1594182780 AND tsv @@ to_tsquery('simple', 'slash & end')"),
            "1");

  // An id with a NUL byte and invalid UTF-8 is stored as the text would be, and written again
  // unchanged it is found as the same row.
  const std::string odd_id("odd\0id\xff", 7);
  for (int round = 0; round < 2; ++round) {
    ASSERT_TRUE((*store)->Write(MakeArticle(odd_id, "Odd", {"odd body"})).ok());
    ASSERT_TRUE((*store)->Commit().ok());
    EXPECT_EQ((*store)->last_changed(), round == 0 ? 1u : 0u);
  }
  EXPECT_EQ(Query("SELECT count(*) || ' ' || max(revision) FROM documents WHERE id = "
                  "'oddid\xEF\xBF\xBD'"),
            "1 1");
  EXPECT_EQ(Query("SELECT count(*) FROM blocks WHERE doc_id = 'oddid\xEF\xBF\xBD'"), "3");
}

TEST_F(PostgresStoreTest, ServerDownAtStartFailsCommitsWithoutLosingTheStage) {
  PostgresStoreOptions o = Options();
  o.dsn = "host=/nonexistent-newspipe-socket-dir dbname=none";
  o.connect_attempts = 2;
  auto store = PostgresStore::Open(o);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->Write(MakeArticle("x", "X", {"x"})).ok());
  Status st = (*store)->Commit();
  EXPECT_TRUE(st.IsUnavailable()) << st.ToString();
  EXPECT_NE(st.message().find("after 2 attempts"), std::string::npos) << st.ToString();
}

TEST_F(PostgresStoreTest, ReconnectsAfterTheConnectionIsKilled) {
  PostgresStoreOptions options = Options("newspipe-victim");
  options.merge_segments = false;  // the writer's is the one session to drop.
  auto store = PostgresStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->Write(MakeArticle("one", "One", {"first"})).ok());
  ASSERT_TRUE((*store)->Commit().ok());
  // The server drops the store's session, as on a restart or failover.
  EXPECT_EQ(Query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                  "WHERE application_name = 'newspipe-victim'"),
            "1");
  ASSERT_TRUE((*store)->Write(MakeArticle("two", "Two", {"second"})).ok());
  Status st = (*store)->Commit();
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(Query("SELECT string_agg(id, ',' ORDER BY id) FROM documents"), "one,two");
}

}  // namespace
}  // namespace newspipe

namespace newspipe {
namespace {

TEST_F(PostgresStoreTest, SearchRanksFiltersHighlightsAndCollapses) {
  auto store = PostgresStore::Open(Options());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto a = MakeArticle("seoul-1", "Envoy arrives in Seoul",
                       {"The envoy met officials in Seoul on Wednesday.", "Talks continue."});
  auto b = MakeArticle("tokyo-1", "Markets rally in Tokyo",
                       {"Shares rose in Tokyo as exporters gained; the envoy's visit helped."});
  b.mutable_metadata()->clear_authors();
  b.mutable_metadata()->add_authors("Bob Reporter");
  auto c = a;  // a copy on another site: the same story.
  c.set_id("seoul-copy");
  c.mutable_fetch()->set_url("https://mirror.example/seoul");
  for (auto* d : {&a, &b, &c}) ASSERT_TRUE((*store)->Write(*d).ok());
  ASSERT_TRUE((*store)->Commit().ok());

  SearchQuery q;
  q.text = "envoy";
  auto hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 3u);
  EXPECT_NE((*hits)[0].id, "tokyo-1");  // title matches rank first.
  EXPECT_NE((*hits)[0].snippet.find("[envoy]"), std::string::npos) << (*hits)[0].snippet;
  EXPECT_EQ((*hits)[0].story_size, 2);
  EXPECT_EQ((*hits)[0].authors, std::vector<std::string>{"Ann Writer"});

  q.collapse = true;
  hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_EQ(hits->size(), 2u);

  q.collapse = false;
  q.author = "bob";
  hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, "tokyo-1");

  q.author = "";
  q.text = "expo* tokyo";  // a prefix and a word.
  hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 1u);

  q.text = "expo*";  // a prefix alone: no index keys, the documents are scanned.
  hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, "tokyo-1");

  q.text = "o'brien \"); DROP TABLE documents; --";  // hostile text stays data.
  hits = SearchPostgres(Dsn(), q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_TRUE(hits->empty());
  EXPECT_EQ(Query("SELECT count(*) FROM documents"), "3");
}

TEST_F(PostgresStoreTest, RankWindowRanksTheNewestMatchesAndFallsBackForFilters) {
  auto store = PostgresStore::Open(Options());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto a = MakeArticle("seoul-1", "Envoy arrives in Seoul",
                       {"The envoy met officials in Seoul on Wednesday.", "Talks continue."});
  auto b = MakeArticle("tokyo-1", "Markets rally in Tokyo",
                       {"Shares rose in Tokyo as exporters gained; the envoy's visit helped."});
  b.mutable_source()->set_site("other.example");
  b.mutable_fetch()->set_url("https://other.example/tokyo-1");
  b.mutable_metadata()->clear_authors();
  b.mutable_metadata()->add_authors("Bob Reporter");
  b.mutable_metadata()->mutable_published()->set_unix_seconds(1594282780);  // a day later.
  // One batch each, so tokyo-1 is the newer document (the higher doc_no).
  ASSERT_TRUE((*store)->Write(a).ok());
  ASSERT_TRUE((*store)->Commit().ok());
  ASSERT_TRUE((*store)->Write(b).ok());
  ASSERT_TRUE((*store)->Commit().ok());
  auto ids = [&](const SearchQuery& q) { return HitIds(q); };
  using Ids = std::vector<std::string>;

  SearchQuery q;
  q.text = "envoy";
  EXPECT_EQ(ids(q), (Ids{"seoul-1", "tokyo-1"}));  // the window holds both: the title ranks first.
  q.rank_window = 1;                               // only the newest match is ranked.
  EXPECT_EQ(ids(q), Ids{"tokyo-1"});
  q.text = "envo*";  // a prefix alone walks the documents newest first as well.
  EXPECT_EQ(ids(q), Ids{"tokyo-1"});
  q.text = "talks";  // the only match, older than the newest document: the window holds it.
  EXPECT_EQ(ids(q), Ids{"seoul-1"});
  q.text = "envoy";

  // Filters leave no hit among the newest: every match is ranked instead.
  q.site = "news.example";
  EXPECT_EQ(ids(q), Ids{"seoul-1"});
  q.site = "";
  q.author = "ann";
  EXPECT_EQ(ids(q), Ids{"seoul-1"});
  q.author = "";
  q.until_unix = 1594182780;
  EXPECT_EQ(ids(q), Ids{"seoul-1"});
  q.until_unix.reset();
  q.since_unix = 1594182781;  // only the newest match passes.
  EXPECT_EQ(ids(q), Ids{"tokyo-1"});
  q.since_unix.reset();
  q.site = "nowhere.example";  // no hit at all, windowed or not.
  EXPECT_TRUE(ids(q).empty());
  q.site = "";

  // Collapsing with fewer hits than the limit among the newest: every match is ranked.
  q.collapse = true;
  EXPECT_EQ(ids(q), (Ids{"seoul-1", "tokyo-1"}));
  q.collapse = false;
  q.rank_window = 0;  // every match ranked.
  EXPECT_EQ(ids(q), (Ids{"seoul-1", "tokyo-1"}));
}
}  // namespace
}  // namespace newspipe
