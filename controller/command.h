#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace faber::controller {

// What a subcommand gets: its own arguments (after the subcommand name) and the two streams.
// stdout carries results (JSON with --format json), stderr carries logs and errors.
struct CommandContext {
  std::vector<std::string> args;
  std::ostream& out;
  std::ostream& err;
};

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;  // the thing checked failed (blocking findings, failed deploy)
inline constexpr int kExitUsage = 2;        // usage or input error

using CommandFn = int (*)(CommandContext& ctx);

struct CommandSpec {
  const char* name;
  const char* usage;    // e.g. "faber validate DIR [--format text|json]"
  const char* summary;  // one line for `faber help`
  CommandFn run;
};

// Returns the table of every subcommand.
const std::vector<CommandSpec>& Commands();
// Runs the subcommand named by argv[1]; returns the process exit code.
int RunCli(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace faber::controller
