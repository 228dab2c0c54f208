// The clean stage on hand-written HTML pages: boilerplate regions go, the article stays, blocks
// keep their types and rules, page signals are read in the same walk.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "stages/clean/cleaner.h"
#include "stages/clean/html_page.h"

namespace newspipe {
namespace {

v1::Document HtmlDoc(std::string html) {
  v1::Document doc;
  doc.mutable_fetch()->set_format(v1::Fetch::HTML);
  doc.mutable_fetch()->set_raw(std::move(html));
  return doc;
}

const char kArticle[] = R"(<!DOCTYPE html>
<html lang="en"><head><title>Harbour bridge reopens after repairs - Example News</title>
<meta property="og:title" content="Harbour bridge reopens after repairs">
<meta name="author" content="Jane Roe">
<link rel="canonical" href="https://news.example/bridge">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour bridge reopens"}</script>
</head><body>
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies to continue reading.</div>
<header class="site-header"><a href="/">Example News</a> <a href="/world">World</a></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li><li><a href="/business">Business</a></li></ul></nav>
<div class="wrapper">
 <article>
  <h1>Harbour bridge reopens after repairs</h1>
  <p class="byline">By Jane Roe</p>
  <time datetime="2024-03-01T08:00:00Z">March 1, 2024</time>
  <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet this story</a></div>
  <p>The harbour bridge reopened to traffic on Friday morning after eight months of repairs that
  cost the city more than forty million dollars, officials said.</p>
  <p>Engineers replaced the steel cables on the northern span, which had corroded faster than
  expected, and resurfaced the whole deck, the transport department said in a statement.</p>
  <h2>Traffic returns</h2>
  <p>Commuters who had faced detours of up to an hour welcomed the news. "It is like getting
  my mornings back," said one driver, who crosses the bridge every day to reach her office.</p>
  <figure><img src="b.jpg"><figcaption>The bridge at dawn. (Photo: City Hall)</figcaption></figure>
  <p>The city plans a small ceremony next week to thank the workers who finished the job ahead of
  schedule and under the revised budget.</p>
  <div class="newsletter-signup"><p>Sign up for our daily newsletter to get the top stories of the day delivered to your inbox every morning.</p></div>
 </article>
 <div class="related-stories"><h3>Related</h3><ul>
  <li><a href="/a">Tunnel closes for a week of maintenance work in the spring</a></li>
  <li><a href="/b">Ferry timetable changes announced for the summer season</a></li></ul></div>
 <div id="comments"><p>Great news, finally! I have been waiting for this for so long and it is about time they finished.</p></div>
</div>
<footer><p>Copyright 2024 Example News. All rights reserved.</p><a href="/about">About us</a></footer>
</body></html>)";

TEST(HtmlClean, KeepsTheArticleAndDropsTheBoilerplate) {
  v1::Document doc = HtmlDoc(kArticle);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  const std::string& text = doc.text();
  EXPECT_NE(text.find("The harbour bridge reopened to traffic"), std::string::npos) << text;
  EXPECT_NE(text.find("under the revised budget."), std::string::npos) << text;
  EXPECT_NE(text.find("Traffic returns"), std::string::npos) << "subheading kept: " << text;
  for (const char* gone :
       {"cookies", "Sport", "Share on Facebook", "newsletter", "Tunnel closes", "Great news",
        "Copyright", "By Jane Roe", "The bridge at dawn", "Harbour bridge reopens after repairs"}) {
    EXPECT_EQ(text.find(gone), std::string::npos) << gone << " leaked into: " << text;
  }
  EXPECT_NE(text.find("officials said.\n\nEngineers"), std::string::npos)
      << "blank-line paragraphs";
}

TEST(HtmlClean, AFlatPagesLooseParagraphsAreOneArticle) {
  // No container around the article: its lead and paragraphs sit loose in <body> between long
  // link bars, which pull the body's total below that of its best single paragraph.
  std::string bar = "<p>";
  for (const char* s : {"Home", "World", "Sport", "Business", "Science", "Culture", "Weather",
                        "Travel", "Opinion", "Video", "Audio", "Local", "Puzzles", "Archive"}) {
    bar += std::string("<a href=\"/") + s + "\">" + s + " section pages</a> | ";
  }
  bar += "</p>";
  std::string crumbs = "<p>";
  for (const char* s : {"Home", "Local", "Islands", "Schools"}) {
    crumbs += std::string("<a href=\"/") + s + "\">" + s + " section pages</a> | ";
  }
  crumbs += "</p>";
  std::string html = "<html><body>" + bar + crumbs +
                     "<font size=\"3\">Friday, 6 March 2026, 09:10 GMT<h2>Ferry fares frozen for "
                     "island pupils</h2><b>Pupils from the islands will travel free on the morning "
                     "ferries from April, the county council said.</b>";
  for (const char* p :
       {"The council agreed the change on Thursday after a petition signed by parents.",
        "About 300 pupils cross the sound every school day, most of them on the early boat.",
        "The ferry company said it would add a second crossing on Mondays and Fridays.",
        "Parents said the fares had cost some families more than a thousand crowns a term, "
        "which was more than many of them could afford in a hard year for the fishing boats.",
        "The free travel will be reviewed after one school year, the council said.",
        "Teachers at the secondary school in town welcomed the decision on Friday morning.",
        "Some pupils now stay with relatives in town during the week to avoid the fares.",
        "The opposition said the council should also help pupils who travel by bus."}) {
    html += std::string("<P>") + p;
  }
  html += "</font>" + bar + "</body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  const std::string& text = doc.text();
  for (const char* kept : {"Pupils from the islands", "petition signed by parents", "early boat",
                           "second crossing", "reviewed after one school year"}) {
    EXPECT_NE(text.find(kept), std::string::npos) << kept << " missing from: " << text;
  }
  EXPECT_EQ(text.find("section pages"), std::string::npos) << text;
}

TEST(HtmlClean, AnEmptyCommentsAnchorAfterTheTextOpensTheCommentSection) {
  std::string article =
      "<h1>Night buses return to the old town</h1>"
      "<p>The night buses to the old town will run again from Friday, after the city and the "
      "operator agreed to split the cost of the drivers' late shifts for a trial year.</p>"
      "<p>The buses will leave the central square every half hour between midnight and four in "
      "the morning, and stop at the hospital and the university on the way.</p>"
      "<p>Bar owners in the old town said they had lost customers since the service stopped, and "
      "that many of their staff had no safe way to get home after work.</p>";
  std::string comments =
      "<a name=\"comments\"></a><div class=\"box\">Posted by: night owl on 9:15pm Fri 6 Mar</div>"
      "<p>About time too, I have been walking home for two years and the road by the river has "
      "no lights at all after the bridge.</p>";
  v1::Document doc = HtmlDoc("<html><body><div>" + article + comments + "</div></body></html>");
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("safe way to get home"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("walking home for two years"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("night owl"), std::string::npos) << doc.text();

  // Before the article's text the anchor (a "jump to comments" target) decides nothing.
  doc = HtmlDoc("<html><body><div><a id=\"comments\"></a>" + article + "</div></body></html>");
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("The night buses to the old town"), std::string::npos) << doc.text();
  EXPECT_NE(doc.text().find("safe way to get home"), std::string::npos) << doc.text();
}

TEST(HtmlClean, ARunOfShortLinkedLabelsWithTheirSummariesIsATeaserBox) {
  std::string html =
      "<html><body><table><tr><td><h1>Harbour crane breaks down again</h1>"
      "<p>The largest crane at the container harbour broke down again on Monday, the third time "
      "this winter, and ships waited for a day at anchor outside the breakwater.</p>"
      "<p>The harbour company said a part had been ordered from the maker and the crane would "
      "work again by the end of the week, while two smaller cranes took over its load.</p>"
      "<p>Shipping agents said the delays cost their customers money and asked the company to "
      "buy a second large crane before the busy spring season begins.</p></td></tr>";
  for (const char* pair : {"Weather|Forecasts for the coast and the islands, every hour.",
                           "Tide Tables|High and low water for every harbour on the coast.",
                           "Horoscopes|Your daily stars, love signs and much more.",
                           "TV Guide|Find out when your favourite shows are on the air."}) {
    std::string_view p(pair);
    size_t bar = p.find('|');
    html += "<tr><td><a href=\"/x\">" + std::string(p.substr(0, bar)) + "</a></td></tr><tr><td>" +
            std::string(p.substr(bar + 1)) + "</td></tr>";
  }
  html += "</table></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("before the busy spring season"), std::string::npos) << doc.text();
  for (const char* gone :
       {"Forecasts for the coast", "High and low water", "daily stars", "favourite shows"}) {
    EXPECT_EQ(doc.text().find(gone), std::string::npos) << gone << " in: " << doc.text();
  }
}

TEST(HtmlClean, TheProseAroundAOneParagraphRootJoinsIt) {
  // One table cell holds a menu, the story in unclosed <P>s and a list of other stories; its
  // total is low, and the longest paragraph alone wins.
  std::string links;
  for (int i = 0; i < 12; ++i) {
    links += "<a href=\"/n" + std::to_string(i) + "\">Other local story number " +
             std::to_string(i) + " from the valley</a><br>";
  }
  std::string html =
      "<html><body><table><tr><td>" + links +
      "<p><span class=\"headline\">Valley school gets a new roof</span><br>Friday, 6 March "
      "2026</p><p class=\"maintext\">The valley school will get a new roof this summer, the "
      "council said. <P>The old roof has leaked since the storms of last winter, and two "
      "classrooms have been closed since January because of the damp. <P>Builders will start "
      "work on the first day of the holidays and expect to finish before the new school year "
      "begins, the council's building office said on Friday, adding that the cost would be "
      "shared with the region and that pupils would not have to move to another school during "
      "the works. <P>Parents welcomed the news at a meeting.</p>" +
      links + "</td></tr></table></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  for (const char* kept : {"get a new roof this summer", "leaked since the storms",
                           "first day of the holidays", "Parents welcomed the news"}) {
    EXPECT_NE(doc.text().find(kept), std::string::npos) << kept << " missing: " << doc.text();
  }
  EXPECT_EQ(doc.text().find("Other local story"), std::string::npos) << doc.text();
}

