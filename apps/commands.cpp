// The table of `tlb` subcommands. Each lives in its own apps/<name>_command.cpp.
#include "apps/command.h"

namespace tlb::apps {

Command make_train_command();
Command make_eval_command();
Command make_record_command();
Command make_replay_command();
Command make_envs_command();
Command make_data_command();
Command make_plot_command();
Command make_export_command();

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = {
      make_train_command(), make_eval_command(), make_record_command(), make_replay_command(),
      make_envs_command(),  make_data_command(), make_plot_command(),   make_export_command(),
  };
  return commands;
}

}  // namespace tlb::apps
