// The table of `tlb` subcommands. Each lives in its own apps/<name>_command.cpp.
#include "apps/command.h"

namespace tlb::apps {

Command make_envs_command();

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = {
      make_envs_command(),
  };
  return commands;
}

}  // namespace tlb::apps
