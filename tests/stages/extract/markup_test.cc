// JSON-LD, meta tags, titles and bylines through the whole extractor, including hostile input.
#include <gtest/gtest.h>

#include "stages/common/document_json.h"
#include "stages/extract/authors.h"
#include "stages/extract/title.h"
#include "test_docs.h"

namespace newspipe::extract {
namespace {

using testing::AddBlock;
using testing::AddMeta;
using testing::Authors;
using testing::Extract;
using testing::FindProvenance;

TEST(JsonLd, GraphWithNestedAuthorsAndPublisher) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://news.example.com/world/story");
  doc.mutable_signals()->add_json_ld(R"({"@context":"https://schema.org","@graph":[
    {"@type":"WebSite","name":"Example News"},
    {"@type":["NewsArticle"],"headline":"Ferry talks stall in Busan",
     "datePublished":"2021-03-15T10:12:00+09:00","dateModified":"2021-03-15T12:00:00+09:00",
     "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"},
               {"@type":"Organization","name":"Example News Staff"}],
     "publisher":{"@type":"Organization","name":"Example News"},
     "articleSection":"World","keywords":"Korea, shipping","inLanguage":"en"}]})");
  doc.mutable_signals()->set_title_tag("Ferry talks stall in Busan | Example News");
  doc = Extract(doc);
  const auto& m = doc.metadata();
  EXPECT_EQ(m.title(), "Ferry talks stall in Busan");
  EXPECT_EQ(Authors(doc), (std::vector<std::string>{"Jane Doe", "John Roe"}));
  EXPECT_EQ(FormatUtc(m.published()), "2021-03-15T01:12:00Z");
  EXPECT_EQ(FormatLocal(m.published()), "2021-03-15T10:12:00+09:00");
  EXPECT_EQ(FormatUtc(m.modified()), "2021-03-15T03:00:00Z");
  EXPECT_EQ(m.site_name(), "Example News");
  EXPECT_EQ(m.section(), "World");
  ASSERT_EQ(m.tags_size(), 2);
  EXPECT_EQ(m.tags(1), "shipping");
  const v1::Provenance* p = FindProvenance(doc, "published");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->source(), "jsonld");
  const v1::Provenance* a = FindProvenance(doc, "authors");
  ASSERT_NE(a, nullptr);
  ASSERT_GE(a->rejected_size(), 1);
  EXPECT_EQ(a->rejected(0).value(), "Example News Staff");
}

TEST(JsonLd, ArraysStringsAndOddShapes) {
  v1::Document doc;
  doc.mutable_signals()->add_json_ld(
      R"([{"@type":"BreadcrumbList"},{"@type":"Article","headline":["First headline"],
          "author":"By Anna Muster and Max Mustermann","datePublished":{"@value":"2019-05-01"},
          "keywords":["a","b"],"image":{"url":"https://img.example.com/a.jpg"}}])");
  doc = Extract(doc);
  EXPECT_EQ(doc.metadata().title(), "First headline");
  EXPECT_EQ(Authors(doc), (std::vector<std::string>{"Anna Muster", "Max Mustermann"}));
  EXPECT_EQ(FormatUtc(doc.metadata().published()), "2019-05-01T00:00:00Z");
  EXPECT_EQ(doc.metadata().image(), "https://img.example.com/a.jpg");
}

TEST(JsonLd, InvalidJsonIsNotedAndOtherSourcesWin) {
  v1::Document doc;
  doc.mutable_signals()->add_json_ld(R"({"@type":"NewsArticle","headline":"Broken", )");
  doc.mutable_signals()->add_json_ld("\xff\xfe not json at all");
  doc.mutable_signals()->add_json_ld(
      R"({"@type":"NewsArticle","author":42,"datePublished":1594182780000})");
  AddMeta(doc, "og:title", "From OpenGraph", "property");
  AddMeta(doc, "article:published_time", "2021-03-15T01:12:00Z", "property");
  doc = Extract(doc);
  EXPECT_EQ(doc.metadata().title(), "From OpenGraph");
  EXPECT_EQ(FormatUtc(doc.metadata().published()), "2021-03-15T01:12:00Z");
  EXPECT_EQ(doc.metadata().authors_size(), 0);
  const v1::Provenance* p = FindProvenance(doc, "jsonld");
  ASSERT_NE(p, nullptr);
  EXPECT_GE(p->rejected_size(), 2);
}

TEST(MetaTags, GarbageDatesRejectedFieldByField) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://example.com/2018/03/12/some-story");
  AddMeta(doc, "article:published_time", "0000-00-00", "property");
  AddMeta(doc, "date", "yesterday");
  AddMeta(doc, "pubdate", "1594182780000");
  AddMeta(doc, "dc.date", "2199-01-01");
  AddMeta(doc, "publishdate", "1980-01-01");
  doc = Extract(doc);
  EXPECT_EQ(FormatUtc(doc.metadata().published()), "2018-03-12T00:00:00Z");
  const v1::Provenance* p = FindProvenance(doc, "published");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->source(), "url");
  std::vector<std::string> reasons;
  for (const auto& r : p->rejected()) reasons.push_back(r.reason());
  EXPECT_EQ(reasons.size(), 5u);
  EXPECT_EQ(reasons[0], "zero date");
  EXPECT_NE(std::find(reasons.begin(), reasons.end(), "in the future"), reasons.end());
  EXPECT_NE(std::find(reasons.begin(), reasons.end(), "before 1995"), reasons.end());
}

TEST(MetaTags, SiteNameDescriptionImageCanonical) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.example.org/a/b?x=1");
  AddMeta(doc, "og:site_name", "Example Org", "property");
  AddMeta(doc, "og:image", "/img/lead.jpg", "property");
  AddMeta(doc, "description", "A description.");
  v1::LinkTag* l = doc.mutable_signals()->add_links();
  l->set_rel("canonical");
  l->set_href("https://www.example.org/a/b");
  doc.mutable_signals()->set_title_tag("Example Org - The real headline here");
  doc = Extract(doc);
  EXPECT_EQ(doc.metadata().site_name(), "Example Org");
  EXPECT_EQ(doc.metadata().title(), "The real headline here");
  EXPECT_EQ(doc.metadata().image(), "https://www.example.org/img/lead.jpg");
  EXPECT_EQ(doc.metadata().canonical_url(), "https://www.example.org/a/b");
  EXPECT_EQ(doc.metadata().description(), "A description.");
}

TEST(Title, SiteSuffixAndPrefix) {
  EXPECT_EQ(StripSiteName("Talks stall | Reuters", {"Reuters"}, ""), "Talks stall");
  EXPECT_EQ(StripSiteName("BBC News - Talks stall", {"BBC News"}, ""), "Talks stall");
  EXPECT_EQ(StripSiteName("Warum Graz - Tilda.example", {}, "tilda.example"), "Warum Graz");
  EXPECT_EQ(StripSiteName("Reuters", {"Reuters"}, ""), "Reuters");
  TitleInputs in;
  in.h1 = {"Mit Malerin in Graz"};
  in.title_tag = "Auf dem Weg | Mit Malerin in Graz | Hoerlabel";
  in.meta = {{"og", "og:title", "Auf dem Weg | Mit Malerin in Graz"}};
  EXPECT_EQ(ChooseTitle(in).title, "Mit Malerin in Graz");
  TitleInputs site_h1;
  site_h1.h1 = {"Example Blog"};
  site_h1.site_names = {"Example Blog"};
  site_h1.title_tag = "A post about things | Example Blog";
  EXPECT_EQ(ChooseTitle(site_h1).title, "A post about things");
}

TEST(Title, CompoundHyphenAndHeadlineNamingTheSite) {
  // "Feuerwehr- und ...": the hyphen ends a compound, it does not separate the site's name.
  EXPECT_EQ(StripSiteName("Feuerwehr- und Rettungsdienst-Medaillen verliehen", {},
                          "www.stadt-feuerwehr.example"),
            "Feuerwehr- und Rettungsdienst-Medaillen verliehen");
  // A headline that mentions the site is no site name; a capitalised label is.
  EXPECT_EQ(StripSiteName("Outdoornews - Detailreiche Wanderkarten auf Bergbuch.example", {},
                          "www.bergbuch.example"),
            "Outdoornews - Detailreiche Wanderkarten auf Bergbuch.example");
  EXPECT_EQ(StripSiteName("Liebe Leute im Viertel - Gute Nachbarschaft Jetzt! Initiative", {},
                          "www.gute-nachbarschaft-jetzt.example"),
            "Liebe Leute im Viertel");
}

