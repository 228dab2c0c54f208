#include "stages/store/sqlite_store.h"

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include <gtest/gtest.h>

#include "stages/store/sqlite_fts_writer.h"
#include "stages/store/sqlite_schema.h"
#include "stages/store/sqlite_search.h"
#include "stages/store/store_db.h"
#include "stages/store/stored_document.h"
#include "tests/stages/store/test_documents.h"

namespace newspipe {
namespace {

using testing::MakeArticle;
using testing::TempDir;

std::unique_ptr<SqliteStore> OpenStore(const std::filesystem::path& path) {
  SqliteStoreOptions options;
  options.path = path;
  auto store = SqliteStore::Open(options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

// Reads one integer or text with the plain SQLite API, independent of the store's code.
std::string QueryText(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  std::string out = "<error>";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
    out = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0)
              ? reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))
              : "";
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

// The sum of an integer query over every index shard file of the store at `path`.
int64_t IndexSum(const std::filesystem::path& path, const std::string& sql) {
  int64_t sum = 0;
  for (int k = 0; k < kMaxFtsShards; ++k) {
    if (!std::filesystem::exists(SqliteFtsPath(path, k))) continue;
    sum += std::stoll(QueryText(SqliteFtsPath(path, k), sql));
  }
  return sum;
}

// FTS5's own consistency check of every index shard file.
void ExpectIndexIntact(const std::filesystem::path& path) {
  for (int k = 0; k < kMaxFtsShards; ++k) {
    if (!std::filesystem::exists(SqliteFtsPath(path, k))) continue;
    auto db = StoreDb::Open(SqliteFtsPath(path, k));
    ASSERT_TRUE(db.ok());
    EXPECT_TRUE(
        (*db)->Exec("INSERT INTO documents_fts(documents_fts) VALUES('integrity-check')").ok())
        << "shard " << k;
  }
}

TEST(SqliteStoreTest, StoresDocumentWithBlocksAndMetadata) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  auto store = OpenStore(path);
  ASSERT_NE(store, nullptr);
  auto doc = MakeArticle("doc-1", "Envoy visits Seoul", {"First paragraph.", "Second one."});
  doc.add_errors()->set_message("could not parse the date");
  ASSERT_TRUE(store->Write(doc).ok());
  ASSERT_TRUE(store->Commit().ok());

  EXPECT_EQ(QueryText(path, "SELECT title FROM documents WHERE id = 'doc-1'"),
            "Envoy visits Seoul");
  EXPECT_EQ(QueryText(path, "SELECT text FROM documents WHERE id = 'doc-1'"),
            "First paragraph.\n\nSecond one.");
  EXPECT_EQ(QueryText(path, "SELECT published FROM documents"), "2020-07-08T04:33:00Z");
  EXPECT_EQ(QueryText(path, "SELECT published_local FROM documents"), "2020-07-08T13:33:00+09:00");
  EXPECT_EQ(QueryText(path, "SELECT agency || '|' || dateline || '|' || site FROM documents"),
            "Example Press|SEOUL|news.example");
  EXPECT_EQ(
      QueryText(
          path,
          "SELECT count(*) FROM blocks b JOIN documents d USING (doc_no) WHERE d.id = 'doc-1'"),
      "4");
  EXPECT_EQ(QueryText(path, "SELECT rule FROM blocks WHERE boilerplate = 1"), "promo-footer");
  EXPECT_EQ(QueryText(path, "SELECT name FROM authors"), "Ann Writer");
  EXPECT_EQ(QueryText(path, "SELECT speaker FROM quotes"), "Biegun");
  EXPECT_EQ(QueryText(path, "SELECT credit FROM captions"), "Photo Agency");
  EXPECT_EQ(QueryText(path, "SELECT message FROM errors"), "could not parse the date");
  EXPECT_EQ(QueryText(path, "SELECT json_extract(doc_json, '$.title') FROM documents"),
            "Envoy visits Seoul");
  EXPECT_EQ(QueryText(path, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(QueryText(path, "SELECT count(*) FROM raw_pages"), "0");  // keep_raw is off.
}

TEST(SqliteStoreTest, UpsertIsIdempotentAndCountsRevisions) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  auto store = OpenStore(path);
  ASSERT_NE(store, nullptr);
  auto doc = MakeArticle("doc-1", "Title", {"Original body about apples."});
  ASSERT_TRUE(store->Write(doc).ok());
  ASSERT_TRUE(store->Commit().ok());
  // The same content again (a resend after a crash, or a re-run): no new row, no new revision,
  // even though fetch timing differs.
  doc.mutable_fetch()->set_fetched_unix_ms(123456);
  ASSERT_TRUE(store->Write(doc).ok());
  ASSERT_TRUE(store->Commit().ok());
  EXPECT_EQ(QueryText(path, "SELECT count(*) || '/' || max(revision) FROM documents"), "1/1");
  EXPECT_EQ(store->unchanged(), 1u);

  // A change: revision 2, and the full-text index follows the new body.
  auto changed = MakeArticle("doc-1", "Title", {"Revised body about oranges."});
  ASSERT_TRUE(store->Write(changed).ok());
  ASSERT_TRUE(store->Commit().ok());
  EXPECT_EQ(QueryText(path, "SELECT count(*) || '/' || max(revision) FROM documents"), "1/2");
  EXPECT_EQ(QueryText(path, "SELECT count(*) FROM blocks"), "3");
  // The index commits behind the acked batches; FlushIndex() makes it current.
  ASSERT_TRUE(store->FlushIndex().ok());
  EXPECT_EQ(IndexSum(path, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'apples'"),
            0);
  EXPECT_EQ(
      IndexSum(path, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'oranges'"), 1);
  store.reset();
  // The index is consistent with its own content.
  ExpectIndexIntact(path);
}

TEST(SqliteStoreTest, UncommittedBatchIsNotStored) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  {
    auto store = OpenStore(path);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->Write(MakeArticle("a", "A", {"alpha"})).ok());
    ASSERT_TRUE(store->Commit().ok());
    ASSERT_TRUE(store->Write(MakeArticle("b", "B", {"beta"})).ok());
    // Destroyed before Commit: "b" was never acked, so it must not be there either.
  }
  EXPECT_EQ(QueryText(path, "SELECT group_concat(id) FROM documents"), "a");
}

TEST(SqliteStoreTest, KeepsRawPageWhenAsked) {
  TempDir dir;
  SqliteStoreOptions options;
  options.path = dir.path() / "news.db";
  options.keep_raw = true;
  auto store = SqliteStore::Open(options);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Write(MakeArticle("a", "A", {"alpha"})).ok());
  ASSERT_TRUE((*store)->Commit().ok());
  EXPECT_EQ(
      QueryText(options.path,
                "SELECT raw FROM raw_pages r JOIN documents d USING (doc_no) WHERE d.id = 'a'"),
      "<html><p>A</p></html>");
}

TEST(SqliteStoreTest, RefusesCorruptFileAndLeavesItAlone) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  const std::string garbage(8192, 'x');
  std::ofstream(path, std::ios::binary) << garbage;
  SqliteStoreOptions options;
  options.path = path;
  auto store = SqliteStore::Open(options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kCorruption);
  EXPECT_NE(store.status().message().find(path.string()), std::string::npos)
      << store.status().message();
  EXPECT_NE(store.status().message().find("not a database"), std::string::npos)
      << store.status().message();
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), garbage);
}

