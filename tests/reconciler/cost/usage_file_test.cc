#include "reconciler/cost/usage_file.h"

#include <gtest/gtest.h>

namespace faber::reconciler::cost {
namespace {

TEST(UsageFileTest, ReadsInfracostUsageFilesWithExactAndWildcardAddresses) {
  auto u = UsageFile::Parse("usage.yml",
                            "version: 0.1\n"
                            "resource_usage:\n"
                            "  aws_lambda_function.api:\n"
                            "    monthly_requests: 1000000\n"
                            "    request_duration_ms: 250\n"
                            "  aws_lambda_function.api[*]:\n"
                            "    monthly_requests: 5\n"
                            "  module.app.aws_s3_bucket.logs:\n"
                            "    standard:\n"
                            "      storage_gb: 100\n"
                            "  aws_instance.web[2]:\n"
                            "    operating_system: \"linux\"\n");
  ASSERT_TRUE(u.ok()) << u.status().message();
  EXPECT_EQ(u->size(), 4u);
  EXPECT_EQ(u->For("aws_lambda_function.api")["monthly_requests"], 1000000.0);
  EXPECT_EQ(u->For("aws_lambda_function.api[3]")["monthly_requests"], 5.0);  // the wildcard
  EXPECT_EQ(u->For("aws_lambda_function.api[\"eu\"]")["monthly_requests"], 5.0);
  EXPECT_EQ(u->For("module.app.aws_s3_bucket.logs")["standard"]["storage_gb"], 100.0);
  EXPECT_EQ(u->For("aws_instance.web[2]")["operating_system"], "linux");
  EXPECT_TRUE(u->For("aws_instance.web[1]").empty());
  EXPECT_TRUE(u->For("aws_sqs_queue.none").empty());
}

TEST(UsageFileTest, AnEmptyFileHasNoUsage) {
  auto u = UsageFile::Parse("usage.yml", "");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->size(), 0u);
}

TEST(UsageFileTest, MalformedFilesNameTheFileAndLine) {
  auto broken = UsageFile::Parse("infra/usage.yml", "version: 0.1\nresource_usage:\n  aws_x.y:\n    a: [1, 2\n");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("infra/usage.yml:"), std::string::npos) << broken.status().message();
  EXPECT_NE(broken.status().message().find("malformed YAML"), std::string::npos) << broken.status().message();

  auto not_map = UsageFile::Parse("u.yml", "version: 0.1\nresource_usage:\n  aws_x.y: 12\n");
  ASSERT_FALSE(not_map.ok());
  EXPECT_NE(not_map.status().message().find("u.yml:3:"), std::string::npos) << not_map.status().message();
  EXPECT_NE(not_map.status().message().find("aws_x.y"), std::string::npos) << not_map.status().message();

  auto list = UsageFile::Parse("u.yml", "version: 0.1\nresource_usage:\n  - aws_x.y\n");
  ASSERT_FALSE(list.ok());
  EXPECT_NE(list.status().message().find("u.yml:3:"), std::string::npos) << list.status().message();

  auto version = UsageFile::Parse("u.yml", "version: 2\n");
  ASSERT_FALSE(version.ok());
  EXPECT_NE(version.status().message().find("u.yml:1:"), std::string::npos) << version.status().message();
}

TEST(UsageFileTest, AMissingFileIsNotFound) {
  auto u = UsageFile::Load("/nonexistent/usage.yml");
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.status().message().find("/nonexistent/usage.yml"), std::string::npos);
}

}  // namespace
}  // namespace faber::reconciler::cost

namespace faber::reconciler::cost {
namespace {

// A negative usage once priced an m5.24xlarge's requests at -$635 and passed a $100 budget; usage
// that is negative or not a finite number is an error naming the file, line and key.
TEST(UsageFileTest, NegativeAndNonFiniteUsageIsRefusedWithItsLine) {
  for (const char* value : {"-20000000000", "-1", ".nan", ".inf", "-.inf", "1e999", "nan"}) {
    auto u = UsageFile::Parse("infra/usage.yml", std::string("version: 0.1\nresource_usage:\n  aws_lambda_function.api:\n"
                                                             "    monthly_requests: ") + value + "\n");
    ASSERT_FALSE(u.ok()) << value;
    EXPECT_NE(u.status().message().find("infra/usage.yml:4:"), std::string::npos) << u.status().message();
    EXPECT_NE(u.status().message().find("aws_lambda_function.api.monthly_requests"), std::string::npos)
        << u.status().message();
  }
  // Nested and listed values are checked too; zero and quoted text are fine.
  EXPECT_FALSE(UsageFile::Parse("u.yml", "resource_usage:\n  aws_s3_bucket.b:\n    standard:\n      storage_gb: -5\n").ok());
  EXPECT_FALSE(UsageFile::Parse("u.yml", "resource_usage:\n  aws_x.y:\n    sizes: [1, -2]\n").ok());
  EXPECT_TRUE(UsageFile::Parse("u.yml", "resource_usage:\n  aws_x.y:\n    a: 0\n    os: \"-linux\"\n").ok());
}

}  // namespace
}  // namespace faber::reconciler::cost
