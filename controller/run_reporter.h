#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "manifests/faber_config.h"
#include "reconciler/environment_reconciler.h"
#include "reconciler/repository_reconciler.h"
#include "webhooks/notifier.h"
#include "webhooks/trigger_sink.h"

namespace faber::controller {

// What a forge is told about runs, rendered from the runs' typed summaries alone.

// The report of deploy run `run`: a section per stage, the failure's stage and diagnosis in the
// headline, the debugger's proposal and the plan that was applied. Its pull request is the one
// the run's commit names, else the one `trigger` was about when it targets the run's branch.
webhooks::RunReport DeployReport(const reconciler::RunSummary& run, const webhooks::Trigger* trigger);

// The report of pull-request preview `run` against `env` (the target's configuration): the
// validate, test and plan sections, the failing findings, and whether merging it deploys.
webhooks::RunReport PreviewReport(const reconciler::RunSummary& run, const manifests::EnvironmentConfig& env);

// The report of drift check `checked` (its `drift` set): the verdict and the drifted resources.
webhooks::RunReport DriftReport(const reconciler::EnvironmentResult& checked);

// Sends each repository's reports through its Notifier (a forge's comments and commit statuses,
// or git notes).
class RunReporter {
 public:
  // Sends the reports of repository `url` to `notifier`.
  void AddRepository(const std::string& url, std::unique_ptr<webhooks::Notifier> notifier);
  // The notifier of `url`, or nullptr when it has none.
  webhooks::Notifier* NotifierFor(const std::string& url);

  // Reports every environment of `result` whose run was recorded.
  void PublishRuns(const std::string& url, const webhooks::Trigger* trigger, const reconciler::RepositoryResult& result);
  // Reports a pull request's preview.
  void PublishPreview(const std::string& url, const reconciler::RunSummary& run, const manifests::EnvironmentConfig& env);
  // Reports the drift checks in `checked` whose verdict changed since the last one reported (each
  // after a start): a schedule checks every few hours, and only a change is news.
  void PublishDrift(const std::string& url, const std::vector<reconciler::EnvironmentResult>& checked);

 private:
  void Send(const std::string& url, const webhooks::RunReport& report);

  std::mutex mu_;
  std::map<std::string, std::unique_ptr<webhooks::Notifier>> notifiers_;
  std::map<std::string, manifests::DriftVerdict> drift_reported_;  // "<url>\n<env>" -> the verdict last reported
};

}  // namespace faber::controller
