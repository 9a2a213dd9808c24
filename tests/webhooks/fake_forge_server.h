#pragma once

#include <httplib.h>

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace faber::testing {

// A real HTTP server on a loopback port that plays the comment and status endpoints of GitHub,
// GitLab and Gitea: it keeps comments per pull request, records every request, and can be told to
// fail the next requests (502, or 429 with Retry-After, or a rate limit) to exercise retries. It
// knows who wrote each comment and whom the token belongs to (GET /user).
class FakeForgeServer {
 public:
  struct Recorded {
    std::string method;
    std::string path;  // with the query
    std::map<std::string, std::string> headers;
    std::string body;
  };
  struct Comment {
    int id;
    std::string body;
    std::string author;  // the login that wrote it
  };
  struct Failure {
    int status;
    std::string retry_after;  // "" for none
    std::map<std::string, std::string> headers = {};  // more answer headers, e.g. X-RateLimit-Remaining
  };

  FakeForgeServer();
  ~FakeForgeServer();

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Fails the next requests with these answers, in order.
  void FailNext(std::vector<Failure> failures);
  std::vector<Recorded> requests();
  // The login the token acts as: GET /user answers it and comments posted through the API are
  // its ("faber-bot" unless set).
  void SetLogin(const std::string& login);
  // Adds a comment written by `author` (someone else than faber) to pull request `number`.
  void AddComment(int number, const std::string& author, const std::string& body);
  // Comments of pull request `number`, in the order they were created.
  std::vector<Comment> comments(int number);
  // Makes GET of pull request `number` (GitHub and Gitea: pulls/<n>; GitLab: merge_requests/<n>)
  // answer with this target branch and head, in each forge's shape; unknown numbers get a 404.
  void SetPullRequest(int number, const std::string& base_branch, const std::string& head_sha);
  // The bodies posted as commit statuses, in order.
  std::vector<std::string> statuses();

 private:
  void Handle(const httplib::Request& req, httplib::Response& res);

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::vector<Recorded> requests_;
  std::deque<Failure> failures_;
  std::map<int, std::vector<Comment>> comments_;  // pull request -> comments
  std::vector<std::string> statuses_;
  std::map<int, std::pair<std::string, std::string>> pull_requests_;  // number -> (base, head)
  int next_id_ = 1000;
  std::string login_ = "faber-bot";
};

}  // namespace faber::testing