TEST(HtmlClean, AShortPostWithoutProseIsKept) {
  // Three lines of dialogue under the headline, and nothing on the page that reads as prose.
  std::string html =
      "<html><head><title>Nothing to say - Small Hours</title></head><body>"
      "<header class=\"site-header\"><a href=\"/\">Small Hours</a></header>"
      "<div class=\"post\"><h1>Nothing to say</h1><p>3. May 2024</p>"
      "<p>\u201cI know I should not say this at all\u2026\u201d</p>"
      "<p>\u2013 \u201cThen don't.\u201d</p><p>\u2013 \u201cFine.\u201d</p>"
      "<p>Posted in Nights</p></div>"
      "<div id=\"respond\" class=\"comment-respond\"><h3>Leave a Reply</h3>"
      "<p>Your address stays with us and is shown to no one.</p></div>"
      "<div class=\"sidebar\"><h3>Categories</h3><ul><li><a href=\"/n\">Nights</a></li>"
      "<li><a href=\"/d\">Days</a></li></ul><p>This is a small blog about the hours after "
      "midnight, written by one person in one town.</p></div><footer><p>All the texts on this "
      "site are mine, and you may quote them with a link back.</p></footer></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  const std::string& text = doc.text();
  EXPECT_NE(text.find("should not say this"), std::string::npos) << text;
  EXPECT_NE(text.find("Then don't."), std::string::npos) << text;
  for (const char* gone : {"Posted in", "Leave a Reply", "stays with us", "Categories"}) {
    EXPECT_EQ(text.find(gone), std::string::npos) << gone << " in: " << text;
  }
}

TEST(HtmlClean, BlocksAreTypedAndKeepTheirRules) {
  v1::Document doc = HtmlDoc(kArticle);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  bool saw_title = false, saw_caption = false, saw_byline = false, saw_nav = false;
  uint32_t index = 0;
  for (const auto& b : doc.blocks()) {
    EXPECT_EQ(b.index(), index++);
    EXPECT_FALSE(b.rule().empty()) << b.text();
    if (b.rule() == "title") saw_title = b.type() == v1::HEADING && b.level() == 1;
    if (b.type() == v1::CAPTION) saw_caption = true;
    if (b.type() == v1::BYLINE) saw_byline = true;
    if (b.text() == "Home Sport Business" || b.text() == "Home") {
      saw_nav = b.boilerplate() && b.rule() == "structure:nav";
    }
    EXPECT_NE(b.fingerprint(), 0u) << b.text();
  }
  EXPECT_TRUE(saw_title);
  EXPECT_TRUE(saw_caption);
  EXPECT_TRUE(saw_byline);
  EXPECT_TRUE(saw_nav);
}

TEST(HtmlClean, ReadsPageSignalsInTheSameWalk) {
  v1::Document doc = HtmlDoc(kArticle);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  const auto& s = doc.signals();
  EXPECT_EQ(s.html_lang(), "en");
  EXPECT_EQ(s.title_tag(), "Harbour bridge reopens after repairs - Example News");
  bool og = false, author = false;
  for (const auto& m : s.meta()) {
    og = og || (m.key() == "og:title" && m.attr() == "property");
    author = author || (m.key() == "author" && m.content() == "Jane Roe");
  }
  EXPECT_TRUE(og);
  EXPECT_TRUE(author);
  ASSERT_EQ(s.json_ld_size(), 1);
  ASSERT_EQ(s.links_size(), 1);
  EXPECT_EQ(s.links(0).rel(), "canonical");
  ASSERT_EQ(s.times_size(), 1);
  EXPECT_EQ(s.times(0).datetime(), "2024-03-01T08:00:00Z");
  EXPECT_TRUE(s.times(0).in_main());
  ASSERT_EQ(s.h1_size(), 1);
  ASSERT_GE(s.bylines_size(), 1);
  EXPECT_EQ(s.bylines(0), "By Jane Roe");
}

TEST(HtmlClean, SignalTextsReadAsRendered) {
  // A style sheet inside the <h1> is no part of its text; a <br> or a block between the name and
  // the date of a byline separates them; inline markup inside a word does not.
  v1::Document doc = HtmlDoc(
      "<html><head><title>t</title></head><body><h1><style>.k{color:red}</style>Library "
      "hours<br>extended</h1><div class=\"byline\"><span>Jane Mc<b>D</b>onald</span><br>"
      "<span>Monday</span><div>Chief reporter</div></div><p>The council met on Monday and "
      "agreed to keep the library open longer on weekdays from next month.</p></body></html>");
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  const auto& s = doc.signals();
  ASSERT_EQ(s.h1_size(), 1);
  EXPECT_EQ(s.h1(0), "Library hours extended");
  ASSERT_GE(s.bylines_size(), 1);
  EXPECT_EQ(s.bylines(0), "Jane McDonald Monday Chief reporter");
}

TEST(HtmlClean, ReadsTheMachineDateOfAnAbbrLikeATime) {
  // hAtom posts carry their date in <abbr title>; an abbr without a date class or itemprop
  // (an abbreviation's expansion) is no date.
  v1::Document doc = HtmlDoc(
      "<html><head><title>t</title></head><body><div class=\"post\"><h1>Library hours "
      "extended</h1><abbr class=\"published\" title=\"2019-05-03T10:20:00+02:00\">May 3"
      "</abbr> <abbr title=\"Public Library Board\">PLB</abbr><p>The council met on Monday "
      "and agreed to keep the library open longer on weekdays from next month.</p></div>"
      "</body></html>");
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  const auto& s = doc.signals();
  ASSERT_EQ(s.times_size(), 1);
  EXPECT_EQ(s.times(0).datetime(), "2019-05-03T10:20:00+02:00");
  EXPECT_EQ(s.times(0).class_hint(), "published");
  EXPECT_EQ(s.times(0).text(), "May 3");
}