TEST(Title, OnlyH1ContinuingTheMarkupTitleIsTheFullerHeadline) {
  TitleInputs longer;
  longer.h1 = {"Nordwerk Cells erhöht Zellfabrik-Kapazität in Ohio"};
  longer.meta = {
      {"og", "og:title", "Nordwerk Cells erhöht Zellfabrik-Kapazität - Akku-Report.example"}};
  longer.site_names = {"Akku-Report.example"};
  EXPECT_EQ(ChooseTitle(longer).title, "Nordwerk Cells erhöht Zellfabrik-Kapazität in Ohio");
  // A subtitle run on after the markup title, or a kicker before it: the markup title wins.
  TitleInputs subtitle;
  subtitle.h1 = {"Harbor Bakery: Rye Loaves, Warm and Crusty Welcome to the Bread Coast"};
  subtitle.meta = {{"og", "og:title", "Harbor Bakery: Rye Loaves, Warm and Crusty"}};
  EXPECT_EQ(ChooseTitle(subtitle).title, "Harbor Bakery: Rye Loaves, Warm and Crusty");
  TitleInputs kicker;
  kicker.h1 = {"Verkehrswende Unterland: Radvorreiter Unterland?"};
  kicker.meta = {{"og", "og:title", "Radvorreiter Unterland?"}};
  EXPECT_EQ(ChooseTitle(kicker).title, "Radvorreiter Unterland?");
}

TEST(Title, SectionLabelStatedByTheTitleGivesWayToTheLineBeforeTheBody) {
  auto make = [](const std::string& label, const std::string& title_tag) {
    v1::Document doc;
    doc.mutable_signals()->add_h1(label);
    doc.mutable_signals()->set_title_tag(title_tag);
    AddBlock(doc, v1::HEADING, label, false, 1);
    AddBlock(doc, v1::PARAGRAPH, "Lund nears a return to training");
    AddBlock(doc, v1::PARAGRAPH,
             "PORTVALE - Portvale Otters guard Sami Lund could be back in training as soon as "
             "next week, the club said on Thursday after a scan on his ankle.");
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(make("Valley Sports Wire", "Valley Sports Wire"), "Lund nears a return to training");
  EXPECT_EQ(make("Sport", "DAILY SPORT | Sport | Coach dismisses slump talk"),
            "Lund nears a return to training");
  // A topic, not a section: the page is about it.
  EXPECT_EQ(make("Stadtgeschichte", "Stadtgeschichte"), "Stadtgeschichte");
  // A paper's name gives way to a headline of two words too.
  v1::Document sun;
  sun.mutable_signals()->set_title_tag("The Riverton Sun");
  AddBlock(sun, v1::PARAGRAPH, "Riverton Sun");
  AddBlock(sun, v1::PARAGRAPH, "Red-hot challengers");
  AddBlock(sun, v1::PARAGRAPH,
           "The Otters have won five straight and lead the table after a weekend double over "
           "their nearest rivals.");
  EXPECT_EQ(Extract(sun).metadata().title(), "Red-hot challengers");
}

TEST(Title, BlockMatchesATitleThatDropsItsApostrophe) {
  TitleInputs in;
  in.title_tag = "Local Star Mias Broadway Adventure (from The Riverton News)";
  in.block_texts = {"TODAY'S VOTE", "Local star Mia's Broadway adventure"};
  EXPECT_EQ(ChooseTitle(in).title, "Local star Mia's Broadway adventure");
}

TEST(Title, SpacingKeptAndLinkArrowDropped) {
  EXPECT_EQ(
      StripSiteName("Égalité à Sfax : Au-delà des attentes | Le Courrier", {"Le Courrier"}, ""),
      "Égalité à Sfax : Au-delà des attentes");
  v1::Document doc;
  doc.mutable_signals()->set_title_tag("fassadenlabor.example");
  AddBlock(doc, v1::PARAGRAPH, "[> Lena Falk");
  AddBlock(doc, v1::PARAGRAPH,
           "Lena Falk studied design in Leipzig and has built light installations since the "
           "early nineties, first in Leipzig and later around the world.");
  EXPECT_EQ(Extract(doc).metadata().title(), "Lena Falk");
}

TEST(Title, FurnitureHeadingIsNoHeadline) {
  // No <title> to go by (an unterminated one leaves none).
  v1::Document doc;
  AddBlock(doc, v1::HEADING, "news.example Navigation", true, 2)->set_rule("class:share");
  AddBlock(doc, v1::TABLE_CELL, "Stranded sailors video criticised", true);
  AddBlock(doc, v1::PARAGRAPH,
           "The minister has criticised a video showing four sailors held in a foreign port "
           "since spring, calling it hurtful to their relatives.");
  EXPECT_EQ(Extract(doc).metadata().title(), "Stranded sailors video criticised");
}

TEST(Title, SectionNamedAtTheEndOfTheTitleIsNoHeadline) {
  TitleInputs in;
  in.title_tag =
      "Late Rally Lifts the Comets in Dayton - Example Sports Hub - Amateur and Semi-Pro "
      "Sports News";
  in.block_texts = {"Amateur and Semi-Pro Sports News", "Late Rally Lifts the Comets in Dayton"};
  EXPECT_EQ(ChooseTitle(in).title, "Late Rally Lifts the Comets in Dayton");
  // A headline piece that merely ends the title stays one.
  TitleInputs local;
  local.title_tag = "Example Radio News : Latest News : Winter Report: regional papers";
  local.block_texts = {"Winter Report: regional papers"};
  EXPECT_EQ(ChooseTitle(local).title, "Winter Report: regional papers");
}

TEST(Title, SectionLineIsSkippedOnTheWayBackToTheHeadline) {
  auto make = [](const std::string& line) {
    v1::Document doc;
    doc.mutable_signals()->set_title_tag("Kettleby Daily News");
    AddBlock(doc, v1::PARAGRAPH, "Brenlow eyes league scoring title, playoffs");
    AddBlock(doc, v1::PARAGRAPH, line);
    AddBlock(doc, v1::PARAGRAPH,
             "ASHGROVE, Ore. - Dario Brenlow leads the league in goals, but the forward says a "
             "place in the playoffs means far more to him and to his teammates.");
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(make("Football Page Sponsors"), "Brenlow eyes league scoring title, playoffs");
  EXPECT_EQ(make("Get Business and Travel Feeds"), "Brenlow eyes league scoring title, playoffs");
  // A headline that names a section word is still a headline.
  EXPECT_EQ(make("Gadget Show 2011: Example TV Whispers"), "Gadget Show 2011: Example TV Whispers");
}

TEST(Title, KickerFromTheH1IsDropped) {
  std::vector<std::string> parts = {"Climate", "Drilling goes on"};
  EXPECT_EQ(DropKicker("Climate: Drilling goes on", parts), "Drilling goes on");
  EXPECT_EQ(DropKicker("Climate \u2013 Drilling goes on", parts), "Drilling goes on");
  EXPECT_EQ(DropKicker("CLIMATE | Drilling goes on, says minister", parts),
            "Drilling goes on, says minister");
  EXPECT_EQ(DropKicker("Climate Drilling goes on", parts), "Drilling goes on");
  EXPECT_EQ(
      DropKicker("Climate - \u201cDrilling goes on\u201d", {"Climate", "\"Drilling goes on\""}),
      "\u201cDrilling goes on\u201d");
  // Not starting with the kicker, or followed by something other than the headline.
  EXPECT_EQ(DropKicker("Drilling goes on", parts), "");
  EXPECT_EQ(DropKicker("Climately Drilling goes on", parts), "");
  EXPECT_EQ(DropKicker("Climate change is real", parts), "");
  EXPECT_EQ(DropKicker("Climate", parts), "");
  // A lower-case second piece continues the sentence the first began.
  EXPECT_EQ(DropKicker("Row of the year escalates", {"Row", "of the year escalates"}), "");
  EXPECT_EQ(DropKicker("Climate: Drilling goes on", {"Climate"}), "");
}

TEST(Title, KickerDroppedFromTheChosenMarkupTitle) {
  v1::Document doc;
  doc.mutable_fetch()->set_format(v1::Fetch::HTML);
  AddMeta(doc, "og:title", "Climate: Drilling in the north sea goes on");
  doc.mutable_signals()->add_h1("ClimateDrilling in the north sea goes on");
  doc.mutable_signals()->add_h1_parts("Climate");
  doc.mutable_signals()->add_h1_parts("Drilling in the north sea goes on");
  AddBlock(doc, v1::PARAGRAPH,
           "The government said on Monday that drilling in the north sea would go on for years.");
  v1::Document out = Extract(std::move(doc));
  EXPECT_EQ(out.metadata().title(), "Drilling in the north sea goes on");
}

TEST(Bylines, SplittingAndRefusing) {
  auto s = SplitByline("By Jane Doe and John Roe", false);
  EXPECT_EQ(s.people, (std::vector<std::string>{"Jane Doe", "John Roe"}));
  s = SplitByline("Von Anna Muster und Max Mustermann | 08.07.2020", false);
  EXPECT_EQ(s.people, (std::vector<std::string>{"Anna Muster", "Max Mustermann"}));
  s = SplitByline("Par Jean Dupont, AFP", false);
  EXPECT_EQ(s.people, (std::vector<std::string>{"Jean Dupont"}));
  EXPECT_EQ(s.agency, "AFP");
  s = SplitByline("Por María López y José García", false);
  EXPECT_EQ(s.people.size(), 2u);
  s = SplitByline("Reuters Staff", true);
  EXPECT_TRUE(s.people.empty());
  s = SplitByline("Jane Doe, Jane Doe", true);
  EXPECT_EQ(s.people.size(), 1u);
  s = SplitByline(std::string(2000, 'a'), true);
  EXPECT_TRUE(s.people.empty());
  ASSERT_EQ(s.refused.size(), 1u);
  EXPECT_NE(s.refused[0].reason.find("2000"), std::string::npos);
  s = SplitByline("https://www.facebook.com/someone", true);
  EXPECT_TRUE(s.people.empty());
  s = SplitByline("@handle", true);
  EXPECT_TRUE(s.people.empty());
  // What a byline leaves beside the name once its date is cut off.
  s = SplitByline("Lukas Brenner am ", false);
  EXPECT_EQ(s.people, (std::vector<std::string>{"Lukas Brenner"}));
  s = SplitByline("Hanna Weidinger Alle Artikel", false);
  EXPECT_EQ(s.people, (std::vector<std::string>{"Hanna Weidinger"}));
  s = SplitByline("Auteur: Anna Kubista", false);
  EXPECT_EQ(s.people, (std::vector<std::string>{"Anna Kubista"}));
  s = SplitByline("Donnerstag", true);
  EXPECT_TRUE(s.people.empty());
}

TEST(Bylines, FromBlocksNearTheHeadline) {
  v1::Document doc;
  AddBlock(doc, v1::HEADING, "A headline", false, 1);
  AddBlock(doc, v1::BYLINE, "By Jane Doe, Staff Writer");
  AddBlock(doc, v1::PARAGRAPH, "Body text of the article goes here.");
  doc = Extract(doc);
  EXPECT_EQ(Authors(doc), (std::vector<std::string>{"Jane Doe"}));
  EXPECT_EQ(doc.metadata().title(), "A headline");
}

TEST(Hostile, NeverThrowsOnOddDocuments) {
  v1::Document doc;
  std::string junk;
  for (int i = 0; i < 3000; ++i) junk += static_cast<char>(i * 37 % 256);
  doc.mutable_signals()->add_json_ld(junk);
  doc.mutable_signals()->add_json_ld(
      R"({"@graph":[[[[[[[[[[[[[[[[{"@type":"Article"}]]]]]]]]]]]]]]]]})");
  doc.mutable_signals()->set_title_tag(junk);
  doc.mutable_signals()->add_h1(junk);
  doc.mutable_signals()->add_bylines(std::string(2000, 'x'));
  AddMeta(doc, "author", junk);
  AddMeta(doc, "date", junk);
  v1::TimeTag* t = doc.mutable_signals()->add_times();
  t->set_datetime(junk);
  AddBlock(doc, v1::PARAGRAPH, junk);
  AddBlock(doc, v1::PARAGRAPH, "\u201c" + junk);
  AddBlock(doc, v1::CAPTION, junk + "(");
  doc.mutable_fetch()->set_url(junk);
  EXPECT_NO_THROW(doc = Extract(doc));
  EXPECT_NO_THROW(Extract(v1::Document()));
}

TEST(Title, H1NamingTheSiteGivesWayToTheMarkupTitle) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://blog.example.org/2020/01/post");
  doc.mutable_signals()->set_title_tag("News - Example Institute");
  doc.mutable_signals()->add_h1("News");
  AddMeta(doc, "og:title", "The first electron decides", "property");
  doc = Extract(doc);
  EXPECT_EQ(doc.metadata().title(), "The first electron decides");
  // An <h1> that is the headline inside a longer <title> stays.
  v1::Document news;
  news.mutable_signals()->set_title_tag("Ferry talks stall in Busan | Example News");
  news.mutable_signals()->add_h1("Ferry talks stall in Busan");
  AddMeta(news, "og:title", "Seoul talks: what we know", "property");
  news = Extract(news);
  EXPECT_EQ(news.metadata().title(), "Ferry talks stall in Busan");
}

TEST(Authors, JsonLdReferenceFollowedToThePersonNode) {
  v1::Document doc;
  doc.mutable_signals()->add_json_ld(R"({"@context":"https://schema.org","@graph":[
    {"@type":"Article","headline":"Climate talks","author":{"@id":"https://x.example/#/person/1"}},
    {"@type":"Person","@id":"https://x.example/#/person/1","name":"Giovanna Rossi"}]})");
  doc = Extract(doc);
  EXPECT_EQ(Authors(doc), (std::vector<std::string>{"Giovanna Rossi"}));
}

