#include "stages/extract/dates.h"

#include <gtest/gtest.h>

#include "stages/extract/timezones.h"

namespace newspipe::extract {
namespace {

int64_t Unix(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return CivilToUnix(y, mo, d, h, mi, s);
}

TEST(ParseDate, Iso8601Forms) {
  DateContext ctx;
  auto p = ParseDate("2020-07-08T13:33:00+09:00", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2020, 7, 8, 4, 33));
  EXPECT_EQ(p.value->offset_minutes(), 540);
  EXPECT_TRUE(p.value->has_offset());
  p = ParseDate("2020-07-08T04:33:00.123Z", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2020, 7, 8, 4, 33));
  EXPECT_TRUE(p.value->has_offset());
  p = ParseDate("2020-07-08 13:33:00 -0400", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2020, 7, 8, 17, 33));
  p = ParseDate("2020-07-08", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_TRUE(p.value->date_only());
  EXPECT_FALSE(p.value->has_offset());
  p = ParseDate("20200708", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2020, 7, 8));
}

TEST(ParseDate, Rfc2822AndWords) {
  DateContext ctx;
  auto p = ParseDate("Wed, 08 Jul 2020 13:33:00 GMT", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2020, 7, 8, 13, 33));
  p = ParseDate("July 8, 2020 at 13:33 JST", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2020, 7, 8, 4, 33));
  EXPECT_EQ(p.value->offset_minutes(), 540);
  p = ParseDate("8. Juli 2020, 14:05 Uhr", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2020, 7, 8, 14, 5));
  p = ParseDate("8 de julio de 2020", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2020, 7, 8));
  p = ParseDate("July 8, 2020 1:05 p.m. EDT", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2020, 7, 8, 17, 5));
  p = ParseDate("08.07.2020", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2020, 7, 8));
  p = ParseDate("07/08/2020", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2020, 7, 8));
  p = ParseDate("31/12/2019", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2019, 12, 31));
}

TEST(ParseDate, GarbageIsTurnedDownWithAReason) {
  DateContext ctx;
  EXPECT_FALSE(ParseDate("0000-00-00", ctx).value);
  EXPECT_EQ(ParseDate("0000-00-00", ctx).problem, "zero date");
  EXPECT_FALSE(ParseDate("yesterday", ctx).value);
  EXPECT_EQ(ParseDate("yesterday", ctx).problem, "relative date");
  EXPECT_FALSE(ParseDate("1594182780000", ctx).value);
  EXPECT_EQ(ParseDate("1594182780000", ctx).problem, "epoch timestamp, not a date");
  EXPECT_FALSE(ParseDate("", ctx).value);
  EXPECT_FALSE(ParseDate("2020-13-45", ctx).value);
  EXPECT_FALSE(ParseDate("February 30, 2020", ctx).value);
  EXPECT_FALSE(ParseDate(std::string(5000, '9'), ctx).value);
  EXPECT_FALSE(ParseDate("\xff\xfe\x00garbage", ctx).value);
}

TEST(FindDate, InRunningText) {
  DateContext ctx;
  auto p = FindDate("Posted on March 3rd, 2019 by admin", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2019, 3, 3));
  p = FindDate("Version 2.10.3 released in spring", ctx);
  EXPECT_FALSE(p.value);
  p = FindDate("Veröffentlicht am 12.03.2018 um 10:15 Uhr", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2018, 3, 12, 10, 15));
}

TEST(FindDate, GermanShortFormWithTwoDigitYear) {
  DateContext ctx;
  auto p = FindDate("kiesel42 28.09.19 12:44 hallo", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2019, 9, 28, 12, 44));
  // Other two-digit-year forms stay out of running text (versions, scores, ranges).
  EXPECT_FALSE(FindDate("Version 1.2.19 is out", ctx).value);
  EXPECT_FALSE(FindDate("call 12/10/19 now", ctx).value);
  EXPECT_FALSE(FindDate("addresses 10.10.10.12 and more", ctx).value);
}

TEST(FindDate, TwoDigitYearStampWithItsTimeOrAlone) {
  DateContext ctx;
  auto p = FindDate("Gadget Weekly 16/02/31 07:05", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2031, 2, 16, 7, 5));
  p = FindDate("Revised: 2/16/31 7:05 PM", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2031, 2, 16, 19, 5));
  p = FindDate("02/16/31", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2031, 2, 16));
  p = FindDate("Gadgetweek 2/16/31", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2031, 2, 16));
  EXPECT_FALSE(FindDate("two rooms 2/16/31", ctx).value);
  // Without a time, inside other words, it stays out (a score, a ratio, a code).
  EXPECT_FALSE(FindDate("won 2/16/31 overall", ctx).value);
  EXPECT_FALSE(FindDate("rooms 2/16/31 12", ctx).value);
  // Alone with dots it may be a version.
  EXPECT_FALSE(FindDate("3.16.31", ctx).value);
}

