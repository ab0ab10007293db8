// Tests agents/gae.cpp against a hand computation.
#include "agents/gae.h"

#include <torch/torch.h>

#include <catch2/catch.hpp>

using tlb::agents::compute_gae;

TEST_CASE("GAE matches a hand computation with a termination and a truncation", "[agents]") {
  // One env, four steps. Step 1 terminates; step 2 is truncated (its reward already holds
  // gamma * V(final obs) = 0.5 * 4); step 3 is cut by the rollout end (bootstrap 10).
  const double gamma = 0.5, lambda = 0.5;
  auto rewards = torch::tensor({1.0f, 2.0f, 3.0f + 0.5f * 4.0f, 4.0f}).reshape({4, 1});
  auto values = torch::tensor({1.0f, 1.0f, 2.0f, 2.0f}).reshape({4, 1});
  auto ends = torch::tensor({0.0f, 1.0f, 1.0f, 0.0f}).reshape({4, 1});
  auto last = torch::tensor({10.0f});
  auto adv = compute_gae(rewards, values, ends, last, gamma, lambda);
  // Hand computation, backwards:
  // t=3: delta = 4 + 0.5*10 - 2 = 7;          A3 = 7
  // t=2: delta = 5 - 2 = 3 (ended);            A2 = 3
  // t=1: delta = 2 - 1 = 1 (terminated);       A1 = 1
  // t=0: delta = 1 + 0.5*1 - 1 = 0.5;          A0 = 0.5 + 0.25 * 1 = 0.75
  auto expected = torch::tensor({0.75f, 1.0f, 3.0f, 7.0f}).reshape({4, 1});
  INFO(adv);
  REQUIRE(torch::allclose(adv, expected, 1e-6, 1e-6));
}

TEST_CASE("GAE with lambda 1 and no ends gives discounted returns minus values", "[agents]") {
  auto rewards = torch::rand({5, 3});
  auto values = torch::rand({5, 3});
  auto ends = torch::zeros({5, 3});
  auto last = torch::rand({3});
  const double gamma = 0.9;
  auto adv = compute_gae(rewards, values, ends, last, gamma, 1.0);
  auto g = last.clone();
  for (int64_t t = 4; t >= 0; --t) {
    g = rewards[t] + gamma * g;
    REQUIRE(torch::allclose(adv[t], g - values[t], 1e-5, 1e-5));
  }
}

TEST_CASE("GAE rejects mismatched shapes naming them", "[agents]") {
  REQUIRE_THROWS_WITH(compute_gae(torch::zeros({4, 2}), torch::zeros({4, 3}), torch::zeros({4, 2}),
                                  torch::zeros({2}), 0.99, 0.95),
                      Catch::Matchers::Contains("expected rewards"));
}