TEST(SqliteStoreTest, ReadOnlyDirectoryIsAClearError) {
  TempDir dir;
  const auto ro = dir.path() / "ro";
  std::filesystem::create_directory(ro);
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all |
                                               std::filesystem::perms::group_exec |
                                               std::filesystem::perms::others_exec);
  std::filesystem::permissions(
      ro, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec |
              std::filesystem::perms::group_read | std::filesystem::perms::group_exec |
              std::filesystem::perms::others_read | std::filesystem::perms::others_exec);
  SqliteStoreOptions options;
  options.path = ro / "news.db";
  // Permissions do not bind root: check as an unprivileged user in a child process.
  const bool as_root = ::geteuid() == 0;
  pid_t pid = as_root ? ::fork() : 0;
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (as_root && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    auto store = SqliteStore::Open(options);
    bool good = !store.ok() && store.status().code() == Status::Code::kIoError &&
                store.status().message().find(ro.string()) != std::string::npos;
    if (as_root) ::_exit(good ? 0 : 1);
    EXPECT_TRUE(good) << store.status().ToString();
    return;
  }
  int wstatus = 0;
  ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFEXITED(wstatus));
  if (WEXITSTATUS(wstatus) == 3) GTEST_SKIP() << "cannot switch to an unprivileged user";
  EXPECT_EQ(WEXITSTATUS(wstatus), 0);
  EXPECT_FALSE(std::filesystem::exists(options.path));
}

TEST(SqliteStoreTest, FullDatabaseFailsCommitAndKeepsEarlierBatches) {
  TempDir dir;
  SqliteStoreOptions options;
  options.path = dir.path() / "news.db";
  options.max_bytes = 512 * 1024;
  auto opened = SqliteStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto& store = *opened;
  ASSERT_TRUE(store->Write(MakeArticle("first", "First", {"small"})).ok());
  ASSERT_TRUE(store->Commit().ok());
  // A batch far larger than the cap: some write or the commit must fail, and then none of the
  // batch may be visible.
  const std::string big(4000, 'z');
  bool failed = false;
  Status last;
  for (int i = 0; i < 400 && !failed; ++i) {
    Status st = store->Write(
        MakeArticle("big-" + std::to_string(i), "Big", {big + std::to_string(i) + " words here"}));
    if (!st.ok()) {
      failed = true;
      last = st;
    }
  }
  Status commit = store->Commit();
  if (!failed) last = commit;
  EXPECT_FALSE(last.ok());
  EXPECT_FALSE(commit.ok() && !failed);
  EXPECT_EQ(last.code(), Status::Code::kResourceExhausted) << last.ToString();
  EXPECT_NE(last.message().find(options.path.string()), std::string::npos) << last.ToString();
  EXPECT_EQ(QueryText(options.path, "SELECT group_concat(id) FROM documents"), "first");
  // The store keeps working once there is room again.
  ASSERT_TRUE(store->Write(MakeArticle("after", "After", {"small again"})).ok());
  ASSERT_TRUE(store->Commit().ok());
  EXPECT_EQ(QueryText(options.path, "SELECT count(*) FROM documents"), "2");
}

