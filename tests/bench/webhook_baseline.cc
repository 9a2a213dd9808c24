// The baseline of tests/bench/webhook_bench.sh and http_attack_bench.sh: cpp-httplib, configured
// as faber's webhook server was before it had its own (64 threads, long keep-alive), answering
// 202 to every POST /webhooks/github without checking or reading anything, so the ratio shows
// what faber's signature check, replay log, parsing and enqueueing cost. Prints its port.

#include <httplib.h>

#include <cstdio>

int main() {
  httplib::Server server;
  server.set_payload_max_length(25u * 1024 * 1024);
  server.set_tcp_nodelay(true);  // the same socket settings as faber's webhook server
  server.set_keep_alive_max_count(1000);
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  server.Post("/webhooks/github", [](const httplib::Request&, httplib::Response& res) {
    res.status = 202;
    res.set_content("queued\n", "text/plain");
  });
  // For tests/bench/http_attack_bench.sh: the probe its latency is measured on.
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
  int port = server.bind_to_any_port("127.0.0.1");
  std::printf("listening on 127.0.0.1:%d\n", port);
  std::fflush(stdout);
  server.listen_after_bind();
}
