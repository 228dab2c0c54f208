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
  doc.mutable_signals()->set_title_tag("Winter Gift Guide | Modeblog | Jetzt entdecken!");
  AddMeta(doc, "og:title", og_title, "property");
  AddMeta(doc, "og:site_name", "Modeblog", "property");
  doc.mutable_signals()->add_h1("Mein cosy Living Gift Guide bei Stilhaus");
  doc.mutable_signals()->add_h1("Frische Ideen direkt in dein Postfach: Unser Newsletter!");
  AddBlock(doc, v1::HEADING, "Mein cosy Living Gift Guide bei Stilhaus", false, 1);
  AddBlock(doc, v1::PARAGRAPH, shown_line);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  AddBlock(doc, v1::HEADING, "Frische Ideen direkt in dein Postfach: Unser Newsletter!", true, 1);
  return Extract(doc);
}

TEST(TitleRules, UnshownSharingTitleGivesWayToTheFirstHeadlineH1) {
  EXPECT_EQ(SharingTitlePage("Winter Gift Guide | Modeblog | Jetzt entdecken!",
                             "Ein paar Ideen für zu Hause.")
                .metadata()
                .title(),
            "Mein cosy Living Gift Guide bei Stilhaus");
  // The page shows the markup title (here with a kicker before it): it stands.
  EXPECT_EQ(SharingTitlePage("Winter Gift Guide", "Advent: Winter Gift Guide").metadata().title(),
            "Winter Gift Guide");
}

TEST(TitleRules, SiteNameAndLabelH1sAreSkipped) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.papierkunst.example.org/sterne");
  doc.mutable_signals()->set_title_tag("Sterne drucken - mit Stempel & Farbe");
  AddMeta(doc, "og:title", "Sterne drucken - mit Stempel & Farbe", "property");
  AddMeta(doc, "og:site_name", "Papierkunst", "property");
  doc.mutable_signals()->add_h1("Navigation und Service");
  doc.mutable_signals()->add_h1("Papierkunst");
  doc.mutable_signals()->add_h1("Neue Beiträge");
  doc.mutable_signals()->add_h1("Sterne mit Stempeln drucken – mit Moosgummi und kräftigen Farben");
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_EQ(Extract(doc).metadata().title(),
            "Sterne mit Stempeln drucken – mit Moosgummi und kräftigen Farben");
}

TEST(TitleRules, H1ThatIsTheTitlesLastPieceNamesTheBlog) {
  auto make = [](const std::string& title_tag, bool shown) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.kochseite.example.de/kuerbissuppe");
    doc.mutable_signals()->set_title_tag(title_tag);
    doc.mutable_signals()->add_h1("Gutes aus dem eigenen Topf");
    AddBlock(doc, v1::HEADING, "Gutes aus dem eigenen Topf", true, 1);
    if (shown) AddBlock(doc, v1::HEADING, "Kürbissuppe mit Ingwer und Kokos", false, 2);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(make("Kürbissuppe mit Ingwer und Kokos | Gutes aus dem eigenen Topf", true),
            "Kürbissuppe mit Ingwer und Kokos");
  // Not shown on the page as a line of its own: no reason to doubt the <h1>.
  EXPECT_EQ(make("Kürbissuppe mit Ingwer und Kokos | Gutes aus dem eigenen Topf", false),
            "Gutes aus dem eigenen Topf");
  // "Kicker: Headline" puts the headline after the colon.
  EXPECT_EQ(make("Kürbissuppe mit Ingwer und Kokos: Gutes aus dem eigenen Topf", true),
            "Gutes aus dem eigenen Topf");
}

