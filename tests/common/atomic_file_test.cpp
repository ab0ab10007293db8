// Tests common/atomic_file.cpp: whole files or nothing, temporaries beside the target.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "common/atomic_file.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

// A fresh folder, removed with everything in it at scope exit.
struct Folder {
  Folder() {
    std::string pattern = (fs::temp_directory_path() / "tlb_common_test_XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~Folder() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  fs::path path;
};

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

size_t entries(const fs::path& folder) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(folder), {}));
}

}  // namespace

TEST_CASE("write_file_atomically replaces the whole file and leaves nothing else", "[common]") {
  Folder folder;
  const fs::path target = folder.path / "config.ini";
  tlb::common::write_file_atomically(target, "first\n");
  CHECK(read(target) == "first\n");
  tlb::common::write_file_atomically(target, std::string("bytes\0with a zero", 17));
  CHECK(read(target) == std::string("bytes\0with a zero", 17));
  CHECK(entries(folder.path) == 1);
}

TEST_CASE("write_file_atomically leaves the old file when it cannot write", "[common]") {
  Folder folder;
  REQUIRE_THROWS_WITH(tlb::common::write_file_atomically(folder.path / "missing" / "x", "y"),
                      Contains("cannot create") && Contains("missing"));
  CHECK(entries(folder.path) == 0);
}

TEST_CASE("A temporary sits beside its target, hidden, and commits by rename", "[common]") {
  Folder folder;
  const fs::path target = folder.path / "run.h5";
  const fs::path scratch = tlb::common::temporary_path_for(target, "tlb-scratch", false);
  CHECK(scratch == folder.path / ".run.h5.tlb-scratch");
  const fs::path mine = tlb::common::temporary_path_for(target, "tlb-partial");
  CHECK(mine == folder.path / (".run.h5.tlb-partial-" + std::to_string(::getpid())));
  std::ofstream(target) << "old";
  std::ofstream(mine) << "new";
  tlb::common::commit_file(mine, target);
  CHECK(read(target) == "new");
  CHECK_FALSE(fs::exists(mine));
  REQUIRE_THROWS_WITH(tlb::common::commit_file(mine, target), Contains("cannot"));
  CHECK(read(target) == "new");
}

TEST_CASE("remove_stale_temporaries removes what a killed process left, nothing else", "[common]") {
  Folder folder;
  const auto touch = [&](const std::string& name) { std::ofstream(folder.path / name) << "x"; };
  // A pid that is not running: a child that has exited and been reaped.
  const pid_t dead = fork();
  if (dead == 0) _exit(0);
  int status = 0;
  waitpid(dead, &status, 0);
  const std::string dead_pid = std::to_string(dead), live_pid = std::to_string(getpid());
  touch(".checkpoint_000001.pt.tmp-" + dead_pid);  // left by a kill: removed
  touch(".latest.pt.tmp-" + live_pid);             // this process's own: kept
  touch("checkpoint_000001.pt");                   // not a temporary: kept
  touch(".hidden-" + dead_pid);                    // no ".<tag>" before the pid: kept
  CHECK(tlb::common::remove_stale_temporaries(folder.path) == 1);
  CHECK_FALSE(fs::exists(folder.path / (".checkpoint_000001.pt.tmp-" + dead_pid)));
  CHECK(fs::exists(folder.path / (".latest.pt.tmp-" + live_pid)));
  CHECK(fs::exists(folder.path / "checkpoint_000001.pt"));
  CHECK(fs::exists(folder.path / (".hidden-" + dead_pid)));
}
