#include "reconciler/cost/estimate.h"

#include <gtest/gtest.h>

#include "tests/reconciler/cost/model_from_hcl.h"

namespace faber::reconciler::cost {
namespace {

const UnsupportedResource* FindUnsupported(const CostEstimate& e, const std::string& address) {
  for (const auto& u : e.unsupported) {
    if (u.address == address) return &u;
  }
  return nullptr;
}

TEST(EstimateTest, TheRegionComesFromTheProviderBlock) {
  const std::string body = R"(
resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = "t3.medium"
}
resource "aws_instance" "west" {
  provider      = aws.west
  ami           = "ami-1"
  instance_type = "t3.medium"
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
)";
  for (const char* region : {"us-east-1", "eu-west-1", "eu-west-2", "us-east-2"}) {
    CostEstimate e = EstimateHcl(std::string("provider \"aws\" { region = \"") + region + "\" }\n" + body);
    const ResourceCost* web = FindCost(e, "aws_instance.web");
    ASSERT_NE(web, nullptr) << region;
    EXPECT_EQ(web->region, region);
    ASSERT_FALSE(web->components.empty());
    EXPECT_DOUBLE_EQ(web->components[0].unit_price, Price("ec2.instance.linux.t3.medium", region)) << region;
    const ResourceCost* west = FindCost(e, "aws_instance.west");
    ASSERT_NE(west, nullptr);
    EXPECT_EQ(west->region, "us-west-2");  // the aliased provider's region
  }
  // Ireland is dearer than N. Virginia for the same module.
  CostEstimate virginia = EstimateHcl("provider \"aws\" { region = \"us-east-1\" }\n" + body);
  CostEstimate ireland = EstimateHcl("provider \"aws\" { region = \"eu-west-1\" }\n" + body);
  EXPECT_GT(ireland.overall_monthly_usd(), virginia.overall_monthly_usd());
}

TEST(EstimateTest, ARegionFromAVariableIsUsedAndAnUnknownOneIsSaid) {
  CostEstimate e = EstimateHcl(R"(
variable "region" { default = "eu-west-1" }
provider "aws" { region = var.region }
resource "aws_nat_gateway" "nat" { subnet_id = "s" }
)");
  ASSERT_NE(FindCost(e, "aws_nat_gateway.nat"), nullptr);
  EXPECT_EQ(FindCost(e, "aws_nat_gateway.nat")->region, "eu-west-1");

  CostEstimate unknown = EstimateHcl(R"(
variable "region" { type = string }
provider "aws" { region = var.region }
resource "aws_nat_gateway" "nat" { subnet_id = "s" }
)");
  ASSERT_NE(FindCost(unknown, "aws_nat_gateway.nat"), nullptr);
  ASSERT_FALSE(unknown.warnings.empty());
  EXPECT_NE(unknown.warnings[0].find("region is unknown"), std::string::npos) << unknown.warnings[0];
}

TEST(EstimateTest, ARegionWithoutPricesIsListedNotPricedAtZero) {
  CostEstimate e = EstimateHcl(R"(
provider "aws" { region = "ap-east-1" }
resource "aws_nat_gateway" "nat" { subnet_id = "s" }
)");
  EXPECT_TRUE(e.resources.empty());
  const auto* u = FindUnsupported(e, "aws_nat_gateway.nat");
  ASSERT_NE(u, nullptr);
  EXPECT_NE(u->reason.find("ap-east-1"), std::string::npos) << u->reason;
}

TEST(EstimateTest, UnsupportedTypesAreListedByTypeAndFreeOnesAreNot) {
  CostEstimate e = EstimateHcl(R"(
provider "aws" { region = "us-east-1" }
resource "aws_appmesh_mesh" "mesh" { name = "m" }
resource "aws_iam_role" "role" { name = "r" }
resource "aws_sqs_queue" "q" { name = "q" }
)");
  const auto* mesh = FindUnsupported(e, "aws_appmesh_mesh.mesh");
  ASSERT_NE(mesh, nullptr);
  EXPECT_EQ(mesh->type, "aws_appmesh_mesh");
  EXPECT_EQ(FindUnsupported(e, "aws_iam_role.role"), nullptr);
  EXPECT_NE(std::find(e.free_resources.begin(), e.free_resources.end(), "aws_iam_role.role"), e.free_resources.end());
  auto json = EstimateToJson(e);
  ASSERT_EQ(json["unsupported"].size(), 1u);
  EXPECT_EQ(json["unsupported"][0]["type"], "aws_appmesh_mesh");
  EXPECT_NE(EstimateToText(e).find("not priced: aws_appmesh_mesh.mesh"), std::string::npos);
}

TEST(EstimateTest, UnknownValuesAreReportedNotGuessed) {
  CostEstimate e = EstimateHcl(R"(
provider "aws" { region = "us-east-1" }
data "aws_ssm_parameter" "type" { name = "/app/instance_type" }
resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = data.aws_ssm_parameter.type.value
}
resource "aws_sqs_queue" "q" {
  count = length(data.aws_ssm_parameter.type.value)
  name  = "q"
}
)");
  EXPECT_EQ(FindCost(e, "aws_instance.web"), nullptr);
  const auto* web = FindUnsupported(e, "aws_instance.web");
  ASSERT_NE(web, nullptr);
  EXPECT_NE(web->reason.find("unknown"), std::string::npos) << web->reason;
  bool counted = false;
  for (const auto& u : e.unsupported) counted |= u.type == "aws_sqs_queue" && u.reason.find("unknown") != std::string::npos;
  EXPECT_TRUE(counted);
}

