// The table of `tlb` subcommands. Each lives in its own apps/<name>_command.cpp.
#include "apps/command.h"

namespace tlb::apps {

#ifdef TLB_HAVE_TRAIN_COMMANDS
Command make_train_command();
Command make_eval_command();
#endif

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = {
#ifdef TLB_HAVE_TRAIN_COMMANDS
      make_train_command(),
      make_eval_command(),
#endif
  };
  return commands;
}

}  // namespace tlb::apps
