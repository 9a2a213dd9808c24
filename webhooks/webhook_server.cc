#include "webhooks/webhook_server.h"

#include <httplib.h>

namespace faber::webhooks {

// Connections served at once; threads mostly wait on sockets, so more than the cores.
constexpr size_t kWebhookThreads = 64;

void MountWebhooks(httplib::Server& server, WebhookReceiver& receiver, size_t max_body_bytes) {
  server.set_payload_max_length(max_body_bytes);
  // Answers are small and written in two parts (headers, body): without TCP_NODELAY, Nagle's
  // algorithm meets the client's delayed ACK and every answer waits ~40 ms.
  server.set_tcp_nodelay(true);
  // Forges reuse connections; the library's default of 5 requests per connection reconnects often.
  server.set_keep_alive_max_count(1000);
  // The library serves each connection on a pool thread until it closes: with its default of 8
  // threads, a 9th kept-alive connection waits for one of the first 8 to end.
  server.new_task_queue = [] { return new httplib::ThreadPool(kWebhookThreads); };
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
