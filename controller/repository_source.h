#pragma once

#include <filesystem>
#include <string>

#include <memory>

#include "reconciler/repository_reconciler.h"
#include "webhooks/git_notes_notifier.h"

namespace faber::controller {

// Returns the data directory: $FABER_DATA_DIR, else $HOME/.local/state/faber.
std::filesystem::path DefaultDataDir();

// Returns how to open the repository named on the command line: an existing local directory is
// used in place (records on its own faber/records branch); anything else is a URL, cloned bare
// into `data_dir`/repos/<name> and fetched, with records pushed back to it.
// `policy_branch` (server.yaml) is where faber.yaml, gates and policies are read ("" for the
// default branch).
reconciler::RepositoryOpener MakeRepositoryOpener(const std::string& repo, const std::filesystem::path& data_dir,
                                                  const std::string& policy_branch = "");

// Returns the directory MakeRepositoryOpener clones the URL `repo` into.
std::filesystem::path CloneDirectory(const std::string& repo, const std::filesystem::path& data_dir);

// Returns the remote git notes are shared through for a clone opened by `opener`: its origin,
// fetched from and pushed to with the clone's own fetch and push.
std::unique_ptr<webhooks::NotesRemote> MakeCloneNotesRemote(reconciler::RepositoryOpener opener);

// Returns the git notes of the local repository (work tree or bare) at `repository`, read and
// written through the store's libgit2 wrapper (store::GitNotes); nothing is opened until used.
std::unique_ptr<webhooks::NotesStore> MakeGitNotesStore(const std::filesystem::path& repository);

}  // namespace faber::controller
