// Which date stands for the page when markup and the text the reader sees disagree: hidden
// text, slashed markup dates, <time> elements, date lines kept with the article.
#include <gtest/gtest.h>

#include "stages/common/document_json.h"
#include "test_docs.h"

namespace newspipe::extract {
namespace {

using testing::AddBlock;
using testing::AddMeta;
using testing::Extract;

std::string Day(const v1::Document& doc) {
  return FormatLocal(doc.metadata().published()).substr(0, 10);
}

TEST(DateRules, HiddenTextDoesNotShowTheMarkupsDate) {
  auto make = [](bool hidden) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.verband.example.de/presse/klima");
    v1::TimeTag* t = doc.mutable_signals()->add_times();
    t->set_datetime("2021-10-26T19:12:48+01:00");
    t->set_itemprop("datePublished");
    v1::Block* copy = AddBlock(doc, v1::PARAGRAPH, "Klima de-DE 2021-10-26T19:12:48", hidden);
    if (hidden) copy->set_rule("structure:hidden");
    AddBlock(doc, v1::HEADING, "Mehr Familien suchen Beratung", false, 1);
    AddBlock(doc, v1::METADATA_LINE, "Berlin, 28.10.2021");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc);
  };
  // Only a hidden copy writes the markup's day: the page shows the date line's.
  EXPECT_EQ(Day(make(true)), "2021-10-28");
  // The same text visible on the page: the markup's day is shown, and stays.
  EXPECT_EQ(Day(make(false)), "2021-10-26");
}

TEST(DateRules, SlashedMarkupDateTakesTheReadingThePageShows) {
  auto make = [](const std::string& shown) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.zeitung.example.ch/seeufer");
    AddMeta(doc, "date", "05/03/2024 09:17:26");
    AddBlock(doc, v1::HEADING, "Seeufer wird saniert", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::METADATA_LINE, shown, true);
    return Extract(doc);
  };
  // A Swiss site writes day first, but the page shows 3 May: the markup was month first.
  EXPECT_EQ(Day(make("Erstellt am: 03.05.2024")), "2024-05-03");
  // The page shows the site's own reading: it stands.
  EXPECT_EQ(Day(make("Erstellt am: 05.03.2024")), "2024-03-05");
  // Nothing shown either way: the site's custom decides.
  EXPECT_EQ(Day(make("Kontakt")), "2024-03-05");
}

TEST(DateRules, TimeElementShowingAnEarlierDayBeatsUnshownMarkup) {
  auto make = [](const std::string& datetime, const std::string& text) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.heizratgeber.example.de/erdwaerme");
    AddMeta(doc, "article:published_time", "2021-09-21T08:21:40Z", "property");
    v1::TimeTag* t = doc.mutable_signals()->add_times();
    t->set_datetime(datetime);
    t->set_text(text);
    t->set_in_main(true);
    AddBlock(doc, v1::HEADING, "Erdwärme im Fachwerkhaus", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::METADATA_LINE, text);
    return Extract(doc);
  };
  // Eight months before the markup's day, and the page shows it: the page's date.
  EXPECT_EQ(Day(make("2021-01-19", "19.01.2021")), "2021-01-19");
  // A later <time> (a comment's, a teaser's) leaves the markup alone.
  EXPECT_EQ(Day(make("2022-04-12", "12.04.2022")), "2021-09-21");
}

TEST(DateRules, DateLineKeptWithTheArticleBeatsOneInTheHeader) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.islandnews.example.com/crime/marina");
  AddBlock(doc, v1::METADATA_LINE, "May 11, 2022", true)->set_rule("structure:header");
  AddBlock(doc, v1::HEADING, "Officers find crates at the marina", false, 1);
  AddBlock(doc, v1::METADATA_LINE, "Staff | May 10, 2022 03:17:08 PM");
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_EQ(Day(Extract(doc)), "2022-05-10");
}

