#include "common/process_runner.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace faber::common {
namespace {

using namespace std::chrono_literals;

ProcessSpec Shell(const std::string& script) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.env = {{"PATH", "/usr/bin:/bin"}};
  return spec;
}

TEST(ProcessRunnerTest, CapturesStdoutStderrAndExitCode) {
  PosixProcessRunner runner;
  auto r = runner.Run(Shell("echo out; echo err >&2; exit 3"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->stdout_text, "out\n");
  EXPECT_EQ(r->stderr_text, "err\n");
  EXPECT_FALSE(r->Succeeded());
  EXPECT_EQ(r->Describe(), "exit code 3");
}

TEST(ProcessRunnerTest, PassesOnlyTheGivenEnvironment) {
  setenv("FABER_TEST_LEAK", "leaked", 1);
  PosixProcessRunner runner;
  ProcessSpec spec = Shell("echo \"[$FABER_TEST_LEAK][$ONLY]\"");
  spec.env["ONLY"] = "given";
  auto r = runner.Run(spec);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->stdout_text, "[][given]\n");
}

TEST(ProcessRunnerTest, RunsInTheWorkingDirectoryAndFeedsStdin) {
  PosixProcessRunner runner;
  ProcessSpec spec = Shell("pwd; cat");
  spec.working_dir = "/tmp";
  spec.stdin_data = "from stdin";
  auto r = runner.Run(spec);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->stdout_text, "/tmp\nfrom stdin");
}

TEST(ProcessRunnerTest, MissingWorkingDirectoryOrProgramIsAnError) {
  PosixProcessRunner runner;
  ProcessSpec spec = Shell("true");
  spec.working_dir = "/nonexistent/dir";
  EXPECT_EQ(runner.Run(spec).status().kind(), ErrorKind::kNotFound);
  ProcessSpec missing;
  missing.argv = {"faber-no-such-program"};
  missing.env = {{"PATH", "/usr/bin:/bin"}};
  auto r = runner.Run(missing);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("faber-no-such-program"), std::string::npos);
}

bool ProcessExists(pid_t pid) { return IsLiveProcess(pid); }

TEST(ProcessRunnerTest, TimeoutKillsTheWholeProcessGroup) {
  PosixProcessRunner runner;
  auto dir = std::filesystem::temp_directory_path() / ("faber-pr-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  // The grandchild writes its pid, then both sleep far longer than the timeout.
  ProcessSpec spec = Shell("sh -c 'echo $$ > grandchild.pid; exec sleep 30' & sleep 30");
  spec.working_dir = dir.string();
  spec.timeout = 300ms;
  spec.kill_grace = 200ms;
  auto start = std::chrono::steady_clock::now();
  auto r = runner.Run(spec);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->timed_out);
  EXPECT_FALSE(r->Succeeded());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  std::ifstream pid_file(dir / "grandchild.pid");
  pid_t grandchild = 0;
  pid_file >> grandchild;
  ASSERT_GT(grandchild, 0);
  for (int i = 0; i < 100 && ProcessExists(grandchild); ++i) std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(ProcessExists(grandchild)) << "grandchild survived the timeout";
  std::filesystem::remove_all(dir);
}

TEST(ProcessRunnerTest, CancelStopsTheProcess) {
  PosixProcessRunner runner;
  CancelToken cancel;
  ProcessSpec spec = Shell("sleep 30");
  spec.cancel = &cancel;
  spec.kill_grace = 200ms;
  pid_t started_group = 0;
  spec.on_started = [&](pid_t pgid) { started_group = pgid; };
  std::thread canceller([&] {
    std::this_thread::sleep_for(200ms);
    cancel.RequestCancel();
  });
  auto r = runner.Run(spec);
  canceller.join();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->cancelled);
  EXPECT_EQ(r->term_signal, SIGTERM);
  EXPECT_EQ(started_group, r->pgid);
}

TEST(ProcessRunnerTest, ABackgroundedDaemonDoesNotHoldTheRunOpen) {
  PosixProcessRunner runner;
  // The daemon inherits stdout and keeps it open for 5 s; the run must still end promptly.
  auto start = std::chrono::steady_clock::now();
  auto r = runner.Run(Shell("(sleep 5 &) ; echo done"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->stdout_text, "done\n");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST(ProcessRunnerTest, LargeOutputIsBoundedKeepingTheEnd) {
  PosixProcessRunner runner;
  ProcessSpec spec = Shell("yes line | head -n 200000; echo THE-END");
  spec.max_output_bytes = 64 * 1024;
  auto r = runner.Run(spec);
  ASSERT_TRUE(r.ok());
  EXPECT_LE(r->stdout_text.size(), 64 * 1024 + 64);
  EXPECT_NE(r->stdout_text.find("THE-END"), std::string::npos);
  EXPECT_NE(r->stdout_text.find("bytes omitted"), std::string::npos);
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(ProcessRunnerTest, StdoutToAFileKeepsAllOfItBeyondTheOutputCap) {
  PosixProcessRunner runner;
  auto file = std::filesystem::temp_directory_path() / ("faber-stdout-" + std::to_string(::getpid()));
  // 600,000 numbered lines (about 4.5 MB) against a cap of 64 KiB: the middle would be elided.
  ProcessSpec spec = Shell("seq 1 600000; echo on-stderr >&2");
  spec.max_output_bytes = 64 * 1024;
  spec.stdout_file = file.string();
  spec.max_stdout_file_bytes = 8 << 20;
  auto r = runner.Run(spec);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->Succeeded());
  EXPECT_TRUE(r->stdout_text.empty());
  EXPECT_EQ(r->stderr_text, "on-stderr\n");
  std::string text = ReadAll(file);
  EXPECT_EQ(r->stdout_file_bytes, text.size());
  std::string expected;
  for (int i = 1; i <= 600000; ++i) expected += std::to_string(i) + "\n";
  EXPECT_EQ(text, expected);  // every line, in order, nothing elided
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::remove(file);
}

TEST(ProcessRunnerTest, StdoutPastTheFileLimitStopsTheProcess) {
  PosixProcessRunner runner;
  auto file = std::filesystem::temp_directory_path() / ("faber-stdout-limit-" + std::to_string(::getpid()));
  // An endless writer: only the limit ends it.
  ProcessSpec spec = Shell("yes 0123456789abcdef");
  spec.stdout_file = file.string();
  spec.max_stdout_file_bytes = 1 << 20;
  spec.kill_grace = 1s;
  auto start = std::chrono::steady_clock::now();
  auto r = runner.Run(spec);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  EXPECT_TRUE(r->stdout_file_exceeded);
  EXPECT_FALSE(r->Succeeded());
  EXPECT_LE(r->stdout_file_bytes, size_t{1} << 20);
  EXPECT_EQ(std::filesystem::file_size(file), r->stdout_file_bytes);
  EXPECT_NE(r->Describe().find("stdout over the limit"), std::string::npos) << r->Describe();
  std::filesystem::remove(file);
}

TEST(ProcessRunnerTest, StopProcessGroupEndsALeftoverGroup) {
  PosixProcessRunner runner;
  ProcessSpec spec = Shell("setsid sh -c 'echo $$; exec sleep 30' &");
  auto r = runner.Run(spec);
  ASSERT_TRUE(r.ok());
  pid_t leftover = std::stoi(r->stdout_text);
  ASSERT_TRUE(ProcessExists(leftover));
  EXPECT_TRUE(StopProcessGroup(leftover, 500ms));
  EXPECT_FALSE(ProcessExists(leftover));
}

}  // namespace
}  // namespace faber::common
