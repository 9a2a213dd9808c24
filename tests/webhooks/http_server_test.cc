// faber's HTTP server over real loopback sockets, driven the way slow, hostile and ordinary
// clients drive it.

#include "webhooks/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "common/files.h"
#include "tests/webhooks/raw_http_client.h"

namespace faber::webhooks {
namespace {

using namespace std::chrono_literals;

class HttpServerTest : public ::testing::Test {
 protected:
  void Serve(HttpServerLimits limits = {}) {
    server_ = std::make_unique<HttpServer>(limits);
    server_->Route(
        "GET", "/healthz", [](const HttpRequest&) { return TextResponse(200, "ok"); }, 0, true);
    server_->Route("GET", "/slow", [this](const HttpRequest&) {
      while (!release_) std::this_thread::sleep_for(1ms);
      return TextResponse(200, "slow");
    });
    server_->Route("GET", "/throw", [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("boom"); });
    server_->Route(
        "POST", "/echo",
        [](const HttpRequest& r) { return TextResponse(200, std::to_string(r.body.size()) + ":" + r.body.substr(0, 64)); },
        1024);
    auto port = server_->Listen("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status().message();
    port_ = *port;
    server_->Start();
  }

  void TearDown() override {
    release_ = true;
    if (server_) server_->Stop();
  }

  std::unique_ptr<HttpServer> server_;
  std::atomic<bool> release_{false};
  int port_ = 0;
};

TEST_F(HttpServerTest, KeepsConnectionsAliveAndAnswersHead) {
  Serve();
  RawHttpConnection c(port_);
  ASSERT_TRUE(c.ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.Send(GetRequest("/healthz")));
    auto r = c.Read();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "ok\n");
    EXPECT_NE(r->head.find("Connection: keep-alive"), std::string::npos);
  }
  ASSERT_TRUE(c.Send("HEAD /healthz HTTP/1.1\r\nHost: h\r\n\r\n"));
  auto head = c.Read(5000ms, true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_NE(head->head.find("Content-Length: 3"), std::string::npos);
  // Nothing follows the head: the next answer is the next request's.
  ASSERT_TRUE(c.Send(GetRequest("/nowhere")));
  auto next = c.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 404);
}

TEST_F(HttpServerTest, UnknownPathsAre404AndWrongMethods405WithAllow) {
  Serve();
  RawHttpConnection c(port_);
  ASSERT_TRUE(c.Send("POST /healthz HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_NE(r->head.find("Allow: GET, HEAD"), std::string::npos) << r->head;
  // A body sent to a route that takes none is refused by the route's status, not read.
  RawHttpConnection d(port_);
  ASSERT_TRUE(d.Send("POST /nowhere HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n"));
  auto nowhere = d.Read();
  ASSERT_TRUE(nowhere);
  EXPECT_EQ(nowhere->status, 404);
  EXPECT_TRUE(d.ClosedWithin(5000ms));
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrderWithoutRecursion) {
  Serve();
  RawHttpConnection c(port_);
  std::string burst;
  constexpr int kRequests = 900;  // under max_requests_per_connection
  for (int i = 0; i < kRequests; ++i) burst += GetRequest(i % 2 ? "/healthz" : "/nowhere");
  ASSERT_TRUE(c.Send(burst));
  for (int i = 0; i < kRequests; ++i) {
    auto r = c.Read();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->status, i % 2 ? 200 : 404) << i;
  }
}

TEST_F(HttpServerTest, ConnectionsEndAfterTheirRequestBudget) {
  HttpServerLimits limits;
  limits.max_requests_per_connection = 2;
  Serve(limits);
  RawHttpConnection c(port_);
  ASSERT_TRUE(c.Send(GetRequest("/healthz") + GetRequest("/healthz") + GetRequest("/healthz")));
  auto first = c.Read();
  auto second = c.Read();
  ASSERT_TRUE(first && second);
  EXPECT_NE(second->head.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(c.ClosedWithin(5000ms));
}

TEST_F(HttpServerTest, BodiesAreCappedWhileReadChunkedOrNot) {
  Serve();
  RawHttpConnection ok(port_);
  ASSERT_TRUE(ok.Send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n"));
  auto echoed = ok.Read();
  ASSERT_TRUE(echoed);
  EXPECT_EQ(echoed->status, 200);
  EXPECT_EQ(echoed->body, "7:abcdefg\n");

  // Declared too large: answered before a byte of the body is sent.
  RawHttpConnection declared(port_);
  ASSERT_TRUE(declared.Send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1025\r\n\r\n"));
  auto refused = declared.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
  EXPECT_NE(refused->head.find("Connection: close"), std::string::npos);

  // Chunked past the cap: cut off at the cap, then closed, however much more the client sends.
  RawHttpConnection chunked(port_);
  ASSERT_TRUE(chunked.Send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"));
  size_t sent = 0;
  const std::string chunk = "100\r\n" + std::string(256, 'x') + "\r\n";
  while (sent < (64u << 20) && chunked.Send(chunk)) sent += chunk.size();
  EXPECT_LT(sent, 64u << 20) << "the server kept reading past the cap";
  auto cut = chunked.Read();
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->status, 413);
}

TEST_F(HttpServerTest, ExpectContinueIsAnsweredBeforeTheBody) {
  Serve();
  RawHttpConnection c(port_);
  ASSERT_TRUE(c.Send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = c.Read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.Send("hi"));
  auto final_answer = c.Read();
  ASSERT_TRUE(final_answer);
  EXPECT_EQ(final_answer->body, "2:hi\n");
}

TEST_F(HttpServerTest, HeaderFloodsAre431AndClosed) {
  Serve();
  RawHttpConnection many(port_);
  std::string head = "GET /healthz HTTP/1.1\r\nHost: h\r\n";
  for (int i = 0; i < 200; ++i) head += "X-" + std::to_string(i) + ": v\r\n";
  ASSERT_TRUE(many.Send(head + "\r\n"));
  auto count = many.Read();
  ASSERT_TRUE(count);
  EXPECT_EQ(count->status, 431);
  EXPECT_TRUE(many.ClosedWithin(5000ms));

  // An endless head is cut off at the size limit, not buffered.
  RawHttpConnection endless(port_);
  ASSERT_TRUE(endless.Send("GET /healthz HTTP/1.1\r\nHost: h\r\nX-Big: "));
  size_t sent = 0;
  const std::string piece(16 * 1024, 'a');
  while (sent < (64u << 20) && endless.Send(piece)) sent += piece.size();
  EXPECT_LT(sent, 64u << 20);
  auto size = endless.Read();
  ASSERT_TRUE(size);
  EXPECT_EQ(size->status, 431);
}

TEST_F(HttpServerTest, MalformedAndSmuggledRequestsAreRefused) {
  Serve();
  RawHttpConnection c(port_);
  ASSERT_TRUE(c.Send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "0\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("both Content-Length and Transfer-Encoding"), std::string::npos) << r->body;
  EXPECT_TRUE(c.ClosedWithin(5000ms));
}

TEST_F(HttpServerTest, SlowHeadsTimeOutWithoutHoldingWorkers) {
  HttpServerLimits limits;
  limits.head_timeout = 500ms;
  limits.workers = 1;
  Serve(limits);
  // More slow clients than workers, trickling a byte at a time.
  std::vector<std::unique_ptr<RawHttpConnection>> slow;
  for (int i = 0; i < 20; ++i) {
    slow.push_back(std::make_unique<RawHttpConnection>(port_));
    ASSERT_TRUE(slow.back()->Send("GET /healthz HTTP/1.1\r\nHost: h\r\nX-A: "));
  }
  // Others are served meanwhile, by the one worker too.
  RawHttpConnection fast(port_);
  ASSERT_TRUE(fast.Send(GetRequest("/throw")));
  auto thrown = fast.Read(2000ms);
  ASSERT_TRUE(thrown);
  EXPECT_EQ(thrown->status, 500);
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) {
    for (auto& s : slow) s->Send("a");
    std::this_thread::sleep_for(100ms);
  }
  for (auto& s : slow) {
    auto r = s->Read(3000ms);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 408);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  EXPECT_GE(server_->stats().timed_out, 20u);
}

TEST_F(HttpServerTest, ProbesAnswerWhileEveryWorkerIsBusy) {
  HttpServerLimits limits;
  limits.workers = 2;
  Serve(limits);
  std::vector<std::unique_ptr<RawHttpConnection>> busy;
  for (int i = 0; i < 4; ++i) {
    busy.push_back(std::make_unique<RawHttpConnection>(port_));
    ASSERT_TRUE(busy.back()->Send(GetRequest("/slow")));
  }
  std::this_thread::sleep_for(100ms);
  RawHttpConnection probe(port_);
  ASSERT_TRUE(probe.Send(GetRequest("/healthz")));
  auto r = probe.Read(1000ms);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  release_ = true;
  for (auto& b : busy) {
    auto done = b->Read();
    ASSERT_TRUE(done);
    EXPECT_EQ(done->body, "slow\n");
  }
}

TEST_F(HttpServerTest, ConnectionsOverTheCapAre503) {
  HttpServerLimits limits;
  limits.max_connections = 8;
  Serve(limits);
  std::vector<std::unique_ptr<RawHttpConnection>> idle;
  for (int i = 0; i < 8; ++i) {
    idle.push_back(std::make_unique<RawHttpConnection>(port_));
    ASSERT_TRUE(idle.back()->Send(GetRequest("/healthz")));
    ASSERT_TRUE(idle.back()->Read());  // accepted and kept alive
  }
  RawHttpConnection extra(port_);
  auto r = extra.Read(2000ms);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(server_->stats().refused_over_capacity, 1u);
  idle.pop_back();  // a slot frees up
  std::this_thread::sleep_for(200ms);
  RawHttpConnection after(port_);
  ASSERT_TRUE(after.Send(GetRequest("/healthz")));
  auto served = after.Read();
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
}

TEST_F(HttpServerTest, BodiesInFlightShareOneBudget) {
  HttpServerLimits limits;
  limits.max_buffered_body_bytes = 1500;
  Serve(limits);
  const std::string head = "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\n";
  RawHttpConnection first(port_), second(port_);
  ASSERT_TRUE(first.Send(head + std::string(900, 'a')));
  std::this_thread::sleep_for(100ms);
  ASSERT_TRUE(second.Send(head + std::string(900, 'b')));
  auto refused = second.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  // The first body, within the budget, completes; once answered its bytes are free again.
  ASSERT_TRUE(first.Send(std::string(100, 'a')));
  auto served = first.Read();
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
  EXPECT_EQ(served->body.substr(0, 5), "1000:");
  RawHttpConnection third(port_);
  ASSERT_TRUE(third.Send(head + std::string(1000, 'c')));
  auto again = third.Read();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST_F(HttpServerTest, ASecondServerCannotTakeTheSamePort) {
  Serve();
  HttpServer second;
  auto port = second.Listen("127.0.0.1", port_);
  ASSERT_FALSE(port.ok());
  EXPECT_NE(port.status().message().find("127.0.0.1:" + std::to_string(port_)), std::string::npos)
      << port.status().message();
}

TEST(HttpServerTlsTest, ServesTlsAndNamesAnUnreadableCertificate) {
  auto dir = common::MakeUniqueDirectory(std::filesystem::temp_directory_path(), "faber-tls-");
  ASSERT_TRUE(dir.ok());
  std::string cert = (*dir / "cert.pem").string(), key = (*dir / "key.pem").string();
  std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 -keyout " + key +
                        " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << "openssl could not make a test certificate";

  HttpServer missing;
  auto refused = missing.UseTls((*dir / "absent.pem").string(), key);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("absent.pem"), std::string::npos) << refused.message();

  HttpServer server;
  ASSERT_TRUE(server.UseTls(cert, key).ok());
  server.Route("GET", "/healthz", [](const HttpRequest&) { return TextResponse(200, "ok"); });
  auto port = server.Listen("127.0.0.1", 0);
  ASSERT_TRUE(port.ok());
  server.Start();
  httplib::SSLClient client("127.0.0.1", *port);
  client.enable_server_certificate_verification(false);
  for (int i = 0; i < 2; ++i) {  // the second request reuses the TLS connection
    auto r = client.Get("/healthz");
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "ok\n");
  }
  // Plain HTTP to the TLS port is dropped, and does not disturb the server.
  RawHttpConnection plain(*port);
  plain.Send(GetRequest("/healthz"));
  EXPECT_TRUE(plain.ClosedWithin(5000ms));
  EXPECT_TRUE(client.Get("/healthz"));
  server.Stop();
  std::filesystem::remove_all(*dir);
}

}  // namespace
}  // namespace faber::webhooks
