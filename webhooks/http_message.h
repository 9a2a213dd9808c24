#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace faber::webhooks {

// One HTTP/1.x request as faber's server hands it to a route: the head parsed, the body whole
// (de-chunked, already within the route's cap).
struct HttpRequest {
  std::string method;  // as sent (methods are case-sensitive)
  std::string path;    // the target up to '?', percent-encoding kept
  std::string query;   // after '?', "" when none
  int minor_version = 1;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in arrival order
  std::string body;

  // The first header named `name` (any case), "" when absent.
  std::string Header(std::string_view name) const;
  // Whether the client asked to keep the connection open (HTTP/1.1 unless "close", HTTP/1.0 only
  // with "keep-alive").
  bool KeepAlive() const;
};

// What a route answers.
struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (no framing ones)
  bool close = false;  // close the connection after this answer
};

// The reason phrase of an HTTP status code ("Unknown" for codes faber never sends).
const char* HttpReason(int status);

// A plain-text answer: `status` with `message` and a newline as the body.
HttpResponse TextResponse(int status, std::string message);

}  // namespace faber::webhooks
