// Attacks an HTTP server the way the hardening tests of `faber serve` did, and measures what it
// costs the server: /healthz latency alone and under 70 slowloris connections plus 200 kept-alive
// clients, then a chunked body of up to 1 GB and 160 MB of headers, with the server's memory
// (RSS before, peak, after) read from /proc. Run by tests/bench/http_attack_bench.sh against
// faber and against a baseline server in the same run.
// usage: http_attack_bench <port> <server pid> [slowloris] [keep-alive clients] [seconds]

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

int g_port = 0;

int Connect() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(g_port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  int yes = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  return fd;
}

bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// Reads until a complete "\r\n\r\n"-terminated head plus a small body has arrived, or `timeout`.
// Returns the status code, 0 on timeout, -1 on close.
int ReadStatus(int fd, std::chrono::milliseconds timeout) {
  std::string in;
  auto deadline = Clock::now() + timeout;
  while (in.find("\r\n\r\n") == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return 0;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) return 0;
    char buf[4096];
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) return -1;
    in.append(buf, static_cast<size_t>(n));
  }
  return std::atoi(in.c_str() + 9);
}

const std::string kHealth = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

// One /healthz on a fresh connection: its latency in ms, or a negative number when it failed.
double ProbeOnce() {
  auto start = Clock::now();
  int fd = Connect();
  if (fd < 0) return -1;
  int status = SendAll(fd, kHealth) ? ReadStatus(fd, 2000ms) : -1;
  close(fd);
  if (status != 200) return -1;
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Latency {
  double p50 = 0, p99 = 0, max = 0;
  int failed = 0;
  int total = 0;
};

Latency Probe(int count) {
  std::vector<double> ms;
  Latency l;
  l.total = count;
  for (int i = 0; i < count; ++i) {
    double t = ProbeOnce();
    if (t < 0) {
      l.failed++;
    } else {
      ms.push_back(t);
    }
    std::this_thread::sleep_for(5ms);
  }
  if (ms.empty()) return l;
  std::sort(ms.begin(), ms.end());
  l.p50 = ms[ms.size() / 2];
  l.p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  l.max = ms.back();
  return l;
}

long ReadKb(int pid, const char* field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::string(field).size() + 1);
  }
  return -1;
}

// Samples the server's RSS while a scenario runs; the peak of that scenario alone (VmHWM is the
// peak over the whole process life).
class RssSampler {
 public:
  explicit RssSampler(int pid) : pid_(pid), before_(ReadKb(pid, "VmRSS")), peak_(before_) {
    thread_ = std::thread([this] {
      while (!stop_) {
        peak_ = std::max(peak_.load(), ReadKb(pid_, "VmRSS"));
        std::this_thread::sleep_for(20ms);
      }
    });
  }
  void Report(const char* scenario) {
    stop_ = true;
    thread_.join();
    std::this_thread::sleep_for(1s);
    std::printf("  %-34s RSS before %7ld KB, peak %7ld KB, after %7ld KB\n", scenario, before_, peak_.load(),
                ReadKb(pid_, "VmRSS"));
  }

