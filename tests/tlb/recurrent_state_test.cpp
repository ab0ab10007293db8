// Tests tlb/recurrent_state.cpp: the state agents store per env.
#include "tlb/recurrent_state.h"

#include <torch/torch.h>
#include <catch2/catch.hpp>

using tlb::RecurrentState;

namespace {
RecurrentState make_state(int64_t batch, float base) {
  RecurrentState s;
  s.parts.push_back(torch::arange(batch * 3, torch::kFloat).reshape({batch, 3}) + base);
  s.parts.push_back(torch::full({batch, 2, 2}, base));
  return s;
}
}  // namespace

TEST_CASE("RecurrentState index, slice and cat keep rows together", "[tlb]") {
  auto s = make_state(4, 0);
  auto picked = s.index(torch::tensor({2, 0}, torch::kLong));
  REQUIRE(picked.batch_size() == 2);
  CHECK(torch::equal(picked.parts[0][0], s.parts[0][2]));
  CHECK(torch::equal(picked.parts[0][1], s.parts[0][0]));
  auto joined = RecurrentState::cat({s.slice(0, 1), s.slice(1, 4)});
  REQUIRE(joined.parts.size() == 2);
  CHECK(torch::equal(joined.parts[0], s.parts[0]));
  CHECK(torch::equal(joined.parts[1], s.parts[1]));
}

TEST_CASE("RecurrentState where_reset replaces only the reset rows", "[tlb]") {
  auto s = make_state(3, 10);
  auto init = make_state(3, 0);
  auto out = s.where_reset(torch::tensor({false, true, false}), init);
  CHECK(torch::equal(out.parts[0][0], s.parts[0][0]));
  CHECK(torch::equal(out.parts[0][1], init.parts[0][1]));
  CHECK(torch::equal(out.parts[1][1], init.parts[1][1]));
  CHECK(torch::equal(out.parts[1][2], s.parts[1][2]));
}

TEST_CASE("RecurrentState rejects states of different shapes", "[tlb]") {
  auto s = make_state(2, 0);
  RecurrentState one;
  one.parts.push_back(torch::zeros({2, 3}));
  REQUIRE_THROWS_WITH(s.where_reset(torch::tensor({true, false}), one),
                      Catch::Matchers::Contains("expected 2"));
  REQUIRE_THROWS_WITH(RecurrentState::cat({s, one}), Catch::Matchers::Contains("parts"));
}