TEST(TitleRules, OnlyH1GoingOnInLowerCaseBeatsTheBlockTheTitleMatches) {
  auto make = [](const std::string& h1) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.akku-news.example.de/nordwerk");
    doc.mutable_signals()->set_title_tag("Nordwerk erweitert Zellfabrik-Kapazität - Akku-News.de");
    doc.mutable_signals()->add_h1(h1);
    AddBlock(doc, v1::LIST_ITEM, "Akku-News", true);
    AddBlock(doc, v1::PARAGRAPH, "Nordwerk erweitert Zellfabrik-Kapazität", true);
    AddBlock(doc, v1::HEADING, h1, false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(make("Nordwerk erweitert Zellfabrik-Kapazität in Ohio"),
            "Nordwerk erweitert Zellfabrik-Kapazität in Ohio");
  // A capitalised word after the title starts a subtitle: the title's block stands.
  EXPECT_EQ(make("Nordwerk erweitert Zellfabrik-Kapazität Neue Zellen für Ohio"),
            "Nordwerk erweitert Zellfabrik-Kapazität");
}

TEST(TitleRules, SiteNameTakenOffOneEndOnly) {
  // The site's name ends the title; the first piece, which the host also spells, is the
  // headline's own.
  EXPECT_EQ(StripSiteName("Kätzchen finden – Tipps zu jeder Katzenrasse | Katzenfinden24", {},
                          "www.katzenfinden24.example"),
            "Kätzchen finden – Tipps zu jeder Katzenrasse");
  // Nothing at the end: the site's name opens the title.
  EXPECT_EQ(StripSiteName("Katzenfinden24 - Tipps zu jeder Katzenrasse", {},
                          "www.katzenfinden24.example"),
            "Tipps zu jeder Katzenrasse");
  // An <h1> that the stripped title states exactly is taken whole.
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.katzenfinden24.example/");
  doc.mutable_signals()->set_title_tag(
      "Kätzchen finden – Tipps zu jeder Katzenrasse | Katzenfinden24");
  doc.mutable_signals()->add_h1("Kätzchen finden – Tipps zu jeder Katzenrasse");
  AddBlock(doc, v1::HEADING, "Kätzchen finden – Tipps zu jeder Katzenrasse", false, 1);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_EQ(Extract(doc).metadata().title(), "Kätzchen finden – Tipps zu jeder Katzenrasse");
}

TEST(TitleRules, SiteNameFieldHoldingThePagesTitleNamesNoSite) {
  const std::string headline =
      "Cup-Vorschau: Beim TV Rüti hofft man auf ein Derby und eine volle Halle";
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.handballverband.example.ch/de/news/cup-vorschau");
  doc.mutable_signals()->set_title_tag(headline + " - Handballverband Ost");
  AddMeta(doc, "application-name", headline + " - Handballverband Ost");
  doc.mutable_signals()->add_h1(headline);
  AddBlock(doc, v1::HEADING, headline, false, 1);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  doc = Extract(doc);
  EXPECT_EQ(doc.metadata().title(), headline);
  EXPECT_NE(doc.metadata().site_name(), headline + " - Handballverband Ost");
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
  EXPECT_EQ(title_of("\u09aa\u09be\u09b9\u09be\u09dc \u09a6\u09c7\u0996\u09be"),
            "\u09aa\u09be\u09b9\u09be\u09a1\u09bc \u09a6\u09c7\u0996\u09be");
  EXPECT_EQ(title_of("Plain headline here"), "Plain headline here");
}

TEST(TitleRules, TitleNamingOnlyTheSiteGivesWayToTheLineBeforeTheBody) {
  auto title_of = [](const std::string& line) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.formmagazin.example.de/story/interview");
    doc.mutable_signals()->set_title_tag("FORM • Form Magazine");
    AddMeta(doc, "og:site_name", "Form Magazine", "property");
    AddMeta(doc, "og:title", "Form Magazine", "property");
    doc.mutable_signals()->add_h1("Form Magazine");
    AddBlock(doc, v1::HEADING, "FORM", false, 2);
    AddBlock(doc, v1::METADATA_LINE, "November 2022");
    AddBlock(doc, v1::PARAGRAPH, line);
    AddBlock(doc, v1::PARAGRAPH,
             "Manche Jahre geben einem Leben einen neuen Takt, leiser und langsamer als "
             "zuvor.");
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(title_of("Ein Leben im Takt"), "Ein Leben im Takt");
  // A line too short to read as a headline leaves the site's name.
  EXPECT_EQ(title_of("Interview"), "Form Magazine");
}

TEST(TitleRules, WebArchiveCopyNamesTheArchivedSite) {
  auto make = [](const std::string& url) {
    v1::Document doc;
    doc.mutable_fetch()->set_url(url);
    doc.mutable_signals()->set_title_tag("Waffel Grundrezept : Waffel Rezepte");
    doc.mutable_signals()->add_h1("Waffel Rezepte");
    AddBlock(doc, v1::HEADING, "Waffel Rezepte", true, 1);
    AddBlock(doc, v1::PARAGRAPH, "Waffel Grundrezept");
    AddBlock(doc, v1::PARAGRAPH,
             "Dieses Grundrezept ist die Basis für viele Waffeln mit Beeren oder Zimt.");
    return Extract(doc).metadata();
  };
  v1::Metadata archived =
      make("https://web.archive.org/web/20180412093015/http://www.waffelrezept.example/grund");
  // The archived site's host, not the archive's, names the site's piece of the title.
  EXPECT_EQ(archived.title(), "Waffel Grundrezept");
  EXPECT_EQ(archived.site_name(), "waffelrezept.example");
  EXPECT_EQ(make("https://web.archive.org/web/20180412093015/").site_name(), "web.archive.org");
}

TEST(TitleRules, H1NamingTheSiteIsNoHeadlineBeforeAGenericSuffix) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.film4fans.example/2015/03/leinwand");
  doc.mutable_signals()->set_title_tag(
      "Film 4 fans \u00bb Blog Archiv \u00bb Neue Leinwände für die Tessiner Kinos");
  doc.mutable_signals()->add_h1("Film 4 fans");
  AddBlock(doc, v1::HEADING, "Film 4 fans", true, 1);
  AddBlock(doc, v1::HEADING, "Neue Leinwände für die Tessiner Kinos", false, 2);
  AddBlock(doc, v1::PARAGRAPH,
           "Die Kinos im Tessin erhalten neue Leinwände und Tonanlagen, meldet der "
           "Verband.");
  EXPECT_EQ(Extract(doc).metadata().title(), "Neue Leinwände für die Tessiner Kinos");
}

