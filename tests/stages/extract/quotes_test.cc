#include "stages/extract/quotes.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace newspipe::extract {
namespace {

QuoteResult Find(std::vector<std::string> const& paragraphs) {
  std::vector<BodyBlock> blocks;
  for (size_t i = 0; i < paragraphs.size(); ++i)
    blocks.push_back({static_cast<int>(i), paragraphs[i]});
  return FindQuotes(blocks);
}

TEST(Quotes, NameSaidAndSaidName) {
  auto r = Find({"\u201cWe will not give in to any of these demands,\u201d Merkel said on Monday.",
                 "\u201cThe market is going to be very volatile this year,\u201d said Jane Doe, an "
                 "analyst at a bank."});
  ASSERT_EQ(r.quotes.size(), 2u);
  EXPECT_EQ(r.quotes[0].speaker(), "Merkel");
  EXPECT_EQ(r.quotes[0].text(), "We will not give in to any of these demands");
  EXPECT_EQ(r.quotes[0].block_index(), 0);
  EXPECT_EQ(r.quotes[1].speaker(), "Jane Doe");
}

TEST(Quotes, PronounResolvesToThePersonLastNamed) {
  auto r = Find({"Prime Minister Anna Berg met the press on Friday.",
                 "\u201cWe have done everything we could do for the region,\u201d she said."});
  ASSERT_EQ(r.quotes.size(), 1u);
  EXPECT_EQ(r.quotes[0].speaker(), "Anna Berg");
  ASSERT_EQ(r.people.size(), 1u);
  EXPECT_EQ(r.people[0].role(), "Prime Minister");
}

TEST(Quotes, SpeakerBeforeTheQuote) {
  auto r =
      Find({"Halloway said: \u201cThis trip is to talk with our trusted partners here.\u201d"});
  ASSERT_EQ(r.quotes.size(), 1u);
  EXPECT_EQ(r.quotes[0].speaker(), "Halloway");
}

TEST(Quotes, MultiParagraph) {
  auto r = Find({"\u201cThe first part of a long statement goes on and on,",
                 "\u201cand the second paragraph finishes it at last,\u201d said John Smith."});
  ASSERT_EQ(r.quotes.size(), 1u);
  EXPECT_EQ(r.quotes[0].speaker(), "John Smith");
  EXPECT_EQ(r.quotes[0].block_index(), 0);
  EXPECT_NE(r.quotes[0].text().find("second paragraph"), std::string::npos);
}

TEST(Quotes, NestedSingleQuotesStayInside) {
  auto r =
      Find({"\u201cHe told me \u2018never again\u2019 and then he left the room,\u201d Lee said."});
  ASSERT_EQ(r.quotes.size(), 1u);
  EXPECT_EQ(r.quotes[0].text(), "He told me \u2018never again\u2019 and then he left the room");
  EXPECT_EQ(r.quotes[0].speaker(), "Lee");
}

TEST(Quotes, ScareQuotesAreNotQuotes) {
  auto r = Find({"The country clings to \u201chostile policies\u201d and a \u201cvision.\u201d"});
  EXPECT_TRUE(r.quotes.empty());
}

TEST(Quotes, GermanMarks) {
  auto r =
      Find({"\u201eWir schaffen das, ganz sicher und ohne Zweifel\u201c, sagte Angela Merkel."});
  ASSERT_EQ(r.quotes.size(), 1u);
  EXPECT_EQ(r.quotes[0].speaker(), "Angela Merkel");
}

TEST(Quotes, SpeakersArePeople) {
  // Whom someone told is no speaker: "she" is the person last named who spoke.
  auto told = Find({"Mara Quinn told Harbour News on Monday that the plan was sound.",
                    "\u201cWe have checked every number twice,\u201d she said."});
  ASSERT_EQ(told.quotes.size(), 1u);
  EXPECT_EQ(told.quotes[0].speaker(), "Mara Quinn");
  // A possessive names what someone owns, not who spoke.
  auto owner = Find({"Dana Holt said Acme's decision was sound.",
                     "\u201cWe looked at the whole market before we chose,\u201d he said."});
  ASSERT_EQ(owner.quotes.size(), 1u);
  EXPECT_EQ(owner.quotes[0].speaker(), "Dana Holt");
  auto employee =
      Find({"\u201cThe plant will open next spring as planned,\u201d said Acme's Dana Holt."});
  ASSERT_EQ(employee.quotes.size(), 1u);
  EXPECT_EQ(employee.quotes[0].speaker(), "Dana Holt");
  // An agency, an institution, a noun after an article.
  auto agency = Find({"\u201cThe talks went on until late at night,\u201d said Reuters."});
  ASSERT_EQ(agency.quotes.size(), 1u);
  EXPECT_EQ(agency.quotes[0].speaker(), "");
  auto force =
      Find({"\u201cThe road stays closed until the bridge is checked,\u201d said the "
            "Harbour Security Assistance Force."});
  ASSERT_EQ(force.quotes.size(), 1u);
  EXPECT_EQ(force.quotes[0].speaker(), "");
  auto noun =
      Find({"\u201eWir sind mit der Ernte dieses Jahr sehr zufrieden\u201c, sagte der "
            "G\u00e4rtner."});
  ASSERT_EQ(noun.quotes.size(), 1u);
  EXPECT_EQ(noun.quotes[0].speaker(), "");
}

TEST(Quotes, PeopleWithRolesArePeople) {
  auto r = Find({"President Jana Holt's visit was praised by Prime Minister Tom Reyes.",
                 "The spokeswoman of the Harbour Supreme Court and the Sprecherin von Acme Werke "
                 "spoke, as did the former Harbour United."});
  std::vector<std::string> names;
  for (const auto& p : r.people) names.push_back(p.name());
  EXPECT_EQ(names, (std::vector<std::string>{"Jana Holt", "Tom Reyes"}));
}

TEST(Quotes, GermanNounsAndTheVerbBeforeItsSubject) {
  // "Dann sagt sie": the verb before its subject; the pronoun names the speaker.
  auto inverted = Find({"Sprecherin Jana Holt trat am Montag vor die Presse.",
                        "\u201eWir haben alles getan, was wir tun konnten\u201c Dann sagt sie: "
                        "\u201eDas war es.\u201c"});
  ASSERT_GE(inverted.quotes.size(), 1u);
  EXPECT_EQ(inverted.quotes[0].speaker(), "Jana Holt");
  // A noun after an article or a possessive is no speaker.
  auto noun =
      Find({"Das sei, wie Holt 2019 in einem Vortrag sagte, \u201eder letzte und "
            "wichtigste Punkt f\u00fcr uns alle hier\u201c."});
  ASSERT_EQ(noun.quotes.size(), 1u);
  EXPECT_EQ(noun.quotes[0].speaker(), "");
}

TEST(Quotes, AWordQualifyingARoleBeforeTheNameAndAReportedClause) {
  auto speaker = [](const std::string& attribution) {
    auto r = Find({"\u201cThe ferry will run again by the summer,\u201d " + attribution});
    EXPECT_EQ(r.quotes.size(), 1u);
    return r.quotes.empty() ? std::string("?") : r.quotes[0].speaker();
  };
  // A party, a team or a place before a role in small letters: the person after the role.
  EXPECT_EQ(speaker("said Harbour union negotiator Ines Varga."), "Ines Varga");
  EXPECT_EQ(speaker("said Lakeside-based ferry captain Tom Reyes on Monday."), "Tom Reyes");
  // The surname and when or where it was said: the surname stays the speaker.
  EXPECT_EQ(speaker("said Varga on Monday."), "Varga");
  EXPECT_EQ(speaker("said Varga yesterday."), "Varga");
  EXPECT_EQ(speaker("sagte Varga beim Treffen der Reeder."), "Varga");
  // A country or a body that backed something: the subject of a reported clause, no speaker.
  EXPECT_EQ(speaker("said Northland backed the plan."), "");
  // The first part of an elided compound is no name.
  EXPECT_EQ(speaker("sagt Hafen- und Werftdirektorin Ines Varga."), "");
  // A later "he said" resolves to the person, not to the word before the role.
  auto later =
      Find({"\u201cThe ferry will run again by the summer,\u201d said Harbour union "
            "boatman Tom Reyes.",
            "\u201cWe have waited long enough for the new contract,\u201d he said."});
  ASSERT_EQ(later.quotes.size(), 2u);
  EXPECT_EQ(later.quotes[1].speaker(), "Tom Reyes");
}

TEST(Quotes, ABodysAbbreviationJoinedToARoleIsNoPartOfTheName) {
  auto r =
      Find({"\u201eDie F\u00e4hre f\u00e4hrt wieder ab Juni\u201c, sagte "
            "EWV-Pr\u00e4sidentin Ines Varga.",
            "\u201eWir rudern bis dahin jeden Tag mit unseren eigenen Booten\u201c, sagt "
            "Hans-Peter Reyes."});
  ASSERT_EQ(r.quotes.size(), 2u);
  EXPECT_EQ(r.quotes[0].speaker(), "Ines Varga");
  // A hyphenated first name stays.
  EXPECT_EQ(r.quotes[1].speaker(), "Hans-Peter Reyes");
}

TEST(Quotes, ARoleEndsAtAnotherPersonNamedBeforeAnd) {
  auto r = Find(
      {"The talks brought together President Jana Holt and Northland's Prime Minister Tom Reyes.",
       "Varga and director Ines Kovacs spoke first.",
       "Former Lakeside Rovers and Harbour United coach Mara Quinn watched."});
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& p : r.people) got.emplace_back(p.name(), p.role());
  using P = std::pair<std::string, std::string>;
  EXPECT_NE(std::find(got.begin(), got.end(), P{"Tom Reyes", "Northland's Prime Minister"}),
            got.end());
  EXPECT_NE(std::find(got.begin(), got.end(), P{"Ines Kovacs", "director"}), got.end());
  // Two teams before one role: the role stays whole.
  EXPECT_NE(std::find(got.begin(), got.end(),
                      P{"Mara Quinn", "Former Lakeside Rovers and Harbour United coach"}),
            got.end());
}