TEST(SqliteStoreTest, NearDuplicatesShareAStory) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  auto store = OpenStore(path);
  ASSERT_NE(store, nullptr);
  std::string body;
  for (int i = 0; i < 600; ++i) body += "word" + std::to_string(i * 7919 % 1000) + " ";
  std::string edited = body;
  edited.replace(edited.find("word"), 4, "WORD");  // case only: same shingles.
  std::string tail_edit = body;  // one word changed: three shingles of 600 differ.
  tail_edit.replace(tail_edit.find("word", 3000), 4, "text");
  std::string other;
  for (int i = 0; i < 120; ++i) other += "term" + std::to_string(i * 104729 % 997) + " ";
  ASSERT_TRUE(store->Write(MakeArticle("a", "Wire story", {body})).ok());
  ASSERT_TRUE(store->Write(MakeArticle("b", "Wire story copy", {edited})).ok());
  ASSERT_TRUE(store->Write(MakeArticle("c", "Wire story extended", {tail_edit})).ok());
  ASSERT_TRUE(store->Write(MakeArticle("d", "Another story", {other})).ok());
  ASSERT_TRUE(store->Commit().ok());
  const std::string story_a = QueryText(path, "SELECT story_id FROM documents WHERE id = 'a'");
  EXPECT_EQ(QueryText(path, "SELECT story_id FROM documents WHERE id = 'b'"), story_a);
  EXPECT_EQ(QueryText(path, "SELECT story_id FROM documents WHERE id = 'c'"), story_a);
  EXPECT_NE(QueryText(path, "SELECT story_id FROM documents WHERE id = 'd'"), story_a);

  auto db = StoreDb::Open(path, {.read_only = true});
  ASSERT_TRUE(db.ok());
  auto shown = LoadDocument(**db, "a");
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  ASSERT_EQ(shown->duplicates.size(), 2u);
  EXPECT_EQ(shown->duplicates[0].id, "b");  // identical fingerprint: closest first.
}

}  // namespace
}  // namespace newspipe

namespace newspipe {
namespace {

// A database written by the first schema (child rows keyed by the text id) is migrated in place:
// every row survives, child rows follow their document's doc_no, and search and show work.
TEST(SqliteStoreTest, MigratesVersionOneDatabase) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  {
    auto db = StoreDb::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec(SqliteMigrationStep(1)).ok());
    ASSERT_TRUE((*db)
                    ->Exec(R"sql(
INSERT INTO documents (doc_no, id, url, title, text, site, content_hash, simhash, story_id,
  first_stored_unix_ms, updated_unix_ms, seen_unix_ms, doc_json)
VALUES (7, 'old-1', 'https://a.example/1', 'Harbour reopens', 'The harbour reopened today.',
        'A', 'h1', 0, 7, 1, 1, 1, '{"id":"old-1"}');
INSERT INTO documents_fts (rowid, title, text)
  VALUES (7, 'Harbour reopens', 'The harbour reopened today.');
INSERT INTO blocks VALUES ('old-1', 0, 'paragraph', 'The harbour reopened today.', 0, 'main', 1, 'p');
INSERT INTO blocks VALUES ('old-1', 1, 'paragraph', 'Subscribe', 1, 'promo', 0, 'p');
INSERT INTO authors VALUES ('old-1', 0, 'Ann Writer');
INSERT INTO quotes VALUES ('old-1', 0, 'We are open', 'Mayor', 0, 'q');
INSERT INTO captions VALUES ('old-1', 0, 'The quay', 'Photo', -1, '');
INSERT INTO errors VALUES ('old-1', 0, 'clean', 'x', 'minor', 5, 0);
INSERT INTO raw_pages VALUES ('old-1', 'text/html', 'utf-8', X'3c703e');
PRAGMA user_version = 1;
)sql")
                    .ok());
  }
  auto store = OpenStore(path);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(QueryText(path, "PRAGMA user_version"), std::to_string(SqliteSchemaVersion()));
  EXPECT_EQ(QueryText(path, "SELECT group_concat(doc_no || ':' || idx || ':' || rule) FROM blocks"),
            "7:0:main,7:1:promo");
  EXPECT_EQ(QueryText(path, "SELECT doc_no FROM raw_pages"), "7");
  // The migrated row still upserts by id: a changed version bumps its revision.
  ASSERT_TRUE(
      store->Write(MakeArticle("old-1", "Harbour reopens again", {"Boats are back."})).ok());
  ASSERT_TRUE(store->Commit().ok());
  EXPECT_EQ(QueryText(path, "SELECT revision || ' ' || doc_no FROM documents"), "2 7");
  store.reset();

  auto db = StoreDb::Open(path, {.read_only = true});
  ASSERT_TRUE(db.ok());
  SearchQuery q;
  q.text = "boats";
  auto hits = SearchDocuments(**db, q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, "old-1");
  q.text = "harbour";
  q.author = "ann";
  hits = SearchDocuments(**db, q);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 1u);
  q.author = "zed";
  hits = SearchDocuments(**db, q);
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty());
  auto shown = LoadDocument(**db, "old-1");
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  EXPECT_EQ(shown->revision, 2);
  EXPECT_EQ(shown->authors, std::vector<std::string>{"Ann Writer"});
  EXPECT_FALSE(shown->blocks.empty());
}

}  // namespace
}  // namespace newspipe

