#include "common/process_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/bounded_buffer.h"

extern char** environ;

namespace faber::common {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Finds `program` on the PATH the child will see (not faber's own), as the shell would.
std::string ResolveProgram(const std::string& program, const Environment& env) {
  if (program.find('/') != std::string::npos) return program;
  auto it = env.find("PATH");
  std::string path = it == env.end() ? "/usr/local/bin:/usr/bin:/bin" : it->second;
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    // An empty PATH entry means the current directory.
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return program;
}

struct Pipe {
  int read_fd = -1;
  int write_fd = -1;
  ~Pipe() {
    if (read_fd >= 0) close(read_fd);
    if (write_fd >= 0) close(write_fd);
  }
  bool Open() {
    int fds[2];
    // O_CLOEXEC: children spawned concurrently by other threads must not inherit our ends.
    if (pipe2(fds, O_CLOEXEC) != 0) return false;
    read_fd = fds[0];
    write_fd = fds[1];
    return true;
  }
  void CloseWrite() {
    if (write_fd >= 0) close(write_fd);
    write_fd = -1;
  }
  void CloseRead() {
    if (read_fd >= 0) close(read_fd);
    read_fd = -1;
  }
};

class SpawnConfig {
 public:
  SpawnConfig() {
    posix_spawn_file_actions_init(&actions_);
    posix_spawnattr_init(&attr_);
  }
  ~SpawnConfig() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attr_);
  }
  posix_spawn_file_actions_t actions_;
  posix_spawnattr_t attr_;
};

// Where one stream goes: the bounded buffer, or a file of its own limit (machine output).
class StreamSink {
 public:
  StreamSink(size_t max_buffer_bytes, int file_fd, size_t max_file_bytes)
      : buffer_(max_buffer_bytes), file_fd_(file_fd), max_file_bytes_(max_file_bytes) {}
  void Append(std::string_view data) {
    if (file_fd_ < 0) return buffer_.Append(data);
    if (exceeded_) return;  // drained and dropped until the stopped process closes the pipe
    if (max_file_bytes_ > 0 && file_bytes_ + data.size() > max_file_bytes_) {
      exceeded_ = true;
      return;
    }
    while (!data.empty() && write_error_.empty()) {
      ssize_t n = write(file_fd_, data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        write_error_ = n < 0 ? strerror(errno) : "nothing written";
        return;
      }
      file_bytes_ += static_cast<size_t>(n);
      data.remove_prefix(static_cast<size_t>(n));
    }
  }
  bool exceeded() const { return exceeded_; }
  const std::string& write_error() const { return write_error_; }  // "" when every write succeeded
  size_t file_bytes() const { return file_bytes_; }
  std::string Take() const { return buffer_.Take(); }

 private:
  BoundedBuffer buffer_;
  int file_fd_;
  size_t max_file_bytes_;
  size_t file_bytes_ = 0;
  bool exceeded_ = false;
  std::string write_error_;
};

// Reads what is available on `fd` into `sink`; returns false at end of file or error.
bool Drain(int fd, StreamSink& sink) {
  char chunk[65536];
  ssize_t n = read(fd, chunk, sizeof(chunk));
  if (n > 0) {
    sink.Append(std::string_view(chunk, static_cast<size_t>(n)));
    return true;
  }
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  return false;
}

// Closes a file descriptor at the end of a scope.
struct FileCloser {
  int fd = -1;
  ~FileCloser() {
    if (fd >= 0) close(fd);
  }
};

}  // namespace

std::string ProcessResult::Describe() const {
  if (timed_out) return "timed out after " + std::to_string(duration.count()) + "ms";
  if (stdout_file_exceeded)
    return "stopped: stdout over the limit after " + std::to_string(stdout_file_bytes) + " bytes";
  if (cancelled) return "cancelled";
  if (term_signal != 0) return std::string("killed by signal ") + strsignal(term_signal);
  return "exit code " + std::to_string(exit_code);
}

