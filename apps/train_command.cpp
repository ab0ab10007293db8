// `tlb train`: parses PpoOptions (every field is a flag: clip_coef is --clip-coef, defaults and
// help from agents/ppo_options), backbone options (--<kind>.<key> for every option every
// backbone accepts, or --backbone-opt key=value) and runs agents::PpoTrainer.
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "agents/ppo.h"
#include "agents/training_recorder.h"
#include "apps/command.h"
#include "apps/run_flags.h"
#include "apps/train_bc_command.h"
#include "common/text.h"
#include "envs/registry.h"
#include "tlb/backbone_factory.h"

namespace tlb::apps {
namespace {

using common::dashed;

agents::Factories cli_factories() {
  return {[](const std::string& id) { return envs::make_env(id); }, tlb::make_backbone};
}

int run_train(const std::vector<std::string>& args) {
  if (wants_behaviour_cloning(args)) return run_train_bc(args);
  agents::PpoOptions options;  // the defaults
  auto fields = agents::ppo_option_fields(options);
  const std::string resume_help =
      "continue the run in RUN_DIR from its latest.pt, with the configuration stored there; "
      "only these may change: " +
      agents::resumable_option_flags();
  std::vector<std::string> memory_defaults;
  for (const auto& [name, text] : agents::memory_backbone_defaults()) {
    memory_defaults.push_back("--" + dashed(name) + " " + text);
  }
  const std::string title =
      "PPO options (defaults: CleanRL's ppo_continuous_action; a memory backbone (tlb, lstm, "
      "gru, transformer) has its own for the options it does not set: " +
      common::join(memory_defaults, " ") + ")";
  po::options_description ppo(title);
  ppo.add_options()("algo", po::value<std::string>()->default_value("ppo"),
                    "algorithm: ppo, or bc (behaviour cloning; tlb train --algo bc --help)")(
      "resume", po::value<std::string>()->value_name("RUN_DIR"), resume_help.c_str());
  add_field_flags(ppo, fields);
  po::options_description all;
  all.add(ppo).add(backbone_flags());
  po::variables_map values;
  if (!parse_command_options("train", "--env ID --backbone NAME [options]", all, {}, args,
                             values)) {
    return 0;
  }
  if (values["algo"].as<std::string>() != "ppo") {
    throw UsageError("--algo: expected ppo or bc, found '" + values["algo"].as<std::string>() +
                     "'");
  }

  std::unique_ptr<agents::PpoTrainer> trainer;
  try {
    if (values.count("resume")) {
      // Options given explicitly (command line or --config) override the stored ones, where
      // a resumed run may change them; the trainer refuses the rest.
      refuse_backbone_flags(values);
      trainer = agents::PpoTrainer::resume(values["resume"].as<std::string>(), cli_factories(),
                                           explicit_fields(values, fields));
    } else {
      set_fields(values, fields);
      std::set<std::string> given;
      for (const auto& entry : explicit_fields(values, fields)) given.insert(entry.first);
      agents::apply_backbone_defaults(options, given);
      options.backbone_options = read_backbone_flags(values, options.backbone);
      trainer = std::make_unique<agents::PpoTrainer>(options, cli_factories());
    }
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  const auto& o = trainer->options();
  const auto& sizes = trainer->sizes();
  const int64_t planned = sizes.num_iterations * sizes.batch_size;
  if (values.count("resume")) {
    if (trainer->finished()) {
      std::cerr << "tlb train: the run in " << trainer->run_dir().string()
                << " is finished (update " << trainer->update() << " of " << sizes.num_iterations
                << ", step " << trainer->global_step()
                << "); nothing to do (a --total-timesteps above " << trainer->global_step()
                << " trains it longer)\n";
      return 0;
    }
    std::cerr << "tlb train: resuming " << trainer->run_dir().string() << " from update "
              << trainer->update() << " of " << sizes.num_iterations << " (step "
              << trainer->global_step() << ")\n";
  }
  if (planned != o.total_timesteps) {
    std::cerr << "tlb train: --total-timesteps " << o.total_timesteps
              << " is not a whole number of rollouts (num_envs * num_steps = " << sizes.batch_size
              << "): running " << sizes.num_iterations << " updates, " << planned
              << " steps (rounded down)\n";
  }
  std::cerr << "tlb train: ppo on " << o.env_id << " with backbone " << o.backbone
            << (o.shared_backbone ? " (shared)" : "") << ", " << o.total_timesteps
            << " steps, run folder " << trainer->run_dir().string();
  if (o.eval_interval > 0) {
    std::cerr << ", evaluating every " << o.eval_interval << " updates (best.pt)";
  }
  std::cerr << "\n";
  if (const auto* recorder = trainer->recorder()) {
    std::cerr << "recording every episode to " << recorder->path();
    if (recorder->discarded_on_resume() > 0) {
      std::cerr << " (removed the " << recorder->discarded_on_resume()
                << " episodes played after the checkpoint; they are played again)";
    }
    std::cerr << "\n";
  }
  trainer->train();
  std::cout << "run folder: " << trainer->run_dir().string()
            << " (config.ini, metrics.csv, metrics.jsonl, episodes.csv, learning_curve.svg, "
               "latest.pt)\n";
  if (const auto* recorder = trainer->recorder()) {
    std::cout << "recorded " << recorder->episodes_written() << " episodes to " << recorder->path()
              << "\n";
  }
  return 0;
}

}  // namespace

Command make_train_command() {
  return {"train", "train an agent (PPO, or behaviour cloning from files) with any backbone",
          run_train};
}

}  // namespace tlb::apps
