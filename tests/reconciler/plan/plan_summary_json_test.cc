// A plan summary stored as JSON (the "plan" of a pre-deployment report) read back and rendered
// again: the comment of a deploy shows the plan that was applied without the plan file.
#include <gtest/gtest.h>

#include <filesystem>

#include "reconciler/plan/plan_document.h"
#include "reconciler/plan/plan_markdown.h"
#include "reconciler/plan/plan_summary.h"

namespace faber::reconciler::plan {
namespace {

const std::filesystem::path kCorpus = std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/tfplan";

TEST(PlanSummaryJsonTest, RealPlansRenderTheSameFromTheirStoredSummary) {
  int plans = 0;
  for (const char* name : {"checkov__runner__resources__plan_with_deleted_resources__tfplan.json",
                           "checkov__runner__resources__plan_change_keys__tfplan.json"}) {
    auto doc = ReadPlanFile((kCorpus / name).string());
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    PlanSummary original = SummarizePlan(*doc);
    ASSERT_FALSE(original.Empty()) << name;
    auto stored = nlohmann::json::parse(original.ToJson().dump());
    auto read = PlanSummaryFromJson(stored);
    ASSERT_TRUE(read.ok()) << read.status().message();
    EXPECT_EQ(read->Headline(), original.Headline()) << name;
    EXPECT_EQ(RenderPlanMarkdown(*read), RenderPlanMarkdown(original)) << name;
    EXPECT_EQ(read->ToJson(), stored) << name;
    ++plans;
  }
  EXPECT_EQ(plans, 2);
}

TEST(PlanSummaryJsonTest, DestroysAndReplacementsSurviveTheRoundTrip) {
  PlanSummary s;
  s.destroy = 1;
  s.replace = 1;
  s.changes.push_back({"aws_db_instance.old", "aws_db_instance", "", ChangeAction::kDelete, "", {}, {}, {}, {}});
  s.changes.push_back({"aws_lb.front", "aws_lb", "", ChangeAction::kReplace, "replace_because_cannot_update", {"name"},
                       {"name"}, {}, {}});
  auto read = PlanSummaryFromJson(s.ToJson());
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->changes.size(), 2u);
  EXPECT_EQ(read->changes[1].action, ChangeAction::kReplace);
  EXPECT_EQ(read->changes[1].action_reason, "replace_because_cannot_update");
  EXPECT_EQ(read->changes[1].replace_paths, std::vector<std::string>{"name"});
  std::string md = RenderPlanMarkdown(*read);
  EXPECT_NE(md.find("**2 resource(s) will be destroyed** (1 of them recreated)"), std::string::npos) << md;
  EXPECT_NE(md.find("`aws_lb.front`: `name` (forces replacement: `name`)"), std::string::npos) << md;
}

TEST(PlanSummaryJsonTest, BadInputNamesTheField) {
  EXPECT_NE(PlanSummaryFromJson(nlohmann::json::array()).status().message().find("expected an object"), std::string::npos);
  auto bad_action = PlanSummaryFromJson({{"counts", nlohmann::json::object()},
                                         {"changes", {{{"address", "a.b"}, {"action", "explode"}}}}});
  ASSERT_FALSE(bad_action.ok());
  EXPECT_NE(bad_action.status().message().find("changes[0].action: unknown action \"explode\""), std::string::npos)
      << bad_action.status().message();
  auto bad_count = PlanSummaryFromJson({{"counts", {{"add", "two"}}}});
  ASSERT_FALSE(bad_count.ok());
  EXPECT_NE(bad_count.status().message().find("counts.add"), std::string::npos);
  auto no_address = PlanSummaryFromJson({{"counts", nlohmann::json::object()}, {"changes", {{{"action", "create"}}}}});
  EXPECT_NE(no_address.status().message().find("changes[0].address"), std::string::npos);
  auto bad_attrs = PlanSummaryFromJson(
      {{"counts", nlohmann::json::object()}, {"changes", {{{"address", "a.b"}, {"action", "update"}, {"changed_attributes", "x"}}}}});
  EXPECT_NE(bad_attrs.status().message().find("changes[0].changed_attributes"), std::string::npos);
}

}  // namespace
}  // namespace faber::reconciler::plan
