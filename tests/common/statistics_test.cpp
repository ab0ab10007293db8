// Tests common/statistics.cpp.
#include "common/statistics.h"

#include <catch2/catch.hpp>

#include <cmath>

TEST_CASE("summarize gives mean, population std, min and max", "[common]") {
  const auto s = tlb::common::summarize({1.0, 2.0, 3.0, 6.0});
  CHECK(s.mean == 3.0);
  CHECK(s.std == Approx(std::sqrt(3.5)));
  CHECK(s.min == 1.0);
  CHECK(s.max == 6.0);
  const auto empty = tlb::common::summarize({});
  CHECK(empty.mean == 0.0);
  CHECK(empty.std == 0.0);
}
