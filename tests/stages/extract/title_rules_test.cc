// Which headline stands for the page when the markup titles and the <h1>s disagree.
#include <gtest/gtest.h>

#include "stages/extract/title.h"
#include "test_docs.h"

namespace newspipe::extract {
namespace {

using testing::AddBlock;
using testing::AddMeta;
using testing::Extract;

v1::Document SharingTitlePage(const std::string& og_title, const std::string& shown_line) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.modeblog.example.de/gift-guide");
  doc.mutable_signals()->set_title_tag("Christmas Gift Guide | Modeblog | Jetzt entdecken!");
  AddMeta(doc, "og:title", og_title, "property");
  AddMeta(doc, "og:site_name", "Modeblog", "property");
  doc.mutable_signals()->add_h1("Mein cosy Home Gift Guide bei Westwing");
  doc.mutable_signals()->add_h1("Das ist Liebe in deinem Posteingang: Unser Newsletter!");
  AddBlock(doc, v1::HEADING, "Mein cosy Home Gift Guide bei Westwing", false, 1);
  AddBlock(doc, v1::PARAGRAPH, shown_line);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  AddBlock(doc, v1::HEADING, "Das ist Liebe in deinem Posteingang: Unser Newsletter!", true, 1);
  return Extract(doc);
}

TEST(TitleRules, UnshownSharingTitleGivesWayToTheFirstHeadlineH1) {
  EXPECT_EQ(SharingTitlePage("Christmas Gift Guide | Modeblog | Jetzt entdecken!",
                             "Ein paar Ideen für zu Hause.")
                .metadata()
                .title(),
            "Mein cosy Home Gift Guide bei Westwing");
  // The page shows the markup title (here with a kicker before it): it stands.
  EXPECT_EQ(
      SharingTitlePage("Christmas Gift Guide", "Advent: Christmas Gift Guide").metadata().title(),
      "Christmas Gift Guide");
}

TEST(TitleRules, SiteNameAndLabelH1sAreSkipped) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.papierkunst.example.org/minions");
  doc.mutable_signals()->set_title_tag("Minions malen - mit Rolle & Farbe");
  AddMeta(doc, "og:title", "Minions malen - mit Rolle & Farbe", "property");
  AddMeta(doc, "og:site_name", "Papierkunst", "property");
  doc.mutable_signals()->add_h1("Navigation und Service");
  doc.mutable_signals()->add_h1("Papierkunst");
  doc.mutable_signals()->add_h1("Neue Beiträge");
  doc.mutable_signals()->add_h1("Minions mit Schablonen malen – mit Malerrolle und bunten Farben");
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_EQ(Extract(doc).metadata().title(),
            "Minions mit Schablonen malen – mit Malerrolle und bunten Farben");
}

TEST(TitleRules, H1ThatIsTheTitlesLastPieceNamesTheBlog) {
  auto make = [](const std::string& title_tag, bool shown) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.kochseite.example.de/rinderleber");
    doc.mutable_signals()->set_title_tag(title_tag);
    doc.mutable_signals()->add_h1("Liebe geht durch den Magen");
    AddBlock(doc, v1::HEADING, "Liebe geht durch den Magen", true, 1);
    if (shown) AddBlock(doc, v1::HEADING, "Rinderleber mit Apfel und Zwiebel", false, 2);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(make("Rinderleber mit Apfel und Zwiebel | Liebe geht durch den Magen", true),
            "Rinderleber mit Apfel und Zwiebel");
  // Not shown on the page as a line of its own: no reason to doubt the <h1>.
  EXPECT_EQ(make("Rinderleber mit Apfel und Zwiebel | Liebe geht durch den Magen", false),
            "Liebe geht durch den Magen");
  // "Kicker: Headline" puts the headline after the colon.
  EXPECT_EQ(make("Rinderleber mit Apfel und Zwiebel: Liebe geht durch den Magen", true),
            "Liebe geht durch den Magen");
}

