// Seeds derived from seeds: the run seed mixed with an update or epoch index gives each
// segment or epoch its own, decorrelated stream.
#pragma once

#include <cstdint>

namespace tlb::common {

// SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijection of 64-bit integers whose
// outputs for neighbouring inputs look unrelated.
inline uint64_t mix_seed(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace tlb::common
