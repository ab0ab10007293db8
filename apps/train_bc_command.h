// `tlb train --algo bc`: behaviour cloning from trajectory files (agents/bc.h).
#pragma once

#include <string>
#include <vector>

namespace tlb::apps {

// Whether `args` ask for behaviour cloning: --algo bc, or --resume of a BC run's folder.
bool wants_behaviour_cloning(const std::vector<std::string>& args);

// Parses BcOptions (every field a flag, --data FILE repeatable, backbone options as for PPO)
// and runs agents::BcTrainer. Returns the exit code.
int run_train_bc(const std::vector<std::string>& args);

}  // namespace tlb::apps
