// Class/id hints: what the words of a class attribute say about the element's role.
#include "stages/clean/class_hints.h"

#include <gtest/gtest.h>

namespace newspipe {
namespace {

TEST(ClassHints, RegionsAreNamed) {
  EXPECT_TRUE(ClassifyClassId("ad-slot").bits & kHintAd);
  EXPECT_TRUE(ClassifyClassId("sidebar").bits & kHintSidebar);
  EXPECT_TRUE(ClassifyClassId("related-stories").bits & kHintRelated);
  EXPECT_TRUE(ClassifyClassId("widget--related").bits & kHintRelated);
  EXPECT_TRUE(ClassifyClassId("node--view-mode-teaser").bits & kHintRelated);
  EXPECT_TRUE(ClassifyClassId("comments is-hidden").bits & kHintComments);
  EXPECT_TRUE(ClassifyClassId("has-hidden").bits & kHintHidden);
}

// A state of an element ("has-ads", "with-sidebar", "promoted") or an ads modifier of a plain
// block ("Section--Ads") names no boilerplate region.
TEST(ClassHints, StatesAreNoRegions) {
  EXPECT_EQ(ClassifyClassId("o-section o-section--has-ads").bits & kHintRemove, 0u);
  EXPECT_EQ(ClassifyClassId("TestReport__Section TestReport__Section--Ads").bits & kHintRemove, 0u);
  EXPECT_EQ(ClassifyClassId("layout with-sidebar").bits & kHintRemove, 0u);
  EXPECT_EQ(ClassifyClassId("node node--promoted").bits & kHintRemove, 0u);
  EXPECT_EQ(ClassifyClassId("has-comments").bits & kHintRemove, 0u);
  // The modifier rule is about ads alone, and only under a plain block.
  EXPECT_TRUE(ClassifyClassId("banner--ads").bits & kHintAd);
}

}  // namespace
}  // namespace newspipe
