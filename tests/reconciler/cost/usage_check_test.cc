#include "reconciler/cost/usage_check.h"

#include <gtest/gtest.h>

#include "tests/reconciler/cost/model_from_hcl.h"

namespace faber::reconciler::cost {
namespace {

// Passes when `text` contains `part`, showing both when it does not.
::testing::AssertionResult Has(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' does not contain '" << part << "'";
}

constexpr const char* kLambda = R"(
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::1:role/x"
  runtime       = "python3.12"
  handler       = "main.handler"
  memory_size   = 512
}
)";

UsageCheck Check(const std::string& hcl, const std::string& usage_yaml) {
  auto usage = UsageFile::Parse("infra/usage.yml", usage_yaml);
  EXPECT_TRUE(usage.ok()) << usage.status().message();
  return usage.ok() ? CheckUsage(*usage, ModelFromHcl(hcl)) : UsageCheck{};
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST(UsageCheckTest, AMisspeltKeyIsAnErrorNamingFileLineKeyResourceAndTheKeysItTakes) {
  const std::string usage =
      "version: 0.1\n"
      "resource_usage:\n"
      "  aws_lambda_function.api:\n"
      "    monthly_request: 1000000\n"
      "    request_duration: 250\n";
  UsageCheck check = Check(kLambda, usage);
  ASSERT_EQ(check.errors.size(), 2u) << Joined(check.errors);  // every problem, not only the first
  EXPECT_TRUE(Has(check.errors[0], "infra/usage.yml:4: aws_lambda_function.api: unknown usage key 'monthly_request'"));
  EXPECT_TRUE(Has(check.errors[0], "did you mean 'monthly_requests'?"));
  EXPECT_TRUE(Has(check.errors[0], "aws_lambda_function takes: architecture, memory_mb, monthly_requests"));
  EXPECT_TRUE(Has(check.errors[1], "infra/usage.yml:5: aws_lambda_function.api: unknown usage key 'request_duration'"));
  EXPECT_TRUE(Has(check.errors[1], "did you mean 'request_duration_ms'?"));

  // The estimate carries them, for its callers to refuse.
  CostEstimate estimate = EstimateHcl(kLambda, usage);
  ASSERT_EQ(estimate.usage_errors.size(), 2u);
  EXPECT_TRUE(
      Has(estimate.usage_errors[0], "usage.yml:4: aws_lambda_function.api: unknown usage key 'monthly_request'"));
}

TEST(UsageCheckTest, AValueOfTheWrongTypeIsAnErrorSayingWhatIsExpected) {
  UsageCheck check = Check(kLambda + std::string(R"(
resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = "t3.micro"
}
)"),
                           "resource_usage:\n"
                           "  aws_lambda_function.api:\n"
                           "    monthly_requests: lots\n"
                           "    request_duration_ms: \"250\"\n"
                           "    architecture: ARM64\n"
                           "  aws_instance.web:\n"
                           "    operating_system: macos\n"
                           "    reserved_instance_term: 2\n"
                           "    monthly_hrs: true\n");
  ASSERT_EQ(check.errors.size(), 5u) << Joined(check.errors);
  EXPECT_TRUE(Has(check.errors[0],
                  "usage.yml:3: aws_lambda_function.api: usage key 'monthly_requests' is 'lots'; expected a number"));
  EXPECT_TRUE(Has(check.errors[1],
                  "usage.yml:4: aws_lambda_function.api: usage key 'request_duration_ms' is '250'; expected a number"));
  // architecture: ARM64 passes: the pricer reads it case-insensitively.
  EXPECT_TRUE(Has(check.errors[2],
                  "usage.yml:7: aws_instance.web: usage key 'operating_system' is 'macos'; expected one of: linux, "
                  "windows, rhel, suse"));
  EXPECT_TRUE(
      Has(check.errors[3],
          "usage.yml:8: aws_instance.web: usage key 'reserved_instance_term' is 2; expected one of: 1_year, 3_year"));
  EXPECT_TRUE(
      Has(check.errors[4], "usage.yml:9: aws_instance.web: usage key 'monthly_hrs' is true; expected a number"));
}

