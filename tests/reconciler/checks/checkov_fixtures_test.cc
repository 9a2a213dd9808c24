// Agreement with Checkov on its own fixtures (../shared/corpus/checkov-aws): for every fixture whose
// Checkov id is an equivalent of one of faber's rules, each resource Checkov expects to pass or
// fail must get the same verdict from faber. Prints the coverage, the agreement and every
// disagreement.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reconciler/checks/policy_loader.h"
#include "reconciler/checks/scanner.h"
#include "reconciler/hcl/module_evaluator.h"

namespace faber::reconciler::checks {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(FABER_SOURCE_DIR) / "../shared/corpus/checkov-aws";

TEST(CheckovFixturesTest, VerdictsAgreeWithCheckov) {
  if (!fs::exists(kFixtures)) GTEST_SKIP() << "corpus not found at " << kFixtures;
  const auto& rules = BuiltinRules();
  size_t checks_covered = 0, verdicts = 0, agree = 0, invalid_fixtures = 0;
  std::vector<std::string> disagreements, unknown;
  std::set<std::string> covered_ids;
  for (const auto& dir : fs::directory_iterator(kFixtures)) {
    if (!dir.is_directory()) continue;
    std::ifstream in(dir.path() / "expected.json");
    nlohmann::json expected = nlohmann::json::parse(in);
    const std::string checkov_id = expected["checkov_id"];
    std::vector<Rule> matching;
    for (const auto& rule : rules) {
      if (std::find(rule.equivalents.begin(), rule.equivalents.end(), checkov_id) != rule.equivalents.end()) {
        matching.push_back(rule);
      }
    }
    if (matching.empty()) continue;
    ++checks_covered;
    covered_ids.insert(checkov_id);
    // A fixture is its folder's module, or several modules in its subfolders.
    std::vector<fs::path> modules;
    for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
      if (entry.is_regular_file() && entry.path().extension() == ".tf" &&
          std::find(modules.begin(), modules.end(), entry.path().parent_path()) == modules.end()) {
        modules.push_back(entry.path().parent_path());
      }
    }
    std::vector<Finding> findings;
    bool invalid = false;
    for (const auto& module : modules) {
      auto model = hcl::BuildResourceModel(module.string());
      if (!model.ok()) {
        // Checkov's own parser is laxer than Terraform's: a fixture Terraform would reject is not
        // a verdict to compare. HashiCorp's parser rejects these too (see tests/hcl_oracle).
        std::cout << "  not valid Terraform, not compared: " << dir.path().filename().string() << ": "
                  << model.status().message() << "\n";
        invalid = true;
        break;
      }
      ScanResult result = Scan(*model, matching, {});
      findings.insert(findings.end(), result.findings.begin(), result.findings.end());
    }
    if (invalid) {
      ++invalid_fixtures;
      continue;
    }
    std::map<std::string, FindingStatus> got;
    for (const auto& f : findings) {
      // The verdict of a resource is its worst over the rules that share the id.
      auto& slot = got.try_emplace(f.address, FindingStatus::kPassed).first->second;
      if (f.status == FindingStatus::kFailed) slot = f.status;
      else if (f.status != FindingStatus::kPassed && slot == FindingStatus::kPassed) slot = f.status;
    }
    // A fixture that declares an address twice lists it on both sides: no verdict to compare.
    std::set<std::string> contradictory;
    for (const auto& a : expected["passing"]) {
      for (const auto& b : expected["failing"]) {
        if (a == b) contradictory.insert(a.get<std::string>());
      }
    }
    for (const char* side : {"passing", "failing"}) {
      const FindingStatus want = std::string(side) == "passing" ? FindingStatus::kPassed : FindingStatus::kFailed;
      for (const auto& address : expected[side]) {
        if (contradictory.count(address.get<std::string>())) continue;
        ++verdicts;
        auto it = got.find(address);
        if (it == got.end()) {
          // Checkov reports a counted block once, unindexed; faber reports each instance: the
          // block's verdict is its worst instance's.
          const std::string prefix = address.get<std::string>() + "[";
          for (auto g = got.lower_bound(prefix); g != got.end() && g->first.rfind(prefix, 0) == 0; ++g) {
            if (it == got.end() || g->second == FindingStatus::kFailed) it = g;
          }
        }
        FindingStatus have = it == got.end() ? FindingStatus::kUnknown : it->second;
        if (have == want) {
          ++agree;
        } else if (have == FindingStatus::kUnknown && it != got.end()) {
          // faber gives no verdict on a value it cannot know (an undeclared variable, a bare
          // True/False that Terraform itself rejects); Checkov guesses one. Counted apart.
          unknown.push_back(checkov_id + " " + dir.path().filename().string() + ": " + address.get<std::string>() +
                            " expected " + FindingStatusName(want));
        } else {
          disagreements.push_back(checkov_id + " " + dir.path().filename().string() + ": " + address.get<std::string>() +
                                  " expected " + FindingStatusName(want) + ", faber " +
                                  (it == got.end() ? "did not check it" : FindingStatusName(have)));
        }
      }
    }
  }
  for (const auto& d : disagreements) std::cout << "  disagreement: " << d << "\n";
  for (const auto& u : unknown) std::cout << "  unknown to faber: " << u << "\n";
  const size_t decided = verdicts - unknown.size();
  double rate = decided == 0 ? 0 : 100.0 * static_cast<double>(agree) / static_cast<double>(decided);
  std::cout << "checkov-aws: " << checks_covered << " fixtures covered, " << verdicts << " verdicts, " << unknown.size()
            << " unknown to faber, " << agree << " of " << decided << " decided verdicts agree (" << rate << "%)\n";
  // Unknowns stay rare: faber must decide what can be decided.
  EXPECT_LE(unknown.size() * 20, verdicts);
  EXPECT_GE(checks_covered, 60u);
  EXPECT_LE(invalid_fixtures, 2u);
  EXPECT_GE(rate, 98.0);
}

TEST(CheckovFixturesTest, AtLeastEightyRulesShipWithTheirMetadata) {
  const auto& rules = BuiltinRules();
  EXPECT_GE(rules.size(), 80u);
  std::set<std::string> ids;
  for (const auto& rule : rules) {
    EXPECT_TRUE(ids.insert(rule.id).second) << "duplicate id " << rule.id;
    EXPECT_FALSE(rule.recommendation.empty()) << rule.id;
    EXPECT_FALSE(rule.resource_types.empty()) << rule.id;
  }
}

}  // namespace
}  // namespace faber::reconciler::checks
