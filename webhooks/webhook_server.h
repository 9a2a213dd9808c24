#pragma once

#include <cstddef>

#include "webhooks/http_server.h"
#include "webhooks/webhook_receiver.h"

namespace faber::webhooks {

// 25 MB: GitHub caps its own payloads there.
inline constexpr size_t kDefaultMaxBodyBytes = 25u * 1024 * 1024;

// Serves POST /webhooks/github, /webhooks/gitlab and /webhooks/gitea on `server` through
// `receiver` (which must outlive it); bodies over `max_body_bytes` are answered 413 while they are
// read (Content-Length and chunked alike), never buffered whole first. Before the server starts.
void MountWebhooks(HttpServer& server, WebhookReceiver& receiver, size_t max_body_bytes = kDefaultMaxBodyBytes);

}  // namespace faber::webhooks