TEST(DateRules, FurnitureDateLinesWaitForTheLinesByTheHeadline) {
  auto make = [](const std::string& furniture_rule) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.theater.example.de/kolumne/maske");
    AddBlock(doc, v1::METADATA_LINE, "Donnerstag, 07. März 2024", true)->set_rule(furniture_rule);
    AddBlock(doc, v1::HEADING, "Hinter der Maske", false, 1);
    AddBlock(doc, v1::PARAGRAPH, "06. März 2024. Rollen aus Schminke und Pailletten.");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc);
  };
  // The header's stamp is today's date: the line under the headline dates the article.
  EXPECT_EQ(Day(make("structure:header")), "2024-03-06");
  EXPECT_EQ(Day(make("class:related")), "2024-03-06");
  EXPECT_EQ(Day(make("class:comments")), "2024-03-06");
  // A date line removed for another reason is still the page's date line.
  EXPECT_EQ(Day(make("link-density")), "2024-03-07");
}

TEST(DateRules, UpdateOnlyDateLineWaitsForThePublishedDate) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.revue.example.fr/enquetes/affaires");
  AddBlock(doc, v1::HEADING, "Les comptes de la région", false, 1);
  AddBlock(doc, v1::PARAGRAPH, "| 12 octobre 2018");
  AddBlock(doc, v1::METADATA_LINE, "Article mis à jour le 4 février 2021.");
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_EQ(Day(Extract(doc)), "2018-10-12");
}

TEST(DateRules, KeptDateLineByTheHeadlineBeatsBylineElements) {
  auto make = [](bool kept) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.divers.example.net/news/messe");
    doc.mutable_signals()->add_bylines("09.10.2021");
    AddBlock(doc, v1::HEADING, "Markt verschoben", false, 1);
    AddBlock(doc, v1::METADATA_LINE, "24.01.2022 11:38", !kept);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::BYLINE, "09.10.2021", true)->set_rule("outside-main");
    return Extract(doc);
  };
  EXPECT_EQ(Day(make(true)), "2022-01-24");
  // A removed line next to the headline still comes after the byline elements.
  EXPECT_EQ(Day(make(false)), "2021-10-09");
}

TEST(DateRules, CommentStampIsNoBylineDate) {
  auto make = [](const std::string& rule) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.fotoblog.example.com/laptop-fan");
    AddBlock(doc, v1::METADATA_LINE, "Robin · April 19, 2019 · Tech · 5 comments", true)
        ->set_rule("outside-main");
    AddBlock(doc, v1::HEADING, "Laptop fan noise fixed", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::BYLINE, "October 19, 2019", true)->set_rule(rule);
    doc.mutable_signals()->add_bylines("October 19, 2019");
    return Extract(doc);
  };
  // The last comment's stamp: the page's own line under the post dates it.
  EXPECT_EQ(Day(make("class:comments")), "2019-04-19");
  // The same element elsewhere is the byline's date.
  EXPECT_EQ(Day(make("link-density")), "2019-10-19");
}

TEST(DateRules, VideoUploadDateWhenNothingSaysMore) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.sender.example.de/video/sendung");
  AddMeta(doc, "uploaddate", "2019-10-16T18:15:00Z", "itemprop");
  AddBlock(doc, v1::HEADING, "Der Handel mit den Träumen", false, 1);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_EQ(Day(Extract(doc)), "2019-10-16");
}

TEST(DateRules, DateLineWithoutItsYearTakesTheCopyrightsYearByItsWeekday) {
  auto make = [](const std::string& line, const std::string& footer) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "Ferry crews strike again", false, 1);
    AddBlock(doc, v1::METADATA_LINE, line);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, footer, true);
    return Extract(doc);
  };
  // 14 March was a Thursday in 2019.
  EXPECT_EQ(Day(make("Thu 14 Mar, 9:15 AM", "Copyright \u00a9 2019 Island Gazette")), "2019-03-14");
  // A stale copyright year that no weekday fits: no date rather than a guess.
  EXPECT_EQ(Day(make("Thu 14 Mar, 9:15 AM", "Copyright \u00a9 2016 Island Gazette")), "");
  // No copyright line: no year to start from.
  EXPECT_EQ(Day(make("Thu 14 Mar, 9:15 AM", "Contact the desk")), "");
}

