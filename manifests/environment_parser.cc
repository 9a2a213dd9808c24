// ParseEnvironment: one entry of faber.yaml's `environments`, with its defaults and the checks
// that need only the environment itself (cross-environment checks live in faber_config.cc).

#include <algorithm>
#include <map>

#include "common/regex.h"
#include "manifests/environment_parser.h"
#include "manifests/validators.h"

namespace faber::manifests {
namespace {

const std::vector<std::string> kSeverities = {"CRITICAL", "HIGH", "MEDIUM", "LOW"};

// Reads a list of severities; those also in `exclusive` are reported, since a severity either
// blocks or warns.
std::vector<std::string> ReadSeverities(const Field& field, ErrorList& errors,
                                        const std::vector<std::string>* exclusive = nullptr) {
  std::vector<std::string> out;
  auto items = ReadList(field, errors);
  if (!items) return out;
  for (const Field& item : *items) {
    auto severity = ReadEnum(item, errors, kSeverities);
    if (!severity) continue;
    if (exclusive && std::count(exclusive->begin(), exclusive->end(), *severity) > 0) {
      errors.Add(item, *severity + " is also in block_on; a severity either blocks or warns");
    }
    out.push_back(*severity);
  }
  return out;
}

// Reads tests.scanners: names (`checkov`) or maps ({name: trivy, args: [...], timeout: 5m,
// required: true}); each scanner at most once.
void ParseScanners(const Field& field, ErrorList& errors, TestsConfig& tests) {
  static const std::vector<std::string> kScanners = {"checkov", "tfsec", "trivy"};
  auto items = ReadList(field, errors);
  if (!items) return;
  for (const Field& item : *items) {
    ExternalScannerConfig scanner;
    std::optional<std::string> name;
    if (item.node.IsMap()) {
      MapReader map(item, errors, {"name", "args", "timeout", "required"});
      if (!map.valid()) continue;
      if (auto f = map.Require("name")) name = ReadEnum(*f, errors, kScanners);
      if (auto f = map.Get("args")) scanner.args = ReadStringList(*f, errors).value_or(scanner.args);
      if (auto f = map.Get("timeout")) scanner.timeout = ReadDuration(*f, errors, false).value_or(scanner.timeout);
      if (auto f = map.Get("required")) scanner.required = ReadBool(*f, errors).value_or(false);
    } else {
      name = ReadEnum(item, errors, kScanners);
    }
    if (!name) continue;
    scanner.name = *name;
    bool duplicate = std::any_of(tests.scanners.begin(), tests.scanners.end(),
                                 [&](const ExternalScannerConfig& s) { return s.name == *name; });
    if (duplicate) {
      errors.Add(item, *name + " is listed twice");
      continue;
    }
    tests.scanners.push_back(std::move(scanner));
  }
}

void ParseTests(const Field& field, ErrorList& errors, TestsConfig& tests) {
  MapReader map(field, errors, {"block_on", "warn_on", "skip", "commands", "scanners"});
  if (!map.valid()) return;
  if (auto f = map.Get("block_on")) tests.block_on = ReadSeverities(*f, errors);
  if (auto f = map.Get("warn_on")) {
    tests.warn_on = ReadSeverities(*f, errors, &tests.block_on);
  } else {
    // The default warn_on (MEDIUM) gives way to severities the user chose to block on.
    std::erase_if(tests.warn_on, [&](const std::string& s) {
      return std::count(tests.block_on.begin(), tests.block_on.end(), s) > 0;
    });
  }
  if (auto f = map.Get("skip")) tests.skip = ReadStringList(*f, errors).value_or(tests.skip);
  if (auto f = map.Get("commands")) tests.commands = ReadStringList(*f, errors).value_or(tests.commands);
  if (auto f = map.Get("scanners")) ParseScanners(*f, errors, tests);
}

void ParseCommands(const MapReader& env_map, ErrorList& errors, EnvironmentConfig& env) {
  auto commands = env_map.Get("commands");
  if (env.engine != EngineKind::kCommand) {
    if (commands) {
      errors.Add(*commands, std::string("only used with engine: command (this environment's engine is ") +
                                EngineKindName(env.engine) + ")");
    }
    return;
  }
  if (!commands) {
    errors.Add(env_map.field().mark, env_map.field().path + ".commands",
               "required when engine is command (at least apply)");
    return;
  }
  MapReader map(*commands, errors, {"init", "validate", "plan", "apply", "outputs"});
  if (!map.valid()) return;
  for (const char* step : {"init", "validate", "plan", "apply", "outputs"}) {
    auto f = step == std::string("apply") ? map.Require(step) : map.Get(step);
    if (f) {
      if (auto line = ReadString(*f, errors)) env.commands[step] = *line;
    }
  }
}

void ParseNaming(const Field& field, ErrorList& errors, EnvironmentConfig& env) {
  MapReader map(field, errors, {"pattern"});
  auto pattern = map.Require("pattern");
  if (!pattern) return;
  auto text = ReadString(*pattern, errors);
  if (!text) return;
  if (auto why = common::RegexError(*text)) {
    errors.Add(*pattern, "not a valid regular expression (RE2 syntax): " + *why + " (got " + Quote(*text) + ")");
    return;
  }
  env.naming_pattern = *text;
}

void ParseHealthChecks(const Field& field, ErrorList& errors, EnvironmentConfig& env) {
  auto items = ReadList(field, errors);
  if (!items) return;
  std::map<std::string, int> first_line;
  for (const Field& item : *items) {
    auto check = ParseHealthCheck(item, errors);
    if (!check) continue;
    if (!check->name.empty()) {
      auto [pos, inserted] = first_line.emplace(check->name, item.mark.line + 1);
      if (!inserted) {
        errors.Add(item, "duplicate health check name " + Quote(check->name) + " (first defined at line " +
                             std::to_string(pos->second) + ")");
      }
    }
    env.health_checks.push_back(std::move(*check));
  }
}

void ParseTerraform(const Field& field, ErrorList& errors, EnvironmentConfig& env) {
  if (env.engine == EngineKind::kCommand) {
    errors.Add(field, "only used with engine: terraform or tofu (this environment's engine is command)");
    return;
  }
  MapReader map(field, errors, {"binary", "workspace", "backend_config", "retries", "retry_interval", "force_unlock",
                                "reinit", "alarms_required_for"});
  if (!map.valid()) return;
  TerraformConfig& tf = env.terraform;
  if (auto f = map.Get("binary")) tf.binary = ReadString(*f, errors).value_or("");
  if (auto f = map.Get("workspace")) tf.workspace = ReadString(*f, errors, CheckEnvironmentName).value_or("");
  if (auto f = map.Get("backend_config")) {
    tf.backend_config = ReadStringList(*f, errors).value_or(std::vector<std::string>{});
  }
  if (auto f = map.Get("retries")) tf.retries = ReadInt(*f, errors, 0, 10).value_or(tf.retries);
  if (auto f = map.Get("retry_interval")) tf.retry_interval = ReadDuration(*f, errors, true).value_or(tf.retry_interval);
  if (auto f = map.Get("force_unlock")) tf.force_unlock = ReadBool(*f, errors).value_or(tf.force_unlock);
  if (auto f = map.Get("reinit")) tf.reinit = ReadBool(*f, errors).value_or(tf.reinit);
  if (auto f = map.Get("alarms_required_for")) {
    tf.alarms_required_for = ReadStringList(*f, errors).value_or(std::vector<std::string>{});
  }
}

}  // namespace

ParsedEnvironment ParseEnvironment(const Field& field, ErrorList& errors) {
  ParsedEnvironment out;
  MapReader map(field, errors,
                {"name", "branch", "directory", "engine", "commands", "var_files", "budget", "tests", "tagging",
                 "naming", "health_checks", "requires", "approval", "production", "on_interrupted", "pass_env",
                 "pass_env_public", "stage_timeout", "terraform"});
  if (!map.valid()) return out;
  EnvironmentConfig& env = out.config;
  auto relative_path = [](const std::string& v) { return CheckRelativePath(v); };

  if (auto f = map.Require("name")) {
    if (auto v = ReadString(*f, errors, CheckEnvironmentName)) {
      env.name = *v;
      out.name = f;
    }
  }
  if (auto f = map.Require("branch")) {
    if (auto v = ReadString(*f, errors, CheckBranchName)) {
      env.branch = *v;
      out.branch = f;
    }
  }
  if (auto f = map.Get("directory")) env.directory = ReadString(*f, errors, relative_path).value_or(env.directory);
  bool engine_known = true;
  if (auto f = map.Get("engine")) {
    auto v = ReadEnum(*f, errors, {"terraform", "tofu", "command"});
    engine_known = v.has_value();
    if (v) env.engine = *v == "command" ? EngineKind::kCommand : *v == "tofu" ? EngineKind::kTofu : EngineKind::kTerraform;
  }
  if (engine_known) ParseCommands(map, errors, env);
  if (auto f = map.Get("var_files")) {
    // Var files are read by the engine from inside `directory`, so they may climb out of it but
    // not out of the repository.
    const std::string base = env.directory;
    env.var_files = ReadStringList(*f, errors, [&base](const std::string& v) {
                      return CheckRelativePath(v, base);
                    }).value_or(env.var_files);
  }
  if (auto f = map.Get("budget")) {
    MapReader budget(*f, errors, {"monthly_usd", "warn_share"});
    if (auto usd = budget.Require("monthly_usd")) env.budget_monthly_usd = ReadNumber(*usd, errors, 0);
    if (auto share = budget.Get("warn_share")) {
      auto v = ReadNumber(*share, errors, 0);
      if (v && *v > 1) errors.Add(*share, "must be a share between 0 and 1 (0.8 warns at 80% of the budget)");
      else if (v) env.budget_warn_share = *v;
    }
  }
  if (auto f = map.Get("tests")) ParseTests(*f, errors, env.tests);
  if (auto f = map.Get("tagging")) {
    MapReader tagging(*f, errors, {"required"});
    if (auto required = tagging.Get("required")) {
      env.tagging_required = ReadStringList(*required, errors).value_or(std::vector<std::string>{});
    }
  }
  if (auto f = map.Get("naming")) ParseNaming(*f, errors, env);
  if (auto f = map.Get("health_checks")) ParseHealthChecks(*f, errors, env);
  if (auto f = map.Get("requires")) {
    MapReader gate(*f, errors, {"passed"});
    if (auto passed = gate.Require("passed")) {
      if (auto v = ReadString(*passed, errors, CheckEnvironmentName)) {
        env.requires_passed = *v;
        out.requires_passed = passed;
      }
    }
  }
  if (auto f = map.Get("approval")) {
    if (ReadEnum(*f, errors, {"comment"})) env.approval = ApprovalMode::kOnComment;
  }
  env.production = env.name == "prod" || env.name == "production";
  if (auto f = map.Get("production")) env.production = ReadBool(*f, errors).value_or(env.production);
  // Production stops for a person after a crash; anything else simply runs again.
  env.on_interrupted = env.production ? InterruptedPolicy::kStop : InterruptedPolicy::kRerun;
  if (auto f = map.Get("on_interrupted")) {
    if (auto v = ReadEnum(*f, errors, {"rerun", "stop"})) {
      env.on_interrupted = *v == "stop" ? InterruptedPolicy::kStop : InterruptedPolicy::kRerun;
    }
  }
  if (auto f = map.Get("pass_env")) {
    env.pass_env = ReadStringList(*f, errors, CheckVariableName).value_or(std::vector<std::string>{});
  }
  if (auto f = map.Get("pass_env_public")) {
    // Every pass_env value is redacted from records, logs and comments; these few are shown.
    const std::vector<std::string>& passed = env.pass_env;
    env.pass_env_public = ReadStringList(*f, errors, [&passed](const std::string& name) -> std::optional<std::string> {
                            if (auto bad = CheckVariableName(name)) return bad;
                            if (std::find(passed.begin(), passed.end(), name) == passed.end()) {
                              return "must name a variable of pass_env (" + name + " is not in pass_env)";
                            }
                            return std::nullopt;
                          }).value_or(std::vector<std::string>{});
  }
  if (auto f = map.Get("stage_timeout")) {
    env.stage_timeout = ReadDuration(*f, errors, false).value_or(env.stage_timeout);
  }
  if (auto f = map.Get("terraform")) ParseTerraform(*f, errors, env);
  return out;
}

}  // namespace faber::manifests