TEST(TitleRules, HostSpellsTheUmlautsOut) {
  EXPECT_EQ(
      StripSiteName("Nebel Fotografie - björn sander fotografie", {}, "www.bjoernsander.example"),
      "Nebel Fotografie");
  EXPECT_EQ(StripSiteName("Neue Gärten - Grüne Welt", {}, "www.gruenewelt.example"), "Neue Gärten");
  // Another name keeps its piece.
  EXPECT_EQ(StripSiteName("Nebel Fotografie - björn sander fotografie", {}, "www.fotoblog.example"),
            "Nebel Fotografie - björn sander fotografie");
}

TEST(TitleRules, OrganisationWithItsLegalFormNamesTheSite) {
  EXPECT_EQ(StripSiteName("Neue Startpässe bestellen | Deutscher Ruderverband e.V.", {},
                          "www.verband.example"),
            "Neue Startpässe bestellen");
  EXPECT_EQ(StripSiteName("Beispiel Werke GmbH - Neue Halle eröffnet", {}, "www.werke.example"),
            "Neue Halle eröffnet");
  // A legal form inside the headline is the headline's.
  EXPECT_EQ(StripSiteName("Kartellamt prüft Übernahme durch die Beispiel AG | Wirtschaft heute",
                          {"Wirtschaft heute"}, "www.wirtschaft.example"),
            "Kartellamt prüft Übernahme durch die Beispiel AG");
}

TEST(TitleRules, UnspacedCjkSiteSuffixIsRemoved) {
  auto make = [](const std::string& title_tag) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.chengshi-ribao.example/news/123.html");
    doc.mutable_signals()->set_title_tag(title_tag);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc).metadata().title();
  };
  // "City Daily" joined to the headline without spaces is the site's name.
  EXPECT_EQ(make("\u5e02\u6c11\u516c\u56ed\u65b0\u5f00\u653e\uff1a\u5468\u672b\u6e38\u5ba2"
                 "\u589e\u591a-\u57ce\u5e02\u65e5\u62a5"),
            "\u5e02\u6c11\u516c\u56ed\u65b0\u5f00\u653e\uff1a\u5468\u672b\u6e38\u5ba2\u589e"
            "\u591a");
  EXPECT_EQ(make("\u5e02\u6c11\u516c\u56ed\u65b0\u5f00\u653e\u6e38\u5ba2\u589e\u591a_"
                 "\u57ce\u5e02\u65e5\u62a5"),
            "\u5e02\u6c11\u516c\u56ed\u65b0\u5f00\u653e\u6e38\u5ba2\u589e\u591a");
  // A piece as long as the headline is no site name; a Latin title is left to the other rules.
  EXPECT_EQ(make("\u5e02\u6c11\u516c\u56ed-\u5468\u672b\u6e38\u5ba2\u589e\u591a"),
            "\u5e02\u6c11\u516c\u56ed-\u5468\u672b\u6e38\u5ba2\u589e\u591a");
  EXPECT_EQ(make("Parkfest-Bilanz"), "Parkfest-Bilanz");
}

TEST(TitleRules, KickerMentioningTheSiteBeforeAColonStays) {
  auto make = [](const std::string& h1) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.wohnwerk.example/ideen/beliebteste-projekte");
    AddMeta(doc, "og:site_name", "Wohnwerk", "property");
    doc.mutable_signals()->set_title_tag(h1);
    doc.mutable_signals()->add_h1(h1);
    AddBlock(doc, v1::HEADING, h1, false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc).metadata().title();
  };
  // A kicker that names the site among other words is part of the headline.
  EXPECT_EQ(make("Best of Wohnwerk 2024: Die beliebtesten Projekte des Jahres"),
            "Best of Wohnwerk 2024: Die beliebtesten Projekte des Jahres");
  // The site's name alone before the colon goes.
  EXPECT_EQ(make("Wohnwerk: Die beliebtesten Projekte des Jahres"),
            "Die beliebtesten Projekte des Jahres");
}