TEST(DateRules, SentenceNamingAWeekdayAndDayIsNoDateLine) {
  v1::Document doc;
  AddBlock(doc, v1::HEADING, "Ferry crews strike again", false, 1);
  AddBlock(doc, v1::PARAGRAPH, "The ferries sail again on Thursday, March 14 in the morning.");
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  AddBlock(doc, v1::PARAGRAPH, "\u00a9 2019 Island Gazette", true);
  EXPECT_EQ(Day(Extract(doc)), "");
}

TEST(DateRules, DateLineUnderAHeadlineThatIsNoH1) {
  v1::Document doc;
  doc.mutable_signals()->set_title_tag("Ferry crews strike again");
  AddBlock(doc, v1::PARAGRAPH, "Tuesday, March 19, 2019 Weather: mild", true);
  AddBlock(doc, v1::PARAGRAPH, "A teaser for another story that the layout kept.");
  constexpr int kMenuItems = 70;
  for (int i = 0; i < kMenuItems; ++i) AddBlock(doc, v1::LIST_ITEM, "Menu entry", true);
  AddBlock(doc, v1::HEADING, "Ferry crews strike again", false, 2);
  AddBlock(doc, v1::METADATA_LINE, "Thursday, March 14, 2019");
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  // The headline is a lower heading the <title> names: the date line under it is the page's,
  // not the header's stamp of the day.
  EXPECT_EQ(Day(Extract(doc)), "2019-03-14");
}

TEST(DateRules, DateASentenceTellsOfIsNoDateOfThePage) {
  auto make = [](const std::string& sentence) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "Ferry crews strike again", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, sentence);
    return Extract(doc);
  };
  // The last strike, years before the story: no date rather than that one.
  EXPECT_EQ(Day(make("The crews last walked out on March 3, 2019, after the pay talks failed.")),
            "");
  // A post's stamp with its time of day, or a line that opens with its date, still dates it.
  EXPECT_EQ(
      Day(make("This entry was posted on March 3, 2019 at 21:07 and is filed under Harbour.")),
      "2019-03-03");
  EXPECT_EQ(Day(make("HARBOUR TOWN, March 3, 2019 - The crews walked out again at dawn.")),
            "2019-03-03");
}

TEST(DateRules, NumericDateReadsTheWayThePagesOtherDatesDo) {
  auto make = [](const std::string& other, const std::string& url) {
    v1::Document doc;
    if (!url.empty()) doc.mutable_fetch()->set_url(url);
    AddBlock(doc, v1::HEADING, "Ferry crews strike again", false, 1);
    AddBlock(doc, v1::METADATA_LINE, "Posted 09/01/19 10:18");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, other, true);
    return Extract(doc);
  };
  // No country known: month first by default (1 September), but the page's other dates lie
  // in January, near 9 January and months from September.
  EXPECT_EQ(Day(make("Fixtures: Jan 15th 2019", "")), "2019-01-09");
  // No other date to go by: the default reading stays.
  EXPECT_EQ(Day(make("Fixtures: soon", "")), "2019-09-01");
  // The host's country tells the custom: it stands.
  EXPECT_EQ(Day(make("Fixtures: Jan 15th 2019", "https://www.harbourtimes.example.us/a")),
            "2019-09-01");
}

