#pragma once

// Values of evaluated expressions are nlohmann::json, with unknowns marked as documented in
// reconciler/model/resource_model.h. These helpers apply HCL's conversion rules to them.

#include <string>

#include <nlohmann/json.hpp>

namespace faber::reconciler::hcl {

using Value = nlohmann::json;

// Raised inside evaluation for an expression that has no value (a type error, a missing key); it
// never leaves the evaluator: try()/can() catch it, and the module evaluator turns it into an
// unknown value plus a warning.
struct EvalError {
  std::string message;
  // A configured limit was passed: not a value problem that try() may catch or a warning may
  // stand for, but an error of the whole evaluation (module_evaluator reports it as such).
  bool limit = false;
};

// Key marking an object that stands for a whole resource instance inside evaluation (e.g. the items
// of aws_subnet.this[*]): reading an attribute it lacks gives unknown (the provider computes it).
// Never stored in a ResourceModel: StripResourceMarkers replaces such objects with unknowns.
inline constexpr const char* kResourceKey = "__faber_resource__";

// Returns `v` with every resource-marked object replaced by an unknown naming the resource.
Value StripResourceMarkers(Value v);

// A number value: an integer when `v` is integral and exactly representable, else a double.
Value Num(double v);
// The number in `v` (numbers, or strings that parse as numbers); throws EvalError otherwise.
double AsNumber(const Value& v);
// The bool in `v` (bools, or the strings "true"/"false"); throws EvalError otherwise.
bool AsBool(const Value& v);
// `v` converted to a string (strings, numbers, bools); throws EvalError for null and collections.
std::string AsString(const Value& v);
// Prints a number the way HCL converts numbers to strings ("1", "1.5", "1e+21" never: plain).
std::string NumberToString(double v);
// Terraform's name for the type of `v` ("string", "number", "bool", "tuple", "object", "null").
std::string TypeName(const Value& v);

}  // namespace faber::reconciler::hcl
