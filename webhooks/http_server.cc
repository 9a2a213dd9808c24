#include "webhooks/http_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <strings.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <spdlog/spdlog.h>

#include "webhooks/http_transport.h"

namespace faber::webhooks {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kReadChunk = 64 * 1024;
// After an answer that ends the connection early (413, 431, ...), what the client still sends is
// read and dropped for a while, so closing does not reset the connection before the client has
// read the answer; bounded in time and bytes.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 4 * 1024 * 1024;
// How often deadlines are checked: timeouts are enforced to within this.
constexpr auto kTimerTick = std::chrono::milliseconds(100);

struct RouteEntry {
  std::string method;
  std::string path;
  HttpHandler handler;
  size_t max_body_bytes = 0;
  bool on_event_loop = false;
};

enum class Phase { kHead, kBody, kHandling, kWriting, kLingering };

struct Connection {
  uint64_t id = 0;
  std::unique_ptr<Transport> transport;
  Phase phase = Phase::kHead;
  bool head_started = false;  // a byte of the current request has arrived
  std::string in;             // received, not yet consumed
  HttpRequest request;
  HttpBodyReader body;
  const RouteEntry* route = nullptr;
  bool head_only = false;  // a HEAD request: the answer carries no body
  bool keep_alive = true;  // what the request asked for (kept: the request moves to a worker)
  std::string out;
  size_t out_offset = 0;
  bool close_after = false;
  size_t served = 0;
  size_t lingered = 0;
  size_t held_body = 0;  // body bytes of this connection counted in buffered_bodies
  Clock::time_point deadline;
};

// A complete request on its way to a worker, and the answer on its way back.
struct Job {
  uint64_t connection = 0;
  const RouteEntry* route = nullptr;
  HttpRequest request;
};

struct Done {
  uint64_t connection = 0;
  HttpResponse response;
};

std::string Serialize(const HttpResponse& response, bool close, bool head_only) {
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " + HttpReason(response.status) + "\r\n";
  out += "Content-Type: " + response.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  for (const auto& [name, value] : response.headers) {
    // A value with a line break would let a handler's echo of input split the answer.
    if (name.find_first_of("\r\n:") != std::string::npos || value.find_first_of("\r\n") != std::string::npos) continue;
    out += name + ": " + value + "\r\n";
  }
  out += close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
  if (!head_only) out += response.body;
  return out;
}

}  // namespace

struct HttpServer::Impl {
  explicit Impl(HttpServerLimits l) : limits(std::move(l)) {}

  HttpServerLimits limits;
  std::shared_ptr<TlsContext> tls;
  std::vector<RouteEntry> routes;
  int listener = -1;
  int wake = -1;   // eventfd: workers and Stop() wake the loop
  int epoll = -1;
  std::thread loop;
  std::vector<std::thread> workers;
  std::atomic<bool> stopping{false};
  bool started = false;

  // The loop's own state (touched by the loop thread only).
  std::map<uint64_t, std::unique_ptr<Connection>> connections;
  // Connections with input to look at before the next wait (a pipelined request, TLS's own
  // buffer, a lingering close): handled by the loop, not by recursion, so a client that pipelines
  // many requests cannot deepen the stack.
  std::vector<uint64_t> runnable;
  std::vector<char> read_buffer = std::vector<char>(kReadChunk);
  uint64_t next_id = 1;
  size_t buffered_bodies = 0;  // request body bytes held, being read or handled, on all connections
  bool accepting = true;
  Clock::time_point accept_resume;

  std::mutex mu;  // guards jobs, done and workers_stop
  std::condition_variable jobs_ready;
  std::deque<Job> jobs;
  std::vector<Done> done;
  bool workers_stop = false;

  std::atomic<uint64_t> accepted{0}, over_capacity{0}, timed_out{0}, refused{0}, requests{0};
  std::atomic<size_t> open{0};

  void Run();
  void WorkerLoop();
  void Accept();
  void OnEvent(Connection& c, uint32_t events);
  void ReadAvailable(Connection& c);
  void Advance(Connection& c);
  void StartHead(Connection& c);
  void Dispatch(Connection& c);
  void Answer(Connection& c, HttpResponse response);
  // Counts `bytes` more of `c`'s body against the server-wide budget; Release returns them.
  void Hold(Connection& c, size_t bytes);
  void Release(Connection& c);
  void Refuse(Connection& c, int status, const std::string& reason);
  void Flush(Connection& c);
  void Rearm(Connection& c);
  void Close(uint64_t id);
  void CheckDeadlines();
  void DeliverDone();
  void RunRunnable();
  const RouteEntry* FindRoute(const std::string& method, const std::string& path, std::string& allowed) const;
};