TEST(EstimateTest, UsageBasedComponentsDependOnUsageUntilAUsageFileGivesThem) {
  const char* module = R"(
provider "aws" { region = "us-east-1" }
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::1:role/x"
  handler       = "index.handler"
  runtime       = "nodejs18.x"
  memory_size   = 512
}
)";
  CostEstimate bare = EstimateHcl(module);
  const ResourceCost* api = FindCost(bare, "aws_lambda_function.api");
  ASSERT_NE(api, nullptr);
  EXPECT_DOUBLE_EQ(api->monthly_usd(), 0);
  ASSERT_FALSE(api->components.empty());
  EXPECT_FALSE(api->components[0].quantity.has_value());
  EXPECT_DOUBLE_EQ(api->components[0].unit_price, Price("lambda.requests"));
  auto json = EstimateToJson(bare);
  EXPECT_TRUE(json["resources"][0]["components"][0]["monthly_usd"].is_null());
  EXPECT_EQ(json["resources"][0]["components"][0]["depends_on_usage"], true);
  EXPECT_NE(EstimateToText(bare).find("depends on usage"), std::string::npos);

  CostEstimate used = EstimateHcl(module,
                                  "version: 0.1\nresource_usage:\n  aws_lambda_function.api:\n"
                                  "    monthly_requests: 10000000\n    request_duration_ms: 200\n");
  api = FindCost(used, "aws_lambda_function.api");
  ASSERT_NE(api, nullptr);
  // 10M requests and 10M x 0.2 s x 0.5 GB = 1M GB-seconds.
  EXPECT_NEAR(api->monthly_usd(), 10 * Price("lambda.requests") + 1e6 * Price("lambda.duration.x86_64.tier1"), 0.001);
}

TEST(EstimateTest, WildcardUsageAppliesToEveryCountedInstance) {
  CostEstimate e = EstimateHcl(R"(
provider "aws" { region = "us-east-1" }
resource "aws_nat_gateway" "nat" {
  count     = 2
  subnet_id = "s"
}
)",
                               "version: 0.1\nresource_usage:\n  aws_nat_gateway.nat[*]:\n    monthly_data_processed_gb: 100\n");
  for (const char* address : {"aws_nat_gateway.nat[0]", "aws_nat_gateway.nat[1]"}) {
    const ResourceCost* nat = FindCost(e, address);
    ASSERT_NE(nat, nullptr) << address;
    EXPECT_NEAR(nat->monthly_usd(), 730 * Price("vpc.nat_gateway.hour") + 100 * Price("vpc.nat_gateway.data"), 0.001);
  }
}

}  // namespace
}  // namespace faber::reconciler::cost
