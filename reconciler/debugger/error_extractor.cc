#include "reconciler/debugger/error_extractor.h"

#include <nlohmann/json.hpp>

#include <array>
#include <regex>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "common/json_parse.h"

namespace faber::reconciler::debugger {
namespace {

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  size_t b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// Removes the "│ " boxes of Terraform 0.15+ diagnostics and joins `terraform -json` diagnostics
// into plain text, so every later rule reads one form.
std::string Unframe(const std::string& output) {
  std::istringstream in(output);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.front() == '{') {
      auto j = common::ParseJson(line);
      if (j.is_object() && j.contains("diagnostic")) {
        const auto& d = j["diagnostic"];
        out += "Error: " + d.value("summary", "") + "\n" + d.value("detail", "") + "\n";
        if (d.contains("address")) out += "with " + d["address"].get<std::string>() + ",\n";
        continue;
      }
    }
    for (const char* frame : {"│ ", "│", "╷", "╵"}) {
      if (line.rfind(frame, 0) == 0) line = line.substr(std::string(frame).size());
    }
    out += line + "\n";
  }
  return out;
}

// Words that end in ':' in Terraform output without being error codes.
bool IsNotACode(const std::string& word) {
  static const std::set<std::string> kWords = {
      "Error", "Warning", "Info", "Operation", "Path", "Who", "Version", "Created", "Note", "StatusCode",
      "RequestID", "HostID", "Caused", "Please", "Lock", "Detail", "Summary", "Details", "Message", "Reason"};
  if (kWords.count(word)) return true;
  bool lower = false, upper = false;
  for (char c : word) {
    lower |= std::islower(static_cast<unsigned char>(c)) != 0;
    upper |= std::isupper(static_cast<unsigned char>(c)) != 0;
  }
  return !(lower && upper);
}

std::string FindCode(const std::string& text) {
  static const std::regex kApiError(R"(api error ([A-Za-z][A-Za-z0-9.]*):)");
  std::smatch m;
  if (std::regex_search(text, m, kApiError)) return m[1];
  // "Code: message": a CamelCase word (dotted segments allowed) that opens a clause (at a line
  // start, or after ": ", ", ", "* " or "["), then ':'. Words inside a phrase ("creating EC2
  // Instance: ...") are the provider's wording, not codes.
  static const std::regex kCode(R"re((^|\n|: |, |\* |\[)\s*([A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)*)(?=:(?:\s|$)))re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kCode); it != std::sregex_iterator(); ++it) {
    std::string word = (*it)[2];
    if (!IsNotACode(word)) return word;
  }
  return "";
}

int FindHttpStatus(const std::string& text) {
  static const std::regex kStatus(R"((?:status code|StatusCode):? (\d{3}))");
  std::smatch m;
  return std::regex_search(text, m, kStatus) ? std::stoi(m[1]) : 0;
}

// The resource address Terraform names: "with aws_x.y,", "* aws_x.y.0:", "in resource "t" "n"".
std::string FindAddress(const std::string& text, std::string* type) {
  static const std::regex kWith(R"(with ((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*([a-z][a-z0-9]*_[a-z0-9_]+)\.[\w-]+(?:\[[^\]]*\])?),)");
  static const std::regex kStar(R"(\* ((?:module\.[\w-]+\.)*([a-z][a-z0-9]*_[a-z0-9_]+)\.[\w-]+(?:\.\d+)?):)");
  static const std::regex kIn(R"re(in resource "([a-z][a-z0-9]*_[a-z0-9_]+)" "([\w-]+)")re");
  static const std::regex kModule(R"re(in module "([\w-]+)")re");
  std::smatch m;
  if (std::regex_search(text, m, kWith) || std::regex_search(text, m, kStar)) {
    *type = m[2];
    return m[1];
  }
  if (std::regex_search(text, m, kIn)) {
    *type = m[1];
    return std::string(m[1]) + "." + std::string(m[2]);
  }
  if (std::regex_search(text, m, kModule)) {
    *type = "module";
    return "module." + std::string(m[1]);
  }
  // Any resource address in the text ("When expanding the plan for module.x.aws_y.z[0] ...").
  static const std::regex kAny(
      R"(\b((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*([a-z][a-z0-9]*_[a-z0-9_]+)\.[A-Za-z_][\w-]*(?:\[[^\]]*\])?))");
  if (std::regex_search(text, m, kAny)) {
    *type = m[2];
    return m[1];
  }
  return "";
}