std::vector<std::string> H1Parts(const std::string& h1) {
  v1::Document doc = HtmlDoc("<html><head><title>t</title></head><body>" + h1 +
                             "<p>The council met on Monday and agreed to keep the library open "
                             "longer on weekdays from next month.</p></body></html>");
  Cleaner cleaner({});
  EXPECT_TRUE(cleaner.Clean(doc).ok());
  return {doc.signals().h1_parts().begin(), doc.signals().h1_parts().end()};
}

TEST(HtmlClean, RecordsTheKickerAndHeadlinePiecesOfTheH1) {
  using V = std::vector<std::string>;
  EXPECT_EQ(H1Parts("<h1> <span>Climate</span> <span class=\"sr\"> - </span> <span>Drilling "
                    "goes on</span> </h1>"),
            (V{"Climate", "Drilling goes on"}));
  EXPECT_EQ(H1Parts("<h1><span>Climate</span>\"Drilling goes on\"</h1>"),
            (V{"Climate", "\"Drilling goes on\""}));
  EXPECT_EQ(H1Parts("<h1><a href=\"/x\"><span>Climate</span><span>Drilling goes "
                    "on</span></a></h1>"),
            (V{"Climate", "Drilling goes on"}));
  // One piece, a link first, emphasis inside one headline: no parts.
  EXPECT_TRUE(H1Parts("<h1><span>Drilling goes on</span></h1>").empty());
  EXPECT_TRUE(H1Parts("<h1><a href=\"/c\">Climate</a> Drilling goes on</h1>").empty());
  EXPECT_TRUE(H1Parts("<h1><b>Dune</b>: the film reviewed</h1>").empty());
  EXPECT_TRUE(H1Parts("<h1>Drilling goes on</h1>").empty());
}

TEST(HtmlClean, CommentsAreKeptOnlyWhenAskedFor) {
  CleanOptions keep;
  keep.keep_comments = true;
  v1::Document doc = HtmlDoc(kArticle);
  Cleaner cleaner(keep);
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  bool comment_kept = false;
  for (const auto& b : doc.blocks()) {
    if (b.text().rfind("Great news", 0) == 0) comment_kept = b.rule() != "class:comments";
  }
  EXPECT_TRUE(comment_kept);
}

const char kUnmarkedComments[] = R"(<html><body><div class="main">
<h1>Council approves the new library</h1>
<p>The city council voted on Tuesday to build a new central library on the site of the old bus
depot, ending a debate that had lasted for more than three years.</p>
<p>The library will hold about two hundred thousand books and open in the spring of next year,
the mayor said after the vote, which passed by nine votes to four.</p>
<p>Opponents had argued that the money should go to the branch libraries in the suburbs, which
have had their opening hours cut twice since the last election.</p>
<h3>12 Comments</h3>
<p>About time too, the old library has been falling apart for as long as I can remember it.</p>
<p>Posted by reader on March 2, 2024</p>
</div></body></html>)";

TEST(HtmlClean, AnUnmarkedCommentSectionEndsTheArticle) {
  v1::Document doc = HtmlDoc(kUnmarkedComments);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("About time too"), std::string::npos) << doc.text();

  CleanOptions keep;
  keep.keep_comments = true;
  v1::Document kept = HtmlDoc(kUnmarkedComments);
  Cleaner keeping(keep);
  ASSERT_TRUE(keeping.Clean(kept).ok());
  EXPECT_NE(kept.text().find("About time too"), std::string::npos) << kept.text();
}

constexpr char kLongParagraph[] =
    "The regional museum reopened its doors to visitors on Saturday after a renovation that "
    "took two years and added a new wing for the collection of maritime paintings.";

TEST(HtmlClean, ReadsAPageThatABrokenHtmlTagSplitIntoTwoRoots) {
  // The stray quote in <html> makes the parser close it and open a second <html>.
  v1::Document doc =
      HtmlDoc(std::string("<!DOCTYPE html>\n<html xlogo.jpg\" alt=\"b\" />") +
              "</a></td>\n<td><p>" + kLongParagraph + "</p><p>" + kLongParagraph + "</p></td>");
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("maritime paintings"), std::string::npos) << doc.text();
}

TEST(HtmlClean, ReadsAPageThatAStrayElementKeptInsideTheHead) {
  v1::Document doc =
      HtmlDoc(std::string("<html><head><title>Museum</title><mbox><table><tr><td><p>") +
              kLongParagraph + "</p><p>" + kLongParagraph + "</p></td></tr></table></body></html>");
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("maritime paintings"), std::string::npos) << doc.text();
}

const char kSignedCommentsAndTeasers[] = R"(<html><body><div class="main">
<h1>Council approves the new library</h1>
<p>The city council voted on Tuesday to build a new central library on the site of the old bus
depot, ending a debate that had lasted for more than three years.</p>
<p>The library will hold about two hundred thousand books and open in the spring of next year,
the mayor said after the vote, which passed by nine votes to four.</p>
<p>Opponents had argued that the money should go to the branch libraries in the suburbs, which
have had their opening hours cut twice since the last election.</p>
<p>Posted by: reader one, riverside on 8:21pm Tue 1 Jan</p>
<p>About time too, the old library has been falling apart for as long as I can remember it.</p>
<p>Posted by: reader two, hillside on 9:06pm Tue 1 Jan</p>
<p>What a waste of money when the roads in the east of the city are full of holes again.</p>
</div></body></html>)";

TEST(HtmlClean, TwoSignedCommentsAfterTheArticleAreCut) {
  v1::Document doc = HtmlDoc(kSignedCommentsAndTeasers);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("About time too"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("roads in the east"), std::string::npos) << doc.text();
}

TEST(HtmlClean, ATeaserSectionHeadingAfterTheArticleEndsIt) {
  for (std::string heading :
       {"<h3>Related stories</h3>", "<h3>Ähnliche Beiträge</h3>", "<h2>Lire aussi :</h2>",
        "<h3>Weitere Artikel aus Berlin</h3>", "<h2>Die meistgelesenen Artikel</h2>",
        "<p>Sponsored links</p>", "<h3>From around the web</h3>", "<h3>Other News in Science</h3>",
        "<p>Most recent replies:</p>"}) {
    std::string html(kUnmarkedComments);
    size_t at = html.find("<h3>12 Comments</h3>");
    ASSERT_NE(at, std::string::npos);
    html.replace(at, 20, heading);
    v1::Document doc = HtmlDoc(html);
    Cleaner cleaner({});
    ASSERT_TRUE(cleaner.Clean(doc).ok());
    EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << heading << doc.text();
    EXPECT_EQ(doc.text().find("About time too"), std::string::npos) << heading << doc.text();
  }
}

// Three paragraphs of article prose, shared by the rule tests below.
const char kProse[] = R"(
<p>The city council voted on Tuesday to extend the opening hours of all branch libraries until
nine in the evening, a change that librarians had asked for since the start of the year.</p>
<p>The extra hours will be paid for out of the culture budget, which grows by two percent next
year after a long debate about the cost of the new swimming pool in the eastern district.</p>
<p>Readers who use the libraries for study welcomed the decision, saying that the reading rooms
were often full in the afternoon and that the evening hours would give them a quiet place.</p>)";

TEST(HtmlClean, ScriptSourceLetOutAsTextIsNoArticle) {
  // A script whose opening was lost: its source reads as one long text block.
  std::string code = "<p>owImages() {\n if (document.images) {\n";
  for (const char* name : {"mail", "print", "share", "reply", "save", "next"}) {
    code += std::string("  tool_") + name + "_on = newImage(\"img/tool_" + name + "_on.gif\");\n";
  }
  code += " }\n}</p>";
  v1::Document doc = HtmlDoc("<html><body>" + code + "<div>" + kProse + "</div></body></html>");
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("newImage"), std::string::npos) << doc.text();
}