TEST(Authors, WrittenByReadingAid) {
  v1::Document doc;
  AddMeta(doc, "twitter:label1", "Written by");
  AddMeta(doc, "twitter:data1", "Ines Herr");
  AddMeta(doc, "twitter:label2", "Est. reading time");
  AddMeta(doc, "twitter:data2", "3 minutes");
  doc = Extract(doc);
  EXPECT_EQ(Authors(doc), (std::vector<std::string>{"Ines Herr"}));
}

TEST(Authors, BylineNextToAHeadlineFarDownThePage) {
  v1::Document doc;
  for (int i = 0; i < 120; ++i)
    AddBlock(doc, v1::LIST_ITEM, "Menu entry " + std::to_string(i), true);
  AddBlock(doc, v1::HEADING, "Data leak at a toy maker", false, 1);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  AddBlock(doc, v1::PARAGRAPH, "Ein Artikel von Clara Lind | 14.03.2022 - 09:20");
  doc = Extract(doc);
  EXPECT_EQ(Authors(doc), (std::vector<std::string>{"Clara Lind"}));
}

TEST(LocalTime, UtcStatementTakesTheOffsetOfTheSameInstantElsewhere) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://news.example.com/story");
  AddMeta(doc, "article:published_time", "2022-06-14T02:21:45+00:00", "property");
  v1::TimeTag* t = doc.mutable_signals()->add_times();
  t->set_datetime("2022-06-13T22:21:45-04:00");
  doc = Extract(doc);
  EXPECT_EQ(FormatUtc(doc.metadata().published()), "2022-06-14T02:21:45Z");
  EXPECT_EQ(FormatLocal(doc.metadata().published()), "2022-06-13T22:21:45-04:00");
}

TEST(LocalTime, UtcStatementTakesTheZoneOfTheSitesCountry) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.zeitung.example.de/artikel");
  AddMeta(doc, "article:published_time", "2022-11-13T23:00:00.000Z", "property");
  doc = Extract(doc);
  EXPECT_EQ(FormatUtc(doc.metadata().published()), "2022-11-13T23:00:00Z");
  EXPECT_EQ(FormatLocal(doc.metadata().published()), "2022-11-14T00:00:00+01:00");
  // A site in a country with several zones keeps UTC.
  v1::Document us;
  us.mutable_fetch()->set_url("https://news.example.com/story");
  AddMeta(us, "article:published_time", "2022-11-13T23:00:00Z", "property");
  us = Extract(us);
  EXPECT_EQ(FormatLocal(us.metadata().published()), "2022-11-13T23:00:00+00:00");
}

TEST(LocalTime, NaiveTimeIsReadInTheSitesZone) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.nachrichten.example.de/a");
  AddMeta(doc, "date", "2020-04-29T11:52:23");
  doc = Extract(doc);
  EXPECT_EQ(FormatLocal(doc.metadata().published()), "2020-04-29T11:52:23+02:00");
  EXPECT_EQ(FormatUtc(doc.metadata().published()), "2020-04-29T09:52:23Z");
}

TEST(DateLines, FoundNextToTheHeadlineFarDownThePage) {
  v1::Document doc;
  for (int i = 0; i < 120; ++i)
    AddBlock(doc, v1::LIST_ITEM, "Menu entry " + std::to_string(i), true);
  AddBlock(doc, v1::HEADING, "Site logo", true, 1);
  AddBlock(doc, v1::HEADING, "River project brings nature back", false, 1);
  AddBlock(doc, v1::PARAGRAPH, "Joint press release with the county");
  AddBlock(doc, v1::METADATA_LINE, "13.01.2022");
  AddBlock(doc, v1::PARAGRAPH, std::string(400, 'x'));
  doc = Extract(doc);
  EXPECT_EQ(FormatLocal(doc.metadata().published()).substr(0, 10), "2022-01-13");
}

TEST(DateLines, ParagraphOpeningWithItsDate) {
  v1::Document doc;
  AddBlock(doc, v1::HEADING, "Wind farm approved", false, 1);
  AddBlock(doc, v1::PARAGRAPH,
           "29.11.2022 – After years of planning the council approved the wind farm on the "
           "ridge above the town, and construction will start in the spring of next year.");
  doc = Extract(doc);
  EXPECT_EQ(FormatLocal(doc.metadata().published()).substr(0, 10), "2022-11-29");
}