Environment InheritVariables(const std::vector<std::string>& names) {
  Environment env;
  for (const auto& name : names) {
    if (const char* value = std::getenv(name.c_str())) env[name] = value;
  }
  return env;
}

bool IsLiveProcess(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  // "pid (comm) state ...": comm may hold spaces and parentheses, so read after the last ')'.
  auto close = line.rfind(')');
  if (close == std::string::npos || close + 2 >= line.size()) return false;
  char state = line[close + 2];
  return state != 'Z' && state != 'X';
}

namespace {

// A group whose members are all zombies is stopped: their reaping is up to their parent (often
// init), which faber does not control.
bool GroupHasLiveMembers(pid_t pgid) {
  if (kill(-pgid, 0) != 0 && errno == ESRCH) return false;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    pid_t pid = std::stoi(name);
    if (getpgid(pid) == pgid && IsLiveProcess(pid)) return true;
  }
  return false;
}

bool WaitForGroupToEnd(pid_t pgid, std::chrono::milliseconds limit) {
  auto deadline = SteadyClock::now() + limit;
  do {
    if (!GroupHasLiveMembers(pgid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (SteadyClock::now() < deadline);
  return !GroupHasLiveMembers(pgid);
}

}  // namespace

bool StopProcessGroup(pid_t pgid, std::chrono::milliseconds grace) {
  if (pgid <= 1) return true;
  if (kill(-pgid, SIGTERM) != 0) return errno == ESRCH;
  if (WaitForGroupToEnd(pgid, grace)) return true;
  kill(-pgid, SIGKILL);
  return WaitForGroupToEnd(pgid, std::chrono::milliseconds(1000));
}

Result<ProcessResult> PosixProcessRunner::Run(const ProcessSpec& spec) {
  if (spec.argv.empty()) return InvalidInput("process: empty argv");
  Pipe in, out, err;
  if (!in.Open() || !out.Open() || !err.Open()) return Internal(std::string("pipe: ") + strerror(errno));

  SpawnConfig config;
  posix_spawn_file_actions_adddup2(&config.actions_, in.read_fd, 0);
  posix_spawn_file_actions_adddup2(&config.actions_, out.write_fd, 1);
  posix_spawn_file_actions_adddup2(&config.actions_, err.write_fd, 2);
  if (!spec.working_dir.empty()) {
    posix_spawn_file_actions_addchdir_np(&config.actions_, spec.working_dir.c_str());
  }
  // Own process group, so a timeout can stop the whole tree; default signal handling and an
  // empty mask, whatever faber itself has set up.
  sigset_t empty_mask, default_signals;
  sigemptyset(&empty_mask);
  sigemptyset(&default_signals);
  for (int s : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGQUIT}) sigaddset(&default_signals, s);
  posix_spawnattr_setpgroup(&config.attr_, 0);
  posix_spawnattr_setsigmask(&config.attr_, &empty_mask);
  posix_spawnattr_setsigdefault(&config.attr_, &default_signals);
  posix_spawnattr_setflags(&config.attr_, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::string program = ResolveProgram(spec.argv[0], spec.env);
  std::vector<char*> argv;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : spec.env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  if (!spec.working_dir.empty()) {
    struct stat st;
    if (stat(spec.working_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return NotFound("process: working directory " + spec.working_dir + " does not exist");
    }
  }

  FileCloser stdout_file;
  if (!spec.stdout_file.empty()) {
    // 0600: machine output such as a plan's JSON holds sensitive values.
    stdout_file.fd = open(spec.stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (stdout_file.fd < 0) return Internal("process: cannot write " + spec.stdout_file + ": " + strerror(errno));
  }

  auto started = SteadyClock::now();
  pid_t pid = 0;
  int rc = posix_spawn(&pid, program.c_str(), &config.actions_, &config.attr_, argv.data(), envp.data());
  if (rc != 0) return NotFound("process: cannot start " + spec.argv[0] + ": " + strerror(rc));
  setpgid(pid, pid);  // harmless if the child already did it; closes the race either way
  in.CloseRead();
  out.CloseWrite();
  err.CloseWrite();

  ProcessResult result;
  result.pgid = pid;
  if (spec.on_started) spec.on_started(pid);

  // Feed stdin from a thread so a child that does not read cannot block us.
  std::thread feeder;
  if (!spec.stdin_data.empty()) {
    int fd = in.write_fd;
    in.write_fd = -1;
    std::string data = spec.stdin_data;
    feeder = std::thread([fd, data = std::move(data)] {
      signal(SIGPIPE, SIG_IGN);
      size_t off = 0;
      while (off < data.size()) {
        ssize_t n = write(fd, data.data() + off, data.size() - off);
        if (n <= 0) break;
        off += static_cast<size_t>(n);
      }
      close(fd);
    });
  } else {
    in.CloseWrite();
  }

  StreamSink out_buf(spec.max_output_bytes, stdout_file.fd, spec.max_stdout_file_bytes);
  StreamSink err_buf(spec.max_output_bytes, -1, 0);
  bool exited = false;
  int wait_status = 0;
  bool kill_requested = false;
  SteadyClock::time_point kill_sent{};
  SteadyClock::time_point exited_at{};
  bool sigkill_sent = false;

  while (true) {
    struct pollfd fds[2];
    int nfds = 0;
    if (out.read_fd >= 0) fds[nfds++] = {out.read_fd, POLLIN, 0};
    if (err.read_fd >= 0) fds[nfds++] = {err.read_fd, POLLIN, 0};
    if (nfds > 0) {
      int ready = poll(fds, static_cast<nfds_t>(nfds), 50);
      for (int i = 0; ready > 0 && i < nfds; ++i) {
        if (fds[i].revents == 0) continue;
        bool is_out = fds[i].fd == out.read_fd;
        if (!Drain(fds[i].fd, is_out ? out_buf : err_buf)) (is_out ? out : err).CloseRead();
      }
    } else if (!exited) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    auto now = SteadyClock::now();
    if (!exited) {
      pid_t w = waitpid(pid, &wait_status, WNOHANG);
      if (w == pid) {
        exited = true;
        exited_at = now;
      }
    }
    if (!exited && !kill_requested) {
      bool timeout = spec.timeout.count() > 0 && now - started >= spec.timeout;
      bool cancel = spec.cancel != nullptr && spec.cancel->cancelled();
      bool too_much = out_buf.exceeded();
      if (timeout || cancel || too_much) {
        result.timed_out = timeout;
        result.cancelled = !timeout && cancel;
        result.stdout_file_exceeded = too_much;
        kill(-pid, SIGTERM);
        kill_requested = true;
        kill_sent = now;
      }
    }
    if (!exited && kill_requested && !sigkill_sent && now - kill_sent >= spec.kill_grace) {
      kill(-pid, SIGKILL);
      sigkill_sent = true;
    }
    if (exited) {
      // Descendants may keep the pipes open (a daemon started by a deploy script): read what is
      // already written, then stop waiting for an end of file that may never come.
      bool streams_closed = out.read_fd < 0 && err.read_fd < 0;
      if (streams_closed || now - exited_at >= std::chrono::milliseconds(200)) break;
    }
  }
  if (kill_requested) kill(-pid, SIGKILL);  // nothing of a stopped run may survive it
  if (feeder.joinable()) feeder.join();

  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started);
  if (WIFEXITED(wait_status)) {
    result.exit_code = WEXITSTATUS(wait_status);
  } else if (WIFSIGNALED(wait_status)) {
    result.term_signal = WTERMSIG(wait_status);
  }
  if (stdout_file.fd >= 0) {
    if (!out_buf.write_error().empty()) {
      return Internal("process: writing " + spec.stdout_file + ": " + out_buf.write_error());
    }
    result.stdout_file_bytes = out_buf.file_bytes();
    result.stdout_file_exceeded = out_buf.exceeded();
  } else {
    result.stdout_text = out_buf.Take();
  }
  result.stderr_text = err_buf.Take();
  return result;
}

}  // namespace faber::common
