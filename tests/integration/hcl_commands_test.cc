// `faber validate` and `faber hcl2json` as people and scripts call them: exit codes, output shapes.

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/faber_harness.h"

namespace faber::testing {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

TEST(HclCommandsTest, ValidateAcceptsAModuleWithItsLocalModules) {
  ScratchDir dir;
  Write(dir.path() / "main.tf", "module \"net\" {\n  source = \"./modules/net\"\n}\n");
  Write(dir.path() / "modules/net/main.tf", "resource \"aws_vpc\" \"this\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n");
  auto r = RunFaber({"validate", dir.path().string()});
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_NE(r.stdout_text.find("2 file(s), 2 module(s), no errors"), std::string::npos) << r.stdout_text;
}

TEST(HclCommandsTest, ValidateReportsSyntaxErrorsInCalledModulesAsFileLineColumn) {
  ScratchDir dir;
  Write(dir.path() / "main.tf", "module \"net\" {\n  source = \"./modules/net\"\n}\n");
  Write(dir.path() / "modules/net/main.tf", "locals {\n  a = \"unterminated\n}\n");
  auto text = RunFaber({"validate", dir.path().string()});
  EXPECT_EQ(text.exit_code, 1);
  std::string where = (dir.path() / "modules/net/main.tf").string() + ":2:";
  EXPECT_NE(text.stdout_text.find(where), std::string::npos) << text.stdout_text;

  auto json = RunFaber({"validate", dir.path().string(), "--format", "json"});
  EXPECT_EQ(json.exit_code, 1);
  auto report = nlohmann::json::parse(json.stdout_text);
  EXPECT_FALSE(report["valid"].get<bool>());
  ASSERT_GE(report["diagnostics"].size(), 1u);
  EXPECT_EQ(report["diagnostics"][0]["line"], 2);
  EXPECT_EQ(report["diagnostics"][0]["severity"], "error");
}

TEST(HclCommandsTest, ValidateOfAMissingDirectoryIsAUsageError) {
  auto r = RunFaber({"validate", "/nonexistent/faber/module"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.stderr_text.find("/nonexistent/faber/module"), std::string::npos);
}

TEST(HclCommandsTest, Hcl2JsonPrintsOneFileBareAndSeveralKeyedByPath) {
  ScratchDir dir;
  fs::path a = dir.path() / "a.tf", b = dir.path() / "b.tf";
  Write(a, "variable \"x\" {\n  default = 1\n}\n");
  Write(b, "locals {\n  y = \"${var.x}-z\"\n}\n");
  auto one = RunFaber({"hcl2json", a.string()});
  ASSERT_EQ(one.exit_code, 0) << one.stderr_text;
  EXPECT_EQ(nlohmann::json::parse(one.stdout_text), nlohmann::json::parse(R"({"variable": {"x": [{"default": 1}]}})"));

  auto both = RunFaber({"hcl2json", a.string(), b.string()});
  ASSERT_EQ(both.exit_code, 0) << both.stderr_text;
  auto j = nlohmann::json::parse(both.stdout_text);
  EXPECT_EQ(j[a.string()]["variable"]["x"][0]["default"], 1);
  EXPECT_EQ(j[b.string()]["locals"][0]["y"], "${var.x}-z");
}

TEST(HclCommandsTest, Hcl2JsonOfABrokenFileFailsWithItsPosition) {
  ScratchDir dir;
  fs::path broken = dir.path() / "broken.tf";
  Write(broken, "resource \"a\" \"b\" {\n  x = [1, 2\n}\n");
  auto r = RunFaber({"hcl2json", broken.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find(broken.string() + ":"), std::string::npos) << r.stderr_text;
}

}  // namespace
}  // namespace faber::testing
