#include "tests/webhooks/raw_http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace faber::webhooks {

RawHttpConnection::RawHttpConnection(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ >= 0 && connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd_);
    fd_ = -1;
  }
}

RawHttpConnection::~RawHttpConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawHttpConnection::Send(const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

bool RawHttpConnection::Fill(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  if (left.count() < 0) return false;
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
  char chunk[65536];
  ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

std::optional<RawResponse> RawHttpConnection::Read(std::chrono::milliseconds timeout, bool head_only) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!Fill(deadline)) return std::nullopt;
  }
  RawResponse response;
  response.head = buffer_.substr(0, end + 2);
  response.status = std::atoi(response.head.c_str() + std::strlen("HTTP/1.1 "));
  size_t length = 0;
  if (size_t at = response.head.find("Content-Length: "); at != std::string::npos) {
    length = std::strtoul(response.head.c_str() + at + std::strlen("Content-Length: "), nullptr, 10);
  }
  // Interim answers (100 Continue) and HEAD answers carry no body.
  if (response.status == 100 || head_only) length = 0;
  while (buffer_.size() < end + 4 + length) {
    if (!Fill(deadline)) return std::nullopt;
  }
  response.body = buffer_.substr(end + 4, length);
  buffer_.erase(0, end + 4 + length);
  return response;
}

bool RawHttpConnection::ClosedWithin(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (poll(&p, 1, static_cast<int>(std::max<long>(0, left.count()))) <= 0) return false;
    char chunk[65536];
    ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return true;
  }
  return false;
}

std::string GetRequest(const std::string& path, const std::string& extra) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

}  // namespace faber::webhooks
