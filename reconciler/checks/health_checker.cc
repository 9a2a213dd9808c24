#include "reconciler/checks/health_checker.h"

#include <algorithm>

#include "reconciler/engines/command_engine.h"

namespace faber::reconciler {

bool HealthChecker::AttemptHttp(const manifests::HealthCheckConfig& check, std::string* detail) {
  common::HttpRequest request;
  request.url = check.http;
  request.timeout = check.timeout;
  auto response = http_.Send(request);
  if (!response.ok()) {
    *detail = response.status().message();
    return false;
  }
  if (response->status != check.expect_status) {
    *detail = "status " + std::to_string(response->status) + ", expected " + std::to_string(check.expect_status);
    return false;
  }
  if (!check.expect_body.empty() && response->body.find(check.expect_body) == std::string::npos) {
    *detail = "status " + std::to_string(response->status) + " but the body does not contain the expected text";
    return false;
  }
  *detail = "status " + std::to_string(response->status);
  return true;
}

bool HealthChecker::AttemptCommand(const manifests::HealthCheckConfig& check, const EngineContext& ctx,
                                   std::string* detail, std::string* output) {
  EngineContext attempt_ctx = ctx;
  attempt_ctx.timeout = check.timeout;
  EngineResult r = RunShellCommand(runner_, check.command, attempt_ctx);
  *detail = r.detail;
  *output = r.output;
  return r.ok;
}

TestCaseResult HealthChecker::Run(const manifests::HealthCheckConfig& check, const EngineContext& ctx) {
  TestCaseResult result;
  result.name = check.name;
  result.kind = check.http.empty() ? "command" : "http";
  auto started = clock_.Now();
  auto wait = check.interval;
  const int attempts = 1 + std::max(0, check.retries);
  std::string last_output;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    std::string detail;
    bool ok = check.http.empty() ? AttemptCommand(check, ctx, &detail, &last_output) : AttemptHttp(check, &detail);
    result.attempts.push_back({{"attempt", attempt}, {"ok", ok}, {"detail", redactor_.Redact(detail)}});
    if (ok) {
      result.status = TestStatus::kPass;
      result.message = "passed on attempt " + std::to_string(attempt) + " of " + std::to_string(attempts);
      break;
    }
    result.status = TestStatus::kFail;
    result.message = "failed after " + std::to_string(attempt) + " attempt(s): " + redactor_.Redact(detail);
    if (attempt == attempts || (ctx.cancel && ctx.cancel->cancelled())) break;
    clock_.SleepFor(wait);
    wait = std::min(check.max_interval,
                    std::chrono::milliseconds(static_cast<int64_t>(static_cast<double>(wait.count()) * check.backoff)));
  }
  if (result.status == TestStatus::kFail && !last_output.empty()) result.output = redactor_.Redact(last_output);
  result.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now() - started).count();
  return result;
}

}  // namespace faber::reconciler
