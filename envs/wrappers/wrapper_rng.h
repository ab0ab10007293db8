// The random generator of a wrapper that draws (noise, flicker, dropout): seeded from the
// seed given to reset(), mixed with a per-wrapper salt so a wrapper's stream differs from the
// env's own (which reset seeds with the same number). Draws are computed from the raw 64-bit
// stream, so they are the same on every platform.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace tlb::envs {

class WrapperRng {
 public:
  explicit WrapperRng(uint64_t salt) : salt_(salt) { seed(0); }

  // SplitMix64 of seed ^ salt, so nearby seeds give unrelated streams.
  void seed(uint64_t seed) {
    uint64_t z = (seed ^ salt_) + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    engine_.seed(z ^ (z >> 31));
  }
  // U[0, 1) from 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // N(0, 1) by Box-Muller, two uniforms per draw.
  double normal() {
    const double u1 = 1.0 - uniform();  // (0, 1], so the log is finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  }

 private:
  uint64_t salt_;
  std::mt19937_64 engine_;
};

}  // namespace tlb::envs
