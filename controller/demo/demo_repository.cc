#include "controller/demo/demo_repository.h"

#include <sys/stat.h>

#include <fstream>

namespace faber::controller {
namespace {

constexpr const char* kFaberYaml = R"SH(# faber demo: a static site deployed by shell scripts (engine: command).
version: 1
records: {branch: faber/records}
environments:
  - name: test
    branch: env/test
    directory: site
    engine: command
    commands: {validate: "./build.sh --check", plan: "./build.sh --plan", apply: "./deploy.sh"}
    pass_env: [FABER_DEMO_WWW, DEMO_DEPLOY_TOKEN]
    pass_env_public: [FABER_DEMO_WWW]
    tests: {commands: ["./lint.sh"]}
    health_checks:
      - {name: site, http: "http://127.0.0.1:@PORT@/test/", expect_status: 200, expect_body: "faber demo", retries: 3, interval: 200ms}
  - name: prod
    branch: env/prod
    directory: site
    engine: command
    commands: {validate: "./build.sh --check", plan: "./build.sh --plan", apply: "./deploy.sh"}
    pass_env: [FABER_DEMO_WWW, DEMO_DEPLOY_TOKEN]
    pass_env_public: [FABER_DEMO_WWW]
    tests: {commands: ["./lint.sh"]}
    health_checks:
      - {name: site, http: "http://127.0.0.1:@PORT@/prod/", expect_status: 200, expect_body: "faber demo", retries: 3, interval: 200ms}
)SH";

constexpr const char* kIndex = R"SH(<!doctype html>
<html><head><title>faber demo</title></head>
<body><h1>faber demo: @ENV@</h1><p>deployed from @COMMIT@</p>@FEATURES@</body></html>
)SH";

constexpr const char* kBuild = R"SH(#!/bin/sh
# Renders the site into ./out; --check only validates, --plan also says what would change.
set -eu
grep -q '<title>' index.html.in || { echo "Error: index.html.in has no <title>" >&2; exit 1; }
[ "${1:-}" = "--check" ] && { echo "site is valid"; exit 0; }
mkdir -p out
features=""
[ -f features.html ] && features=$(cat features.html)
sed -e "s/@ENV@/$FABER_ENV/" -e "s/@COMMIT@/$FABER_COMMIT/" -e "s|@FEATURES@|$features|" index.html.in > out/index.html
target="$FABER_DEMO_WWW/$FABER_ENV/index.html"
if [ -f "$target" ] && cmp -s out/index.html "$target"; then echo "Plan: no changes."
else echo "Plan: 1 to change: $target"; fi
)SH";

constexpr const char* kDeploy = R"SH(#!/bin/sh
# Publishes the rendered site atomically: a new directory, then a rename.
set -eu
echo "authenticating to the publisher with token $DEMO_DEPLOY_TOKEN"
./build.sh --plan
mkdir -p "$FABER_DEMO_WWW"
staging="$FABER_DEMO_WWW/.$FABER_ENV.new"
rm -rf "$staging" && mkdir -p "$staging"
for asset in $(cat assets.txt); do
  cp "$asset" "$staging/" || { echo "Error: publishing $asset failed (AccessDenied for key AKIAIOSFODNN7EXAMPLE)" >&2; exit 1; }
done
cp out/index.html "$staging/index.html"
rm -rf "$FABER_DEMO_WWW/$FABER_ENV" && mv "$staging" "$FABER_DEMO_WWW/$FABER_ENV"
echo "Apply complete! published $FABER_ENV at $FABER_COMMIT"
)SH";

constexpr const char* kLint = R"SH(#!/bin/sh
# Pre-deployment test: the page must have a title and no leftover TODO.
set -eu
grep -q '<title>' index.html.in
! grep -n 'TODO' index.html.in
)SH";

}  // namespace

