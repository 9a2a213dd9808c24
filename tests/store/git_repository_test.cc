#include "store/git_repository.h"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "common/files.h"
#include "tests/support/faber_harness.h"

namespace faber::store {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;
using testing::WorkTree;

TEST(GitRepositoryTest, ExportKeepsExecutableBitsSymlinksAndNesting) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  tree.Write("infra/deploy.sh", "#!/bin/sh\necho hi\n", /*executable=*/true);
  tree.Write("infra/modules/net/main.tf", "# net\n");
  fs::create_symlink("modules/net/main.tf", tree.dir() / "infra/link.tf");
  std::string commit = tree.CommitAll("init");

  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  fs::path out = dir.path() / "export";
  ASSERT_TRUE((*repo)->ExportTree(commit, out).ok());
  struct stat st {};
  ASSERT_EQ(stat((out / "infra/deploy.sh").c_str(), &st), 0);
  EXPECT_TRUE(st.st_mode & S_IXUSR);
  ASSERT_EQ(stat((out / "infra/modules/net/main.tf").c_str(), &st), 0);
  EXPECT_FALSE(st.st_mode & S_IXUSR);
  ASSERT_TRUE(fs::is_symlink(out / "infra/link.tf"));
  EXPECT_EQ(fs::read_symlink(out / "infra/link.tf"), "modules/net/main.tf");
  EXPECT_FALSE(fs::exists(out / ".git"));
  // Exporting over an earlier export keeps it the tree (the used-directory test has the rest).
  ASSERT_TRUE((*repo)->ExportTree(commit, out).ok());
  EXPECT_EQ(fs::read_symlink(out / "infra/link.tf"), "modules/net/main.tf");
}

TEST(GitRepositoryTest, ReadsFilesBranchesAndHistory) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  tree.Write("a.txt", "one\n");
  std::string first = tree.CommitAll("first");
  tree.Write("a.txt", "two\n");
  tree.Write("b/c.txt", "c\n");
  std::string second = tree.CommitAll("second");

  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  EXPECT_EQ(*(*repo)->ResolveBranch("main"), second);
  EXPECT_EQ((*repo)->ResolveBranch("env/none").status().kind(), common::ErrorKind::kNotFound);
  EXPECT_EQ(*(*repo)->DefaultBranch(), "main");
  EXPECT_EQ(*(*repo)->ReadFile(first, "a.txt"), "one\n");
  EXPECT_EQ((*repo)->ReadFile(first, "b/c.txt").status().kind(), common::ErrorKind::kNotFound);
  EXPECT_EQ(*(*repo)->ListFiles(second, ""), (std::vector<std::string>{"a.txt", "b/c.txt"}));
  EXPECT_TRUE(*(*repo)->IsAncestor(first, second));
  EXPECT_FALSE(*(*repo)->IsAncestor(second, first));
  EXPECT_EQ(*(*repo)->CommitsBetween(first, second), std::vector<std::string>{second});
  auto changes = (*repo)->ChangesOf(second);
  ASSERT_TRUE(changes.ok());
  EXPECT_EQ(changes->size(), 2u);
  EXPECT_EQ((*repo)->GetCommit(second)->message.substr(0, 6), "second");
}

TEST(GitRepositoryTest, ThePolicyBranchIsTheConfiguredOneElseTheDefaultBranch) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  tree.Write("a.txt", "one\n");
  tree.CommitAll("first");
  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  EXPECT_EQ(*(*repo)->PolicyBranch(), "main");
  (*repo)->set_policy_branch("faber/policy");
  EXPECT_EQ(*(*repo)->PolicyBranch(), "faber/policy");
  EXPECT_EQ(*(*repo)->DefaultBranch(), "main");  // what HEAD says is unchanged
}

