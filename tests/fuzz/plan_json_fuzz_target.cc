// Fuzz target for plan JSON (reconciler/plan: decoding, parsing and checking a
// `terraform show -json` plan, then what faber builds from an accepted one: the
// masked summary, its Markdown and the resource model). Any input must end in a
// result or an error naming the file, never a crash, an escaping exception, a
// hang or a leak. Built with libFuzzer under clang (tests/fuzz/run_inputs.sh);
// otherwise seed_driver.cc runs the seeds.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "reconciler/plan/plan_document.h"
#include "reconciler/plan/plan_markdown.h"
#include "reconciler/plan/plan_model.h"
#include "reconciler/plan/plan_summary.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = faber::reconciler::plan::ParsePlanDocument(bytes, "plan.json");
  if (!doc.ok()) {
    faber::fuzz::CheckError(doc.status(), "plan.json");
    return 0;
  }
  auto summary = faber::reconciler::plan::SummarizePlan(*doc);
  (void)faber::reconciler::plan::RenderPlanMarkdown(summary);
  // A summary written to a report must read back.
  auto read_back = faber::reconciler::plan::PlanSummaryFromJson(summary.ToJson());
  if (!read_back.ok()) __builtin_trap();
  (void)faber::reconciler::plan::BuildModelFromPlan(*doc, "plan.json");
  return 0;
}