TEST(HtmlClean, TeasersWithHeadingLinksAndBylinesGo) {
  std::string html =
      "<html><body><div><h1>Harbour crane breaks down again</h1>" + std::string(kProse);
  for (const char* pair : {"Ferry company buys two new boats|Mara Quist|The company will spend "
                           "forty million on boats built in the north.",
                           "Lighthouse opens to visitors again|Tom Reyes|The old tower on the "
                           "point will open on weekends from May."}) {
    std::string_view p(pair);
    size_t a = p.find('|');
    size_t b = p.find('|', a + 1);
    html += "<h3><a href=\"/t\">" + std::string(p.substr(0, a)) + "</a></h3><p class=\"byline\">" +
            std::string(p.substr(a + 1, b - a - 1)) + "</p><p>" + std::string(p.substr(b + 1)) +
            "</p>";
  }
  html += "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("forty million on boats"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("open on weekends"), std::string::npos) << doc.text();
}

const v1::Block* FindBlock(const v1::Document& doc, std::string_view text) {
  for (const auto& b : doc.blocks()) {
    if (b.text() == text) return &b;
  }
  return nullptr;
}

TEST(HtmlClean, TheArticlesOwnHeaderIsNotTheSiteHeader) {
  std::string html = std::string(
                         "<html><body><header class=\"site\"><a href=\"/\">Front page</a></header>"
                         "<article><header><h1>Libraries open longer</h1><p>The council answers "
                         "librarians who asked for longer evenings, and students are pleased.</p>"
                         "</header>") +
                     kProse + "</article><div class=\"entry-header\"></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("The council answers librarians"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Front page"), std::string::npos) << doc.text();
  const v1::Block* site = FindBlock(doc, "Front page");
  ASSERT_NE(site, nullptr);
  EXPECT_EQ(site->rule(), "structure:header");
}

// A <header> whose own class names the article ("article-header", "entry-header") holds the
// lead, even outside an <article>.
TEST(HtmlClean, AHeaderClassedAsTheArticlesHeaderKeepsItsLead) {
  std::string html = std::string(
                         "<html><body><header class=\"site\"><a href=\"/\">Front page</a>"
                         "</header><div class=\"page\"><header class=\"article-header\"><h1>"
                         "Libraries open longer</h1><p>The council answers librarians who asked "
                         "for longer evenings, and students are pleased.</p></header>") +
                     kProse + "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("The council answers librarians"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Front page"), std::string::npos) << doc.text();
}

// A header that holds the page's headline and prose is the article's header, whatever other
// words its class carries ("has-sharing").
TEST(HtmlClean, AHeaderHoldingTheHeadlineAndProseIsTheArticles) {
  std::string html = std::string(
                         "<html><head><title>Libraries open longer in the evening</title></head>"
                         "<body><header class=\"top\"><a href=\"/\">Front page</a></header>"
                         "<div class=\"page\"><header class=\"intro has-sharing\"><h1>"
                         "Libraries open longer in the evening</h1><p>The council answers "
                         "librarians who asked for longer evenings, and students are pleased.</p>"
                         "<a href=\"/share\">Share</a></header>") +
                     kProse + "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("The council answers librarians"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Front page"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Share"), std::string::npos) << doc.text();
}

// A "Read also" box inside the article ends at the next long paragraph without links: the
// article goes on after it.
TEST(HtmlClean, TheArticleResumesAfterAReadAlsoBox) {
  std::string html =
      std::string("<html><body><div class=\"story\">") + kProse +
      "<h3>Read next</h3><ul><li><a href=\"/a\">Swimming pool opens in the eastern district "
      "next spring</a></li><li><a href=\"/b\">Museum night draws record crowds this year</a>"
      "</li></ul><p>The new hours start in March. Librarians will work in two shifts, the union "
      "said after a meeting with the council, and more staff will be hired for the evenings in "
      "the larger branches of the city and in the old town.</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("two shifts"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Swimming pool"), std::string::npos) << doc.text();
}

// The paragraph right under the headline is the article's lead, even when its class calls it a
// teaser; a teaser box elsewhere still goes.
TEST(HtmlClean, ALeadClassedAsATeaserStays) {
  std::string html =
      std::string(
          "<html><head><title>Libraries open longer in the evening</title></head>"
          "<body><div class=\"story\"><h1>Libraries open longer in the evening"
          "</h1><p class=\"article-teaser\">The council answers librarians who "
          "asked for longer evenings, and students who need a quiet place to work in the city "
          "are pleased.</p>") +
      kProse +
      "<div class=\"teaser\"><p>Museum night drew record crowds this year, and "
      "the organisers are already planning the next one.</p></div></div>"
      "</body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("The council answers librarians"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Museum night"), std::string::npos) << doc.text();
}

// A wrapper that holds the headline and the lead is the article, whatever state its class
// names ("has-paywall", "promoted").
TEST(HtmlClean, AnArticleWrapperNamedForItsPaywallStays) {
  std::string html = std::string(
                         "<html><head><title>Libraries open longer in the evening</title></head>"
                         "<body><div class=\"has-paywall\"><h1>Libraries open longer in the "
                         "evening</h1><p>The council answers librarians who asked for longer "
                         "evenings, and students who need a quiet place to work are pleased.</p>") +
                     kProse +
                     "</div><div class=\"paywall\"><p>Subscribe now to read all of our "
                     "articles for a whole month at half the usual price.</p></div>"
                     "<div class=\"comments\">" +
                     kProse + kProse + "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("The council answers librarians"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Subscribe now"), std::string::npos) << doc.text();
}

// A picture's label set as a paragraph ("Titelbild: ...") is a caption: kept as a block, left
// out of the body.
TEST(HtmlClean, AnImageLabelParagraphIsACaption) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>Titelbild: Jane Doe/Example Agency</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_EQ(doc.text().find("Titelbild"), std::string::npos) << doc.text();
  const v1::Block* label = FindBlock(doc, "Titelbild: Jane Doe/Example Agency");
  ASSERT_NE(label, nullptr);
  EXPECT_EQ(label->type(), v1::CAPTION);

  // An enlarge button's label glued to a caption marks the caption.
  html = std::string("<html><body><div class=\"story\">") + kProse +
         "<p>Vergrößern Die neue Bibliothek im Osten der Stadt am Abend.</p></div></body></html>";
  doc = HtmlDoc(html);
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_EQ(doc.text().find("Vergrößern"), std::string::npos) << doc.text();
}

// An author box after the text ("About the author" and the bio under it) is no part of the
// article; nor is a teaser list under a label line ("Auch interessant:").
TEST(HtmlClean, AnAuthorBoxAndALabelledTeaserListAfterTheTextGo) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<h4>About the author</h4><p>Jane Roe is a staff writer who covers the "
                     "city council, libraries and schools for the paper.</p></div>"
                     "</body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("staff writer"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("About the author"), std::string::npos) << doc.text();

  html = std::string("<html><body><div class=\"story\">") + kProse +
         "<p>Auch interessant:</p><p>Die Stadt plant eine neue Bibliothek im Osten, sagt die "
         "Stadträtin.</p></div></body></html>";
  doc = HtmlDoc(html);
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Auch interessant"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("neue Bibliothek"), std::string::npos) << doc.text();
}

// An appeal to support the site after the text is a call to action; news about support is not.
TEST(HtmlClean, ASupportAppealAfterTheTextGoes) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>Liked this story? Please think about supporting our work with a "
                     "small gift.</p>"
                     "<p>Gefällt Ihnen, was Sie hier lesen? Unterstützen Sie diese Form der "
                     "Berichterstattung.</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("supporting our work"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Unterstützen Sie"), std::string::npos) << doc.text();

  html = std::string("<html><body><div class=\"story\">") + kProse +
         "<p>The library association said it would support the council's plan with volunteers "
         "for the first evening sessions.</p></div></body></html>";
  doc = HtmlDoc(html);
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("support the council"), std::string::npos) << doc.text();
}

// A consent notice, a comment login prompt and a server's error message are the site's words
// wherever they stand; a sentence that reports on cookies in quotes is text.
TEST(HtmlClean, ConsentNoticesLoginPromptsAndServerErrorsGo) {
  std::string html =
      std::string("<html><body><div class=\"story\">") +
      "<p>Warning: Undefined variable $entry in /var/www/site/includes/"
      "loop.php on line 88</p>" +
      kProse +
      "<p>Deine Privatsphäre ist uns wichtig: Das Video wird ohne dein Einverständnis nicht "
      "vom Videodienst geladen.</p>"
      "<p>The council chamber reopens in May after the repairs to its roof, the mayor said in "
      "a statement on the city's website, which now says \"we use cookies\" at the top.</p>"
      "<p>Bitte registrieren Sie sich, um mitzudiskutieren, und beachten Sie die Netiquette.</p>"
      "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Warning:"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Privatsphäre"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Netiquette"), std::string::npos) << doc.text();
  EXPECT_NE(doc.text().find("council chamber"), std::string::npos) << doc.text();
}

