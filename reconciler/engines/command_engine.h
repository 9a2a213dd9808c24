#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/process_runner.h"
#include "reconciler/engines/engine.h"

namespace faber::reconciler {

// The `command` engine: each operation is a shell command line from faber.yaml
// (`commands: {init, validate, plan, apply, outputs}`), run by /bin/sh -c in the environment's
// directory. An operation without a command is not run (apply is required by the schema).
class CommandEngine : public Engine {
 public:
  CommandEngine(std::map<std::string, std::string> commands, common::ProcessRunner& runner)
      : commands_(std::move(commands)), runner_(runner) {}

  EngineResult Init(const EngineContext& ctx) override { return RunOperation("init", ctx); }
  EngineResult Validate(const EngineContext& ctx) override { return RunOperation("validate", ctx); }
  EngineResult Plan(const EngineContext& ctx) override { return RunOperation("plan", ctx); }
  EngineResult Apply(const EngineContext& ctx) override { return RunOperation("apply", ctx); }
  EngineResult Outputs(const EngineContext& ctx) override { return RunOperation("outputs", ctx); }

 private:
  EngineResult RunOperation(const std::string& operation, const EngineContext& ctx);
  std::map<std::string, std::string> commands_;
  common::ProcessRunner& runner_;
};

// Where a command's machine output goes when it must reach its parser whole (see engine_json.h).
struct StdoutFile {
  std::filesystem::path path;
  size_t max_bytes = 0;  // the command is stopped, and fails, once stdout passes this
};

// Runs `argv` in `ctx` (directory, environment, timeout, cancellation, process-group journal) and
// turns the process result into an EngineResult whose output is stdout then stderr; `stdout_only`,
// when given, receives stdout alone; `to_file`, when given, receives stdout instead (the output is
// stderr alone). Shared by every engine and by command tests and checks.
EngineResult RunEngineProcess(common::ProcessRunner& runner, std::vector<std::string> argv, const EngineContext& ctx,
                              std::string* stdout_only = nullptr, const StdoutFile* to_file = nullptr);

// Runs one shell command line in `ctx` (RunEngineProcess with /bin/sh -c).
EngineResult RunShellCommand(common::ProcessRunner& runner, const std::string& command_line, const EngineContext& ctx);

}  // namespace faber::reconciler
