#pragma once

#include <chrono>
#include <map>
#include <string>

#include "common/status.h"

namespace faber::common {

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // http:// or https://
  std::map<std::string, std::string> headers;
  std::string body;
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;
};

// Outbound HTTP as a dependency (health checks, forge APIs); tests use a fake or a real local server.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Sends `request`; an HTTP error status is a response, only a transport failure is an error.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

// The real client (cpp-httplib, TLS through OpenSSL).
class HttplibClient : public HttpClient {
 public:
  Result<HttpResponse> Send(const HttpRequest& request) override;
};

}  // namespace faber::common
