#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "common/redactor.h"
#include "webhooks/forge_api.h"
#include "webhooks/notifier.h"

namespace faber::webhooks {

// Notifier over a forge's API: one comment per pull request and environment, found again by its
// hidden marker and edited in place (split into numbered parts past the forge's limit, parts no
// longer needed emptied), plus the commit status "faber/<environment>". Only comments faber
// wrote itself are edited: anyone can post the marker. Everything sent is redacted with
// `redactor` first.
class ForgeNotifier : public Notifier {
 public:
  // `bot_user` is faber's login on the forge when server.yaml names it; otherwise the forge is
  // asked (ForgeApi::CurrentUser) the first time an earlier comment might be edited.
  ForgeNotifier(std::unique_ptr<ForgeApi> api, const common::Redactor& redactor, std::string bot_user = "")
      : api_(std::move(api)), redactor_(redactor), own_login_(std::move(bot_user)) {}

  common::Status Publish(const RunReport& report) override;
  common::Status Reply(int pull_request, const std::string& markdown) override;
  common::Result<PullRequestInfo> PullRequest(int pull_request) override { return api_->GetPullRequest(pull_request); }
  std::string PullRequestHeadRef(int pull_request) const override { return api_->HeadRef(pull_request); }

 private:
  common::Status PublishComment(const RunReport& report);
  // faber's own login: configured, learnt before, or asked of the forge now; "" when unknown.
  std::string OwnLogin();

  std::unique_ptr<ForgeApi> api_;
  const common::Redactor& redactor_;
  std::mutex mu_;
  std::string own_login_;
  bool login_unavailable_ = false;  // the forge refused to say (e.g. a token without GET /user)
};

// The commit status a report sets: success | failure | pending | error.
std::string CommitState(const std::string& run_status);

}  // namespace faber::webhooks
