// `tlb train`: parses PpoOptions (every field is a flag: clip_coef is --clip-coef, defaults and
// help from agents/ppo_options), backbone options (--<kind>.<key> for every option every
// backbone accepts, or --backbone-opt key=value) and runs agents::PpoTrainer; --dist.* and
// --nproc make it one rank of a data-parallel run, or start N local ranks (docs/distributed.md).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "agents/distributed.h"
#include "agents/ppo.h"
#include "agents/training_recorder.h"
#include "apps/command.h"
#include "apps/run_flags.h"
#include "apps/train_bc_command.h"
#include "common/local_launcher.h"
#include "common/text.h"
#include "envs/registry.h"
#include "tlb/backbone_factory.h"
#include "tlb/device.h"

namespace tlb::apps {
namespace {

using common::dashed;

agents::Factories cli_factories() {
  return {[](const std::string& id) { return envs::make_env(id); }, tlb::make_backbone};
}

po::options_description dist_flags(agents::DistOptions& d, int& nproc) {
  po::options_description flags(
      "Data-parallel training on c10d (docs/distributed.md); unset values come from RANK, "
      "WORLD_SIZE, MASTER_ADDR, MASTER_PORT as torchrun sets them");
  flags.add_options()(
      "nproc", po::value<int>(&nproc)->default_value(1)->value_name("N"),
      "start N local ranks of this command (unless this process is one already: $RANK set)")(
      "dist.rank", po::value<int64_t>(&d.rank)->value_name("R"), "this process's rank")(
      "dist.world-size", po::value<int64_t>(&d.world_size)->value_name("N"), "number of ranks")(
      "dist.master-addr", po::value<std::string>(&d.master_addr)->value_name("HOST"),
      "where rank 0 serves the rendezvous (default 127.0.0.1)")(
      "dist.master-port", po::value<int64_t>(&d.master_port)->value_name("PORT"),
      "its port (default 29500)")(
      "dist.timeout", po::value<double>(&d.timeout_s)->default_value(30)->value_name("SECONDS"),
      "a rank that died, hangs or cannot connect stops the others after this long")(
      "dist.backend", po::value<std::string>(&d.backend)->default_value("auto"),
      "gloo, nccl, or auto (nccl for a CUDA device when LibTorch has it, else gloo)");
  return flags;
}

// This process's share of a data-parallel run, or nullptr when it runs alone.
std::shared_ptr<agents::DataParallel> join_ranks(const agents::DistOptions& given,
                                                 const std::string& device) {
  agents::DistOptions d;
  try {
    d = agents::resolve_dist_options(given);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (d.world_size == 1) return nullptr;
  auto communicator = std::make_unique<agents::Communicator>(d, resolve_device(device));
  return std::make_shared<agents::DataParallel>(std::move(communicator));
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
  agents::DistOptions dist;
  int nproc = 1;
  po::options_description all;
  all.add(ppo).add(backbone_flags()).add(dist_flags(dist, nproc));
  po::variables_map values;
  if (!parse_command_options("train", "--env ID --backbone NAME [options]", all, {}, args,
                             values)) {
    return 0;
  }
  if (values["algo"].as<std::string>() != "ppo") {
    throw UsageError("--algo: expected ppo or bc, found '" + values["algo"].as<std::string>() +
                     "'");
  }

  if (nproc < 1) throw UsageError("--nproc: expected at least 1, found " + std::to_string(nproc));
  if (nproc > 1 && std::getenv("RANK") == nullptr) {
    common::LocalLaunchOptions launch;
    launch.nproc = nproc;
    launch.grace_s = 2;  // time for the others to say what they saw
    std::vector<std::string> rank_args = {"train"};
    rank_args.insert(rank_args.end(), args.begin(), args.end());
    return common::launch_local_ranks(common::current_executable(), rank_args, launch);
  }
  const auto parallel = join_ranks(dist, values["device"].as<std::string>());

  std::unique_ptr<agents::PpoTrainer> trainer;
  try {
    if (values.count("resume")) {
      // Options given explicitly (command line or --config) override the stored ones, where
      // a resumed run may change them; the trainer refuses the rest.
      refuse_backbone_flags(values);
      trainer = agents::PpoTrainer::resume(values["resume"].as<std::string>(), cli_factories(),
                                           explicit_fields(values, fields), parallel);
    } else {
      set_fields(values, fields);
      std::set<std::string> given;
      for (const auto& entry : explicit_fields(values, fields)) given.insert(entry.first);
      agents::apply_backbone_defaults(options, given);
      options.backbone_options = read_backbone_flags(values, options.backbone);
      trainer = std::make_unique<agents::PpoTrainer>(options, cli_factories(), parallel);
    }
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (parallel && !parallel->writes()) {  // ranks other than 0 train silently
    trainer->train();
    return 0;
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
  if (parallel) {
    std::cerr << ", " << parallel->world_size() << " ranks (" << parallel->communicator().backend()
              << ")";
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
  const auto start = std::chrono::steady_clock::now();
  trainer->train();
  if (parallel) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char line[160];
    std::snprintf(line, sizeof(line), "rank 0 spent %.2f s of %.2f s ",
                  parallel->communicator().collective_seconds(), seconds);
    std::cerr << line
              << "in collectives (all-reduce and broadcast, waiting for other ranks included)\n";
  }
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