TEST(TitleRules, HeadingUnderTheH1ThatAMarkupTitleStates) {
  auto make = [](const std::string& og_title) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.geldratgeber.example/betriebsrente");
    doc.mutable_signals()->set_title_tag(
        "Betriebsrente im Überblick (2024) - Wann lohnt sie sich? | Geldratgeber");
    AddMeta(doc, "og:title", og_title, "property");
    AddMeta(doc, "og:site_name", "Geldratgeber", "property");
    doc.mutable_signals()->add_h1("Betriebsrente im Überblick");
    AddBlock(doc, v1::HEADING, "Betriebsrente im Überblick", false, 1);
    AddBlock(doc, v1::HEADING, "Mit dem Arbeitgeber fürs Alter sparen", false, 2);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc).metadata().title();
  };
  // The <h1> is the topic; the heading under it is the headline the markup states.
  EXPECT_EQ(make("Mit dem Arbeitgeber fürs Alter sparen"), "Mit dem Arbeitgeber fürs Alter sparen");
  // A markup title that states the <h1> keeps it.
  EXPECT_EQ(make("Betriebsrente im Überblick"), "Betriebsrente im Überblick");
}

TEST(TitleRules, MarkupTitleUnderTheH1WithoutTheHeadingsKicker) {
  auto make = [](const std::string& heading) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.fitnessheft.example/feiertage");
    doc.mutable_signals()->set_title_tag("Feiertage ohne Kilos: 8 Tipps | FITNESSHEFT");
    AddMeta(doc, "og:title", "8 Tricks für entspannte Feiertage", "property");
    AddMeta(doc, "title", "Feiertage ohne Kilos: 8 Tipps für ein leichtes Fest");
    doc.mutable_signals()->add_h1("Feiertage ohne Kilos: 8 Tipps");
    AddBlock(doc, v1::HEADING, "Feiertage ohne Kilos: 8 Tipps", true, 1);
    AddBlock(doc, v1::HEADING, heading, true, 2);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc).metadata().title();
  };
  // A carousel's <h1>; the heading under it is a kicker and the headline <meta name="title">
  // states.
  EXPECT_EQ(make("Leicht durch den Winter Feiertage ohne Kilos: 8 Tipps für ein leichtes Fest"),
            "Feiertage ohne Kilos: 8 Tipps für ein leichtes Fest");
  // A heading that ends otherwise leaves the <h1>.
  EXPECT_EQ(make("Leicht durch den Winter"), "Feiertage ohne Kilos: 8 Tipps");
}

TEST(TitleRules, FirstKeptLineOverASectionLineAndTheByline) {
  auto title_of = [](const std::string& between) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.lakesidedaily.example/news/2008/01/07/strike");
    doc.mutable_signals()->set_title_tag("Lakeside Daily for Northport, Eastbay and Millford");
    AddBlock(doc, v1::TABLE_CELL, "Home", true)->set_rule("structure:nav");
    AddBlock(doc, v1::TABLE_CELL, "With the ferry on strike, islanders row to the mainland");
    if (!between.empty()) AddBlock(doc, v1::TABLE_CELL, between);
    AddBlock(doc, v1::BYLINE, "By THE EXAMPLE PRESS");
    AddBlock(doc, v1::METADATA_LINE, "January 7, 2008");
    AddBlock(doc, v1::TABLE_CELL,
             "NORTHPORT — For the third day running, the islanders crossed the sound in their "
             "own boats while the ferry crews kept their picket line at the pier.");
    return Extract(doc).metadata().title();
  };
  const std::string headline = "With the ferry on strike, islanders row to the mainland";
  EXPECT_EQ(title_of(""), headline);
  // A service's line between the headline and the byline is passed over.
  EXPECT_EQ(title_of("Get Local News Feeds"), headline);
  // A sentence there is no such line: the first kept block is the body's opening.
  EXPECT_NE(title_of("Islanders say they will go on rowing until the crews return."), headline);
}

TEST(TitleRules, SiteAndSectionPiecesAroundTheHeadline) {
  // A site named as a domain and then a section before the headline, a section after it.
  EXPECT_EQ(StripSiteName("HarbourGazette.com | Sports | Council approves new stadium", {}, ""),
            "Council approves new stadium");
  EXPECT_EQ(StripSiteName("Council approves new stadium - Women's College Basketball", {}, ""),
            "Council approves new stadium");
  // A breadcrumb's labels after the site's name, with the site's separator, go whatever they
  // name; one before a colon is a kicker and stays.
  EXPECT_EQ(StripSiteName("HarbourGazette.com - Northport - Ferry crews: strike goes on", {}, ""),
            "Ferry crews: strike goes on");
  EXPECT_EQ(StripSiteName("HarbourGazette.com - Ferry: Crews strike again", {}, ""),
            "Ferry: Crews strike again");
  EXPECT_EQ(StripSiteName("HarbourGazette.com - East Bay - Islands - Ferry crews strike", {}, ""),
            "Ferry crews strike");
  // Before a colon the words are a kicker's, which the headline goes on from.
  EXPECT_EQ(StripSiteName("College Sports: Council approves new stadium", {}, ""),
            "College Sports: Council approves new stadium");
  // A block that copies the whole <title> loses the site and the section before the headline.
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.harbourgazette.example/2021/05/07/stadium");
  doc.mutable_signals()->set_title_tag(
      "HarbourGazette.com | Sports | Council approves new stadium");
  AddBlock(doc, v1::PARAGRAPH, "HarbourGazette.com | Sports | Council approves new stadium");
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_EQ(Extract(doc).metadata().title(), "Council approves new stadium");
}

