#include "tests/webhooks/fake_forge_server.h"

#include <nlohmann/json.hpp>
#include <regex>

namespace faber::testing {

FakeForgeServer::FakeForgeServer() {
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); };
  server_.Get(".*", handler);
  server_.Post(".*", handler);
  server_.Patch(".*", handler);
  server_.Put(".*", handler);
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeForgeServer::~FakeForgeServer() {
  server_.stop();
  thread_.join();
}

void FakeForgeServer::FailNext(std::vector<Failure> failures) {
  std::lock_guard lock(mu_);
  for (auto& f : failures) failures_.push_back(f);
}

std::vector<FakeForgeServer::Recorded> FakeForgeServer::requests() {
  std::lock_guard lock(mu_);
  return requests_;
}

void FakeForgeServer::SetLogin(const std::string& login) {
  std::lock_guard lock(mu_);
  login_ = login;
}

void FakeForgeServer::AddComment(int number, const std::string& author, const std::string& body) {
  std::lock_guard lock(mu_);
  comments_[number].push_back({next_id_++, body, author});
}

std::vector<FakeForgeServer::Comment> FakeForgeServer::comments(int number) {
  std::lock_guard lock(mu_);
  return comments_[number];
}

void FakeForgeServer::SetPullRequest(int number, const std::string& base_branch, const std::string& head_sha) {
  std::lock_guard lock(mu_);
  pull_requests_[number] = {base_branch, head_sha};
}

std::vector<std::string> FakeForgeServer::statuses() {
  std::lock_guard lock(mu_);
  return statuses_;
}

void FakeForgeServer::Handle(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard lock(mu_);
  // The target as sent (GitLab's "group%2Fname" stays encoded), with the query sorted.
  std::string target = req.target.substr(0, req.target.find('?'));
  Recorded r{req.method, target, {}, req.body};
  if (!req.params.empty()) {
    std::string query;
    for (const auto& [k, v] : req.params) query += (query.empty() ? "?" : "&") + k + "=" + v;
    r.path += query;
  }
  for (const auto& [k, v] : req.headers) r.headers[k] = v;
  requests_.push_back(r);
  if (!failures_.empty()) {
    Failure f = failures_.front();
    failures_.pop_front();
    res.status = f.status;
    if (!f.retry_after.empty()) res.set_header("Retry-After", f.retry_after);
    for (const auto& [name, value] : f.headers) res.set_header(name, value);
    res.set_content("{\"message\":\"try later\"}", "application/json");
    return;
  }
  // The three forges' paths, the pull request's number in group 1 and a comment id in group 2.
  static const std::regex kList(R"(.*/(?:issues|merge_requests)/(\d+)/(?:comments|notes))");
  static const std::regex kEditGithubGitea(R"(.*/issues/comments/(\d+))");
  static const std::regex kEditGitlab(R"(.*/merge_requests/(\d+)/notes/(\d+))");
  static const std::regex kStatus(R"(.*/statuses/([0-9a-f]+))");
  static const std::regex kPull(R"(.*/pulls/(\d+))");
  static const std::regex kMergeRequest(R"(.*/merge_requests/(\d+))");
  std::smatch m;
  nlohmann::json body = req.body.empty() ? nlohmann::json() : nlohmann::json::parse(req.body, nullptr, false);
  if (req.method == "GET" && req.path.ends_with("/user")) {
    // GitHub and Gitea name the account "login", GitLab "username".
    res.set_content(nlohmann::json{{"id", 1}, {"login", login_}, {"username", login_}}.dump(), "application/json");
    return;
  }
  if (std::regex_match(req.path, m, kList)) {
    int number = std::stoi(m[1]);
    auto& list = comments_[number];
    if (req.method == "GET") {
      // Pages of the size each forge uses (Gitea: limit=50; GitHub and GitLab: per_page=100).
      int page = req.has_param("page") ? std::stoi(req.get_param_value("page")) : 1;
      size_t per_page = req.has_param("limit") ? 50 : 100;
      nlohmann::json out = nlohmann::json::array();
      for (size_t i = (page - 1) * per_page; i < list.size() && i < page * per_page; ++i) {
        // GitHub and Gitea say who wrote a comment in user.login, GitLab in author.username.
        const char* who = req.path.find("/merge_requests/") != std::string::npos ? "author" : "user";
        const char* name = who[0] == 'a' ? "username" : "login";
        out.push_back({{"id", list[i].id}, {"body", list[i].body}, {who, {{name, list[i].author}}}});
      }
      res.set_content(out.dump(), "application/json");
      return;
    }
    list.push_back({next_id_++, body.value("body", ""), login_});
    res.status = 201;
    res.set_content(nlohmann::json{{"id", list.back().id}}.dump(), "application/json");
    return;
  }
  if (std::regex_match(req.path, m, kEditGitlab) || std::regex_match(req.path, m, kEditGithubGitea)) {
    int id = std::stoi(m[m.size() - 1]);
    for (auto& [number, list] : comments_) {
      for (auto& c : list) {
        if (c.id != id) continue;
        c.body = body.value("body", "");
        res.set_content(nlohmann::json{{"id", id}}.dump(), "application/json");
        return;
      }
    }
    res.status = 404;
    return;
  }
  bool github_style = std::regex_match(req.path, m, kPull);
  if ((github_style || std::regex_match(req.path, m, kMergeRequest)) && req.method == "GET") {
    auto it = pull_requests_.find(std::stoi(m[1]));
    if (it == pull_requests_.end()) {
      res.status = 404;
      res.set_content("{\"message\":\"Not Found\"}", "application/json");
      return;
    }
    const auto& [base, head] = it->second;
    // The fields faber reads among a few of the many each forge sends.
    nlohmann::json doc = github_style
        ? nlohmann::json{{"number", it->first}, {"state", "open"}, {"base", {{"ref", base}, {"sha", "0000000"}}},
                         {"head", {{"ref", "feature"}, {"sha", head}}}}
        : nlohmann::json{{"iid", it->first}, {"state", "opened"}, {"target_branch", base}, {"source_branch", "feature"},
                         {"sha", head}};
    res.set_content(doc.dump(), "application/json");
    return;
  }
  if (std::regex_match(req.path, m, kStatus) && req.method == "POST") {
    statuses_.push_back(req.body);
    res.status = 201;
    res.set_content("{}", "application/json");
    return;
  }
  res.status = 404;
  res.set_content("{\"message\":\"Not Found\"}", "application/json");
}

}  // namespace faber::testing
