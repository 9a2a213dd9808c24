// ParseDuration: the one duration syntax of faber.yaml and server.yaml (and of CLI flags).

#include <cctype>
#include <charconv>
#include <cstdint>
#include <cmath>

#include "manifests/faber_config.h"

namespace faber::manifests {
namespace {

// Far beyond any sensible timeout, and far below where a double stops holding whole milliseconds.
constexpr double kMaxMilliseconds = 1e15;

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool ParseDuration(const std::string& text, std::chrono::milliseconds* out) {
  if (text.empty()) return false;
  size_t i = 0;
  while (i < text.size() && IsDigit(text[i])) ++i;
  if (i == text.size()) {  // a bare integer counts seconds, as YAML users write `timeout: 30`
    if (text.size() > 12) return false;
    int64_t seconds = 0;
    std::from_chars(text.data(), text.data() + text.size(), seconds);
    *out = std::chrono::seconds(seconds);
    return true;
  }
  double total_ms = 0;
  i = 0;
  while (i < text.size()) {
    // One component: digits, an optional fraction, then a unit.
    size_t start = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    if (i < text.size() && text[i] == '.') {
      ++i;
      size_t fraction = i;
      while (i < text.size() && IsDigit(text[i])) ++i;
      if (i == fraction) return false;
    }
    if (i == start || i - start > 15) return false;
    double amount = 0;  // from_chars, unlike stod, ignores the locale's decimal separator
    std::from_chars(text.data() + start, text.data() + i, amount);
    double unit_ms = 0;
    if (text.compare(i, 2, "ms") == 0) {
      unit_ms = 1;
      i += 2;
    } else if (i < text.size() && (text[i] == 's' || text[i] == 'm' || text[i] == 'h')) {
      unit_ms = text[i] == 's' ? 1e3 : text[i] == 'm' ? 60e3 : 3600e3;
      ++i;
    } else {
      return false;
    }
    total_ms += amount * unit_ms;
    if (total_ms > kMaxMilliseconds) return false;
  }
  *out = std::chrono::milliseconds(static_cast<int64_t>(std::llround(total_ms)));
  return true;
}

}  // namespace faber::manifests
