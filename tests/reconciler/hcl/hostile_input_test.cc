// Configurations written to break the parser or the evaluator: nesting deep enough to overflow a
// recursive descent, expansions that would build billions of values, and .tf.json shapes that
// once crashed `faber validate`. Each must end in a diagnostic that names file, line and limit.
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "reconciler/hcl/module_evaluator.h"
#include "reconciler/hcl/module_loader.h"
#include "reconciler/hcl/parser.h"

namespace faber::reconciler::hcl {
namespace {

namespace fs = std::filesystem;

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// The first diagnostic of parsing `text` as main.tf, "" when there is none.
std::string FirstDiagnostic(const std::string& text) {
  auto file = ParseConfig("main.tf", text);
  return file->diags.empty() ? "" : FormatDiagnostic(file->diags[0]);
}

TEST(HostileHclTest, DeepNestingIsADiagnosticNotAStackOverflow) {
  const std::string blocks = Repeat("a {\n", 10000) + Repeat("}\n", 10000);
  const std::string brackets = "locals {\n  x = " + Repeat("[", 60000) + Repeat("]", 60000) + "\n}\n";
  const std::string parens = "locals {\n  x = " + Repeat("(", 60000) + "1" + Repeat(")", 60000) + "\n}\n";
  const std::string negations = "locals {\n  x = " + Repeat("!", 100000) + "true\n}\n";
  const std::string conditionals = "locals {\n  x = " + Repeat("true ? 1 : ", 60000) + "2\n}\n";
  const std::string templates = "locals {\n  x = " + Repeat("\"${", 20000) + "1" + Repeat("}\"", 20000) + "\n}\n";
  for (const std::string* text : {&blocks, &brackets, &parens, &negations, &conditionals, &templates}) {
    const std::string d = FirstDiagnostic(*text);
    EXPECT_NE(d.find("main.tf:"), std::string::npos) << d;
    EXPECT_NE(d.find("Nesting too deep"), std::string::npos) << d;
    EXPECT_NE(d.find("256"), std::string::npos) << d;
    EXPECT_EQ(ParseConfig("main.tf", *text)->diags.size(), 1u) << "one error, not one per level";
  }
  // Real nesting stays well inside the limit.
  EXPECT_EQ(FirstDiagnostic(Repeat("a {\n", 100) + Repeat("}\n", 100)), "");
  EXPECT_EQ(FirstDiagnostic("locals {\n  x = " + Repeat("[", 200) + Repeat("]", 200) + "\n}\n"), "");
}

class HostileModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("faber_hostile_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    // Whatever the code asks for, the evaluator must stay inside a bounded address space.
    getrlimit(RLIMIT_AS, &saved_);
    rlimit cap{size_t{4} << 30, saved_.rlim_max};
    setrlimit(RLIMIT_AS, &cap);
  }
  void TearDown() override {
    setrlimit(RLIMIT_AS, &saved_);
    fs::remove_all(root_);
  }
  void Write(const std::string& rel, const std::string& text) { std::ofstream(root_ / rel) << text; }

  fs::path root_;
  rlimit saved_{};
};

TEST_F(HostileModuleTest, HugeCountIsAnErrorNamingTheLineAndTheLimit) {
  Write("main.tf", "resource \"aws_instance\" \"x\" {\n  count = 100000000\n  ami = \"a\"\n}\n");
  auto model = BuildResourceModel(root_.string());
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("main.tf:2:"), std::string::npos) << model.status().message();
  EXPECT_NE(model.status().message().find("100000"), std::string::npos) << model.status().message();
  // The limit is the evaluator's option; under it the same code evaluates.
  Write("main.tf", "resource \"aws_instance\" \"x\" {\n  count = 500\n  ami = \"a\"\n}\n");
  auto small = BuildResourceModel(root_.string());
  ASSERT_TRUE(small.ok()) << small.status().message();
  EXPECT_EQ(small->resources.size(), 500u);
}

TEST_F(HostileModuleTest, NestedExpansionsAreBoundedTogether) {
  Write("main.tf", R"(
locals {
  cube = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : a + b + c]]]
}
resource "aws_instance" "x" {
  ami = length(local.cube)
}
)");
  auto model = BuildResourceModel(root_.string());
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("main.tf:3:"), std::string::npos) << model.status().message();
  EXPECT_NE(model.status().message().find("2000000"), std::string::npos) << model.status().message();
  // try() cannot turn the limit into a default value.
  Write("main.tf", R"(
locals {
  cube = try([for a in range(1000) : [for b in range(1000) : [for c in range(1000) : a]]], [])
}
resource "aws_instance" "x" {
  ami = length(local.cube)
}
)");
  EXPECT_FALSE(BuildResourceModel(root_.string()).ok());
}

TEST_F(HostileModuleTest, ALargeForEachSetIsDeduplicatedInLinearTime) {
  // 50,000 distinct keys: a quadratic de-duplication would compare a billion pairs.
  Write("main.tf", R"(
resource "aws_sqs_queue" "q" {
  for_each = toset([for i in range(1000) : [for j in range(50) : "q-${i}-${j}"]][0])
  name     = each.key
}
resource "aws_sqs_queue" "r" {
  for_each = toset(flatten([for i in range(1000) : [for j in range(50) : "r-${i}-${j}"]]))
  name     = each.key
}
)");
  auto model = BuildResourceModel(root_.string());
  ASSERT_TRUE(model.ok()) << model.status().message();
  EXPECT_EQ(model->resources.size(), 50u + 50000u);
}

TEST_F(HostileModuleTest, JsonSyntaxBlocksWithLabelsValidate) {
  Write("main.tf.json", R"({"output": {"a": {"value": 1}}, "variable": {"v": {"default": 2}}})");
  Write("other.tf", "output \"a\" {\n  value = 3\n}\n");
  auto module = LoadModule(root_.string());
  ASSERT_TRUE(module.ok()) << module.status().message();
  auto diags = ValidateStructure(*module);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_NE(diags[0].summary.find("Duplicate"), std::string::npos) << diags[0].summary;
}

TEST_F(HostileModuleTest, DeepJsonSyntaxIsADiagnostic) {
  Write("main.tf.json", "{\"locals\": {\"x\": " + Repeat("[", 100000) + Repeat("]", 100000) + "}}");
  auto module = LoadModule(root_.string());
  ASSERT_TRUE(module.ok());
  ASSERT_EQ(module->files.size(), 1u);
  ASSERT_FALSE(module->files[0]->diags.empty());
  const std::string d = FormatDiagnostic(module->files[0]->diags[0]);
  EXPECT_NE(d.find("nested deeper than 512"), std::string::npos) << d;
}

}  // namespace
}  // namespace faber::reconciler::hcl
