#include "apps/train_bc_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include "agents/bc.h"
#include "agents/checkpoint.h"
#include "apps/command.h"
#include "apps/run_flags.h"
#include "common/text.h"
#include "envs/registry.h"
#include "tlb/backbone_factory.h"

namespace tlb::apps {
namespace {

// The value of --name in `args` ("--name VALUE" or "--name=VALUE"), or "".
std::string find_arg(const std::vector<std::string>& args, const std::string& name) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--" + name && i + 1 < args.size()) return args[i + 1];
    if (args[i].rfind("--" + name + "=", 0) == 0) return args[i].substr(name.size() + 3);
  }
  return "";
}

}  // namespace

bool wants_behaviour_cloning(const std::vector<std::string>& args) {
  if (find_arg(args, "algo") == "bc") return true;
  const std::string resume = find_arg(args, "resume");
  if (resume.empty()) return false;
  try {
    const auto text =
        agents::read_checkpoint(std::filesystem::path(resume) / agents::kLatestCheckpoint, nullptr,
                                nullptr)
            .config_text;
    return agents::is_bc_options_text(text);
  } catch (const std::exception&) {
    return false;  // the PPO path reports the unreadable folder
  }
}

int run_train_bc(const std::vector<std::string>& args) {
  agents::BcOptions options;  // the defaults
  auto fields = agents::bc_option_fields(options);
  po::options_description bc("Behaviour-cloning options (tlb train --algo bc)");
  bc.add_options()("algo", po::value<std::string>()->default_value("bc"), "algorithm: bc")(
      "data", po::value<std::vector<std::string>>()->composing()->value_name("FILE"),
      "trajectory file to learn from: ours, Minari's or D4RL's layout (repeatable)")(
      "resume", po::value<std::string>()->value_name("RUN_DIR"),
      "continue the BC run in RUN_DIR from its latest.pt; only --epochs, --device, --threads "
      "and --log-interval may change");
  add_field_flags(bc, fields);
  po::options_description all;
  all.add(bc).add(backbone_flags());
  po::variables_map values;
  if (!parse_command_options("train", "--algo bc --data FILE [--data FILE ...] [options]", all, {},
                             args, values)) {
    return 0;
  }

  std::unique_ptr<agents::BcTrainer> trainer;
  const agents::Factories factories{[](const std::string& id) { return envs::make_env(id); },
                                    tlb::make_backbone};
  try {
    if (values.count("resume")) {
      refuse_backbone_flags(values);
      if (values.count("data")) throw UsageError("--data cannot change when resuming");
      trainer = agents::BcTrainer::resume(values["resume"].as<std::string>(), factories,
                                          explicit_fields(values, fields));
    } else {
      set_fields(values, fields);
      if (values.count("data")) options.data = values["data"].as<std::vector<std::string>>();
      options.backbone_options = read_backbone_flags(values, options.backbone);
      // check_bc_options (in the trainer) checks every option, the backbone's too, before any
      // folder is made.
      trainer = std::make_unique<agents::BcTrainer>(options, factories);
    }
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  const auto& o = trainer->options();
  if (values.count("resume")) {
    if (trainer->finished()) {
      std::cerr << "tlb train: the run in " << trainer->run_dir().string() << " is finished (epoch "
                << trainer->epoch() << " of " << o.epochs << "); nothing to do (an --epochs above "
                << trainer->epoch() << " trains it longer)\n";
      return 0;
    }
    std::cerr << "tlb train: resuming " << trainer->run_dir().string() << " from epoch "
              << trainer->epoch() << " of " << o.epochs << "\n";
  }
  std::cerr << "tlb train: behaviour cloning on " << trainer->env_id() << " with backbone "
            << o.backbone << " from " << o.data.size() << " file(s), " << o.epochs
            << " epochs, run folder " << trainer->run_dir().string() << "\n";
  trainer->train();
  std::cout << "run folder: " << trainer->run_dir().string()
            << " (config.ini, metrics.csv, metrics.jsonl, episodes.csv, learning_curve.svg, "
               "latest.pt, best.pt)\n";
  return 0;
}

}  // namespace tlb::apps
