#include "reconciler/cost/usage_schema.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "reconciler/cost/estimate.h"
#include "reconciler/cost/usage_check.h"

namespace faber::reconciler::cost {
namespace {

const std::string kInfracostExample =
    std::string(FABER_SOURCE_DIR) + "/tests/reconciler/cost/testdata/infracost-usage-example.yml";

TEST(UsageSchemaTest, EveryPricedTypeDeclaresTheUsageItTakes) {
  const std::vector<std::string> priced = PricedResourceTypes();
  for (const auto& type : priced) EXPECT_NE(UsageSchemaOf(type), nullptr) << type << " has no usage schema";
  // And no schema for a type nothing prices, but the autoscaling target whose capacity the
  // DynamoDB and ElastiCache pricers read.
  for (const auto& type : UsageSchemaTypes()) {
    EXPECT_TRUE(std::binary_search(priced.begin(), priced.end(), type) || type == "aws_appautoscaling_target") << type;
  }
}

TEST(UsageSchemaTest, KeysAreUniqueUnlessInfracostDocumentsValuesFaberDoesNotPrice) {
  for (const auto& type : UsageSchemaTypes()) {
    std::set<std::string_view> priced;
    for (const UsageKey& k : *UsageSchemaOf(type)) {
      if (k.priced) {
        EXPECT_TRUE(priced.insert(k.name).second) << type << " declares " << k.name << " twice";
      }
    }
  }
}

// Every entry of Infracost's own example usage file for a resource type faber prices, checked as
// if the module had a resource at that address: not one key is refused.
TEST(UsageSchemaTest, EveryKeyOfInfracostsExampleUsageFileIsAcceptedForTheTypesFaberPrices) {
  auto usage = UsageFile::Load(kInfracostExample);
  ASSERT_TRUE(usage.ok()) << usage.status().message();
  ResourceModel model;
  std::set<std::string> types;
  for (const UsageFile::Entry& e : usage->entries()) {
    const size_t dot = e.address.find('.');
    const std::string type = e.address.substr(0, dot);
    if (UsageSchemaOf(type) == nullptr) continue;  // azurerm_, google_ and AWS types faber does not price
    types.insert(type);
    if (dot == std::string::npos) continue;  // resource_type_default_usage: applies to the resource below
    Resource r;
    r.address = e.address;
    r.type = type;
    r.name = e.address.substr(dot + 1);
    model.resources.push_back(r);
  }
  EXPECT_GE(types.size(), 75u);
  UsageCheck check = CheckUsage(*usage, model);
  for (const auto& e : check.errors) ADD_FAILURE() << e;
  for (const auto& w : check.warnings) {
    for (const Resource& r : model.resources) EXPECT_EQ(w.find("'" + r.address + "'"), std::string::npos) << w;
  }
  size_t notes = 0;
  for (const auto& [address, list] : check.unpriced) notes += list.size();
  // The keys Infracost documents that faber does not price: aws_dx_connection's interface type,
  // aws_elasticache_replication_group's snapshots, and five of aws_rds_cluster's.
  EXPECT_EQ(notes, 7u);
}

}  // namespace
}  // namespace faber::reconciler::cost
