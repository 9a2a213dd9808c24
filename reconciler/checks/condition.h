#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "reconciler/model/resource_model.h"

namespace faber::reconciler::checks {

// Three-valued outcome: a value not known before apply makes a check unknown, never a pass or a
// failure that was guessed.
enum class Verdict { kPass, kFail, kUnknown };

// The managed resources of a model by type, for conditions that look across resources.
class ResourceIndex {
 public:
  explicit ResourceIndex(const ResourceModel& model);
  // Managed resources of `type` (empty when none).
  const std::vector<const Resource*>& OfType(const std::string& type) const;

 private:
  std::unordered_map<std::string, std::vector<const Resource*>> by_type_;
  std::vector<const Resource*> none_;
};

// What a condition is evaluated against: the resource, the object in scope (the resource's
// attributes, or one nested block inside `each`/`some`), and the rest of the model.
struct EvalScope {
  const Resource& resource;
  const nlohmann::json& object;
  const ResourceIndex& index;
};

// A compiled condition of a declarative rule (see manifests/policies/README.md for the language).
class Condition {
 public:
  virtual ~Condition() = default;
  // Evaluates the condition in `scope`.
  virtual Verdict Evaluate(const EvalScope& scope) const = 0;
};

// True when `reference` (an unknown marker's reason, e.g. "aws_s3_bucket.logs[0].id") points at
// `target`, a resource in the same module.
bool RefersTo(const std::string& reference, const Resource& target);

// True when `value` holds, at any depth, a reference to `target` or a literal equal to one of
// target's `keys` attributes (e.g. a bucket named by its literal name).
bool Links(const nlohmann::json& value, const Resource& target, const std::vector<std::string>& keys);

}  // namespace faber::reconciler::checks
