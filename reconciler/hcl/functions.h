#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "reconciler/hcl/value.h"

namespace faber::reconciler::hcl {

// What functions may look at besides their arguments.
// How many collection elements (for-expression results, count and for_each instances, setproduct
// combinations) one evaluation may still produce. Shared by every evaluator of a model, so that
// nested expansions are bounded together: three nested `for` over range(1000) would otherwise
// build a billion values.
struct ExpansionBudget {
  size_t limit = 0;
  size_t used = 0;
  // Counts `n` more elements; throws EvalError{..., limit = true} naming `what` past the limit.
  void Take(size_t n, const char* what);
};

struct FunctionContext {
  std::string module_dir;  // for file(), templatefile(), fileexists()
  // Renders template text with `vars` (templatefile()); supplied by the evaluator.
  std::function<Value(const std::string& text, const std::string& name, const Value& vars)> render_template;
  ExpansionBudget* budget = nullptr;  // none: unbounded (tests, tfvars)
};

// True when `name` is a function this evaluator implements (try and can are handled by the
// evaluator itself, since they need unevaluated arguments).
bool HasFunction(std::string_view name);

// True for functions whose result is still known when some arguments hold unknown parts
// (length of a list with unknown elements, merge of objects with unknown values...). Others
// return unknown as soon as any argument holds an unknown.
bool ToleratesUnknown(std::string_view name);

// Calls Terraform function `name`; throws EvalError on a wrong argument, on too few arguments
// ("not enough arguments in call to NAME()") and on a name it does not implement. Functions whose
// result is not known before apply (timestamp, uuid, bcrypt...) return an unknown value.
Value CallFunction(std::string_view name, std::vector<Value>& args, const FunctionContext& ctx);

}  // namespace faber::reconciler::hcl
