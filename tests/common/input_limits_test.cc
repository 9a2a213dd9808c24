// The limits every outside JSON and YAML document meets before a parser or a recursive walk sees
// it (common/json_parse.h, common/yaml_limits.h).
#include <string>

#include <gtest/gtest.h>

#include "common/json_parse.h"
#include "common/yaml_limits.h"

namespace faber::common {
namespace {

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(JsonLimitsTest, DepthCountsCollectionsNotWhatStringsHold) {
  EXPECT_EQ(JsonDepth(R"({"a": [1, {"b": "[[[[{{{{"}]})"), 3u);
  EXPECT_EQ(JsonDepth(R"("\"[[[")"), 0u);  // an escaped quote does not end the string
  EXPECT_EQ(JsonDepth(Repeat("[", 100000) + Repeat("]", 100000)), kMaxJsonDepth + 1);  // stops counting
}

TEST(JsonLimitsTest, TooDeepAndMalformedAreDiscardedWithTheReason) {
  std::string why;
  EXPECT_TRUE(ParseJson(Repeat("{\"a\":", 100000) + "1" + Repeat("}", 100000), &why).is_discarded());
  EXPECT_NE(why.find("nested deeper than 512 levels at byte"), std::string::npos) << why;
  EXPECT_TRUE(ParseJson("{\"a\": [1, 2", &why).is_discarded());
  EXPECT_NE(why.find("parse error"), std::string::npos) << why;
  const auto ok = ParseJson(Repeat("[", 500) + "7" + Repeat("]", 500), &why);
  ASSERT_FALSE(ok.is_discarded());
}

TEST(YamlLimitsTest, SizeDepthAndAliasesAreRefusedWithTheLine) {
  const std::string big(50u << 20, '#');
  auto size = CheckYamlText(big, "faber.yaml");
  ASSERT_FALSE(size.ok());
  EXPECT_NE(size.message().find("faber.yaml: 52428800 bytes"), std::string::npos) << size.message();

  auto deep = CheckYamlText("version: 1\nx: " + Repeat("[", 10000) + Repeat("]", 10000) + "\n", "faber.yaml");
  ASSERT_FALSE(deep.ok());
  EXPECT_NE(deep.message().find("faber.yaml:2: collections nest more than 64"), std::string::npos) << deep.message();

  std::string laughs = "a: &a [x, x]\n";
  for (int i = 0; i < 70; ++i) laughs += "b" + std::to_string(i) + ": [*a, *a]\n";
  auto aliases = CheckYamlText(laughs, "p.yaml");
  ASSERT_FALSE(aliases.ok());
  EXPECT_NE(aliases.message().find("aliases"), std::string::npos) << aliases.message();
}

TEST(YamlLimitsTest, ACommaStartingAValueOutsideACollectionIsRefusedWithTheLine) {
  // yaml-cpp 0.7 never returns from LoadAll on these (found by the faber.yaml fuzz target).
  for (const char* text : {", and how.\nversion: 1\n", "version: 1\n[a]\n,", "---\n,", "--- ,", "&x ,", "!t ,",
                           "\n\n  , x", "a: 1\n...\n,", "a: 1\n---\n, x", "a: [1] ,",
                           // A plain scalar continued by a quote, then a comment: the quote opens nothing.
                           "s\n' #\n,", "!,", "a: &x, 1", "a: *x,"}) {
    auto status = CheckYamlText(text, "faber.yaml");
    ASSERT_FALSE(status.ok()) << text;
    EXPECT_NE(status.message().find("cannot start a value"), std::string::npos) << status.message();
  }
  auto line = CheckYamlText("version: 1\nenvironments: []\n, x\n", "faber.yaml");
  EXPECT_NE(line.message().find("faber.yaml:3: "), std::string::npos) << line.message();
  // Commas inside scalars and collections are text and structure as usual.
  for (const char* text : {"a: b, c\n", "a: b , c\n", "a: [1, 2]\n", "a: {x: 1, y: [2, 3]}\n", "- a, b\n",
                           "a: \", quoted\"\n", "a: ', quoted'\n", "a: x # , comment\n", "[a,\n ,b]\n"}) {
    EXPECT_TRUE(CheckYamlText(text, "faber.yaml").ok()) << text;
  }
}

TEST(YamlLimitsTest, BracketsAndStarsInsideTextAreNotStructure) {
  std::string text = "naming: ^[a-z][a-z0-9-]{2,30}$\nquoted: \"[[[[{{{{\"\nsingle: '[[[[ it''s'\n";
  for (int i = 0; i < 100; ++i) text += "rule" + std::to_string(i) + ": a*b [x] # [[[[ comment\n";
  text += "notes: |\n" + Repeat("  * a bullet, not an alias\n", 100);
  EXPECT_TRUE(CheckYamlText(text, "faber.yaml").ok()) << CheckYamlText(text, "faber.yaml").message();
}

}  // namespace
}  // namespace faber::common
