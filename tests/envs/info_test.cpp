// Tests envs/env.cpp: the named scalars a step reports.
#include <catch2/catch.hpp>

#include "envs/env.h"

TEST_CASE("Info keeps first-set order and overwrites in place", "[envs]") {
  tlb::envs::Info info;
  info.set("x_position", 1.0);
  info.set("reward_ctrl", -0.5);
  info.set("x_position", 2.0);
  REQUIRE(info.items().size() == 2);
  CHECK(info.items()[0].first == "x_position");
  CHECK(info.get("x_position") == 2.0);
  CHECK_FALSE(info.get("missing").has_value());
  CHECK(info.contains("reward_ctrl"));
}
