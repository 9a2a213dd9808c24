#include "reconciler/hcl/module_loader.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "reconciler/hcl/parser.h"

namespace faber::reconciler::hcl {
namespace {

namespace fs = std::filesystem;

class ModuleLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("faber_loader_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& rel, const std::string& text) { std::ofstream(root_ / rel) << text; }

  // The structural problems of the module in root_, each as "NAME:LINE:COL: summary".
  std::vector<std::string> Problems() {
    auto module = LoadModule(root_.string());
    EXPECT_TRUE(module.ok()) << module.status().message();
    std::vector<std::string> out;
    if (!module.ok()) return out;
    for (const auto& d : ValidateStructure(*module)) {
      out.push_back(fs::path(d.file).filename().string() + ":" + std::to_string(d.start.line) + ":" +
                    std::to_string(d.start.column) + ": " + d.summary);
    }
    return out;
  }

  fs::path root_;
};

TEST_F(ModuleLoaderTest, ReadsTfAndTfJsonFilesInNameOrderOnly) {
  Write("b.tf", "locals { b = 1 }\n");
  Write("a.tf.json", R"({"locals": {"a": 1}})");
  Write("notes.txt", "not terraform {");
  fs::create_directories(root_ / "sub");
  Write("sub/c.tf", "locals {");
  auto module = LoadModule(root_.string());
  ASSERT_TRUE(module.ok());
  ASSERT_EQ(module->files.size(), 2u);
  EXPECT_EQ(fs::path(module->files[0]->source.name()).filename(), "a.tf.json");
  EXPECT_EQ(fs::path(module->files[1]->source.name()).filename(), "b.tf");
  EXPECT_FALSE(LoadModule((root_ / "missing").string()).ok());
}

TEST_F(ModuleLoaderTest, DuplicatesAcrossFilesAreReportedAtTheSecondDeclaration) {
  Write("a.tf", "resource \"aws_s3_bucket\" \"logs\" {}\nvariable \"region\" {}\nlocals {\n  x = 1\n}\n");
  Write("b.tf",
        "resource \"aws_s3_bucket\" \"logs\" {}\nvariable \"region\" {}\nlocals {\n  x = 2\n}\n"
        "provider \"aws\" {}\nprovider \"aws\" {\n  alias = \"west\"\n}\nprovider \"aws\" {}\n");
  EXPECT_EQ(Problems(), (std::vector<std::string>{
                            "b.tf:1:26: Duplicate resource",
                            "b.tf:2:10: Duplicate variable declaration",
                            "b.tf:4:3: Duplicate local value",
                            "b.tf:10:10: Duplicate provider configuration",
                        }));
}

TEST_F(ModuleLoaderTest, UnknownBlocksLabelsAndArgumentsAreReported) {
  Write("main.tf",
        "resorce \"aws_s3_bucket\" \"x\" {}\n"
        "resource \"aws_instance\" {}\n"
        "output \"a\" \"b\" {\n  value = 1\n}\n"
        "variable \"v\" {\n  default = 1\n  defualt = 2\n  validation {\n    condition = true\n    error_message = \"x\"\n  }\n"
        "  nested {}\n}\n"
        "module \"m\" {\n  instance_count = 2\n}\n");
  EXPECT_EQ(Problems(), (std::vector<std::string>{
                            "main.tf:1:1: Unsupported block type",
                            "main.tf:2:1: Missing name for resource",
                            "main.tf:3:12: Extraneous label for output",
                            "main.tf:8:3: Unsupported argument",
                            "main.tf:13:3: Unsupported block type",
                            "main.tf:15:1: Missing required argument",
                        }));
}

TEST_F(ModuleLoaderTest, FilesWithSyntaxErrorsAreLeftToTheirDiagnostics) {
  Write("main.tf", "resource \"a\" \"b\" {\nresource \"a\" \"b\" {}\n");
  auto module = LoadModule(root_.string());
  ASSERT_TRUE(module.ok());
  EXPECT_TRUE(module->files[0]->HasErrors());
  EXPECT_TRUE(ValidateStructure(*module).empty());
}

TEST(LocalModuleSourceTest, OnlyRelativeLiteralSourcesAreLocal) {
  auto file = ParseConfig("main.tf",
                          "module \"a\" {\n  source = \"./modules/a/../b\"\n}\n"
                          "module \"r\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n"
                          "module \"t\" {\n  source = \"./${var.x}\"\n}\n");
  ASSERT_FALSE(file->HasErrors());
  const auto& blocks = file->body->blocks;
  EXPECT_EQ(LocalModuleSource(*blocks[0], "/repo/infra"), "/repo/infra/modules/b");
  EXPECT_EQ(LocalModuleSource(*blocks[1], "/repo/infra"), "");
  EXPECT_EQ(LocalModuleSource(*blocks[2], "/repo/infra"), "");
}

}  // namespace
}  // namespace faber::reconciler::hcl
