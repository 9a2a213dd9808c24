// Classifying real terraform errors (../shared/corpus/errors/dev.jsonl) for the engine's remedies.
#include "reconciler/engines/terraform_errors.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace faber::reconciler {
namespace {

const std::filesystem::path kErrors = std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/errors/dev.jsonl";

std::vector<nlohmann::json> Corpus() {
  std::vector<nlohmann::json> out;
  std::ifstream in(kErrors);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(TerraformErrorsTest, LockErrorsAreLocksWithTheirId) {
  int locks = 0;
  for (const auto& e : Corpus()) {
    std::string message = e["message"];
    if (message.find("state lock") == std::string::npos) continue;
    ++locks;
    EXPECT_EQ(ClassifyTerraformFailure(message), TerraformFailure::kStateLocked) << message;
    if (message.find("Lock Info") != std::string::npos) {
      EXPECT_EQ(LockIdFrom(message), "12345");
    } else {
      EXPECT_EQ(LockIdFrom(message), "");
    }
  }
  EXPECT_EQ(locks, 2);
}

TEST(TerraformErrorsTest, PermissionConfigAndQuotaErrorsAreNeverRetriedOrUnlocked) {
  for (const auto& e : Corpus()) {
    std::string category = e["category"];
    if (category != "permission" && category != "config" && category != "quota") continue;
    std::string message = e["message"];
    if (e["code"] == "RequestLimitExceeded") continue;  // throttling: the one quota error worth a retry
    EXPECT_EQ(ClassifyTerraformFailure(message), TerraformFailure::kOther) << category << ": " << message;
  }
}

TEST(TerraformErrorsTest, ThrottlingAndConnectionResetsAreTransient) {
  int transient = 0;
  for (const auto& e : Corpus()) {
    std::string message = e["message"];
    if (e["code"] == "RequestLimitExceeded" || message.find("connection reset by peer") != std::string::npos) {
      EXPECT_EQ(ClassifyTerraformFailure(message), TerraformFailure::kTransient) << message;
      ++transient;
    }
  }
  EXPECT_EQ(transient, 3);
}

TEST(TerraformErrorsTest, InitErrorsNameTheirRemedy) {
  EXPECT_EQ(ClassifyTerraformFailure("locked provider registry.terraform.io/hashicorp/aws 3.74.0 does not match "
                                     "configured version constraint ~> 4.0; must use terraform init -upgrade"),
            TerraformFailure::kNeedsUpgrade);
  EXPECT_EQ(ClassifyTerraformFailure("Error: Inconsistent dependency lock file"), TerraformFailure::kNeedsUpgrade);
  EXPECT_EQ(ClassifyTerraformFailure("Error: Backend initialization required, please run \"terraform init\""),
            TerraformFailure::kNeedsReconfigure);
  EXPECT_EQ(ClassifyTerraformFailure("Error: Backend configuration changed"), TerraformFailure::kNeedsReconfigure);
  EXPECT_STREQ(TerraformFailureName(TerraformFailure::kNeedsUpgrade), "needs_upgrade");
}

}  // namespace
}  // namespace faber::reconciler
