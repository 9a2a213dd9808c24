#include "reconciler/hcl/value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "reconciler/model/resource_model.h"

namespace faber::reconciler::hcl {

Value Num(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
    return static_cast<int64_t>(v);
  }
  return v;
}

double AsNumber(const Value& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size()) return d;
  }
  throw EvalError{"a number is required, got " + TypeName(v)};
}

bool AsBool(const Value& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    if (v == "true") return true;
    if (v == "false") return false;
  }
  throw EvalError{"a bool is required, got " + TypeName(v)};
}

std::string NumberToString(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e21) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  // The shortest form that reads back as the same double.
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string AsString(const Value& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return NumberToString(v.get<double>());
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  throw EvalError{"a string is required, got " + TypeName(v)};
}

Value StripResourceMarkers(Value v) {
  if (v.is_object()) {
    auto marker = v.find(kResourceKey);
    if (marker != v.end()) return MakeUnknown(marker->is_string() ? marker->get<std::string>() : "resource");
    for (auto& [k, item] : v.items()) item = StripResourceMarkers(std::move(item));
  } else if (v.is_array()) {
    for (auto& item : v) item = StripResourceMarkers(std::move(item));
  }
  return v;
}

std::string TypeName(const Value& v) {
  if (IsUnknown(v)) return "unknown";
  switch (v.type()) {
    case Value::value_t::null: return "null";
    case Value::value_t::boolean: return "bool";
    case Value::value_t::string: return "string";
    case Value::value_t::array: return "tuple";
    case Value::value_t::object: return "object";
    default: return "number";
  }
}

}  // namespace faber::reconciler::hcl
