// Authors of personal sites: the owner that the host names.
#include <gtest/gtest.h>

#include "stages/extract/authors.h"
#include "test_docs.h"

namespace newspipe::extract {
namespace {

using testing::AddBlock;
using testing::AddMeta;
using testing::Authors;
using testing::Extract;

TEST(AuthorRules, MarkupNameThatIsTheHostStandsUnshown) {
  auto make = [](const std::string& url) {
    v1::Document doc;
    doc.mutable_fetch()->set_url(url);
    AddMeta(doc, "author", "Björn Müller");
    AddBlock(doc, v1::HEADING, "Offener Brief an den Stadtrat", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  EXPECT_EQ(make("https://www.bjoern-mueller.example/brief"),
            std::vector<std::string>{"Björn Müller"});
  // On another site, a name only markup gives is not the byline the reader sees.
  EXPECT_TRUE(make("https://www.stadtportal.example.de/brief").empty());
  // A web archive's copy of the personal site is still that site.
  EXPECT_EQ(make("https://web.archive.org/web/20150311082210/http://www.bjoern-mueller.example/"
                 "brief"),
            std::vector<std::string>{"Björn Müller"});
}

TEST(AuthorRules, CopyrightLineOfAPersonalSite) {
  auto make = [](const std::string& url, const std::string& footer) {
    v1::Document doc;
    doc.mutable_fetch()->set_url(url);
    AddBlock(doc, v1::HEADING, "Reflections on a long migration", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, footer, true)->set_rule("structure:footer");
    return Authors(Extract(doc));
  };
  EXPECT_EQ(make("https://janedoe.example/blog/migration",
                 "Copyright (c) 2012- Jane Doe. All rights reserved."),
            std::vector<std::string>{"Jane Doe"});
  EXPECT_EQ(make("https://www.janedoe.example/migration", "© Jane Doe • Impressum"),
            std::vector<std::string>{"Jane Doe"});
  // A company's or a newspaper's copyright names no author.
  EXPECT_TRUE(make("https://www.dailynews.example.com/migration",
                   "Copyright (c) 2012 Jane Doe. All rights reserved.")
                  .empty());
  EXPECT_TRUE(make("https://dieabendpost.example/migration", "© 2022 Die Abendpost").empty());
}

TEST(AuthorRules, AuthorBoxWritingTheNameTwice) {
  EXPECT_EQ(SplitByline("Paul Reimann Alles von Paul Reimann Kontakt", false).people,
            std::vector<std::string>{"Paul Reimann"});
  // A first name written again in a sentence about the person is no repeated name.
  EXPECT_TRUE(SplitByline("Tomas Varga Tomas is a backend developer who writes Rust", false)
                  .people.empty());
}

TEST(AuthorRules, AuthorsLabelWithoutAColon) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.kammer.example.de/duengung/sperrfristen");
  AddBlock(doc, v1::HEADING, "Sperrfristen beachten", false, 1);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  AddBlock(doc, v1::PARAGRAPH, "Autoren Ines Harder und Maren Kolb");
  EXPECT_EQ(Authors(Extract(doc)), (std::vector<std::string>{"Ines Harder", "Maren Kolb"}));
}

TEST(AuthorRules, InterviewCreditOverTheInterviewersName) {
  auto make = [](const std::string& label) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.magazin.example.de/story/interview");
    AddBlock(doc, v1::HEADING, "Ein Leben im Takt", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, label, true)->set_rule("after-text");
    AddBlock(doc, v1::PARAGRAPH, "JONAS HAGEN", true)->set_rule("after-text");
    return Authors(Extract(doc));
  };
  // The magazine's credit: "Interview" over the name of the one who asked.
  EXPECT_EQ(make("Interview"), std::vector<std::string>{"JONAS HAGEN"});
  // Another label over a name credits something else.
  EXPECT_TRUE(make("Fotografie").empty());
}

TEST(AuthorRules, BylineBlocksAmongTheCommentsNameNoAuthor) {
  auto make = [](const std::string& rule) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.blog.example.de/2014/05/17/gegenfuessler/");
    AddBlock(doc, v1::HEADING, "Gegenfüßler: Ein Versuch", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::BYLINE, "Gelungener Einstieg", true)->set_rule(rule);
    return Authors(Extract(doc));
  };
  // A comment's opening words that clean typed as a byline name nobody.
  EXPECT_TRUE(make("class:comments").empty());
  // The same line elsewhere on the page is a byline.
  EXPECT_EQ(make("outside-main"), std::vector<std::string>{"Gelungener Einstieg"});
}

TEST(AuthorRules, BylineElementOpeningWithItsDate) {
  auto make = [](const std::string& byline) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://blog.example.com/2019/12/10/licht/");
    doc.mutable_signals()->add_bylines(byline);
    AddBlock(doc, v1::HEADING, "Licht und die Zeit", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  // The name follows the date: a handle with digits stays whole.
  EXPECT_EQ(make("Dezember 10, 2019 \u00b7 von seaman1977 \u00b7 in Uncategorized \u00b7"),
            std::vector<std::string>{"seaman1977"});
  // A name before the date is read as before.
  EXPECT_EQ(make("Jane Doe, 10. Dezember 2019"), std::vector<std::string>{"Jane Doe"});
}

TEST(AuthorRules, DatedLineNamingABlogAfterItsAuthor) {
  auto make = [](const std::string& url) {
    v1::Document doc;
    doc.mutable_fetch()->set_url(url);
    AddMeta(doc, "og:site_name", "mossgarden", "property");
    AddBlock(doc, v1::HEADING, "Moose unter der Lupe", false, 1);
    AddBlock(doc, v1::PARAGRAPH, "Posted in Natur by mossgarden on March 4, 2019");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  // A blog on a hosting platform is named after its author: the dated line shows the author.
  EXPECT_EQ(make("https://mossgarden.wordpress.com/2019/03/04/moose/"),
            std::vector<std::string>{"mossgarden"});
  // A brand that is the site's whole name stays the site.
  EXPECT_TRUE(make("https://mossgarden.example/2019/03/04/moose/").empty());
}

TEST(AuthorRules, CreditForTextAndPhotos) {
  EXPECT_EQ(SplitByline("Text & Fotos: Mira Falkner", false).people,
            std::vector<std::string>{"Mira Falkner"});
  EXPECT_EQ(SplitByline("Text und Bild: Mira Falkner", false).people,
            std::vector<std::string>{"Mira Falkner"});
  EXPECT_EQ(SplitByline("Words and photos: Owen Marsh", true).people,
            std::vector<std::string>{"Owen Marsh"});
  // A photo credit after the writer's name still ends the name.
  EXPECT_EQ(SplitByline("Text: Mira Falkner Fotos: Owen Marsh", false).people,
            std::vector<std::string>{"Mira Falkner"});
}

TEST(AuthorRules, ForumPostHeaderNamesAHandle) {
  auto make = [](const std::string& byline) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://forum.example.org/viewtopic.php?t=42");
    doc.mutable_signals()->add_bylines(byline);
    AddBlock(doc, v1::HEADING, "Neue Version des Shops", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  // The post icon's label glued to "von"; the handle ends in digits.
  EXPECT_EQ(make("Beitragvon kiwi42 \u00bb 21.01.2009, 05:42"), std::vector<std::string>{"kiwi42"});
  EXPECT_EQ(make("Post by kiwi42 \u00bb Wed Jan 21, 2009 5:42 am"),
            std::vector<std::string>{"kiwi42"});
  EXPECT_EQ(make("Beitrag von q17 \u00bb 03.02.2010, 11:20"), std::vector<std::string>{"q17"});
  // A date glued to a name is still cut off.
  EXPECT_EQ(make("Jane Doe12.03.2021"), std::vector<std::string>{"Jane Doe"});
}

TEST(AuthorRules, FirstBylineBlockNamingSomeoneIsTheArticles) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.abendblatt.example.cl/espectaculos/gira");
  AddBlock(doc, v1::HEADING, "La gira que vuelve a empezar", false, 1);
  AddBlock(doc, v1::BYLINE, "Marta Olivares Riquelme");
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  // Teasers further down, each with its own byline.
  AddBlock(doc, v1::PARAGRAPH, "Otra historia del fin de semana", true);
  AddBlock(doc, v1::BYLINE, "Tomás Ibarra", true);
  AddBlock(doc, v1::BYLINE, "Inés Valdivia", true);
  EXPECT_EQ(Authors(Extract(doc)), std::vector<std::string>{"Marta Olivares Riquelme"});
  // Co-authors written in one byline stay together.
  v1::Document two;
  AddBlock(two, v1::HEADING, "La gira que vuelve a empezar", false, 1);
  AddBlock(two, v1::BYLINE, "Por Marta Olivares y Tomás Ibarra");
  AddBlock(two, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_EQ(Authors(Extract(two)), (std::vector<std::string>{"Marta Olivares", "Tomás Ibarra"}));
}

TEST(AuthorRules, BylineElementInThePagesFurnitureNamesNoAuthor) {
  auto make = [](const std::string& url, const std::string& byline, const std::string& rule) {
    v1::Document doc;
    doc.mutable_fetch()->set_url(url);
    doc.mutable_signals()->add_bylines(byline);
    AddBlock(doc, v1::HEADING, "Wildwechsel am Waldrand", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    // Far below the article, past the related teasers.
    for (int i = 0; i < 90; ++i) AddBlock(doc, v1::LIST_ITEM, "Weitere Meldung", true);
    AddBlock(doc, v1::BYLINE, byline, true)->set_rule(rule);
    return Authors(Extract(doc));
  };
  const std::string site = "https://www.jagdblatt.example.de/wildwechsel";
  // The account under a footer's or a sidebar's teaser is not the article's author.
  EXPECT_TRUE(make(site, "pkranich", "structure:footer").empty());
  EXPECT_TRUE(make(site, "Lena Hartwig", "class:sidebar").empty());
  // In the article's own part of the page it is.
  EXPECT_EQ(make(site, "Lena Hartwig", "outside-main"), std::vector<std::string>{"Lena Hartwig"});
  // A blog template's post footer says it is a byline.
  EXPECT_EQ(make(site, "Posted by Lena Hartwig at 18:52", "structure:footer"),
            std::vector<std::string>{"Lena Hartwig"});
  // The element clean typed as a list item of the footer is in the footer all the same.
  {
    v1::Document doc;
    doc.mutable_fetch()->set_url(site);
    doc.mutable_signals()->add_bylines("Lena Hartwig");
    AddBlock(doc, v1::HEADING, "Wildwechsel am Waldrand", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    for (int i = 0; i < 90; ++i) AddBlock(doc, v1::LIST_ITEM, "Weitere Meldung", true);
    AddBlock(doc, v1::LIST_ITEM, "Lena Hartwig", true)->set_rule("class:footer");
    EXPECT_TRUE(Authors(Extract(doc)).empty());
  }
  // A personal site's owner in the sidebar's author box.
  EXPECT_EQ(make("https://hartwig.example/wildwechsel", "Lena Hartwig", "class:sidebar"),
            std::vector<std::string>{"Lena Hartwig"});
}

TEST(AuthorRules, RolesListedBesideTheNameAreNoPeople) {
  EXPECT_EQ(SplitByline("Jan Roth, deutscher Journalist, Kolumnist", true).people,
            std::vector<std::string>{"Jan Roth"});
  EXPECT_EQ(SplitByline("Mia Holt, Korrespondentin", true).people,
            std::vector<std::string>{"Mia Holt"});
  EXPECT_TRUE(SplitByline("Most Popular", true).people.empty());
}

TEST(AuthorRules, NameWrittenTwiceInARowIsOnePerson) {
  EXPECT_EQ(SplitByline("Par Jeanne Morel Jeanne Morel", true).people,
            std::vector<std::string>{"Jeanne Morel"});
  EXPECT_EQ(SplitByline("Jeanne Morel", true).people, std::vector<std::string>{"Jeanne Morel"});
}

TEST(AuthorRules, SignatureOverADateClosingTheText) {
  auto make = [](const std::string& signature, const std::string& after) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://notizen.example.de/abschied");
    AddBlock(doc, v1::HEADING, "Zeit, Danke zu sagen", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, signature, true)->set_rule("after-text");
    AddBlock(doc, v1::METADATA_LINE, after, true)->set_rule("after-text");
    AddBlock(doc, v1::PARAGRAPH, "Impressum", true)->set_rule("structure:footer");
    return Authors(Extract(doc));
  };
  EXPECT_EQ(make("Jori", "12. August 2018"), std::vector<std::string>{"Jori"});
  // Without the date under it the line is no signature.
  EXPECT_TRUE(make("Jori", "Weiterlesen").empty());
  // A sentence is no name.
  EXPECT_TRUE(make("Bis bald und danke", "12. August 2018").empty());
}

TEST(AuthorRules, ProfileButtonGluedAfterTheNameEndsIt) {
  EXPECT_EQ(
      SplitByline("Mira KastnerFollow Product designer and writer. Topics: remote work", false)
          .people,
      std::vector<std::string>{"Mira Kastner"});
  EXPECT_EQ(SplitByline("Lutz BrandFolgen", false).people, std::vector<std::string>{"Lutz Brand"});
  // A name that merely contains the letters stays whole.
  EXPECT_EQ(SplitByline("Anna Followay", false).people, std::vector<std::string>{"Anna Followay"});
}

TEST(AuthorRules, ChineseCreditLine) {
  EXPECT_EQ(FindCjkCredit("责任编辑： 林晓风").names, std::vector<std::string>{"林晓风"});
  EXPECT_TRUE(FindCjkCredit("责任编辑：林晓风").editor);
  EXPECT_EQ(FindCjkCredit("（责任编辑：赵一鸣）").names, std::vector<std::string>{"赵一鸣"});
  EXPECT_EQ(FindCjkCredit("作者：陈思远、林晓风").names,
            (std::vector<std::string>{"陈思远", "林晓风"}));
  EXPECT_FALSE(FindCjkCredit("记者：赵一鸣").editor);
  EXPECT_TRUE(FindCjkCredit("记者 赵一鸣 报道").names.empty());
  // A word ending in the label, a bare editor line, a run into the next label and a long run
  // of text are no credits.
  EXPECT_TRUE(FindCjkCredit("总编辑：林晓风").names.empty());
  EXPECT_TRUE(FindCjkCredit("编辑：林晓风").names.empty());
  EXPECT_TRUE(FindCjkCredit("作者：赵一鸣来源：晨报").names.empty());
  EXPECT_TRUE(FindCjkCredit("作者：这是一段很长的文字").names.empty());

  auto make = [](const std::string& footer) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://news.example.cn/2020/01/02/a.html");
    AddBlock(doc, v1::HEADING, "城市公园新增步道", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, footer, true)->set_rule("class:tags");
    return Authors(Extract(doc));
  };
  EXPECT_EQ(make("责任编辑： 林晓风"), std::vector<std::string>{"林晓风"});
  EXPECT_TRUE(make("大编辑部").empty());
}

TEST(AuthorRules, HandleInTheFirstBylineBlockEndsTheSearch) {
  auto make = [](const std::string& first) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.podcastkeller.example/folge-12");
    AddBlock(doc, v1::HEADING, "Folge 12: Sterne über dem Hafen", false, 1);
    AddBlock(doc, v1::BYLINE, first, true)->set_rule("outside-main");
    AddBlock(doc, v1::BYLINE, "Greta Sommerfeld", true)->set_rule("outside-main");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  // The first byline block names an account this source cannot take; the next is one more
  // participant's or a teaser's, not the article's author.
  EXPECT_TRUE(make("quendel").empty());
  // A marker alone ("By") names nobody: the next block is the byline.
  EXPECT_EQ(make("By"), std::vector<std::string>{"Greta Sommerfeld"});
}

TEST(AuthorRules, AuthorBoxHeadingBeforeSidebarBylineBlocks) {
  auto make = [](const std::string& sidebar_rule) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.balconyherbs.example/basil-from-seed");
    AddBlock(doc, v1::HEADING, "How to grow basil from seed", false, 1);
    AddBlock(doc, v1::BYLINE, "Hollis Grant", true)->set_rule(sidebar_rule);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::BYLINE, "About the Author - Petra Lindqvist", true)
        ->set_rule("class:author-box");
    return Authors(Extract(doc));
  };
  // The sidebar profiles the site's owner; the author box names the article's author.
  EXPECT_EQ(make("structure:aside"), std::vector<std::string>{"Petra Lindqvist"});
  // A byline block in the article itself stays first.
  EXPECT_EQ(make("main-content"), std::vector<std::string>{"Hollis Grant"});
}

TEST(AuthorRules, InitialsGiveWayToTheNameThePageCredits) {
  auto make = [](const std::string& licence) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://gartentagebuch.example.org/2019/10/31/endlich-wieder");
    doc.mutable_signals()->add_bylines("JR");
    AddBlock(doc, v1::HEADING, "Endlich wieder im Beet", false, 1);
    AddBlock(doc, v1::BYLINE, "JR");
    AddBlock(doc, v1::PARAGRAPH, "Die Tomaten " + std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, licence, true);
    return Authors(Extract(doc));
  };
  EXPECT_EQ(make("Gartentagebuch von Jonas Reimer steht unter einer freien Lizenz."),
            std::vector<std::string>{"Jonas Reimer"});
  // Capitalised words that nothing credits ("Junge Radieschen") are no name.
  EXPECT_EQ(make("Junge Radieschen stehen unter einer Folie."), std::vector<std::string>{"JR"});
}

TEST(AuthorRules, NameShownOnlyInHiddenTextGivesWayToTheVisibleByline) {
  auto make = [](const std::string& vcard_rule) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.stadtmagazin.example/kultur/lesung");
    AddMeta(doc, "author", "Wiebke Arndt");
    doc.mutable_signals()->add_bylines("Wiebke Arndt");
    AddBlock(doc, v1::HEADING, "Lesung im alten Kino", false, 1);
    AddBlock(doc, v1::PARAGRAPH, "Wiebke Arndt", true)->set_rule(vcard_rule);
    AddBlock(doc, v1::BYLINE, "Von Konrad Ellmers");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  // The template's hidden vCard names the account that posted the page; the reader sees
  // another byline.
  EXPECT_EQ(make("class:hidden"), std::vector<std::string>{"Konrad Ellmers"});
  // Shown to the reader, the markup's name stays first.
  EXPECT_EQ(make("structure:aside"), std::vector<std::string>{"Wiebke Arndt"});
}

TEST(AuthorRules, EditorsShorthandIsNoName) {
  EXPECT_EQ(NotAPersonReason("tkw", true), "an editor's shorthand, not a name");
  EXPECT_EQ(NotAPersonReason("gr", true), "an editor's shorthand, not a name");
  // A handle one can say is a name markup may give.
  EXPECT_EQ(NotAPersonReason("mika", true), "");
  EXPECT_EQ(NotAPersonReason("ruda", true), "");
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.kantonsblatt.example/gericht/urteil");
  AddMeta(doc, "author", "rb");
  AddBlock(doc, v1::HEADING, "Gericht spricht Wirt frei", false, 1);
  AddBlock(doc, v1::PARAGRAPH, "Das Urteil fiel am Montag. " + std::string(300, 'x') + " (rb)");
  EXPECT_TRUE(Authors(Extract(doc)).empty());
}

TEST(AuthorRules, NewsBylineFurniture) {
  using V = std::vector<std::string>;
  // A wire story's credit line names its reporters, not its editors.
  EXPECT_EQ(SplitByline("Reporting by Ines Varga and Tom Reyes; Editing by Bo Lind", false).people,
            (V{"Ines Varga", "Tom Reyes"}));
  EXPECT_EQ(SplitByline("By Ines Varga; Additional reporting by Tom Reyes", false).people,
            V{"Ines Varga"});
  // Where the reporter files from, in an English byline.
  EXPECT_EQ(SplitByline("By Ines Varga in Lisbon", false).people, V{"Ines Varga"});
  EXPECT_EQ(SplitByline("By Ines Varga in New Harbour", true).people, V{"Ines Varga"});
  // A handle after the name.
  EXPECT_EQ(SplitByline("By Ines Varga @ivarga", false).people, V{"Ines Varga"});
  // A degree or suffix set off by a comma is no second person.
  EXPECT_EQ(SplitByline("By Ines Varga, Ph.D.", true).people, V{"Ines Varga"});
  EXPECT_EQ(SplitByline("Tom Reyes, Jr.", true).people, V{"Tom Reyes"});
  // One word after a comma and a full name: the place or the outlet, not a co-author.
  EXPECT_EQ(SplitByline("Ines Varga, XYZ", true).people, V{"Ines Varga"});
  EXPECT_EQ(SplitByline("Von Jana Kessel, Hafenstadt", true).people, V{"Jana Kessel"});
  // Co-authors named in full stay, and handles listed alone stay.
  EXPECT_EQ(SplitByline("By Ines Varga, Tom Reyes and Bo Lind", false).people,
            (V{"Ines Varga", "Tom Reyes", "Bo Lind"}));
  EXPECT_EQ(SplitByline("quendel, mossgarden", true).people, (V{"quendel", "mossgarden"}));
  // A newsroom role after the name without a comma, with its beat or rank.
  EXPECT_EQ(SplitByline("Ines Varga Business Reporter", false).people, V{"Ines Varga"});
  EXPECT_EQ(SplitByline("By Ines Varga Senior Correspondent", false).people, V{"Ines Varga"});
  EXPECT_EQ(SplitByline("By Ines Varga, Chief Political Correspondent", false).people,
            V{"Ines Varga"});
  // Whom the reporter writes for, and the kind of piece before "by".
  EXPECT_EQ(SplitByline("By INES VARGA FOR HARBOURMAIL", false).people, V{"INES VARGA"});
  EXPECT_EQ(SplitByline("Opinion by Ines Varga", false).people, V{"Ines Varga"});
  EXPECT_EQ(SplitByline("A guest post by Ines Varga", false).people, V{"Ines Varga"});
  // An agency after the comma is still the agency.
  AuthorSplit wire = SplitByline("By Ines Varga, Reuters", false);
  EXPECT_EQ(wire.people, V{"Ines Varga"});
  EXPECT_EQ(wire.agency, "Reuters");
}

TEST(AuthorRules, MarkupCompletedByTheByLineNextToTheHeadline) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.harbourgazette.example/2021/05/07/budget");
  doc.mutable_signals()->add_json_ld(
      R"({"@type":"NewsArticle","author":{"@type":"Person","name":"Ines Varga"}})");
  AddBlock(doc, v1::HEADING, "Council approves new budget", false, 1);
  AddBlock(doc, v1::PARAGRAPH, "By Ines Varga and Tom Reyes, Associated Press");
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  v1::Document out = Extract(doc);
  EXPECT_EQ(Authors(out), (std::vector<std::string>{"Ines Varga", "Tom Reyes"}));
  // The agency beside them is still the agency.
  EXPECT_EQ(out.metadata().agency(), "AP");
}

