#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "webhooks/http_message.h"
#include "webhooks/http_request_parser.h"

namespace faber::webhooks {

class TlsContext;

// What faber's HTTP server lets one client take. Connections are read by one event loop, so a
// slow or idle client costs a descriptor and a buffer, never a thread; only complete requests
// reach the workers.
struct HttpServerLimits {
  HttpHeadLimits head;
  size_t max_connections = 1024;  // more are answered 503 and closed at once
  size_t max_requests_per_connection = 1000;
  // From the connection (TLS handshake included) or the first byte of a request to the end of its
  // head: a whole head must arrive in this time, however slowly it trickles (slowloris).
  std::chrono::milliseconds head_timeout{10'000};
  std::chrono::milliseconds body_timeout{60'000};   // from the end of the head to the end of the body
  std::chrono::milliseconds idle_timeout{30'000};   // a kept-alive connection waiting for its next request
  std::chrono::milliseconds write_timeout{30'000};  // for the client to take the whole answer
  size_t workers = 8;                               // threads running the routes' handlers
  // Request bodies held at once, being read or handled, across all connections: each route's cap
  // bounds one body, this bounds them together (1,024 clients each sending 25 MB would otherwise
  // take 25 GB). Past it, the body that crosses it is answered 503.
  size_t max_buffered_body_bytes = 256u << 20;
};

// Counters since start, for metrics and tests.
struct HttpServerStats {
  uint64_t accepted = 0;
  uint64_t refused_over_capacity = 0;  // answered 503: max_connections reached
  uint64_t timed_out = 0;              // closed by one of the timeouts
  uint64_t refused_requests = 0;       // answered 4xx/5xx while being read (too large, malformed)
  uint64_t requests = 0;               // handed to a route
  size_t open = 0;                     // connections open now
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// An HTTP/1.1 server (plain or TLS) with explicit limits on everything a client controls:
// connections, head size and field count, body size per route (Content-Length and chunked alike,
// enforced while reading), and the time each phase may take. Binding refuses a port already in
// use (SO_REUSEADDR only, never SO_REUSEPORT).
class HttpServer {
 public:
  explicit HttpServer(HttpServerLimits limits = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Serves TLS with a PEM certificate chain and key (before Listen); errors name the file.
  common::Status UseTls(const std::string& cert_file, const std::string& key_file);
  // Routes `method` requests for exactly `path` to `handler`, with bodies up to `max_body_bytes`.
  // GET routes answer HEAD too. `on_event_loop` runs the handler on the loop thread itself, so it
  // answers even when every worker is busy: only for handlers that neither block nor take long
  // (health probes). Before Start.
  void Route(const std::string& method, const std::string& path, HttpHandler handler, size_t max_body_bytes = 0,
             bool on_event_loop = false);
  // Binds `host:port` (port 0: any free port); returns the bound port.
  common::Result<int> Listen(const std::string& host, int port);
  // Starts the event loop and the workers; returns at once.
  void Start();
  // Stops accepting, closes every connection and waits for running handlers. Idempotent.
  void Stop();
  HttpServerStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace faber::webhooks
