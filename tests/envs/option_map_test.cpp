// Tests envs/option_map.cpp: typed reads with defaults, value syntax, unknown keys.
#include <catch2/catch.hpp>

#include <cmath>

#include "envs/option_map.h"

using Catch::Matchers::Contains;

TEST_CASE("OptionMap reads typed values and falls back to defaults", "[envs]") {
  tlb::envs::OptionMap options("Task-v5",
                               {{"w", "1e-3"}, {"n", "7"}, {"b", "false"}, {"r", "-0.5..inf"}});
  CHECK(options.get_double("w", 1.0, "") == 1e-3);
  CHECK(options.get_int("n", 1, "") == 7);
  CHECK_FALSE(options.get_bool("b", true, ""));
  const auto range = options.get_range("r", {0, 1}, "");
  CHECK(range.low == -0.5);
  CHECK(std::isinf(range.high));
  CHECK(options.get_double("absent", 2.5, "") == 2.5);
  CHECK_NOTHROW(options.finish());
  CHECK(options.docs().size() == 5);
  CHECK(options.docs()[3].default_text == "0..1");
}

TEST_CASE("OptionMap rejects bad values and unknown keys by name", "[envs]") {
  tlb::envs::OptionMap options("Task-v5", {{"n", "7.5"}, {"typo", "1"}});
  REQUIRE_THROWS_WITH(options.get_int("n", 1, ""),
                      Contains("Task-v5") && Contains("n expects an integer") && Contains("7.5"));
  options.get_double("weight", 1.0, "");
  REQUIRE_THROWS_WITH(options.finish(), Contains("typo") && Contains("weight"));
  CHECK(options.unread().count("typo") == 1);
}