TEST(AuthorRules, KindOfPieceAndRoleBeforeTheName) {
  using V = std::vector<std::string>;
  EXPECT_EQ(SplitByline("Ein Kommentar von Jana Kessel", true).people, V{"Jana Kessel"});
  EXPECT_EQ(SplitByline("Eine Analyse von Dr. Jana Kessel", true).people, V{"Dr. Jana Kessel"});
  EXPECT_EQ(SplitByline("A guest column by Ines Varga", true).people, V{"Ines Varga"});
  EXPECT_EQ(SplitByline("Reportage: Jana Kessel", true).people, V{"Jana Kessel"});
  EXPECT_EQ(SplitByline("Von unserem Korrespondenten Jonas Falk", false).people, V{"Jonas Falk"});
  EXPECT_EQ(SplitByline("Von unserer Redakteurin Jana Kessel", false).people, V{"Jana Kessel"});
  // A particle inside a name is no lead-in.
  EXPECT_EQ(SplitByline("Von Karl von Ebersfeld", false).people, V{"Karl von Ebersfeld"});
  // "Published" in French, Spanish, Italian ends the name.
  EXPECT_EQ(SplitByline("Par Jean Morel Publi\u00e9 le 3 mars 2021", true).people, V{"Jean Morel"});
  EXPECT_EQ(SplitByline("Di Marco Bellini Pubblicato il 3 marzo", true).people, V{"Marco Bellini"});
  // A screen reader's copy glued to the visible name.
  EXPECT_EQ(SplitByline("Par Jeanne MorelJeanne Morel", true).people, V{"Jeanne Morel"});
}