common::Result<std::string> DemoRepository::Git(const std::vector<std::string>& args) {
  common::ProcessSpec spec;
  spec.argv = {"git"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.working_dir = dir_.string();
  spec.env = common::InheritVariables({"PATH", "HOME"});
  spec.env["GIT_AUTHOR_NAME"] = spec.env["GIT_COMMITTER_NAME"] = "Demo Developer";
  spec.env["GIT_AUTHOR_EMAIL"] = spec.env["GIT_COMMITTER_EMAIL"] = "dev@example.com";
  spec.env["GIT_CONFIG_NOSYSTEM"] = "1";
  auto r = runner_.Run(spec);
  if (!r.ok()) return common::InvalidInput("the demo needs the git command line: " + r.status().message());
  if (!r->Succeeded()) return common::Internal("git " + args[0] + " failed: " + r->stderr_text);
  return r->stdout_text;
}

common::Status DemoRepository::WriteFile(const std::string& path, const std::string& content, bool executable) {
  auto full = dir_ / path;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream(full) << content;
  if (executable) chmod(full.c_str(), 0755);
  return common::Status::Ok();
}

common::Status DemoRepository::Create(int port) {
  std::filesystem::create_directories(dir_);
  std::string yaml = kFaberYaml;
  for (size_t p; (p = yaml.find("@PORT@")) != std::string::npos;) yaml.replace(p, 6, std::to_string(port));
  FABER_RETURN_IF_ERROR(Git({"init", "-q", "-b", "main"}).status());
  FABER_RETURN_IF_ERROR(WriteFile("faber.yaml", yaml));
  FABER_RETURN_IF_ERROR(WriteFile("site/index.html.in", kIndex));
  FABER_RETURN_IF_ERROR(WriteFile("site/style.css", "body { font-family: sans-serif; }\n"));
  FABER_RETURN_IF_ERROR(WriteFile("site/assets.txt", "style.css\n"));
  FABER_RETURN_IF_ERROR(WriteFile("site/build.sh", kBuild, true));
  FABER_RETURN_IF_ERROR(WriteFile("site/deploy.sh", kDeploy, true));
  FABER_RETURN_IF_ERROR(WriteFile("site/lint.sh", kLint, true));
  FABER_RETURN_IF_ERROR(WriteFile(".gitignore", "out/\n"));
  FABER_RETURN_IF_ERROR(Git({"add", "-A"}).status());
  FABER_RETURN_IF_ERROR(Git({"commit", "-q", "-m", "Static site deployed by faber"}).status());
  FABER_RETURN_IF_ERROR(Git({"branch", "env/test"}).status());
  return Git({"branch", "env/prod"}).status();
}

common::Status DemoRepository::MergeIntoTest(const std::string& branch, int number, const std::string& title) {
  FABER_RETURN_IF_ERROR(Git({"add", "-A"}).status());
  FABER_RETURN_IF_ERROR(Git({"commit", "-q", "-m", title}).status());
  FABER_RETURN_IF_ERROR(Git({"checkout", "-q", "env/test"}).status());
  FABER_RETURN_IF_ERROR(Git({"merge", "-q", "--no-ff", branch, "-m",
                             "Merge pull request #" + std::to_string(number) + " from demo/" + branch + "\n\n" + title})
                            .status());
  return Git({"checkout", "-q", "main"}).status();
}

common::Status DemoRepository::MergeFeature(int number) {
  FABER_RETURN_IF_ERROR(Git({"checkout", "-q", "-b", "feature", "main"}).status());
  FABER_RETURN_IF_ERROR(WriteFile("site/features.html", "<p>New: a changelog section.</p>\n"));
  return MergeIntoTest("feature", number, "Add a changelog section");
}

common::Status DemoRepository::MergeBrokenChange(int number) {
  FABER_RETURN_IF_ERROR(Git({"checkout", "-q", "-b", "broken", "main"}).status());
  // The asset list names a logo nobody added: validation and the plan pass, the publish fails.
  FABER_RETURN_IF_ERROR(WriteFile("site/assets.txt", "style.css\nlogo.svg\n"));
  return MergeIntoTest("broken", number, "Add the logo");
}

}  // namespace faber::controller
