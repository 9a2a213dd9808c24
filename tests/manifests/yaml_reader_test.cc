#include "manifests/yaml_reader.h"

#include <gtest/gtest.h>

namespace faber::manifests {
namespace {

TEST(YamlReaderTest, SuggestsCloseKeys) {
  const std::vector<std::string_view> keys = {"name", "branch", "tests", "health_checks", "webhook_secret_file"};
  EXPECT_EQ(Suggest("nmae", keys), "name");
  EXPECT_EQ(Suggest("Name", keys), "name");
  EXPECT_EQ(Suggest("tset", keys), "tests");
  EXPECT_EQ(Suggest("health-checks", keys), "health_checks");
  EXPECT_EQ(Suggest("healthchecks", keys), "health_checks");
  EXPECT_EQ(Suggest("secret", keys), "webhook_secret_file");
  EXPECT_EQ(Suggest("x", keys), std::nullopt);
  EXPECT_EQ(Suggest("completely_else", keys), std::nullopt);
}

TEST(YamlReaderTest, QuotesAndEscapes) {
  EXPECT_EQ(Quote("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\x01\"");
}

TEST(YamlReaderTest, ErrorsComeOutInSourceOrder) {
  ErrorList errors("f.yaml");
  YAML::Mark late;
  late.line = 9;
  late.column = 2;
  YAML::Mark early;
  early.line = 0;
  early.column = 4;
  errors.Add(late, "b", "second");
  errors.Add(early, "a", "first");
  errors.Add(YAML::Mark::null_mark(), "", "unpositioned");
  EXPECT_EQ(errors.ToStatus().message(), "f.yaml: unpositioned\nf.yaml:1:5: a: first\nf.yaml:10:3: b: second");
  EXPECT_TRUE(ErrorList("x").ToStatus().ok());
}

TEST(YamlReaderTest, NonStringKeysAreReported) {
  ErrorList errors("f.yaml");
  auto root = LoadDocument("? [a]\n: 1\nname: x\n", errors);
  ASSERT_TRUE(root.has_value());
  MapReader map(*root, errors, {"name"});
  EXPECT_TRUE(map.valid());
  EXPECT_EQ(ReadString(*map.Get("name"), errors), "x");
  EXPECT_EQ(errors.ToStatus().message(), "f.yaml:1:3: keys must be strings, got a list");
}

}  // namespace
}  // namespace faber::manifests
