#include "reconciler/cost/catalog.h"

#include <gtest/gtest.h>

#include <map>

#include "reconciler/cost/builtin_pricing.h"
#include "reconciler/cost/estimate.h"

namespace faber::reconciler::cost {
namespace {

TEST(CatalogTest, TheBuiltInCatalogCoversUsEast1AndAtLeastThreeMoreRegions) {
  const Catalog& c = BuiltinCatalog();
  ASSERT_GT(c.PriceCount("us-east-1"), 500u);
  int regional = 0;
  for (const auto& region : c.Regions()) {
    if (region != "us-east-1" && region != "global" && c.PriceCount(region) >= 100) ++regional;
  }
  EXPECT_GE(regional, 3);
  // Prices differ by region: EC2 in Ireland costs more than in N. Virginia.
  auto virginia = c.Find("us-east-1", "ec2.instance.linux.t3.medium");
  auto ireland = c.Find("eu-west-1", "ec2.instance.linux.t3.medium");
  ASSERT_TRUE(virginia && ireland);
  EXPECT_DOUBLE_EQ(virginia->usd, 0.0416);  // the AWS list price
  EXPECT_GT(ireland->usd, virginia->usd);
}

// The built-in catalog reads the trees compiled from manifests/pricing, each region only when it
// is first asked for; what it holds must be what parsing the files themselves gives.
TEST(CatalogTest, TheCompiledInTreesHoldWhatTheFilesSay) {
  const Catalog& builtin = BuiltinCatalog();
  std::map<std::string, size_t> counts;
  for (const auto& file : BuiltinPricingFiles()) {
    Catalog parsed;
    ASSERT_TRUE(parsed.AddFile(std::string(file.name), std::string(file.text)).ok()) << file.name;
    for (const auto& region : parsed.Regions()) {
      for (const auto& key : parsed.PriceKeys(region)) {
        auto expected = parsed.Find(region, key);
        auto got = builtin.Find(region, key);
        ASSERT_TRUE(got) << file.name << ": " << region << " " << key;
        EXPECT_DOUBLE_EQ(got->usd, expected->usd) << region << " " << key;
        EXPECT_EQ(got->source->url, expected->source->url) << region << " " << key;
        EXPECT_EQ(got->source->as_of, expected->source->as_of) << region << " " << key;
      }
      counts[region] += parsed.PriceCount(region);
    }
  }
  ASSERT_FALSE(counts.empty());
  for (const auto& [region, count] : counts) EXPECT_EQ(builtin.PriceCount(region), count) << region;
  EXPECT_EQ(builtin.Regions().size(), counts.size());
}

TEST(CatalogTest, EveryPriceCarriesItsSourceAndDate) {
  const Catalog& c = BuiltinCatalog();
  for (const auto& region : c.Regions()) {
    auto p = c.Find(region, region == "global" ? "route53.hosted_zone" : "ec2.instance.linux.t3.medium");
    if (!p) continue;
    ASSERT_NE(p->source, nullptr) << region;
    EXPECT_NE(p->source->url.find("https://"), std::string::npos) << region;
    EXPECT_EQ(p->source->as_of.size(), 10u) << region;  // yyyy-mm-dd
  }
  // And a file without a date is refused, naming the file and line.
  Catalog bad;
  auto s = bad.AddFile("p.yaml", "region: us-east-1\nservices:\n  ec2:\n    source: https://x\n    prices: {a: 1}\n");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("p.yaml:3"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("as_of"), std::string::npos) << s.message();
}

TEST(CatalogTest, BadPricesAreRefusedWithTheirLine) {
  Catalog c;
  auto s = c.AddFile("p.yaml", "region: us-east-1\nservices:\n  ec2:\n    source: https://x\n    as_of: \"2026-01-01\"\n"
                               "    prices:\n      a: 1\n      b: cheap\n");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("p.yaml:8"), std::string::npos) << s.message();
  Catalog dup;
  const std::string section = "  ec2:\n    source: https://x\n    as_of: \"2026-01-01\"\n    prices: {a: 1}\n";
  ASSERT_TRUE(dup.AddFile("a.yaml", "region: eu-west-3\nservices:\n" + section).ok());
  auto twice = dup.AddFile("b.yaml", "region: eu-west-3\nservices:\n" + section);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.message().find("priced twice"), std::string::npos) << twice.message();
}

TEST(CatalogTest, AtLeastFiftyResourceTypesArePriced) {
  auto types = PricedResourceTypes();
  EXPECT_GE(types.size(), 50u);
  for (const char* t : {"aws_instance", "aws_ebs_volume", "aws_db_instance", "aws_rds_cluster", "aws_nat_gateway",
                        "aws_lb", "aws_lambda_function", "aws_s3_bucket", "aws_dynamodb_table",
                        "aws_elasticache_cluster", "aws_eks_cluster", "aws_ecs_service", "aws_cloudwatch_log_group",
                        "aws_kms_key", "aws_secretsmanager_secret", "aws_route53_zone", "aws_sqs_queue",
                        "aws_sns_topic", "aws_kinesis_stream", "aws_opensearch_domain", "aws_vpc_endpoint", "aws_eip"}) {
    EXPECT_NE(std::find(types.begin(), types.end(), t), types.end()) << t;
  }
  EXPECT_FALSE(BuiltinPricingFiles().empty());
}

}  // namespace
}  // namespace faber::reconciler::cost
