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

namespace faber::reconciler::cost {
namespace {

TEST(UsageFileTest, EntriesAndKeysKeepTheirLines) {
  auto u = UsageFile::Parse("u.yml",
                            "version: 0.1\n"
                            "resource_usage:\n"
                            "  aws_s3_bucket.logs:\n"
                            "    object_tags: 5\n"
                            "    standard:\n"
                            "      storage_gb: 100\n");
  ASSERT_TRUE(u.ok()) << u.status().message();
  ASSERT_EQ(u->entries().size(), 1u);
  const UsageFile::Entry& e = u->entries()[0];
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.key_lines.at("object_tags"), 4);
  EXPECT_EQ(e.key_lines.at("standard"), 5);
  EXPECT_EQ(e.key_lines.at("standard.storage_gb"), 6);
  EXPECT_EQ(u->name(), "u.yml");
}

// Infracost's defaults by type apply to every resource of the type that has no entry of its own.
TEST(UsageFileTest, DefaultsByTypeApplyWhereNoEntryOfResourceUsageDoes) {
  auto u = UsageFile::Parse("u.yml",
                            "version: 0.1\n"
                            "resource_type_default_usage:\n"
                            "  aws_lambda_function:\n"
                            "    monthly_requests: 100\n"
                            "resource_usage:\n"
                            "  aws_lambda_function.api:\n"
                            "    monthly_requests: 5\n");
  ASSERT_TRUE(u.ok()) << u.status().message();
  EXPECT_EQ(u->For("aws_lambda_function.api")["monthly_requests"], 5.0);
  EXPECT_EQ(u->For("module.m.aws_lambda_function.other")["monthly_requests"], 100.0);
  auto by_address = UsageFile::Parse("u.yml", "resource_type_default_usage:\n  aws_lambda_function.api:\n    a: 1\n");
  ASSERT_FALSE(by_address.ok());
  EXPECT_NE(by_address.status().message().find("u.yml:2:"), std::string::npos) << by_address.status().message();
}

// A misspelt section would drop every usage in it without a word.
TEST(UsageFileTest, AnUnknownSectionIsAnErrorNamingItsLine) {
  auto u = UsageFile::Parse("u.yml",
                            "version: 0.1\nresource_usages:\n  aws_lambda_function.api:\n    monthly_requests: 5\n");
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.status().message().find("u.yml:2: unknown key 'resource_usages'"), std::string::npos)
      << u.status().message();
}

TEST(UsageFileTest, WholeNumbersReadAsWrittenWhereTextIsExpected) {
  EXPECT_EQ(UsageFile::TextOf(nlohmann::json(1.0)), "1");
  EXPECT_EQ(UsageFile::TextOf(nlohmann::json(2.5)), "2.5");
  EXPECT_EQ(UsageFile::TextOf(nlohmann::json("1_year")), "1_year");
}

}  // namespace
}  // namespace faber::reconciler::cost