TEST(DateRules, KeptDateLineNearTheTopBeatsARemovedOne) {
  v1::Document doc;
  AddBlock(doc, v1::METADATA_LINE, "Wednesday 20 March 2019", true);  // the header's "today"
  constexpr int kMenuItems = 20;
  for (int i = 0; i < kMenuItems; ++i) AddBlock(doc, v1::LIST_ITEM, "Menu entry", true);
  AddBlock(doc, v1::METADATA_LINE, "March 14, 2019");  // kept with the article
  for (int i = 0; i < kMenuItems; ++i) AddBlock(doc, v1::LIST_ITEM, "Menu entry", true);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_EQ(Day(Extract(doc)), "2019-03-14");
}

TEST(DateRules, DateSetAsAHeadingUnderTheHeadlineIsItsDateLine) {
  v1::Document doc;
  AddBlock(doc, v1::METADATA_LINE, "Wednesday, March 20, 2019", true);
  AddBlock(doc, v1::HEADING, "Ferry crews strike again", false, 1);
  AddBlock(doc, v1::HEADING, "by the Island Gazette", false, 3);
  AddBlock(doc, v1::HEADING, "Thursday March 14, 2019, 5:00 AM", false, 3);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  // The header's stamp of the day is the site's; the heading under the headline the article's.
  EXPECT_EQ(Day(Extract(doc)), "2019-03-14");
}

TEST(DateRules, DateLinesGoByTheLineTheTitleWasReadFrom) {
  v1::Document doc;
  doc.mutable_signals()->set_title_tag("Ferry crews strike again - Island Gazette");
  AddBlock(doc, v1::METADATA_LINE, "Wednesday, 20 March 2019", true);  // the header's "today"
  AddBlock(doc, v1::PARAGRAPH, "A teaser for another story that the layout kept.");
  constexpr int kMenuItems = 150;
  for (int i = 0; i < kMenuItems; ++i) AddBlock(doc, v1::LIST_ITEM, "Menu entry", true);
  // A table layout: the headline is a bold paragraph, the date line under it was not kept.
  AddBlock(doc, v1::PARAGRAPH, "Ferry crews strike again");
  AddBlock(doc, v1::METADATA_LINE, "14 March 2019 - 5:57PM", true);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  const v1::Document out = Extract(doc);
  ASSERT_EQ(out.metadata().title(), "Ferry crews strike again");
  EXPECT_EQ(Day(out), "2019-03-14");
}

TEST(DateRules, LogoInAnH1IsNoHeadlineToLookForDatesBy) {
  v1::Document doc;
  doc.mutable_signals()->set_title_tag("Ferry crews strike again");
  AddBlock(doc, v1::HEADING, "Island Gazette", true, 1);               // the logo
  AddBlock(doc, v1::METADATA_LINE, "Wednesday, 20 March 2019", true);  // the header's "today"
  AddBlock(doc, v1::PARAGRAPH, "A teaser for another story that the layout kept.");
  constexpr int kMenuItems = 30;
  for (int i = 0; i < kMenuItems; ++i) AddBlock(doc, v1::LIST_ITEM, "Menu entry", true);
  AddBlock(doc, v1::HEADING, "Ferry crews strike again", false, 2);
  AddBlock(doc, v1::METADATA_LINE, "Posted at 6:47am on 14 Mar 2019");
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  const v1::Document out = Extract(doc);
  ASSERT_EQ(out.metadata().title(), "Ferry crews strike again");
  EXPECT_EQ(Day(out), "2019-03-14");
}

TEST(DateRules, DateInATableCellUnderTheHeadlineAndItsPhotoIsItsDateLine) {
  v1::Document doc;
  AddBlock(doc, v1::METADATA_LINE, "WEDNESDAY, MAR 20, 2019", true);  // the header's "today"
  AddBlock(doc, v1::HEADING, "Ferry crews strike again", false, 1);
  AddBlock(doc, v1::CAPTION, "ABOVE: the ferry at the pier");
  AddBlock(doc, v1::TABLE_CELL, "14th March 2019");
  AddBlock(doc, v1::TABLE_CELL, std::string(300, 'x'));
  EXPECT_EQ(Day(Extract(doc)), "2019-03-14");
}

