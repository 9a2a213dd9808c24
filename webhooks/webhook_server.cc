#include "webhooks/webhook_server.h"

#include <httplib.h>

#include <limits>

namespace faber::webhooks {

// Connections served at once; threads mostly wait on sockets, so more than the cores.
constexpr size_t kWebhookThreads = 64;

void MountWebhooks(httplib::Server& server, WebhookReceiver& receiver, size_t max_body_bytes) {
  // The cap is the handler's (below): the library's own check would end a chunked body at the cap
  // and hand on what it read as if it were the whole body.
  server.set_payload_max_length(std::numeric_limits<size_t>::max());
  // Answers are small and written in two parts (headers, body): without TCP_NODELAY, Nagle's
  // algorithm meets the client's delayed ACK and every answer waits ~40 ms.
  server.set_tcp_nodelay(true);
  // Forges reuse connections; the library's default of 5 requests per connection reconnects often.
  server.set_keep_alive_max_count(1000);
  // The library serves each connection on a pool thread until it closes: with its default of 8
  // threads, a 9th kept-alive connection waits for one of the first 8 to end.
  server.new_task_queue = [] { return new httplib::ThreadPool(kWebhookThreads); };
  for (ForgeKind forge : {ForgeKind::kGithub, ForgeKind::kGitlab, ForgeKind::kGitea}) {
    // The body is read here, piece by piece, so the cap holds for chunked bodies too (the library
    // checks it against Content-Length only): past it, reading stops and the connection closes.
    server.Post(std::string("/webhooks/") + ForgeKindName(forge),
                [&receiver, forge, max_body_bytes](const httplib::Request& req, httplib::Response& res,
                                                   const httplib::ContentReader& content) {
                  std::string body;
                  bool too_big = false;
                  content([&](const char* data, size_t length) {
                    too_big = body.size() + length > max_body_bytes;
                    if (!too_big) body.append(data, length);
                    return !too_big;
                  });
                  if (too_big) {
                    res.status = 413;
                    res.set_header("Connection", "close");
                    res.set_content("body larger than " + std::to_string(max_body_bytes) + " bytes\n", "text/plain");
                    return;
                  }
                  auto header = [&req](const std::string& name) { return req.get_header_value(name.c_str()); };
                  WebhookResponse response = receiver.Handle(forge, header, body);
                  res.status = response.status;
                  res.set_content(response.message + "\n", "text/plain");
                });
  }
}

}  // namespace faber::webhooks