TEST(Quotes, SaidTheRoleCommaName) {
  auto r = Find(
      {"\u201cWe have every boat we own out on the water tonight,\u201d said the harbour's "
       "duty officer, Tomas Weller. \u201cThe rest will come in the morning.\u201d",
       "\u201cThe old bridge will stay closed until the spring at the earliest,\u201d said the "
       "head of roads, Ada Quist, 52.",
       "\u201cWe sold the building because the roof could not be saved any longer,\u201d said "
       "the company, Example Holdings."});
  ASSERT_EQ(r.quotes.size(), 4u);
  EXPECT_EQ(r.quotes[0].speaker(), "Tomas Weller");
  EXPECT_EQ(r.quotes[1].speaker(), "Tomas Weller");
  EXPECT_EQ(r.quotes[2].speaker(), "Ada Quist");
  EXPECT_EQ(r.quotes[3].speaker(), "");  // a body in apposition names nobody.

  // The person named in apposition is the one a later pronoun stands for.
  r = Find({"The plan was approved, said the deputy mayor, Lena Hart, after the vote.",
            "\u201cWe will start building the new school in the autumn,\u201d she said."});
  ASSERT_EQ(r.quotes.size(), 1u);
  EXPECT_EQ(r.quotes[0].speaker(), "Lena Hart");
}

