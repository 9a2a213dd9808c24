#include "reconciler/cost/budget.h"

#include <gtest/gtest.h>

#include "tests/reconciler/cost/model_from_hcl.h"

namespace faber::reconciler::cost {
namespace {

// Two NAT gateways and an EC2 instance: about $108/month in us-east-1.
const char* kModule = R"(
provider "aws" { region = "us-east-1" }
resource "aws_nat_gateway" "a" { subnet_id = "subnet-1" }
resource "aws_nat_gateway" "b" { subnet_id = "subnet-2" }
resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = "t3.medium"
}
resource "aws_iam_role" "free" { name = "r" }
)";

class BudgetTestCase : public ::testing::Test {
 protected:
  void SetUp() override {
    estimate_ = EstimateHcl(kModule);
    total_ = RoundCents(estimate_.overall_monthly_usd());
  }
  CostEstimate estimate_;
  double total_ = 0;
};

TEST_F(BudgetTestCase, TheTotalIsTheSumOfRealPrices) {
  const double expected = 2 * 730 * Price("vpc.nat_gateway.hour") + 730 * Price("ec2.instance.linux.t3.medium") +
                          8 * Price("ebs.gp2.storage");
  EXPECT_NEAR(estimate_.overall_monthly_usd(), expected, 0.01);
  EXPECT_GT(total_, 90);
}

TEST_F(BudgetTestCase, UnderTheWarnShareItPasses) {
  BudgetCheck c = BudgetTest(estimate_, {.monthly_usd = total_ * 2});
  EXPECT_EQ(c.status, BudgetStatus::kPass);
  EXPECT_EQ(c.test["status"], "PASS");
  EXPECT_EQ(c.test["estimated_monthly_cost"], total_);
  EXPECT_EQ(c.test["cost_threshold"], total_ * 2);
  // The breakdown by service adds up to the total; the top driver is a NAT gateway.
  double sum = 0;
  for (const auto& [service, usd] : c.test["resource_breakdown"].items()) sum += usd.get<double>();
  EXPECT_NEAR(sum, total_, 0.02);
  EXPECT_TRUE(c.test["resource_breakdown"].contains("EC2"));
  ASSERT_EQ(c.test["top_cost_drivers"].size(), 3u);
  EXPECT_EQ(c.test["top_cost_drivers"][0]["type"], "aws_nat_gateway");
  EXPECT_EQ(c.test["lower_bound"], true);  // NAT data processed depends on usage
}

TEST_F(BudgetTestCase, AtOrAboveTheWarnShareItWarns) {
  BudgetCheck c = BudgetTest(estimate_, {.monthly_usd = total_ / 0.9});
  EXPECT_EQ(c.status, BudgetStatus::kWarn) << c.message;
  BudgetCheck custom = BudgetTest(estimate_, {.monthly_usd = total_ / 0.9, .warn_share = 0.95});
  EXPECT_EQ(custom.status, BudgetStatus::kPass) << custom.message;
}

TEST_F(BudgetTestCase, OverTheBudgetItFails) {
  BudgetCheck c = BudgetTest(estimate_, {.monthly_usd = total_ - 1});
  EXPECT_EQ(c.status, BudgetStatus::kFail);
  EXPECT_EQ(c.test["status"], "FAIL");
  EXPECT_NE(c.message.find("over"), std::string::npos) << c.message;
  // Exactly on the budget is not over it.
  EXPECT_NE(BudgetTest(estimate_, {.monthly_usd = total_}).status, BudgetStatus::kFail);
}

TEST_F(BudgetTestCase, WithoutABudgetItOnlyReports) {
  BudgetCheck c = BudgetTest(estimate_, {});
  EXPECT_EQ(c.status, BudgetStatus::kPass);
  EXPECT_TRUE(c.test["cost_threshold"].is_null());
  EXPECT_EQ(c.test["estimated_monthly_cost"], total_);
}

}  // namespace
}  // namespace faber::reconciler::cost