HttpServer::HttpServer(HttpServerLimits limits) : impl_(std::make_unique<Impl>(std::move(limits))) {}

HttpServer::~HttpServer() {
  Stop();
  if (impl_->listener >= 0) close(impl_->listener);
}

common::Status HttpServer::UseTls(const std::string& cert_file, const std::string& key_file) {
  auto tls = TlsContext::Load(cert_file, key_file);
  if (!tls.ok()) return tls.status();
  impl_->tls = *tls;
  return common::Status::Ok();
}

void HttpServer::Route(const std::string& method, const std::string& path, HttpHandler handler,
                       size_t max_body_bytes, bool on_event_loop) {
  impl_->routes.push_back({method, path, std::move(handler), max_body_bytes, on_event_loop});
}

common::Result<int> HttpServer::Listen(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  std::string port_text = std::to_string(port);
  const char* node = host.empty() || host == "*" ? nullptr : host.c_str();
  if (int rc = getaddrinfo(node, port_text.c_str(), &hints, &found); rc != 0) {
    return common::InvalidInput("listen: cannot resolve '" + host + "': " + gai_strerror(rc));
  }
  std::string last_error = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int yes = 1;
    // SO_REUSEADDR only: SO_REUSEPORT would let a second faber bind the same port and silently
    // take a share of the webhooks.
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, 1024) == 0) {
      impl_->listener = fd;
      break;
    }
    last_error = strerror(errno);
    close(fd);
  }
  freeaddrinfo(found);
  if (impl_->listener < 0) {
    return common::InvalidInput("listen: cannot bind " + host + ":" + port_text + " (" + last_error + ")");
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof(bound);
  getsockname(impl_->listener, reinterpret_cast<sockaddr*>(&bound), &length);
  if (bound.ss_family == AF_INET6) return static_cast<int>(ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port));
  return static_cast<int>(ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port));
}

void HttpServer::Start() {
  Impl& s = *impl_;
  if (s.started || s.listener < 0) return;
  s.started = true;
  // TLS writes go through write(2), which raises SIGPIPE on a connection the client reset: for a
  // server that is an error return, never a reason to die.
  signal(SIGPIPE, SIG_IGN);
  s.wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  s.epoll = epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = 0;  // the listener
  epoll_ctl(s.epoll, EPOLL_CTL_ADD, s.listener, &ev);
  ev.data.u64 = UINT64_MAX;  // the wake-up descriptor
  epoll_ctl(s.epoll, EPOLL_CTL_ADD, s.wake, &ev);
  for (size_t i = 0; i < std::max<size_t>(1, s.limits.workers); ++i) s.workers.emplace_back([&s] { s.WorkerLoop(); });
  s.loop = std::thread([&s] { s.Run(); });
}

void HttpServer::Stop() {
  Impl& s = *impl_;
  if (!s.started) return;
  s.stopping = true;
  uint64_t one = 1;
  [[maybe_unused]] ssize_t n = write(s.wake, &one, sizeof(one));
  if (s.loop.joinable()) s.loop.join();
  {
    std::lock_guard<std::mutex> lock(s.mu);
    s.workers_stop = true;
  }
  s.jobs_ready.notify_all();
  for (auto& w : s.workers) w.join();
  s.workers.clear();
  close(s.epoll);
  close(s.wake);
  s.started = false;
}

HttpServerStats HttpServer::stats() const {
  const Impl& s = *impl_;
  return {s.accepted.load(), s.over_capacity.load(), s.timed_out.load(), s.refused.load(), s.requests.load(),
          s.open.load()};
}

void HttpServer::Impl::WorkerLoop() {
  while (true) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mu);
      jobs_ready.wait(lock, [this] { return workers_stop || !jobs.empty(); });
      // Stopping: requests not answered yet are dropped, unacknowledged (their connections are
      // closed), rather than acted on after the server said nothing.
      if (workers_stop) return;
      job = std::move(jobs.front());
      jobs.pop_front();
    }
    HttpResponse response;
    try {
      response = job.route->handler(job.request);
    } catch (const std::exception& e) {
      spdlog::error("http: {} {}: {}", job.request.method, job.request.path, e.what());
      response = TextResponse(500, "internal error");
    } catch (...) {
      spdlog::error("http: {} {}: unknown exception", job.request.method, job.request.path);
      response = TextResponse(500, "internal error");
    }
    {
      std::lock_guard<std::mutex> lock(mu);
      done.push_back({job.connection, std::move(response)});
    }
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = write(wake, &one, sizeof(one));
  }
}