namespace newspipe {
namespace {

int SearchCount(const std::filesystem::path& path, const std::string& text) {
  auto db = StoreDb::Open(path, {.read_only = true});
  if (!db.ok()) return -1;
  SearchQuery q;
  q.text = text;
  auto hits = SearchDocuments(**db, q);
  EXPECT_TRUE(hits.ok()) << hits.status().ToString();
  return hits.ok() ? static_cast<int>(hits->size()) : -1;
}

// A crash after the documents' commit but before the index's: the document is stored and listed
// as pending, the index lacks it. The next open re-indexes it before taking work.
TEST(SqliteStoreTest, ReindexesDocumentsPendingAfterACrashBetweenCommits) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  {
    auto store = OpenStore(path);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->Write(MakeArticle("a", "Alpha", {"A story about lighthouses."})).ok());
    ASSERT_TRUE(store->Write(MakeArticle("b", "Beta", {"A story about ferries."})).ok());
    ASSERT_TRUE(store->Commit().ok());
  }
  EXPECT_EQ(SearchCount(path, "lighthouses"), 1);
  // What the crash leaves: the index lost "a" (and holds an old text of "b"), both pending. They
  // are in different shards (doc_no 1 in shard 1, doc_no 2 in shard 0).
  {
    auto fts1 = StoreDb::Open(SqliteFtsPath(path, 1));
    ASSERT_TRUE(fts1.ok());
    ASSERT_TRUE((*fts1)->Exec("DELETE FROM documents_fts WHERE rowid = 1").ok());
    auto fts = StoreDb::Open(SqliteFtsPath(path));
    ASSERT_TRUE(fts.ok());
    ASSERT_TRUE((*fts)->Exec("UPDATE documents_fts SET text = 'stale words' WHERE rowid = 2").ok());
    auto db = StoreDb::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->Exec("DELETE FROM fts_pending; "
                           "INSERT INTO fts_pending (doc_no) VALUES (1), (2)")
                    .ok());
  }
  EXPECT_EQ(SearchCount(path, "lighthouses"), 0);
  {
    auto store = OpenStore(path);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(QueryText(path, "SELECT count(*) FROM fts_pending"), "0");
  }
  EXPECT_EQ(SearchCount(path, "lighthouses"), 1);
  EXPECT_EQ(SearchCount(path, "ferries"), 1);
  EXPECT_EQ(SearchCount(path, "stale"), 0);
  ExpectIndexIntact(path);
}

// The index commits behind the acked batches. A process killed after its batches were acked, with
// none of their index entries committed, leaves every document listed in fts_pending; the next
// open indexes them all, and a batch never acked is not stored at all.
TEST(SqliteStoreTest, EveryAckedDocumentIsSearchableAfterTheProcessIsKilled) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  { auto store = OpenStore(path); }
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    SqliteStoreOptions options;
    options.path = path;
    options.index_commit_docs = std::numeric_limits<int64_t>::max();
    options.index_commit_interval = std::chrono::hours(1);
    auto store = SqliteStore::Open(options);
    if (!store.ok()) ::_exit(2);
    for (int batch = 0; batch < 3; ++batch) {
      for (int i = 0; i < 20; ++i) {
        const std::string id = fmt::format("acked-{}-{}", batch, i);
        if (!(*store)->Write(MakeArticle(id, "Harbour news", {"The harbour pilots " + id})).ok())
          ::_exit(3);
      }
      if (!(*store)->Commit().ok()) ::_exit(4);
    }
    if (!(*store)->Write(MakeArticle("never-acked", "Lost", {"The harbour lost"})).ok()) ::_exit(5);
    ::_exit(0);  // killed: no destructor, no flush, no commit.
  }
  int wstatus = 0;
  ASSERT_EQ(::waitpid(child, &wstatus, 0), child);
  ASSERT_TRUE(WIFEXITED(wstatus));
  ASSERT_EQ(WEXITSTATUS(wstatus), 0);
  EXPECT_EQ(QueryText(path, "SELECT count(*) FROM documents"), "60");
  EXPECT_EQ(QueryText(path, "SELECT count(*) FROM fts_pending"), "60");
  EXPECT_EQ(IndexSum(path, "SELECT count(*) FROM documents_fts"), 0);
  {
    auto store = OpenStore(path);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(QueryText(path, "SELECT count(*) FROM fts_pending"), "0");
  }
  // Pending rows of both shards were re-indexed, each into its own shard.
  EXPECT_EQ(QueryText(SqliteFtsPath(path, 0), "SELECT count(*) FROM documents_fts"), "30");
  EXPECT_EQ(QueryText(SqliteFtsPath(path, 1), "SELECT count(*) FROM documents_fts"), "30");
  EXPECT_EQ(SearchCount(path, "acked-1-7"), 1);
  EXPECT_EQ(SearchCount(path, "lost"), 0);
}

// A batch that fails rolls back the index's open transaction, which also holds entries of earlier
// acked batches: they are indexed again before the next batch, so search still finds them.
TEST(SqliteStoreTest, AFailedBatchLeavesEarlierBatchesSearchable) {
  TempDir dir;
  SqliteStoreOptions options;
  options.path = dir.path() / "news.db";
  options.max_bytes = 512 * 1024;
  options.index_commit_docs = std::numeric_limits<int64_t>::max();
  options.index_commit_interval = std::chrono::hours(1);
  auto opened = SqliteStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto& store = *opened;
  ASSERT_TRUE(store->Write(MakeArticle("first", "First", {"small lighthouse"})).ok());
  ASSERT_TRUE(store->Commit().ok());
  const std::string big(4000, 'z');
  bool failed = false;
  for (int i = 0; i < 400 && !failed; ++i) {
    failed = !store
                  ->Write(MakeArticle("big-" + std::to_string(i), "Big",
                                      {big + std::to_string(i) + " words here"}))
                  .ok();
  }
  EXPECT_FALSE(store->Commit().ok() && !failed);
  ASSERT_TRUE(store->Write(MakeArticle("after", "After", {"small lighthouse again"})).ok());
  ASSERT_TRUE(store->Commit().ok());
  ASSERT_TRUE(store->FlushIndex().ok());
  EXPECT_EQ(SearchCount(options.path, "lighthouse"), 2);
  EXPECT_EQ(QueryText(options.path, "SELECT count(*) FROM fts_pending"), "0");
}

