#include "common/clock.h"

#include <cstdio>
#include <ctime>
#include <thread>

namespace faber::common {

void SystemClock::SleepFor(Millis duration) { std::this_thread::sleep_for(duration); }

namespace {
std::tm ToUtc(TimePoint t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm;
}
}  // namespace

std::string FormatCompactUtc(TimePoint t) {
  std::tm tm = ToUtc(t);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string FormatIso8601(TimePoint t) {
  std::tm tm = ToUtc(t);
  auto millis = std::chrono::duration_cast<Millis>(t.time_since_epoch()).count() % 1000;
  if (millis < 0) millis += 1000;
  char buf[40];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof(out), "%s.%03lldZ", buf, static_cast<long long>(millis));
  return out;
}

bool ParseIso8601(const std::string& text, TimePoint* out) {
  std::tm tm{};
  int millis = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &consumed) != 6) {
    return false;
  }
  std::string rest = text.substr(static_cast<size_t>(consumed));
  if (!rest.empty() && rest[0] == '.') {
    if (std::sscanf(rest.c_str(), ".%3d", &millis) != 1) return false;
    size_t z = rest.find('Z');
    if (z == std::string::npos) return false;
    rest = rest.substr(z);
  }
  if (rest != "Z") return false;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::time_t secs = timegm(&tm);
  *out = std::chrono::system_clock::from_time_t(secs) + Millis(millis);
  return true;
}

}  // namespace faber::common
