#include "controller/shutdown.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <thread>

namespace faber::controller {

Shutdown& Shutdown::Install(std::chrono::milliseconds grace) {
  static Shutdown* instance = [grace] {
    auto* s = new Shutdown(grace);  // lives for the whole process, like the signals it serves
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    signal(SIGPIPE, SIG_IGN);  // a closed socket or pipe is an error return, not a death
    std::thread([s, set] {
      while (true) {
        int sig = 0;
        if (sigwait(&set, &sig) == 0) s->OnSignal();
      }
    }).detach();
    return s;
  }();
  return *instance;
}

void Shutdown::OnSignal() {
  int count;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    count = ++signals_;
  }
  cv_.notify_all();
  if (count > 1) {
    spdlog::warn("second signal: cancelling running stages now");
    cancel_.RequestCancel();
    return;
  }
  spdlog::info("stop requested: no new runs; running stages get {}s to finish", grace_.count() / 1000);
  std::thread([this] {
    std::this_thread::sleep_for(grace_);
    if (!cancel_.cancelled()) spdlog::warn("grace period over: cancelling running stages");
    cancel_.RequestCancel();
  }).detach();
}

bool Shutdown::stopping() const {
  std::lock_guard lock(mu_);
  return stopping_;
}

bool Shutdown::WaitFor(std::chrono::milliseconds duration) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, duration, [this] { return stopping_; });
}

void Shutdown::RequestStop() { OnSignal(); }

}  // namespace faber::controller