TEST(Authors, MarkupNameMustBeVisibleOnThePage) {
  // The markup names the account that posted the page; the page itself names nobody.
  v1::Document hidden;
  AddMeta(hidden, "author", "Klaus Berger");
  AddBlock(hidden, v1::HEADING, "Spring concert in the park", false, 1);
  AddBlock(hidden, v1::PARAGRAPH, "The choir sings on Sunday afternoon at the bandstand.");
  hidden = Extract(hidden);
  EXPECT_EQ(hidden.metadata().authors_size(), 0);
  const v1::Provenance* p = FindProvenance(hidden, "authors");
  ASSERT_NE(p, nullptr);
  ASSERT_GE(p->rejected_size(), 1);
  EXPECT_EQ(p->rejected(0).value(), "Klaus Berger");

  // The same name shown anywhere in the page's text (case and spacing aside) is kept.
  v1::Document shown;
  AddMeta(shown, "author", "Klaus  Berger");
  AddBlock(shown, v1::HEADING, "Spring concert in the park", false, 1);
  AddBlock(shown, v1::PARAGRAPH, "The choir sings on Sunday afternoon at the bandstand.");
  AddBlock(shown, v1::LIST_ITEM, "Posted in Events by KLAUS BERGER", true);
  shown = Extract(shown);
  EXPECT_EQ(Authors(shown), (std::vector<std::string>{"Klaus Berger"}));
}

TEST(Authors, FirstNameAloneTakesTheSurnameThePageWrites) {
  using V = std::vector<std::string>;
  auto make = [](const std::vector<std::string>& lines) {
    v1::Document doc;
    doc.mutable_signals()->add_bylines("Henry");
    AddBlock(doc, v1::HEADING, "Counting the numbers", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    for (const std::string& l : lines) AddBlock(doc, v1::PARAGRAPH, l);
    return Authors(Extract(doc));
  };
  EXPECT_EQ(make({"Henry Falkner ist freier Autor in Berlin."}), V{"Henry Falkner"});
  EXPECT_EQ(make({"Henry Falkner", "Beitrag von Henry ansehen"}), V{"Henry Falkner"});
  // Nothing written in full, two different surnames, a title-cased phrase or a sentence that
  // opens after the name: the first name stays alone.
  EXPECT_EQ(make({"Beitrag von Henry ansehen"}), V{"Henry"});
  EXPECT_EQ(make({"Henry Falkner", "Henry Miller wrote it"}), V{"Henry"});
  EXPECT_EQ(make({"Henry Wins Award"}), V{"Henry"});
  EXPECT_EQ(make({"Henry Ich möchte betonen"}), V{"Henry"});
}

TEST(Authors, MarkupNamingSomeOfTheBylineIsCompletedByIt) {
  using V = std::vector<std::string>;
  auto make = [](const std::string& byline) {
    v1::Document doc;
    AddMeta(doc, "author", "Aoife O'Brien");
    doc.mutable_signals()->add_bylines(byline);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, "Aoife O'Brien writes on culture.");
    return Authors(Extract(doc));
  };
  EXPECT_EQ(make("Aoife O'Brien, Miriam Castell"), (V{"Aoife O'Brien", "Miriam Castell"}));
  // A byline adding something that is no name in running text, or someone else: the markup's.
  EXPECT_EQ(make("By Aoife O'Brien, CNNUpdated"), V{"Aoife O'Brien"});
  EXPECT_EQ(make("Aoife O'Brien, ACLU Voting Rights Program"), V{"Aoife O'Brien"});
  EXPECT_EQ(make("Miriam Castell, Jane Roe"), V{"Aoife O'Brien"});
}

TEST(Dates, RepublishedPageShowingOnlyItsModifiedDate) {
  auto make = [](const std::string& shown_line) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://blog.example.com/build-caches");
    doc.mutable_signals()->add_json_ld(
        R"({"@type":"BlogPosting","headline":"Leaner build caches",)"
        R"("datePublished":"2018-11-05T10:00:00+00:00","dateModified":"2021-03-09T09:00:00+00:00"})");
    AddBlock(doc, v1::HEADING, "Leaner build caches", false, 1);
    AddBlock(doc, v1::METADATA_LINE, shown_line);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc);
  };
  v1::Document updated = make("Last updated 09 Mar 2021");
  EXPECT_EQ(FormatUtc(updated.metadata().published()).substr(0, 10), "2021-03-09");
  EXPECT_EQ(FormatUtc(updated.metadata().modified()).substr(0, 10), "2021-03-09");
  // The published day on the page keeps the markup's published time.
  v1::Document original = make("November 5, 2018, updated March 9, 2021");
  EXPECT_EQ(FormatUtc(original.metadata().published()).substr(0, 10), "2018-11-05");
  // No date on the page: the markup's published time stands.
  v1::Document none = make("Leaner build caches, faster builds");
  EXPECT_EQ(FormatUtc(none.metadata().published()).substr(0, 10), "2018-11-05");
}

TEST(Title, SectionLabelH1GivesWayToTheHeadlineBlockInTheTitle) {
  TitleInputs in;
  in.h1 = {"NBA"};
  in.title_tag = "Hawks Use Late Surge To Beat Owls - NBA News Story - KXYZ Springfield";
  in.block_texts = {"Email This Story", "Hawks Use Late Surge To Beat Owls",
                    "POSTED: 7:42 pm EST February 12, 2008"};
  TitleChoice c = ChooseTitle(in);
  EXPECT_EQ(c.title, "Hawks Use Late Surge To Beat Owls");
  // An <h1> that reads as a headline (lower-case words) stays, even with a longer block that
  // is another piece of the title (a subtitle).
  TitleInputs headline;
  headline.h1 = {"Listening to the river"};
  headline.title_tag = "Listening to the river - A singer gathers the songs of the villages";
  headline.block_texts = {"A singer gathers the songs of the villages"};
  EXPECT_EQ(ChooseTitle(headline).title, "Listening to the river");
}

TEST(Title, HeadlineBlockIsAWholePieceOfALongTitle) {
  // The site's part of the <title> is so long that the headline covers under a third of it.
  TitleInputs in;
  in.title_tag =
      "Morning Report Channel Five - Springfield, State News, Weather, Traffic and Sports - "
      "Carter turning pro";
  in.block_texts = {"Weather and traffic", "Carter turning pro", "Springfield, State News"};
  EXPECT_EQ(ChooseTitle(in).title, "Carter turning pro");
}

TEST(Title, DomainPiecesAndBreadcrumbSeparators) {
  // A piece written as a host name is the site, even with no site name or URL to go by.
  EXPECT_EQ(StripSiteName("Example.com: Ministers debate budget plans", {}, ""),
            "Ministers debate budget plans");
  EXPECT_EQ(StripSiteName("Node.js streams explained", {}, ""), "Node.js streams explained");
  // "Site > Section > Story > Headline": the label <h1> gives way to the last crumb.
  TitleInputs in;
  in.h1 = {"National News"};
  in.title_tag = "TV7 > News > National News > Story > Officials plan the harbour reopening";
  in.block_texts = {"Officials plan the harbour reopening", "Mon, 21 Apr 2008 11:40a.m."};
  EXPECT_EQ(ChooseTitle(in).title, "Officials plan the harbour reopening");
}

TEST(Title, ShareBarBetweenHeadlineAndBodyDoesNotUseUpTheLookBack) {
  auto make = [](const char* line_type, bool links = false) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "Retailer cuts 2,500 jobs amid falling sales", true, 3);
    AddBlock(doc, v1::PARAGRAPH, "Posted by Jane Roe @ 6:14 am", true);
    for (const char* button : {"Share", "Digg", "Blog This", "Print", "Email", "Recommend", "Save",
                               "Tweet", "Like", "More"}) {
      v1::Block* b = AddBlock(doc, v1::LIST_ITEM, button, true);
      b->set_rule(line_type);
      if (links) b->set_link_chars(b->text().size());
    }
    AddBlock(doc, v1::PARAGRAPH,
             "The retailer said Thursday it plans to cut 2,500 positions and shut 80 of its "
             "stores in an effort to save money.");
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(make("class:share"), "Retailer cuts 2,500 jobs amid falling sales");
  // Ten lines of the page's own that are not furniture are too far to reach back over.
  EXPECT_EQ(make("outside-main"), "");
  // Rows made of links are furniture whatever clean called them.
  EXPECT_EQ(make("link-density", true), "Retailer cuts 2,500 jobs amid falling sales");
}