TEST(FindDate, DayMonthYearWithDashesAndTimeBeforeTheYear) {
  DateContext ctx;
  auto p = FindDate("Thursday 06-Mar-2031 09:40 AM", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2031, 3, 6, 9, 40));
  p = FindDate("Wire desk - Thu, 6 Mar 21:07:30 2031", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2031, 3, 6, 21, 7, 30));
  p = FindDate("Thu Mar 6 21:07:30 GMT 2031", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2031, 3, 6, 21, 7, 30));
  // A dash on one side only is no such date; a time without a year after it gives none.
  EXPECT_FALSE(FindDate("pages 6-Mar 2031", ctx).value);
  EXPECT_FALSE(FindDate("opens 6 Mar 21:07 sharp", ctx).value);
}

TEST(FindDate, WeekdayBeforeANumericDateTellsWhichWayRoundItIs) {
  DateContext ctx;  // month first when nothing else tells
  // 4 March 2019 was a Monday, 3 April a Wednesday.
  auto p = FindDate("By Jo Doe | Monday | 04/03/2019", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2019, 3, 4));
  p = FindDate("Wednesday, 04/03/2019", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2019, 4, 3));
  // No weekday, or one that neither reading fits: the custom decides.
  p = FindDate("Friday 04/03/2019", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2019, 4, 3));
}

TEST(FindDate, ZoneDatabaseNamesAndAZoneAfterTheDate) {
  DateContext ctx;
  // Eastern time is UTC-5 in January and UTC-4 in July.
  auto p = FindDate("Mar 3, 2019 7:00 pm US/Eastern", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2019, 3, 4, 0, 0));
  EXPECT_EQ(p.value->offset_minutes(), -300);
  p = FindDate("July 3, 2019 7:00 pm America/New_York", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->offset_minutes(), -240);
  p = FindDate("3 July 2019, 09:30 (Europe/Berlin)", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->offset_minutes(), 120);
  // Not a zone: the time stands without one.
  p = FindDate("July 3, 2019 7:00 pm News/Harbour", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_FALSE(p.value->has_offset());
  // The time before the date, the zone after it.
  p = FindDate("Filed 12:19 on March 3, 2019, EST.", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2019, 3, 3, 17, 19));
  // A zone in square brackets.
  p = FindDate("Updated: March 14, 2019 02:47 [IST]", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->offset_minutes(), 330);
  // Perth's papers write "WST".
  p = FindDate("14th March 2019, 7:00 WST", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->offset_minutes(), 480);
}

TEST(FindDate, CommasAndDotsBetweenTheDaysParts) {
  DateContext ctx;
  auto p = FindDate("17:05 - 9th, Mar 2019", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2019, 3, 9, 17, 5));
  p = FindDate("Changed: March 10. 2019 12:00AM", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2019, 3, 10, 0, 0));
  p = FindDate("Thursday, 14, March, 2019, 09:14", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2019, 3, 14, 9, 14));
  p = FindDate("Mar, 15, 2019", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2019, 3, 15));
  // A count before a month is no day: "9, March 2019" names none.
  EXPECT_FALSE(FindDate("rooms 9, March 2019", ctx).value &&
               FindDate("rooms 9, March 2019", ctx).value->unix_seconds() == Unix(2019, 3, 9));
}

TEST(FindDateWithoutYear, TheWeekdayPicksTheYearNearTheReference) {
  DateContext ctx;
  // 14 March is a Thursday in 2019, a Wednesday in 2018.
  auto p = FindDateWithoutYear("Thu 14 Mar, 9:15 AM", ctx, 2019);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2019, 3, 14, 9, 15));
  p = FindDateWithoutYear("Thu 14 Mar, 10:15 AM", ctx, 2019);  // the hour is no short year
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2019, 3, 14, 10, 15));
  p = FindDateWithoutYear("Posted: Wednesday, March 14th", ctx, 2019);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2018, 3, 14));
  // 30 December of the year before the reference (a Sunday in 2018).
  p = FindDateWithoutYear("Sunday December 30 / Harbour desk", ctx, 2019);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2018, 12, 30));
  // No year near the reference has that weekday; no weekday; a year written: none here.
  EXPECT_FALSE(FindDateWithoutYear("Friday 14 March", ctx, 2019).value);
  EXPECT_FALSE(FindDateWithoutYear("14 March, 9:15 AM", ctx, 2019).value);
  EXPECT_FALSE(FindDateWithoutYear("Thursday, March 14, 2019", ctx, 2019).value);
}

