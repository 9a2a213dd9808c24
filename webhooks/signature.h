#pragma once

#include <string>
#include <string_view>

namespace faber::webhooks {

// Returns HMAC-SHA256 of `data` keyed by `key`, as lowercase hex.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// Compares two strings in time that depends only on their lengths, never on where they differ,
// so a forger cannot find a valid signature byte by byte.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Checks GitHub's X-Hub-Signature-256 header ("sha256=<hex HMAC of the body>").
bool VerifyGithubSignature(std::string_view secret, std::string_view body, std::string_view header);

// Checks Gitea's X-Gitea-Signature header (hex HMAC-SHA256 of the body, no prefix).
bool VerifyGiteaSignature(std::string_view secret, std::string_view body, std::string_view header);

// Checks GitLab's X-Gitlab-Token header (the shared secret itself).
bool VerifyGitlabToken(std::string_view secret, std::string_view header);

}  // namespace faber::webhooks