TEST(Title, CaptionLineBetweenHeadlineAndBodyGivesWayToTheHeadline) {
  auto make = [](const std::string& headline, const std::string& line) {
    v1::Document doc;
    doc.mutable_signals()->set_title_tag("EXAMPLE SPORT");
    AddBlock(doc, v1::TABLE_CELL, "Printable version", true);
    AddBlock(doc, v1::TABLE_CELL, headline, true);
    AddBlock(doc, v1::TABLE_CELL, line);
    AddBlock(doc, v1::TABLE_CELL,
             "The winger has explained his actions after the league match, when he jumped a "
             "fence to argue with fans who had thrown coins at him.");
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(make("Winger explains clash", "He was leading the side at the stadium"),
            "Winger explains clash");
  EXPECT_EQ(make("Winger explains clash", "The winger has been backed by his coach"),
            "Winger explains clash");
  // A line that reads as a headline stays the headline.
  EXPECT_EQ(make("Winger explains clash", "Coins thrown at winger during league game"),
            "Coins thrown at winger during league game");
  // A caption-like line stays when nothing headline-like stands before it.
  EXPECT_EQ(make("League", "Winger was right, says coach"), "Winger was right, says coach");
}

TEST(Title, FirstKeptLineAboveABylineIsTheHeadline) {
  const std::string body =
      "PHOENIX (AP) -- The tour has 18 newcomers at the classic this week, and that does "
      "not count a former champion who returns after ten years.";
  v1::Document doc;
  doc.mutable_signals()->set_title_tag("Example Daily Mail");
  AddBlock(doc, v1::PARAGRAPH, "News Sports Opinion Obituaries Business Entertainment", true);
  AddBlock(doc, v1::PARAGRAPH, "After ten years away, former champion Jim Doe returns to the tour");
  AddBlock(doc, v1::BYLINE, "By JANE ROE");
  AddBlock(doc, v1::PARAGRAPH, "Tour Reporter");
  AddBlock(doc, v1::PARAGRAPH, body);
  EXPECT_EQ(Extract(doc).metadata().title(),
            "After ten years away, former champion Jim Doe returns to the tour");
  // Below a kept headline and date line, such a line is the deck, not the headline.
  v1::Document deck;
  deck.mutable_signals()->set_title_tag("Example Daily Mail");
  AddBlock(deck, v1::PARAGRAPH, "News Sports Opinion Obituaries Business Entertainment", true);
  AddBlock(deck, v1::TABLE_CELL, "Jail for Joyrider");
  AddBlock(deck, v1::METADATA_LINE, "Thu, February 21, 2008");
  AddBlock(deck, v1::TABLE_CELL, "Court hands down three-year term in car theft case");
  AddBlock(deck, v1::BYLINE, "By JANE ROE");
  AddBlock(deck, v1::TABLE_CELL, body);
  EXPECT_EQ(Extract(deck).metadata().title(), "Jail for Joyrider");
}

TEST(Title, SectionH1WithNothingToConfirmItGivesWayToTheLineBeforeTheBody) {
  auto make = [](const std::string& title_tag, const std::string& h1) {
    v1::Document doc;
    doc.mutable_signals()->set_title_tag(title_tag);
    if (!h1.empty()) doc.mutable_signals()->add_h1(h1);
    AddBlock(doc, v1::PARAGRAPH, "Band Plays Surprise Gig In Dublin");
    AddBlock(doc, v1::BYLINE, "by Jane Roe - March 4 2008");
    AddBlock(doc, v1::PARAGRAPH, "photo by John Doe");
    AddBlock(doc, v1::PARAGRAPH,
             "The band announced on their blog early on March 4 that they would be "
             "playing a surprise gig.");
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(make("", "News"), "Band Plays Surprise Gig In Dublin");
  // A photo credit is passed over on the way back to the headline.
  EXPECT_EQ(make("Example Music Site", ""), "Band Plays Surprise Gig In Dublin");
  // An <h1> that reads as a headline stays.
  EXPECT_EQ(make("", "Band announces world tour"), "Band announces world tour");
}

TEST(Title, ShortNameUnderAHeadingIsALabel) {
  auto make = [](v1::BlockType above) {
    v1::Document doc;
    doc.mutable_signals()->set_title_tag("Example Sports :: News Article");
    AddBlock(doc, v1::PARAGRAPH, "NEWS ARTICLE", true);
    AddBlock(doc, above, "Two strikers return for the cup tie", false, 2);
    AddBlock(doc, v1::PARAGRAPH, "Riverton United");
    AddBlock(doc, v1::METADATA_LINE, "Tuesday March 11, 2008");
    AddBlock(doc, v1::PARAGRAPH,
             "Both strikers will be fit for Saturday night after recovering from their "
             "injuries, the club said on Tuesday.");
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(make(v1::HEADING), "Two strikers return for the cup tie");
  // Under a plain paragraph the short line stays the nearest headline.
  EXPECT_EQ(make(v1::PARAGRAPH), "Riverton United");
}

TEST(Title, ShortLineBeforeTheBodyWhenTheTitleTagNamesTheSite) {
  auto make = [](const std::string& line) {
    v1::Document doc;
    doc.mutable_signals()->set_title_tag("Example Daily News - Your Home Page");
    AddBlock(doc, v1::TABLE_CELL, "E-mail this to a friend", true);
    AddBlock(doc, v1::TABLE_CELL, line, true);
    AddBlock(doc, v1::METADATA_LINE, "Friday, 22 February, 2008");
    AddBlock(doc, v1::TABLE_CELL,
             "Island leaders have closed their meeting in Fiji repeating their call for limits "
             "on foreign fishing.");
    return Extract(doc);
  };
  v1::Document doc = make("Island states urge fishing limits");
  EXPECT_EQ(doc.metadata().title(), "Island states urge fishing limits");
  const v1::Provenance* p = FindProvenance(doc, "title");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->rule(), "short line right before the article body");
  // A line that starts in lower case is not a headline, nor is a sentence; the search stops
  // there (the links above it are no headline either) and the title tag stays.
  for (const char* line : {"to our web gallery, welcome", "Leaders met in Suva."}) {
    v1::Document other = make(line);
    const v1::Provenance* t = FindProvenance(other, "title");
    ASSERT_NE(t, nullptr);
    EXPECT_TRUE(t->rule().starts_with("title tag")) << line << ": " << t->rule();
  }
}

TEST(Title, CreditsAgencyLinesAndLinkRowsAreSkippedOnTheWayToTheHeadline) {
  v1::Document doc;
  doc.mutable_signals()->set_title_tag("Example Sports Daily");
  AddBlock(doc, v1::TABLE_CELL, "Riverton beat Hillside to go top", true);
  AddBlock(doc, v1::TABLE_CELL, "Print | E-mail | Share", true);
  AddBlock(doc, v1::TABLE_CELL, "Tomas Berg \u00a9 Example Images", true);
  v1::Block* links = AddBlock(doc, v1::TABLE_CELL, "More football news", true);
  links->set_link_chars(18);
  AddBlock(doc, v1::TABLE_CELL, "Refer to a friend", true)->set_rule("class:navigation");
  AddBlock(doc, v1::TABLE_CELL, "Press Trust of India", true);
  AddBlock(doc, v1::TABLE_CELL, "Von Greta Sommer", true);
  AddBlock(doc, v1::TABLE_CELL,
           "Riverton went top of the table with a three-one win over Hillside on Saturday "
           "evening.");
  doc = Extract(doc);
  EXPECT_EQ(doc.metadata().title(), "Riverton beat Hillside to go top");
}

TEST(Bylines, OrganisationsAreRefusedWhole) {
  // Without the whole-value check "Deichpflege" would be split off and kept as a name.
  for (const char* org :
       {"Bundesministerium für Heimat und Deichpflege", "Bundesverband Gezeitenenergie e.V.",
        "Deutscher Wanderhilfeverband e. V.", "Wellenstrom AG", "Kirche und Heimat"}) {
    AuthorSplit s = SplitByline(org, true);
    EXPECT_TRUE(s.people.empty()) << org;
    ASSERT_EQ(s.refused.size(), 1u) << org;
    EXPECT_NE(s.refused[0].reason.find("organisation"), std::string::npos) << org;
  }
  EXPECT_EQ(SplitByline("Anna Bund und Max Stiftinger", true).people.size(), 2u);
  EXPECT_TRUE(SplitByline("Deutsches Hilfswerk Nord", true).people.empty());
  EXPECT_EQ(SplitByline("Clara Wöhrl, Anand Mehta und Klaus Berger", true).people.size(), 3u);
}

TEST(Dates, LastResortIsTheFirstDateAnywhereInThePage) {
  v1::Document doc;
  AddBlock(doc, v1::HEADING, "Forum rules", false, 1);
  for (int i = 0; i < 90; ++i) AddBlock(doc, v1::PARAGRAPH, std::string(350, 'x'));
  AddBlock(doc, v1::PARAGRAPH, "Last change 26.10.13 by the moderators", true);
  doc = Extract(doc);
  EXPECT_EQ(FormatLocal(doc.metadata().published()).substr(0, 10), "2013-10-26");
  const v1::Provenance* p = FindProvenance(doc, "published");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->rule(), "first date in the page's text");
}

TEST(Dates, ShownDateBeatsAnUnshownMarkupDateNearIt) {
  auto make = [](const std::string& line) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.verein.example.ch/news/schneesport");
    AddMeta(doc, "article:published_time", "2022-01-15T10:00:00+01:00", "property");
    AddBlock(doc, v1::HEADING, "Snow sports with care for wildlife", false, 1);
    AddBlock(doc, v1::METADATA_LINE, line);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc);
  };
  EXPECT_EQ(FormatLocal(make("25.01.2022").metadata().published()).substr(0, 10), "2022-01-25");
  // The markup's day shown on the page (here written day first with slashes) keeps it.
  EXPECT_EQ(FormatLocal(make("15/01/2022").metadata().published()).substr(0, 10), "2022-01-15");
  // A date far from the markup's is about something else.
  EXPECT_EQ(FormatLocal(make("23.01.2020").metadata().published()).substr(0, 10), "2022-01-15");
  // "03/05/2022" on a site of no known country reads as March 5, but may mean 3 May, the
  // markup's day: shown, kept.
  v1::Document slashes;
  slashes.mutable_fetch()->set_url("https://www.tiempos.example.com/juicio");
  AddMeta(slashes, "article:published_time", "2022-05-03T22:08:20-04:00", "property");
  AddBlock(slashes, v1::HEADING, "Trial enters its final stretch", false, 1);
  AddBlock(slashes, v1::METADATA_LINE, "03/05/2022");
  AddBlock(slashes, v1::PARAGRAPH, std::string(300, 'x'));
  slashes = Extract(slashes);
  EXPECT_EQ(FormatLocal(slashes.metadata().published()).substr(0, 10), "2022-05-03");
}

