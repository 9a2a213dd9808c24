// `faber show-plan` on real plan files of ../shared/corpus/tfplan, through the faber binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/faber_harness.h"

namespace faber::testing {
namespace {

const std::string kCorpus = std::string(FABER_SOURCE_DIR) + "/../shared/corpus/tfplan/";

TEST(TerraformShowPlanTest, TextJsonAndMarkdown) {
  std::string plan = kCorpus + "checkov__runner__resources__plan_with_deleted_resources__tfplan.json";
  auto text = RunFaber({"show-plan", plan});
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  EXPECT_EQ(text.stdout_text.rfind("Plan: 1 to add, 0 to change, 1 to destroy (1 replaced)\n"
                                   "  replace aws_secretsmanager_secret.default (arn, ", 0),
            0u)
      << text.stdout_text;
  auto json = RunFaber({"show-plan", plan, "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.stderr_text;
  auto summary = nlohmann::json::parse(json.stdout_text);
  EXPECT_EQ(summary["counts"]["replace"], 1);
  EXPECT_EQ(summary["changes"][0]["action"], "replace");
  auto markdown = RunFaber({"show-plan", plan, "--format", "markdown"});
  ASSERT_EQ(markdown.exit_code, 0) << markdown.stderr_text;
  EXPECT_NE(markdown.stdout_text.find("> [!CAUTION]"), std::string::npos) << markdown.stdout_text;
}

TEST(TerraformShowPlanTest, Utf16PlanIsRead) {
  auto r = RunFaber({"show-plan", kCorpus + "checkov__parser__resources__plan_encodings__tfplan_win_utf16.json"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(r.stdout_text.rfind("Plan: 1 to add, 0 to change, 0 to destroy\n", 0), 0u) << r.stdout_text;
}

TEST(TerraformShowPlanTest, NotAPlanIsAUsageErrorNamingTheFile) {
  std::string file = kCorpus + "checkov__runner__resources__plan__corrupted-tfplan.json";
  auto r = RunFaber({"show-plan", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.stderr_text.find(file + ": this is a state"), std::string::npos) << r.stderr_text;
  auto missing = RunFaber({"show-plan", "/nonexistent.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.stderr_text.find("/nonexistent.json: cannot open the plan file"), std::string::npos);
  EXPECT_EQ(RunFaber({"show-plan", file, "--format", "yaml"}).exit_code, 2);
}

}  // namespace
}  // namespace faber::testing
