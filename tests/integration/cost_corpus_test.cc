// `faber cost` against Infracost's golden costs (../shared/corpus/infracost-aws): for each
// fixture, the real binary on its .tf with its .usage.yml, compared overall and per resource.
// Agreement means within 1% of Infracost's overall monthly cost; at least 90% of fixtures must agree.
// Every miss is printed with its per-resource figures.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/faber_harness.h"

namespace faber::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(FABER_SOURCE_DIR) / "../shared/corpus/infracost-aws";

bool Within(double got, double want, double share) { return std::fabs(got - want) <= share * std::fabs(want) + 0.005; }

struct FixtureResult {
  std::string name;
  bool agrees = false;
  std::string detail;  // per-resource figures of a miss
};

FixtureResult RunFixture(const fs::path& dir) {
  FixtureResult out{dir.filename().string(), false, ""};
  std::vector<std::string> args = {"cost", dir.string(), "--format", "json"};
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().string().ends_with(".usage.yml")) {
      args.push_back("--usage-file");
      args.push_back(entry.path().string());
    }
  }
  auto run = RunFaber(args);
  if (run.exit_code != 0) {
    out.detail = "exit " + std::to_string(run.exit_code) + ": " + run.stderr_text;
    return out;
  }
  nlohmann::json expected = nlohmann::json::parse(std::ifstream(dir / "expected.json"));
  nlohmann::json got = nlohmann::json::parse(run.stdout_text);
  const double want = expected["overall_monthly_usd"].get<double>();
  const double have = got["overall_monthly_usd"].get<double>();
  out.agrees = Within(have, want, 0.01);
  std::map<std::string, double> per_resource;
  for (const auto& r : got["resources"]) per_resource[r["address"]] = r["monthly_usd"].get<double>();
  std::ostringstream detail;
  detail << "overall $" << have << " vs Infracost $" << want;
  for (const auto& [address, usd] : expected["resources_monthly_usd"].items()) {
    auto it = per_resource.find(address);
    const double mine = it == per_resource.end() ? 0 : it->second;
    if (!Within(mine, usd.get<double>(), 0.01)) {
      detail << "\n    " << address << ": $" << mine << " vs $" << usd.get<double>()
             << (it == per_resource.end() ? " (not priced by faber)" : "");
    }
  }
  for (const auto& u : got["unsupported"]) detail << "\n    not priced: " << u["address"] << " (" << u["reason"] << ")";
  out.detail = detail.str();
  return out;
}

TEST(CostCorpusTest, AgreesWithInfracostOnAtLeastNinetyPercentOfFixtures) {
  ASSERT_TRUE(fs::is_directory(kCorpus)) << kCorpus;
  std::vector<fs::path> fixtures;
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    if (fs::exists(entry.path() / "expected.json")) fixtures.push_back(entry.path());
  }
  std::sort(fixtures.begin(), fixtures.end());
  ASSERT_GE(fixtures.size(), 40u);
  int agreeing = 0;
  for (const auto& dir : fixtures) {
    FixtureResult r = RunFixture(dir);
    if (r.agrees) {
      ++agreeing;
    } else {
      std::cout << "MISS " << r.name << ": " << r.detail << "\n";
    }
  }
  const double share = static_cast<double>(agreeing) / static_cast<double>(fixtures.size());
  std::cout << "faber cost agrees with Infracost (within 1% overall) on " << agreeing << " of " << fixtures.size()
            << " fixtures (" << std::round(share * 1000) / 10 << "%)\n";
  EXPECT_GE(share, 0.9);
}

}  // namespace
}  // namespace faber::testing