TEST(FindDate, DottedDateWithASpaceAfterEachDot) {
  DateContext ctx;
  auto p = FindDate("Von Hans Muster 7. 3. 2023.", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2023, 3, 7));
  p = FindDate("Stand: 07. 03. 2023, 16:40 Uhr", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2023, 3, 7, 16, 40));
  // A two-digit year is no such date (numbered lists, scores).
  EXPECT_FALSE(FindDate("Runde 7. 3. 23 Tore", ctx).value);
  EXPECT_FALSE(FindDate("Kapitel 4. 2. 12 Seiten", ctx).value);
}

TEST(FindDate, GermanShortFormGluedToItsTime) {
  DateContext ctx;
  // "<span>14.03.21</span><span>09:07</span>": the page's two elements without a space.
  auto p = FindDate("Zeit der Erstellung 14.03.2109:07", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2021, 3, 14, 9, 7));
  EXPECT_FALSE(p.value->date_only());
  // Without a colon right after them the four digits stay the year; "99" is no hour.
  p = FindDate("am 14.03.2021 gesehen", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2021, 3, 14));
  p = FindDate("Stand 14.03.2199:07", ctx);
  EXPECT_FALSE(p.value && p.value->unix_seconds() / 86400 == Unix(2021, 3, 14) / 86400);
}

TEST(DateFromUrl, PathForms) {
  auto d = DateFromUrl("https://example.com/2020/07/08/story.html");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->unix_seconds(), Unix(2020, 7, 8));
  d = DateFromUrl("https://example.com/news/20200708/story");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->unix_seconds(), Unix(2020, 7, 8));
  d = DateFromUrl("https://example.com/a/ajw-2020-07-08-biegun");
  ASSERT_TRUE(d);
  EXPECT_FALSE(DateFromUrl("https://example.com/2020/13/08/x"));
  EXPECT_FALSE(DateFromUrl("https://example.com/item/123456789012"));
  EXPECT_FALSE(DateFromUrl("https://20200708.example.com/"));
  // A segment written day first (or month first when only that reading is a date).
  d = DateFromUrl("https://example.de/media-news/meldungen/29-10-2021");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->unix_seconds(), Unix(2021, 10, 29));
  d = DateFromUrl("https://example.com/news/10-29-2021");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->unix_seconds(), Unix(2021, 10, 29));
  EXPECT_FALSE(DateFromUrl("https://example.com/item/40-40-2021"));
  EXPECT_FALSE(DateFromUrl("https://example.com/item/a129-10-2021"));
  // Whole segments without leading zeros.
  d = DateFromUrl("https://example.com/home/2017/7/12/unter-uns");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->unix_seconds(), Unix(2017, 7, 12));
  d = DateFromUrl("https://example.com/2017/12/3");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->unix_seconds(), Unix(2017, 12, 3));
  EXPECT_FALSE(DateFromUrl("https://example.com/2017/7/"));
  EXPECT_FALSE(DateFromUrl("https://example.com/2017/7/123/x"));
  EXPECT_FALSE(DateFromUrl("https://example.com/2017/7/1x/x"));
}

TEST(FindDate, RussianAndUkrainianMonths) {
  DateContext ctx;
  auto p = FindDate("Германия 15 августа 2016, 13:43", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2016, 8, 15, 13, 43));
  p = FindDate("3 грудня 2020", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2020, 12, 3));
}

TEST(FindDate, MonthsOfMoreLanguagesAfterTheDay) {
  DateContext ctx;
  struct Case {
    const char* text;
    int month;
  };
  for (const Case& c :
       {Case{"Dodano 14 lutego 2023", 2}, Case{"Vydáno 14. února 2023", 2},
        Case{"Publiceret 14. marts 2023", 3}, Case{"Publicerad 14 augusti 2023", 8},
        Case{"Diterbitkan 14 Agustus 2023", 8}, Case{"Julkaistu 14. syyskuuta 2023", 9},
        Case{"Pubblicato il 14 ott 2023", 10}, Case{"Publicado 14 out 2023", 10},
        Case{"Publicat 14 octombrie 2023", 10}, Case{"Yayın 14 Ekim 2023", 10},
        Case{"Δημοσιεύθηκε 14 Δεκεμβρίου 2023", 12}, Case{"14 dic 2023, 09:15", 12}}) {
    auto p = FindDate(c.text, ctx);
    ASSERT_TRUE(p.value) << c.text;
    EXPECT_EQ(p.value->unix_seconds() / 86400, Unix(2023, c.month, 14) / 86400) << c.text;
  }
  // Before the day these words are words: "set 14, 2023" is no date.
  EXPECT_FALSE(FindDate("the stage set 14, 2023 seats", ctx).value);
  // The month names MonthFromName gives the byline readers stay as they were.
  EXPECT_EQ(MonthFromName("set"), 0);
  EXPECT_EQ(MonthFromName("maja"), 0);
}

