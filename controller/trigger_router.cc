#include "controller/trigger_router.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "common/url_userinfo.h"
#include "reconciler/debugger/learning.h"
#include "reconciler/debugger/records_issue_store.h"
#include "reconciler/policy_branch.h"
#include "reconciler/requested_fix.h"
#include "webhooks/comment_command.h"
#include "webhooks/comment_renderer.h"

namespace faber::controller {
namespace {

using webhooks::CommandName;
using webhooks::TriggerReason;

std::string Short(const std::string& commit) { return commit.substr(0, 7); }

}  // namespace

TriggerRouter::Handler TriggerRouter::HandlerFor(CommandName command) {
  switch (command) {
    case CommandName::kHelp: return &TriggerRouter::Help;
    case CommandName::kResolved: return &TriggerRouter::Resolved;
    case CommandName::kPlan: return &TriggerRouter::Plan;
    case CommandName::kTest: return &TriggerRouter::Test;
    case CommandName::kDeploy:
    case CommandName::kRetry: return &TriggerRouter::DeployOrRetry;
    case CommandName::kApplyFix: return &TriggerRouter::ApplyFix;
  }
  return &TriggerRouter::Help;
}

TriggerWork TriggerRouter::Route(const std::string& url, reconciler::RepositoryOpener& opener,
                                 const webhooks::Trigger& incoming) {
  TriggerWork work;
  work.trigger = incoming;
  webhooks::Trigger& trigger = work.trigger;
  if (trigger.reason == TriggerReason::kPullRequest || trigger.reason == TriggerReason::kMerge) {
    std::lock_guard lock(mu_);
    pull_requests_[url + "#" + std::to_string(trigger.pull_request)] = trigger;
  }
  if (trigger.reason == TriggerReason::kPullRequest) {
    Preview(url, opener, trigger, true);
    work.reconcile = false;
    return work;
  }
  if (trigger.reason != TriggerReason::kComment || !trigger.command) return work;
  CompleteTarget(url, trigger);
  webhooks::Notifier* notifier = reporter_.NotifierFor(url);
  Request request{url, opener, trigger, [&, notifier](const std::string& text) {
                    if (notifier == nullptr) return;
                    if (auto s = notifier->Reply(trigger.pull_request, text); !s.ok()) {
                      spdlog::warn("{}: reply: {}", common::WithoutUserinfo(url), s.message());
                    }
                  },
                  work};
  work.reconcile = false;
  // Help and resolved need no target branch; every other command acts on it.
  bool needs_target = *trigger.command != CommandName::kHelp && *trigger.command != CommandName::kResolved;
  if (needs_target && trigger.branch.empty()) {
    request.reply("faber could not learn this pull request's target branch: the forge did not answer (see the server's "
                  "log) and no event of it has arrived yet. Push a commit to it (or close and reopen it), then comment again.");
    return work;
  }
  (this->*HandlerFor(*trigger.command))(request);
  return work;
}

void TriggerRouter::CompleteTarget(const std::string& url, webhooks::Trigger& trigger) {
  if (!trigger.branch.empty() && !trigger.commit.empty()) return;
  webhooks::Notifier* notifier = reporter_.NotifierFor(url);
  auto asked = notifier != nullptr ? notifier->PullRequest(trigger.pull_request)
                                   : common::Result<webhooks::PullRequestInfo>(common::NotFound("no notifier"));
  if (asked.ok()) {
    if (trigger.branch.empty()) trigger.branch = asked->base_branch;
    if (trigger.commit.empty()) trigger.commit = asked->head_commit;
    return;
  }
  if (asked.status().kind() != common::ErrorKind::kNotFound) {
    spdlog::warn("{}: pull request #{}: {}", common::WithoutUserinfo(url), trigger.pull_request,
                 asked.status().message());
  }
  std::lock_guard lock(mu_);
  auto it = pull_requests_.find(url + "#" + std::to_string(trigger.pull_request));
  if (it == pull_requests_.end()) return;
  if (trigger.branch.empty()) trigger.branch = it->second.branch;
  if (trigger.commit.empty()) trigger.commit = it->second.commit;
}

void TriggerRouter::Help(Request& request) {
  const auto& arguments = request.trigger.arguments;
  request.reply((arguments.empty() ? "" : arguments[0] + "\n\n") + webhooks::CommentCommandHelp());
}

void TriggerRouter::Plan(Request& request) { Preview(request.url, request.opener, request.trigger, true); }

void TriggerRouter::Test(Request& request) { Preview(request.url, request.opener, request.trigger, false); }

void TriggerRouter::DeployOrRetry(Request& request) {
  const webhooks::Trigger& trigger = request.trigger;
  const bool deploy = *trigger.command == CommandName::kDeploy;
  TriggerWork& work = request.work;
  auto repo = request.opener();
  if (repo.ok() && (*repo)->Fetch().ok()) {
    auto head = (*repo)->ResolveBranch(trigger.branch);
    auto config = reconciler::RepositoryReconciler::LoadRepositoryConfig(**repo);
    if (head.ok() && config.ok()) {
      if (const auto* env = config->FindEnvironmentByBranch(trigger.branch)) work.only_environment = env->name;
    }
    if (head.ok() && !work.only_environment.empty()) {
      work.reconcile = true;
      if (deploy) work.options.approved_commit = *head;
      if (!deploy) work.options.retry = true;
      spdlog::info("{}: {} asked to {} {} at {}", common::WithoutUserinfo(request.url), trigger.author,
                   webhooks::CommandNameText(*trigger.command), trigger.branch, Short(*head));
    }
  }
  if (!work.reconcile) {
    request.reply(webhooks::EchoText(trigger.branch) + " is not an environment branch faber can " +
                  webhooks::CommandNameText(*trigger.command) + ".");
  }
}

void TriggerRouter::ApplyFix(Request& request) {
  const webhooks::Trigger& trigger = request.trigger;
  const std::string& solution_id = trigger.arguments.at(0);
  auto repo = request.opener();
  if (!repo.ok() || !(*repo)->Fetch().ok()) {
    request.reply("faber could not read the repository to look up solution " + webhooks::EchoText(solution_id) + ".");
    return;
  }
  auto config = reconciler::RepositoryReconciler::LoadRepositoryConfig(**repo);
  const manifests::EnvironmentConfig* env = config.ok() ? config->FindEnvironmentByBranch(trigger.branch) : nullptr;
  if (env == nullptr) {
    request.reply(webhooks::EchoText(trigger.branch) +
                  " is not an environment branch: there is no failed deploy to fix.");
    return;
  }
  const std::string& environment = env->name;
  // Checked here so the person hears at once why a fix cannot run; the reconciler checks again
  // against the records it deploys from.
  store::RecordsStore records(**repo, config->records_branch, deps_.clock);
  auto snapshot = records.Sync();
  auto fix = snapshot.ok() ? reconciler::FindRequestedFix(*snapshot, environment, solution_id, trigger.author)
                           : common::Result<reconciler::RequestedFix>(snapshot.status());
  if (!fix.ok()) {
    request.reply("faber cannot apply " + webhooks::EchoText(solution_id) + " to " + environment + ": " +
                  fix.status().message());
    return;
  }
  request.reply("Applying " + webhooks::EchoText(solution_id) + " (" + fix->description + ") to " + environment +
                " at `" + Short(fix->commit) + "`, as @" + trigger.author +
                " asked. The deploy's comment below tells how it went; the issue log records it.");
  spdlog::info("{}: {} asked to apply {} to {}", common::WithoutUserinfo(request.url), trigger.author, solution_id,
               environment);
  TriggerWork& work = request.work;
  work.reconcile = true;
  work.only_environment = environment;
  work.options.apply_fix = solution_id;
  work.options.requested_by = trigger.author;
}

void TriggerRouter::Resolved(Request& request) {
  const webhooks::Trigger& trigger = request.trigger;
  const std::string& issue_id = trigger.arguments.at(0);
  const std::string& text = trigger.arguments.at(1);
  std::string records_branch = "faber/records", environment;
  if (auto repo = request.opener(); repo.ok()) {
    if (auto config = reconciler::RepositoryReconciler::LoadRepositoryConfig(**repo); config.ok()) {
      records_branch = config->records_branch;
      if (const auto* env = config->FindEnvironmentByBranch(trigger.branch)) environment = env->name;
    }
  }
  auto answer = [&]() -> std::string {
    if (!std::filesystem::is_directory(request.url)) {
      return "This server works on a clone of the repository; record the fix with " +
             webhooks::EchoText("faber resolve " + issue_id + " --solution ...") + " on the repository itself.";
    }
    auto store = reconciler::debugger::RecordsIssueStore::Open(request.url, records_branch);
    if (!store.ok()) return "faber could not open the issue log: " + store.status().message();
    auto log = (*store)->LoadAll();
    if (!log.ok()) return "faber could not read the issue log: " + log.status().message();
    auto it = log->find(issue_id);
    if (it == log->end()) return "There is no issue " + webhooks::EchoText(issue_id) + " in the issue log.";
    reconciler::debugger::Outcome outcome{"", text, true, environment, common::FormatIso8601(deps_.clock.Now())};
    auto updated = reconciler::debugger::RecordOutcome(it->second, outcome);
    if (!updated.ok()) return "faber could not record the fix: " + updated.status().message();
    if (auto saved = (*store)->Save({*updated}); !saved.ok()) return "faber could not save the fix: " + saved.message();
    spdlog::info("{}: {} recorded a manual fix for {}", common::WithoutUserinfo(request.url), trigger.author, issue_id);
    return "Recorded for issue " + webhooks::EchoText(issue_id) + ", from @" + trigger.author + ": " +
           webhooks::EchoText(text) + "\n\nfaber will propose it the next time this error appears.";
  };
  request.reply(answer());
}

void TriggerRouter::Preview(const std::string& url, reconciler::RepositoryOpener& opener,
                            const webhooks::Trigger& trigger, bool plan) {
  webhooks::Notifier* notifier = reporter_.NotifierFor(url);
  if (notifier == nullptr || trigger.commit.empty()) return;
  auto repo = opener();
  if (!repo.ok()) return;
  (void)(*repo)->Fetch();
  // The checks come from the target branch: a pull request must not switch its own checks off.
  auto target = (*repo)->ResolveBranch(trigger.branch);
  if (!target.ok()) return;
  auto text = (*repo)->ReadFile(*target, "faber.yaml");
  if (!text.ok()) return;
  auto config = manifests::ParseFaberConfig(*text, "faber.yaml");
  if (!config.ok()) return;
  const manifests::EnvironmentConfig* declared = config->FindEnvironmentByBranch(trigger.branch);
  if (declared == nullptr) return;  // not an environment branch: nothing to preview
  // As for a deploy, the gates (skips, blocking severities, budget) come from the default branch.
  auto gated = reconciler::WithPolicyGates(**repo, *declared);
  if (!gated.ok()) {
    spdlog::warn("{}: pull request #{}: {}", common::WithoutUserinfo(url), trigger.pull_request,
                 gated.status().message());
    return;
  }
  const manifests::EnvironmentConfig* env = &*gated;
  if ((*repo)->has_remote() && !(*repo)->GetCommit(trigger.commit).ok()) {
    // A clone fetches branches only; a pull request's head is on none of them until merged.
    std::string head_ref = notifier->PullRequestHeadRef(trigger.pull_request);
    if (!head_ref.empty()) {
      std::string local = "refs/faber/pull/" + std::to_string(trigger.pull_request);
      if (auto fetched = (*repo)->FetchRef(head_ref, local); !fetched.ok()) {
        spdlog::warn("{}: pull request #{}: {}", common::WithoutUserinfo(url), trigger.pull_request, fetched.message());
      }
    }
  }
  reconciler::EnvironmentReconciler reconciler(**repo, config->records_branch, (*repo)->git_dir() / "faber", deps_);
  reconciler::PreviewRequest request{env, config->policies, trigger.commit, trigger.pull_request, plan, cancel_,
                                     trigger.runs_code};
  reporter_.PublishPreview(url, reconciler.Preview(request), *env);
}

}  // namespace faber::controller
