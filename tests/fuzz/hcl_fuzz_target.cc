// Fuzz target for the HCL lexer, parser, hcl2json conversion and expression evaluator: any input
// must end in a result or diagnostics, never a crash, a hang, a leak or undefined behaviour.
// Built with libFuzzer under clang (tests/fuzz/run.sh); under other compilers seed_driver.cc runs
// it over the seed corpus as a regression test.

#include <cstddef>
#include <cstdint>
#include <string>

#include "reconciler/hcl/evaluator.h"
#include "reconciler/hcl/hcl2json.h"
#include "reconciler/hcl/parser.h"
#include "reconciler/model/resource_model.h"

namespace {

using faber::reconciler::hcl::Traverser;
using faber::reconciler::hcl::Value;

// Every reference is unknown, as before apply: the evaluator's operators and functions then run
// on whatever literals the input holds.
class UnknownScope : public faber::reconciler::hcl::Scope {
 public:
  Value Resolve(std::string_view, std::span<const Traverser> steps, size_t* consumed, std::string_view text) override {
    *consumed = steps.size();
    return faber::reconciler::MakeUnknown(std::string(text));
  }
};

void EvaluateAttributes(const faber::reconciler::hcl::File& file) {
  UnknownScope scope;
  faber::reconciler::hcl::Evaluator evaluator(file, &scope, {});
  for (const auto* block : file.body->blocks) {
    for (const auto& attribute : block->body->attributes) {
      try {
        evaluator.Eval(attribute.expr);
      } catch (const faber::reconciler::hcl::EvalError&) {
        // An expression without a value is an ordinary outcome.
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (bool json_syntax : {false, true}) {
    auto file = json_syntax ? faber::reconciler::hcl::ParseJsonConfig("fuzz.tf.json", text)
                            : faber::reconciler::hcl::ParseConfig("fuzz.tf", text);
    if (file->HasErrors()) continue;
    (void)faber::reconciler::hcl::ToHcl2Json(*file);
    EvaluateAttributes(*file);
  }
  return 0;
}
