#include "reconciler/cost/cost_diff.h"

#include <gtest/gtest.h>

#include "tests/reconciler/cost/model_from_hcl.h"

namespace faber::reconciler::cost {
namespace {

// The deployed commit: a t3.medium, a NAT gateway and a 20 GB volume.
const char* kDeployed = R"(
provider "aws" { region = "us-east-1" }
resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = "t3.medium"
}
resource "aws_nat_gateway" "nat" { subnet_id = "subnet-1" }
resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 20
}
)";

// The pull request's head: the instance grows, the NAT gateway goes, a database comes, the volume stays.
const char* kHead = R"(
provider "aws" { region = "us-east-1" }
resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = "t3.large"
}
resource "aws_db_instance" "db" {
  engine            = "postgres"
  instance_class    = "db.t3.medium"
  allocated_storage = 20
}
resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 20
}
)";

const ResourceCostDelta* Find(const CostDiff& d, const std::string& address) {
  for (const auto& r : d.resources) {
    if (r.address == address) return &r;
  }
  return nullptr;
}

TEST(CostDiffTest, AddedRemovedAndChangedResourcesAndTheTotal) {
  CostEstimate before = EstimateHcl(kDeployed);
  CostEstimate after = EstimateHcl(kHead);
  CostDiff d = DiffCosts(before, after);
  EXPECT_NEAR(d.delta_usd(), after.overall_monthly_usd() - before.overall_monthly_usd(), 1e-9);
  ASSERT_EQ(d.resources.size(), 3u);  // the unchanged volume is not listed
  const auto* web = Find(d, "aws_instance.web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->change, CostChange::kChanged);
  EXPECT_NEAR(web->delta_usd(),
              730 * (Price("ec2.instance.linux.t3.large") - Price("ec2.instance.linux.t3.medium")), 0.01);
  const auto* nat = Find(d, "aws_nat_gateway.nat");
  ASSERT_NE(nat, nullptr);
  EXPECT_EQ(nat->change, CostChange::kRemoved);
  EXPECT_NEAR(nat->before_usd, 730 * Price("vpc.nat_gateway.hour"), 0.01);
  const auto* db = Find(d, "aws_db_instance.db");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->change, CostChange::kAdded);
  EXPECT_GT(db->after_usd, 50);
  EXPECT_EQ(Find(d, "aws_ebs_volume.data"), nullptr);
  // Largest change first.
  for (size_t i = 1; i < d.resources.size(); ++i) {
    EXPECT_GE(std::fabs(d.resources[i - 1].delta_usd()), std::fabs(d.resources[i].delta_usd()));
  }

  auto json = CostDiffToJson(d);
  EXPECT_NEAR(json["delta_monthly_usd"].get<double>(), RoundCents(d.delta_usd()), 0.011);
  EXPECT_EQ(json["resources"].size(), 3u);
  std::string text = CostDiffToText(d);
  EXPECT_NE(text.find("aws_db_instance.db"), std::string::npos) << text;
  EXPECT_NE(text.find("-$32.85"), std::string::npos) << text;  // the NAT gateway's hours
}

TEST(CostDiffTest, IdenticalModulesHaveNoDelta) {
  CostDiff d = DiffCosts(EstimateHcl(kDeployed), EstimateHcl(kDeployed));
  EXPECT_TRUE(d.resources.empty());
  EXPECT_DOUBLE_EQ(d.delta_usd(), 0);
  EXPECT_TRUE(CostDiffToJson(d)["delta_percent"].is_number());
}

}  // namespace
}  // namespace faber::reconciler::cost
