#include "webhooks/webhook_server.h"

#include <httplib.h>

namespace faber::webhooks {

void MountWebhooks(httplib::Server& server, WebhookReceiver& receiver, size_t max_body_bytes) {
  server.set_payload_max_length(max_body_bytes);
  for (ForgeKind forge : {ForgeKind::kGithub, ForgeKind::kGitlab, ForgeKind::kGitea}) {
    server.Post(std::string("/webhooks/") + ForgeKindName(forge), [&receiver, forge](const httplib::Request& req,
                                                                                    httplib::Response& res) {
      auto header = [&req](const std::string& name) { return req.get_header_value(name.c_str()); };
      WebhookResponse response = receiver.Handle(forge, header, req.body);
      res.status = response.status;
      res.set_content(response.message + "\n", "text/plain");
    });
  }
}

}  // namespace faber::webhooks