TEST(AuthorRules, WhatFollowsTheNameInNewsBylines) {
  using V = std::vector<std::string>;
  // Picture credits and a freelancer's line after the writer's name.
  EXPECT_EQ(SplitByline("By Ines Varga. Photos by Tom Reyes", false).people, V{"Ines Varga"});
  EXPECT_EQ(SplitByline("By Ines Varga Photography by Tom Reyes", false).people, V{"Ines Varga"});
  EXPECT_EQ(SplitByline("By Ines Varga and Tom Reyes Special to the Harbour Gazette", false).people,
            (V{"Ines Varga", "Tom Reyes"}));
  // An initial's dot stays.
  EXPECT_EQ(SplitByline("By Tom Reyes Jr.", false).people, V{"Tom Reyes Jr."});
  // The month and weekday left once the date's digits are cut off the byline element.
  auto first_element = [](const std::string& byline) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.harbourgazette.example/2021/05/07/budget");
    doc.mutable_signals()->add_bylines(byline);
    AddBlock(doc, v1::HEADING, "Council approves new budget", false, 1);
    AddBlock(doc, v1::BYLINE, byline);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  EXPECT_EQ(first_element("By Ines Varga May 7, 2021"), V{"Ines Varga"});
  EXPECT_EQ(first_element("By Ines Varga Friday, May 7"), V{"Ines Varga"});
  // A surname that is a month's name stays before a date of its own.
  EXPECT_EQ(first_element("Von Lena Mai 07.05.2021"), V{"Lena Mai"});
  EXPECT_EQ(first_element("Von Lena Mai 7. Juni 2021"), V{"Lena Mai"});
  EXPECT_EQ(first_element("By Tess May 3 hours ago"), V{"Tess May"});
}

