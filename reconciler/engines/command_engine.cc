#include "reconciler/engines/command_engine.h"

namespace faber::reconciler {

EngineResult RunEngineProcess(common::ProcessRunner& runner, std::vector<std::string> argv, const EngineContext& ctx,
                              std::string* stdout_only, const StdoutFile* to_file) {
  common::ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.working_dir = ctx.module_dir.string();
  spec.env = ctx.env;
  spec.timeout = ctx.timeout;
  spec.cancel = ctx.cancel;
  spec.on_started = ctx.on_started;
  if (to_file != nullptr) {
    spec.stdout_file = to_file->path.string();
    spec.max_stdout_file_bytes = to_file->max_bytes;
  }

  EngineResult result;
  result.ran = true;
  if (ctx.deadline) {
    // Every command of a stage shares the stage's time: a retried or second command gets what is left.
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*ctx.deadline - std::chrono::steady_clock::now());
    if (left <= std::chrono::milliseconds(0)) {
      result.ok = false;
      result.exit_code = -1;
      result.timed_out = true;
      result.detail = "not started: the stage's time ran out";
      result.output = result.detail;
      return result;
    }
    if (spec.timeout.count() <= 0 || left < spec.timeout) spec.timeout = left;
  }
  auto run = runner.Run(spec);
  if (!run.ok()) {
    // Could not even start (missing directory or program): a failure of the operation, with the reason.
    result.ok = false;
    result.exit_code = -1;
    result.output = run.status().message();
    result.detail = run.status().message();
    return result;
  }
  result.ok = run->Succeeded();
  result.exit_code = run->exit_code;
  result.timed_out = run->timed_out;
  result.cancelled = run->cancelled;
  result.duration = run->duration;
  result.output = run->stdout_text;
  if (!run->stderr_text.empty()) {
    if (!result.output.empty() && result.output.back() != '\n') result.output += '\n';
    result.output += run->stderr_text;
  }
  if (stdout_only != nullptr) *stdout_only = run->stdout_text;
  result.detail = run->Describe();
  if (run->stdout_file_exceeded) {
    result.detail = "stopped: its JSON on stdout passed the limit of " + std::to_string(to_file->max_bytes) +
                    " bytes (" + spec.stdout_file + ")";
    result.output += (result.output.empty() ? "" : "\n") + result.detail;
  }
  return result;
}

EngineResult RunShellCommand(common::ProcessRunner& runner, const std::string& command_line, const EngineContext& ctx) {
  return RunEngineProcess(runner, {"/bin/sh", "-c", command_line}, ctx);
}

EngineResult CommandEngine::RunOperation(const std::string& operation, const EngineContext& ctx) {
  auto it = commands_.find(operation);
  if (it == commands_.end() || it->second.empty()) {
    EngineResult skipped;
    skipped.detail = "not configured";
    return skipped;
  }
  return RunShellCommand(runner_, it->second, ctx);
}

}  // namespace faber::reconciler