void HttpServer::Impl::Run() {
  auto last_tick = Clock::now();
  std::vector<epoll_event> events(256);
  while (!stopping) {
    int n = epoll_wait(epoll, events.data(), static_cast<int>(events.size()),
                       static_cast<int>(kTimerTick.count()));
    for (int i = 0; i < n; ++i) {
      uint64_t key = events[i].data.u64;
      if (key == 0) {
        Accept();
      } else if (key == UINT64_MAX) {
        uint64_t count;
        [[maybe_unused]] ssize_t r = read(wake, &count, sizeof(count));
        DeliverDone();
      } else if (auto it = connections.find(key); it != connections.end()) {
        OnEvent(*it->second, events[i].events);
      }
    }
    RunRunnable();
    auto now = Clock::now();
    if (now - last_tick >= kTimerTick) {
      last_tick = now;
      CheckDeadlines();
      if (!accepting && now >= accept_resume) {
        accepting = true;
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = 0;
        epoll_ctl(epoll, EPOLL_CTL_MOD, listener, &ev);
      }
    }
  }
  while (!connections.empty()) Close(connections.begin()->first);
}

void HttpServer::Impl::RunRunnable() {
  while (!runnable.empty()) {
    std::vector<uint64_t> now;
    now.swap(runnable);
    for (uint64_t id : now) {
      auto it = connections.find(id);
      if (it == connections.end()) continue;
      Connection& c = *it->second;
      if (c.phase == Phase::kHead && !c.in.empty()) Advance(c);
      if (connections.count(id) == 0) continue;
      if (c.phase == Phase::kHead || c.phase == Phase::kBody || c.phase == Phase::kLingering) {
        ReadAvailable(c);
      } else {
        Rearm(c);
      }
    }
  }
}

void HttpServer::Impl::Accept() {
  while (true) {
    int fd = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: stop listening for a moment instead of spinning on the backlog.
        spdlog::warn("http: cannot accept connections: {}", strerror(errno));
        accepting = false;
        accept_resume = Clock::now() + std::chrono::milliseconds(500);
        epoll_event ev{};
        ev.data.u64 = 0;
        epoll_ctl(epoll, EPOLL_CTL_MOD, listener, &ev);
      }
      return;
    }
    accepted++;
    if (connections.size() >= limits.max_connections) {
      over_capacity++;
      if (!tls) {
        static const std::string kBusy =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n"
            "Retry-After: 1\r\nConnection: close\r\n\r\ntoo many connections";
        [[maybe_unused]] ssize_t w = send(fd, kBusy.data(), kBusy.size(), MSG_NOSIGNAL);
      }
      close(fd);
      continue;
    }
    int yes = 1;
    // Answers go out as one write, but without TCP_NODELAY a 100-continue or a second segment
    // would wait for the client's delayed ACK (~40 ms).
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    auto c = std::make_unique<Connection>();
    c->id = next_id++;
    c->transport = std::make_unique<Transport>(fd, tls);
    // The handshake and the first head must both arrive within one head timeout of connecting:
    // a first byte does not restart the clock.
    c->deadline = Clock::now() + limits.head_timeout;
    c->head_started = true;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = c->id;
    epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev);
    open = connections.size() + 1;
    connections.emplace(c->id, std::move(c));
  }
}

void HttpServer::Impl::OnEvent(Connection& c, uint32_t events) {
  uint64_t id = c.id;
  if ((events & (EPOLLERR | EPOLLHUP)) && !(events & EPOLLIN)) {
    Close(id);
    return;
  }
  if (c.out_offset < c.out.size()) {
    Flush(c);  // an answer, or a 100-continue sent while the request is read
    if (connections.count(id) == 0) return;
  }
  if (c.phase == Phase::kHead || c.phase == Phase::kBody || c.phase == Phase::kLingering) ReadAvailable(c);
}

void HttpServer::Impl::ReadAvailable(Connection& c) {
  uint64_t id = c.id;
  char* buffer = read_buffer.data();
  while (c.phase == Phase::kHead || c.phase == Phase::kBody || c.phase == Phase::kLingering) {
    // A head is buffered only up to one byte past its limit, so an unfinished head costs at most
    // that much per connection.
    size_t want = read_buffer.size();
    if (c.phase == Phase::kHead) {
      want = std::min(want, std::max<size_t>(1, limits.head.max_head_bytes + 1 - std::min(c.in.size(), limits.head.max_head_bytes)));
    }
    IoResult r = c.transport->Read(buffer, want);
    if (r.status == IoStatus::kWouldBlock) break;
    if (r.status != IoStatus::kDone) {
      Close(id);
      return;
    }
    if (c.phase == Phase::kLingering) {
      c.lingered += r.bytes;
      if (c.lingered > kLingerBytes) {
        Close(id);
        return;
      }
      continue;
    }
    if (c.phase == Phase::kHead && !c.head_started) {
      c.head_started = true;
      c.deadline = Clock::now() + limits.head_timeout;
    }
    c.in.append(buffer, r.bytes);
    Advance(c);
    if (connections.find(id) == connections.end()) return;
  }
  Rearm(c);
}

