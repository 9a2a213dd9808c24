#pragma once

#include <cstddef>

#include "webhooks/webhook_receiver.h"

namespace httplib {
class Server;
}

namespace faber::webhooks {

// 25 MB: GitHub caps its own payloads there.
inline constexpr size_t kDefaultMaxBodyBytes = 25u * 1024 * 1024;

// Serves POST /webhooks/github, /webhooks/gitlab and /webhooks/gitea on `server` through
// `receiver` (which must outlive it); bodies over `max_body_bytes` are answered 413 unread.
// Also turns on TCP_NODELAY and long keep-alive for the whole server.
void MountWebhooks(httplib::Server& server, WebhookReceiver& receiver, size_t max_body_bytes = kDefaultMaxBodyBytes);

}  // namespace faber::webhooks
