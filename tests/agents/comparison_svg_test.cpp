// Tests agents/comparison_svg.cpp (and agents/svg_plot.cpp through it): groups of runs on one
// plot, the mean and range over runs, and clear errors.
#include "agents/comparison_svg.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <vector>

#include "support/text_file.h"
#include "temp_dir.h"

using namespace tlb::agents;

using tlb::testing::read_text;

namespace {

void write_episodes(const std::filesystem::path& dir, const std::string& rows) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "episodes.csv") << "global_step,episodic_return,episodic_length\n" << rows;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The y coordinates of the points of the first element starting with `tag`.
std::vector<double> y_points(const std::string& text, const std::string& tag) {
  const auto element = text.find(tag);
  const auto begin = text.find("points=\"", element) + 8;
  std::stringstream points(text.substr(begin, text.find('"', begin) - begin));
  std::vector<double> ys;
  std::string pair;
  while (points >> pair) ys.push_back(std::stod(pair.substr(pair.find(',') + 1)));
  return ys;
}

}  // namespace

TEST_CASE("A comparison plot draws one mean line and band per group, with a legend", "[agents]") {
  testing::TempDir dir;
  write_episodes(dir.path() / "a1", "100,10,100\n200,20,100\n");
  write_episodes(dir.path() / "a2", "100,30,100\n200,40,100\n");
  write_episodes(dir.path() / "b1", "150,-5,150\n");
  const auto svg = dir.path() / "plot.svg";
  write_comparison_svg(
      {{"mlp", {dir.path() / "a1", dir.path() / "a2"}}, {"tlb <gated>", {dir.path() / "b1"}}}, svg,
      "HalfCheetah", /*bins=*/2);
  const std::string text = read_text(svg);
  CHECK(count(text, "<polyline") == 2);
  CHECK(count(text, "<polygon") == 2);
  CHECK(text.find("mlp (2 runs)") != std::string::npos);
  CHECK(text.find("tlb &lt;gated&gt; (1 run)") != std::string::npos);
  CHECK(text.find("-0<") == std::string::npos);  // tick labels are clean
  // Bins of width 100: group "mlp" has runs at 10 and 30, then 20 and 40. Its band's corners
  // (hi, hi, lo, lo) are 30, 40, 20, 10 and its mean line 20, 30: in pixels, the mean sits
  // halfway between the band's edges in each bin.
  const auto band = y_points(text, "<polygon");
  const auto mean = y_points(text, "<polyline");
  REQUIRE(band.size() == 4);
  REQUIRE(mean.size() == 2);
  CHECK(mean[0] == Approx((band[0] + band[3]) / 2));
  CHECK(mean[1] == Approx((band[1] + band[2]) / 2));
  CHECK(band[3] - band[1] == Approx(3 * (band[0] - band[1])));  // 10..40 is three times 30..40
}

TEST_CASE("A comparison plot names a folder without episodes and refuses empty groups",
          "[agents]") {
  testing::TempDir dir;
  const auto svg = dir.path() / "plot.svg";
  REQUIRE_THROWS_WITH(write_comparison_svg({{"x", {dir.path() / "missing"}}}, svg, "t"),
                      Catch::Matchers::Contains("missing/episodes.csv"));
  REQUIRE_THROWS_AS(write_comparison_svg({{"x", {}}}, svg, "t"), std::invalid_argument);
  REQUIRE_THROWS_AS(write_comparison_svg({}, svg, "t"), std::invalid_argument);
  CHECK_FALSE(std::filesystem::exists(svg));
}

TEST_CASE("A shorter run's line stops where it ended, and means average the runs that got there",
          "[agents]") {
  testing::TempDir dir;
  write_episodes(dir.path() / "long", "100,10,100\n200,10,100\n300,50,100\n400,50,100\n");
  write_episodes(dir.path() / "short", "100,30,100\n200,30,100\n");
  write_episodes(dir.path() / "alone", "100,0,100\n");
  const auto svg = dir.path() / "plot.svg";
  write_comparison_svg(
      {{"seeds", {dir.path() / "long", dir.path() / "short"}}, {"alone", {dir.path() / "alone"}}},
      svg, "t", /*bins=*/4);
  const std::string text = read_text(svg);
  const auto seeds = y_points(text, "<polyline");
  // Four bins of 100 steps: the mean of both runs (20) twice, then the long run's 50 alone,
  // not the mean of 50 and the short run's last value carried on (40).
  REQUIRE(seeds.size() == 4);
  CHECK(seeds[0] == Approx(seeds[1]));
  CHECK(seeds[2] == Approx(seeds[3]));
  const auto alone_at = text.find("<polyline", text.find("<polyline") + 1);
  const auto alone = y_points(text.substr(alone_at), "<polyline");
  CHECK(alone.size() == 1);  // one bin: the run ended at step 100
  // Pixels are linear in the value: 0 (alone), 20 and 50 (seeds) lie on one line.
  CHECK((seeds[2] - seeds[0]) == Approx(1.5 * (seeds[0] - alone[0])));
}
