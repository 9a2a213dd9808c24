#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <vector>

#include "common/http_client.h"

namespace faber::testing {

// Answers requests from a script of responses (the last one repeats); records every request.
class FakeHttpClient : public common::HttpClient {
 public:
  // Queues a response with `status`, `body` and `headers`.
  void AddResponse(int status, std::string body = "", std::map<std::string, std::string> headers = {}) {
    common::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    script_.push_back(r);
  }
  // Queues a transport failure.
  void AddFailure(std::string message) { script_.push_back(common::Transient(std::move(message))); }

  common::Result<common::HttpResponse> Send(const common::HttpRequest& request) override {
    std::lock_guard lock(mu_);
    requests_.push_back(request);
    if (script_.empty()) return common::Transient("no scripted response");
    auto next = script_.front();
    if (script_.size() > 1) script_.pop_front();
    return next;
  }
  std::vector<common::HttpRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  mutable std::mutex mu_;
  std::deque<common::Result<common::HttpResponse>> script_;
  std::vector<common::HttpRequest> requests_;
};

}  // namespace faber::testing
