// Tests common/atomic_file.cpp: whole files or nothing, temporaries beside the target.
#include <catch2/catch.hpp>

#include <stdlib.h>
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
