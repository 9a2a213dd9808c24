#include "common/http_client.h"

#include <httplib.h>

#include <re2/re2.h>

namespace faber::common {

Result<HttpResponse> HttplibClient::Send(const HttpRequest& request) {
  static const re2::RE2 kUrl(R"((?i)(https?)://([^/?#]+)([^#]*))");
  std::string scheme, host, rest;
  if (!re2::RE2::FullMatch(request.url, kUrl, &scheme, &host, &rest)) return InvalidInput("http: malformed URL " + request.url);
  std::string scheme_host = scheme + "://" + host;
  std::string path = rest.empty() ? "/" : rest;

  httplib::Client client(scheme_host);
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(request.timeout);
  auto usecs = std::chrono::duration_cast<std::chrono::microseconds>(request.timeout - secs);
  client.set_connection_timeout(secs.count(), usecs.count());
  client.set_read_timeout(secs.count(), usecs.count());
  client.set_write_timeout(secs.count(), usecs.count());
  client.set_follow_location(false);
  httplib::Headers headers(request.headers.begin(), request.headers.end());
  std::string content_type = "application/json";
  if (auto it = request.headers.find("Content-Type"); it != request.headers.end()) content_type = it->second;

  httplib::Result res{nullptr, httplib::Error::Unknown};
  if (request.method == "GET") {
    res = client.Get(path, headers);
  } else if (request.method == "POST") {
    res = client.Post(path, headers, request.body, content_type);
  } else if (request.method == "PATCH") {
    res = client.Patch(path, headers, request.body, content_type);
  } else if (request.method == "PUT") {
    res = client.Put(path, headers, request.body, content_type);
  } else if (request.method == "DELETE") {
    res = client.Delete(path, headers, request.body, content_type);
  } else {
    return InvalidInput("http: unsupported method " + request.method);
  }
  if (!res) {
    return Transient("http: " + request.method + " " + scheme_host + path + " failed: " + httplib::to_string(res.error()));
  }
  HttpResponse out;
  out.status = res->status;
  out.body = res->body;
  for (const auto& [k, v] : res->headers) out.headers[k] = v;
  return out;
}

}  // namespace faber::common
