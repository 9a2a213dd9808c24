#include "tests/reconciler/cost/model_from_hcl.h"

#include <fstream>

#include <gtest/gtest.h>

#include "reconciler/hcl/module_evaluator.h"
#include "tests/support/faber_harness.h"

namespace faber::reconciler::cost {

ResourceModel ModelFromHcl(const std::string& hcl) {
  testing::ScratchDir dir;
  std::ofstream(dir.path() / "main.tf") << hcl;
  auto model = hcl::BuildResourceModel(dir.path().string());
  EXPECT_TRUE(model.ok()) << model.status().message();
  return model.ok() ? std::move(*model) : ResourceModel{};
}

CostEstimate EstimateHcl(const std::string& hcl, const std::string& usage_yaml) {
  UsageFile usage;
  if (!usage_yaml.empty()) {
    auto parsed = UsageFile::Parse("usage.yml", usage_yaml);
    EXPECT_TRUE(parsed.ok()) << parsed.status().message();
    if (parsed.ok()) usage = std::move(*parsed);
  }
  return EstimateCost(ModelFromHcl(hcl), BuiltinCatalog(), usage);
}

const ResourceCost* FindCost(const CostEstimate& estimate, const std::string& address) {
  for (const auto& r : estimate.resources) {
    if (r.address == address) return &r;
  }
  return nullptr;
}

double Price(const std::string& key, const std::string& region) {
  auto p = BuiltinCatalog().Find(region, key);
  EXPECT_TRUE(p.has_value()) << key << " in " << region;
  return p ? p->usd : 0;
}

}  // namespace faber::reconciler::cost
