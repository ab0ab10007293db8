// The table of `tlb` subcommands. Each lives in its own apps/<name>_command.cpp.
#include "apps/command.h"

namespace tlb::apps {

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = {
  };
  return commands;
}

}  // namespace tlb::apps
