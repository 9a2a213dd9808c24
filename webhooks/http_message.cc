#include "webhooks/http_message.h"

#include <strings.h>

#include <algorithm>
#include <cctype>

namespace faber::webhooks {

std::string HttpRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  }
  return "";
}

bool HttpRequest::KeepAlive() const {
  std::string connection = Header("connection");
  std::transform(connection.begin(), connection.end(), connection.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  auto has = [&connection](std::string_view option) { return connection.find(option) != std::string::npos; };
  return minor_version >= 1 ? !has("close") : has("keep-alive");
}

const char* HttpReason(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

HttpResponse TextResponse(int status, std::string message) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(message) + "\n";
  return response;
}

}  // namespace faber::webhooks
