#include "reconciler/engines/engine_json.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace faber::reconciler {
namespace {

std::filesystem::path Scratch(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("faber-engine-json-" + std::to_string(::getpid()) + "-" + name);
}

TEST(EngineJsonTest, ReturnsTheWholeTextAndRemovesTheFile) {
  const auto path = Scratch("whole");
  const std::string text = "{\"resource_changes\": [" + std::string(6 << 20, ' ') + "]}";
  std::ofstream(path, std::ios::binary) << text;
  auto read = TakeEngineJson(path, 8 << 20, "show -json plan");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, text);
  EXPECT_FALSE(std::filesystem::exists(path));  // it held sensitive values
}

TEST(EngineJsonTest, AFileOverTheLimitIsAnErrorNamingItAndTheLimit) {
  const auto path = Scratch("over");
  std::ofstream(path, std::ios::binary) << std::string(2048, 'x');
  auto read = TakeEngineJson(path, 1024, "show -json .faber.tfplan");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().kind(), common::ErrorKind::kInvalidInput);
  EXPECT_EQ(read.status().message(), "show -json .faber.tfplan: " + path.string() +
                                         ": the JSON is 2048 bytes, over the limit of 1024 bytes for engine JSON");
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace faber::reconciler
