// The ResourceModel of a plan: resolved values, unknowns, modules, providers and references.
#include "reconciler/plan/plan_model.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace faber::reconciler::plan {
namespace {

const std::filesystem::path kCorpus = std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/tfplan";

ResourceModel Load(const std::string& name) {
  auto doc = ReadPlanFile((kCorpus / name).string());
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  return doc.ok() ? BuildModelFromPlan(*doc, name) : ResourceModel{};
}

TEST(PlanModelTest, ModulesKeepTheirPathAndConfigurationReferences) {
  ResourceModel m = Load("checkov__runner__resources__plan_nested_child_modules_with_connections__tfplan.json");
  const Resource* pab = m.Find("aws_s3_bucket_public_access_block.root");
  ASSERT_NE(pab, nullptr);
  EXPECT_EQ(pab->module_path, "");
  EXPECT_EQ(pab->provider, "aws");
  EXPECT_EQ(pab->attributes["block_public_acls"], true);
  ASSERT_EQ(pab->references.count("bucket"), 1u);
  EXPECT_EQ(pab->references.at("bucket")[0], "aws_s3_bucket.root_bucket.id");
  bool module_resource = false;
  for (const auto& r : m.resources) {
    if (r.module_path.rfind("module.s3_bucket", 0) == 0) {
      module_resource = true;
      EXPECT_EQ(r.address.rfind(r.module_path + ".", 0), 0u) << r.address;
    }
  }
  EXPECT_TRUE(module_resource);
  ASSERT_FALSE(m.providers.empty());
  EXPECT_EQ(m.providers[0].attributes["region"], "us-west-2");
}

TEST(PlanModelTest, AttributesKnownOnlyAfterApplyAreUnknown) {
  ResourceModel m = Load("checkov__parser__resources__plan_after_unknown__tfplan.json");
  ASSERT_EQ(m.resources.size(), 1u);
  const auto& r = m.resources[0];
  // after_unknown flags logging_config[0].bucket; the known parts next to it stay.
  const auto& logging = r.attributes["logging_config"][0];
  ASSERT_TRUE(IsUnknown(logging["bucket"])) << r.attributes.dump();
  EXPECT_EQ(logging["bucket"][kUnknownKey], r.address + ".logging_config[0].bucket");
  EXPECT_EQ(logging["prefix"], "cloudfront");
}

TEST(PlanModelTest, DataSourcesAndIndexes) {
  ResourceModel m = Load("checkov__runner__resources__plan_with_iam_data_block__tfplan.json");
  int data = 0;
  for (const auto& r : m.resources) data += r.mode == ResourceMode::kData;
  EXPECT_EQ(data, 1);
  ResourceModel counted = Load("infracost__cmd__infracost__testdata__terraform_v0.14_plan.json");
  bool indexed = false;
  for (const auto& r : counted.resources) indexed = indexed || !r.index.is_null();
  EXPECT_TRUE(indexed);
}

TEST(PlanModelTest, StateModelReadsValues) {
  nlohmann::json state = nlohmann::json::parse(R"({"format_version":"1.0","values":{"root_module":{
    "resources":[{"address":"local_file.a","mode":"managed","type":"local_file","name":"a",
                  "provider_name":"registry.terraform.io/hashicorp/local","values":{"filename":"a.txt"}}],
    "child_modules":[{"address":"module.m","resources":[{"address":"module.m.null_resource.n","mode":"managed",
                  "type":"null_resource","name":"n","values":{"id":"42"}}]}]}}})");
  ResourceModel m = BuildModelFromState(state);
  ASSERT_EQ(m.resources.size(), 2u);
  EXPECT_EQ(m.resources[0].provider, "local");
  EXPECT_EQ(m.resources[1].module_path, "module.m");
  EXPECT_EQ(m.resources[1].attributes["id"], "42");
}

}  // namespace
}  // namespace faber::reconciler::plan