 private:
  int pid_;
  long before_;
  std::atomic<long> peak_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Holds `slowloris` connections that trickle a header line every 2 s and never end their head
// (reconnecting when the server drops one), and `keepalive` clients that send a /healthz every
// 2 s on their own kept-alive connection, until `stop`.
void HoldLoad(int slowloris, int keepalive, const std::atomic<bool>& stop, std::atomic<int>& dropped) {
  std::vector<int> slow(static_cast<size_t>(slowloris), -1), alive(static_cast<size_t>(keepalive), -1);
  auto open_slow = [](int& fd) {
    fd = Connect();
    if (fd >= 0) SendAll(fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  };
  for (auto& fd : slow) open_slow(fd);
  for (auto& fd : alive) fd = Connect();
  int round = 0;
  while (!stop) {
    for (auto& fd : slow) {
      if (fd < 0 || !SendAll(fd, "X-Trickle-" + std::to_string(round) + ": a\r\n")) {
        if (fd >= 0) close(fd);
        dropped++;
        open_slow(fd);
      }
    }
    for (auto& fd : alive) {
      if (fd < 0 || !SendAll(fd, kHealth) || ReadStatus(fd, 2000ms) != 200) {
        if (fd >= 0) close(fd);
        fd = Connect();
      }
    }
    round++;
    for (int i = 0; i < 20 && !stop; ++i) std::this_thread::sleep_for(100ms);
  }
  for (int fd : slow) {
    if (fd >= 0) close(fd);
  }
  for (int fd : alive) {
    if (fd >= 0) close(fd);
  }
}

// Sends up to `limit` bytes of `piece` after `head`; returns how many were taken before the
// server stopped reading (answered or closed), and the status it answered (0: none).
std::pair<size_t, int> Flood(const std::string& head, const std::string& piece, size_t limit) {
  int fd = Connect();
  if (fd < 0) return {0, -1};
  timeval tv{5, 0};  // a server that stops reading without closing blocks send: give up then
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  size_t sent = 0;
  SendAll(fd, head);
  while (sent < limit && SendAll(fd, piece)) sent += piece.size();
  int status = ReadStatus(fd, 5000ms);
  close(fd);
  return {sent, status};
}

void PrintLatency(const char* label, const Latency& l) {
  std::printf("  %-34s p50 %7.2f ms, p99 %7.2f ms, max %7.2f ms, failed %d of %d\n", label, l.p50, l.p99, l.max,
              l.failed, l.total);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <port> <server pid> [slowloris] [keep-alive clients] [seconds]\n", argv[0]);
    return 2;
  }
  g_port = std::atoi(argv[1]);
  int pid = std::atoi(argv[2]);
  int slowloris = argc > 3 ? std::atoi(argv[3]) : 70;
  int keepalive = argc > 4 ? std::atoi(argv[4]) : 200;
  int seconds = argc > 5 ? std::atoi(argv[5]) : 15;

  PrintLatency("/healthz, idle", Probe(200));

  {
    RssSampler rss(pid);
    std::atomic<bool> stop{false};
    std::atomic<int> dropped{0};
    std::thread load([&] { HoldLoad(slowloris, keepalive, stop, dropped); });
    std::this_thread::sleep_for(1s);
    auto until = Clock::now() + std::chrono::seconds(seconds);
    Latency all;
    std::vector<double> samples;
    while (Clock::now() < until) {
      double t = ProbeOnce();
      all.total++;
      if (t < 0) {
        all.failed++;
      } else {
        samples.push_back(t);
      }
      std::this_thread::sleep_for(20ms);
    }
    stop = true;
    load.join();
    std::sort(samples.begin(), samples.end());
    if (!samples.empty()) {
      all.p50 = samples[samples.size() / 2];
      all.p99 = samples[std::min(samples.size() - 1, samples.size() * 99 / 100)];
      all.max = samples.back();
    }
    char label[96];
    std::snprintf(label, sizeof(label), "/healthz, %d slowloris + %d keep-alive", slowloris, keepalive);
    PrintLatency(label, all);
    std::printf("  %-34s %d slowloris connections dropped by the server in %d s\n", "", dropped.load(), seconds + 1);
    rss.Report("slowloris + keep-alive");
  }

  {
    RssSampler rss(pid);
    auto [sent, status] = Flood(
        "POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\nX-GitHub-Event: push\r\nX-GitHub-Delivery: flood-1\r\n"
        "Transfer-Encoding: chunked\r\n\r\n",
        "10000\r\n" + std::string(65536, 'x') + "\r\n", size_t{1} << 30);
    std::printf("  %-34s %zu MB sent before the server stopped reading, answer %d\n", "chunked body, up to 1 GB",
                sent >> 20, status);
    rss.Report("chunked body");
  }

  {
    RssSampler rss(pid);
    auto [sent, status] =
        Flood("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n", "X-Flood: " + std::string(1000, 'h') + "\r\n",
              size_t{160} << 20);
    std::printf("  %-34s %zu KB sent before the server stopped reading, answer %d\n", "headers, up to 160 MB",
                sent >> 10, status);
    rss.Report("header flood");
  }
  return 0;
}