TEST(FindDate, HungarianYearFirst) {
  DateContext ctx;
  auto p = FindDate("Közzétéve: 2023. március 14. 09:15", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2023, 3, 14, 9, 15));
  p = FindDate("2023. márc. 14.", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2023, 3, 14));
  // A sentence ending on a year and the next opening with a date reads the later date.
  p = FindDate("It opened in 2021. March 14, 2023 was its last day.", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2023, 3, 14));
  EXPECT_FALSE(FindDate("Founded in 2021. november 14 was", ctx).value);
}

TEST(FindDate, GenericUsZoneNamesFollowDaylightTime) {
  DateContext ctx;
  // Summer: "ET" is daylight time (UTC-4), "PT" UTC-7.
  auto p = FindDate("Posted July 8, 2021 at 9:15 PM ET", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2021, 7, 9, 1, 15));
  EXPECT_EQ(p.value->offset_minutes(), -240);
  p = FindDate("3:04 PM PT, Thu July 8, 2021", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->offset_minutes(), -420);
  // Winter: standard time; "CT" and "MT" are read too.
  p = FindDate("January 12, 2021 9:15 PM ET", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->offset_minutes(), -300);
  p = FindDate("January 12, 2021 9:15 AM CT", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->offset_minutes(), -360);
  p = FindDate("July 8, 2021 9:15 AM MT", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->offset_minutes(), -360);
  // The explicit names keep their own offsets.
  p = FindDate("July 8, 2021 9:15 PM EST", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->offset_minutes(), -300);
}

TEST(TimeZones, AbbreviationsAndCountries) {
  EXPECT_EQ(ZoneAbbreviationOffset("JST", ""), 540);
  EXPECT_EQ(ZoneAbbreviationOffset("KST", ""), 540);
  EXPECT_EQ(ZoneAbbreviationOffset("EDT", ""), -240);
  EXPECT_EQ(ZoneAbbreviationOffset("CST", ""), -360);
  EXPECT_EQ(ZoneAbbreviationOffset("CST", "CN"), 480);
  EXPECT_EQ(ZoneAbbreviationOffset("IST", ""), 330);
  EXPECT_EQ(ZoneAbbreviationOffset("IST", "IE"), 60);
  EXPECT_TRUE(IsAmbiguousZoneAbbreviation("CST"));
  EXPECT_FALSE(ZoneAbbreviationOffset("XYZ", ""));
  DateContext china;
  china.country = "CN";
  auto p = ParseDate("July 8, 2020 13:33 CST", china);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->offset_minutes(), 480);
  // A lower-case word that spells an abbreviation is not a zone ("ist" in German).
  p = ParseDate("8. Juli 2020 13:33 ist", DateContext{});
  ASSERT_TRUE(p.value);
  EXPECT_FALSE(p.value->has_offset());
}

TEST(FindDate, CjkDatesAndTimesWrittenOtherwise) {
  DateContext ctx;
  // Chinese and Japanese, Korean: year, month and day units.
  auto p = FindDate("\u53d1\u5e03\u65f6\u95f4\uff1a2021\u5e745\u670807\u65e5 09:15", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2021, 5, 7, 9, 15));
  p = FindDate("2021\ub144 5\uc6d4 7\uc77c", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2021, 5, 7));
  // A time before the date, with its zone (in May, "ET" is daylight time).
  p = FindDate("Published 9:15 AM ET, Fri May 7, 2021", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2021, 5, 7, 13, 15));
  EXPECT_EQ(p.value->offset_minutes(), -240);
  // "17h04" (French), "17.04 GMT", and a bullet before the time.
  p = FindDate("le 7 mai 2021 \u00e0 17h04", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2021, 5, 7, 17, 4));
  p = FindDate("Fri 7 May 2021 17.04 BST", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2021, 5, 7, 16, 4));
  p = FindDate("7 May 2021 \u2022 5:04pm", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2021, 5, 7, 17, 4));
  // A dot without a zone after it is a decimal, not a time.
  p = FindDate("7 May 2021 17.04 percent", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_TRUE(p.value->date_only());
}

TEST(ParseDate, Iso8601BasicForm) {
  DateContext ctx;
  auto p = ParseDate("20210507T091500Z", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2021, 5, 7, 9, 15));
  EXPECT_TRUE(p.value->has_offset());
  p = ParseDate("20210507T0915+0200", ctx);
  ASSERT_TRUE(p.value);
  EXPECT_EQ(p.value->unix_seconds(), Unix(2021, 5, 7, 7, 15));
  EXPECT_EQ(p.value->offset_minutes(), 120);
  EXPECT_FALSE(ParseDate("20210507Tnoon", ctx).value);
}

}  // namespace
}  // namespace newspipe::extract
