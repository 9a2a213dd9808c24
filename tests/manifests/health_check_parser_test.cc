#include <gtest/gtest.h>

#include "tests/manifests/config_test_util.h"

namespace faber::manifests {
namespace {

// The first check is on line 6: kHeader (2 lines), the environment's name and branch, "health_checks:".
std::string CheckErrors(const std::string& checks) {
  return FaberErrors(std::string(kHeader) + "  - name: a\n    branch: a\n    health_checks:\n" + checks);
}

TEST(HealthCheckParserTest, ExactlyOneOfHttpAndCommand) {
  EXPECT_EQ(CheckErrors("      - {name: x}\n"),
            "faber.yaml:6:9: environments[0].health_checks[0]: set either http (a URL to probe) or command (a shell "
            "command line)");
  EXPECT_EQ(CheckErrors("      - {name: x, http: \"http://h/\", command: ./c.sh}\n"),
            "faber.yaml:6:47: environments[0].health_checks[0].command: set either http or command, not both");
}

TEST(HealthCheckParserTest, NameIsRequiredAndUnique) {
  EXPECT_EQ(CheckErrors("      - {http: \"http://h/\"}\n"),
            "faber.yaml:6:9: environments[0].health_checks[0].name: required field is missing");
  EXPECT_EQ(CheckErrors("      - {name: x, http: \"http://h/\"}\n      - {name: x, command: ./c.sh}\n"),
            "faber.yaml:7:9: environments[0].health_checks[1]: duplicate health check name \"x\" (first defined at "
            "line 6)");
}

TEST(HealthCheckParserTest, HttpMustBeAnHttpUrl) {
  EXPECT_EQ(CheckErrors("      - {name: x, http: \"ftp://h/\"}\n"),
            "faber.yaml:6:25: environments[0].health_checks[0].http: must be an http:// or https:// URL (got "
            "\"ftp://h/\")");
  EXPECT_EQ(CheckErrors("      - {name: x, http: \"http:///path\"}\n"),
            "faber.yaml:6:25: environments[0].health_checks[0].http: the URL has no host (got \"http:///path\")");
}

TEST(HealthCheckParserTest, Ranges) {
  EXPECT_EQ(CheckErrors("      - name: x\n        http: \"http://h/\"\n        expect_status: 99\n"
                        "        retries: 101\n        backoff: 0.5\n"),
            "faber.yaml:8:24: environments[0].health_checks[0].expect_status: must be between 100 and 599 (got \"99\")\n"
            "faber.yaml:9:18: environments[0].health_checks[0].retries: must be between 0 and 100 (got \"101\")\n"
            "faber.yaml:10:18: environments[0].health_checks[0].backoff: must be at least 1 (got \"0.5\")");
  EXPECT_EQ(CheckErrors("      - {name: x, http: \"http://h/\", retries: many}\n"),
            "faber.yaml:6:47: environments[0].health_checks[0].retries: expected an integer (got \"many\")");
}

TEST(HealthCheckParserTest, StatusAndBodyAreForHttpOnly) {
  EXPECT_EQ(CheckErrors("      - {name: x, command: ./c.sh, expect_status: 200, expect_body: ok}\n"),
            "faber.yaml:6:51: environments[0].health_checks[0].expect_status: only applies to http checks\n"
            "faber.yaml:6:69: environments[0].health_checks[0].expect_body: only applies to http checks");
}

TEST(HealthCheckParserTest, DurationsGoodAndBad) {
  EXPECT_EQ(CheckErrors("      - name: x\n        http: \"http://h/\"\n        interval: 2 s\n"
                        "        timeout: 0\n        max_interval: -1s\n"),
            "faber.yaml:8:19: environments[0].health_checks[0].interval: expected a duration such as 500ms, 2s, "
            "1m30s, 1h or a number of seconds (got \"2 s\")\n"
            "faber.yaml:9:18: environments[0].health_checks[0].timeout: must be greater than zero (got \"0\")\n"
            "faber.yaml:10:23: environments[0].health_checks[0].max_interval: expected a duration such as 500ms, 2s, "
            "1m30s, 1h or a number of seconds (got \"-1s\")");
  EXPECT_EQ(CheckErrors("      - {name: x, http: \"http://h/\", interval: 10s, max_interval: 5s}\n"),
            "faber.yaml:6:67: environments[0].health_checks[0].max_interval: must be at least interval (got \"5s\", "
            "interval is \"10s\")");
}

TEST(HealthCheckParserTest, LongIntervalRaisesTheDefaultCeiling) {
  auto config = ParseFaberConfig(std::string(kHeader) + "  - name: a\n    branch: a\n    health_checks:\n" +
                                     "      - {name: x, command: ./c.sh, interval: 2m, retries: 0}\n",
                                 "faber.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  const HealthCheckConfig& check = config->environments[0].health_checks[0];
  EXPECT_EQ(check.interval, std::chrono::minutes(2));
  EXPECT_EQ(check.max_interval, std::chrono::minutes(2));
  EXPECT_EQ(check.retries, 0);
  EXPECT_EQ(check.expect_status, 200);
  EXPECT_EQ(check.timeout, std::chrono::seconds(10));
  EXPECT_DOUBLE_EQ(check.backoff, 2.0);
}

}  // namespace
}  // namespace faber::manifests