TEST(DateRules, DateUnderAPublishedLabelIsADateLine) {
  auto make = [](const std::string& label) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.verband.example.de/presse/vorstand");
    AddMeta(doc, "dc.date", "2021-10-15");
    doc.mutable_signals()->add_bylines("15.10.2021");
    AddBlock(doc, v1::HEADING, "Neuer Vorstand gewählt", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, label);
    AddBlock(doc, v1::HEADING, "13.10.2021", false, 3);
    return Extract(doc);
  };
  EXPECT_EQ(Day(make("Erschienen am:")), "2021-10-13");
  // Under another label the date is no statement of publication: the markup stays.
  EXPECT_EQ(Day(make("Nächster Termin:")), "2021-10-15");
}

TEST(DateRules, HowToGuideIsAnArticleInJsonLd) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.wohnen.example.de/diy/laeufer");
  doc.mutable_signals()->add_json_ld(
      R"({"@context":"https://schema.org","@type":"HowTo","name":"Einen ovalen Läufer häkeln",
          "datePublished":"2022-02-14T21:14:37:512Z","step":[{"@type":"HowToStep"}]})");
  AddBlock(doc, v1::HEADING, "Einen ovalen Läufer häkeln", false, 1);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  // A guide dates itself like an article; milliseconds after a colon do not spoil the day.
  EXPECT_EQ(Day(Extract(doc)), "2022-02-14");
}

TEST(DateRules, BlogDayHeaderAboveThePostTitle) {
  auto make = [](const std::string& header) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://buecherblog.example.com/2017/09/rezension.html");
    doc.mutable_signals()->set_title_tag("Buecherblog: [Rezi] Fernweh");
    AddBlock(doc, v1::HEADING, header, true, 2)->set_rule("class:header");
    AddBlock(doc, v1::HEADING, "[Rezi] Fernweh", false, 3);
    AddBlock(doc, v1::PARAGRAPH, "Verlag: Beispielhaus");
    AddBlock(doc, v1::METADATA_LINE, "Erscheinungsdatum: 14.08.2017");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc);
  };
  // The day header over the post's title dates the post, not the book's release below it.
  EXPECT_EQ(Day(make("Samstag, 9. September 2017")), "2017-09-09");
  // A heading that is more than a date is no day header.
  EXPECT_EQ(Day(make("Unsere Lieblingsbücher vom 9. September 2017")), "2017-08-14");
}

TEST(DateRules, UnshownMarkupAfterTheUrlsDayGivesWayToIt) {
  auto make = [](const std::string& url) {
    v1::Document doc;
    doc.mutable_fetch()->set_url(url);
    doc.mutable_signals()->add_json_ld(
        R"({"@type":"BlogPosting","headline":"Unter uns: Sylt",
            "datePublished":"2019-06-18T09:41:00+0200"})");
    doc.mutable_signals()->add_bylines("Jul 3, 2019");
    AddBlock(doc, v1::HEADING, "Unter uns: Sylt", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc);
  };
  // The URL was made when the post was first published; the markup carries a re-import.
  EXPECT_EQ(Day(make("https://www.magazin.example.de/home/2017/7/12/unter-uns-sylt")),
            "2017-07-12");
  // A URL day after the markup's says nothing against it: the page's shown date decides.
  EXPECT_EQ(Day(make("https://www.magazin.example.de/home/2019/8/12/unter-uns-sylt")),
            "2019-07-03");
}