TEST(TitleRules, OnlyH1GoingOnInLowerCaseBeatsTheBlockTheTitleMatches) {
  auto make = [](const std::string& h1) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.akku-news.example.de/ultium");
    doc.mutable_signals()->set_title_tag("Ultium erhöht Gigafactory-Kapazität - Akku-News.de");
    doc.mutable_signals()->add_h1(h1);
    AddBlock(doc, v1::LIST_ITEM, "Akku-News", true);
    AddBlock(doc, v1::PARAGRAPH, "Ultium erhöht Gigafactory-Kapazität", true);
    AddBlock(doc, v1::HEADING, h1, false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(make("Ultium erhöht Gigafactory-Kapazität in Tennessee"),
            "Ultium erhöht Gigafactory-Kapazität in Tennessee");
  // A capitalised word after the title starts a subtitle: the title's block stands.
  EXPECT_EQ(make("Ultium erhöht Gigafactory-Kapazität Neue Zellen für Tennessee"),
            "Ultium erhöht Gigafactory-Kapazität");
}

TEST(TitleRules, SiteNameTakenOffOneEndOnly) {
  // The site's name ends the title; the first piece, which the host also spells, is the
  // headline's own.
  EXPECT_EQ(StripSiteName("Welpen kaufen – Tipps zu jeder Hunderasse | Welpenkaufen24", {},
                          "www.welpenkaufen24.example"),
            "Welpen kaufen – Tipps zu jeder Hunderasse");
  // Nothing at the end: the site's name opens the title.
  EXPECT_EQ(
      StripSiteName("Welpenkaufen24 - Tipps zu jeder Hunderasse", {}, "www.welpenkaufen24.example"),
      "Tipps zu jeder Hunderasse");
  // An <h1> that the stripped title states exactly is taken whole.
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.welpenkaufen24.example/");
  doc.mutable_signals()->set_title_tag(
      "Welpen kaufen – Tipps zu jeder Hunderasse | Welpenkaufen24");
  doc.mutable_signals()->add_h1("Welpen kaufen – Tipps zu jeder Hunderasse");
  AddBlock(doc, v1::HEADING, "Welpen kaufen – Tipps zu jeder Hunderasse", false, 1);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_EQ(Extract(doc).metadata().title(), "Welpen kaufen – Tipps zu jeder Hunderasse");
}

TEST(TitleRules, SiteNameFieldHoldingThePagesTitleNamesNoSite) {
  const std::string headline =
      "Cup-Vorschau: Beim BSV Stans freut man sich auf ein Bruderduell und viele Fans";
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.handballverband.example.ch/de/news/cup-vorschau");
  doc.mutable_signals()->set_title_tag(headline + " - Handball Schweiz");
  AddMeta(doc, "application-name", headline + " - Handball Schweiz");
  doc.mutable_signals()->add_h1(headline);
  AddBlock(doc, v1::HEADING, headline, false, 1);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  doc = Extract(doc);
  EXPECT_EQ(doc.metadata().title(), headline);
  EXPECT_NE(doc.metadata().site_name(), headline + " - Handball Schweiz");
}

TEST(TitleRules, TitleInComposedForm) {
  auto title_of = [](const std::string& h1) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.news.example.com/story");
    doc.mutable_signals()->set_title_tag(h1);
    doc.mutable_signals()->add_h1(h1);
    AddBlock(doc, v1::HEADING, h1, false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc).metadata().title();
  };
  // A letter and its combining mark come together: "Mu" + U+0308 + "nchen" is "München".
  EXPECT_EQ(title_of("Neues aus Mu\u0308nchen"), "Neues aus M\u00fcnchen");
  // Bengali "ড়" (U+09DC) is written as "ড" and a nukta in the composed form.
  EXPECT_EQ(title_of("\u09ac\u09be\u09dc\u09bf\u09b0 \u09b8\u09be\u09ae\u09a8\u09c7"),
            "\u09ac\u09be\u09a1\u09bc\u09bf\u09b0 \u09b8\u09be\u09ae\u09a8\u09c7");
  EXPECT_EQ(title_of("Plain headline here"), "Plain headline here");
}