TEST(TitleRules, BylineSetAsAHeadingIsNoHeadline) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.harbourgazette.example/2021/05/07/stadium");
  doc.mutable_signals()->set_title_tag("Mayor cuts the ribbon - Harbour Sports");
  doc.mutable_signals()->add_h1("Sport");
  AddBlock(doc, v1::HEADING, "Sport", true, 1);
  AddBlock(doc, v1::HEADING, "Council approves new stadium", false, 2);
  AddBlock(doc, v1::HEADING, "by Ines Varga, 7 May 2021", false, 3);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_EQ(Extract(doc).metadata().title(), "Council approves new stadium");
}

TEST(TitleRules, HiddenAndNavigationHeadingsAreNoHeadlines) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.gemeinde-seetal.example/projekte/werkhof");
  doc.mutable_signals()->set_title_tag("Werkhof - Neubau Gemeinde Seetal");
  AddBlock(doc, v1::HEADING, "Navigation mit Schnellzugriff", true, 2)->set_rule("class:hidden");
  AddBlock(doc, v1::HEADING, "Seitennavigation", true, 2)->set_rule("class:header");
  AddBlock(doc, v1::HEADING, "Neuer Werkhof f\u00fcr die Gemeinde Seetal", false, 1);
  AddBlock(doc, v1::HEADING, "Inhalt der Seite", true, 2)->set_rule("class:hidden");
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_EQ(Extract(doc).metadata().title(), "Neuer Werkhof f\u00fcr die Gemeinde Seetal");
}

TEST(TitleRules, TitleTagGivesWayToAHeadlineNotToAControlsLabel) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.harbourgazette.example/news/ferry");
  doc.mutable_signals()->set_title_tag("Mayor opens the new ferry terminal at last");
  AddBlock(doc, v1::PARAGRAPH, "Switch edition");
  AddBlock(doc, v1::PARAGRAPH,
           "The new terminal opened on Monday after three years of work on the harbour front, "
           "and the first ferry left at noon with two hundred passengers on board.");
  EXPECT_EQ(Extract(doc).metadata().title(), "Mayor opens the new ferry terminal at last");
}

TEST(TitleRules, SiteNameFieldsHoldingAUrlOrAReference) {
  auto site = [](const std::string& og_site_name) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.harbourgazette.example/news/ferry");
    AddMeta(doc, "og:site_name", og_site_name, "property");
    AddMeta(doc, "application-name", "Harbour Gazette");
    AddBlock(doc, v1::HEADING, "Mayor opens the new ferry terminal", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Extract(doc).metadata().site_name();
  };
  EXPECT_EQ(site("https://www.harbourgazette.example/"), "harbourgazette.example");
  EXPECT_EQ(site("/#organization"), "Harbour Gazette");
}

TEST(TitleRules, FirstKeptLineOverTheBodyIsTheHeadlineNotTheFurnitureAboveIt) {
  auto title_of = [](const std::string& first_line) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.lakesidedaily.example/news/ferry");
    doc.mutable_signals()->set_title_tag("Lakeside Daily Wire Service");
    AddBlock(doc, v1::TABLE_CELL, "Lakeside Daily", true)->set_rule("outside-main");
    AddBlock(doc, v1::TABLE_CELL, "Sunday Edition", true)->set_rule("outside-main");
    AddBlock(doc, v1::TABLE_CELL, first_line);
    AddBlock(doc, v1::TABLE_CELL,
             "Northport (EW): Islanders crossed the sound in their own boats on Monday while "
             "the ferry crews kept their picket line at the pier for a third day.");
    AddBlock(doc, v1::TABLE_CELL, "The crews want a new contract before the summer season.");
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(title_of("Islanders row to the mainland as ferry crews strike"),
            "Islanders row to the mainland as ferry crews strike");
  // A first line that ends like a sentence is the body's opening, no headline.
  EXPECT_NE(title_of("Islanders rowed to the mainland as the ferry crews went on strike."),
            "Islanders rowed to the mainland as the ferry crews went on strike.");
}

