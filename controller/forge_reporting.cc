#include "controller/forge_reporting.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/files.h"
#include "manifests/faber_config.h"
#include "reconciler/command_environment.h"
#include "reconciler/debugger/learning.h"
#include "reconciler/debugger/records_issue_store.h"
#include "reconciler/requested_fix.h"
#include "reconciler/plan/plan_markdown.h"
#include "reconciler/plan/sensitive.h"
#include "reconciler/static_checks.h"
#include "webhooks/comment_command.h"

namespace faber::controller {
namespace {

std::string Key(const std::string& a, const std::string& b) { return a + "\n" + b; }

std::string Short(const std::string& commit) { return commit.substr(0, 7); }

std::string SectionStatus(const std::string& stage_status) {
  return stage_status == "aborted" ? "failed" : stage_status;
}

// The failing findings of one test case, one line each, for the comment's code block.
std::string FindingLines(const reconciler::TestCaseResult& t) {
  std::string out = t.name + ": " + reconciler::TestStatusName(t.status) + (t.message.empty() ? "" : " (" + t.message + ")") + "\n";
  for (const auto& f : t.findings) {
    if (f.value("status", "") != "FAILED" && f.value("status", "") != "FAIL") continue;
    out += "  " + f.value("severity", "") + " " + f.value("rule_id", "") + " " + f.value("resource", "") + " (" +
           f.value("file", "") + ":" + std::to_string(f.value("line", 0)) + "): " + f.value("message", "") + "\n";
  }
  return out;
}

// The plan's change summary as Markdown for a comment, from `terraform show -json` of the plan.
std::string PlanMarkdown(const nlohmann::json& plan_json, const std::string& environment, const common::Redactor& redactor) {
  auto summary = reconciler::plan::SummarizePlan(reconciler::plan::PlanDocumentOf(plan_json));
  return redactor.Redact(reconciler::plan::RenderPlanMarkdown(summary, {"Plan for " + environment}));
}

// The JSON object at `path` in records commit `commit`; an empty object when it is absent or not one
// (a comment is still worth writing without it).
nlohmann::json ReadRecordsObject(store::GitRepository& repo, const std::string& commit, const std::string& path) {
  auto text = repo.ReadFile(commit, path);
  nlohmann::json doc = text.ok() ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
  return doc.is_object() ? doc : nlohmann::json::object();
}

// The plan a run applied, from the "plan" of its pre-deployment report; "" when it has none.
std::string AppliedPlanMarkdown(store::GitRepository& repo, const std::string& records_commit,
                                const nlohmann::json& run, const std::string& environment) {
  nlohmann::json reports = run.value("reports", nlohmann::json::object());
  if (!reports.is_object() || !reports.contains("pre-deployment") || !reports["pre-deployment"].is_string()) return "";
  nlohmann::json report = ReadRecordsObject(repo, records_commit, reports["pre-deployment"].get<std::string>());
  if (!report.contains("plan")) return "";
  auto summary = reconciler::plan::PlanSummaryFromJson(report["plan"]);
  if (!summary.ok()) {
    spdlog::warn("{}: {}: {}", environment, reports["pre-deployment"].get<std::string>(), summary.status().message());
    return "";
  }
  return reconciler::plan::RenderPlanMarkdown(*summary, {"Plan applied to " + environment});
}

}  // namespace

reconciler::DebugAnalysis ProposalRecorder::Analyze(const reconciler::FailureContext* failure,
                                                    const std::vector<reconciler::FixAttempt>& attempts,
                                                    const store::RecordsSnapshot& records) {
  reconciler::DebugAnalysis analysis = inner_.Analyze(failure, attempts, records);
  if (failure == nullptr && attempts.empty()) return analysis;
  // A run without a failure may still have tried fixes, and the comment says what they did.
  const std::string& environment = failure != nullptr ? failure->environment : attempts.front().environment;
  const std::string& commit = failure != nullptr ? failure->commit : attempts.front().commit;
  if (!analysis.markdown.empty()) {
    std::lock_guard lock(mu_);
    proposals_[Key(environment, commit)] = analysis.markdown;
  }
  return analysis;
}

std::string ProposalRecorder::Take(const std::string& environment, const std::string& commit) {
  std::lock_guard lock(mu_);
  auto it = proposals_.find(Key(environment, commit));
  if (it == proposals_.end()) return "";
  std::string markdown = std::move(it->second);
  proposals_.erase(it);
  return markdown;
}

void ForgeReporting::AddRepository(const std::string& url, std::unique_ptr<webhooks::Notifier> notifier) {
  std::lock_guard lock(mu_);
  notifiers_[url] = std::move(notifier);
}

webhooks::Notifier* ForgeReporting::NotifierFor(const std::string& url) {
  std::lock_guard lock(mu_);
  auto it = notifiers_.find(url);
  return it == notifiers_.end() ? nullptr : it->second.get();
}

TriggerWork ForgeReporting::Prepare(const std::string& url, reconciler::RepositoryOpener& opener,
                                    const webhooks::Trigger& incoming) {
  TriggerWork work;
  webhooks::Trigger trigger = incoming;
  std::string key = url + "#" + std::to_string(trigger.pull_request);
  if (trigger.reason == "pull_request" || trigger.reason == "merge") {
    std::lock_guard lock(mu_);
    pull_requests_[key] = trigger;
  }
  webhooks::Notifier* notifier = NotifierFor(url);
  if (trigger.reason == "comment" && (trigger.branch.empty() || trigger.commit.empty())) {
    // GitHub's comment deliveries name neither the target branch nor the head: the forge is asked,
    // and the last event of the pull request is the fallback when it cannot answer.
    auto asked = notifier != nullptr ? notifier->PullRequest(trigger.pull_request)
                                     : common::Result<webhooks::PullRequestInfo>(common::NotFound("no notifier"));
    if (asked.ok()) {
      if (trigger.branch.empty()) trigger.branch = asked->base_branch;
      if (trigger.commit.empty()) trigger.commit = asked->head_commit;
    } else {
      if (asked.status().kind() != common::ErrorKind::kNotFound) {
        spdlog::warn("{}: pull request #{}: {}", url, trigger.pull_request, asked.status().message());
      }
      std::lock_guard lock(mu_);
      auto it = pull_requests_.find(key);
      if (it != pull_requests_.end()) {
        if (trigger.branch.empty()) trigger.branch = it->second.branch;
        if (trigger.commit.empty()) trigger.commit = it->second.commit;
      }
    }
  }
  auto reply = [&](const std::string& text) {
    if (notifier == nullptr) return;
    if (auto s = notifier->Reply(trigger.pull_request, text); !s.ok()) spdlog::warn("{}: reply: {}", url, s.message());
  };
  if (trigger.reason == "pull_request") {
    Preview(url, opener, trigger, true);
    work.reconcile = false;
  } else if (trigger.reason == "comment") {
    work.reconcile = false;
    const std::string& c = trigger.command;
    if (c == "help") {
      reply((trigger.arguments.empty() ? "" : trigger.arguments[0] + "\n\n") + webhooks::CommentCommandHelp());
    } else if (c == "resolved") {
      reply(RecordManualFix(url, opener, trigger));
    } else if (trigger.branch.empty()) {
      reply("faber could not learn this pull request's target branch: the forge did not answer (see the server's "
            "log) and no event of it has arrived yet. Push a commit to it (or close and reopen it), then comment again.");
    } else if (c == "plan" || c == "test") {
      Preview(url, opener, trigger, c == "plan");
    } else if (c == "deploy" || c == "retry") {
      auto repo = opener();
      if (repo.ok() && (*repo)->Fetch().ok()) {
        auto head = (*repo)->ResolveBranch(trigger.branch);
        auto config = reconciler::RepositoryReconciler::LoadRepositoryConfig(**repo);
        if (head.ok() && config.ok()) {
          if (const auto* env = config->FindEnvironmentByBranch(trigger.branch)) work.only_environment = env->name;
        }
        if (head.ok() && !work.only_environment.empty()) {
          work.reconcile = true;
          if (c == "deploy") work.options.approved_commit = *head;
          if (c == "retry") work.options.retry = true;
          spdlog::info("{}: {} asked to {} {} at {}", url, trigger.author, c, trigger.branch, Short(*head));
        }
      }
      if (!work.reconcile) reply("`" + trigger.branch + "` is not an environment branch faber can " + c + ".");
    } else if (c == "apply-fix") {
      work = PrepareFix(url, opener, trigger, reply);
    }
  }
  work.trigger = trigger;
  return work;
}

TriggerWork ForgeReporting::PrepareFix(const std::string& url, reconciler::RepositoryOpener& opener,
                                       const webhooks::Trigger& trigger,
                                       const std::function<void(const std::string&)>& reply) {
  TriggerWork work;
  work.reconcile = false;
  const std::string& solution_id = trigger.arguments.at(0);
  auto repo = opener();
  if (!repo.ok() || !(*repo)->Fetch().ok()) {
    reply("faber could not read the repository to look up solution `" + solution_id + "`.");
    return work;
  }
  auto config = reconciler::RepositoryReconciler::LoadRepositoryConfig(**repo);
  const manifests::EnvironmentConfig* env = config.ok() ? config->FindEnvironmentByBranch(trigger.branch) : nullptr;
  if (env == nullptr) {
    reply("`" + trigger.branch + "` is not an environment branch: there is no failed deploy to fix.");
    return work;
  }
  const std::string& environment = env->name;
  // Checked here so the person hears at once why a fix cannot run; the reconciler checks again
  // against the records it deploys from.
  store::RecordsStore records(**repo, config->records_branch, deps_.clock);
  auto snapshot = records.Sync();
  auto fix = snapshot.ok() ? reconciler::FindRequestedFix(*snapshot, environment, solution_id, trigger.author)
                           : common::Result<reconciler::RequestedFix>(snapshot.status());
  if (!fix.ok()) {
    reply("faber cannot apply `" + solution_id + "` to " + environment + ": " + fix.status().message());
    return work;
  }
  reply("Applying `" + solution_id + "` (" + fix->description + ") to " + environment + " at `" + Short(fix->commit) +
        "`, as @" + trigger.author + " asked. The deploy's comment below tells how it went; the issue log records it.");
  spdlog::info("{}: {} asked to apply {} to {}", url, trigger.author, solution_id, environment);
  work.reconcile = true;
  work.only_environment = environment;
  work.options.apply_fix = solution_id;
  work.options.requested_by = trigger.author;
  return work;
}

std::string ForgeReporting::RecordManualFix(const std::string& url, reconciler::RepositoryOpener& opener,
                                            const webhooks::Trigger& trigger) {
  const std::string& issue_id = trigger.arguments.at(0);
  const std::string& text = trigger.arguments.at(1);
  std::string records_branch = "faber/records", environment;
  if (auto repo = opener(); repo.ok()) {
    if (auto config = reconciler::RepositoryReconciler::LoadRepositoryConfig(**repo); config.ok()) {
      records_branch = config->records_branch;
      if (const auto* env = config->FindEnvironmentByBranch(trigger.branch)) environment = env->name;
    }
  }
  if (!std::filesystem::is_directory(url)) {
    return "This server works on a clone of the repository; record the fix with `faber resolve " + issue_id +
           " --solution ...` on the repository itself.";
  }
  auto store = reconciler::debugger::RecordsIssueStore::Open(url, records_branch);
  if (!store.ok()) return "faber could not open the issue log: " + store.status().message();
  auto log = (*store)->LoadAll();
  if (!log.ok()) return "faber could not read the issue log: " + log.status().message();
  auto it = log->find(issue_id);
  if (it == log->end()) return "There is no issue `" + issue_id + "` in the issue log.";
  reconciler::debugger::Outcome outcome{"", text, true, environment, common::FormatIso8601(deps_.clock.Now())};
  auto updated = reconciler::debugger::RecordOutcome(it->second, outcome);
  if (!updated.ok()) return "faber could not record the fix: " + updated.status().message();
  if (auto saved = (*store)->Save({*updated}); !saved.ok()) return "faber could not save the fix: " + saved.message();
  spdlog::info("{}: {} recorded a manual fix for {}", url, trigger.author, issue_id);
  return "Recorded for issue `" + issue_id + "`, from @" + trigger.author + ": " + text +
         "\n\nfaber will propose it the next time this error appears.";
}

void ForgeReporting::Preview(const std::string& url, reconciler::RepositoryOpener& opener,
                             const webhooks::Trigger& trigger, bool plan) {
  webhooks::Notifier* notifier = NotifierFor(url);
  if (notifier == nullptr || trigger.commit.empty()) return;
  auto repo = opener();
  if (!repo.ok()) return;
  (*repo)->Fetch();
  // The checks come from the target branch: a pull request must not switch its own checks off.
  auto target = (*repo)->ResolveBranch(trigger.branch);
  if (!target.ok()) return;
  auto text = (*repo)->ReadFile(*target, "faber.yaml");
  if (!text.ok()) return;
  auto config = manifests::ParseFaberConfig(*text, "faber.yaml");
  if (!config.ok()) return;
  const manifests::EnvironmentConfig* env = config->FindEnvironmentByBranch(trigger.branch);
  if (env == nullptr) return;  // not an environment branch: nothing to preview

  webhooks::RunReport report;
  report.environment = env->name;
  report.commit = trigger.commit;
  report.pull_request = trigger.pull_request;
  report.kind = "preview";
  auto dir = common::MakeUniqueDirectory(std::filesystem::temp_directory_path(), "faber-preview-");
  if (!dir.ok()) return;
  std::filesystem::path tree = *dir / "tree";
  if ((*repo)->has_remote() && !(*repo)->GetCommit(trigger.commit).ok()) {
    // A clone fetches branches only; a pull request's head is on none of them until merged.
    std::string head_ref = notifier->PullRequestHeadRef(trigger.pull_request);
    if (!head_ref.empty()) {
      std::string local = "refs/faber/pull/" + std::to_string(trigger.pull_request);
      if (auto fetched = (*repo)->FetchRef(head_ref, local); !fetched.ok()) {
        spdlog::warn("{}: pull request #{}: {}", url, trigger.pull_request, fetched.message());
      }
    }
  }
  if (auto exported = (*repo)->ExportTree(trigger.commit, tree); !exported.ok()) {
    report.status = "failed";
    report.headline = "faber could not read the pull request's head `" + Short(trigger.commit) + "`: " + exported.message();
  } else {
    std::filesystem::path module = tree / env->directory;
    auto cases = reconciler::RunStaticChecks(*env, tree, module, config->policies);
    std::string status = "passed", output;
    for (const auto& t : cases) {
      if (t.status == reconciler::TestStatus::kFail) status = "failed";
      if (t.status == reconciler::TestStatus::kWarn && status == "passed") status = "warned";
      output += FindingLines(t);
    }
    report.sections.push_back({"pre-deployment tests", status, std::to_string(cases.size()) + " test cases", output});
    if (plan && status != "failed") {
      auto engine = deps_.engines.Create(*env);
      common::Redactor redactor;
      for (const auto& s : deps_.known_secrets) redactor.AddSecretValue(s);
      reconciler::EngineContext ctx;
      ctx.module_dir = module;
      ctx.env = reconciler::BuildCommandEnvironment(*env, trigger.commit, trigger.branch, "preview-" + Short(trigger.commit), redactor);
      ctx.timeout = env->stage_timeout;
      if (engine.ok()) {
        reconciler::EngineResult init = (*engine)->Init(ctx);
        reconciler::EngineResult result = init.ok ? (*engine)->Plan(ctx) : init;
        std::string plan_status = !result.ran ? "skipped" : result.ok ? "passed" : "failed";
        if (result.ok && !result.data.is_null()) {
          // What the tool marks sensitive is masked in the raw output and the summary alike.
          for (const auto& secret : reconciler::plan::CollectSensitiveValues(result.data)) redactor.AddSecretValue(secret);
          report.plan_markdown = PlanMarkdown(result.data, env->name, redactor);
        }
        report.sections.push_back({"plan", plan_status, result.detail, redactor.Redact(result.output)});
        if (plan_status == "failed") status = "failed";
      } else {
        report.sections.push_back({"plan", "failed", engine.status().message(), ""});
        status = "failed";
      }
    }
    report.status = status == "passed" ? "succeeded" : status;
    report.headline = status == "failed" ? "This pull request would not deploy to " + env->name + " as it is."
                                         : "This pull request passes the checks of " + env->name + "; merging it deploys.";
    if (env->approval == "comment") report.headline += " After the merge, an approver comments `/faber deploy`.";
  }
  std::error_code ec;
  std::filesystem::remove_all(*dir, ec);
  if (auto s = notifier->Publish(report); !s.ok()) spdlog::warn("{}: pull request #{}: {}", url, trigger.pull_request, s.message());
}

void ForgeReporting::Publish(const std::string& url, reconciler::RepositoryOpener& opener,
                             const webhooks::Trigger* trigger, const reconciler::RepositoryResult& result) {
  webhooks::Notifier* notifier = NotifierFor(url);
  if (notifier == nullptr) return;
  std::unique_ptr<store::GitRepository> repo;
  for (const auto& e : result.environments) {
    if (e.status.empty() || e.records_commit.empty()) continue;
    if (!repo) {
      auto opened = opener();
      if (!opened.ok()) return;
      repo = std::move(*opened);
    }
    nlohmann::json state = ReadRecordsObject(*repo, e.records_commit, "deployments/" + e.environment + ".json");
    nlohmann::json run = state.value("last_run", nlohmann::json::object());

    webhooks::RunReport report;
    report.environment = e.environment;
    report.commit = e.commit;
    report.kind = "deploy";
    report.status = e.status;
    if (run.contains("pull_request") && run["pull_request"].is_number_integer()) {
      report.pull_request = run["pull_request"].get<int>();
    } else if (trigger != nullptr && trigger->ForPullRequest() && trigger->branch == state.value("branch", "")) {
      report.pull_request = trigger->pull_request;
    }
    for (const auto& s : run.value("stages", nlohmann::json::array())) {
      std::string detail = s.value("detail", "");
      report.sections.push_back({s.value("name", ""), SectionStatus(s.value("status", "")), detail, s.value("output", "")});
    }
    if (e.status == "succeeded") {
      report.headline = "Deployed `" + Short(e.commit) + "` to " + e.environment + ".";
    } else {
      nlohmann::json failure = run.value("failure", nlohmann::json::object());
      nlohmann::json debug = run.value("debug", nlohmann::json::object());
      report.headline = "The deploy of `" + Short(e.commit) + "` to " + e.environment + " " + e.status;
      if (failure.contains("stage")) report.headline += " at " + failure.value("stage", "") + " (" + failure.value("operation", "") + ")";
      if (debug.contains("category")) {
        report.headline += ": a **" + debug.value("category", "") + "** error, issue `" + debug.value("issue_id", "") + "`";
      }
      report.headline += ".";
    }
    report.proposal_markdown = proposals_.Take(e.environment, e.commit);
    report.plan_markdown = AppliedPlanMarkdown(*repo, e.records_commit, run, e.environment);
    if (auto s = notifier->Publish(report); !s.ok()) spdlog::warn("{}: {}: report: {}", url, e.environment, s.message());
  }
}

void ForgeReporting::PublishDrift(const std::string& url, reconciler::RepositoryOpener& opener,
                                  const std::vector<reconciler::EnvironmentResult>& checked) {
  webhooks::Notifier* notifier = NotifierFor(url);
  if (notifier == nullptr) return;
  std::unique_ptr<store::GitRepository> repo;
  for (const auto& e : checked) {
    if (e.status.empty() || e.records_commit.empty()) continue;
    {
      // A schedule checks every few hours: only a changed verdict is news worth a status.
      std::lock_guard lock(mu_);
      std::string& last = drift_reported_[Key(url, e.environment)];
      if (last == e.status) continue;
      last = e.status;
    }
    if (!repo) {
      auto opened = opener();
      if (!opened.ok()) return;
      repo = std::move(*opened);
    }
    nlohmann::json deployment = ReadRecordsObject(*repo, e.records_commit, "deployments/" + e.environment + ".json");
    nlohmann::json drift = deployment.value("drift", nlohmann::json::object());
    std::string report_path = drift.value("report", "");
    webhooks::RunReport report;
    report.environment = e.environment;
    report.commit = e.commit;
    report.kind = "drift";
    report.status = e.status;
    std::string detail = drift.value("detail", "");
    report.headline = e.status == "drifted"  ? "`" + Short(e.commit) + "` in " + e.environment + " drifted: " + detail + "."
                      : e.status == "in_sync" ? "No drift in " + e.environment + " at `" + Short(e.commit) + "`."
                                              : "The drift check of " + e.environment + " failed: " + detail + ".";
    std::string lines;
    nlohmann::json drift_report = ReadRecordsObject(*repo, e.records_commit, report_path);
    for (const auto& r : drift_report.value("drifted_resources", nlohmann::json::array())) {
      std::string attributes;
      for (const auto& a : r.value("changed_attributes", nlohmann::json::array())) {
        attributes += (attributes.empty() ? "" : ", ") + a.get<std::string>();
      }
      lines += r.value("address", "") + " (" + r.value("action", "") + ")" + (attributes.empty() ? "" : ": " + attributes) + "\n";
    }
    report.sections.push_back({"drift", e.status == "in_sync" ? "passed" : "failed", report_path, lines});
    if (auto s = notifier->Publish(report); !s.ok()) spdlog::warn("{}: {}: drift report: {}", url, e.environment, s.message());
  }
}

}  // namespace faber::controller
