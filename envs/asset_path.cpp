#include "envs/asset_path.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace tlb::envs {

namespace fs = std::filesystem;

std::vector<std::string> asset_search_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("TLB_ASSETS_DIR"); env != nullptr && env[0] != '\0') {
    dirs.emplace_back(env);
  }
#ifdef TLB_SOURCE_ASSETS_DIR
  dirs.emplace_back(TLB_SOURCE_ASSETS_DIR);
#endif
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const fs::path exe_dir = exe.parent_path();
    dirs.push_back((exe_dir.parent_path() / "share" / "tlb" / "assets").string());
    dirs.push_back((exe_dir / "assets").string());
  }
  return dirs;
}

std::string asset_path(const std::string& file) {
  const std::vector<std::string> dirs = asset_search_dirs();
  std::string searched;
  for (const std::string& dir : dirs) {
    const fs::path candidate = fs::path(dir) / file;
    std::error_code error;
    if (fs::is_regular_file(candidate, error)) return candidate.string();
    searched += (searched.empty() ? "" : ", ") + dir;
  }
  throw std::runtime_error("asset " + file + " not found; searched: " + searched +
                           " (set TLB_ASSETS_DIR to the folder holding the MJCF models)");
}

}  // namespace tlb::envs