TEST(TitleRules, UnconfirmedSectionHeadingGivesWayToTheLineOverTheBody) {
  auto title_of = [](const std::string& line) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.lakesidedaily.example/news/ferry");
    AddBlock(doc, v1::HEADING, "Latest Stories", true, 2)->set_rule("outside-main");
    AddBlock(doc, v1::TABLE_CELL, line, true)->set_rule("outside-main");
    AddBlock(doc, v1::METADATA_LINE, "Monday, 7 January, 2008, 09:14", true)
        ->set_rule("outside-main");
    AddBlock(doc, v1::TABLE_CELL,
             "Islanders crossed the sound in their own boats on Monday while the ferry crews "
             "kept their picket line at the pier for a third day.");
    AddBlock(doc, v1::TABLE_CELL, "The crews want a new contract before the summer season.");
    return Extract(doc).metadata().title();
  };
  // No <title>, <h1> or markup title confirms the heading: the line over the date is the
  // headline.
  EXPECT_EQ(title_of("Ferry crews strike for a third day"), "Ferry crews strike for a third day");
  // A quoted sentence there is no headline, even with the quote mark closing it.
  EXPECT_EQ(title_of("\"We will row until the crews come back, whatever it takes.\""),
            "Latest Stories");
}

TEST(TitleRules, SiteBannerH1GivesWayToTheHeadingOverTheDateLine) {
  auto title_of = [](const std::string& h1) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.example-news.example/opinion/ferry");
    doc.mutable_signals()->set_title_tag("Lakeside Daily");
    doc.mutable_signals()->add_h1(h1);
    AddBlock(doc, v1::HEADING, h1, true, 1)->set_rule("outside-main");
    AddBlock(doc, v1::HEADING, "Opinion", false, 2);
    AddBlock(doc, v1::PARAGRAPH, "See the archive of the last seven days for more opinion pieces.");
    AddBlock(doc, v1::HEADING, "Row, islanders, row", false, 2);
    AddBlock(doc, v1::METADATA_LINE, "Mon Jan 7 2008");
    AddBlock(doc, v1::PARAGRAPH,
             "Islanders crossed the sound in their own boats on Monday while the ferry crews "
             "kept their picket line at the pier for a third day.");
    return Extract(doc).metadata().title();
  };
  // The <h1> is the <title>'s site name with a word added: the site's banner.
  EXPECT_EQ(title_of("Lakeside Daily Online"), "Row, islanders, row");
  // An <h1> that says more than the site's name is the page's own.
  EXPECT_EQ(title_of("Lakeside Daily readers row to the mainland"),
            "Lakeside Daily readers row to the mainland");
}

TEST(TitleRules, HeadingAppendixOpeningWithACommaIsNoHeadline) {
  auto title_of = [](const std::string& appendix) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.ministry.example/transport/ferries");
    doc.mutable_signals()->set_title_tag("Ferries and harbours - Ministry");
    const std::string h1 = "New engines for the harbour ferries : " + appendix;
    doc.mutable_signals()->add_h1(h1);
    doc.mutable_signals()->add_h1_parts("New engines for the harbour ferries");
    doc.mutable_signals()->add_h1_parts(appendix);
    AddBlock(doc, v1::HEADING, h1, false, 1);
    AddBlock(doc, v1::PARAGRAPH,
             "The ministry pays for cleaner engines on every ferry that crosses the sound, "
             "starting with the two oldest boats next spring.");
    return Extract(doc).metadata().title();
  };
  // A screen reader's label after the headline, opening with a comma: no kicker dropped
  // before it, and no part of the headline.
  EXPECT_EQ(title_of(", Topic: Transport"), "New engines for the harbour ferries");
  EXPECT_EQ(DropKicker("New engines for the harbour ferries : , Topic: Transport",
                       {"New engines for the harbour ferries", ", Topic: Transport"}),
            "");
  // A kicker in its own element before the headline still goes.
  EXPECT_EQ(DropKicker("Transport: New engines for the harbour ferries",
                       {"Transport", "New engines for the harbour ferries"}),
            "New engines for the harbour ferries");
  EXPECT_EQ(DropHeadingAppendix("Transport: New engines for the harbour ferries",
                                {"Transport", "New engines for the harbour ferries"}),
            "");
  // So does one whose headline element opens with the colon.
  EXPECT_EQ(DropKicker("Transport: New engines for the harbour ferries",
                       {"Transport", ": New engines for the harbour ferries"}),
            "New engines for the harbour ferries");
  EXPECT_EQ(DropHeadingAppendix("Transport: New engines for the harbour ferries",
                                {"Transport", ": New engines for the harbour ferries"}),
            "");
}

