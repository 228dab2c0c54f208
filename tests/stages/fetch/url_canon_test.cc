// URL canonicalisation, resolution, robots.txt rules and address safety.
#include <gtest/gtest.h>

#include "stages/fetch/http_client.h"
#include "stages/fetch/robots.h"
#include "stages/fetch/url_canon.h"

namespace newspipe {
namespace {

TEST(UrlCanonTest, Canonicalises) {
  EXPECT_EQ(CanonicalUrl("HTTP://Example.COM:80/a/b?x=1#frag"), "http://example.com/a/b?x=1");
  EXPECT_EQ(CanonicalUrl("https://example.com:443"), "https://example.com/");
  EXPECT_EQ(CanonicalUrl("https://example.com:8443/x"), "https://example.com:8443/x");
  EXPECT_EQ(CanonicalUrl("https://e.com/a?utm_source=x&id=3&fbclid=y&utm_medium=z"),
            "https://e.com/a?id=3");
  EXPECT_EQ(CanonicalUrl("https://e.com/a/./b/../c"), "https://e.com/a/c");
  EXPECT_EQ(CanonicalUrl("not a url"), "");
}

TEST(UrlCanonTest, Resolves) {
  EXPECT_EQ(ResolveUrl("https://e.com/a/b.html", "c.html"), "https://e.com/a/c.html");
  EXPECT_EQ(ResolveUrl("https://e.com/a/b.html", "/x"), "https://e.com/x");
  EXPECT_EQ(ResolveUrl("https://e.com/a/b.html", "../x?q=1"), "https://e.com/x?q=1");
  EXPECT_EQ(ResolveUrl("https://e.com/a/b.html", "//cdn.e.com/y"), "https://cdn.e.com/y");
  EXPECT_EQ(ResolveUrl("https://e.com/a/b.html", "http://o.com/"), "http://o.com/");
}

TEST(UrlCanonTest, IdsAreStableHex) {
  EXPECT_EQ(DocumentId("x"), DocumentId("x"));
  EXPECT_NE(DocumentId("x"), DocumentId("y"));
  EXPECT_EQ(DocumentId("x").size(), 16u);
}

TEST(RobotsTest, FollowsRfc9309) {
  auto r = RobotsRules::Parse(
      "User-agent: *\nDisallow: /\n\nUser-agent: NewsPipe\nUser-agent: other\n"
      "Disallow: /private\nAllow: /private/ok\nDisallow: /*.pdf$\nCrawl-delay: 2.5\n",
      "newspipe");
  EXPECT_TRUE(r.Allowed("/news/1"));
  EXPECT_FALSE(r.Allowed("/private/x"));
  EXPECT_TRUE(r.Allowed("/private/ok/1"));
  EXPECT_FALSE(r.Allowed("/docs/a.pdf"));
  EXPECT_TRUE(r.Allowed("/docs/a.pdf?x=1"));
  EXPECT_TRUE(r.Allowed("/robots.txt"));
  EXPECT_EQ(r.crawl_delay().count(), 2500);
  auto star = RobotsRules::Parse("User-agent: *\nDisallow: /\n", "newspipe");
  EXPECT_FALSE(star.Allowed("/x"));
  auto empty = RobotsRules::Parse("User-agent: *\nDisallow:\n", "newspipe");
  EXPECT_TRUE(empty.Allowed("/x"));
}

TEST(AddressTest, RefusesNonPublicAddresses) {
  for (const char* ip :
       {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
        "224.0.0.1", "::1", "fe80::1", "fd00::1", "ff02::1", "::ffff:127.0.0.1", "100.64.0.1"}) {
    EXPECT_TRUE(IsNonPublicAddress(ip)) << ip;
  }
  for (const char* ip : {"93.184.216.34", "8.8.8.8", "2606:4700::1111"}) {
    EXPECT_FALSE(IsNonPublicAddress(ip)) << ip;
  }
}

}  // namespace
}  // namespace newspipe