// An advertising disclosure goes wherever it stands; a licence line of the site under the text
// goes with the small print.
TEST(HtmlClean, AdDisclosuresAndLicenceLinesGo) {
  std::string html = std::string("<html><body><div class=\"story\">") +
                     "<p>Anzeige, enthält Affiliate Links</p>" + kProse +
                     "<p>Text: veröffentlicht unter der Lizenz CC-BY-4.0 International; Bilder "
                     "sind davon ausgenommen.</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Affiliate"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Lizenz"), std::string::npos) << doc.text();
}

// A table of contents' title goes with its list of links; a box about the series after the text
// goes like an author box. A "Contents" heading over kept text stays.
TEST(HtmlClean, ContentsLabelsAndSeriesBoxesGo) {
  std::string html = std::string("<html><body><div class=\"story\">") +
                     "<p>Inhaltsverzeichnis</p><nav><ul><li><a href=\"#a\">Erster Teil</a></li>"
                     "<li><a href=\"#b\">Zweiter Teil</a></li></ul></nav>" +
                     kProse +
                     "<h3>About this series</h3><p>The series looks at how the city spends its "
                     "money on culture, sport and the libraries, one district at a time.</p>"
                     "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Inhaltsverzeichnis"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("About this series"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("one district at a time"), std::string::npos) << doc.text();

  html = std::string("<html><body><div class=\"story\"><h2>Contents</h2>") + kProse +
         "</div></body></html>";
  doc = HtmlDoc(html);
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("Contents"), std::string::npos) << doc.text();
}

// Feedback, sharing and download prompts are the page's controls, not the article's text.
TEST(HtmlClean, FeedbackAndDownloadPromptsGo) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>Dieses Skript als PDF herunterladen</p>"
                     "<p>Was this article helpful?</p><p>Möchten Sie den Artikel teilen?</p>"
                     "<p>(95 votes: 4.73 of 5)</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("PDF"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("helpful"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("teilen"), std::string::npos) << doc.text();
}

// The page's reading-time and like counters go wherever they stand.
TEST(HtmlClean, ReadingTimeAndLikeCountersGo) {
  std::string html = std::string("<html><body><div class=\"story\"><p>7 minut czytania</p>") +
                     kProse + "<p>2 bloggers like this.</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("czytania"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("bloggers"), std::string::npos) << doc.text();
}

// A short post (under 400 characters of prose) loses the notices that go wherever they stand
// too: a consent notice, a like counter and a short login prompt; its own text stays.
TEST(HtmlClean, NoticesBesideAShortPostGo) {
  std::string html =
      "<html><body><div class=\"story\"><p>The pond behind the old mill froze over last night, "
      "and by noon half the village was out on the ice with skates and sledges.</p>"
      "<p>Must be logged in to post a comment.</p>"
      "<p>Privacy: this website uses cookies. By staying on the site you agree to their use.</p>"
      "<p>4 bloggers like this:</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("old mill froze"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("logged in"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("cookies"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("bloggers"), std::string::npos) << doc.text();
}

// A blog engine's long footer under a post (filing, feed of the comments, whether they are
// open) goes by its opening, also when it runs past the length of the short small print.
TEST(HtmlClean, ALongPostFooterGoes) {
  std::string html =
      std::string("<html><body><div class=\"story\">") + kProse +
      "<p>This entry was posted on Friday, 3 March 2028 at 9:40 am and is filed under Town Hall, "
      "Libraries, Budgets, Evening Hours, Reading Rooms. You can follow any responses to this "
      "entry through the RSS 2.0 feed. You can leave a response, or trackback from your own "
      "site. Responses are moderated and may take a day to appear below the post.</p>"
      "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("This entry was posted"), std::string::npos) << doc.text();
}

// "Also in <Section>" after the text heads the other stories of the article's section: they go;
// "Also in the ..." in the article's own words is a subheading and what follows it stays.
TEST(HtmlClean, AlsoInASectionHeadsTeasers) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<h3>Also in Town News</h3><ul><li>Market square gets new benches</li>"
                     "<li>Night bus returns to the hill district</li></ul></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Also in"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("benches"), std::string::npos) << doc.text();

  std::string own = std::string("<html><body><div class=\"story\">") + kProse +
                    "<h3>Also in the budget</h3><p>The council set aside money for new shelves in "
                    "the children's rooms and for longer weekend hours in two branches.</p>"
                    "</div></body></html>";
  v1::Document doc2 = HtmlDoc(own);
  ASSERT_TRUE(cleaner.Clean(doc2).ok());
  EXPECT_NE(doc2.text().find("new shelves"), std::string::npos) << doc2.text();
}

// A page whose <title> names only the site and that has no <h1>: the short line right above the
// text (a date line between) is its headline, left out of the body with its type kept; a
// numbered step in that place is the text's own.
TEST(HtmlClean, TheShortLineAboveTheTextIsTheHeadlineWhenNothingNamesIt) {
  const std::string para =
      "<p>The ferry between the two islands will run twice a day from Monday, the harbour "
      "office said, after a winter in which storms cancelled more than forty crossings.</p>";
  std::string html =
      "<html><head><title>Example Harbour Post</title></head><body>"
      "<div class=\"story\"><p>Ferry to run twice daily from Monday</p>"
      "<p>March 3, 2027</p>" +
      para + kProse + "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("storms cancelled"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("twice daily"), std::string::npos) << doc.text();
  const v1::Block* h = FindBlock(doc, "Ferry to run twice daily from Monday");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->rule(), "title");
  EXPECT_EQ(h->type(), v1::PARAGRAPH);

  std::string step =
      "<html><head><title>Example Harbour Post</title></head><body>"
      "<div class=\"story\"><p>1. Book the crossing early</p>" +
      para + kProse + "</div></body></html>";
  v1::Document doc2 = HtmlDoc(step);
  ASSERT_TRUE(cleaner.Clean(doc2).ok());
  EXPECT_NE(doc2.text().find("Book the crossing"), std::string::npos) << doc2.text();
}

// The labels of a picture's, the page's and an embed's controls inside the article go.
TEST(HtmlClean, ControlLabelsInsideTheArticleGo) {
  std::string html =
      std::string("<html><body><div class=\"story\"><p>Font size</p>") + kProse +
      "<p>Click image to enlarge</p><p>Loading…</p><p>View this post on Instagram</p>"
      "<p>Printer friendly version</p><p>Send this story to a friend</p>"
      "<p>The new hours start in May, and the council will review them after a year to see "
      "whether the evening rooms are used as much as the librarians expect.</p>"
      "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_NE(doc.text().find("review them after a year"), std::string::npos) << doc.text();
  for (const char* label :
       {"Font size", "enlarge", "Loading", "Instagram", "Printer", "Send this"}) {
    EXPECT_EQ(doc.text().find(label), std::string::npos) << label << "\n" << doc.text();
  }
}

// Prompts for the readers' feedback and bookmarks go wherever they stand.
TEST(HtmlClean, FeedbackPromptsGo) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>Got an opinion on the new hours? Send us your feedback.</p>"
                     "<p>Enjoyed this piece? Please bookmark it for later.</p>"
                     "<p>The new hours start in May, and the council will review them after a "
                     "year to see whether the evening rooms are used as much as expected.</p>"
                     "<p>No comments posted yet.</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("review them after a year"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("feedback"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("bookmark"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("No comments"), std::string::npos) << doc.text();
}

