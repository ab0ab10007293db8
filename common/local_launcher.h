// Starts N copies of a program on this machine as the ranks of one c10d process group, the way
// torchrun does: each gets RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, MASTER_ADDR
// (127.0.0.1) and MASTER_PORT (a free port) in its environment. `tlb train --nproc N` uses it.
#pragma once

#include <string>
#include <vector>

namespace tlb::common {

struct LocalLaunchOptions {
  int nproc = 1;
  // After the first rank fails, the others get this long to stop on their own (they notice
  // the failed peer in their next collective), then SIGTERM, and SIGKILL 5 s later.
  double grace_s = 0;
  int master_port = 0;  // 0: a free port of 127.0.0.1, chosen here
};

// Runs `program` with `args` (argv[1..]) as `options.nproc` ranks and waits for all of them.
// A rank gets SIGTERM when the launcher dies (Linux's parent-death signal).
// Returns 0 when every rank exits 0, else the first failing rank's exit status (128 + the
// signal number for a rank killed by a signal). Writes one line to stderr per failed rank.
// Throws std::runtime_error when a rank cannot be started.
int launch_local_ranks(const std::string& program, const std::vector<std::string>& args,
                       const LocalLaunchOptions& options);

// A TCP port of 127.0.0.1 that was free a moment ago (bound to port 0, then released).
int free_local_port();

// The path of the running executable (/proc/self/exe).
std::string current_executable();

}  // namespace tlb::common
