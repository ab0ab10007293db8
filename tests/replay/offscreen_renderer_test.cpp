// Tests envs/render/offscreen_renderer.cpp and replay/frame_writer.cpp: a Hopper frame shows
// the robot (pixels unlike the floor and sky near the image centre), and the PNG encoder
// writes a file with PNG's signature and the frame's size.
#include <catch2/catch.hpp>

#include <fstream>

#include "envs/mujoco_env.h"
#include "envs/registry.h"
#include "envs/render/offscreen_renderer.h"
#include "replay/frame_writer.h"
#include "replay_test_support.h"

TEST_CASE("The offscreen renderer draws the robot, and frames encode as PNG", "[replay]") {
  auto env = tlb::envs::make_env("Hopper-v5");
  env->reset(3);
  tlb::envs::RenderOptions options;
  options.width = 96;
  options.height = 64;
  tlb::envs::OffscreenRenderer renderer(env->mujoco()->model(), options);
  const std::vector<uint8_t> frame = renderer.render(env->mujoco()->data());
  REQUIRE(frame.size() == 96u * 64u * 3u);
  // The hopper is brown-orange (red > blue) in the middle column; floor and sky are not.
  size_t robot = 0, other = 0;
  for (int y = 0; y < 64; ++y) {
    const uint8_t* p = frame.data() + (static_cast<size_t>(y) * 96 + 48) * 3;
    (p[0] > p[2] + 20 ? robot : other) += 1;
  }
  CHECK(robot >= 5);
  CHECK(other >= 5);
  REQUIRE_THROWS_WITH(
      tlb::envs::OffscreenRenderer(env->mujoco()->model(), {32, 32, "no_such_camera"}),
      Catch::Matchers::Contains("camera 'no_such_camera' not in the model"));

  tlb::replay::testing::TempDir dir;
  const std::string png = dir.file("frame.png");
  tlb::replay::write_png(png, frame, 96, 64);
  std::ifstream file(png, std::ios::binary);
  std::string head(24, '\0');
  file.read(head.data(), 24);
  CHECK(head.substr(0, 8) == "\x89PNG\r\n\x1a\n");
  CHECK(static_cast<uint8_t>(head[19]) == 96);  // IHDR width, big-endian
  CHECK(static_cast<uint8_t>(head[23]) == 64);
}