TEST(AuthorRules, DatesLinksAndOutletsAreNoNames) {
  using V = std::vector<std::string>;
  auto first_element = [](const std::string& byline) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.harbourgazette.example/2021/05/07/budget");
    doc.mutable_signals()->add_bylines(byline);
    AddBlock(doc, v1::HEADING, "Council approves new budget", false, 1);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  // A byline element that holds its date alone names nobody.
  EXPECT_TRUE(first_element("Mar 3, 2021").empty());
  EXPECT_TRUE(first_element("Friday, May 7, 2021").empty());
  // An update stamp, the links of a header, an outlet or a desk.
  EXPECT_TRUE(SplitByline("Last Update: 5/07 4:10 pm", true).people.empty());
  EXPECT_TRUE(SplitByline("Register Subscribe Help", true).people.empty());
  EXPECT_TRUE(SplitByline("About Us", true).people.empty());
  EXPECT_TRUE(SplitByline("The Lakeside Courier", true).people.empty());
  EXPECT_TRUE(SplitByline("Harbour Sports", true).people.empty());
  // A dash left after the name once the date is cut off.
  EXPECT_EQ(SplitByline("Ines Varga \u2014", true).people, V{"Ines Varga"});
  // In a name written in capitals, two capitals are a surname, not a weekday.
  EXPECT_EQ(SplitByline("By INES SO and TOM REYES", false).people, (V{"INES SO", "TOM REYES"}));
  // A place after each reporter: the list goes on after it.
  EXPECT_EQ(SplitByline("BY INES SO in Lisbon and TOM REYES, BO LIND and KAI FALK in New Harbour "
                        "HARBOURMAIL WRITERS",
                        false)
                .people,
            (V{"INES SO", "TOM REYES", "BO LIND", "KAI FALK"}));
  // The agency or the outlet printed after the name without a comma.
  AuthorSplit wire = SplitByline("INES VARGA AP", true);
  EXPECT_EQ(wire.people, V{"INES VARGA"});
  EXPECT_EQ(wire.agency, "AP");
  EXPECT_EQ(SplitByline("TOM REYES THE HARBOUR COURIER", true).people, V{"TOM REYES"});
  EXPECT_EQ(SplitByline("TOM REYES Harbourside Newspapers", true).people, V{"TOM REYES"});
  EXPECT_EQ(SplitByline("TOM REYES Chronicle Staff Writer", true).people, V{"TOM REYES"});
  // A phrase before an outlet is no name.
  EXPECT_TRUE(SplitByline("Owners of the Harbour Herald", true).people.empty());
  // An outlet in capitals after a name in small letters; a particle in capitals is the name's.
  EXPECT_EQ(SplitByline("Tom Reyes HARBOUR POST", true).people, V{"Tom Reyes"});
  EXPECT_EQ(SplitByline("Anne Marie VAN DAMME", true).people, V{"Anne Marie VAN DAMME"});
  // A credit under a label the byline does not know, and an agency in Spanish.
  EXPECT_EQ(SplitByline("Jana Kessel, Illustration: Tom Reyes", true).people, V{"Jana Kessel"});
  EXPECT_TRUE(SplitByline("AGENCIAS: Agencia Ejemplo", true).people.empty());
  // A slogan's or a sentence's mark: no name has one.
  EXPECT_TRUE(SplitByline("Submitted by Pixelfan!", true).people.empty());
  EXPECT_TRUE(SplitByline("Wer kocht heute?", true).people.empty());
  // The place after a desk that is no name, and a role that a rank opens.
  EXPECT_TRUE(SplitByline("Staff reporters in Lisbon, Portugal", true).people.empty());
  EXPECT_TRUE(SplitByline("harbourgazette.de, Lakeside, Westland", true).people.empty());
  EXPECT_TRUE(SplitByline("Reuters, Lakeside", true).people.empty());
  // A centre is an institution, not a person.
  EXPECT_EQ(SplitByline("Jana Kessel, Harbour Research Center", false).people, V{"Jana Kessel"});
  EXPECT_TRUE(SplitByline("Westland Data Centre", false).people.empty());
  EXPECT_EQ(SplitByline("By Ines Varga, Associate Harbour Editor --", false).people,
            V{"Ines Varga"});
}