TEST(GitRepositoryTest, CompareAndSwapMovesABranchOnlyFromTheExpectedTip) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  tree.Write("a.txt", "a\n");
  tree.CommitAll("init");
  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  auto c1 = (*repo)->CreateCommit("", {{"x.json", std::string("1")}}, "one");
  ASSERT_TRUE(c1.ok()) << c1.status().message();
  auto c2 = (*repo)->CreateCommit(*c1, {{"y.json", std::string("2")}}, "two");
  ASSERT_TRUE(c2.ok());
  EXPECT_EQ(*(*repo)->ReadFile(*c2, "x.json"), "1");  // a commit builds on its parent's tree

  ASSERT_TRUE((*repo)->CompareAndSwapBranch("faber/records", "", *c1).ok());
  // Creating it again, or moving it from a tip it no longer has, is a conflict.
  EXPECT_EQ((*repo)->CompareAndSwapBranch("faber/records", "", *c2).kind(), common::ErrorKind::kConflict);
  EXPECT_EQ((*repo)->CompareAndSwapBranch("faber/records", *c2, *c1).kind(), common::ErrorKind::kConflict);
  ASSERT_TRUE((*repo)->CompareAndSwapBranch("faber/records", *c1, *c2).ok());
  EXPECT_EQ(tree.Head("faber/records"), *c2);
  EXPECT_EQ(*(*repo)->LocalBranchTip("faber/records"), *c2);
}

TEST(GitRepositoryTest, NotARepositoryAndACorruptRepositoryAreClearErrors) {
  ScratchDir dir;
  auto missing = GitRepository::Open(dir.path() / "nothing-here");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nothing-here"), std::string::npos) << missing.status().message();

  WorkTree tree(dir.path() / "repo");
  tree.Write("a.txt", "a\n");
  std::string commit = tree.CommitAll("init");
  std::string blob = tree.Git({"rev-parse", commit + ":a.txt"}).substr(0, 40);
  // A truncated loose object: libgit2 alone would never return from reading it.
  auto truncate = [&](const std::string& sha) {
    fs::path object = tree.dir() / ".git/objects" / sha.substr(0, 2) / sha.substr(2);
    fs::permissions(object, fs::perms::owner_write, fs::perm_options::add);
    fs::resize_file(object, 3);
  };
  truncate(blob);
  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  auto read = (*repo)->ReadFile(commit, "a.txt");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().kind(), common::ErrorKind::kStalled);
  EXPECT_NE(read.status().message().find(blob), std::string::npos) << read.status().message();
  auto exported = (*repo)->ExportTree(commit, dir.path() / "export");
  EXPECT_EQ(exported.kind(), common::ErrorKind::kStalled) << exported.message();

  truncate(commit);
  auto commit_read = (*repo)->ReadFile(commit, "a.txt");
  ASSERT_FALSE(commit_read.ok());
  EXPECT_NE(commit_read.status().message().find(commit), std::string::npos) << commit_read.status().message();
}

// Every file under `dir` (not following symlinks) as "path -> kind:content".
std::map<std::string, std::string> Listing(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    const std::string rel = fs::relative(it->path(), dir).string();
    if (it->is_symlink()) {
      out[rel] = "link:" + fs::read_symlink(it->path()).string();
    } else if (it->is_directory()) {
      out[rel] = "dir";
    } else {
      const bool exec = (fs::status(it->path()).permissions() & fs::perms::owner_exec) != fs::perms::none;
      out[rel] = std::string(exec ? "exec:" : "file:") + *common::ReadFile(it->path());
    }
  }
  return out;
}

