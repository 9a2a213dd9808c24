#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "webhooks/comment_command.h"
#include "webhooks/delivery_log.h"
#include "webhooks/delivery_observer.h"
#include "webhooks/forge_event.h"
#include "webhooks/notifier.h"
#include "webhooks/trigger_sink.h"

namespace faber::webhooks {

// One repository faber serves webhooks for.
struct WebhookSource {
  std::string repository_url;    // as configured: what triggers name
  ForgeKind forge = ForgeKind::kGithub;
  std::string forge_repository;  // the forge's full name, e.g. acme/infra (the allowlist)
  std::string secret;            // "" only when unsigned webhooks were allowed explicitly
  CommandAuthorization authorization;
};

struct WebhookResponse {
  int status = 200;
  std::string message;  // the reason, one line, sent back to the forge
  DeliveryOutcome outcome = DeliveryOutcome::kIgnored;
};

// Reads a request header by name, case-insensitively; "" when absent.
using HeaderLookup = std::function<std::string(const std::string& name)>;

// Whether the code of pull request `event` may run on faber's host: its author is an owner, member
// or collaborator by the forge's word (GitHub, Gitea) or listed in `policy` (trusted_authors), and
// its head is in the repository itself, not a fork.
bool TrustsPullRequest(const CommandAuthorization& policy, const ForgeEvent& event);

// Turns a webhook delivery into queued work: checks the signature in constant time, refuses
// repositories outside the allowlist, replayed delivery ids and comments already acted on, parses
// the event and enqueues a trigger. Never runs a pipeline. Thread-safe.
class WebhookReceiver {
 public:
  // `allow_unsigned` lets sources without a secret accept unsigned deliveries (an explicit
  // choice in server.yaml; otherwise the server refuses to start). `deliveries_file` and
  // `comments_file`, when set, keep the delivery ids and the ids of the comments whose commands
  // were queued across restarts (see DeliveryLog).
  WebhookReceiver(std::vector<WebhookSource> sources, TriggerSink& sink, bool allow_unsigned = false,
                  const std::filesystem::path& deliveries_file = {}, const std::filesystem::path& comments_file = {});

  // Tells `observer` (which must outlive the receiver; nullptr for none) of every delivery
  // answered from now on. Set before serving.
  void SetObserver(DeliveryObserver* observer) { observer_ = observer; }

  // Handles a delivery posted to the endpoint of `route`: 202 queued, 200 nothing to do (ping,
  // an event type or action faber does not handle, replay), 400 malformed body of a handled
  // event, 401 bad signature, 403 repository not served, 404 no repository on that forge,
  // 503 queue closed.
  WebhookResponse Handle(ForgeKind route, const HeaderLookup& header, const std::string& body);

 private:
  WebhookResponse Respond(ForgeKind route, const HeaderLookup& header, const std::string& body);
  WebhookResponse Enqueue(const WebhookSource& source, const ForgeEvent& event);
  WebhookResponse EnqueueComment(const WebhookSource& source, const ForgeEvent& event);

  std::vector<WebhookSource> sources_;
  TriggerSink& sink_;
  bool allow_unsigned_;
  DeliveryLog deliveries_;
  DeliveryLog comments_;  // a command runs once per comment, whatever delivery brings it
  DeliveryObserver* observer_ = nullptr;
};

}  // namespace faber::webhooks