// A site's banner set as an <h1> names itself; the block the <title> names is the headline.
TEST(HtmlClean, TheTitleNamesTheHeadlineOverABannerH1) {
  std::string html =
      "<html><head><title>Ferry to run twice daily from Monday - Example Harbour Post</title>"
      "</head><body><h1>Example Harbour Post</h1><div class=\"story\">"
      "<h2>Ferry to run twice daily from Monday</h2>" +
      std::string(kProse) + "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("twice daily"), std::string::npos) << doc.text();
  const v1::Block* h = FindBlock(doc, "Ferry to run twice daily from Monday");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->rule(), "title");
}

// Comment login prompts in German and English and a Polish invitation to subscribe go.
TEST(HtmlClean, CommentLoginAndSubscriptionPromptsGo) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>Bitte melden Sie sich an, um einen Kommentar zu schreiben.</p>"
                     "<p>Sign in to leave a comment.</p>"
                     "<p>Zachęcamy do subskrypcji naszego pisma.</p>"
                     "<p>The new hours start in May, and the council will review them after a "
                     "year to see whether the evening rooms are used as much as expected.</p>"
                     "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("review them after a year"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Kommentar"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("leave a comment"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("subskrypcji"), std::string::npos) << doc.text();
}

// A product site's note on how it is paid goes wherever it stands, and a site's note that it
// answers for no outside content closes the text as small print.
TEST(HtmlClean, PaymentAndLiabilityNotesGo) {
  std::string html =
      std::string("<html><body><div class=\"story\">") +
      "<p>Our testers pick kettles on their own merits. We may earn a commission when you buy "
      "through the shops we link to, at no extra cost to you.</p>" +
      kProse +
      "<p>Example Harbour Post is not responsible for the content of linked sites.</p>"
      "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("commission"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("not responsible"), std::string::npos) << doc.text();
}

// A request for the readers' news tips and stories is the site talking, wherever it stands.
TEST(HtmlClean, RequestsForNewsTipsGo) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>Seen something? Send your tip-offs to the newsroom desk.</p>"
                     "<p>Got a story to submit? Write to the harbour desk.</p>"
                     "<p>The new hours start in May, and the council will review them after a "
                     "year to see whether the evening rooms are used as much as expected.</p>"
                     "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("review them after a year"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("tip-offs"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("story to submit"), std::string::npos) << doc.text();
}

// A widget's status lines (who is online, a cart notice, a view counter) go wherever they stand.
TEST(HtmlClean, SiteStatusLinesGo) {
  std::string html = std::string("<html><body><div class=\"story\">") +
                     "<p>Views: 2048 | Filed by: harbourdesk</p>" + kProse +
                     "<p>7 Besucher sind online (2 davon im Forum)</p>"
                     "<p>The kettle was added to your basket.</p>"
                     "<p>The new hours start in May, and the council will review them after a "
                     "year to see whether the evening rooms are used as much as expected.</p>"
                     "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("review them after a year"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Views:"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("online"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("basket"), std::string::npos) << doc.text();
}

// The author's blurb closing the page goes: under a bare "Author" heading, and as the last
// paragraph without one ("X is the co-founder of ..."); a one-line agency tagline stays.
TEST(HtmlClean, AnAuthorBlurbAfterTheTextGoes) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<h3>Author</h3><p>Jane Roe is the co-founder of Example Labs, a small "
                     "consultancy for public libraries. She also writes about reading rooms "
                     "and city budgets.</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("co-founder"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Author"), std::string::npos) << doc.text();

  html = std::string("<html><body><div class=\"story\">") + kProse +
         "<p>Jane Roe ist seit 2021 Redakteurin bei Example Labs. Vorher hat sie drei Jahre für "
         "eine Tageszeitung über Bibliotheken und Schulen geschrieben.</p></div></body></html>";
  doc = HtmlDoc(html);
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Redakteurin"), std::string::npos) << doc.text();

  // A short tagline is printed with agency stories; a closing sentence about someone's work
  // that names no writer's role is text.
  html = std::string("<html><body><div class=\"story\">") + kProse +
         "<p>Jane Roe is a national columnist for The Example Press. Write to her.</p>"
         "<p>Mayor John Smith is expected to open the first evening session himself next week, "
         "the council said in a statement on Tuesday.</p></div></body></html>";
  doc = HtmlDoc(html);
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("national columnist"), std::string::npos) << doc.text();
  EXPECT_NE(doc.text().find("Mayor John Smith"), std::string::npos) << doc.text();
}

// The lead under the headline stands in a header block beside the element that holds the rest
// of the text: it is the article's opening and stays (rule "lead"); the menu beside it goes.
TEST(HtmlClean, TheLeadBesideTheTextsElementStays) {
  const char kPage[] =
      R"(<html><head><title>Libraries open longer in the evening</title></head><body><div class="page"><div class="intro"><h1>Libraries open longer in the evening</h1><p>The council answers librarians who asked for longer evenings, and students who need a quiet place to work in the city are pleased.</p><p class="meta">March 1, 2024</p><ul><li><a href="/1">Share this story on your favourite network</a></li><li><a href="/2">Send this story to a friend by email today</a></li><li><a href="/3">Print this page in a format for paper</a></li><li><a href="/4">More stories from the culture desk of the paper</a></li><li><a href="/5">All the news from the city council this week</a></li><li><a href="/6">Our newsletter with the news of the day</a></li><li><a href="/7">Follow the city desk on the networks</a></li></ul></div><div class="text">
<p>The city council voted on Tuesday to extend the opening hours of all branch libraries until
nine in the evening, a change that librarians had asked for since the start of the year.</p>
<p>The extra hours will be paid for out of the culture budget, which grows by two percent next
year after a long debate about the cost of the new swimming pool in the eastern district.</p>
<p>Readers who use the libraries for study welcomed the decision, saying that the reading rooms
were often full in the afternoon and that the evening hours would give them a quiet place.</p></div><div class="more"><p><a href="/a">Swimming pool opens next spring in the east</a> <a href="/b">Museum night draws record crowds</a> <a href="/c">Budget debate goes on</a> <a href="/d">New buses for the old town from May</a></p></div></div></body></html>)";
  v1::Document doc = HtmlDoc(kPage);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("The council answers librarians"), std::string::npos) << doc.text();
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Share this story"), std::string::npos) << doc.text();
}

// A short prompt that quotes no one goes wherever it stands in the text (a newsletter box in
// the middle of a story); a quoted sentence with the same words stays.
TEST(HtmlClean, AShortPromptInsideTheTextGoesAQuoteStays) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>Never miss a story again by signing up to our morning newsletter!</p>"
                     "<p>\"I did not sign up for this,\" said one librarian.</p>" +
                     kProse + kProse +
                     "<p>Follow The Daily Example on Twitter and Instagram and send us your "
                     "tips.</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_EQ(doc.text().find("Never miss"), std::string::npos) << doc.text();
  EXPECT_NE(doc.text().find("I did not sign up"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Follow The Daily Example"), std::string::npos) << doc.text();
}

// A contact or sources section after the text ("Kontakt:", "Quellenangaben") is the site's,
// unless the article goes on after a box under it (a long paragraph without links).
TEST(HtmlClean, AContactSectionAfterTheTextGoesTheTextAfterABoxStays) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<h3>Kontakt:</h3><p>Stadtbibliothek, Hauptstraße 1</p><p>Tel. 030 1234"
                     "</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Hauptstraße"), std::string::npos) << doc.text();

  html = std::string("<html><body><div class=\"story\">") + kProse +
         "<p>Weitere Informationen</p><div class=\"teaser\"><p>Was ist eine Bibliothek? Unser "
         "Glossar erklärt die Begriffe.</p></div><p>The new hours start in March. Librarians "
         "will work in two shifts, the union said after a meeting with the council, and more "
         "staff will be hired for the evenings in the larger branches of the city and in the "
         "old town.</p></div></body></html>";
  doc = HtmlDoc(html);
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("two shifts"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Weitere Informationen"), std::string::npos) << doc.text();
}

