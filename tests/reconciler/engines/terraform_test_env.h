#pragma once

// Runs the terraform engine against the stand-in binary (tests/support/fake_terraform) in a
// scratch directory, with the real process runner.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/process_runner.h"
#include "reconciler/engines/terraform_engine.h"
#include "tests/fakes/fake_clock.h"

namespace faber::testing {

inline const std::filesystem::path kFakeTerraformDir =
    std::filesystem::path(FABER_SOURCE_DIR) / "tests/support/fake_terraform";
inline const std::filesystem::path kCorpusDir = std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus";

class TerraformEngineFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("faber-tf-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(fake_dir());
    std::filesystem::create_directories(module_dir());
    settings_.binary = (kFakeTerraformDir / "terraform").string();
    settings_.workspace = "test";
    settings_.remedies.retry_interval = std::chrono::milliseconds(1000);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::filesystem::path fake_dir() const { return root_ / "fake"; }
  std::filesystem::path module_dir() const { return root_ / "module"; }

  reconciler::EngineContext Context() const {
    reconciler::EngineContext ctx;
    ctx.module_dir = module_dir();
    ctx.env = {{"PATH", "/usr/bin:/bin"}, {"FAKE_TF_DIR", fake_dir().string()}, {"FABER_ENV", "test"}};
    ctx.timeout = std::chrono::seconds(20);
    return ctx;
  }
  reconciler::TerraformEngine Engine() { return reconciler::TerraformEngine(settings_, runner_, clock_); }

  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(fake_dir() / name, std::ios::binary) << text;
  }
  std::string Read(const std::filesystem::path& path) const {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Makes the next `times` calls of `subcommand` fail with `stderr_text`.
  void FailNext(const std::string& subcommand, int times, const std::string& stderr_text) const {
    Write("fail-" + subcommand, std::to_string(times) + "\n" + stderr_text + "\n");
  }
  // The subcommand of each call, in order.
  std::vector<std::string> Calls() const {
    std::vector<std::string> out;
    std::istringstream in(Read(fake_dir() / "calls"));
    for (std::string n, sub; in >> n >> sub;) out.push_back(sub);
    return out;
  }
  // The arguments of call `n` (1-based).
  std::vector<std::string> Argv(int n) const {
    std::vector<std::string> out;
    std::istringstream in(Read(fake_dir() / ("call-" + std::to_string(n) + ".argv")));
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
  // The environment of call `n`, "NAME=value" lines.
  std::string Env(int n) const { return Read(fake_dir() / ("call-" + std::to_string(n) + ".env")); }

  std::filesystem::path root_;
  reconciler::TerraformSettings settings_;
  common::PosixProcessRunner runner_;
  FakeClock clock_;
};

}  // namespace faber::testing
