// `tlb train`: parses PpoOptions (every field is a flag: clip_coef is --clip-coef, defaults and
// help from agents/ppo_options), backbone options (--<kind>.<key> for every option every
// backbone accepts, or --backbone-opt key=value) and runs agents::PpoTrainer.
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "agents/ppo.h"
#include "agents/training_recorder.h"
#include "apps/command.h"
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

// Fills options.backbone_options from --<kind>.<key> and --backbone-opt key=value.
void read_backbone_options(const po::variables_map& values, agents::PpoOptions& options) {
  for (const auto& kind : backbone_kinds()) {
    for (const auto& doc : backbone_options(kind)) {
      const std::string flag = kind + "." + doc.key;
      if (!values.count(flag)) continue;
      if (kind != options.backbone) {
        throw UsageError("--" + flag + " is an option of backbone '" + kind +
                         "', but --backbone is '" + options.backbone + "'");
      }
      options.backbone_options[doc.key] = values[flag].as<std::string>();
    }
  }
  if (values.count("backbone-opt")) {
    for (const auto& item : values["backbone-opt"].as<std::vector<std::string>>()) {
      const auto eq = item.find('=');
      if (eq == std::string::npos || eq == 0) {
        throw UsageError("--backbone-opt: expected key=value, found '" + item + "'");
      }
      options.backbone_options[item.substr(0, eq)] = item.substr(eq + 1);
    }
  }
}

int run_train(const std::vector<std::string>& args) {
  if (wants_behaviour_cloning(args)) return run_train_bc(args);
  agents::PpoOptions options;  // the defaults
  auto fields = agents::ppo_option_fields(options);
  const std::string resume_help =
      "continue the run in RUN_DIR from its latest.pt, with the configuration stored there; "
      "only these may change: " +
      agents::resumable_option_flags();
  po::options_description ppo("PPO options (defaults: CleanRL's ppo_continuous_action)");
  ppo.add_options()("algo", po::value<std::string>()->default_value("ppo"),
                    "algorithm: ppo, or bc (behaviour cloning; tlb train --algo bc --help)")(
      "resume", po::value<std::string>()->value_name("RUN_DIR"), resume_help.c_str())(
      "backbone-opt", po::value<std::vector<std::string>>()->composing()->value_name("KEY=VALUE"),
      "an option of the chosen backbone (repeatable)");
  for (const auto& field : fields) {
    auto* value = po::value<std::string>()->default_value(agents::field_text(field));
    if (std::holds_alternative<bool*>(field.value)) value->implicit_value("true");
    ppo.add_options()(dashed(field.name).c_str(), value, field.help.c_str());
  }
  po::options_description backbone("Backbone options (--<kind>.<key>; defaults from tlb/)");
  for (const auto& kind : backbone_kinds()) {
    for (const auto& doc : backbone_options(kind)) {
      const std::string help = doc.help + " (default " + doc.default_text + ")";
      backbone.add_options()((kind + "." + doc.key).c_str(), po::value<std::string>(),
                             help.c_str());
    }
  }
  po::options_description all;
  all.add(ppo).add(backbone);
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
      std::map<std::string, std::string> overrides;
      for (const auto& field : fields) {
        const auto& value = values[dashed(field.name)];
        if (!value.defaulted()) overrides[field.name] = value.as<std::string>();
      }
      if (values.count("backbone-opt")) {
        throw UsageError("--backbone-opt: backbone options cannot change when resuming");
      }
      for (const auto& kind : backbone_kinds()) {
        for (const auto& doc : backbone_options(kind)) {
          if (values.count(kind + "." + doc.key)) {
            throw UsageError("--" + kind + "." + doc.key +
                             ": backbone options cannot change when resuming");
          }
        }
      }
      trainer = agents::PpoTrainer::resume(values["resume"].as<std::string>(), cli_factories(),
                                           overrides);
    } else {
      for (const auto& field : fields) {
        agents::set_field_text(field, values[dashed(field.name)].as<std::string>());
      }
      read_backbone_options(values, options);
      trainer = std::make_unique<agents::PpoTrainer>(options, cli_factories());
    }
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  const auto& o = trainer->options();
  std::cerr << "tlb train: ppo on " << o.env_id << " with backbone " << o.backbone
            << (o.shared_backbone ? " (shared)" : "") << ", " << o.total_timesteps
            << " steps, run folder " << trainer->run_dir().string() << "\n";
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
