// `tlb data info FILE`: episodes, steps, return statistics and metadata of a trajectory file
// (Minari or D4RL layout). `tlb data convert IN OUT --to d4rl|minari`: converts between them.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "apps/command.h"
#include "common/statistics.h"
#include "replay/convert.h"
#include "replay/episode_source.h"

namespace tlb::apps {
namespace {

struct DataCommandOptions {
  std::string action;  // "info" or "convert"
  std::string input;
  std::string output;  // convert only
  std::string to;      // convert only: "d4rl" or "minari"
  replay::ConvertOptions convert;
};

int print_info(const std::string& path) {
  const auto source = replay::open_episode_source(path);
  const replay::DatasetMetadata& m = source->metadata();
  const size_t n = source->num_episodes();
  std::vector<double> returns, lengths;
  size_t steps = 0, non_finite = 0, non_finite_episodes = 0;
  std::string first_non_finite;
  for (size_t e = 0; e < n; ++e) {
    const replay::Episode episode = source->read_episode(e);  // one at a time
    returns.push_back(episode.total_reward());
    lengths.push_back(static_cast<double>(episode.steps()));
    steps += episode.steps();
    if (const size_t bad = episode.count_non_finite(); bad > 0) {
      if (non_finite == 0) {
        first_non_finite = "episode " + std::to_string(e) + ": " + episode.first_non_finite();
      }
      non_finite += bad;
      ++non_finite_episodes;
    }
  }
  std::printf("file: %s\nlayout: %s\nepisodes: %zu\nsteps: %zu\n", path.c_str(),
              source->layout().c_str(), n, steps);
  std::printf("non-finite values: %zu", non_finite);
  if (non_finite > 0) {
    std::printf(" in %zu episodes (observations, actions, rewards; first: %s)", non_finite_episodes,
                first_non_finite.c_str());
  }
  std::printf("\n");
  for (const auto& note : source->notes()) std::printf("note: %s\n", note.c_str());
  if (n > 0) {
    const common::Summary r = common::summarize(returns), l = common::summarize(lengths);
    std::printf("return: mean %.4f  std %.4f  min %.4f  max %.4f\n", r.mean, r.std, r.min, r.max);
    std::printf("length: mean %.1f  min %zu  max %zu\n", l.mean, static_cast<size_t>(l.min),
                static_cast<size_t>(l.max));
  }
  const std::pair<const char*, const std::string*> fields[] = {
      {"dataset_id", &m.dataset_id},
      {"task", &m.task},
      {"algorithm_name", &m.algorithm_name},
      {"policy_checkpoint", &m.policy_checkpoint},
      {"policy_checkpoint_hash", &m.policy_checkpoint_hash},
      {"source", &m.source},
      {"backbone", &m.backbone},
      {"training_run", &m.training_run},
      {"model_hash", &m.model_hash},
      {"mujoco_version", &m.mujoco_version},
      {"tlb_version", &m.tlb_version},
      {"env_spec", &m.env_spec},
  };
  for (const auto& [name, value] : fields) {
    if (!value->empty()) std::printf("%s: %s\n", name, value->c_str());
  }
  if (source->layout() == "minari") {
    std::printf("seed: %lld\nformat_version: %lld\n", static_cast<long long>(m.seed),
                static_cast<long long>(m.format_version));
  }
  return 0;
}

int run_data(const std::vector<std::string>& args) {
  DataCommandOptions opts;
  po::options_description options("tlb data options");
  options.add_options()("to", po::value(&opts.to)->value_name("d4rl|minari"),
                        "convert: the layout to write")(
      "overwrite", po::bool_switch(&opts.convert.overwrite), "convert: replace OUT if it exists")(
      "allow-nonfinite", po::bool_switch(&opts.convert.allow_nonfinite),
      "convert: keep episodes holding NaN or infinite observations, actions or rewards "
      "(refused otherwise)");
  // The positional arguments the usage line names: parsed, not listed as options.
  po::options_description arguments;
  arguments.add_options()("action", po::value(&opts.action))("input", po::value(&opts.input))(
      "output", po::value(&opts.output));
  po::positional_options_description positional;
  positional.add("action", 1).add("input", 1).add("output", 1);
  po::variables_map values;
  if (!parse_command_options(
          "data", "info FILE | convert IN OUT --to d4rl|minari [--overwrite] [--allow-nonfinite]",
          options, positional, args, values, &arguments)) {
    return 0;
  }
  if (opts.action.empty()) {
    throw UsageError("expected 'info FILE' or 'convert IN OUT --to d4rl|minari', got nothing");
  }
  if (opts.input.empty()) throw UsageError("expected a FILE after '" + opts.action + "'");
  if (opts.action == "info") {
    if (!opts.output.empty())
      throw UsageError("info takes one FILE, got also '" + opts.output + "'");
    return print_info(opts.input);
  }
  if (opts.action != "convert") {
    throw UsageError("expected 'info' or 'convert', got '" + opts.action + "'");
  }
  if (opts.output.empty()) throw UsageError("convert needs IN and OUT");
  if (opts.to != "d4rl" && opts.to != "minari") {
    throw UsageError("--to must be d4rl or minari, got '" + opts.to + "'");
  }
  const auto source = replay::open_episode_source(opts.input);
  for (const auto& note : source->notes()) std::printf("note: %s\n", note.c_str());
  if (opts.to == "d4rl") {
    const size_t rows = replay::convert_to_d4rl(*source, opts.output, opts.convert);
    std::printf("wrote %s: D4RL layout, %zu transitions from %zu episodes\n", opts.output.c_str(),
                rows, source->num_episodes());
  } else {
    const size_t episodes = replay::convert_to_minari(*source, opts.output, opts.convert);
    std::printf("wrote %s: Minari layout, %zu episodes\n", opts.output.c_str(), episodes);
    if (!opts.output.empty() && opts.output.back() == '/') {
      std::printf("(a Minari dataset folder: %sdata/main_data.hdf5 and data/metadata.json)\n",
                  opts.output.c_str());
    }
  }
  return 0;
}

}  // namespace

Command make_data_command() {
  return {"data", "inspect (info) or convert trajectory files (Minari <-> D4RL)", run_data};
}

}  // namespace tlb::apps