// A store left alone commits its index within index_commit_interval: search finds an acked
// document without a flush.
TEST(SqliteStoreTest, AQuietStoreCommitsItsIndexSoon) {
  TempDir dir;
  SqliteStoreOptions options;
  options.path = dir.path() / "news.db";
  options.index_commit_interval = std::chrono::milliseconds(50);
  auto opened = SqliteStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  ASSERT_TRUE((*opened)->Write(MakeArticle("a", "Alpha", {"A story about lighthouses."})).ok());
  ASSERT_TRUE((*opened)->Commit().ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (SearchCount(options.path, "lighthouses") != 1 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(SearchCount(options.path, "lighthouses"), 1);
}

// A document that fails half-written (here its author row is refused after its document row went
// in) fails alone: the batch's other documents, before and after it, are stored and indexed
// whole, and none of the failed one is left behind.
TEST(SqliteStoreTest, ADocumentFailingHalfWrittenFailsAlone) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  { auto store = OpenStore(path); }
  {
    auto db = StoreDb::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->Exec("CREATE TRIGGER refuse BEFORE INSERT ON authors WHEN NEW.name = 'Bad' "
                           "BEGIN SELECT RAISE(ABORT, 'refused author'); END")
                    .ok());
  }
  auto store = OpenStore(path);
  ASSERT_NE(store, nullptr);
  auto bad = MakeArticle("bad", "Bad", {"about zebras"});
  bad.mutable_metadata()->set_authors(0, "Bad");
  ASSERT_TRUE(store->Write(MakeArticle("a", "A", {"about zebras and lions"})).ok());
  ASSERT_TRUE(store->Write(MakeArticle("b", "B", {"about zebras and tigers"})).ok());
  Status failed = store->Write(bad);
  EXPECT_FALSE(failed.ok());
  EXPECT_NE(failed.message().find("refused author"), std::string::npos) << failed.ToString();
  ASSERT_TRUE(store->Write(MakeArticle("c", "C", {"about zebras and bears"})).ok());
  ASSERT_TRUE(store->Commit().ok());
  EXPECT_EQ(store->inserted(), 3u);
  // A changed document failing half-written keeps its earlier version whole.
  auto changed_a = MakeArticle("a", "A", {"about giraffes"});
  changed_a.mutable_metadata()->set_authors(0, "Bad");
  EXPECT_FALSE(store->Write(changed_a).ok());
  ASSERT_TRUE(store->Commit().ok());
  store.reset();
  EXPECT_EQ(QueryText(path,
                      "SELECT revision || ' ' || (text LIKE '%zebras%') FROM documents "
                      "WHERE id = 'a'"),
            "1 1");
  EXPECT_EQ(SearchCount(path, "giraffes"), 0);
  EXPECT_EQ(QueryText(path, "SELECT group_concat(id) FROM (SELECT id FROM documents ORDER BY id)"),
            "a,b,c");
  EXPECT_EQ(QueryText(path, "SELECT count(DISTINCT doc_no) FROM blocks"), "3");
  EXPECT_EQ(QueryText(path, "SELECT count(*) FROM authors"), "3");
  EXPECT_EQ(SearchCount(path, "zebras"), 3);
}

// A removed index file is rebuilt from the documents when the store opens.
TEST(SqliteStoreTest, RebuildsAMissingIndexFile) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  {
    auto store = OpenStore(path);
    ASSERT_NE(store, nullptr);
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(store->Write(MakeArticle("d" + std::to_string(i), "T", {"about harbours"})).ok());
      ASSERT_TRUE(store->Commit().ok());
    }
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(SqliteFtsPath(path, 0).string() + suffix);
    std::filesystem::remove(SqliteFtsPath(path, 1).string() + suffix);
  }
  auto db = StoreDb::Open(path, {.read_only = true});
  ASSERT_TRUE(db.ok());
  SearchQuery q;
  q.text = "harbours";
  auto missing = SearchDocuments(**db, q);
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("-fts"), std::string::npos);
  { auto store = OpenStore(path); }
  EXPECT_EQ(SearchCount(path, "harbours"), 3);
}

// A schema 2 database has its index in the main file: migration 3 drops it and the store
// indexes every document into the new file when it opens, so search finds them without a write.
TEST(SqliteStoreTest, MigratesVersionTwoIndexIntoItsOwnFile) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  {
    auto db = StoreDb::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec(SqliteMigrationStep(1)).ok());
    ASSERT_TRUE((*db)->Exec(SqliteMigrationStep(2)).ok());
    ASSERT_TRUE((*db)
                    ->Exec(R"sql(
INSERT INTO documents (doc_no, id, url, title, text, site, content_hash, simhash, story_id,
  first_stored_unix_ms, updated_unix_ms, seen_unix_ms, doc_json)
VALUES (4, 'old-4', 'https://a.example/4', 'Canal drained', 'The canal was drained in spring.',
        'A', 'h4', 0, 4, 1, 1, 1, '{"id":"old-4"}');
INSERT INTO documents_fts (rowid, title, text)
  VALUES (4, 'Canal drained', 'The canal was drained in spring.');
PRAGMA user_version = 2;
)sql")
                    .ok());
  }
  EXPECT_EQ(SearchCount(path, "canal"), 1);  // an old store: its own index, in the main file.
  {
    auto store = OpenStore(path);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(QueryText(path, "SELECT count(*) FROM sqlite_master WHERE name = 'documents_fts'"),
              "0");
    EXPECT_EQ(QueryText(path, "SELECT count(*) FROM fts_pending"), "0");
    // A new document continues after the migrated one.
    ASSERT_TRUE(store->Write(MakeArticle("new", "Canal refilled", {"Water is back."})).ok());
    ASSERT_TRUE(store->Commit().ok());
  }
  EXPECT_EQ(SearchCount(path, "canal"), 2);
  EXPECT_EQ(SearchCount(path, "spring"), 1);
}

}  // namespace
}  // namespace newspipe