TEST(Dates, DeclaredRegionDecidesSlashedDatesWhenTheHostNamesNoCountry) {
  auto make = [](const std::string& lang) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.portal.example.com/news/halls");
    doc.mutable_signals()->set_html_lang(lang);
    AddBlock(doc, v1::HEADING, "Dormitories too crowded to be safe", false, 1);
    AddBlock(doc, v1::METADATA_LINE, "02/10/2020");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return FormatLocal(Extract(doc).metadata().published()).substr(0, 10);
  };
  EXPECT_EQ(make("en-GB"), "2020-10-02");
  EXPECT_EQ(make("fr_fr"), "2020-10-02");
  EXPECT_EQ(make("en-US"), "2020-02-10");
  EXPECT_EQ(make("en"), "2020-02-10");
}

TEST(Dates, DescriptionDateIsTheLastResort) {
  auto make = [](const std::string& line) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.parco.example.it/pagina.php?id=58354");
    AddMeta(doc, "og:description",
            "Lupo appenninico: una stagione da record (Notizia del 21 Marzo 2020)", "property");
    AddBlock(doc, v1::HEADING, "Lupo appenninico: una stagione da record", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    if (!line.empty()) AddBlock(doc, v1::PARAGRAPH, line);
    return FormatLocal(Extract(doc).metadata().published()).substr(0, 10);
  };
  EXPECT_EQ(make(""), "2020-03-21");
  // A date the page's text writes comes first.
  EXPECT_EQ(make("Aggiornato il 3 aprile 2020"), "2020-04-03");
}

TEST(Authors, CreditLineNamingAPersonBeatsTheHandleThatPosted) {
  auto make = [](const std::string& credit) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "Fog soup", false, 1);
    AddBlock(doc, v1::PARAGRAPH, "Gespeichert von nordlicht am 9. August 2019 - 20:15");
    AddBlock(doc, v1::PARAGRAPH, credit);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc);
  };
  EXPECT_EQ(Authors(make("Blog Beitrag von Vera Sokolova")),
            (std::vector<std::string>{"Vera Sokolova"}));
  // A credit line naming another handle leaves the dated line first.
  EXPECT_EQ(Authors(make("Text von kleefeld")), (std::vector<std::string>{"nordlicht"}));
}

TEST(Authors, DatedLineThatIsALinkAsAWholeIsNoByline) {
  auto make = [](size_t link_chars) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "Fog soup", false, 1);
    AddBlock(doc, v1::LIST_ITEM, "KB4012345 vom 12.03.2016: offizielle Beschreibung von Microsoft")
        ->set_link_chars(link_chars);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc);
  };
  EXPECT_TRUE(Authors(make(60)).empty());
  EXPECT_EQ(Authors(make(0)), (std::vector<std::string>{"Microsoft"}));
}

TEST(Authors, CommentAuthorElementGivesWayToTheBylineAboveTheComments) {
  auto make = [](bool byline_above) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "Caching small objects", false, 1);
    if (byline_above) AddBlock(doc, v1::BYLINE, "Posted by Leopold Roe", true);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::BYLINE, "Mary Jones", true)->set_rule("class:comments");
    AddBlock(doc, v1::PARAGRAPH, "Great post, thanks a lot!", true)->set_rule("class:comments");
    doc.mutable_signals()->add_bylines("Mary Jones");
    return Extract(doc);
  };
  EXPECT_EQ(Authors(make(true)), (std::vector<std::string>{"Leopold Roe"}));
  // Without a byline above the comments the element is still a commenter's, not the author.
  EXPECT_TRUE(Authors(make(false)).empty());
}

TEST(Authors, DatedByLineNearTheTopGivesAHandle) {
  auto make = [](const std::string& line) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "Fog soup", false, 1);
    AddBlock(doc, v1::PARAGRAPH, line, true);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc);
  };
  EXPECT_EQ(Authors(make("Gespeichert von kleefeld am 3. Mai 2017 - 09:25")),
            (std::vector<std::string>{"kleefeld"}));
  EXPECT_EQ(Authors(make("Posted in Security by lukasferro on May 9, 2019")),
            (std::vector<std::string>{"lukasferro"}));
  // Without a date, or running on like a sentence, or a comment, it is no byline.
  EXPECT_TRUE(Authors(make("Gespeichert von kleefeld")).empty());
  EXPECT_TRUE(
      Authors(make("Seit 2020 von Petra Lohmann für Stadt und Land in Radio Lüdenscheid")).empty());
  EXPECT_TRUE(Authors(make("Kommentar von Ilse Brandner — 2019-02-03 @ 21:17")).empty());
  EXPECT_TRUE(Authors(make("Bei Nutzern von Windows 7 ist es seit dem 4. März 2016")).empty());
  EXPECT_EQ(Authors(make("(last edited 2019-08-22 09:14:51 by JonasWeber)")),
            (std::vector<std::string>{"JonasWeber"}));
}

TEST(Authors, BylineElementHoldingOnlyTheMarkerLabelsTheNext) {
  auto make = [](std::vector<std::string> elements) {
    v1::Document doc;
    for (std::string& e : elements) doc.mutable_signals()->add_bylines(std::move(e));
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc);
  };
  EXPECT_EQ(Authors(make({"By", "Daniel"})), (std::vector<std::string>{"Daniel"}));
  EXPECT_EQ(Authors(make({"Posted on", "uriebe", "Anna says"})),
            (std::vector<std::string>{"uriebe"}));
  // A first element with a name is the article's; later ones are comment authors.
  EXPECT_EQ(Authors(make({"Jane Doe", "Daniel"})), (std::vector<std::string>{"Jane Doe"}));
}

TEST(Authors, BloggerNamedLikeTheSiteIsKeptButTheSiteIsNot) {
  auto make = [](const std::string& url, const std::string& site, const std::string& byline) {
    v1::Document doc;
    doc.mutable_fetch()->set_url(url);
    AddMeta(doc, "og:site_name", site, "property");
    doc.mutable_signals()->add_bylines(byline);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(make("https://kieselstein.wordpress.example/2019/nebel/", "kieselstein", "kieselstein"),
            V{"kieselstein"});
  EXPECT_EQ(make("https://www.anna-berger.example/laufen/", "Anna Berger", "Anna"), V{"Anna"});
  EXPECT_EQ(make("https://jweber.example/supermarket/", "Jonas Weber", "Jonas Weber"),
            V{"Jonas Weber"});
  // The site itself: a brand, a name with an article, a domain.
  EXPECT_TRUE(
      make("https://www.angelkarte.example/news/stefan", "angelkarte", "angelkarte").empty());
  EXPECT_TRUE(
      make("https://www.cozinhafacil.example/receita/", "CozinhaFacil", "CozinhaFacil").empty());
  EXPECT_TRUE(
      make("https://dieabendpost.example/halloween/", "Die Abendpost", "Die Abendpost").empty());
  EXPECT_TRUE(
      make("https://www.veggiamo.example/news/", "Veggiamo.example", "veggiamo.example").empty());
}

TEST(Authors, RolesLabelsAndHandles) {
  using V = std::vector<std::string>;
  EXPECT_EQ(SplitByline("Post author By Tilda Fahrenkamp", true).people, V{"Tilda Fahrenkamp"});
  EXPECT_EQ(SplitByline("Harald Brandt Autor", false).people, V{"Harald Brandt"});
  EXPECT_TRUE(SplitByline("No Author", true).people.empty());
  auto byline = [](const std::string& text) {
    v1::Document doc;
    doc.mutable_signals()->add_bylines(text);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  EXPECT_EQ(byline("seaman1977"), V{"seaman1977"});
  EXPECT_EQ(byline("Author: Kai7man am 14.06.2011, 08:52 Uhr"), V{"Kai7man"});
  EXPECT_EQ(byline("Nadine Kessler2"), V{"Nadine Kessler"});
  EXPECT_EQ(byline("Jane Doe 4. November 2021"), V{"Jane Doe"});
  // A relative time glued to the name by markup without white space.
  EXPECT_EQ(byline("Lucía Prado y Juan Pablo HerreraHace 13 horas"),
            (V{"Lucía Prado", "Juan Pablo Herrera"}));
  EXPECT_EQ(byline("Anna Nordmannvor 3 Tagen"), V{"Anna Nordmann"});
  EXPECT_EQ(byline("Jane Doe vor 3 Tagen"), V{"Jane Doe"});
  EXPECT_EQ(byline("Pavel Kravor"), V{"Pavel Kravor"});
  // A personal site types its owner as a Person and an Organization: a person.
  v1::Document doc;
  doc.mutable_signals()->add_json_ld(R"({"@graph":[
    {"@type":["Person","Organization"],"@id":"https://tilda.example/#me","name":"Tilda Muster"},
    {"@type":"BlogPosting","headline":"Notiz","author":{"@id":"https://tilda.example/#me"}}]})");
  AddBlock(doc, v1::PARAGRAPH, "Posted by Tilda Muster " + std::string(300, 'x'));
  EXPECT_EQ(Authors(Extract(doc)), V{"Tilda Muster"});
}

