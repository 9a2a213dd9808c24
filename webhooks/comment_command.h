#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace faber::webhooks {

// The commands a pull-request comment can give.
enum class CommandName { kHelp, kPlan, kTest, kDeploy, kRetry, kApplyFix, kResolved };

// Returns the command as written after "/faber": "help", "plan", "test", "deploy", "retry",
// "apply-fix" or "resolved".
const char* CommandNameText(CommandName name);

// A command written in a pull-request comment, e.g. "/faber apply-fix sol-3".
struct CommentCommand {
  CommandName name = CommandName::kHelp;
  std::vector<std::string> arguments;  // apply-fix: {solution_id}; resolved: {issue_id, text}
};

// Finds the command in `comment`: the first line starting with "/faber". nullopt when the comment
// holds none (an ordinary comment); kInvalidInput naming the mistake for an unknown command or
// missing arguments, so faber can answer with the usage.
common::Result<std::optional<CommentCommand>> ParseCommentCommand(const std::string& comment);

// The reply to "/faber help" and to a command faber could not read.
std::string CommentCommandHelp();

// Who may run comment commands on a repository.
struct CommandAuthorization {
  std::vector<std::string> allowed_authors;  // logins allowed whatever the forge says about them
  std::string bot_user;                      // faber's own login: its comments are never commands
};

enum class Authorization { kAllowed, kOwnComment, kNotAllowed };

// Decides whether `author`, whose relation to the repository the forge reported as `association`
// (OWNER, MEMBER, COLLABORATOR, ...; "" when the forge does not say), may run commands.
Authorization Authorize(const CommandAuthorization& policy, const std::string& author, const std::string& association);

}  // namespace faber::webhooks