TEST(TitleRules, TitleNamingOnlyTheSiteGivesWayToTheLineBeforeTheBody) {
  auto title_of = [](const std::string& line) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.stilmagazin.example.de/story/interview");
    doc.mutable_signals()->set_title_tag("STIL • Stil Magazine");
    AddMeta(doc, "og:site_name", "Stil Magazine", "property");
    AddMeta(doc, "og:title", "Stil Magazine", "property");
    doc.mutable_signals()->add_h1("Stil Magazine");
    AddBlock(doc, v1::HEADING, "STIL", false, 2);
    AddBlock(doc, v1::METADATA_LINE, "November 2022");
    AddBlock(doc, v1::PARAGRAPH, line);
    AddBlock(doc, v1::PARAGRAPH,
             "Es gibt Ereignisse, die eine Biografie für immer in zwei Teile zerschneiden, in "
             "ein Davor und ein Danach.");
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(title_of("Davor und Danach"), "Davor und Danach");
  // A line too short to read as a headline leaves the site's name.
  EXPECT_EQ(title_of("Interview"), "Stil Magazine");
}

TEST(TitleRules, WebArchiveCopyNamesTheArchivedSite) {
  auto make = [](const std::string& url) {
    v1::Document doc;
    doc.mutable_fetch()->set_url(url);
    doc.mutable_signals()->set_title_tag("Muffin Grundrezept : Muffin Rezepte");
    doc.mutable_signals()->add_h1("Muffin Rezepte");
    AddBlock(doc, v1::HEADING, "Muffin Rezepte", true, 1);
    AddBlock(doc, v1::PARAGRAPH, "Muffin Grundrezept");
    AddBlock(doc, v1::PARAGRAPH,
             "Dieses Grundrezept ist die Basis für viele Muffins mit Obst oder Schokolade.");
    return Extract(doc).metadata();
  };
  v1::Metadata archived =
      make("https://web.archive.org/web/20190717140047/http://www.muffinrezept.example/grund");
  // The archived site's host, not the archive's, names the site's piece of the title.
  EXPECT_EQ(archived.title(), "Muffin Grundrezept");
  EXPECT_EQ(archived.site_name(), "muffinrezept.example");
  EXPECT_EQ(make("https://web.archive.org/web/20190717140047/").site_name(), "web.archive.org");
}

TEST(TitleRules, H1NamingTheSiteIsNoHeadlineBeforeAGenericSuffix) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.time4talks.example/2014/02/kinos");
  doc.mutable_signals()->set_title_tag(
      "Time 4 talks \u00bb Blog Archiv \u00bb Weitere Digitalisierung der Schweizer Kinos");
  doc.mutable_signals()->add_h1("Time 4 talks");
  AddBlock(doc, v1::HEADING, "Time 4 talks", true, 1);
  AddBlock(doc, v1::HEADING, "Weitere Digitalisierung der Schweizer Kinos", false, 2);
  AddBlock(doc, v1::PARAGRAPH,
           "Die Kinos in der Schweiz stellen weiter auf digitale Projektion um, meldet der "
           "Verband.");
  EXPECT_EQ(Extract(doc).metadata().title(), "Weitere Digitalisierung der Schweizer Kinos");
}

TEST(TitleRules, HostSpellsTheUmlautsOut) {
  EXPECT_EQ(StripSiteName("Aggression Fotografie - jürgen heitmann fotografie", {},
                          "www.juergenheitmann.example"),
            "Aggression Fotografie");
  EXPECT_EQ(StripSiteName("Neue Gärten - Grüne Welt", {}, "www.gruenewelt.example"), "Neue Gärten");
  // Another name keeps its piece.
  EXPECT_EQ(StripSiteName("Aggression Fotografie - jürgen heitmann fotografie", {},
                          "www.fotoblog.example"),
            "Aggression Fotografie - jürgen heitmann fotografie");
}

TEST(TitleRules, OrganisationWithItsLegalFormNamesTheSite) {
  EXPECT_EQ(StripSiteName("Neue Levelpässe bestellen | Deutscher Schwimmverband e.V.", {},
                          "www.verband.example"),
            "Neue Levelpässe bestellen");
  EXPECT_EQ(StripSiteName("Beispiel Werke GmbH - Neue Halle eröffnet", {}, "www.werke.example"),
            "Neue Halle eröffnet");
  // A legal form inside the headline is the headline's.
  EXPECT_EQ(StripSiteName("Kartellamt prüft Übernahme durch die Beispiel AG | Wirtschaft heute",
                          {"Wirtschaft heute"}, "www.wirtschaft.example"),
            "Kartellamt prüft Übernahme durch die Beispiel AG");
}

}  // namespace
}  // namespace newspipe::extract
