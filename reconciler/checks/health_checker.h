#pragma once

#include "common/cancel_token.h"
#include "common/clock.h"
#include "common/http_client.h"
#include "common/process_runner.h"
#include "common/redactor.h"
#include "manifests/faber_config.h"
#include "reconciler/engines/engine.h"
#include "reconciler/stages/test_report.h"

namespace faber::reconciler {

// Runs post-deployment checks: HTTP probes and commands, each with retries and exponential
// backoff (interval, interval*backoff, ... capped at max_interval). A check passes on the first
// attempt that succeeds; every attempt is listed in the result's findings.
class HealthChecker {
 public:
  HealthChecker(common::HttpClient& http, common::ProcessRunner& runner, common::Clock& clock,
                const common::Redactor& redactor)
      : http_(http), runner_(runner), clock_(clock), redactor_(redactor) {}

  // Runs `check`; commands run in `ctx` (its module_dir, env, cancel token).
  TestCaseResult Run(const manifests::HealthCheckConfig& check, const EngineContext& ctx);

 private:
  // One attempt: true on success; `detail` says what was seen.
  bool AttemptHttp(const manifests::HealthCheckConfig& check, std::string* detail);
  bool AttemptCommand(const manifests::HealthCheckConfig& check, const EngineContext& ctx, std::string* detail,
                      std::string* output);

  common::HttpClient& http_;
  common::ProcessRunner& runner_;
  common::Clock& clock_;
  const common::Redactor& redactor_;
};

}  // namespace faber::reconciler