TEST(AuthorRules, ReaderCommentsSignatureNamesNoAuthor) {
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://www.harbourgazette.example/2021/05/07/budget");
  AddBlock(doc, v1::HEADING, "Council approves new budget", false, 1);
  AddBlock(doc, v1::PARAGRAPH, std::string(500, 'x'));
  v1::Block* b =
      AddBlock(doc, v1::METADATA_LINE, "Posted By: pixelfan | May 7 2021 at 03:16 PM", true);
  b->set_rule("comment-section");
  AddBlock(doc, v1::PARAGRAPH, "What a budget.", true)->set_rule("comment-section");
  EXPECT_TRUE(Authors(Extract(doc)).empty());
}

TEST(AuthorRules, FilePictureCreditsLettersAddressesAndWireTickers) {
  using V = std::vector<std::string>;
  // A file picture's credit names the photographer.
  EXPECT_TRUE(SplitByline("Tom Reyes, file", false).people.empty());
  EXPECT_TRUE(SplitByline("Example Wire/Tom Reyes, File.", false).people.empty());
  EXPECT_EQ(SplitByline("By Ines Varga, Lisbon", false).people, V{"Ines Varga"});
  // A letter's address names whom it is written to.
  EXPECT_TRUE(SplitByline("TO INES VARGA", false).people.empty());
  EXPECT_TRUE(SplitByline("Dear Ines Varga", false).people.empty());
  // An agency's abbreviation and its service's name after the name go; the agency fills agency.
  AuthorSplit wire = SplitByline("By Ines Varga AFP Sportswire", false);
  EXPECT_EQ(wire.people, V{"Ines Varga"});
  EXPECT_EQ(wire.agency, "AFP");
}

TEST(AuthorRules, SiteOwnerInMarkupGivesWayToTheArticlesDatedByline) {
  auto make = [](const std::string& byline, int menu_blocks) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://werkbank.example/anleitungen/raspberry");
    AddMeta(doc, "author", "Hella Brinkmann");
    // A long menu pushes the article past the first blocks of the page.
    for (int i = 0; i < menu_blocks; ++i) {
      AddBlock(doc, v1::LIST_ITEM, "Kategorie " + std::to_string(i), true)->set_rule("class:nav");
    }
    AddBlock(doc, v1::LIST_ITEM, "Hella Brinkmann", true)->set_rule("class:sidebar");
    AddBlock(doc, v1::HEADING, "Den Raspberry Pi als Wetterstation einrichten", false, 1);
    AddBlock(doc, v1::PARAGRAPH, byline);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  EXPECT_EQ(make("Erstellt von Jonas am Montag 3. März 2014", 70),
            std::vector<std::string>{"Jonas"});
  // The owner the markup names writes the article when the article names nobody else.
  EXPECT_EQ(make("Erstellt am Montag 3. März 2014", 70),
            std::vector<std::string>{"Hella Brinkmann"});
  // ... and when the article itself names the owner.
  EXPECT_EQ(make("Erstellt von Hella Brinkmann am Montag 3. März 2014", 70),
            std::vector<std::string>{"Hella Brinkmann"});
}

TEST(AuthorRules, BylineWhoseDateIsTheNextElement) {
  auto make = [](const std::string& name_line, const std::string& date_line) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://fanclub-nord.example/news/204");
    AddBlock(doc, v1::HEADING, "Auswärtsfahrt nach Bremen steht", false, 1);
    AddBlock(doc, v1::TABLE_CELL, name_line, true)->set_link_chars(6);
    AddBlock(doc, v1::METADATA_LINE, date_line);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  EXPECT_EQ(make("Geschrieben von Kobold", "am 14.09.2016 19:45"),
            std::vector<std::string>{"Kobold"});
  EXPECT_EQ(make("Posted by Kobold", "on March 3, 2016"), std::vector<std::string>{"Kobold"});
  // Without a date, a one-word handle is no name.
  EXPECT_TRUE(make("Geschrieben von Kobold", "(1200 x gelesen)").empty());
  // A date that opens a sentence is not the byline's.
  EXPECT_TRUE(make("Geschrieben von Kobold", "Seit dem 14.09.2016 fahren wir").empty());
}

