#include "controller/run_reporter.h"

#include <spdlog/spdlog.h>

#include "common/url_userinfo.h"
#include "reconciler/plan/plan_markdown.h"
#include "reconciler/plan/plan_summary.h"
#include "webhooks/comment_renderer.h"

namespace faber::controller {
namespace {

using manifests::RunStatus;
using manifests::StageStatus;
using webhooks::ReportStatus;
using webhooks::SectionStatus;

std::string Short(const std::string& commit) { return commit.substr(0, 7); }

ReportStatus ReportStatusOf(RunStatus status) {
  switch (status) {
    case RunStatus::kSucceeded: return ReportStatus::kSucceeded;
    case RunStatus::kFailed: return ReportStatus::kFailed;
    case RunStatus::kAborted: return ReportStatus::kAborted;
    case RunStatus::kInterrupted: return ReportStatus::kInterrupted;
  }
  return ReportStatus::kFailed;
}

// An aborted stage did not pass: a reader sees it as failed, the headline says why.
SectionStatus SectionStatusOf(StageStatus status) {
  switch (status) {
    case StageStatus::kPassed: return SectionStatus::kPassed;
    case StageStatus::kFailed:
    case StageStatus::kAborted: return SectionStatus::kFailed;
    case StageStatus::kSkipped: return SectionStatus::kSkipped;
    case StageStatus::kNotRun: return SectionStatus::kNotRun;
  }
  return SectionStatus::kFailed;
}

// The failing findings of one test case, one line each, for the comment's code block.
std::string FindingLines(const reconciler::TestCaseResult& t) {
  std::string out = t.name + ": " + reconciler::TestStatusName(t.status) + (t.message.empty() ? "" : " (" + t.message + ")") + "\n";
  for (const auto& f : t.findings) {
    if (f.status != reconciler::checks::FindingStatus::kFailed) continue;
    out += std::string("  ") + reconciler::checks::SeverityName(f.severity) + " " + f.rule_id + " " + f.address + " (" +
           f.file + ":" + std::to_string(f.line) + "): " + f.message + "\n";
  }
  return out;
}

// The plan a run previewed, as Markdown titled `title`; "" when it has none.
std::string PlanMarkdownOf(const reconciler::RunSummary& run, const std::string& title) {
  if (run.plan_summary.is_null()) return "";
  auto summary = reconciler::plan::PlanSummaryFromJson(run.plan_summary);
  if (!summary.ok()) {
    spdlog::warn("{}: run {}: {}", run.environment, run.run_id, summary.status().message());
    return "";
  }
  return reconciler::plan::RenderPlanMarkdown(*summary, {title});
}

std::string FailureHeadline(const reconciler::RunSummary& run, const std::string& what) {
  std::string headline = what + " `" + Short(run.commit) + "` to " + run.environment + " " +
                         manifests::RunStatusName(run.status);
  if (run.failure) {
    headline += std::string(" at ") + manifests::StageName(run.failure->stage) + " (" + run.failure->operation + ")";
  }
  if (run.diagnosis.contains("category")) {
    headline += ": a **" + run.diagnosis.value("category", "") + "** error, issue `" + run.diagnosis.value("issue_id", "") + "`";
  }
  return headline + ".";
}

// The pre-deployment stage of a preview: every test case with its failing findings, warned
// when the report warns.
webhooks::ReportSection PreviewTestsSection(const reconciler::RunSummary& run, const reconciler::StageRecord& stage) {
  webhooks::ReportSection section{"pre-deployment tests", SectionStatusOf(stage.status), stage.detail, ""};
  if (!run.pre_report) return section;
  for (const auto& t : run.pre_report->tests) section.output += FindingLines(t);
  section.summary = std::to_string(run.pre_report->tests.size()) + " test cases";
  if (run.pre_report->Overall() == reconciler::ReportVerdict::kWarn) section.status = SectionStatus::kWarned;
  return section;
}

}  // namespace

webhooks::RunReport DeployReport(const reconciler::RunSummary& run, const webhooks::Trigger* trigger) {
  webhooks::RunReport report;
  report.environment = run.environment;
  report.commit = run.commit;
  report.kind = manifests::RunKind::kDeploy;
  report.status = ReportStatusOf(run.status);
  if (run.pull_request) {
    report.pull_request = *run.pull_request;
  } else if (trigger != nullptr && trigger->ForPullRequest() && trigger->branch == run.branch) {
    report.pull_request = trigger->pull_request;
  }
  for (const auto& s : run.stages) {
    report.sections.push_back({manifests::StageName(s.stage), SectionStatusOf(s.status), s.detail, s.output,
                               s.stage == manifests::Stage::kPreview});
  }
  report.headline = run.status == RunStatus::kSucceeded
                        ? "Deployed `" + Short(run.commit) + "` to " + run.environment + "."
                        : FailureHeadline(run, "The deploy of");
  report.proposal_markdown = run.proposal_markdown;
  report.plan_markdown = PlanMarkdownOf(run, "Plan applied to " + run.environment);
  return report;
}

webhooks::RunReport PreviewReport(const reconciler::RunSummary& run, const manifests::EnvironmentConfig& env) {
  webhooks::RunReport report;
  report.environment = run.environment;
  report.commit = run.commit;
  report.pull_request = run.pull_request.value_or(0);
  report.kind = manifests::RunKind::kPreview;
  bool warned = false;
  for (const auto& s : run.stages) {
    if (s.stage == manifests::Stage::kPreDeployment) {
      report.sections.push_back(PreviewTestsSection(run, s));
      warned = warned || report.sections.back().status == SectionStatus::kWarned;
    } else {
      bool plan = s.stage == manifests::Stage::kPreview;
      report.sections.push_back({plan ? "plan" : manifests::StageName(s.stage), SectionStatusOf(s.status), s.detail,
                                 s.output, plan});
    }
  }
  bool failed = run.status != RunStatus::kSucceeded;
  // An untrusted head that passes faber's own checks waits for a maintainer: pending, not green.
  report.status = failed               ? ReportStatusOf(run.status)
                  : run.code_withheld ? ReportStatus::kPending
                  : warned            ? ReportStatus::kWarned
                                      : ReportStatus::kSucceeded;
  report.headline = failed ? "This pull request would not deploy to " + env.name + " as it is."
                           : "This pull request passes the checks of " + env.name + "; merging it deploys.";
  if (run.code_withheld) {
    // Nothing from the head ran: say what was left out, and that merging is not yet vouched for.
    report.headline = std::string(failed ? "This pull request fails faber's own checks of "
                                         : "This pull request passes faber's own checks of ") +
                      env.name + " (HCL, security, compliance, cost). Its author is not trusted to run code on "
                      "faber's host, so the plan, the engine's validate and the test commands did not run: a "
                      "maintainer can run them with `/faber plan`.";
  }
  if (env.approval == manifests::ApprovalMode::kOnComment) {
    report.headline += " After the merge, an approver comments `/faber deploy`.";
  }
  report.plan_markdown = run.plan_markdown;
  return report;
}

webhooks::RunReport DriftReport(const reconciler::EnvironmentResult& checked) {
  const reconciler::DriftOutcome& drift = *checked.drift;
  webhooks::RunReport report;
  report.environment = checked.environment;
  report.commit = checked.commit;
  report.kind = manifests::RunKind::kDrift;
  const std::string at = "`" + Short(checked.commit) + "`";
  switch (drift.verdict) {
    case manifests::DriftVerdict::kDrifted:
      report.status = ReportStatus::kDrifted;
      report.headline = at + " in " + checked.environment + " drifted: " + drift.detail + ".";
      break;
    case manifests::DriftVerdict::kInSync:
      report.status = ReportStatus::kInSync;
      report.headline = "No drift in " + checked.environment + " at " + at + ".";
      break;
    case manifests::DriftVerdict::kFailed:
      report.status = ReportStatus::kFailed;
      report.headline = "The drift check of " + checked.environment + " failed: " + drift.detail + ".";
      break;
  }
  std::string lines;
  for (const auto& r : drift.report.value("drifted_resources", nlohmann::json::array())) {
    std::string attributes;
    for (const auto& a : r.value("changed_attributes", nlohmann::json::array())) {
      attributes += (attributes.empty() ? "" : ", ") + a.get<std::string>();
    }
    lines += r.value("address", "") + " (" + r.value("action", "") + ")" + (attributes.empty() ? "" : ": " + attributes) + "\n";
  }
  bool in_sync = drift.verdict == manifests::DriftVerdict::kInSync;
  report.sections.push_back({"drift", in_sync ? SectionStatus::kPassed : SectionStatus::kFailed, drift.report_path, lines});
  return report;
}

void RunReporter::AddRepository(const std::string& url, std::unique_ptr<webhooks::Notifier> notifier) {
  std::lock_guard lock(mu_);
  notifiers_[url] = std::move(notifier);
}

webhooks::Notifier* RunReporter::NotifierFor(const std::string& url) {
  std::lock_guard lock(mu_);
  auto it = notifiers_.find(url);
  return it == notifiers_.end() ? nullptr : it->second.get();
}

void RunReporter::Send(const std::string& url, const webhooks::RunReport& report) {
  webhooks::Notifier* notifier = NotifierFor(url);
  if (notifier == nullptr) return;
  if (auto s = notifier->Publish(report); !s.ok()) {
    spdlog::warn("{}: {}: {} report: {}", common::WithoutUserinfo(url), report.environment,
                 webhooks::RunKindTitle(report.kind), s.message());
  }
}

void RunReporter::PublishRuns(const std::string& url, const webhooks::Trigger* trigger,
                              const reconciler::RepositoryResult& result) {
  for (const auto& e : result.environments) {
    if (e.run) {
      Send(url, DeployReport(*e.run, trigger));
    } else if (e.interrupted && !e.records_commit.empty()) {
      // Only the interruption was recorded: its commit status must not keep saying "pending".
      webhooks::RunReport report;
      report.environment = e.environment;
      report.commit = e.commit;
      report.status = ReportStatus::kInterrupted;
      report.headline = "A run of " + e.environment + " was interrupted" + (e.notes.empty() ? "." : ": " + e.notes.back() + ".");
      Send(url, report);
    }
  }
}

void RunReporter::PublishPreview(const std::string& url, const reconciler::RunSummary& run,
                                 const manifests::EnvironmentConfig& env) {
  Send(url, PreviewReport(run, env));
}

void RunReporter::PublishDrift(const std::string& url, const std::vector<reconciler::EnvironmentResult>& checked) {
  for (const auto& e : checked) {
    if (!e.drift || e.records_commit.empty()) continue;
    {
      std::lock_guard lock(mu_);
      auto [it, inserted] = drift_reported_.try_emplace(url + "\n" + e.environment, e.drift->verdict);
      if (!inserted && it->second == e.drift->verdict) continue;
      it->second = e.drift->verdict;
    }
    Send(url, DriftReport(e));
  }
}

}  // namespace faber::controller