// A label line after the text whose list went as boilerplate ("Tagged:") goes with it; a
// label that introduces code stays.
TEST(HtmlClean, ALabelOverARemovedListGoes) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>Tagged:</p><ul><li><a href=\"/t/a\">libraries</a></li><li>"
                     "<a href=\"/t/b\">council</a></li></ul><p>You can use this code:</p>"
                     "<pre>open_library --late</pre>" +
                     kProse + "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  const v1::Block* label = FindBlock(doc, "Tagged:");
  ASSERT_NE(label, nullptr);
  EXPECT_TRUE(label->boilerplate());
  EXPECT_EQ(label->rule(), "empty-section");
  EXPECT_NE(doc.text().find("You can use this code:"), std::string::npos) << doc.text();
}

// A sentence that carries a long link is text; a headline link without a full stop is not.
TEST(HtmlClean, ASentenceWithALongLinkStays) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>The council published <a href=\"/r\">the full report on opening "
                     "hours, staff and the budget</a> on its site on Wednesday.</p><p><a "
                     "href=\"/n\">Swimming pool opens in the eastern district next spring "
                     "after long delays</a></p>" +
                     kProse + "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("The council published the full report"), std::string::npos)
      << doc.text();
  EXPECT_EQ(doc.text().find("Swimming pool opens"), std::string::npos) << doc.text();
}

TEST(HtmlClean, AHeadingOverNothingKeptAfterTheArticleGoes) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<h3>Further information</h3><ul><li><a href=\"/a\">Opening hours of all "
                     "branches</a></li><li><a href=\"/b\">Library card fees</a></li></ul>"
                     "<h3>Evening hours</h3><p>Librarians will work in two shifts from March, "
                     "the union said after a meeting with the council.</p>"
                     "<h4>Did you like this article?</h4></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  const v1::Block* further = FindBlock(doc, "Further information");
  ASSERT_NE(further, nullptr);
  EXPECT_TRUE(further->boilerplate());
  EXPECT_EQ(further->rule(), "empty-section");
  const v1::Block* kept = FindBlock(doc, "Evening hours");
  ASSERT_NE(kept, nullptr);
  EXPECT_FALSE(kept->boilerplate()) << kept->rule();
  EXPECT_EQ(doc.text().find("Did you like"), std::string::npos) << doc.text();
}

TEST(HtmlClean, ShortPromptsAfterTheArticlesTextGo) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>See you all next week.</p><p>Thanks a lot for the interview, Anna!</p>"
                     "<p>Was this article useful?</p><h4>Liked it? Share it now!</h4>"
                     "<p>Share this page</p><ul><li>Open until 9 pm</li></ul></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  for (const char* gone :
       {"Was this article useful?", "Liked it? Share it now!", "Share this page"}) {
    const v1::Block* b = FindBlock(doc, gone);
    ASSERT_NE(b, nullptr) << gone;
    EXPECT_TRUE(b->boilerplate()) << gone;
    EXPECT_EQ(b->rule(), "after-text") << gone;
  }
  EXPECT_NE(doc.text().find("See you all next week."), std::string::npos) << doc.text();
  // A closing exclamation of five words or more is text, too.
  EXPECT_NE(doc.text().find("Thanks a lot for the interview"), std::string::npos) << doc.text();
  EXPECT_NE(doc.text().find("Open until 9 pm"), std::string::npos) << doc.text();
}

TEST(HtmlClean, ACreditLineOfSourcesAfterTheArticlesTextStays) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>Sources: harbour office, a rowing almanac</p>"
                     "<p>Quelle: Landesamt</p><p>Staff and wire services</p>"
                     "<p>Sources:</p><p>Share this page</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  for (const char* kept : {"Sources: harbour office, a rowing almanac", "Quelle: Landesamt",
                           "Staff and wire services"}) {
    EXPECT_NE(doc.text().find(kept), std::string::npos) << kept << "\n" << doc.text();
  }
  // A bare label and a prompt still go.
  EXPECT_EQ(doc.text().find("Share this page"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Sources:"), doc.text().find("Sources: harbour")) << doc.text();
}

TEST(HtmlClean, TheWritersAddressRightAfterTheTextStays) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p><a href=\"mailto:jroe@example.org\">jroe@example.org</a></p>"
                     "<ul><li><a href=\"/a\">Weather</a></li><li><a href=\"/b\">Sport</a></li>"
                     "</ul><p><a href=\"mailto:desk@example.org\">desk@example.org</a></p>"
                     "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("jroe@example.org"), std::string::npos) << doc.text();
  // Not right after the prose (the last kept block is no prose): a contact link like any other.
  EXPECT_EQ(doc.text().find("desk@example.org"), std::string::npos) << doc.text();
}

TEST(HtmlClean, ARankedListAfterTheArticlesTextStays) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>8. Otto Brenner</p><p>9. Mia Lindqvist</p><p>10. Paul Okafor</p>"
                     "<p>3. More topics</p><p>Share this page</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  for (const char* kept : {"8. Otto Brenner", "9. Mia Lindqvist", "10. Paul Okafor"}) {
    EXPECT_NE(doc.text().find(kept), std::string::npos) << kept << "\n" << doc.text();
  }
  // A numbered line that continues no numbering is a fragment like any other.
  EXPECT_EQ(doc.text().find("More topics"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Share this page"), std::string::npos) << doc.text();
}

TEST(HtmlClean, TheWritersSignOffAfterTheTextStays) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>Cheers, Tilda</p><p>Eure Marlene</p><p>Share this page</p>"
                     "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("Cheers, Tilda"), std::string::npos) << doc.text();
  EXPECT_NE(doc.text().find("Eure Marlene"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Share this page"), std::string::npos) << doc.text();
}

TEST(HtmlClean, AContributorNoteInABylineBoxIsText) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p class=\"byline\">Ines Varga contributed reporting.</p>"
                     "<p class=\"byline\">By Ines Varga</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("Ines Varga contributed reporting."), std::string::npos) << doc.text();
  const v1::Block* byline = FindBlock(doc, "By Ines Varga");
  ASSERT_NE(byline, nullptr);
  EXPECT_EQ(byline->type(), v1::BYLINE);
}

TEST(HtmlClean, AClosingLineEndingInASmileyStays) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>Next time with the blue scarf :)</p><p>Follow us now</p>"
                     "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("Next time with the blue scarf :)"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Follow us now"), std::string::npos) << doc.text();
}

TEST(HtmlClean, AScriptTagWithAnUnclosedQuoteDoesNotSwallowTheArticle) {
  std::string html = std::string(
                         "<html><head><script type=\"text/javascript\" src=\"/a.js>\n"
                         "function f(o) { o.style.color='black'; }\n</script></head><body>"
                         "<div class=\"story\">") +
                     kProse + "<p class=\"x\">End.</p></div></body></html>";
  std::string repaired;
  ASSERT_TRUE(RepairScriptAttributeQuotes(html, &repaired));
  EXPECT_NE(repaired.find("'black'; }\n\"></script>"), std::string::npos) << repaired;
  std::string untouched;
  EXPECT_FALSE(RepairScriptAttributeQuotes(repaired, &untouched));
  EXPECT_FALSE(
      RepairScriptAttributeQuotes("<script src='ok.js'></script><p>it's fine</p>", &untouched));
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  bool noted = false;
  for (const auto& e : doc.errors()) noted = noted || e.code() == "unterminated_attribute";
  EXPECT_TRUE(noted);
}

TEST(HtmlClean, AnAgencyRightsNoticeClosingTheStoryStays) {
  const std::string notice =
      "Copyright 2024 Example Press. All rights reserved. No part of this report may be copied, "
      "aired, reworded or passed on to others.";
  for (std::string box : {"<p>", "<p class=\"copyright\">"}) {
    std::string html = std::string("<html><body><div class=\"story\">") + kProse + box + notice +
                       "</p><p>\xC2\xA9 2024 Example News</p></div></body></html>";
    v1::Document doc = HtmlDoc(html);
    Cleaner cleaner({});
    ASSERT_TRUE(cleaner.Clean(doc).ok());
    EXPECT_NE(doc.text().find(notice), std::string::npos) << box << doc.text();
    EXPECT_EQ(doc.text().find("2024 Example News"), std::string::npos) << box << doc.text();
  }
  // Without the story before it, the same notice is the site's.
  v1::Document alone = HtmlDoc("<html><body><div><p>" + notice + "</p></div></body></html>");
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(alone).ok());
  EXPECT_EQ(alone.text().find(notice), std::string::npos) << alone.text();
}

