#include "reconciler/plan/plan_markdown.h"

#include <gtest/gtest.h>

namespace faber::reconciler::plan {
namespace {

ResourceChangeSummary Change(const std::string& address, ChangeAction action, std::vector<std::string> attrs = {}) {
  ResourceChangeSummary c;
  c.address = address;
  c.type = address.substr(0, address.find('.'));
  c.action = action;
  c.changed_attributes = std::move(attrs);
  return c;
}

PlanSummary Summary(std::vector<ResourceChangeSummary> changes) {
  PlanSummary s;
  for (auto& c : changes) {
    switch (c.action) {
      case ChangeAction::kCreate: s.add++; break;
      case ChangeAction::kUpdate: s.change++; break;
      case ChangeAction::kDelete: s.destroy++; break;
      case ChangeAction::kReplace: s.replace++; break;
      default: break;
    }
    s.changes.push_back(std::move(c));
  }
  return s;
}

TEST(PlanMarkdownTest, GroupsByActionWithDestroysFirstAndCalledOut) {
  PlanSummary s = Summary({Change("aws_s3_bucket.new", ChangeAction::kCreate),
                           Change("aws_instance.web", ChangeAction::kUpdate, {"instance_type", "tags"}),
                           Change("aws_db_instance.old", ChangeAction::kDelete),
                           Change("aws_lb.front", ChangeAction::kReplace, {"name"})});
  std::string md = RenderPlanMarkdown(s);
  EXPECT_EQ(md.rfind("### Plan: 2 to add, 1 to change, 2 to destroy (1 replaced)\n", 0), 0u) << md;
  size_t caution = md.find("> [!CAUTION]\n> **2 resource(s) will be destroyed** (1 of them recreated)");
  ASSERT_NE(caution, std::string::npos) << md;
  size_t destroy = md.find("#### Destroy (1)\n\n- `aws_db_instance.old`\n");
  size_t replace = md.find("#### Replace (destroy, then create) (1)\n\n- `aws_lb.front`: `name`\n");
  size_t update = md.find("#### Update in place (1)\n\n- `aws_instance.web`: `instance_type`, `tags`\n");
  size_t create = md.find("#### Create (1)\n\n- `aws_s3_bucket.new`\n");
  ASSERT_NE(destroy, std::string::npos) << md;
  ASSERT_NE(replace, std::string::npos) << md;
  ASSERT_NE(update, std::string::npos) << md;
  ASSERT_NE(create, std::string::npos) << md;
  EXPECT_LT(caution, destroy);
  EXPECT_LT(destroy, replace);
  EXPECT_LT(replace, update);
  EXPECT_LT(update, create);
}

TEST(PlanMarkdownTest, LongGroupsAreCollapsed) {
  std::vector<ResourceChangeSummary> changes;
  for (int i = 0; i < 12; ++i) changes.push_back(Change("aws_s3_bucket.b" + std::to_string(i), ChangeAction::kCreate));
  changes.push_back(Change("aws_iam_role.r", ChangeAction::kUpdate, {"name"}));
  std::string md = RenderPlanMarkdown(Summary(changes));
  EXPECT_NE(md.find("<details><summary><b>Create (12)</b></summary>\n\n- `aws_s3_bucket.b0`"), std::string::npos) << md;
  EXPECT_NE(md.find("- `aws_s3_bucket.b11`\n\n</details>"), std::string::npos) << md;
  EXPECT_NE(md.find("#### Update in place (1)"), std::string::npos) << md;
  EXPECT_EQ(md.find("CAUTION"), std::string::npos);
}

TEST(PlanMarkdownTest, ManyDestroysAreListedUpToTheLimit) {
  std::vector<ResourceChangeSummary> changes;
  for (int i = 0; i < 13; ++i) changes.push_back(Change("aws_instance.i" + std::to_string(i), ChangeAction::kDelete));
  std::string md = RenderPlanMarkdown(Summary(changes), {"Plan for prod", 10});
  EXPECT_EQ(md.rfind("### Plan for prod: 0 to add, 0 to change, 13 to destroy", 0), 0u);
  EXPECT_NE(md.find("> - `aws_instance.i9`\n> - ... and 3 more\n"), std::string::npos) << md;
  EXPECT_EQ(md.find("> - `aws_instance.i10`"), std::string::npos) << md;
}

TEST(PlanMarkdownTest, EmptyPlanSaysNoChanges) {
  std::string md = RenderPlanMarkdown(Summary({Change("data.aws_ami.x", ChangeAction::kRead)}));
  EXPECT_NE(md.find("No changes."), std::string::npos);
}

TEST(PlanMarkdownTest, BackticksInNamesCannotBreakOutOfCode) {
  std::string md = RenderPlanMarkdown(Summary({Change("aws_s3_bucket.x[\"a`b\"]", ChangeAction::kCreate)}));
  EXPECT_NE(md.find("- `aws_s3_bucket.x[\"a'b\"]`"), std::string::npos) << md;
}

}  // namespace
}  // namespace faber::reconciler::plan