TEST(Quotes, LocalTitlesAreRolesNotNames) {
  auto r = Find(
      {"\u201cThe ferry timetable has to change before the winter starts,\u201d said Councillor "
       "Mira Falk, who leads the transport group.",
       "\u201cWe are being asked to approve a plan that nobody has costed,\u201d said Alderman "
       "Owen Price of the Harbour Residents\u2019 List, who voted against."});
  ASSERT_EQ(r.quotes.size(), 2u);
  EXPECT_EQ(r.quotes[0].speaker(), "Mira Falk");
  EXPECT_EQ(r.quotes[1].speaker(), "Owen Price");
}

TEST(Quotes, ANameWithItsRoleInAppositionIsMentioned) {
  auto r = Find({"President Jane Doe spoke first at the summit on Monday.",
                 "Later Tom Reyes, Prime Minister of Example, spoke about the new port.",
                 "\u201cThe port will be open to every ship of the region by the spring,\u201d he "
                 "said."});
  ASSERT_EQ(r.quotes.size(), 1u);
  EXPECT_EQ(r.quotes[0].speaker(), "Tom Reyes");
  auto reyes = std::find_if(r.people.begin(), r.people.end(),
                            [](const v1::Person& p) { return p.name() == "Tom Reyes"; });
  ASSERT_NE(reyes, r.people.end());
  EXPECT_EQ(reyes->role(), "Prime Minister of Example");

  // Names in a list, and a newspaper's title, have no role in apposition.
  r = Find({"Guests included Ada Quist, former striker Tom Reyes and many others.",
            "The Example Times, a leader in the region, printed the story first."});
  for (const auto& p : r.people) {
    EXPECT_NE(p.name(), "Ada Quist") << p.role();
    EXPECT_NE(p.name(), "The Example Times") << p.role();
  }
}

TEST(Quotes, AQuoteParagraphWithoutAttributionGoesOnWithTheSpeakerBefore) {
  auto r =
      Find({"\u201cThe ferry will run again on Monday,\u201d said Ines Varga.",
            "\u201cWe checked every engine twice before we let the boats out.\u201d",
            "The harbour stays closed until the weekend, Tom Reyes said.",
            "\u201cNobody should try to cross the bay in a small boat before then.\u201d",
            "\u201cThe new timetable starts in May with two more boats a day,\u201d the harbour "
            "office said.",
            "A film called \u201cThe Long Crossing Home\u201d opens at the harbour cinema."});
  ASSERT_EQ(r.quotes.size(), 4u);
  EXPECT_EQ(r.quotes[0].speaker(), "Ines Varga");
  // Her quote ended the paragraph before: the next quote paragraph is hers.
  EXPECT_EQ(r.quotes[1].speaker(), "Ines Varga");
  EXPECT_EQ(r.quotes[1].rule(), "same speaker as the paragraph before");
  // Words closed by "NAME said." lead into his quote.
  EXPECT_EQ(r.quotes[2].speaker(), "Tom Reyes");
  // A quote attributed in its own paragraph, even to nobody by name, is not carried over.
  EXPECT_EQ(r.quotes[3].speaker(), "");
  // The title of a film in quotes, inside a sentence, is no quote of anyone's: not carried.
  for (const auto& q : r.quotes) EXPECT_NE(q.text(), "The Long Crossing Home");
}