TEST(UsageCheckTest, NestedUsageIsCheckedAgainstItsOwnSchema) {
  UsageCheck check = Check(R"(
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
resource "aws_globalaccelerator_endpoint_group" "eg" {
  listener_arn = "arn:aws:globalaccelerator::1:accelerator/a/listener/l"
}
resource "aws_dx_connection" "dx" {
  name      = "dx"
  bandwidth = "1Gbps"
  location  = "EqDC2"
}
)",
                           "resource_usage:\n"
                           "  aws_s3_bucket.logs:\n"
                           "    standard:\n"
                           "      storage_gb: 100\n"
                           "      monthly_bulk_data_retrieval_gb: 5\n"  // a Glacier key in Standard
                           "    glacier_deep_archive:\n"
                           "      monthly_bulk_data_retrieval_gb: 5\n"
                           "    intelligent_tiering: 40\n"
                           "  aws_globalaccelerator_endpoint_group.eg:\n"
                           "    monthly_inbound_data_transfer_gb:\n"
                           "      europe: 10\n"
                           "      erope: 10\n"
                           "  aws_dx_connection.dx:\n"
                           "    monthly_outbound_from_region_to_dx_connection_location:\n"
                           "      us_east_1: 200\n"
                           "      eu_west_2: many\n");
  ASSERT_EQ(check.errors.size(), 4u) << Joined(check.errors);
  EXPECT_TRUE(Has(check.errors[0],
                  "usage.yml:5: aws_s3_bucket.logs: unknown usage key 'standard.monthly_bulk_data_retrieval_gb'"));
  EXPECT_TRUE(Has(check.errors[0], "aws_s3_bucket standard takes: monthly_select_data_returned_gb"));
  EXPECT_TRUE(Has(check.errors[1],
                  "usage.yml:8: aws_s3_bucket.logs: usage key 'intelligent_tiering' is 40; expected a map of: "
                  "frequent_access_storage_gb"));
  EXPECT_TRUE(Has(check.errors[2],
                  "usage.yml:12: aws_globalaccelerator_endpoint_group.eg: unknown usage key "
                  "'monthly_inbound_data_transfer_gb.erope'; did you mean 'europe'?"));
  EXPECT_TRUE(Has(check.errors[3],
                  "usage.yml:16: aws_dx_connection.dx: usage key "
                  "'monthly_outbound_from_region_to_dx_connection_location.eu_west_2' is 'many'; expected a number"));
}

TEST(UsageCheckTest, WildcardTypeAndDefaultEntriesAreCheckedAgainstTheTypeOfTheirResources) {
  UsageCheck check = Check(kLambda + std::string(R"(
resource "aws_sqs_queue" "jobs" {
  count = 2
  name  = "jobs-${count.index}"
}
)"),
                           "resource_usage:\n"
                           "  aws_sqs_queue.jobs[*]:\n"
                           "    monthly_requests: 1000\n"
                           "    request_size: 64\n"
                           "  aws_lambda_function:\n"
                           "    monthly_requets: 5\n"
                           "resource_type_default_usage:\n"
                           "  aws_sqs_queue:\n"
                           "    monthly_request: 5\n");
  ASSERT_EQ(check.errors.size(), 3u) << Joined(check.errors);
  EXPECT_TRUE(
      Has(check.errors[0],
          "usage.yml:4: aws_sqs_queue.jobs[*]: unknown usage key 'request_size'; did you mean 'request_size_kb'?"));
  EXPECT_TRUE(
      Has(check.errors[1],
          "usage.yml:6: aws_lambda_function: unknown usage key 'monthly_requets'; did you mean 'monthly_requests'?"));
  EXPECT_TRUE(Has(check.errors[2], "usage.yml:9: aws_sqs_queue: unknown usage key 'monthly_request'"));
}

