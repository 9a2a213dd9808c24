#include "reconciler/leftover_processes.h"

#include <dirent.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/process_runner.h"

namespace faber::reconciler {
namespace {

// Returns the process group of `pid` from /proc/<pid>/stat, or -1.
pid_t ProcessGroupOf(const std::string& pid) {
  std::ifstream stat("/proc/" + pid + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return -1;
  // The command name may contain spaces and parentheses: fields resume after the last ')'.
  size_t close = line.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(line.substr(close + 2));
  std::string state;
  pid_t ppid = 0, pgrp = -1;
  rest >> state >> ppid >> pgrp;
  return pgrp;
}

bool EnvironmentHas(const std::string& pid, const std::string& entry) {
  std::ifstream environ("/proc/" + pid + "/environ", std::ios::binary);
  std::string var;
  while (std::getline(environ, var, '\0')) {
    if (var == entry) return true;
  }
  return false;
}

}  // namespace

int StopLeftoverProcesses(pid_t pgid, const std::string& run_id) {
  if (pgid <= 1 || run_id.empty()) return 0;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return 0;
  const std::string marker = "FABER_RUN_ID=" + run_id;
  int found = 0;
  while (dirent* entry = readdir(proc)) {
    std::string name = entry->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (ProcessGroupOf(name) == pgid && EnvironmentHas(name, marker)) ++found;
  }
  closedir(proc);
  if (found > 0) common::StopProcessGroup(pgid, std::chrono::seconds(5));
  return found;
}

}  // namespace faber::reconciler
