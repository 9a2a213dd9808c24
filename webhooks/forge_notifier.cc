#include "webhooks/forge_notifier.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "webhooks/comment_renderer.h"

namespace faber::webhooks {
namespace {

// Logins compare without case on every forge.
bool SameLogin(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string CommitState(ReportStatus run_status) {
  switch (run_status) {
    case ReportStatus::kSucceeded:
    case ReportStatus::kWarned:
    case ReportStatus::kInSync: return "success";
    case ReportStatus::kFailed:
    case ReportStatus::kDrifted: return "failure";
    case ReportStatus::kPending: return "pending";
    case ReportStatus::kAborted:
    case ReportStatus::kInterrupted: break;
  }
  return "error";  // aborted, interrupted: the run did not reach a verdict
}

std::string ForgeNotifier::OwnLogin() {
  std::lock_guard lock(mu_);
  if (!own_login_.empty() || login_unavailable_) return own_login_;
  auto login = api_->CurrentUser();
  if (login.ok()) {
    own_login_ = *login;
    return own_login_;
  }
  // A refusal (4xx) stays one; a passing failure is asked again on the next comment.
  login_unavailable_ = login.status().kind() == common::ErrorKind::kInvalidInput;
  spdlog::warn(
      "{}; faber cannot tell its own comments and posts new ones instead of editing: name its login in "
      "server.yaml (forge.bot_user)",
      login.status().message());
  return "";
}

common::Status ForgeNotifier::Publish(const RunReport& report) {
  common::Status comment = report.pull_request != 0 ? PublishComment(report) : common::Status();
  if (!report.commit.empty()) {
    std::string description = report.headline.empty()
                                  ? std::string(RunKindTitle(report.kind)) + " " + ReportStatusName(report.status)
                                  : report.headline;
    // Drift has its own status: a drifted environment does not undo the deploy's verdict.
    std::string context = (report.kind == manifests::RunKind::kDrift ? "faber/drift/" : "faber/") + report.environment;
    auto status = api_->SetStatus(report.commit, context, CommitState(report.status),
                                  redactor_.Redact(description));
    if (!status.ok()) return status;
  }
  return comment;
}

common::Status ForgeNotifier::PublishComment(const RunReport& report) {
  std::vector<std::string> parts = RenderComments(report, redactor_, api_->CommentLimit());
  auto existing = api_->ListComments(report.pull_request);
  if (!existing.ok()) return existing.status();
  // Part number -> the comment holding it, from the markers of earlier runs.
  std::string prefix = CommentMarkerPrefix(report.environment, report.pull_request);
  std::map<int, ForgeComment> previous;
  std::string own;
  for (const auto& c : *existing) {
    if (c.body.rfind(prefix, 0) != 0) continue;
    // Anyone can write the marker: a comment of someone else's is left as it is.
    if (own.empty()) own = OwnLogin();
    if (own.empty() || !SameLogin(c.author, own)) continue;
    int part = std::atoi(c.body.c_str() + prefix.size());
    if (part > 0 && previous.count(part) == 0) previous[part] = c;
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    auto it = previous.find(static_cast<int>(i + 1));
    common::Status status;
    if (it == previous.end()) {
      status = api_->CreateComment(report.pull_request, parts[i]);
    } else if (it->second.body != parts[i]) {
      status = api_->UpdateComment(report.pull_request, it->second.id, parts[i]);
    }
    if (!status.ok()) return status;
  }
  // A shorter run than the last one leaves parts over: they are emptied, not left stale.
  for (const auto& [part, comment] : previous) {
    if (part <= static_cast<int>(parts.size())) continue;
    std::string stub = CommentMarker(report.environment, report.pull_request, part) +
                       "\n_(this part of an earlier faber run is no longer needed)_\n";
    if (comment.body == stub) continue;
    if (auto status = api_->UpdateComment(report.pull_request, comment.id, stub); !status.ok()) return status;
  }
  return {};
}

common::Status ForgeNotifier::Reply(int pull_request, const std::string& markdown) {
  // Replies carry the marker prefix too, so faber never reads its own reply as a command.
  std::string body = std::string(kCommentMarkerReply) + "\n" + redactor_.Redact(markdown);
  return api_->CreateComment(pull_request, body.substr(0, api_->CommentLimit()));
}

}  // namespace faber::webhooks
