// The documented examples manifests/examples/*.yaml must stay valid as the schema evolves, and
// README.md must show them as they are.

#include <gtest/gtest.h>

#include "common/files.h"
#include "manifests/faber_config.h"
#include "manifests/server_config.h"

namespace faber::manifests {
namespace {

std::string SourceFile(const std::string& relative) {
  auto text = common::ReadFile(std::string(FABER_SOURCE_DIR) + "/" + relative);
  EXPECT_TRUE(text.ok()) << text.status().message();
  return text.ok() ? *text : "";
}

TEST(ExampleTest, DocumentedFaberYamlParses) {
  auto config = ParseFaberConfig(SourceFile("manifests/examples/faber.yaml"), "examples/faber.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  ASSERT_EQ(config->environments.size(), 3u);
  EXPECT_EQ(config->records_branch, "faber/records");
  const EnvironmentConfig* test = config->FindEnvironment("test");
  ASSERT_NE(test, nullptr);
  EXPECT_EQ(test->health_checks.size(), 2u);
  EXPECT_EQ(test->naming_pattern, "^[a-z][a-z0-9-]{2,62}$");
  const EnvironmentConfig* preview = config->FindEnvironment("preview");
  ASSERT_NE(preview, nullptr);
  EXPECT_EQ(preview->commands.size(), 5u);
  const EnvironmentConfig* prod = config->FindEnvironment("prod");
  ASSERT_NE(prod, nullptr);
  EXPECT_TRUE(prod->production);
  EXPECT_EQ(prod->on_interrupted, InterruptedPolicy::kStop);
  EXPECT_EQ(prod->requires_passed, "test");
  EXPECT_EQ(prod->approval, ApprovalMode::kOnComment);
}

TEST(ExampleTest, DocumentedServerYamlParses) {
  auto config = ParseServerConfig(SourceFile("manifests/examples/server.yaml"), "examples/server.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->tls_key_file, "/etc/faber/tls.key");
  ASSERT_EQ(config->repositories.size(), 1u);
  EXPECT_EQ(config->repositories[0].forge.kind, "github");
}

TEST(ExampleTest, ReadmeShowsTheExamplesVerbatim) {
  std::string readme = SourceFile("README.md");
  for (const char* example : {"manifests/examples/faber.yaml", "manifests/examples/server.yaml"}) {
    EXPECT_NE(readme.find("```yaml\n" + SourceFile(example) + "```"), std::string::npos)
        << example << " differs from its copy in README.md";
  }
}

}  // namespace
}  // namespace faber::manifests
