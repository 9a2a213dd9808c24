// Terraform's numeric functions: min/max, rounding, powers and logarithms, parseint.

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "reconciler/hcl/functions_internal.h"

namespace faber::reconciler::hcl::internal {
namespace {

// min() and max() over all arguments (the table guarantees at least one).
Value Extreme(const Call& c, bool smallest) {
  double r = c.Number(0);
  for (const auto& v : c.args) r = smallest ? std::min(r, AsNumber(v)) : std::max(r, AsNumber(v));
  return Num(r);
}

Value Signum(const Call& c) {
  double x = c.Number(0);
  return Num(x > 0 ? 1 : x < 0 ? -1 : 0);
}

Value ParseInt(const Call& c) {
  std::string s = c.Str(0);
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, static_cast<int>(c.Number(1)));
  if (s.empty() || *end != '\0') throw EvalError{"parseint: cannot parse " + s};
  return Num(static_cast<double>(v));
}

constexpr FunctionEntry kNumericFunctions[] = {
    {"min", 1, kAnyCount, [](const Call& c) { return Extreme(c, true); }},
    {"max", 1, kAnyCount, [](const Call& c) { return Extreme(c, false); }},
    {"abs", 1, kAnyCount, [](const Call& c) { return Num(std::fabs(c.Number(0))); }},
    {"ceil", 1, kAnyCount, [](const Call& c) { return Num(std::ceil(c.Number(0))); }},
    {"floor", 1, kAnyCount, [](const Call& c) { return Num(std::floor(c.Number(0))); }},
    {"pow", 2, kAnyCount, [](const Call& c) { return Num(std::pow(c.Number(0), c.Number(1))); }},
    {"log", 2, kAnyCount, [](const Call& c) { return Num(std::log(c.Number(0)) / std::log(c.Number(1))); }},
    {"signum", 1, kAnyCount, Signum},
    {"parseint", 2, kAnyCount, ParseInt},
};

}  // namespace

std::span<const FunctionEntry> NumericFunctions() { return kNumericFunctions; }

}  // namespace faber::reconciler::hcl::internal