TEST(TitleRules, QuotationBeforeTheHeadlineStays) {
  auto title_of = [](const std::string& h1) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.lakeside-daily.example/ferry-strike");
    doc.mutable_signals()->set_title_tag("Ferry crews vote to strike again - Lakeside Daily");
    AddMeta(doc, "og:title", "Ferry crews vote to strike again - Lakeside Daily", "property");
    AddMeta(doc, "og:site_name", "Lakeside Daily", "property");
    doc.mutable_signals()->add_h1(h1);
    AddBlock(doc, v1::HEADING, h1, false, 1);
    AddBlock(doc, v1::PARAGRAPH,
             "The crews of both ferries voted on Monday to stop work from Friday, the third "
             "strike this winter.");
    return Extract(doc).metadata().title();
  };
  // The words the headline reports open it.
  EXPECT_EQ(title_of("\u201cNot one more winter\u201d: Ferry crews vote to strike again"),
            "\u201cNot one more winter\u201d: Ferry crews vote to strike again");
  // An apostrophe inside the quotation does not close it.
  EXPECT_EQ(title_of("\u201cWe won\u2019t row alone\u201d: Ferry crews vote to strike again"),
            "\u201cWe won\u2019t row alone\u201d: Ferry crews vote to strike again");
  // A topic before the markup title is a kicker.
  EXPECT_EQ(title_of("Harbour: Ferry crews vote to strike again"),
            "Ferry crews vote to strike again");
  // Nor is it one when the markup title sets it off with a colon and the <h1> runs it on.
  {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.lakeside-daily.example/ferry-strike");
    AddMeta(doc, "og:title", "\u201cNot one more winter\u201d: Ferry crews vote to strike again",
            "property");
    const std::string h1 = "\u201cNot one more winter\u201d Ferry crews vote to strike again";
    doc.mutable_signals()->add_h1(h1);
    AddBlock(doc, v1::HEADING, h1, false, 1);
    AddBlock(doc, v1::PARAGRAPH,
             "The crews of both ferries voted on Monday to stop work from Friday, the third "
             "strike this winter.");
    EXPECT_TRUE(Extract(doc).metadata().title().starts_with("\u201cNot one more winter\u201d"));
  }
  // The same quotation in its own element of the <h1> is no kicker either.
  EXPECT_EQ(DropKicker("\"Not one more winter\": Ferry crews vote to strike again",
                       {"\"Not one more winter\":", "Ferry crews vote to strike again"}),
            "");
}

TEST(TitleRules, TitleWithAnEmptySlotNamesTheSite) {
  auto title_of = [](const std::string& title_tag) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.harbourunion.example/about.html");
    doc.mutable_signals()->set_title_tag(title_tag);
    doc.mutable_signals()->add_h1("Who are the Harbour Workers Union?");
    doc.mutable_signals()->add_h1("Union News/Events");
    doc.mutable_signals()->add_h1("Strike Calendar");
    AddBlock(doc, v1::PARAGRAPH, "Welcome to the pages of the union.");
    AddBlock(doc, v1::HEADING, "Who are the Harbour Workers Union?", false, 1);
    AddBlock(doc, v1::PARAGRAPH, "Founded by the ferry crews.");
    AddBlock(doc, v1::PARAGRAPH,
             "We are the crews, dockers and pilots of the harbour, organised since the great "
             "strike of the ferry crews.");
    AddBlock(doc, v1::HEADING, "Union News/Events", false, 1);
    AddBlock(doc, v1::HEADING, "Strike Calendar", false, 1);
    return Extract(doc).metadata().title();
  };
  // "Site: " with nothing after the colon: the first <h1> that reads as a headline.
  EXPECT_EQ(title_of("Harbour Union: "), "Who are the Harbour Workers Union?");
  EXPECT_EQ(title_of("Harbour Union |"), "Who are the Harbour Workers Union?");
}

TEST(TitleRules, LineOverTheBylineWhenNothingElseNamesThePage) {
  auto title_of = [](const std::string& line) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.harbour-wire.example/story.asp?id=4411");
    AddBlock(doc, v1::PARAGRAPH,
             "function swapImages() { if (document.images) { banner = newImage(\"top.gif\"); } }");
    AddBlock(doc, v1::TABLE_CELL, line);
    AddBlock(doc, v1::BYLINE, "by Jo Lark, Friday, Mar 14, 2008 9:00 AM ET");
    AddBlock(doc, v1::TABLE_CELL,
             "THE HARBOUR PILOTS won their claim for a higher night rate on Thursday, after a "
             "year of talks with the port authority and two short strikes.");
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(title_of("Harbour Pilots Win Pay Claim After A Year Of Talks"),
            "Harbour Pilots Win Pay Claim After A Year Of Talks");
  // An author's name over a date line is no headline; nor is a sentence.
  EXPECT_EQ(title_of("Jo Lark"), "");
  EXPECT_EQ(title_of("The pilots of the harbour won their pay claim today."), "");
}

