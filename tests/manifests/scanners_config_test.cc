// tests.scanners: the external scanners an environment runs with its static checks.

#include <gtest/gtest.h>

#include "tests/manifests/config_test_util.h"

namespace faber::manifests {
namespace {

TEST(ScannersConfigTest, NamesAndMapsWithDefaults) {
  auto config = ParseFaberConfig(std::string(kHeader) +
                                     "  - name: a\n    branch: a\n    tests:\n      scanners:\n        - checkov\n"
                                     "        - {name: trivy, args: [--skip-dirs, vendor], timeout: 90s, required: true}\n",
                                 "faber.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  const auto& scanners = config->environments[0].tests.scanners;
  ASSERT_EQ(scanners.size(), 2u);
  EXPECT_EQ(scanners[0].name, "checkov");
  EXPECT_TRUE(scanners[0].args.empty());
  EXPECT_EQ(scanners[0].timeout, std::chrono::minutes(10));
  EXPECT_FALSE(scanners[0].required);
  EXPECT_EQ(scanners[1].name, "trivy");
  EXPECT_EQ(scanners[1].args, (std::vector<std::string>{"--skip-dirs", "vendor"}));
  EXPECT_EQ(scanners[1].timeout, std::chrono::seconds(90));
  EXPECT_TRUE(scanners[1].required);

  auto none = ParseFaberConfig(std::string(kHeader) + "  - name: a\n    branch: a\n", "faber.yaml");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->environments[0].tests.scanners.empty());
}

TEST(ScannersConfigTest, UnknownDuplicateAndMalformedScanners) {
  const std::string env = std::string(kHeader) + "  - name: a\n    branch: a\n    tests:\n      scanners: ";
  EXPECT_NE(FaberErrors(env + "[checkov, kics]\n").find("faber.yaml:6:27: environments[0].tests.scanners[1]: must be one of"),
            std::string::npos)
      << FaberErrors(env + "[checkov, kics]\n");
  EXPECT_EQ(FaberErrors(env + "[tfsec, tfsec]\n"), "faber.yaml:6:25: environments[0].tests.scanners[1]: tfsec is listed twice");
  EXPECT_EQ(FaberErrors(env + "[{name: trivy, timeout: 0s}]\n"),
            "faber.yaml:6:41: environments[0].tests.scanners[0].timeout: must be greater than zero (got \"0s\")");
  EXPECT_EQ(FaberErrors(env + "[{args: [-q]}]\n"), "faber.yaml:6:18: environments[0].tests.scanners[0].name: required field is missing");
  EXPECT_EQ(FaberErrors(env + "checkov\n"), "faber.yaml:6:17: environments[0].tests.scanners: expected a list, got a scalar");
}

}  // namespace
}  // namespace faber::manifests
