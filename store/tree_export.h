#pragma once

#include <git2.h>

#include <filesystem>

#include "common/status.h"

namespace faber::store {

// Makes `dest` hold exactly `tree`: files with their content and executable bit, symlinks with
// their targets, directories, and nothing else. What `dest` already holds is compared, not
// trusted: a file whose content, type or mode differs is replaced (unlinked and created again,
// never written through), and every entry the tree does not have is removed (symlinks as links,
// never followed). So a run directory left by an earlier run, whatever that run's commands did
// to it, becomes the new commit's checkout at the cost of reading it, not of writing it anew.
// Entry names that could escape `dest` or that Git reserves ("..", "a/b", ".git") are refused,
// and so are symlinks that lead outside `dest` once resolved (absolute targets, "..", chains
// through other links; as Argo CD refuses out-of-bounds symlinks): the error names the link and
// its target, and every link of the tree is removed again.
common::Status SyncTreeInto(git_repository* repo, git_tree* tree, const std::filesystem::path& dest);

}  // namespace faber::store