// A run directory is reused as the next run's checkout: exporting into it must leave exactly the
// commit's tree, whatever the earlier run's commands did to the files.
TEST(GitRepositoryTest, ExportingIntoAUsedDirectoryLeavesExactlyTheTree) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  tree.Write("infra/main.tf", "resource \"x\" \"y\" {}\n");
  tree.Write("infra/run.sh", "#!/bin/sh\necho hi\n", /*executable=*/true);
  tree.Write("infra/modules/a/vars.tf", "variable \"v\" {}\n");
  tree.Write("README.md", "readme\n");
  std::string commit = tree.CommitAll("init");
  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  const fs::path fresh = dir.path() / "fresh";
  ASSERT_TRUE((*repo)->ExportTree(commit, fresh).ok());
  const auto want = Listing(fresh);
  ASSERT_EQ(want.at("infra/run.sh").rfind("exec:", 0), 0u);

  const fs::path used = dir.path() / "used";
  ASSERT_TRUE((*repo)->ExportTree(commit, used).ok());
  // What a run's commands could leave behind:
  std::ofstream(used / "infra/main.tf", std::ios::trunc) << "resource \"x\" \"z\" {}\n";  // same size, new text
  fs::permissions(used / "infra/run.sh", fs::perms::owner_exec, fs::perm_options::remove);
  fs::remove(used / "README.md");
  fs::create_directories(used / "README.md/inside");  // a directory where a file belongs
  fs::remove_all(used / "infra/modules/a");
  fs::create_symlink("/etc", used / "infra/modules/a");  // a symlink where a directory belongs
  std::ofstream(used / "infra/planted.tf") << "resource \"evil\" \"x\" {}\n";
  fs::create_directories(used / ".terraform/providers");
  std::ofstream(used / ".terraform/providers/p") << "binary";
  fs::create_symlink("/etc/passwd", used / "infra/passwd.tf");

  auto again = (*repo)->ExportTree(commit, used);
  ASSERT_TRUE(again.ok()) << again.message();
  EXPECT_EQ(Listing(used), want);
  EXPECT_TRUE(fs::exists("/etc/passwd"));  // removed as a link, never followed
}

// `git mktree` of one entry line, in `repo`; the new tree's id.
std::string MakeTree(const fs::path& repo, const std::string& entry) {
  const fs::path input = repo.parent_path() / "mktree.in";
  std::ofstream(input) << entry;
  const std::string command = "cd '" + repo.string() + "' && git mktree < '" + input.string() + "'";
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buffer[128];
  while (pipe != nullptr && fgets(buffer, sizeof(buffer), pipe) != nullptr) out += buffer;
  if (pipe != nullptr) pclose(pipe);
  return out.substr(0, 40);
}

// A tree entry named .git (any case, any depth) would make the checkout look like a repository of
// its own to git and to tools run in it: the export refuses it.
// Symlinks are judged by where they lead once resolved, through the tree's other links: a commit
// cannot point a directory, a var file or a .tf at files outside the export.
TEST(GitRepositoryTest, SymlinksLeadingOutsideTheExportAreRefused) {
  struct Case {
    std::string name;
    std::vector<std::pair<std::string, std::string>> links;  // path -> target
  };
  const std::vector<Case> escapes = {
      {"absolute", {{"infra/passwd.tf", "/etc/passwd"}}},
      {"dot-dot", {{"infra/up.tf", "../../outside.tf"}}},
      {"directory", {{"infra/env", "/etc"}}},
      // Lexically inside (`here/../x` is x), physically outside: `here` is the export root, so
      // `here/..` is its parent.
      {"through another link", {{"infra/here", ".."}, {"infra/tricky", "here/../../outside.tf"}}},
      {"loop", {{"infra/a", "b"}, {"infra/b", "a"}}},
  };
  for (const auto& c : escapes) {
    ScratchDir dir;
    WorkTree tree(dir.path() / "repo");
    tree.Write("infra/main.tf", "# main\n");
    for (const auto& [path, target] : c.links) fs::create_symlink(target, tree.dir() / path);
    std::string commit = tree.CommitAll("links");
    auto repo = GitRepository::Open(tree.dir());
    ASSERT_TRUE(repo.ok());
    fs::path out = dir.path() / "export";
    common::Status exported = (*repo)->ExportTree(commit, out);
    ASSERT_FALSE(exported.ok()) << c.name;
    EXPECT_EQ(exported.kind(), common::ErrorKind::kInvalidInput) << c.name;
    EXPECT_NE(exported.message().find("refusing the symlink 'infra/"), std::string::npos) << exported.message();
    for (const auto& [path, target] : c.links) {
      EXPECT_FALSE(fs::is_symlink(out / path)) << c.name << ": " << path << " left in place";
    }
  }
  // Links that stay inside, however they get there, are kept.
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  tree.Write("modules/net/main.tf", "# net\n");
  fs::create_symlink("modules/net", tree.dir() / "net");
  tree.Write("infra/main.tf", "# main\n");
  fs::create_symlink("../modules/net/main.tf", tree.dir() / "infra/net.tf");
  fs::create_symlink(".", tree.dir() / "infra/self");
  fs::create_symlink("self/../infra/main.tf", tree.dir() / "infra/again.tf");
  fs::create_symlink("missing.tf", tree.dir() / "infra/dangling.tf");
  std::string commit = tree.CommitAll("inside");
  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  fs::path out = dir.path() / "export";
  common::Status exported = (*repo)->ExportTree(commit, out);
  ASSERT_TRUE(exported.ok()) << exported.message();
  EXPECT_EQ(*common::ReadFile(out / "infra/net.tf"), "# net\n");
  EXPECT_EQ(*common::ReadFile(out / "infra/again.tf"), "# main\n");
}