TEST(HtmlClean, TheTextUnderTheHeadlineOutweighsALongerThreadElsewhere) {
  std::string html =
      "<html><head><title>Riverton line up a bid for the veteran goalkeeper</title></head><body>"
      "<div><a href=\"/riverton\">Riverton line up a bid for the veteran goalkeeper</a></div>"
      "<div>3 days ago</div><div>2 days ago</div><div>1 day ago</div><div>today</div>"
      "<div>yesterday</div><div>last week</div><div>last month</div><div>last year</div>"
      "<table><tr><td><h2>Riverton line up a bid for the veteran goalkeeper</h2>"
      "<p>Riverton coach Ada Lind said the club will bid for the veteran goalkeeper before the "
      "transfer window closes at the end of the month.</p><p>The club lost a similar chase in the "
      "summer, she said, although the budget has grown since the old stand was sold.</p>"
      "<p>\"He still stops shots that younger keepers never reach,\" Lind said on Friday "
      "after training.</p></td></tr></table><table><tr><td>";
  for (int i = 0; i < 40; ++i) {
    html += "<div><a href=\"/n" + std::to_string(i) + "\">Older story headline number " +
            std::to_string(i) + "</a></div>";
  }
  html += "</td></tr></table><table><tr><td>";
  for (int i = 0; i < 3; ++i) {
    html +=
        "<p>I reckon a keeper like that would steady any defence in the lower half this year, "
        "but his wages will be far too high for a club like Riverton with such a budget, "
        "and the fans in the stands will grumble. Reader " +
        std::to_string(i) + "</p>";
  }
  html += "</td></tr></table></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("will bid for the veteran goalkeeper"), std::string::npos)
      << doc.text();
  EXPECT_EQ(doc.text().find("steady any defence"), std::string::npos) << doc.text();
}

TEST(HtmlClean, HeadlineLinksWithSummariesAfterTheArticleAreTeasers) {
  std::string teasers;
  for (int i = 0; i < 3; ++i) {
    teasers += "<p><a href=\"/t" + std::to_string(i) + "\">Council approves new budget plan " +
               std::to_string(i) + "</a></p><p>City Hall, Jan 15: The council approved the plan " +
               "after a long debate on Tuesday evening.</p>";
  }
  std::string html =
      std::string("<html><body><div class=\"story\">") + kProse + teasers + "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("branch libraries"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("City Hall, Jan 15"), std::string::npos) << doc.text();
  // The same pairs with the article going on after them are sources the article cites.
  std::string cited =
      std::string("<html><body><div class=\"story\">") + kProse + teasers +
      "<p>Those reports show that the plan had been debated for months before the vote, and that "
      "the council members who opposed it had asked for a study of the costs of the longer "
      "hours, which the library service then published in the autumn; the study found that the "
      "extra hours would cost less than one percent of the culture budget and that most of the "
      "cost would be staff time in the evening shifts and on the weekends.</p></div></body></html>";
  v1::Document doc2 = HtmlDoc(cited);
  ASSERT_TRUE(cleaner.Clean(doc2).ok());
  EXPECT_NE(doc2.text().find("City Hall, Jan 15"), std::string::npos) << doc2.text();
}

TEST(HtmlClean, CallsToActionAtTheEndOfTheTextGo) {
  std::string html = std::string("<html><body><div class=\"story\">") +
                     "<p>The library service now has 40,000 subscribers to its lending app, and "
                     "the number keeps growing every month.</p>" +
                     kProse +
                     "<p>Sign up for our daily newsletter to get the news in your inbox.</p>"
                     "<p>Follow us on Twitter and Facebook.</p>"
                     "<p>Disclaimer: the opinions of readers are their own and not ours.</p>"
                     "<p>This entry was posted in Libraries and tagged council, culture budget, "
                     "opening hours. Bookmark the permalink.</p>"
                     "<p>You can unsubscribe from the library's mailing list at any time, the "
                     "council said in its statement on Tuesday.</p>"
                     "<p>No comments yet.</p>"
                     "<p>For more on this site, read our Privacy Policy and Terms of Use.</p>"
                     "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_EQ(doc.text().find("Sign up for our daily"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Follow us on Twitter"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Disclaimer:"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("This entry was posted"), std::string::npos) << doc.text();
  EXPECT_NE(doc.text().find("40,000 subscribers"), std::string::npos) << doc.text();
  EXPECT_NE(doc.text().find("You can unsubscribe"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("No comments yet"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("Privacy Policy"), std::string::npos) << doc.text();
  const v1::Block* b = FindBlock(doc, "Follow us on Twitter and Facebook.");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->rule(), "call-to-action");
}

TEST(HtmlClean, JapaneseProseCountsAndRubyReadingsAreLeftOut) {
  std::string para =
      "<p><ruby>法律<rt>ほうりつ</rt></ruby>では<ruby>虐待<rp>(</rp><rt>ぎゃくたい</rt><rp>)</rp>"
      "</ruby>をした親に専門家が子どもの育て方を教えることになりました。新しい法律は来年の四月から"
      "始まります。</p>";
  std::string html =
      "<html><body><div><a href=\"/a\">ニュース</a> <a href=\"/b\">天気</a> "
      "<a href=\"/c\">スポーツ</a></div><div class=\"story\">" +
      para + para + para + "</div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  EXPECT_NE(doc.text().find("法律では虐待をした親に専門家が"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("ほうりつ"), std::string::npos) << doc.text();
  EXPECT_EQ(doc.text().find("スポーツ"), std::string::npos) << doc.text();
}

TEST(HtmlClean, LinkLabelsInsideTheArticleGo) {
  std::string html = std::string("<html><body><div class=\"story\">") + kProse +
                     "<p>Advertisement</p>" + kProse + "<p>Read more...</p></div></body></html>";
  v1::Document doc = HtmlDoc(html);
  Cleaner cleaner({});
  ASSERT_TRUE(cleaner.Clean(doc).ok());
  const v1::Block* ad = FindBlock(doc, "Advertisement");
  ASSERT_NE(ad, nullptr);
  EXPECT_TRUE(ad->boilerplate());
  EXPECT_EQ(ad->rule(), "label");
  EXPECT_EQ(doc.text().find("Read more"), std::string::npos) << doc.text();
}

// The cache builds each path from its parent's; it must give DomPath() for every element, also
// past the 64 elements DomPath keeps of a deeper chain.
TEST(HtmlPage, DomPathCacheGivesDomPath) {
  std::string html =
      "<html><body><div class=\"wrap main\"><article><p>One</p><ul><li>Two</li>"
      "<li class=\"x\">Three</li></ul></article></div>";
  for (int i = 0; i < 80; ++i) html += "<div class=\"d" + std::to_string(i) + "\">";
  html += "<p>Deep text</p>";
  for (int i = 0; i < 80; ++i) html += "</div>";
  html += "<footer><p>Four</p></footer></body></html>";
  HtmlPage page;
  v1::PageSignals signals;
  ASSERT_TRUE(BuildHtmlPage(html, WalkOptions{}, &page, &signals).ok());
  ASSERT_GT(page.elements.size(), 80u);
  DomPathCache cache(page);
  size_t deep = 0;
  // Leaves first, then the rest, so that both cold and warm ancestors are met.
  for (int32_t e = static_cast<int32_t>(page.elements.size()) - 1; e >= 0; --e) {
    std::string expected = DomPath(page, e);
    EXPECT_EQ(cache.Of(e), expected) << e;
    deep += std::count(expected.begin(), expected.end(), '>') >= 63;
  }
  for (int32_t e = 0; e < static_cast<int32_t>(page.elements.size()); ++e) {
    EXPECT_EQ(cache.Of(e), DomPath(page, e)) << e;
  }
  EXPECT_GT(deep, 0u);
  EXPECT_EQ(DomPath(page, 2), "html>body>div.wrap");
}

}  // namespace
}  // namespace newspipe
