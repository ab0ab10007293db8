// Tests envs/asset_path.cpp: assets are found in the source tree, and a miss lists the folders.
#include <catch2/catch.hpp>

#include <filesystem>

#include "envs/asset_path.h"

TEST_CASE("asset_path finds the task models and names the folders it searched", "[envs]") {
  const std::string path = tlb::envs::asset_path("hopper.xml");
  CHECK(std::filesystem::is_regular_file(path));
  using Catch::Matchers::Contains;
  REQUIRE_THROWS_WITH(tlb::envs::asset_path("no_such_model.xml"), Contains("no_such_model.xml") &&
                                                                      Contains("envs/assets") &&
                                                                      Contains("TLB_ASSETS_DIR"));
}