void HttpServer::Impl::StartHead(Connection& c) {
  c.phase = Phase::kHead;
  c.request = HttpRequest();
  c.route = nullptr;
  c.head_only = false;
  c.keep_alive = true;
  c.head_started = !c.in.empty();
  c.deadline = Clock::now() + (c.head_started ? limits.head_timeout : limits.idle_timeout);
}

void HttpServer::Impl::Advance(Connection& c) {
  if (c.phase == Phase::kHead) {
    auto end = FindHeadEnd(c.in);
    if (!end) {
      if (c.in.size() > limits.head.max_head_bytes) {
        Refuse(c, 431, "request head larger than " + std::to_string(limits.head.max_head_bytes) + " bytes");
      }
      return;
    }
    if (auto refusal = ParseRequestHead(std::string_view(c.in).substr(0, *end), limits.head, c.request)) {
      Refuse(c, refusal->status, refusal->reason);
      return;
    }
    c.in.erase(0, *end);
    c.keep_alive = c.request.KeepAlive();
    std::string allowed;
    c.route = FindRoute(c.request.method, c.request.path, allowed);
    c.head_only = c.request.method == "HEAD";
    size_t max_body = c.route != nullptr ? c.route->max_body_bytes : 0;
    if (auto refusal = HttpBodyReader::Frame(c.request, max_body, c.body)) {
      // No route takes a body here: say what is wrong with the target first.
      if (c.route == nullptr && refusal->status == 413) {
        Refuse(c, allowed.empty() ? 404 : 405, allowed.empty() ? "not found" : "method not allowed");
      } else {
        Refuse(c, refusal->status, refusal->reason);
      }
      return;
    }
    if (c.route == nullptr) {
      HttpResponse response = TextResponse(allowed.empty() ? 404 : 405,
                                           allowed.empty() ? "not found" : "method not allowed");
      if (!allowed.empty()) response.headers.emplace_back("Allow", allowed);
      // The body (if any) is not read: closing is simpler than skipping it.
      response.close = !c.body.done();
      c.phase = Phase::kHandling;
      Answer(c, std::move(response));
      return;
    }
    if (!c.body.done() && strcasecmp(c.request.Header("expect").c_str(), "100-continue") == 0) {
      c.out += "HTTP/1.1 100 Continue\r\n\r\n";
      Flush(c);  // the client waits for it before sending the body
      if (connections.find(c.id) == connections.end()) return;
    }
    c.phase = Phase::kBody;
    c.deadline = Clock::now() + limits.body_timeout;
  }
  if (c.phase == Phase::kBody) {
    size_t before = c.request.body.size();
    size_t used = c.body.Consume(c.in, c.request.body);
    c.in.erase(0, used);
    Hold(c, c.request.body.size() - before);
    if (c.body.refusal()) {
      Refuse(c, c.body.refusal()->status, c.body.refusal()->reason);
      return;
    }
    if (buffered_bodies > limits.max_buffered_body_bytes) {
      Refuse(c, 503, "too many request bodies in flight; retry later");
      return;
    }
    if (c.body.done()) Dispatch(c);
  }
}

const RouteEntry* HttpServer::Impl::FindRoute(const std::string& method, const std::string& path,
                                              std::string& allowed) const {
  const std::string& wanted = method == "HEAD" ? std::string("GET") : method;
  for (const auto& r : routes) {
    if (r.path != path) continue;
    if (r.method == wanted) return &r;
    allowed += (allowed.empty() ? "" : ", ") + r.method + (r.method == "GET" ? ", HEAD" : "");
  }
  return nullptr;
}

void HttpServer::Impl::Dispatch(Connection& c) {
  c.phase = Phase::kHandling;
  c.deadline = Clock::time_point::max();  // a handler is not timed out: it ends on its own
  requests++;
  if (c.route->on_event_loop) {
    HttpResponse response;
    try {
      response = c.route->handler(c.request);
    } catch (...) {
      response = TextResponse(500, "internal error");
    }
    Answer(c, std::move(response));
    return;
  }
  Rearm(c);  // nothing is read while the handler runs
  {
    std::lock_guard<std::mutex> lock(mu);
    jobs.push_back({c.id, c.route, std::move(c.request)});
  }
  jobs_ready.notify_one();
}