TEST(Quotes, AGroupOpeningTheSentenceIsNoSpeaker) {
  auto r =
      Find({"\u201cThe plan to sink the ferry was far from finished,\u201d Prosecutors "
            "said.",
            "\u201cThe plan to sink the ferry was far from finished,\u201d Reyes said.",
            "One, who asked not to be quoted by name, said: \u201cThe ferry will not sail "
            "again this year.\u201d"});
  ASSERT_EQ(r.quotes.size(), 3u);
  EXPECT_EQ(r.quotes[0].speaker(), "");
  EXPECT_EQ(r.quotes[1].speaker(), "Reyes");
  EXPECT_EQ(r.quotes[2].speaker(), "");
}

TEST(Quotes, TheRoleCommaNameCommaSaid) {
  auto r =
      Find({"\u201cNone of the tickets sold for the old crossing will be lost,\u201d the "
            "harbour's duty officer, Tomas Weller, said.",
            "\u201cEvery tug we own will stay in the harbour until the storm has passed,\u201d "
            "the director, Ada Quist, said in a statement."});
  ASSERT_EQ(r.quotes.size(), 2u);
  EXPECT_EQ(r.quotes[0].speaker(), "Tomas Weller");
  EXPECT_EQ(r.quotes[1].speaker(), "Ada Quist");
}

TEST(Quotes, ANameSetOffByCommasIsAPersonAPronounMayStandFor) {
  auto r =
      Find({"Tom Reyes said the ferry would sail. The ferry's cook, Ines Varga, stayed on "
            "board all night. \u201cWe will not leave the boat until everyone is "
            "safe,\u201d she said.",
            "\u201cThe bridge stays shut until the spring,\u201d the director, Ada Quist, said.",
            "\u201cWe need the winter to mend the old piers first.\u201d"});
  ASSERT_EQ(r.quotes.size(), 3u);
  EXPECT_EQ(r.quotes[0].speaker(), "Ines Varga");
  // The name set off by commas is also the attribution's: she goes on speaking.
  EXPECT_EQ(r.quotes[2].speaker(), "Ada Quist");
}

TEST(Quotes, MoreVerbsOfSpeech) {
  auto r =
      Find({"\u201cThere were two fine crews out on the water today,\u201d asserted "
            "Tomas Weller.",
            "Ada Quist concedes the timetable was late. \u201cThat was a slip on our side, "
            "we admit,\u201d she said."});
  ASSERT_EQ(r.quotes.size(), 2u);
  EXPECT_EQ(r.quotes[0].speaker(), "Tomas Weller");
  EXPECT_EQ(r.quotes[1].speaker(), "Ada Quist");
}

TEST(Quotes, DescribedNamesAndRelativeClauses) {
  auto r =
      Find({"\u201cI was lucky that the wind dropped before the last lap,\u201d said the "
            "19-year-old Weller.",
            "Quist, who also lost her first race last spring, said she would row again. "
            "\u201cThe second race will go better for me than this one did,\u201d she said.",
            "Harbour coach Tom Reyes, who has led the crew for six years, said: \u201cWe "
            "will train twice a day until the final.\u201d"});
  ASSERT_EQ(r.quotes.size(), 3u);
  EXPECT_EQ(r.quotes[0].speaker(), "Weller");
  EXPECT_EQ(r.quotes[1].speaker(), "Quist");
  EXPECT_EQ(r.quotes[2].speaker(), "Tom Reyes");
}

TEST(Quotes, APronounSkipsANameWhoseTitleSaysOtherwise) {
  auto r =
      Find({"Mrs Quist asked Mr Weller about the late ferries. \u201cThe crews will work "
            "longer shifts until the new boat arrives,\u201d she said.",
            "Mr Weller asked Mrs Quist about the bridge. \u201cWe will rebuild the old "
            "bridge over the summer months,\u201d he said."});
  ASSERT_EQ(r.quotes.size(), 2u);
  EXPECT_EQ(r.quotes[0].speaker(), "Mrs Quist");
  EXPECT_EQ(r.quotes[1].speaker(), "Mr Weller");
}

}  // namespace
}  // namespace newspipe::extract
