// Every real plan file of ../shared/corpus/tfplan (Terraform 0.12 to 1.10, plan format 0.1 to
// 1.2) gives a summary with the counts below, or a clear error. The counts were taken from the
// files' resource_changes by an independent reader (Python's json module).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "reconciler/plan/plan_document.h"
#include "reconciler/plan/plan_markdown.h"
#include "reconciler/plan/plan_model.h"
#include "reconciler/plan/plan_summary.h"

namespace faber::reconciler::plan {
namespace {

const std::filesystem::path kCorpus = std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/tfplan";

struct Expected {
  const char* file;
  int add, change, destroy, replace, read, no_op;
  size_t planned_resources;  // resource instances in planned_values
};

// The one file that is not a plan: checkov's "corrupted" fixture is a state document.
constexpr const char* kNotAPlan = "checkov__runner__resources__plan__corrupted-tfplan.json";

const Expected kExpected[] = {
    {"checkov__checks__data__aws__example_GithubActionsOIDCTrustPolicy__tfplan.json", 5, 0, 0, 0, 4, 0, 9},
    {"checkov__checks__resource__aws__example_SecretManagerSecretEncrypted__tfplan.json", 1, 0, 0, 0, 0, 0, 1},
    {"checkov__graph__resources__modules_edges_tfplan__tfplan.json", 4, 0, 0, 0, 0, 0, 4},
    {"checkov__image_referencer__resources__aws__apprunner_tfplan.json", 1, 0, 0, 0, 0, 0, 1},
    {"checkov__image_referencer__resources__aws__batch_tfplan.json", 1, 0, 0, 0, 0, 0, 1},
    {"checkov__image_referencer__resources__aws__codebuild_tfplan.json", 3, 0, 0, 0, 0, 0, 3},
    {"checkov__image_referencer__resources__aws__ecs_tfplan.json", 1, 0, 0, 0, 0, 0, 1},
    {"checkov__image_referencer__resources__aws__lightsail_tfplan.json", 2, 0, 0, 0, 0, 0, 2},
    {"checkov__parser__resources__plan_after_unknown__tfplan.json", 1, 0, 0, 0, 0, 0, 1},
    {"checkov__parser__resources__plan_batch_job_null_container_properties__tfplan.json", 1, 0, 0, 0, 0, 0, 1},
    {"checkov__parser__resources__plan_booleans__tfplan.json", 2, 0, 0, 0, 0, 0, 2},
    {"checkov__parser__resources__plan_encodings__tfplan_mac_utf8.json", 1, 0, 0, 0, 0, 0, 1},
    {"checkov__parser__resources__plan_encodings__tfplan_win_utf16.json", 1, 0, 0, 0, 0, 0, 1},
    {"checkov__parser__resources__plan_encodings__tfplan_win_utf8.json", 1, 0, 0, 0, 0, 0, 1},
    {"checkov__parser__resources__plan_module_with_connected_resources__tfplan.json", 2, 0, 0, 0, 0, 0, 2},
    {"checkov__parser__resources__plan_multiple_providers__tfplan.json", 0, 0, 0, 0, 0, 0, 0},
    {"checkov__parser__resources__plan_provisioners__tfplan.json", 1, 0, 0, 0, 0, 0, 1},
    {"checkov__parser__resources__plan_provisioners__tfplan2.json", 1, 0, 0, 0, 0, 0, 1},
    {"checkov__parser__resources__plan_tags__tfplan.json", 55, 0, 0, 0, 0, 0, 1},
    {"checkov__parser__resources__plan_tags_variety__tfplan.json", 3, 0, 0, 0, 0, 0, 3},
    {"checkov__parser__resources__plan_vpc_endpoint__tfplan.json", 0, 0, 0, 0, 0, 0, 1},
    {"checkov__runner__extra_tf_plan_checks__modules.json", 11, 0, 0, 0, 0, 0, 11},
    {"checkov__runner__resources__plan__tf_plan_filtered_rule_fail.json", 0, 1, 0, 0, 0, 0, 1},
    {"checkov__runner__resources__plan__tf_plan_filtered_rule_success.json", 0, 1, 0, 0, 0, 0, 1},
    {"checkov__runner__resources__plan__tfplan.json", 55, 0, 0, 0, 0, 0, 55},
    {"checkov__runner__resources__plan_and_tf_combine_graph__tfplan.json", 4, 0, 0, 0, 0, 0, 4},
    {"checkov__runner__resources__plan_and_tf_combine_graph_with_missing_resources__tfplan.json", 4, 0, 0, 0, 0, 0, 4},
    {"checkov__runner__resources__plan_change_keys__tfplan.json", 0, 2, 0, 0, 0, 0, 2},
    {"checkov__runner__resources__plan_data_resource_partial_values__tfplan.json", 1, 0, 0, 0, 1, 0, 2},
    {"checkov__runner__resources__plan_nested_child_modules__tfplan.json", 3, 0, 0, 0, 0, 0, 3},
    {"checkov__runner__resources__plan_nested_child_modules_with_connections__tfplan.json", 9, 0, 0, 0, 0, 0, 9},
    {"checkov__runner__resources__plan_resources_ids__tfplan.json", 3, 0, 0, 0, 0, 0, 3},
    {"checkov__runner__resources__plan_resources_ids_with_nested_modules__tfplan.json", 3, 0, 0, 0, 0, 0, 3},
    {"checkov__runner__resources__plan_root_module_resources_no_values__tfplan.json", 1, 0, 0, 0, 1, 0, 2},
    {"checkov__runner__resources__plan_root_module_resources_no_values__tfplan_route53.json", 4, 0, 0, 0, 0, 0, 4},
    {"checkov__runner__resources__plan_with_child_modules__tfplan.json", 1, 0, 0, 0, 0, 0, 1},
    {"checkov__runner__resources__plan_with_deleted_resources__tfplan.json", 0, 0, 0, 1, 0, 0, 1},
    {"checkov__runner__resources__plan_with_iam_data_block__tfplan.json", 2, 0, 0, 0, 1, 0, 3},
    {"checkov__runner__resources__plan_with_iam_policies__tfplan.json", 7, 0, 0, 0, 0, 0, 7},
    {"infracost__cmd__infracost__testdata__example_plan.json", 5, 0, 0, 0, 0, 0, 5},
    {"infracost__cmd__infracost__testdata__terraform_v0.12_plan.json", 12, 1, 0, 0, 0, 13, 26},
    {"infracost__cmd__infracost__testdata__terraform_v0.14_plan.json", 12, 1, 0, 0, 0, 13, 26},
    {"infracost__examples__terraform__plan.json", 2, 0, 0, 0, 0, 0, 2},
};

TEST(PlanCorpusTest, EveryPlanFileGivesItsSummaryOrAClearError) {
  ASSERT_TRUE(std::filesystem::is_directory(kCorpus)) << kCorpus;
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus)) files.insert(entry.path().filename());
  ASSERT_EQ(files.size(), 44u);
  ASSERT_EQ(std::size(kExpected) + 1, files.size());