namespace newspipe {
namespace {

std::string ShowForm(const ShownDocument& d) {
  std::string out = d.id + "|" + d.url + "|" + d.title + "|" + d.text + "|" + d.published + "|" +
                    d.site + "|" + d.content_hash + "|" + d.doc_json + "|" +
                    std::to_string(d.revision) + "|" + std::to_string(d.story_id);
  for (const auto& a : d.authors) out += "\nauthor " + a;
  for (const auto& [t, s] : d.quotes) out += "\nquote " + t + " / " + s;
  for (const auto& [t, c] : d.captions) out += "\ncaption " + t + " / " + c;
  for (const auto& e : d.errors) out += "\nerror " + e;
  for (const auto& b : d.blocks) {
    out += "\nblock " + std::to_string(b.index) + " " + b.type + " " +
           (b.boilerplate ? "removed " : "kept ") + b.rule + ": " + b.text;
  }
  return out;
}

// Everything `show` and `export` read from the store, for every document.
std::string ReadBack(const std::filesystem::path& path) {
  auto db = StoreDb::Open(path, {.read_only = true});
  EXPECT_TRUE(db.ok());
  if (!db.ok()) return "";
  std::string out;
  for (const char* id : {"v3-1", "v3-2"}) {
    auto d = LoadDocument(**db, id);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    if (d.ok()) out += ShowForm(*d) + "\n";
  }
  EXPECT_TRUE(ExportDocumentsJson(**db, [&](std::string_view l) { (out += l) += '\n'; }).ok());
  EXPECT_TRUE(ExportDocumentsCsv(**db, [&](std::string_view l) { out += l; }).ok());
  return out;
}

// A schema 3 store (blocks, quotes, captions and errors as rows of their own tables) migrates to
// one `parts` value per document row; show and export read back exactly what they read before,
// and the old table names still answer queries.
TEST(SqliteStoreTest, MigratesVersionThreeDatabaseAndReadsBackTheSameDocuments) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  {
    auto db = StoreDb::Open(path);
    ASSERT_TRUE(db.ok());
    for (int v = 1; v <= 3; ++v) ASSERT_TRUE((*db)->Exec(SqliteMigrationStep(v)).ok()) << v;
    ASSERT_TRUE((*db)
                    ->Exec(R"sql(
INSERT INTO documents (doc_no, id, url, title, text, published, site, content_hash, simhash,
  story_id, first_stored_unix_ms, updated_unix_ms, seen_unix_ms, doc_json)
VALUES (1, 'v3-1', 'https://a.example/1', 'Harbour reopens', 'The harbour reopened today.',
        '2020-07-08T04:33:00Z', 'A', 'h1', 0, 1, 1, 1, 1,
        '{"authors":["Ann Writer"],"id":"v3-1","title":"Harbour reopens"}'),
       (2, 'v3-2', 'https://a.example/2', 'Café «ouvert»', 'Le café a rouvert. Ça va.', '', 'B',
        'h2', 0, 2, 1, 1, 1, '{"id":"v3-2","text":"Le café a rouvert. Ça va.","title":"x"}');
INSERT INTO blocks VALUES (1, 0, 'heading', 0, 'title', 2.5, 'h1', 'Harbour reopens');
INSERT INTO blocks VALUES (1, 1, 'paragraph', 0, 'main', 1, 'p', 'The harbour reopened today.');
INSERT INTO blocks VALUES (1, 2, 'paragraph', 1, 'promo', -0.25, 'p', 'Subscribe "now"');
INSERT INTO blocks VALUES (2, 0, 'paragraph', 0, 'main', 0.5, 'p', 'Le café a rouvert. Ça va.');
INSERT INTO authors VALUES (1, 0, 'Ann Writer');
INSERT INTO authors VALUES (1, 1, 'Bo Editor');
INSERT INTO quotes VALUES (1, 0, 'We are open', 'Mayor', 1, 'q');
INSERT INTO quotes VALUES (1, 1, 'Finally', '', -1, '');
INSERT INTO captions VALUES (1, 0, 'The quay', 'Photo', -1, 'https://a.example/q.jpg');
INSERT INTO errors VALUES (2, 0, 'extract', 'date', 'no date found', 5, 0);
INSERT INTO fts_pending (doc_no) VALUES (1), (2);
PRAGMA user_version = 3;
)sql")
                    .ok());
  }
  const std::string before = ReadBack(path);
  ASSERT_NE(before.find("block 2 paragraph removed promo: Subscribe \"now\""), std::string::npos)
      << before;
  { auto store = OpenStore(path); }
  EXPECT_EQ(QueryText(path, "PRAGMA user_version"), std::to_string(SqliteSchemaVersion()));
  EXPECT_EQ(ReadBack(path), before);
  EXPECT_EQ(QueryText(path,
                      "SELECT group_concat(doc_no || ':' || idx || ':' || tag || ':' || "
                      "score || ':' || text, '|') FROM blocks"),
            "1:0:h1:2.5:Harbour reopens|1:1:p:1.0:The harbour reopened today.|"
            "1:2:p:-0.25:Subscribe \"now\"|2:0:p:0.5:Le café a rouvert. Ça va.");
  EXPECT_EQ(QueryText(path, "SELECT image_url || ' ' || block_index FROM captions"),
            "https://a.example/q.jpg -1");
  EXPECT_EQ(QueryText(path, "SELECT group_concat(rule || ':' || block_index) FROM quotes"),
            "q:1,:-1");
  EXPECT_EQ(QueryText(path, "SELECT stage || unix_ms || fatal FROM errors"), "extract50");
  EXPECT_EQ(SearchCount(path, "harbour"), 1);
  EXPECT_EQ(SearchCount(path, "café"), 1);
}

// New documents keep their blocks in the row, kept ones pointing into the body; the `blocks`
// view and `show` give back every block's own text, also around multi-byte characters, blocks
// not found in the body, out of order ones and a score JSON cannot hold.
TEST(SqliteStoreTest, KeepsBlocksInTheRowAndReadsThemBack) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  auto doc = MakeArticle("p-1", "Ünïcode títle",
                         {"Première ligne avec des accents: é, ü, ñ, 日本語.",
                          "Second paragraph, plain ASCII and long enough.", "short"});
  // A kept block found nowhere in the body, and one that comes before the previous in the body.
  auto* odd = doc.add_blocks();
  odd->set_type(v1::LIST_ITEM);
  odd->set_text("A list item that the body does not hold at all");
  odd->set_rule("main-content");
  odd->set_score(std::numeric_limits<double>::quiet_NaN());
  auto* again = doc.add_blocks();
  again->set_type(v1::PARAGRAPH);
  again->set_text("Première ligne avec des accents: é, ü, ñ, 日本語.");
  again->set_tag("p");
  again->set_score(0.25);
  doc.add_errors()->set_message("odd \"quoted\"\n message");
  {
    auto store = OpenStore(path);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->Write(doc).ok());
    ASSERT_TRUE(store->Commit().ok());
  }
  EXPECT_EQ(QueryText(path,
                      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                      "name IN ('blocks', 'quotes', 'captions', 'errors')"),
            "0");
  // The first paragraph is stored as a reference into the body, not as text.
  EXPECT_EQ(QueryText(path, "SELECT instr(parts, 'Première') = 0 FROM documents"), "0");
  EXPECT_EQ(QueryText(path,
                      "SELECT (length(parts) - length(replace(parts, 'Première', ''))) / 8 "
                      "FROM documents"),
            "1");  // once: the out-of-order copy, not found after the cursor.
  auto db = StoreDb::Open(path, {.read_only = true});
  ASSERT_TRUE(db.ok());
  auto shown = LoadDocument(**db, "p-1");
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  ASSERT_EQ(shown->blocks.size(), static_cast<size_t>(doc.blocks_size()));
  for (int i = 0; i < doc.blocks_size(); ++i) {
    EXPECT_EQ(shown->blocks[i].index, i);
    EXPECT_EQ(shown->blocks[i].text, doc.blocks(i).text()) << i;
    EXPECT_EQ(shown->blocks[i].rule, doc.blocks(i).rule()) << i;
    EXPECT_EQ(shown->blocks[i].boilerplate, doc.blocks(i).boilerplate()) << i;
    EXPECT_EQ(shown->blocks[i].type, StoredBlockTypeName(doc.blocks(i).type())) << i;
  }
  EXPECT_EQ(shown->errors, std::vector<std::string>{"/: odd \"quoted\"\n message"});
  ASSERT_EQ(shown->quotes.size(), 1u);
  EXPECT_EQ(shown->quotes[0].second, "Biegun");
  EXPECT_EQ(QueryText(path, "SELECT group_concat(score, ' ') FROM blocks"),
            "0.0 0.0 0.0 0.0 0.0 0.0 0.25");
  EXPECT_EQ(QueryText(path, "SELECT block_index FROM quotes"), "1");
}

