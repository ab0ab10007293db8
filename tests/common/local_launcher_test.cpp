// Tests common/local_launcher.cpp with /bin/sh as the ranks: the variables each rank gets,
// the exit status forwarded, and the others stopped when one fails.
#include "common/local_launcher.h"

#include <catch2/catch.hpp>
#include <chrono>

using tlb::common::launch_local_ranks;
using tlb::common::LocalLaunchOptions;

TEST_CASE("Each local rank gets torchrun's variables and all exiting 0 gives 0", "[common]") {
  LocalLaunchOptions o;
  o.nproc = 3;
  const std::string check =
      "test \"$WORLD_SIZE\" = 3 && test \"$LOCAL_RANK\" = \"$RANK\" && test \"$RANK\" -lt 3 && "
      "test \"$MASTER_ADDR\" = 127.0.0.1 && test \"$MASTER_PORT\" -gt 0";
  REQUIRE(launch_local_ranks("/bin/sh", {"-c", check}, o) == 0);
  // The same check fails where a variable is wrong: the launcher forwards the status.
  REQUIRE(launch_local_ranks("/bin/sh", {"-c", check + " && test \"$RANK\" != 2 || exit 5"}, o) ==
          5);
}

TEST_CASE("One failing rank stops the others and its status is returned", "[common]") {
  LocalLaunchOptions o;
  o.nproc = 2;
  o.grace_s = 0.5;
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(launch_local_ranks("/bin/sh", {"-c", "test \"$RANK\" = 1 && exit 7; exec sleep 30"}, o) ==
          7);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(seconds < 10);
  // A rank that cannot be executed exits 127.
  REQUIRE(launch_local_ranks("/nonexistent/program", {}, o) == 127);
}
