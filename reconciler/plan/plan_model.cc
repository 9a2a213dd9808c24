#include "reconciler/plan/plan_model.h"

#include <map>

#include "reconciler/plan/sensitive.h"

namespace faber::reconciler::plan {
namespace {

const nlohmann::json& Field(const nlohmann::json& obj, const char* key) {
  static const nlohmann::json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

std::string StringField(const nlohmann::json& obj, const char* key) {
  const auto& v = Field(obj, key);
  return v.is_string() ? v.get<std::string>() : "";
}

// Unknown markers wherever after_unknown flags a value.
nlohmann::json MarkUnknown(const nlohmann::json& value, const nlohmann::json& unknown, const std::string& path) {
  if (unknown.is_boolean()) return unknown.get<bool>() ? MakeUnknown(path) : value;
  if (unknown.is_object()) {
    nlohmann::json out = value.is_object() ? value : nlohmann::json::object();
    for (const auto& [k, u] : unknown.items()) {
      out[k] = MarkUnknown(out.contains(k) ? out[k] : nlohmann::json(), u, path + "." + k);
    }
    return out;
  }
  if (unknown.is_array() && value.is_array()) {
    nlohmann::json out = value;
    for (size_t i = 0; i < unknown.size() && i < out.size(); ++i) {
      out[i] = MarkUnknown(out[i], unknown[i], path + "[" + std::to_string(i) + "]");
    }
    return out;
  }
  return value;
}

// The configuration of each module call path ("" root, "module.a.module.b").
void IndexConfiguration(const nlohmann::json& module, const std::string& path,
                        std::map<std::string, const nlohmann::json*>& out) {
  if (!module.is_object()) return;
  out[path] = &module;
  const auto& calls = Field(module, "module_calls");
  if (!calls.is_object()) return;
  for (const auto& [name, call] : calls.items()) {
    IndexConfiguration(Field(call, "module"), (path.empty() ? "" : path + ".") + "module." + name, out);
  }
}

const nlohmann::json* FindConfigResource(const nlohmann::json* module, const std::string& type, const std::string& name,
                                         const std::string& mode) {
  if (module == nullptr) return nullptr;
  const auto& resources = Field(*module, "resources");
  if (!resources.is_array()) return nullptr;
  for (const auto& r : resources) {
    if (StringField(r, "type") == type && StringField(r, "name") == name &&
        (StringField(r, "mode").empty() || StringField(r, "mode") == mode)) {
      return &r;
    }
  }
  return nullptr;
}

// "aws" or "vpc:aws.west" -> "aws" / "aws.west": the provider address inside its module.
std::string ProviderOf(const std::string& config_key) {
  auto colon = config_key.rfind(':');
  return colon == std::string::npos ? config_key : config_key.substr(colon + 1);
}

struct Context {
  std::map<std::string, const nlohmann::json*> config_modules;
  std::map<std::string, nlohmann::json> after_unknown;  // address -> after_unknown
  const nlohmann::json* provider_config = nullptr;
  std::string file;
};

void AddResources(const nlohmann::json& module, const Context& ctx, ResourceModel& model) {
  if (!module.is_object()) return;
  std::string module_path = StringField(module, "address");
  const auto& resources = Field(module, "resources");
  if (resources.is_array()) {
    for (const auto& r : resources) {
      Resource res;
      res.address = StringField(r, "address");
      res.type = StringField(r, "type");
      res.name = StringField(r, "name");
      res.mode = StringField(r, "mode") == "data" ? ResourceMode::kData : ResourceMode::kManaged;
      res.module_path = module_path;
      res.index = Field(r, "index");
      res.source.file = ctx.file;
      nlohmann::json values = Field(r, "values").is_object() ? Field(r, "values") : nlohmann::json::object();
      auto unknown = ctx.after_unknown.find(res.address);
      if (unknown != ctx.after_unknown.end()) values = MarkUnknown(values, unknown->second, res.address);
      res.attributes = values;
      auto cfg_module = ctx.config_modules.find(StripIndexes(module_path));
      const nlohmann::json* cfg = FindConfigResource(
          cfg_module == ctx.config_modules.end() ? nullptr : cfg_module->second, res.type, res.name,
          res.mode == ResourceMode::kData ? "data" : "managed");
      std::string provider_key;
      if (cfg != nullptr) {
        provider_key = StringField(*cfg, "provider_config_key");
        res.provider = ProviderOf(provider_key);
        const auto& expressions = Field(*cfg, "expressions");
        if (expressions.is_object()) {
          for (const auto& [arg, expr] : expressions.items()) {
            const auto& refs = Field(expr, "references");
            if (!refs.is_array()) continue;
            for (const auto& ref : refs) {
              if (ref.is_string()) res.references[arg].push_back(ref.get<std::string>());
            }
          }
        }
      }
      if (res.provider.empty()) {
        std::string provider_name = StringField(r, "provider_name");
        res.provider = provider_name.substr(provider_name.rfind('/') + 1);
        if (provider_name.empty()) res.provider = res.type.substr(0, res.type.find('_'));
      }
      if (ctx.provider_config != nullptr && !provider_key.empty()) {
        const auto& tags = Field(Field(Field(*ctx.provider_config, provider_key.c_str()), "expressions"), "default_tags");
        if (tags.is_array() && !tags.empty()) {
          const auto& constant = Field(Field(tags[0], "tags"), "constant_value");
          if (constant.is_object()) res.default_tags = constant;
        }
      }
      model.resources.push_back(std::move(res));
    }
  }
  const auto& children = Field(module, "child_modules");
  if (children.is_array()) {
    for (const auto& child : children) AddResources(child, ctx, model);
  }
}

void AddProviders(const nlohmann::json& provider_config, ResourceModel& model) {
  if (!provider_config.is_object()) return;
  for (const auto& [key, p] : provider_config.items()) {
    ProviderConfig provider;
    provider.name = StringField(p, "name");
    provider.alias = StringField(p, "alias");
    provider.module_path = StringField(p, "module_address");
    const auto& expressions = Field(p, "expressions");
    if (expressions.is_object()) {
      for (const auto& [arg, expr] : expressions.items()) {
        const auto& constant = Field(expr, "constant_value");
        provider.attributes[arg] = constant.is_null() && !Field(expr, "references").is_null()
                                       ? MakeUnknown(arg)
                                       : constant;
      }
    }
    const auto& tags = Field(expressions, "default_tags");
    if (tags.is_array() && !tags.empty()) provider.default_tags = Field(Field(tags[0], "tags"), "constant_value");
    model.providers.push_back(std::move(provider));
  }
}

void AddVariablesAndOutputs(const nlohmann::json& masked, ResourceModel& model) {
  const auto& root_config = Field(Field(masked, "configuration"), "root_module");
  const auto& declared = Field(root_config, "variables");
  const auto& values = Field(masked, "variables");
  if (values.is_object()) {
    for (const auto& [name, v] : values.items()) {
      Variable var;
      var.name = name;
      var.value = Field(v, "value");
      var.sensitive = Field(Field(declared, name.c_str()), "sensitive") == true;
      var.description = StringField(Field(declared, name.c_str()), "description");
      model.variables.push_back(std::move(var));
    }
  }
  const auto& outputs = Field(Field(masked, "planned_values"), "outputs");
  if (outputs.is_object()) {
    for (const auto& [name, o] : outputs.items()) {
      Output out;
      out.name = name;
      out.sensitive = Field(o, "sensitive") == true;
      out.value = o.contains("value") ? o["value"] : MakeUnknown("output." + name);
      model.outputs.push_back(std::move(out));
    }
  }
}

}  // namespace

std::string StripIndexes(const std::string& address) {
  std::string out;
  int depth = 0;
  for (char c : address) {
    if (c == '[') ++depth;
    if (depth == 0) out += c;
    if (c == ']') --depth;
  }
  return out;
}

ResourceModel BuildModelFromPlan(const PlanDocument& doc, const std::string& file) {
  nlohmann::json masked = MaskDocument(doc.json);
  Context ctx;
  ctx.file = file;
  const auto& configuration = Field(masked, "configuration");
  IndexConfiguration(Field(configuration, "root_module"), "", ctx.config_modules);
  const auto& provider_config = Field(configuration, "provider_config");
  if (provider_config.is_object()) ctx.provider_config = &provider_config;
  const auto& changes = Field(masked, "resource_changes");
  if (changes.is_array()) {
    for (const auto& rc : changes) {
      const auto& unknown = Field(Field(rc, "change"), "after_unknown");
      if (!unknown.is_null()) ctx.after_unknown[StringField(rc, "address")] = unknown;
    }
  }
  ResourceModel model;
  AddResources(Field(Field(masked, "planned_values"), "root_module"), ctx, model);
  AddProviders(provider_config, model);
  AddVariablesAndOutputs(masked, model);
  for (const auto& w : doc.warnings) model.warnings.push_back({w, {file, 0, 0}});
  return model;
}

ResourceModel BuildModelFromState(const nlohmann::json& state) {
  nlohmann::json masked = MaskDocument(state);
  Context ctx;
  ResourceModel model;
  AddResources(Field(Field(masked, "values"), "root_module"), ctx, model);
  const auto& outputs = Field(Field(masked, "values"), "outputs");
  if (outputs.is_object()) {
    for (const auto& [name, o] : outputs.items()) {
      model.outputs.push_back({name, "", Field(o, "value"), Field(o, "sensitive") == true, {}});
    }
  }
  return model;
}

}  // namespace faber::reconciler::plan