void HttpServer::Impl::DeliverDone() {
  std::vector<Done> ready;
  {
    std::lock_guard<std::mutex> lock(mu);
    ready.swap(done);
  }
  for (auto& d : ready) {
    auto it = connections.find(d.connection);
    if (it == connections.end()) continue;  // the client went away meanwhile
    Answer(*it->second, std::move(d.response));
  }
}

void HttpServer::Impl::Hold(Connection& c, size_t bytes) {
  c.held_body += bytes;
  buffered_bodies += bytes;
}

void HttpServer::Impl::Release(Connection& c) {
  buffered_bodies -= c.held_body;
  c.held_body = 0;
}

void HttpServer::Impl::Answer(Connection& c, HttpResponse response) {
  Release(c);
  c.served++;
  c.close_after = response.close || !c.keep_alive || c.served >= limits.max_requests_per_connection || stopping;
  c.out += Serialize(response, c.close_after, c.head_only);
  c.phase = Phase::kWriting;
  c.deadline = Clock::now() + limits.write_timeout;
  Flush(c);
}

void HttpServer::Impl::Refuse(Connection& c, int status, const std::string& reason) {
  refused++;
  HttpResponse response = TextResponse(status, reason);
  response.close = true;  // what is left of the request is not read: the connection ends here
  c.phase = Phase::kHandling;
  Answer(c, std::move(response));
}

void HttpServer::Impl::Flush(Connection& c) {
  uint64_t id = c.id;
  while (c.out_offset < c.out.size()) {
    IoResult r = c.transport->Write(c.out.data() + c.out_offset, c.out.size() - c.out_offset);
    if (r.status == IoStatus::kWouldBlock) {
      Rearm(c);
      return;
    }
    if (r.status != IoStatus::kDone) {
      Close(id);
      return;
    }
    c.out_offset += r.bytes;
  }
  c.out.clear();
  c.out_offset = 0;
  if (c.phase != Phase::kWriting) return;  // a 100-continue: the request goes on
  if (c.close_after) {
    c.transport->ShutdownWrite();
    c.phase = Phase::kLingering;
    c.deadline = Clock::now() + kLingerTime;
  } else {
    StartHead(c);
  }
  // The next request may already be here, in the buffer (pipelined) or inside TLS's own buffer,
  // which the socket's readiness does not show.
  Rearm(c);
  runnable.push_back(id);
}

void HttpServer::Impl::Rearm(Connection& c) {
  epoll_event ev{};
  ev.data.u64 = c.id;
  switch (c.phase) {
    case Phase::kHead:
    case Phase::kBody:
    case Phase::kLingering:
      ev.events = EPOLLIN;
      break;
    case Phase::kWriting:
      ev.events = EPOLLOUT;
      break;
    case Phase::kHandling:
      ev.events = 0;
      break;
  }
  if (c.transport->wants_write()) ev.events |= EPOLLOUT;
  if (c.transport->wants_read()) ev.events |= EPOLLIN;
  if (!c.out.empty() && c.out_offset < c.out.size()) ev.events |= EPOLLOUT;
  epoll_ctl(epoll, EPOLL_CTL_MOD, c.transport->fd(), &ev);
}

void HttpServer::Impl::Close(uint64_t id) {
  auto it = connections.find(id);
  if (it == connections.end()) return;
  Release(*it->second);
  epoll_ctl(epoll, EPOLL_CTL_DEL, it->second->transport->fd(), nullptr);
  connections.erase(it);  // the transport closes the descriptor
  open = connections.size();
}

void HttpServer::Impl::CheckDeadlines() {
  auto now = Clock::now();
  std::vector<uint64_t> expired;
  for (const auto& [id, c] : connections) {
    if (now >= c->deadline) expired.push_back(id);
  }
  for (uint64_t id : expired) {
    auto it = connections.find(id);
    if (it == connections.end()) continue;
    Connection& c = *it->second;
    bool mid_request = (c.phase == Phase::kHead && c.head_started) || c.phase == Phase::kBody;
    if (c.phase != Phase::kLingering) timed_out++;
    if (mid_request) {
      Refuse(c, 408, "request not received in time");  // then lingers briefly, and closes
      if (auto again = connections.find(id); again != connections.end() && again->second->phase == Phase::kLingering) {
        again->second->deadline = now + std::chrono::milliseconds(200);
      }
    } else {
      Close(id);
    }
  }
}

}  // namespace faber::webhooks