  int summarized = 0, rejected = 0;
  for (const auto& name : files) {
    SCOPED_TRACE(name);
    auto doc = ReadPlanFile((kCorpus / name).string());
    if (name == kNotAPlan) {
      ASSERT_FALSE(doc.ok());
      EXPECT_NE(doc.status().message().find(name), std::string::npos) << doc.status().message();
      EXPECT_NE(doc.status().message().find("this is a state"), std::string::npos) << doc.status().message();
      ++rejected;
      continue;
    }
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    const Expected* expected = nullptr;
    for (const auto& e : kExpected) {
      if (name == e.file) expected = &e;
    }
    ASSERT_NE(expected, nullptr);
    PlanSummary s = SummarizePlan(*doc);
    EXPECT_EQ(s.add, expected->add);
    EXPECT_EQ(s.change, expected->change);
    EXPECT_EQ(s.destroy, expected->destroy);
    EXPECT_EQ(s.replace, expected->replace);
    EXPECT_EQ(s.read, expected->read);
    EXPECT_EQ(s.no_op, expected->no_op);
    ResourceModel model = BuildModelFromPlan(*doc, name);
    EXPECT_EQ(model.resources.size(), expected->planned_resources);
    std::string md = RenderPlanMarkdown(s);
    EXPECT_NE(md.find(s.Headline()), std::string::npos);
    ++summarized;
  }
  EXPECT_EQ(summarized, 43);
  EXPECT_EQ(rejected, 1);
}

TEST(PlanCorpusTest, Utf16AndUtf8CopiesOfAPlanReadTheSame) {
  auto utf16 = ReadPlanFile((kCorpus / "checkov__parser__resources__plan_encodings__tfplan_win_utf16.json").string());
  auto utf8 = ReadPlanFile((kCorpus / "checkov__parser__resources__plan_encodings__tfplan_win_utf8.json").string());
  ASSERT_TRUE(utf16.ok()) << utf16.status().message();
  ASSERT_TRUE(utf8.ok()) << utf8.status().message();
  EXPECT_EQ(utf16->format_version, "1.1");
  EXPECT_EQ(SummarizePlan(*utf16).ToJson(), SummarizePlan(*utf8).ToJson());
}

TEST(PlanCorpusTest, ReplacementNamesTheAttributesThatForceIt) {
  auto doc = ReadPlanFile((kCorpus / "checkov__runner__resources__plan_with_deleted_resources__tfplan.json").string());
  ASSERT_TRUE(doc.ok());
  PlanSummary s = SummarizePlan(*doc);
  ASSERT_EQ(s.changes.size(), 1u);
  EXPECT_EQ(s.changes[0].address, "aws_secretsmanager_secret.default");
  EXPECT_EQ(s.changes[0].action, ChangeAction::kReplace);
  EXPECT_EQ(s.Headline(), "1 to add, 0 to change, 1 to destroy (1 replaced)");
}

TEST(PlanCorpusTest, UpdatesListTheAttributesThatChange) {
  auto doc = ReadPlanFile((kCorpus / "checkov__runner__resources__plan_change_keys__tfplan.json").string());
  ASSERT_TRUE(doc.ok());
  PlanSummary s = SummarizePlan(*doc);
  for (const auto& c : s.changes) {
    SCOPED_TRACE(c.address);
    EXPECT_EQ(c.action, ChangeAction::kUpdate);
    EXPECT_FALSE(c.changed_attributes.empty());
    for (const auto& attr : c.changed_attributes) {
      EXPECT_NE(c.before.value(attr, nlohmann::json()), c.after.value(attr, nlohmann::json())) << attr;
    }
  }
}

}  // namespace
}  // namespace faber::reconciler::plan
