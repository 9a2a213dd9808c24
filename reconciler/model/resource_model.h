#pragma once

// The shared picture of one root module's infrastructure, read by checks and cost estimation.
// Built from HCL before any plan exists (reconciler/hcl: BuildResourceModel) or from a plan.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace faber::reconciler {

// A value that cannot be known before apply (a computed resource attribute, a data source, an
// input with no value) is the JSON object {"__unknown__": "<why>"}, where <why> is the
// expression or reference it came from (e.g. "aws_kms_key.this.arn"). Nothing is ever guessed in
// its place. Containers keep their known parts: {"bucket": "logs", "kms_key_id": {"__unknown__": ...}}.
inline constexpr const char* kUnknownKey = "__unknown__";

// Returns the unknown marker with reason `why`.
inline nlohmann::json MakeUnknown(const std::string& why) { return nlohmann::json{{kUnknownKey, why}}; }

// True when `v` itself is an unknown marker.
inline bool IsUnknown(const nlohmann::json& v) {
  return v.is_object() && v.size() == 1 && v.begin().key() == kUnknownKey;
}

// True when `v` is or holds (at any depth) an unknown marker.
inline bool ContainsUnknown(const nlohmann::json& v) {
  if (IsUnknown(v)) return true;
  if (v.is_structured()) {
    for (const auto& item : v) {
      if (ContainsUnknown(item)) return true;
    }
  }
  return false;
}

enum class ResourceMode { kManaged, kData };

struct SourceLocation {
  std::string file;  // path as read, e.g. "infra/main.tf"
  int line = 0;
  int column = 0;
};

// One resource instance (after count / for_each expansion).
struct Resource {
  std::string address;      // module.vpc.aws_subnet.private[0], data.aws_iam_policy_document.x
  ResourceMode mode = ResourceMode::kManaged;
  std::string type;         // aws_s3_bucket
  std::string name;         // this
  std::string module_path;  // "" for the root module, else e.g. module.vpc or module.nodes["a"]
  nlohmann::json index;     // null, a count index, a for_each key, or unknown when count/for_each is
  // Arguments as configured and evaluated; nested blocks are arrays of objects under their type
  // (as in `terraform show -json`); dynamic blocks are expanded. Unknowns marked as above.
  nlohmann::json attributes = nlohmann::json::object();
  SourceLocation source;    // the resource block
  std::string provider;     // provider configuration address in its module: "aws" or "aws.west"
  nlohmann::json default_tags;  // the provider's default_tags.tags (null when none)
  bool prevent_destroy = false;  // lifecycle { prevent_destroy = true }
  // Top-level argument -> the references to other resources written in it, as source text
  // ("aws_s3_bucket.logs.id"), whether or not the referenced value is known.
  std::map<std::string, std::vector<std::string>> references;
};

struct ProviderConfig {
  std::string name;         // aws
  std::string alias;        // "" for the default configuration
  std::string module_path;
  nlohmann::json attributes = nlohmann::json::object();  // region, assume_role [...], ...
  nlohmann::json default_tags;  // default_tags.tags, null when absent
  SourceLocation source;
};

struct Variable {
  std::string name;
  std::string module_path;
  nlohmann::json value;     // the value in effect (input, tfvars, -var, default) or unknown
  bool sensitive = false;
  std::string type;         // the type constraint as written, e.g. "list(string)"
  std::string description;
  SourceLocation source;
};

struct Output {
  std::string name;
  std::string module_path;
  nlohmann::json value;
  bool sensitive = false;
  SourceLocation source;
};

// A problem met while evaluating (a missing variable value, an unsupported function, a remote
// module that could not be read). Evaluation goes on; affected values are unknown.
struct ModelWarning {
  std::string message;
  SourceLocation source;
};

struct ResourceModel {
  std::vector<Resource> resources;  // managed and data, in module then source order
  std::vector<ProviderConfig> providers;
  std::vector<Variable> variables;
  std::vector<Output> outputs;
  std::vector<ModelWarning> warnings;

  // The resource with `address`, or nullptr.
  const Resource* Find(const std::string& address) const {
    for (const auto& r : resources) {
      if (r.address == address) return &r;
    }
    return nullptr;
  }
  // Every managed resource of `type`.
  std::vector<const Resource*> OfType(const std::string& type) const {
    std::vector<const Resource*> out;
    for (const auto& r : resources) {
      if (r.type == type && r.mode == ResourceMode::kManaged) out.push_back(&r);
    }
    return out;
  }
};

// Effective tags of a resource: its provider's default_tags overridden by its own `tags`
// (what the AWS provider reports as tags_all). Unknown when either side is unknown.
inline nlohmann::json EffectiveTags(const Resource& r) {
  nlohmann::json tags = r.attributes.contains("tags") ? r.attributes["tags"] : nlohmann::json();
  if (IsUnknown(tags) || IsUnknown(r.default_tags)) return MakeUnknown("tags_all");
  nlohmann::json out = r.default_tags.is_object() ? r.default_tags : nlohmann::json::object();
  if (tags.is_object()) {
    for (const auto& [k, v] : tags.items()) out[k] = v;
  }
  return out;
}

}  // namespace faber::reconciler