// A new store's index is split into shards by doc_no; search finds the documents of every shard
// and ranks them in one list (a title match first, whichever shard holds it).
TEST(SqliteStoreTest, SpreadsDocumentsOverTheShardsAndRanksAcrossThem) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  {
    auto store = OpenStore(path);  // the default: two shards.
    ASSERT_NE(store, nullptr);
    for (int i = 0; i < 40; ++i) {
      const std::string id = fmt::format("d{}", i);
      // "harbour" in every third document (doc_nos 1, 4, 7, ...: both parities), in the title of
      // d3 (doc_no 4, shard 0) and d12 (doc_no 13, shard 1).
      const std::string title =
          (i == 3 || i == 12) ? "Harbour report" : fmt::format("Report {}", i);
      std::string body = fmt::format("Item {} of the day: news number {} and more words {}.", i,
                                     i * 7919, i * 104729);
      if (i % 3 == 0) body += " The harbour was busy.";
      ASSERT_TRUE(store->Write(MakeArticle(id, title, {body})).ok());
      if (i == 19) {
        ASSERT_TRUE(store->Commit().ok());
      }
    }
    ASSERT_TRUE(store->Commit().ok());
  }
  EXPECT_EQ(QueryText(path, "SELECT value FROM store_settings WHERE name = 'index_shards'"), "2");
  EXPECT_EQ(QueryText(SqliteFtsPath(path, 0), "SELECT count(*) FROM documents_fts"), "20");
  EXPECT_EQ(QueryText(SqliteFtsPath(path, 1), "SELECT count(*) FROM documents_fts"), "20");
  EXPECT_EQ(QueryText(SqliteFtsPath(path, 0), "SELECT count(*) FROM documents_fts WHERE rowid % 2"),
            "0");
  ExpectIndexIntact(path);

  auto db = StoreDb::Open(path, {.read_only = true});
  ASSERT_TRUE(db.ok());
  for (int64_t window : {int64_t{0}, int64_t{10000}, int64_t{5}}) {
    SearchQuery q;
    q.text = "harbour";
    q.limit = 100;
    q.rank_window = window;
    auto hits = SearchDocuments(**db, q);
    ASSERT_TRUE(hits.ok()) << hits.status().ToString();
    // With a window of 5, the five newest matches (d39, d36, d33, d30, d27) are ranked.
    ASSERT_EQ(hits->size(), window == 5 ? 5u : 14u) << window;
    for (size_t i = 1; i < hits->size(); ++i) {
      EXPECT_LE((*hits)[i - 1].score, (*hits)[i].score) << i;
    }
    if (window == 5) {
      std::vector<std::string> ids;
      for (const auto& h : *hits) ids.push_back(h.id);
      std::sort(ids.begin(), ids.end());
      EXPECT_EQ(ids, (std::vector<std::string>{"d27", "d30", "d33", "d36", "d39"}));
      continue;
    }
    std::vector<std::string> top = {(*hits)[0].id, (*hits)[1].id};
    std::sort(top.begin(), top.end());
    EXPECT_EQ(top, (std::vector<std::string>{"d12", "d3"})) << window;
    // Each snippet comes from the shard that holds the document.
    for (const auto& h : *hits) {
      EXPECT_NE(h.snippet.find("[harbour]"), std::string::npos) << h.id;
    }
  }
  SearchQuery q;
  q.text = "harbour";
  q.limit = 3;
  auto hits = SearchDocuments(**db, q);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 3u);
  EXPECT_EQ((*hits)[0].title, "Harbour report");
  EXPECT_EQ((*hits)[1].title, "Harbour report");
}

