#include "webhooks/comment_command.h"

#include <algorithm>
#include <sstream>

#include "webhooks/comment_renderer.h"

namespace faber::webhooks {
namespace {

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

// "/faber" alone or followed by whitespace: "/faberx" is someone else's command.
bool IsCommandLine(const std::string& line) {
  const std::string prefix = "/faber";
  return line.rfind(prefix, 0) == 0 && (line.size() == prefix.size() || line[prefix.size()] == ' ' || line[prefix.size()] == '\t');
}

// What each command takes after its name.
enum class Arguments { kNone, kSolutionId, kIssueAndText };

struct CommandSpec {
  CommandName name;
  const char* text;
  Arguments arguments;
};

constexpr CommandSpec kCommands[] = {
    {CommandName::kHelp, "help", Arguments::kNone},
    {CommandName::kPlan, "plan", Arguments::kNone},
    {CommandName::kTest, "test", Arguments::kNone},
    {CommandName::kDeploy, "deploy", Arguments::kNone},
    {CommandName::kRetry, "retry", Arguments::kNone},
    {CommandName::kApplyFix, "apply-fix", Arguments::kSolutionId},
    {CommandName::kResolved, "resolved", Arguments::kIssueAndText},
};

const CommandSpec* FindCommand(const std::string& text) {
  for (const auto& spec : kCommands) {
    if (text == spec.text) return &spec;
  }
  return nullptr;
}

// Reads the arguments of `spec` from the rest of its line into `command`.
common::Status ReadArguments(const CommandSpec& spec, std::istringstream& words, CommentCommand& command) {
  const std::string name = spec.text;
  std::string extra;
  switch (spec.arguments) {
    case Arguments::kNone:
      if (words >> extra)
        return common::InvalidInput("/faber " + name + " takes no arguments (got " + EchoText(extra) + ")");
      return {};
    case Arguments::kSolutionId: {
      std::string id;
      if (!(words >> id)) return common::InvalidInput("/faber apply-fix needs a solution id");
      if (words >> extra)
        return common::InvalidInput("/faber apply-fix takes one solution id (got " + EchoText(extra) + ")");
      command.arguments = {id};
      return {};
    }
    case Arguments::kIssueAndText: {
      std::string issue;
      if (!(words >> issue)) return common::InvalidInput("/faber resolved needs an issue id and what fixed it");
      std::string rest;
      std::getline(words, rest);
      rest = Trim(rest);
      if (rest.empty())
        return common::InvalidInput("/faber resolved " + EchoText(issue) + " needs the text of what fixed it");
      command.arguments = {issue, rest};
      return {};
    }
  }
  return {};
}

}  // namespace

const char* CommandNameText(CommandName name) {
  for (const auto& spec : kCommands) {
    if (spec.name == name) return spec.text;
  }
  return "help";
}

std::string CommentCommandHelp() {
  return "faber commands (in a comment of their own line):\n"
         "- `/faber help`: this list\n"
         "- `/faber plan`: run the pre-deployment tests and the plan for this pull request again\n"
         "- `/faber test`: run the pre-deployment tests again\n"
         "- `/faber deploy`: approve the deploy of an environment with `approval: comment`\n"
         "- `/faber retry`: run the last failed deploy of the target environment again\n"
         "- `/faber apply-fix <solution_id>`: run a proposed automated fix\n"
         "- `/faber resolved <issue_id> <what fixed it>`: teach faber the manual fix of an issue\n";
}

common::Result<std::optional<CommentCommand>> ParseCommentCommand(const std::string& comment) {
  std::istringstream lines(comment);
  std::string line;
  while (std::getline(lines, line)) {
    line = Trim(line);
    if (!IsCommandLine(line)) continue;
    std::istringstream words(line.substr(6));
    std::string name;
    if (!(words >> name)) return common::InvalidInput("/faber needs a command");
    const CommandSpec* spec = FindCommand(name);
    if (spec == nullptr) return common::InvalidInput("unknown command " + EchoText("/faber " + name));
    CommentCommand command;
    command.name = spec->name;
    if (auto read = ReadArguments(*spec, words, command); !read.ok()) return read;
    return std::optional<CommentCommand>(command);
  }
  return std::optional<CommentCommand>();
}

Authorization Authorize(const CommandAuthorization& policy, const std::string& author, const std::string& association) {
  // Logins compare without case on every forge.
  auto same = [](const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  };
  if (!policy.bot_user.empty() && same(author, policy.bot_user)) return Authorization::kOwnComment;
  for (const auto& allowed : policy.allowed_authors) {
    if (same(author, allowed)) return Authorization::kAllowed;
  }
  if (association == "OWNER" || association == "MEMBER" || association == "COLLABORATOR") return Authorization::kAllowed;
  return Authorization::kNotAllowed;
}

}  // namespace faber::webhooks