TEST(GitRepositoryTest, ATreeEntryNamedDotGitIsRefused) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  tree.Write("a.txt", "a\n");
  tree.CommitAll("init");
  const std::string blob = tree.Git({"hash-object", "-w", "a.txt"}).substr(0, 40);
  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  for (const std::string name : {".git", ".GIT"}) {
    const std::string inner = MakeTree(tree.dir(), "100644 blob " + blob + "\tconfig\n");
    const std::string top = MakeTree(tree.dir(), "040000 tree " + inner + "\t" + name + "\n");
    const std::string nested = MakeTree(tree.dir(), "040000 tree " + top + "\tinfra\n");
    const std::string commit = tree.Git({"commit-tree", nested, "-m", "hostile"}).substr(0, 40);
    auto exported = (*repo)->ExportTree(commit, dir.path() / ("export-" + name));
    ASSERT_FALSE(exported.ok()) << name;
    EXPECT_NE(exported.message().find("'" + name + "'"), std::string::npos) << exported.message();
    EXPECT_FALSE(fs::exists(dir.path() / ("export-" + name) / "infra" / name / "config"));
  }
}

// faber reads loose objects itself (one inflate, then the content): what it exports must be what
// the commit holds, and an object file that is intact but holds another object is refused.
TEST(GitRepositoryTest, LooseObjectsAreExportedByteForByteAndAMisplacedOneIsRefused) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  std::string binary(70000, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>((i * 7919) % 251);
  tree.Write("data.bin", binary);  // larger than one inflate buffer, and not text
  tree.Write("a.txt", "a\n");
  tree.Write("b.txt", "b\n");
  std::string commit = tree.CommitAll("init");
  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  ASSERT_TRUE((*repo)->ExportTree(commit, dir.path() / "export").ok());
  auto exported = common::ReadFile(dir.path() / "export/data.bin");
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(*exported, binary);

  // a.txt's object file replaced by b.txt's: a valid zlib stream, but not the object it is named.
  auto object_path = [&](const std::string& path) {
    std::string sha = tree.Git({"rev-parse", commit + ":" + path}).substr(0, 40);
    return tree.dir() / ".git/objects" / sha.substr(0, 2) / sha.substr(2);
  };
  fs::path a = object_path("a.txt");
  fs::permissions(a, fs::perms::owner_write, fs::perm_options::add);
  fs::copy_file(object_path("b.txt"), a, fs::copy_options::overwrite_existing);
  auto read = (*repo)->ReadFile(commit, "a.txt");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().kind(), common::ErrorKind::kStalled);
  EXPECT_NE(read.status().message().find("does not hash to its name"), std::string::npos) << read.status().message();
}

}  // namespace
}  // namespace faber::store
