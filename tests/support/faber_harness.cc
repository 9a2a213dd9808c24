#include "tests/support/faber_harness.h"

#include <regex>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "common/files.h"

extern char** environ;

namespace faber::testing {

ScratchDir::ScratchDir() {
  path_ = *common::MakeUniqueDirectory(std::filesystem::temp_directory_path(), "faber-it-");
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

common::Environment TestEnvironment() {
  common::Environment env = common::InheritVariables({"PATH", "HOME", "TMPDIR"});
  env["GIT_AUTHOR_NAME"] = env["GIT_COMMITTER_NAME"] = "Test Developer";
  env["GIT_AUTHOR_EMAIL"] = env["GIT_COMMITTER_EMAIL"] = "dev@example.com";
  env["GIT_CONFIG_NOSYSTEM"] = "1";
  env["FABER_LOG_LEVEL"] = "info";
  return env;
}

WorkTree::WorkTree(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
  Git({"init", "-q", "-b", "main"});
}

common::ProcessResult WorkTree::TryGit(const std::vector<std::string>& args) const {
  common::PosixProcessRunner runner;
  common::ProcessSpec spec;
  spec.argv = {"git"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.working_dir = dir_.string();
  spec.env = TestEnvironment();
  spec.max_output_bytes = size_t{256} << 20;  // tests read whole records, some of many megabytes
  auto r = runner.Run(spec);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : common::ProcessResult{};
}

std::string WorkTree::Git(const std::vector<std::string>& args) const {
  auto r = TryGit(args);
  std::string joined;
  for (const auto& a : args) joined += a + " ";
  EXPECT_EQ(r.exit_code, 0) << "git " << joined << ": " << r.stderr_text;
  return r.stdout_text;
}

void WorkTree::Write(const std::string& path, const std::string& content, bool executable) const {
  auto full = dir_ / path;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream(full) << content;
  if (executable) chmod(full.c_str(), 0755);
}

std::string WorkTree::CommitAll(const std::string& message) const {
  Git({"add", "-A"});
  Git({"commit", "-q", "--allow-empty", "-m", message});
  return Head("HEAD");
}

void WorkTree::Checkout(const std::string& branch, bool create) const {
  if (create) {
    Git({"checkout", "-q", "-b", branch});
  } else {
    Git({"checkout", "-q", branch});
  }
}

std::string WorkTree::Head(const std::string& ref) const {
  std::string out = Git({"rev-parse", ref});
  return out.substr(0, out.find('\n'));
}

std::map<std::string, std::string> WorkTree::Files(const std::string& ref) const {
  std::map<std::string, std::string> files;
  std::istringstream names(Git({"ls-tree", "-r", "--name-only", ref}));
  for (std::string name; std::getline(names, name);) files[name] = Git({"show", ref + ":" + name});
  return files;
}

std::string WorkTree::AllHistoryContent(const std::string& ref) const {
  std::string all;
  std::istringstream commits(Git({"rev-list", ref}));
  for (std::string commit; std::getline(commits, commit);) {
    for (const auto& [name, content] : Files(commit)) all += name + "\n" + content + "\n";
    all += Git({"log", "-1", "--format=%B", commit});
  }
  return all;
}

common::ProcessResult RunFaber(const std::vector<std::string>& args, const common::Environment& extra,
                               std::chrono::milliseconds timeout) {
  common::PosixProcessRunner runner;
  common::ProcessSpec spec;
  spec.argv = {FABER_BINARY};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.env = TestEnvironment();
  for (const auto& [k, v] : extra) spec.env[k] = v;
  spec.timeout = timeout;
  auto r = runner.Run(spec);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : common::ProcessResult{};
}

FaberProcess::FaberProcess(const std::vector<std::string>& args, const common::Environment& extra) {
  stderr_path_ = std::filesystem::temp_directory_path() / ("faber-stderr-" + std::to_string(getpid()) + "-" +
                                                           std::to_string(reinterpret_cast<uintptr_t>(this)));
  std::vector<std::string> argv_strings = {FABER_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  common::Environment env = TestEnvironment();
  for (const auto& [k, v] : extra) env[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int rc = posix_spawn(&pid_, FABER_BINARY, &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(rc, 0);
}

FaberProcess::~FaberProcess() {
  if (pid_ > 0 && !reaped_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ec;
  std::filesystem::remove(stderr_path_, ec);
}

void FaberProcess::Signal(int signal) const { kill(pid_, signal); }

std::optional<int> FaberProcess::Wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

std::string FaberProcess::Stderr() const {
  auto text = common::ReadFile(stderr_path_);
  return text.ok() ? *text : "";
}

bool WaitUntil(const std::function<bool()>& predicate, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return predicate();
}

int ListeningPort(FaberProcess& faber) {
  static const std::regex kListening(R"(listening on 127\.0\.0\.1:(\d+))");
  int port = 0;
  WaitUntil(
      [&] {
        std::smatch m;
        std::string err = faber.Stderr();
        if (!std::regex_search(err, m, kListening)) return false;
        port = std::stoi(m[1]);
        return true;
      },
      std::chrono::seconds(20));
  return port;
}

std::string CorpusErrorMessage(const std::string& code, const std::string& text) {
  std::ifstream in(std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/errors/dev.jsonl");
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    std::string message = j["message"];
    if (j["code"].is_string() && j["code"] == code && message.find(text) != std::string::npos) return message;
  }
  ADD_FAILURE() << "no corpus error " << code << " containing " << text;
  return "";
}

}  // namespace faber::testing