// The shard count is fixed when the database is created: a store opened later with another
// setting keeps writing the shards it has.
TEST(SqliteStoreTest, KeepsTheShardCountTheStoreWasCreatedWith) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  for (int shards : {3, 1}) {
    SqliteStoreOptions options;
    options.path = path;
    options.index_shards = shards;
    auto store = SqliteStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE((*store)
                      ->Write(MakeArticle(fmt::format("s{}-{}", shards, i), "Ferry", {"ferries"}))
                      .ok());
    }
    ASSERT_TRUE((*store)->Commit().ok());
  }
  EXPECT_EQ(QueryText(path, "SELECT value FROM store_settings WHERE name = 'index_shards'"), "3");
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(QueryText(SqliteFtsPath(path, k), "SELECT count(*) FROM documents_fts"), "2") << k;
  }
  EXPECT_EQ(SearchCount(path, "ferries"), 6);
  SqliteStoreOptions bad;
  bad.path = dir.path() / "other.db";
  bad.index_shards = kMaxFtsShards + 1;
  EXPECT_FALSE(SqliteStore::Open(bad).ok());
}

// A store created before the index was split (schema 4) keeps its single index file: no
// migration of the index, new documents go to it, and search works before and after.
TEST(SqliteStoreTest, AStoreWithItsIndexInOneFileKeepsIt) {
  TempDir dir;
  const auto path = dir.path() / "news.db";
  {
    auto db = StoreDb::Open(path);
    ASSERT_TRUE(db.ok());
    for (int v = 1; v <= 4; ++v) ASSERT_TRUE((*db)->Exec(SqliteMigrationStep(v)).ok()) << v;
    ASSERT_TRUE((*db)
                    ->Exec(R"sql(
INSERT INTO documents (doc_no, id, url, title, text, site, content_hash, simhash, story_id,
  first_stored_unix_ms, updated_unix_ms, seen_unix_ms, doc_json, parts)
VALUES (1, 'old-1', 'https://a.example/1', 'Canal drained', 'The canal was drained.', 'A', 'h1',
        0, 1, 1, 1, 1, '{"id":"old-1"}', '{}'),
       (2, 'old-2', 'https://a.example/2', 'Canal closed', 'The canal is closed.', 'A', 'h2',
        0, 2, 1, 1, 1, '{"id":"old-2"}', '{}');
PRAGMA user_version = 4;
)sql")
                    .ok());
    auto fts = StoreDb::Open(SqliteFtsPath(path));
    ASSERT_TRUE(fts.ok());
    ASSERT_TRUE((*fts)
                    ->Exec(R"sql(
CREATE VIRTUAL TABLE documents_fts USING fts5(title, text,
  tokenize='unicode61 remove_diacritics 2');
INSERT INTO documents_fts (rowid, title, text) VALUES (1, 'Canal drained', 'The canal was drained.'),
  (2, 'Canal closed', 'The canal is closed.');
)sql")
                    .ok());
  }
  EXPECT_EQ(SearchCount(path, "canal"), 2);  // read before any store of this build opened it.
  {
    auto store = OpenStore(path);  // asks for two shards: the existing store keeps its one.
    ASSERT_NE(store, nullptr);
    for (int i = 0; i < 4; ++i) {
      ASSERT_TRUE(
          store->Write(MakeArticle(fmt::format("new-{}", i), "Canal news", {"barges"})).ok());
      ASSERT_TRUE(store->Commit().ok());
    }
  }
  EXPECT_EQ(QueryText(path, "PRAGMA user_version"), std::to_string(SqliteSchemaVersion()));
  EXPECT_EQ(QueryText(path, "SELECT value FROM store_settings WHERE name = 'index_shards'"), "1");
  EXPECT_FALSE(std::filesystem::exists(SqliteFtsPath(path, 1)));
  EXPECT_EQ(QueryText(SqliteFtsPath(path), "SELECT count(*) FROM documents_fts"), "6");
  EXPECT_EQ(SearchCount(path, "canal"), 6);
  EXPECT_EQ(SearchCount(path, "barges"), 4);
  EXPECT_EQ(SearchCount(path, "drained"), 1);
  ExpectIndexIntact(path);
}

}  // namespace
}  // namespace newspipe