TEST(TitleRules, LabelH1OpeningTheTitleIsTheHeadline) {
  auto title_of = [](const std::string& title_tag, const std::string& h1,
                     const std::string& block) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.weinladen-seeblick.example/regionen/rioja");
    doc.mutable_signals()->set_title_tag(title_tag);
    doc.mutable_signals()->add_h1(h1);
    AddBlock(doc, v1::PARAGRAPH, block, true);
    AddBlock(doc, v1::HEADING, h1, false, 1);
    AddBlock(doc, v1::PARAGRAPH,
             "The red wines of the region age for years in oak before they reach the shelves, "
             "and the best of them keep for decades.");
    return Extract(doc).metadata().title();
  };
  // The <title>'s whole first piece: the headline, before the site's name and motto.
  EXPECT_EQ(title_of("Rioja, Spain - Wine Shop Lakeside - Tapas and Wines of Iberia",
                     "Rioja, Spain", "Wine Shop Lakeside - Tapas and Wines of Iberia"),
            "Rioja, Spain");
  // A block between the <h1> and the site's name is the headline, the <h1> a region's label.
  EXPECT_EQ(title_of("Harbour Region - Ferry crews strike again on the sound - Lakeside Daily",
                     "Harbour Region", "Ferry crews strike again on the sound"),
            "Ferry crews strike again on the sound");
  // A one-word <h1> there names the site; the headline is the block the <title> holds.
  EXPECT_EQ(title_of("Crewgear \u00bb Archive \u00bb Ferry crews strike again on the sound",
                     "Crewgear", "Ferry crews strike again on the sound"),
            "Ferry crews strike again on the sound");
}

TEST(TitleRules, TitleTagsQuestionAfterADashIsNoSiteName) {
  auto title_of = [](const std::string& title_tag) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.example.com/lease");
    doc.mutable_signals()->set_title_tag(title_tag);
    AddBlock(doc, v1::PARAGRAPH,
             "Whoever drives fewer than ten thousand kilometres a year pays less for a lease "
             "than for a loan, as the sums below show for three small cars.");
    return Extract(doc).metadata().title();
  };
  EXPECT_EQ(title_of("Leasing a small car - which one pays off?"),
            "Leasing a small car - which one pays off?");
  EXPECT_EQ(title_of("Leasing a small car or buying it - what is cheaper this year"),
            "Leasing a small car or buying it - what is cheaper this year");
  // A short capitalised tail names the site.
  EXPECT_EQ(title_of("Leasing a small car or buying it - Car Money"),
            "Leasing a small car or buying it");
}

TEST(TitleRules, BannerTitleGivesWayToTheHeadlineOverTheBody) {
  auto title_of = [](const std::string& title_tag, const std::string& line) {
    v1::Document doc;
    doc.mutable_signals()->set_title_tag(title_tag);
    AddBlock(doc, v1::TABLE_CELL, title_tag, true);
    AddBlock(doc, v1::TABLE_CELL, "Local News", true);
    AddBlock(doc, v1::TABLE_CELL, line, true);
    AddBlock(doc, v1::METADATA_LINE, "2008/01", true);
    AddBlock(doc, v1::BYLINE, "By JO LARK, Harbour Wire Writer");
    AddBlock(doc, v1::TABLE_CELL,
             "LAKESIDE - The crews of both island ferries stayed at the pier on Wednesday, the "
             "third day of a strike over night shifts.");
    return Extract(doc).metadata().title();
  };
  const std::string line = "Ferry crews strike for a third day";
  // A <title> of a few words that only the page's banner repeats names the site.
  EXPECT_EQ(title_of("Rowing Ahead Together", line), line);
  // A long one is the headline, wherever the layout put it.
  EXPECT_EQ(title_of("Island ferries stay at the pier as the crews strike on", line),
            "Island ferries stay at the pier as the crews strike on");
  // A short one is not given up for a line no longer than itself.
  EXPECT_EQ(title_of("Ferry crews strike again", "Night Desk Assignment Editor"),
            "Ferry crews strike again");
}

TEST(TitleRules, ArrowsAroundATitleAreNoQuoteMarks) {
  EXPECT_EQ(WithoutArrows("\u00bb Ferry crews strike again \u00ab"), "Ferry crews strike again");
  EXPECT_EQ(WithoutArrows("\u203a Ferry crews strike again"), "Ferry crews strike again");
  // Quote marks stay: German ones sit tight, French ones open with the other guillemet.
  EXPECT_EQ(WithoutArrows("\u00bbNie wieder Winter\u00ab"), "\u00bbNie wieder Winter\u00ab");
  EXPECT_EQ(WithoutArrows("\u00ab Plus jamais l'hiver \u00bb"),
            "\u00ab Plus jamais l'hiver \u00bb");
  EXPECT_EQ(WithoutArrows("\u00bb"), "\u00bb");
}

}  // namespace
}  // namespace newspipe::extract