TEST(Authors, NameAfterTheDateOnADateLine) {
  auto make = [](const std::string& line) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "Schleifen und ihre Grenzen", false, 1);
    AddBlock(doc, v1::PARAGRAPH, line, true);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(make("11.12.2019 - Marie Sandvoss"), V{"Marie Sandvoss"});
  EXPECT_EQ(make("07.03.2022 | 15:40 Uhr | Greta Holm"), V{"Greta Holm"});
  EXPECT_EQ(make("05.02.2020 - Redaktion: Bernd Kühl (Pressesprecher)"), V{"Bernd Kühl"});
  EXPECT_EQ(make("| By Nora Blake |"), V{"Nora Blake"});
  // Labels of the row, or more than one other piece, name no one.
  EXPECT_TRUE(make("25.01.2022 - Paid Content").empty());
  EXPECT_TRUE(make("25.01.2022 - Aktuelle Meldung").empty());
  EXPECT_TRUE(make("25.01.2022 - Berlin - Deutscher Bundestag").empty());
}

TEST(Authors, LabelsAndRolesAroundNames) {
  using V = std::vector<std::string>;
  EXPECT_EQ(SplitByline("Rechtsanwalt Tobias Hellweg", false).people, V{"Tobias Hellweg"});
  EXPECT_EQ(SplitByline("Hans Peter Lindqvist im Gespräch mit Sabine Roth", false).people,
            (V{"Hans Peter Lindqvist", "Sabine Roth"}));
  EXPECT_EQ(SplitByline("von Olga Symbolbild IMAGO", true).people, V{"Olga"});
  for (const char* label : {"Unbenannt", "zvg", "Nom"}) {
    EXPECT_TRUE(SplitByline(label, true).people.empty()) << label;
  }
}

TEST(Authors, NameUnderAnAuthorLabel) {
  auto make = [](const std::string& label, const std::string& name) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "Quarantäne in Italien", false, 1);
    for (int i = 0; i < 20; ++i) AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::HEADING, label, true, 3);
    AddBlock(doc, v1::PARAGRAPH, name, true);
    return Authors(Extract(doc));
  };
  EXPECT_EQ(make("Autor", "Nikolai Brandes,"), std::vector<std::string>{"Nikolai Brandes"});
  EXPECT_EQ(make("Von:", "Götz Reinhard"), std::vector<std::string>{"Götz Reinhard"});
  EXPECT_TRUE(make("Kontakt", "Götz Reinhard").empty());
  EXPECT_TRUE(make("Autor", "Alle Beiträge anzeigen").empty());
}

TEST(Authors, SignatureWithTheDeskAfterASlash) {
  auto make = [](const std::string& line) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "Beispiel Kombi im Test", false, 1);
    for (int i = 0; i < 5; ++i) AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, line);
    return Authors(Extract(doc));
  };
  EXPECT_EQ(make("Peter Lorenz/SP-X"), std::vector<std::string>{"Peter Lorenz"});
  EXPECT_TRUE(make("Kunden/Partner").empty());
  EXPECT_TRUE(make("Preis/Leistung/TÜV").empty());
}

TEST(Authors, MarkupPhraseIsNoName) {
  EXPECT_TRUE(SplitByline("Sizilianische Weine in Hamburg", true).people.empty());
  EXPECT_TRUE(SplitByline("Heute mehr Gelassenheit üben!", true).people.empty());
  EXPECT_EQ(SplitByline("Henrike von der Aue", true).people,
            std::vector<std::string>{"Henrike von der Aue"});
}

TEST(Authors, LeAmOnEndANameOnlyBeforeADate) {
  using V = std::vector<std::string>;
  EXPECT_EQ(SplitByline("Par Yannick Le Gall", true).people, V{"Yannick Le Gall"});
  EXPECT_EQ(SplitByline("Par Yannick Le Gall le 9 mars 2020", true).people, V{"Yannick Le Gall"});
  EXPECT_EQ(SplitByline("von kleefeld am ", true).people, V{"kleefeld"});
  EXPECT_EQ(SplitByline("by lukasferro on August", true).people, V{"lukasferro"});
  // A "By" line that runs on as a sentence is no byline.
  v1::Document doc;
  AddBlock(doc, v1::HEADING, "Our region", false, 1);
  AddBlock(doc, v1::PARAGRAPH, "By our photos we show the region, at East Frisia and Bavaria");
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_TRUE(Authors(Extract(doc)).empty());
}

TEST(Authors, LabelOrDateGluedToTheName) {
  using V = std::vector<std::string>;
  EXPECT_EQ(SplitByline("Jonas WeberDo", true).people, V{"Jonas Weber"});
  EXPECT_EQ(SplitByline("AutorTeufel Blog Redaktion", true).people, V{});
  EXPECT_EQ(SplitByline("AuthorMarkus Lenz", true).people, V{"Markus Lenz"});
  // Capitals inside a name stay.
  EXPECT_EQ(SplitByline("Jane McDonald", true).people, V{"Jane McDonald"});
  EXPECT_EQ(SplitByline("Ava LeBrun", true).people, V{"Ava LeBrun"});
}

TEST(Authors, ParticleInsideANameIsNoMarker) {
  EXPECT_EQ(SplitByline("Gerold von Tannheim", true).people,
            (std::vector<std::string>{"Gerold von Tannheim"}));
  EXPECT_EQ(SplitByline("Posted by Mira von Lindholt", false).people,
            (std::vector<std::string>{"Mira von Lindholt"}));
  EXPECT_TRUE(SplitByline("Anna Muster von", true).people.empty());
}

TEST(Authors, CreditLineAnywhereInTheArticle) {
  auto make = [](const std::string& line) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "A journey through Saxony", false, 1);
    for (int i = 0; i < 30; ++i) AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, line);
    return Extract(doc);
  };
  EXPECT_EQ(Authors(make("Text von Jonas Weber    Illustration von Paul Steiner")),
            (std::vector<std::string>{"Jonas Weber"}));
  EXPECT_EQ(Authors(make("Ein Interview von Clara Lind mit Frieda Albers.")),
            (std::vector<std::string>{"Clara Lind"}));
  EXPECT_EQ(Authors(make("Auteur : Koffi Mensah")), (std::vector<std::string>{"Koffi Mensah"}));
  EXPECT_EQ(Authors(make("Written by: Julia Marsh")), (std::vector<std::string>{"Julia Marsh"}));
  EXPECT_TRUE(Authors(make("Text: Redaktion")).empty());
  EXPECT_TRUE(Authors(make("Der Text von heute ist kurz")).empty());
}

TEST(Dates, LooseMarkupGivesWayToTheDateLineByTheHeadline) {
  auto make = [](const std::string& meta_date) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.example.de/politik/story");
    AddMeta(doc, "date", meta_date);
    AddBlock(doc, v1::HEADING, "Am Monatsende wird es knapp", false, 1);
    AddBlock(doc, v1::METADATA_LINE, "29.04.2020, 16:47 Uhr");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::LIST_ITEM, "Related: 30.04.2020", true);
    return Extract(doc);
  };
  // A plain meta date a day off, though another day on the page reads like it.
  EXPECT_EQ(FormatLocal(make("2020-04-30").metadata().published()).substr(0, 10), "2020-04-29");
  // The same day: the markup keeps its time.
  EXPECT_EQ(FormatUtc(make("2020-04-29T08:00:00Z").metadata().published()), "2020-04-29T08:00:00Z");
  // OpenGraph is trusted and stays when the page shows its day somewhere.
  v1::Document og = make("");
  og.mutable_signals()->clear_meta();
  AddMeta(og, "article:published_time", "2020-04-30T08:00:00Z", "property");
  og.mutable_metadata()->Clear();
  og = Extract(og);
  EXPECT_EQ(FormatUtc(og.metadata().published()), "2020-04-30T08:00:00Z");
}

