// `faber serve` with a repository URL carrying credentials: neither its log nor /metrics shows them.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <fstream>

#include "tests/support/faber_harness.h"

namespace faber::testing {
namespace {

using namespace std::chrono_literals;

TEST(UrlUserinfoTest, ServeLogsAndLabelsTheRepositoryWithoutItsCredentials) {
  ScratchDir scratch;
  // Nothing listens on port 1 of loopback: every fetch fails at once, and is logged and counted.
  const std::string token = "ghp_Zr7TqLw0mX4vN9sK2bY6cJ8dF1gH3jP5aQ0e";
  const std::string url = "http://deploy:" + token + "@127.0.0.1:1/org/infra.git";
  const std::string shown = "http://127.0.0.1:1/org/infra.git";
  std::ofstream(scratch.path() / "server.yaml")
      << "listen: 127.0.0.1:0\ndata_dir: " << (scratch.path() / "data").string()
      << "\npoll_interval: 1s\nrepositories:\n  - url: " << url << "\n";
  FaberProcess faber({"serve", "--config", (scratch.path() / "server.yaml").string()});
  int port = ListeningPort(faber);
  ASSERT_GT(port, 0) << faber.Stderr();
  const std::string counter = "faber_reconcile_errors_total{repository=\"" + shown + "\"}";
  std::string metrics;
  ASSERT_TRUE(WaitUntil(
      [&] {
        httplib::Client client("127.0.0.1", port);
        auto res = client.Get("/metrics");
        metrics = res && res->status == 200 ? res->body : "";
        return metrics.find(counter) != std::string::npos;
      },
      20s))
      << metrics << faber.Stderr();
  faber.Signal(SIGTERM);
  faber.Wait(20s);
  const std::string log = faber.Stderr();
  EXPECT_NE(log.find(shown + ": "), std::string::npos) << log;  // the failure is logged, naming the repository
  EXPECT_EQ(log.find(token), std::string::npos) << log;
  EXPECT_EQ(log.find("//deploy"), std::string::npos) << log;
  EXPECT_EQ(metrics.find(token), std::string::npos) << metrics;
  EXPECT_EQ(metrics.find("//deploy"), std::string::npos) << metrics;
}

}  // namespace
}  // namespace faber::testing