// When no address is named, what the text says about the thing that failed. The phrases are
// those of the AWS provider's error wrapping ("creating EC2 Instance", "Error creating S3 bucket")
// and of Terraform itself (backends, provisioner connections).
std::string InferType(const std::string& text) {
  static const std::vector<std::pair<std::regex, std::string>> kRules = [] {
    std::vector<std::pair<const char*, const char*>> raw = {
        {R"(provider\.aws|AWS Provider|provider credentials|credential sources)", "provider.aws"},
        {R"(locking state|state lock|refreshing state|tfstate|backend "s3"|S3 backend)", "backend.s3"},
        {R"(loading state|state snapshot|backend)", "backend"},
        {R"(timeout - last error|ssh: handshake|connection: |provisioner)", "connection"},
        {R"(EC2 Instance|source instance|instance settings|RunInstances|Instance Type)", "aws_instance"},
        {R"(requested more instances|Auto ?Scaling [Gg]roup)", "aws_autoscaling_group"},
        {R"(DynamoDB [Tt]able)", "aws_dynamodb_table"},
        {R"(S3 [Bb]ucket|CreateBucket|BucketAlreadyExists|BucketAlreadyOwnedByYou)", "aws_s3_bucket"},
        {R"(IAM role policy|PutRolePolicy)", "aws_iam_role_policy"},
        {R"(PolicySize|IAM [Pp]olicy|CreatePolicy)", "aws_iam_policy"},
        {R"(IAM [Rr]ole|CreateRole)", "aws_iam_role"},
        {R"(\bEIP\b|Elastic IP|AddressLimitExceeded)", "aws_eip"},
        {R"(ACM [Cc]ertificate|acm\.[a-z0-9-]+\.amazonaws)", "aws_acm_certificate"},
        {R"(execution role|Lambda [Ff]unction|lambda\.)", "aws_lambda_function"},
        {R"(elasticmapreduce\.|EMR [Cc]luster)", "aws_emr_cluster"},
        {R"([Ss]ecurity [Gg]roup [Rr]ule)", "aws_security_group_rule"},
        {R"([Ss]ecurity [Gg]roup|\bsg-[0-9a-f]+)", "aws_security_group"},
        {R"([Ss]ubnet)", "aws_subnet"},
        {R"(NAT [Gg]ateway)", "aws_nat_gateway"},
        {R"(\bVPC\b)", "aws_vpc"},
        {R"(RDS|DB [Ii]nstance)", "aws_db_instance"},
        {R"(EKS [Cc]luster)", "aws_eks_cluster"},
        {R"(KMS [Kk]ey)", "aws_kms_key"},
        {R"(CloudWatch [Ll]og [Gg]roup)", "aws_cloudwatch_log_group"},
        {R"(Route ?53|hosted zone)", "aws_route53_record"},
        {R"(ECS [Ss]ervice)", "aws_ecs_service"},
        {R"(SQS [Qq]ueue)", "aws_sqs_queue"},
        {R"(SNS [Tt]opic)", "aws_sns_topic"},
        {R"([Nn]etwork ACL)", "aws_network_acl"},
        {R"(CodeBuild)", "aws_codebuild_project"},
    };
    std::vector<std::pair<std::regex, std::string>> out;
    for (const auto& [pattern, type] : raw) out.emplace_back(std::regex(pattern), type);
    return out;
  }();
  for (const auto& [pattern, type] : kRules) {
    if (std::regex_search(text, pattern)) return type;
  }
  return "";
}

// The first "Error: ..." paragraph (or "* x: ..." line, or the first non-empty line).
std::string CoreMessage(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  size_t start = lines.size();
  for (size_t i = 0; i < lines.size() && start == lines.size(); ++i) {
    std::string t = Trim(lines[i]);
    if (t.rfind("Error:", 0) == 0 || t.rfind("* ", 0) == 0 || t.rfind("Error ", 0) == 0) start = i;
  }
  if (start == lines.size()) {
    for (size_t i = 0; i < lines.size(); ++i) {
      if (!Trim(lines[i]).empty()) {
        start = i;
        break;
      }
    }
  }
  std::string out;
  static const std::regex kContext(R"re(^(with [\w.\[\]"-]+,|on .+ line \d+.*:|\d+:\s|status code: \d+))re");
  for (size_t i = start; i < lines.size(); ++i) {
    std::string t = Trim(lines[i]);
    if (t.empty() && !out.empty()) break;
    // "with aws_x.y," and "on main.tf line 3, in resource ...:" are where, not what; the SDK's
    // "status code: 400, request id: ..." line is read for the status, not kept in the message.
    if (t.empty() || std::regex_search(t, kContext)) continue;
    out += (out.empty() ? "" : " ") + t;
  }
  return out;
}

}  // namespace

ExtractedError ExtractError(const std::string& output, const std::string& operation) {
  ExtractedError e;
  e.operation = operation;
  const std::string text = Unframe(output);
  e.message = CoreMessage(text);
  e.code = FindCode(text);
  e.http_status = FindHttpStatus(text);
  e.address = FindAddress(text, &e.resource_type);
  static const std::regex kLockId(R"re(Lock Info:\s*\n\s*ID:\s*(\S+))re");
  std::smatch lock;
  if (std::regex_search(text, lock, kLockId)) e.lock_id = lock[1];
  if (e.resource_type.empty()) e.resource_type = InferType(text);
  return e;
}

}  // namespace faber::reconciler::debugger
