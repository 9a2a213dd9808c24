#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/cancel_token.h"
#include "common/status.h"

namespace faber::common {

using Environment = std::map<std::string, std::string>;

// What to run. Nothing is inherited from faber's own environment: `env` is the whole of it.
struct ProcessSpec {
  std::vector<std::string> argv;          // argv[0] is resolved against env["PATH"] when it has no '/'
  std::string working_dir;                // empty: faber's current directory
  Environment env;
  std::chrono::milliseconds timeout{0};   // 0: no timeout
  std::chrono::milliseconds kill_grace{std::chrono::seconds(5)};  // SIGTERM before SIGKILL
  std::string stdin_data;
  const CancelToken* cancel = nullptr;    // when set and cancelled, the process group is stopped
  std::function<void(pid_t pgid)> on_started;  // e.g. to journal the group for crash recovery
  size_t max_output_bytes = 4 << 20;      // per stream; the middle of longer output is elided
  // When set, stdout is written whole to this file (created 0600, truncated) instead of being
  // captured under `max_output_bytes`: machine output such as `terraform show -json`, which must
  // reach its parser intact. The process is stopped once stdout would pass `max_stdout_file_bytes`.
  std::string stdout_file;
  size_t max_stdout_file_bytes = 0;  // with `stdout_file`; 0: no limit
};

// What happened. A non-zero exit is data, not an error.
struct ProcessResult {
  int exit_code = -1;        // -1 when killed by a signal
  int term_signal = 0;       // the signal that ended the process, 0 if it exited
  bool timed_out = false;
  bool cancelled = false;
  pid_t pgid = 0;
  std::string stdout_text;  // empty when the spec sent stdout to a file
  std::string stderr_text;
  size_t stdout_file_bytes = 0;       // bytes written to the spec's stdout_file
  bool stdout_file_exceeded = false;  // stdout passed max_stdout_file_bytes; the process was stopped
  std::chrono::milliseconds duration{0};

  // True when the process exited by itself with status 0 and its stdout fitted its file's limit.
  bool Succeeded() const { return exit_code == 0 && !timed_out && !cancelled && !stdout_file_exceeded; }
  // Returns a one-line description such as "exit code 3", "timed out after 10s" or "stopped: stdout
  // over 1024 bytes".
  std::string Describe() const;
};

// Runs external programs; an interface so the logic around it can be tested with a fake.
class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  // Runs `spec` to completion; an error only when the process could not be started.
  virtual Result<ProcessResult> Run(const ProcessSpec& spec) = 0;
};

// The real runner: each child leads its own process group, and a timeout or cancel kills the group.
class PosixProcessRunner : public ProcessRunner {
 public:
  Result<ProcessResult> Run(const ProcessSpec& spec) override;
};

// Returns the variables of faber's own environment named in `names` (missing ones are skipped).
Environment InheritVariables(const std::vector<std::string>& names);

// True when `pid` names a process that is running (not a zombie awaiting its parent).
bool IsLiveProcess(pid_t pid);

// Stops a process group left behind (e.g. by a crashed faber): SIGTERM, then SIGKILL after `grace`.
// Returns true when no process of the group remains.
bool StopProcessGroup(pid_t pgid, std::chrono::milliseconds grace);

}  // namespace faber::common