TEST(DateRules, WebArchiveCopyIsReadInTheArchivedSitesZone) {
  auto make = [](const std::string& url) {
    v1::Document doc;
    doc.mutable_fetch()->set_url(url);
    AddMeta(doc, "date", "2014-01-27 19:02");
    AddBlock(doc, v1::HEADING, "Neue Radwege am Fluss", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return FormatLocal(Extract(doc).metadata().published());
  };
  // A German site's time without a zone is Berlin time, also in a web archive's copy.
  EXPECT_EQ(make("https://www.stadtblatt.example.de/radwege"), "2014-01-27T19:02:00+01:00");
  EXPECT_EQ(make("https://web.archive.org/web/20140201000000/http://www.stadtblatt.example.de/"
                 "radwege"),
            "2014-01-27T19:02:00+01:00");
}

TEST(DateRules, DateMentionedInASentenceOfTheBodyIsNoDateLine) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.harbourgazette.example/news/ferry");
  AddBlock(doc, v1::HEADING, "Council approves new ferry rules", false, 1);
  AddBlock(doc, v1::PARAGRAPH,
           "HARBOUR CITY - The council approved new rules for the ferry service on Tuesday after "
           "a long debate about fares.");
  AddBlock(doc, v1::PARAGRAPH,
           "Operators will be allowed to reduce or end their night service before the March 3, "
           "2019 deadline set by the port authority, the council said in a statement.");
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  AddBlock(doc, v1::METADATA_LINE, "Jan 5, 2021 11:46am EST", true)->set_rule("class:footer");
  // The sentence's deadline is what it is about; the date line further down dates the page.
  EXPECT_EQ(Day(Extract(doc)), "2021-01-05");
}

TEST(DateRules, SlashedDateIsReadByThePagesLanguageWhenTheHostTellsNoCountry) {
  auto make = [](const std::string& lang) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.gartenfreunde.example.com/beete");
    doc.mutable_signals()->set_html_lang(lang);
    AddBlock(doc, v1::HEADING, "Hochbeete im Herbst anlegen", false, 1);
    AddBlock(doc, v1::METADATA_LINE, "Gepostet am 05/03/2024");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc);
  };
  // A page in German writes the day first.
  EXPECT_EQ(Day(make("de")), "2024-03-05");
  // A page in English on a host of no country: the American reading, as before.
  EXPECT_EQ(Day(make("en")), "2024-05-03");
  EXPECT_EQ(Day(make("")), "2024-05-03");
  // A region declared with the language decides by itself.
  EXPECT_EQ(Day(make("en-GB")), "2024-03-05");
  EXPECT_EQ(Day(make("es-US")), "2024-05-03");
}

TEST(DateRules, UnshownMarkupGivesWayToTheUpdateTheBylineShows) {
  auto make = [](const std::string& line, const std::string& rule) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.homesteading.example.com/garden/pruning-roses");
    AddMeta(doc, "article:published_time", "2021-03-14T09:00:00Z", "property");
    AddBlock(doc, v1::HEADING, "When to prune climbing roses", false, 1);
    v1::Block* b = AddBlock(doc, v1::BYLINE, line, !rule.empty());
    if (!rule.empty()) b->set_rule(rule);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc);
  };
  // The page shows only the update of a later year: it presents itself with that date.
  EXPECT_EQ(Day(make("By Jo Lark | Updated June 2, 2024", "")), "2024-06-02");
  // The page also shows the markup's day: the markup stands.
  EXPECT_EQ(Day(make("By Jo Lark | March 14, 2021 | Updated June 2, 2024", "")), "2021-03-14");
  // An update in a sidebar is not the article's.
  EXPECT_EQ(Day(make("Updated June 2, 2024", "structure:aside")), "2021-03-14");
  // A date line that is no update, years from the markup's day, is about something else.
  EXPECT_EQ(Day(make("Event on June 2, 2024", "")), "2021-03-14");
}

