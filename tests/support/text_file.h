// The whole content of a file the code under test wrote, for tests that compare or search it.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace tlb::testing {

// "" when the file cannot be opened, so a missing file fails the test's content check.
inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace tlb::testing
