#pragma once

#include "reconciler/hcl/ast.h"
#include "reconciler/hcl/value.h"

namespace faber::reconciler::hcl {

// Converts `v` to the variable type constraint written as `type` (string, number, bool, any,
// list(T), set(T), map(T), tuple([...]), object({...}) with optional(T, default)), as Terraform
// does for input variables: primitives are converted, object attributes not in the type are
// dropped and missing optional ones get their default or null. Unknown parts stay unknown.
// Throws EvalError when `v` cannot be converted.
Value ConvertToType(const Value& v, const Expr* type, const File& file);

}  // namespace faber::reconciler::hcl
