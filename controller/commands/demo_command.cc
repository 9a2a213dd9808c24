#include "controller/commands/demo_command.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <ostream>
#include <random>
#include <thread>

#include "controller/repository_source.h"
#include "common/clock.h"
#include "common/files.h"
#include "common/http_client.h"
#include "common/process_runner.h"
#include "controller/args.h"
#include "controller/demo/demo_repository.h"
#include "controller/engine_factory.h"
#include "controller/result_printer.h"
#include "reconciler/debugger/issue_log_debugger.h"
#include "reconciler/failure_debugger.h"
#include "reconciler/repository_reconciler.h"
#include "store/git_repository.h"

namespace faber::controller {
namespace {

// Serves the deployed site, as the demo's stand-in for real infrastructure.
class SiteServer {
 public:
  explicit SiteServer(const std::filesystem::path& www) {
    std::filesystem::create_directories(www);
    server_.set_mount_point("/", www.string());
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~SiteServer() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }

 private:
  httplib::Server server_;
  int port_ = -1;
  std::thread thread_;
};

class Demo {
 public:
  Demo(std::filesystem::path root, std::ostream& out)
      : root_(std::move(root)), out_(out), repo_(root_ / "repo", runner_), engines_(runner_) {}

  int Run() {
    std::filesystem::path www = root_ / "www";
    setenv("FABER_DEMO_WWW", www.c_str(), 1);
    // A stand-in credential the deploy script prints: it must never reach the records.
    std::random_device rd;
    std::string token = "demo-token-" + std::to_string(rd()) + std::to_string(rd());
    setenv("DEMO_DEPLOY_TOKEN", token.c_str(), 1);
    SiteServer site(www);
    if (site.port() <= 0) return Fail("cannot bind a loopback port for the demo site");

    Step("1. A repository with faber.yaml, branches env/test and env/prod, a site deployed by scripts");
    if (auto s = repo_.Create(site.port()); !s.ok()) return Fail(s.message());
    out_ << "   repository: " << repo_.dir().string() << "\n   site served at http://127.0.0.1:" << site.port() << "/\n";

    Step("2. First reconcile: both environments deploy, pass their tests and are recorded");
    if (!Reconcile()) return 1;
    ShowPage(site.port(), "test");

    Step("3. Reconcile again: nothing changed, nothing runs");
    if (!Reconcile()) return 1;

    Step("4. Pull request #2 (a new section) is merged into env/test: a deploy");
    if (auto s = repo_.MergeFeature(2); !s.ok()) return Fail(s.message());
    if (!Reconcile()) return 1;
    ShowPage(site.port(), "test");

    Step("5. Pull request #3 (lists a logo nobody added) is merged into env/test: the deploy fails");
    if (auto s = repo_.MergeBrokenChange(3); !s.ok()) return Fail(s.message());
    if (!Reconcile()) return 1;
    out_ << "   the site still serves the last good version:\n";
    ShowPage(site.port(), "test");

    Step("6. The record of the failure (secrets printed by the deploy script are masked)");
    if (auto failure = repo_.Git({"show", "faber/records:deployments/test.json"}); failure.ok()) {
      auto doc = nlohmann::json::parse(*failure, nullptr, false);
      if (!doc.is_discarded()) out_ << doc["last_run"]["failure"].dump(2) << "\n";
    }

    Step("7. The audit trail: one commit per run on faber/records");
    if (auto log = repo_.Git({"log", "faber/records", "--format=%h %s%n%(trailers:only,unfold)"}); log.ok()) out_ << *log;
    out_ << "\nInspect it yourself:\n  git -C " << repo_.dir().string() << " log faber/records\n"
         << "  faber history --repo " << repo_.dir().string() << " --env test\n";
    return 0;
  }

 private:
  void Step(const std::string& title) { out_ << "\n== " << title << "\n"; }

  int Fail(const std::string& message) {
    out_ << "demo failed: " << message << "\n";
    return 1;
  }

  bool Reconcile() {
    std::filesystem::path path = repo_.dir();
    // A local directory: opened in place, so the data directory is never used.
    reconciler::RepositoryReconciler reconciler(MakeRepositoryOpener(path.string(), path),
                                                {engines_, runner_, http_, clock_, debugger_, {}});
    auto result = reconciler.ReconcileAll("", {});
    if (!result.ok()) {
      Fail(result.status().message());
      return false;
    }
    std::ostringstream lines;
    PrintEnvironmentResults(*result, lines);
    std::istringstream in(lines.str());
    for (std::string line; std::getline(in, line);) out_ << "   " << line << "\n";
    return true;
  }

  void ShowPage(int port, const std::string& env) {
    common::HttpRequest request;
    request.url = "http://127.0.0.1:" + std::to_string(port) + "/" + env + "/";
    auto page = http_.Send(request);
    if (!page.ok()) return;
    std::string body = page->body;
    auto start = body.find("<h1>");
    auto end = body.find("</body>");
    if (start != std::string::npos && end != std::string::npos) body = body.substr(start, end - start);
    out_ << "   GET " << request.url << " -> " << page->status << ": " << body << "\n";
  }

  std::filesystem::path root_;
  std::ostream& out_;
  common::PosixProcessRunner runner_;
  common::HttplibClient http_;
  common::SystemClock clock_;
  DemoRepository repo_;
  BuiltinEngineFactory engines_;
  reconciler::debugger::IssueLogDebugger debugger_{clock_};
};

}  // namespace

int RunDemoCommand(CommandContext& ctx) {
  auto args = Args::Parse(ctx.args, {"--dir", "--format"}, {});
  if (!args.ok()) {
    ctx.err << "usage: faber demo [--dir DIR]\n";
    return kExitUsage;
  }
  std::filesystem::path root;
  if (auto dir = args->Get("--dir")) {
    root = std::filesystem::absolute(*dir);
    std::error_code ec;
    if (std::filesystem::exists(root, ec) && !std::filesystem::is_empty(root, ec)) {
      ctx.err << "faber demo: " << root.string() << " is not empty\n";
      return kExitUsage;
    }
  } else {
    auto made = common::MakeUniqueDirectory(std::filesystem::temp_directory_path(), "faber-demo-");
    if (!made.ok()) {
      ctx.err << "faber demo: " << made.status().message() << "\n";
      return kExitUsage;
    }
    root = *made;
  }
  spdlog::set_level(spdlog::level::warn);  // the demo tells its own story on stdout
  return Demo(root, ctx.out).Run();
}

}  // namespace faber::controller