TEST(Title, OfSeveralH1sTheOneTheTitleStatesExactlyWins) {
  // The blog's name in the header's <h1>, the post's title in a later one.
  TitleInputs blog;
  blog.h1 = {"stilblog", "Milan Fashion Week SS15: Lara Moretti"};
  blog.title_tag = "Milan Fashion Week SS15: Lara Moretti | stilblog";
  EXPECT_EQ(ChooseTitle(blog).title, "Milan Fashion Week SS15: Lara Moretti");
  // A section label stated by the <title>, the headline stated by og:title.
  TitleInputs section;
  section.h1 = {"News", "Auf den ersten Tropfen kommt es an"};
  section.title_tag = "News - Wasserinstitut";
  section.meta.push_back({"og", "meta og:title", "Auf den ersten Tropfen kommt es an"});
  EXPECT_EQ(ChooseTitle(section).title, "Auf den ersten Tropfen kommt es an");
  // A single headline <h1> followed by a furniture one keeps the first.
  TitleInputs one;
  one.h1 = {"Ferry talks stall in Busan", "Related stories"};
  one.title_tag = "Ferry talks stall in Busan | Example News";
  EXPECT_EQ(ChooseTitle(one).title, "Ferry talks stall in Busan");
}

TEST(Dates, UpdateDatesGiveWayToThePublicationDate) {
  v1::Document line;
  AddBlock(line, v1::HEADING, "Wool keeps the valley's stories", false, 1);
  AddBlock(line, v1::METADATA_LINE, "Updated: March 3, 2020 - Published: March 1, 2020");
  AddBlock(line, v1::PARAGRAPH, std::string(300, 'x'));
  line = Extract(line);
  EXPECT_EQ(FormatLocal(line.metadata().published()).substr(0, 10), "2020-03-01");

  v1::Document far;
  AddBlock(far, v1::HEADING, "Review", false, 1);
  for (int i = 0; i < 90; ++i) AddBlock(far, v1::PARAGRAPH, std::string(350, 'x'));
  AddBlock(far, v1::PARAGRAPH, "Letzte Änderung: 12.02.2024 - 09:41:27", true);
  AddBlock(far, v1::PARAGRAPH, "Erschienen am: 14.02.2024", true);
  far = Extract(far);
  EXPECT_EQ(FormatLocal(far.metadata().published()).substr(0, 10), "2024-02-14");
}

TEST(Title, LabelMatchedInTheTitleGivesWayToTheHeadlineBeforeTheBody) {
  auto make = [](const std::string& title_tag, const std::string& label, const std::string& line) {
    v1::Document doc;
    doc.mutable_signals()->set_title_tag(title_tag);
    AddBlock(doc, v1::TABLE_CELL, label, true);
    AddBlock(doc, v1::TABLE_CELL, "Home | Sports | Opinion", true);
    AddBlock(doc, v1::TABLE_CELL, line);
    AddBlock(doc, v1::TABLE_CELL,
             "The two candidates have pulled ahead of the field with a month to go before the "
             "vote in the province.");
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(make("The Riverton Sun", "Riverton Sun", "Red-hot challengers pull ahead"),
            "Red-hot challengers pull ahead");
  // A short credit line is no headline: the matched block stays.
  EXPECT_EQ(make("Star Screen - Dil Ki Raah", "Dil Ki Raah", "Director: Meera Rao"), "Dil Ki Raah");
  // Numbers make no label.
  EXPECT_EQ(make("spielecke | Vorschauen: Hafen 1900 Beta", "Hafen 1900 Beta",
                 "Ein Blick auf die neue Beta"),
            "Hafen 1900 Beta");
}

TEST(Title, RelatedLinksHeadingIsNotTheHeadline) {
  v1::Document doc;
  doc.mutable_signals()->set_title_tag("The Weekend Paper");
  AddBlock(doc, v1::HEADING, "Cricket chief resigns", true, 2);
  AddBlock(doc, v1::HEADING, "Related Articles", true, 3)->set_rule("class:related");
  AddBlock(doc, v1::PARAGRAPH,
           "The head of the national cricket board resigned on Monday after a week of pressure "
           "from players and sponsors.");
  doc = Extract(doc);
  EXPECT_EQ(doc.metadata().title(), "Cricket chief resigns");
}

TEST(Title, LeadingDateIsDropped) {
  v1::Document doc;
  doc.mutable_signals()->set_title_tag("23.01.2022 - Holm wins the last race in Ruhpolding");
  doc.mutable_signals()->add_h1("23.01.2022 - Holm wins the last race in Ruhpolding");
  doc = Extract(doc);
  EXPECT_EQ(doc.metadata().title(), "Holm wins the last race in Ruhpolding");
  // A date that is the whole title, or part of a sentence, stays.
  v1::Document whole;
  whole.mutable_signals()->add_h1("Review of 23.01.2022 - the week in sport");
  whole = Extract(whole);
  EXPECT_EQ(whole.metadata().title(), "Review of 23.01.2022 - the week in sport");
}

TEST(Title, ADateLineSetAsAHeadingIsNoHeadline) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.daily.example.com/sports/golf/story.html");
  doc.mutable_signals()->set_title_tag("The Daily Example | Sports");
  AddBlock(doc, v1::HEADING, "Open update: Marsh takes 2nd-round lead", false, 2);
  AddBlock(doc, v1::HEADING, "Thursday 14th March 2019", false, 3);
  AddBlock(doc, v1::PARAGRAPH, "SCOTTSDALE, Ariz. " + std::string(300, 'x') + ".");
  doc = Extract(doc);
  EXPECT_EQ(doc.metadata().title(), "Open update: Marsh takes 2nd-round lead");
  auto with_heading = [](const std::string& heading) {
    v1::Document d;
    d.mutable_fetch()->set_url("https://www.daily.example.com/sports/golf/story.html");
    d.mutable_signals()->set_title_tag("The Daily Example | Sports");
    AddBlock(d, v1::HEADING, "Open update: Marsh takes 2nd-round lead", false, 2);
    AddBlock(d, v1::HEADING, heading, false, 3);
    AddBlock(d, v1::PARAGRAPH, "SCOTTSDALE, Ariz. " + std::string(300, 'x') + ".");
    return Extract(d).metadata().title();
  };
  EXPECT_EQ(with_heading("03:17 PM PST on Saturday, February 9, 2008"),
            "Open update: Marsh takes 2nd-round lead");
  // A heading that says more than its date is a heading.
  EXPECT_EQ(with_heading("Storm warning issued for the coast, February 9, 2008"),
            "Storm warning issued for the coast, February 9, 2008");
}

TEST(Title, TheOnlyH1BeatsARewrittenSocialTitle) {
  auto make = [](const std::string& h1, const std::string& og) {
    TitleInputs in;
    in.h1 = {h1};
    in.meta = {{"og", "og:title", og}};
    in.title_tag = "Example Shop";
    return ChooseTitle(in).title;
  };
  EXPECT_EQ(
      make("Mein cosy Living Gift Guide bei Stilhaus", "Winter Gift Guide | Jetzt entdecken!"),
      "Mein cosy Living Gift Guide bei Stilhaus");
  // An <h1> that holds the markup title and a kicker gives way to the markup title.
  EXPECT_EQ(make("Verkehrswende Unterland: Radvorreiter Unterland?", "Radvorreiter Unterland?"),
            "Radvorreiter Unterland?");
  // A label <h1> (the site's name) does too.
  EXPECT_EQ(make("Porchlight News Network", "Council speeds up the harbour deal"),
            "Council speeds up the harbour deal");
}

TEST(MetaTags, DescriptionSectionAndTagsHoldWordsNotMarkup) {
  auto make = [](const std::string& description) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.harbourgazette.example/news/ferry");
    AddMeta(doc, "description", description);
    AddMeta(doc, "article:section", "{$category}", "property");
    AddMeta(doc, "keywords",
            "harbour, ferry, http://www.harbourgazette.example/, document.write('<A HREF=x>');");
    AddBlock(doc, v1::HEADING, "Mayor opens the new ferry terminal", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc).metadata();
  };
  v1::Metadata m = make("<p>The new terminal opened on Monday.</p><br/>");
  EXPECT_EQ(m.description(), "The new terminal opened on Monday.");
  EXPECT_EQ(m.section(), "");
  EXPECT_EQ(std::vector<std::string>(m.tags().begin(), m.tags().end()),
            (std::vector<std::string>{"harbour", "ferry"}));
  // A ticker in angle brackets is text.
  EXPECT_EQ(make("Shares of Acme <EXMP.O> rose.").description(), "Shares of Acme <EXMP.O> rose.");
}

TEST(MetaTags, RelativeAndSlippedUrlsAreMadeWhole) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.harbourgazette.example/news/ferry.html?ref=home");
  v1::LinkTag* canonical = doc.mutable_signals()->add_links();
  canonical->set_rel("canonical");
  canonical->set_href("ferry-terminal.html");
  AddMeta(doc, "og:image", "http:/cdn.harbourgazette.example/ferry.jpg", "property");
  AddBlock(doc, v1::HEADING, "Mayor opens the new ferry terminal", false, 1);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  v1::Metadata m = Extract(doc).metadata();
  EXPECT_EQ(m.canonical_url(), "https://www.harbourgazette.example/news/ferry-terminal.html");
  EXPECT_EQ(m.image(), "http://cdn.harbourgazette.example/ferry.jpg");
}

}  // namespace
}  // namespace newspipe::extract
