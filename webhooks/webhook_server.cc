#include "webhooks/webhook_server.h"

namespace faber::webhooks {

void MountWebhooks(HttpServer& server, WebhookReceiver& receiver, size_t max_body_bytes) {
  for (ForgeKind forge : {ForgeKind::kGithub, ForgeKind::kGitlab, ForgeKind::kGitea}) {
    server.Route(
        "POST", std::string("/webhooks/") + ForgeKindName(forge),
        [&receiver, forge](const HttpRequest& request) {
          auto header = [&request](const std::string& name) { return request.Header(name); };
          WebhookResponse response = receiver.Handle(forge, header, request.body);
          return TextResponse(response.status, response.message);
        },
        max_body_bytes);
  }
}

}  // namespace faber::webhooks
