#pragma once

#include <filesystem>
#include <string>

#include "reconciler/repository_reconciler.h"

namespace faber::controller {

// Returns the data directory: $FABER_DATA_DIR, else $HOME/.local/state/faber.
std::filesystem::path DefaultDataDir();

// Returns how to open the repository named on the command line: an existing local directory is
// used in place (records on its own faber/records branch); anything else is a URL, cloned bare
// into `data_dir`/repos/<name> and fetched, with records pushed back to it.
reconciler::RepositoryOpener MakeRepositoryOpener(const std::string& repo, const std::filesystem::path& data_dir);

}  // namespace faber::controller
