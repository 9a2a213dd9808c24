#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "manifests/run_vocabulary.h"

namespace faber::webhooks {

// The hidden marker that starts every comment faber writes; comments holding it are faber's own
// and are never read as commands.
inline constexpr const char* kCommentMarkerPrefix = "<!-- faber:";
// The marker of one-off replies (help, command errors).
inline constexpr const char* kCommentMarkerReply = "<!-- faber:reply -->";

// How one part of a run went, as a comment shows it.
enum class SectionStatus { kPassed, kWarned, kFailed, kSkipped, kNotRun };

// How a whole run went, as a comment and a commit status show it.
enum class ReportStatus { kSucceeded, kWarned, kFailed, kPending, kAborted, kInterrupted, kInSync, kDrifted };

// Returns "passed", "warned", "failed", "skipped" or "not_run".
const char* SectionStatusName(SectionStatus status);
// Returns "succeeded", "warned", "failed", "pending", "aborted", "interrupted", "in_sync" or "drifted".
const char* ReportStatusName(ReportStatus status);

// One part of a run as a person reads it: a stage or a test phase.
struct ReportSection {
  std::string title;    // e.g. "deploy", "pre-deployment tests", "plan"
  SectionStatus status = SectionStatus::kPassed;
  std::string summary;  // one line, e.g. "exit code 1" or "2 HIGH findings"
  std::string output;   // shown in a code block; "" for none
  bool plan_output = false;  // the raw output of a plan: collapsed when the plan's summary is shown
};

// What faber tells a forge about one run of one environment.
struct RunReport {
  std::string environment;
  std::string commit;              // the commit the run was for (the commit status goes there)
  int pull_request = 0;            // the pull request to comment on, 0 for none
  manifests::RunKind kind = manifests::RunKind::kDeploy;  // a preview is a pull request's tests and plan
  ReportStatus status = ReportStatus::kSucceeded;
  std::string headline;            // one sentence under the title
  std::vector<ReportSection> sections;
  std::string proposal_markdown;   // the debugger's ranked proposal, "" when there is none
  std::string plan_markdown;       // the plan's change summary (masked), "" when there is no plan
};

// What the forge says of a pull request: where it goes and what it would merge.
struct PullRequestInfo {
  std::string base_branch;  // the target branch, e.g. env/test
  std::string head_commit;  // the head commit's sha
};

// Where results go: a forge's comments and commit statuses, or git notes when there is no forge.
// The reconciler's results reach it through the controller; implementations redact before sending.
class Notifier {
 public:
  virtual ~Notifier() = default;
  // Shows `report`: the one comment of (pull request, environment), created or updated in place,
  // and the commit status of report.commit.
  virtual common::Status Publish(const RunReport& report) = 0;
  // Posts a one-off answer on a pull request (e.g. to /faber help or a mistyped command).
  virtual common::Status Reply(int pull_request, const std::string& markdown) = 0;
  // Asks the forge for pull request `pull_request`'s target branch and head; kNotFound when there
  // is no forge to ask (comment deliveries of some forges name neither).
  virtual common::Result<PullRequestInfo> PullRequest(int pull_request) = 0;
  // The ref the forge keeps the head of pull request `pull_request` under (refs/pull/<n>/head,
  // refs/merge-requests/<n>/head), to fetch it into a clone; "" when there is none.
  virtual std::string PullRequestHeadRef(int pull_request) const = 0;
};

}  // namespace faber::webhooks
