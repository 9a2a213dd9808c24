#pragma once

// A client that speaks HTTP/1.1 byte by byte over a real loopback socket, for driving a server
// the way hostile or slow clients do (partial heads, floods, pipelining), which a library client
// will not do.

#include <chrono>
#include <optional>
#include <string>

namespace faber::webhooks {

struct RawResponse {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
};

class RawHttpConnection {
 public:
  // Connects to 127.0.0.1:`port`; ok() tells whether it did.
  explicit RawHttpConnection(int port);
  ~RawHttpConnection();
  RawHttpConnection(const RawHttpConnection&) = delete;
  RawHttpConnection& operator=(const RawHttpConnection&) = delete;

  bool ok() const { return fd_ >= 0; }
  // Sends all of `data`; false when the connection is gone.
  bool Send(const std::string& data);
  // Reads one response (head and a Content-Length body, unless `head_only`: the answer to HEAD);
  // nullopt on timeout or close first.
  std::optional<RawResponse> Read(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000),
                                  bool head_only = false);
  // Whether the server closed the connection within `timeout` (reads and drops what comes first).
  bool ClosedWithin(std::chrono::milliseconds timeout);

 private:
  // Waits for more bytes into buffer_; false on timeout or close.
  bool Fill(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string buffer_;
};

// "GET `path` HTTP/1.1" with a Host header and `extra` header lines (each ending in \r\n).
std::string GetRequest(const std::string& path, const std::string& extra = "");

}  // namespace faber::webhooks
