// Tests agents/metrics_logger.cpp's best_logged_eval_return: what a resumed PPO or BC run
// takes as the evaluation best.pt holds.
#include "agents/metrics_logger.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "temp_dir.h"

using tlb::agents::testing::TempDir;

namespace {

void write_metrics(const std::filesystem::path& dir, const std::string& text) {
  std::ofstream(dir / "metrics.csv") << text;
}

}  // namespace

TEST_CASE("The best logged evaluation is the largest eval/return cell", "[agents]") {
  TempDir dir;
  write_metrics(dir.path(),
                "global_step,charts/SPS,eval/return,other\n"
                "100,5,,1\n"
                "200,6,-3.5,9\n"
                "300,7,12.25,99\n"
                "400,8,,1000\n"
                "500,9,4,2\n");
  CHECK(tlb::agents::best_logged_eval_return(dir.path()) == 12.25);
}

TEST_CASE("No eval/return column or no metrics.csv gives minus infinity", "[agents]") {
  TempDir dir;
  const double none = tlb::agents::best_logged_eval_return(dir.path());
  CHECK((std::isinf(none) && none < 0));
  write_metrics(dir.path(), "global_step,charts/SPS\n100,5\n200,6\n");
  const double no_column = tlb::agents::best_logged_eval_return(dir.path());
  CHECK((std::isinf(no_column) && no_column < 0));
}
