#pragma once

#include <memory>

#include "common/redactor.h"
#include "webhooks/forge_api.h"
#include "webhooks/notifier.h"

namespace faber::webhooks {

// Notifier over a forge's API: one comment per pull request and environment, found again by its
// hidden marker and edited in place (split into numbered parts past the forge's limit, parts no
// longer needed emptied), plus the commit status "faber/<environment>". Everything sent is
// redacted with `redactor` first.
class ForgeNotifier : public Notifier {
 public:
  ForgeNotifier(std::unique_ptr<ForgeApi> api, const common::Redactor& redactor)
      : api_(std::move(api)), redactor_(redactor) {}

  common::Status Publish(const RunReport& report) override;
  common::Status Reply(int pull_request, const std::string& markdown) override;
  common::Result<PullRequestInfo> PullRequest(int pull_request) override { return api_->GetPullRequest(pull_request); }
  std::string PullRequestHeadRef(int pull_request) const override { return api_->HeadRef(pull_request); }

 private:
  common::Status PublishComment(const RunReport& report);

  std::unique_ptr<ForgeApi> api_;
  const common::Redactor& redactor_;
};

// The commit status a report sets: success | failure | pending | error.
std::string CommitState(const std::string& run_status);

}  // namespace faber::webhooks