TEST(AuthorRules, HandleThatOpensTheBlogsName) {
  auto make = [](const std::string& site, const std::string& byline) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://qlnotes.example.com/2014/05/scherben/");
    AddMeta(doc, "og:site_name", site, "property");
    doc.mutable_signals()->add_bylines(byline);
    AddBlock(doc, v1::HEADING, "Scherben bringen Glück", false, 1);
    AddBlock(doc, v1::BYLINE, byline);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  EXPECT_EQ(make("quillon schreibt", "quillon"), std::vector<std::string>{"quillon"});
  EXPECT_EQ(make("Quillon's Notizen", "Quillon"), std::vector<std::string>{"Quillon"});
  // The site's whole name is the site, and so is a part of a word of it.
  EXPECT_TRUE(make("Quillon", "Quillon").empty());
  EXPECT_TRUE(make("Quillonia Notizen", "Quillon").empty());
}

TEST(AuthorRules, BylineLeadsInManyLanguages) {
  struct Case {
    const char* line;
    std::vector<std::string> want;
  };
  const std::vector<Case> cases = {
      {"Av Anna Lindqvist och Erik Berg", {"Anna Lindqvist", "Erik Berg"}},
      {"Skrevet af Mette Kjær og Ole Holm", {"Mette Kjær", "Ole Holm"}},
      {"Publié par Claire Dubois", {"Claire Dubois"}},
      {"Écrit par Claire Dubois et Luc Martin", {"Claire Dubois", "Luc Martin"}},
      {"Escrito por Lucía Gómez y Pedro Ruiz", {"Lucía Gómez", "Pedro Ruiz"}},
      {"A cura di Marco Bellini", {"Marco Bellini"}},
      {"Geschreven door Pieter de Vries", {"Pieter de Vries"}},
      {"Napisała Zofia Łukaszewska", {"Zofia Łukaszewska"}},
      {"Tekst: Mette Kjær", {"Mette Kjær"}},
      {"Redacción: Lucía Gómez", {"Lucía Gómez"}},
      {"Yazar: Ayşe Yılmaz", {"Ayşe Yılmaz"}},
      {"Kirjoittaja: Aino Virtanen ja Eero Mäki", {"Aino Virtanen", "Eero Mäki"}},
      {"Автор: Иван Петров", {"Иван Петров"}},
      // The English lead with a colon, before a name and the outlet in capitals.
      {"By: Nora Quill, THE LAKESIDE WIRE", {"Nora Quill"}},
      {"Posted by: Nora Quill", {"Nora Quill"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(SplitByline(c.line, false).people, c.want) << c.line;
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://news.example.org/world/cranes");
    AddBlock(doc, v1::HEADING, "Harbour cranes return after a long winter", false, 1);
    AddBlock(doc, v1::PARAGRAPH, c.line);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    EXPECT_EQ(Authors(Extract(doc)), c.want) << c.line;
  }
  // A sentence that opens with the same word is no byline.
  EXPECT_TRUE(BylineLeadLength("Avlysningen kom sent") == 0);
  EXPECT_TRUE(SplitByline("Af hensyn til vejret", false).people.empty());
}

TEST(AuthorRules, WordsListedBesideAnOrganisationInMarkupAreTopics) {
  auto make = [](const std::string& author) {
    v1::Document doc;
    AddMeta(doc, "author", author);
    AddBlock(doc, v1::HEADING, "New routers for small offices", false, 1);
    AddBlock(doc, v1::PARAGRAPH,
             "Telephony and the help desk share one line now, said " + author + ". " +
                 std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  EXPECT_TRUE(make("Telephony, Help Desk Center").empty());
  // A one-word account alone stays a name.
  EXPECT_EQ(make("Telephony"), std::vector<std::string>{"Telephony"});
}

TEST(AuthorRules, AWireCreditAfterTheTextNamesItsReportersAndWriter) {
  auto make = [](const std::string& last) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "Harbour strike ends after two days", false, 1);
    AddBlock(doc, v1::PARAGRAPH,
             "LAKESIDE - Dock workers returned on Friday. " + std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, last);
    return Authors(Extract(doc));
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(make("The port reopens on Monday. (Reporting by Mara Quist in Lakeside and Tom "
                 "Reyes; Writing by Ann Poe; Editing by Ida Lund)"),
            (V{"Mara Quist", "Tom Reyes", "Ann Poe"}));
  EXPECT_EQ(make("(Reporting by Mara Quist, Editing by Ida Lund)"), V{"Mara Quist"});
  // Brackets that credit nobody name nobody.
  EXPECT_TRUE(make("The port reopens on Monday (weather permitting).").empty());
}

TEST(AuthorRules, AccountNameShownOnlyInTheSidebar) {
  auto make = [](const std::string& author, bool in_article) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://wildbienen-garten.example/nisthilfen");
    AddMeta(doc, "author", author);
    AddBlock(doc, v1::HEADING, "Nisthilfen richtig aufstellen", false, 1);
    AddBlock(doc, v1::PARAGRAPH,
             (in_article ? "Heute zeigt " + author + ", wie es geht. " : std::string()) +
                 std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, "Über mich: " + author + " gärtnert seit 1990", true)
        ->set_rule("class:sidebar");
    return Authors(Extract(doc));
  };
  EXPECT_TRUE(make("Ferdl", false).empty());
  // Named in the article too, the account stays the author.
  EXPECT_EQ(make("Ferdl", true), std::vector<std::string>{"Ferdl"});
  // A full name is no account name: the owner of a personal site writes its pages.
  EXPECT_EQ(make("Ferdinand Gruber", false), std::vector<std::string>{"Ferdinand Gruber"});
  // An author box in the sidebar that shows the account is the site's too.
  v1::Document doc;
  doc.mutable_fetch()->set_url("https://wildbienen-garten.example/nisthilfen");
  AddMeta(doc, "twitter:label1", "Written by");
  AddMeta(doc, "twitter:data1", "Ferdl");
  doc.mutable_signals()->add_bylines("Ferdl");
  AddBlock(doc, v1::HEADING, "Nisthilfen richtig aufstellen", false, 1);
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  AddBlock(doc, v1::BYLINE, "Ferdl", true)->set_rule("class:sidebar");
  EXPECT_TRUE(Authors(Extract(doc)).empty());
}

TEST(AuthorRules, ANameThatCallsItselfABlogIsTheSite) {
  auto make = [](const std::string& url, const std::string& byline) {
    v1::Document doc;
    doc.mutable_fetch()->set_url(url);
    doc.mutable_signals()->add_bylines(byline);
    AddBlock(doc, v1::HEADING, "Winterlager für das Boot", false, 1);
    AddBlock(doc, v1::BYLINE, byline);
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  EXPECT_TRUE(make("https://kuestenblog.hafenverein.example/winterlager", "KuestenBlog").empty());
  // A handle the blog is named after stays its author.
  EXPECT_EQ(make("https://kuesten.hafenverein.example/winterlager", "kuesten"),
            std::vector<std::string>{"kuesten"});
}

TEST(AuthorRules, FirstNameBylineIsNotCompletedFromTheCopyrightLine) {
  auto make = [](const std::string& closing) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://bytebrief.example/2014/05/caching");
    doc.mutable_signals()->add_bylines("Posted by Milo");
    AddBlock(doc, v1::HEADING, "Why the cache forgot", false, 1);
    AddBlock(doc, v1::BYLINE, "Posted by Milo");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, closing, true)->set_rule("structure:footer");
    return Authors(Extract(doc));
  };
  // The copyright line names the site's owner, who need not be the Milo of the byline.
  EXPECT_EQ(make("\u00a9 Milo Brandt. All rights reserved."), std::vector<std::string>{"Milo"});
  // An author box that writes the name in full completes it.
  EXPECT_EQ(make("Milo Brandt writes about databases."), std::vector<std::string>{"Milo Brandt"});
}

TEST(AuthorRules, OutletsAcronymThatOpensTheHostIsTheSite) {
  auto make = [](const std::string& url, const std::string& author) {
    v1::Document doc;
    doc.mutable_fetch()->set_url(url);
    AddMeta(doc, "author", author);
    AddBlock(doc, v1::HEADING, "Storm closes the coast road", false, 1);
    AddBlock(doc, v1::PARAGRAPH, author + " reports. " + std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  EXPECT_TRUE(make("https://www.kxnnews.example/2008/01/storm", "KXN").empty());
  // Not in capitals, or not what the host opens with: a name.
  EXPECT_EQ(make("https://www.kxnnews.example/2008/01/storm", "Kxn"),
            std::vector<std::string>{"Kxn"});
  // Two capitals may be a person's initials, on any host.
  EXPECT_EQ(make("https://www.dailynews.example/2008/01/storm", "KX"),
            std::vector<std::string>{"KX"});
}

TEST(AuthorRules, CallSignOrGluedOutletAsMetaAuthorIsNoPerson) {
  auto make = [](const std::string& author) {
    v1::Document doc;
    doc.mutable_fetch()->set_url("https://www.riverside-courier.example/2008/01/storm");
    AddMeta(doc, "author", author);
    AddBlock(doc, v1::HEADING, "Storm closes the coast road", false, 1);
    AddBlock(doc, v1::PARAGRAPH, author + " reports. " + std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  // A station's call sign, a network's letters, a channel with its number.
  EXPECT_TRUE(make("WQRT").empty());
  EXPECT_TRUE(make("ZBN").empty());
  EXPECT_TRUE(make("TV7").empty());
  // An outlet's name glued to the word for news or a medium.
  EXPECT_TRUE(make("ZBNNews").empty());
  EXPECT_TRUE(make("RiversideTV").empty());
  // A person's handle, a name in capitals, initials: people.
  EXPECT_EQ(make("quill42"), std::vector<std::string>{"quill42"});
  EXPECT_EQ(make("MARTINA"), std::vector<std::string>{"MARTINA"});
  EXPECT_EQ(make("JD"), std::vector<std::string>{"JD"});
  EXPECT_EQ(make("Newsome"), std::vector<std::string>{"Newsome"});
  // Bylines in the page keep three capitals: there they are often the writer's initials.
  v1::Document doc;
  doc.mutable_signals()->add_bylines("ZBN");
  AddBlock(doc, v1::HEADING, "Storm closes the coast road", false, 1);
  AddBlock(doc, v1::BYLINE, "ZBN");
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_EQ(Authors(Extract(doc)), std::vector<std::string>{"ZBN"});
  EXPECT_FALSE(CallSignReason("ZBN").empty());
  EXPECT_TRUE(CallSignReason("Zbn").empty());
  EXPECT_FALSE(NotAPersonReason("ZBNNews", true).empty());
  EXPECT_TRUE(NotAPersonReason("Newsome", true).empty());
}

TEST(AuthorRules, SidebarListOfContributorLinksIsNoByline) {
  v1::Document doc;
  AddBlock(doc, v1::HEADING, "Storm closes the coast road", false, 1);
  for (const char* name : {"Pia Lorn", "Ruth Dale", "Oskar Fenn"}) {
    v1::Block* b = AddBlock(doc, v1::BYLINE, name, true);
    b->set_rule("class:sidebar");
    b->set_link_chars(static_cast<int>(std::string(name).size()));
  }
  AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
  EXPECT_TRUE(Authors(Extract(doc)).empty());
}

TEST(AuthorRules, OutletOnTheRoleLineIsNoPartOfTheName) {
  auto people = [](std::string_view byline) { return SplitByline(byline, false).people; };
  using V = std::vector<std::string>;
  // The line under the name gives the outlet and the role; markup without a break joins them.
  EXPECT_EQ(people("By Jane Doe ZBN RiverWire Contributing Writer"), V{"Jane Doe"});
  EXPECT_EQ(people("By Jane Doe Lakeside Gazette Staff Writer"), V{"Jane Doe"});
  EXPECT_EQ(people("By Jane M. Doe Lakeside Herald Staff Writer"), V{"Jane M. Doe"});
  // A name of three words before the role keeps them all.
  EXPECT_EQ(people("By Mary Ann Holt Staff Writer"), V{"Mary Ann Holt"});
  EXPECT_EQ(people("By Ian McKay Senior Correspondent"), V{"Ian McKay"});
  // Set off by a comma, the outlet and role are the person's, not a second person's.
  EXPECT_EQ(people("By Jane Doe, Port Alder Courier Staff Writer"), V{"Jane Doe"});
  EXPECT_EQ(people("By Jane Doe, John Roe"), (V{"Jane Doe", "John Roe"}));
  // An outlet's national edition after the name.
  EXPECT_EQ(people("Jane Doe, Gadgetweek Canada"), V{"Jane Doe"});
  EXPECT_EQ(people("Jane Doe, Harbour Online"), V{"Jane Doe"});
}

TEST(AuthorRules, NameLineOverARoleLineIsAByline) {
  auto make = [](const std::string& name, const std::string& role) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "Ferry fares rise in spring", false, 1);
    AddBlock(doc, v1::METADATA_LINE, "Monday, March 3, 2008");
    AddBlock(doc, v1::PARAGRAPH, name);
    AddBlock(doc, v1::PARAGRAPH, role);
    AddBlock(doc, v1::PARAGRAPH, "HARBOURTON - " + std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  EXPECT_EQ(make("MILA VARGA", "Harbour News staff writer"),
            std::vector<std::string>{"MILA VARGA"});
  EXPECT_EQ(make("Mila Varga", "The Harbourton Courier Staff"),
            std::vector<std::string>{"Mila Varga"});
  // Without the role line, a name alone on a line is no byline.
  EXPECT_TRUE(make("Mila Varga", "Fares rise by a tenth.").empty());
  // A sentence is no name line.
  EXPECT_TRUE(make("Ask the ferry office", "Harbour News staff writer").empty());
  // Two names over the outlet whose name ends in a role word.
  EXPECT_EQ(make("Mila Varga and Tomas Reed", "The Harbourton Reporter"),
            (std::vector<std::string>{"Mila Varga", "Tomas Reed"}));
  // More than names on the line: no byline.
  EXPECT_TRUE(make("Mila Varga said on Monday", "Harbour News staff writer").empty());
  // Name and role on one line after a dash.
  EXPECT_EQ(make("Mila Varga - Harbour Wire News Writer", "Fares rise by a tenth."),
            std::vector<std::string>{"Mila Varga"});
  EXPECT_TRUE(IsRoleLine("Senior Correspondent"));
  EXPECT_FALSE(IsRoleLine("She was a writer"));
  EXPECT_FALSE(IsRoleLine("Staff"));
}

TEST(AuthorRules, BylineBesideATitleBlockFarDownThePage) {
  auto make = [](const std::string& byline) {
    v1::Document doc;
    doc.mutable_signals()->set_title_tag("Quay wall repairs start");
    AddBlock(doc, v1::PARAGRAPH, "Welcome to the portal of the harbour board.");
    for (int i = 0; i < 120; ++i) {
      AddBlock(doc, v1::TABLE_CELL, "Menu entry " + std::to_string(i), true)
          ->set_rule("class:navigation");
    }
    AddBlock(doc, v1::TABLE_CELL, "Quay wall repairs start", true)->set_rule("outside-main");
    AddBlock(doc, v1::BYLINE, byline, true)->set_rule("outside-main");
    AddBlock(doc, v1::PARAGRAPH, std::string(300, 'x'));
    return Authors(Extract(doc));
  };
  // No headline heading: the block the title is written in shows where the byline sits.
  EXPECT_EQ(make("By Odile Brant"), std::vector<std::string>{"Odile Brant"});
  // The line a byline goes on with after the name.
  EXPECT_EQ(make("By: Odile Brant Last Updated: 3/4/08"), std::vector<std::string>{"Odile Brant"});
}

TEST(AuthorRules, NewspapersTitleNounClosesNoName) {
  using V = std::vector<std::string>;
  EXPECT_TRUE(SplitByline("Port Alder Star", true).people.empty());
  EXPECT_TRUE(SplitByline("Lakeside Courier", true).people.empty());
  EXPECT_EQ(SplitByline("By Jane Doe, Lakeside Chronicle", false).people, V{"Jane Doe"});
  EXPECT_EQ(SplitByline("by Jane Doe, Northern Mail", false).people, V{"Jane Doe"});
  // The paper's name on the line under "By Jane Doe", the break gone.
  EXPECT_EQ(SplitByline("By Jane Doe\nLakeside Chronicle", false).people, V{"Jane Doe"});
  EXPECT_EQ(SplitByline("By Jane M. Doe Port Alder Star", false).people, V{"Jane M. Doe"});
  // The noun opening a name is a first name.
  EXPECT_EQ(SplitByline("Star Holloway", true).people, V{"Star Holloway"});
}

TEST(AuthorRules, BeatEditorIsADesksTitle) {
  using V = std::vector<std::string>;
  EXPECT_TRUE(SplitByline("Harbour Affairs Editor", true).people.empty());
  EXPECT_TRUE(SplitByline("Inland Waterways Editor", true).people.empty());
  // A rank before the role: the person's name stays.
  EXPECT_EQ(SplitByline("By Jane Doe Senior Editor", false).people, V{"Jane Doe"});
  EXPECT_EQ(SplitByline("By Jane Doe Staff Writer", false).people, V{"Jane Doe"});
}

TEST(AuthorRules, NameAloneClosingTheArticleSignsIt) {
  auto make = [](v1::BlockType after) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "Ferry fares rise in spring", false, 1);
    AddBlock(doc, v1::PARAGRAPH, "The harbour board met on Monday. " + std::string(300, 'x'));
    AddBlock(doc, v1::PARAGRAPH, "Lena Brandt");
    AddBlock(doc, after, "Sailing times for the week", false, 2);
    return Authors(Extract(doc));
  };
  EXPECT_EQ(make(v1::HEADING), std::vector<std::string>{"Lena Brandt"});
  // A subhead rendered as a paragraph goes on with its list: no signature.
  EXPECT_TRUE(make(v1::LIST_ITEM).empty());
}

TEST(AuthorRules, GerundLabelIsNoName) {
  EXPECT_TRUE(SplitByline("Sailing ahead", true).people.empty());
  EXPECT_FALSE(NotAPersonReason("Looking ahead", true).empty());
  // Names that end in the same letters, or a surname in small letters after another first name.
  EXPECT_EQ(SplitByline("Irving Holt", true).people, std::vector<std::string>{"Irving Holt"});
  EXPECT_EQ(SplitByline("Amira hadad", true).people, std::vector<std::string>{"Amira hadad"});
}

TEST(AuthorRules, DatedLinesAfterTheCommentsHeadingSignComments) {
  auto make = [](const std::string& heading) {
    v1::Document doc;
    AddBlock(doc, v1::HEADING, "Ferry fares rise in spring", false, 1);
    AddBlock(doc, v1::PARAGRAPH, "The harbour board met on Monday. " + std::string(300, 'x'));
    AddBlock(doc, v1::TABLE_CELL, heading, true);
    AddBlock(doc, v1::METADATA_LINE, "By: Quill Harper, Tue, 11 Mar 2031 09:41:05 GMT", true);
    AddBlock(doc, v1::TABLE_CELL, "Fares were lower last year, I think.", true);
    return Authors(Extract(doc));
  };
  EXPECT_TRUE(make("Your Comments").empty());
  EXPECT_EQ(make("Sailing times"), std::vector<std::string>{"Quill Harper"});
}

TEST(AuthorRules, LabelSetApartFromItsColon) {
  EXPECT_EQ(BylineLeadLength("Author : Jane Doe"), std::string_view("Author : ").size());
  v1::Document doc;
  AddBlock(doc, v1::HEADING, "Ferry fares rise in spring", false, 1);
  AddBlock(doc, v1::TABLE_CELL, "Author : Quill Harper", true);
  AddBlock(doc, v1::PARAGRAPH, "The harbour board met on Monday. " + std::string(300, 'x'));
  EXPECT_EQ(Authors(Extract(doc)), std::vector<std::string>{"Quill Harper"});
}

TEST(AuthorRules, ChannelWithItsNumberIsNoName) {
  EXPECT_TRUE(SplitByline("KQRS7 Lakeside", true).people.empty());
  EXPECT_TRUE(SplitByline("LAKESIDE TODAY", true).people.empty());
  // A handle of capitals and digits alone, and a name in capitals, stay.
  EXPECT_EQ(SplitByline("QUILL42", true).people, std::vector<std::string>{"QUILL42"});
  EXPECT_EQ(SplitByline("JANE DOE", true).people, std::vector<std::string>{"JANE DOE"});
}

}  // namespace
}  // namespace newspipe::extract