TEST(UsageCheckTest, AKeyInfracostDocumentsButFaberDoesNotPriceIsAcceptedWithANote) {
  const std::string hcl = R"(
resource "aws_dx_connection" "dx" {
  name      = "dx"
  bandwidth = "1Gbps"
  location  = "EqDC2"
}
)";
  const std::string usage =
      "resource_usage:\n"
      "  aws_dx_connection.dx:\n"
      "    dx_connection_type: dedicated\n"
      "    dx_virtual_interface_type: private\n";
  UsageCheck check = Check(hcl, usage);
  EXPECT_TRUE(check.errors.empty()) << Joined(check.errors);
  CostEstimate estimate = EstimateHcl(hcl, usage);
  const ResourceCost* dx = FindCost(estimate, "aws_dx_connection.dx");
  ASSERT_NE(dx, nullptr);
  EXPECT_TRUE(Has(Joined(dx->notes), "usage key 'dx_virtual_interface_type' (usage.yml:4) is accepted"));
  EXPECT_FALSE(dx->complete);
  // Accepted, but only with the values Infracost documents.
  UsageCheck wrong = Check(hcl, "resource_usage:\n  aws_dx_connection.dx:\n    dx_virtual_interface_type: privat\n");
  ASSERT_EQ(wrong.errors.size(), 1u);
  EXPECT_TRUE(Has(wrong.errors[0], "expected one of: private, public"));
}

TEST(UsageCheckTest, AnEntryThatMatchesNoResourceIsAWarningNamingItsLine) {
  UsageCheck check = Check(kLambda,
                           "resource_usage:\n"
                           "  aws_lambda_function.apii:\n"
                           "    monthly_requests: 1000000\n"
                           "  aws_iam_role.r:\n"
                           "    whatever: 1\n");
  EXPECT_TRUE(check.errors.empty()) << Joined(check.errors);
  ASSERT_EQ(check.warnings.size(), 2u) << Joined(check.warnings);
  EXPECT_EQ(check.warnings[0],
            "infra/usage.yml:2: usage entry 'aws_lambda_function.apii' matches no resource; its usage is not used");
  EXPECT_TRUE(Has(check.warnings[1], "infra/usage.yml:4: usage entry 'aws_iam_role.r' matches no resource"));
  // The estimate shows them among its warnings.
  CostEstimate estimate =
      EstimateHcl(kLambda, "resource_usage:\n  aws_lambda_function.apii:\n    monthly_requests: 1\n");
  EXPECT_TRUE(
      Has(Joined(estimate.warnings), "usage.yml:2: usage entry 'aws_lambda_function.apii' matches no resource"));
}

TEST(UsageCheckTest, UsageOfATypeFaberReadsNoUsageForIsAWarning) {
  UsageCheck check = Check(R"(
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{}"
}
)",
                           "resource_usage:\n  aws_iam_role.r:\n    monthly_requests: 1\n");
  EXPECT_TRUE(check.errors.empty()) << Joined(check.errors);
  ASSERT_EQ(check.warnings.size(), 1u);
  EXPECT_EQ(check.warnings[0],
            "infra/usage.yml:2: faber reads no usage for aws_iam_role; the usage of 'aws_iam_role.r' is not used");
}

}  // namespace
}  // namespace faber::reconciler::cost

namespace faber::reconciler::cost {
namespace {

// The values the check accepts are the values the pricers read: a term written as a number or in
// capitals prices the reservation rather than passing the check and pricing on-demand hours.
TEST(UsageCheckTest, AcceptedSpellingsOfAReservedTermAllPriceTheReservation) {
  const std::string hcl = R"(
resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = "t3.medium"
}
)";
  auto hourly = [&](const std::string& term) {
    const std::string usage =
        "resource_usage:\n  aws_instance.web:\n    reserved_instance_type: convertible\n"
        "    reserved_instance_term: " +
        term + "\n";
    EXPECT_TRUE(Check(hcl, usage).errors.empty()) << term;
    const CostEstimate estimate = EstimateHcl(hcl, usage);
    const ResourceCost* web = FindCost(estimate, "aws_instance.web");
    for (const auto& c : web == nullptr ? std::vector<CostComponent>{} : web->components) {
      if (c.name.rfind("Instance usage", 0) == 0) return c.unit_price;
    }
    return 0.0;
  };
  const double reserved = Price("ec2.reserved.linux.t3.medium.convertible.1yr.no_upfront");
  for (const char* term : {"1_year", "1_YEAR", "1yr", "1"}) EXPECT_DOUBLE_EQ(hourly(term), reserved) << term;
}

}  // namespace
}  // namespace faber::reconciler::cost
