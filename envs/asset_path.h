// Finds the project's MJCF models (envs/assets/) from the source tree or an installed tree.
#pragma once

#include <string>
#include <vector>

namespace tlb::envs {

// Folders searched for assets, in order: $TLB_ASSETS_DIR if set; the source tree's
// envs/assets (compiled in as TLB_SOURCE_ASSETS_DIR); <exe dir>/../share/tlb/assets
// (an installed tree); <exe dir>/assets.
std::vector<std::string> asset_search_dirs();

// The path of asset `file` (e.g. "hopper.xml") in the first folder that holds it. Throws
// std::runtime_error listing every folder searched when none does.
std::string asset_path(const std::string& file);

}  // namespace tlb::envs