TEST(DateRules, CaptionDateIsThePicturesNotThePages) {
  auto make = [](bool stamp) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.bergwetter.example.ch/news/eintrag?id=77");
    AddBlock(doc, v1::HEADING, "Neue Lawinenkarten fuer den Winter", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(400, 'x'));
    AddBlock(doc, v1::CAPTION, "Bild: Luftaufnahme des Talkessels vom 12.05.2019 (links)");
    AddBlock(doc, v1::PARAGRAPH, std::string(400, 'y'));
    if (stamp) {
      AddBlock(doc, v1::PARAGRAPH, "Letzte Aenderung:", true)->set_rule("teaser-section");
      AddBlock(doc, v1::METADATA_LINE, "17.02.2023 um 08:10", true)->set_rule("teaser-section");
    }
    return Extract(doc);
  };
  // The entry's stamp at its foot dates the page, not the picture's day near the headline.
  EXPECT_EQ(Day(make(true)), "2023-02-17");
  // The caption's date alone: the last resort still takes it.
  EXPECT_EQ(Day(make(false)), "2019-05-12");
}

TEST(DateRules, UpdateWordsOfMoreLanguagesMarkAnUpdate) {
  for (const char* update : {"Mise à jour le 9 mars 2023", "Actualisé le 9 mars 2023",
                             "Editiert am 09.03.2023", "Atualizado em 9 de março de 2023",
                             "Bijgewerkt op 9 maart 2023", "Last edited 9 March 2023"}) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.courrier.example.com/region/ecoles");
    AddBlock(doc, v1::HEADING, "Les écoles rouvrent", false, 1);
    AddBlock(doc, v1::METADATA_LINE, update);
    AddBlock(doc, v1::PARAGRAPH, "| 2 mars 2023");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    EXPECT_EQ(Day(Extract(doc)), "2023-03-02") << update;
  }
}

TEST(DateRules, MarkupDayStandsWhenTheTextNamesItsMonthAsTheFirstPublication) {
  auto make = [](const std::string& note) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.magazine.example.com/sante/sommeil-et-saisons");
    AddMeta(doc, "article:published_time", "2019-10-08T10:12:00+02:00", "property");
    AddMeta(doc, "article:modified_time", "2023-01-17T09:00:00+01:00", "property");
    AddBlock(doc, v1::HEADING, "Dormir selon les saisons", false, 1);
    AddBlock(doc, v1::METADATA_LINE, "17 janvier 2023");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, note);
    return Extract(doc);
  };
  // The page shows only the update's day, but says the article first appeared in the markup's
  // month: the markup's day stands.
  EXPECT_EQ(Day(make("* Cet article, initialement publié en octobre 2019, a été mis à jour.")),
            "2019-10-08");
  EXPECT_EQ(Day(make("This story was originally published on October 8, 2019.")), "2019-10-08");
  // Another month, or no such note: the day the page shows.
  EXPECT_EQ(Day(make("* Cet article, initialement publié en mai 2018, a été mis à jour.")),
            "2023-01-17");
  EXPECT_EQ(Day(make("Bonne nuit à tous.")), "2023-01-17");
}

TEST(DateRules, ProseDateAfterThePagesLastChangeIsSomethingToCome) {
  auto make = [](const std::string& footer) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://wiki.verein.example.org/index.php/Kochgruppe");
    AddBlock(doc, v1::HEADING, "Kochgruppe", false, 1);
    AddBlock(doc, v1::PARAGRAPH,
             "Das nächste Treffen ist am Do. 9. März 2023 ab 18 Uhr im Gemeindehaus.");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    if (!footer.empty()) AddBlock(doc, v1::LIST_ITEM, footer, true)->set_rule("structure:footer");
    return Extract(doc);
  };
  // The page was last changed before the meeting it announces: that change dates it.
  EXPECT_EQ(Day(make("Diese Seite wurde zuletzt am 20. Februar 2023 um 10:05 Uhr geändert.")),
            "2023-02-20");
  // Changed after it: the sentence tells of the meeting (DateInASentence), and the last change
  // dates the page; with no such statement nothing does.
  EXPECT_EQ(Day(make("Diese Seite wurde zuletzt am 15. März 2023 um 10:05 Uhr geändert.")),
            "2023-03-15");
  EXPECT_EQ(Day(make("")), "");
}

}  // namespace
}  // namespace newspipe::extract
