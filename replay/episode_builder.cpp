#include "replay/episode_builder.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace tlb::replay {

std::vector<std::pair<std::string, std::vector<double>>> state_fields(
    const envs::StateSnapshot& s) {
  return {{"qpos", s.qpos},
          {"qvel", s.qvel},
          {"act", s.act},
          {"ctrl", s.ctrl},
          {"qacc_warmstart", s.qacc_warmstart},
          {"time", {s.time}}};
}

void EpisodeBuilder::begin(std::optional<uint64_t> seed, const std::vector<double>& observation,
                           const envs::Info& info, const envs::StateSnapshot& state) {
  clear();
  started_ = true;
  episode_.seed = seed;
  episode_.observations.push_row(observation);
  add_info(info);
  add_state(state);
}

void EpisodeBuilder::add_step(const std::vector<double>& action, const envs::StepResult& step,
                              const envs::StateSnapshot& state) {
  if (!started_) throw std::logic_error("EpisodeBuilder::add_step before begin");
  episode_.actions.push_row(action);
  episode_.rewards.push_back(step.reward);
  episode_.terminations.push_back(step.terminated ? 1 : 0);
  episode_.truncations.push_back(step.truncated ? 1 : 0);
  episode_.observations.push_row(step.observation);
  add_info(step.info);
  add_state(state);
}

Episode EpisodeBuilder::finish() {
  for (auto& [key, values] : info_columns_) {
    NamedMatrix field{key, Matrix{}};
    field.data.rows = values.size();
    field.data.cols = 1;
    field.data.values = std::move(values);
    episode_.infos.push_back(std::move(field));
  }
  Episode done = std::move(episode_);
  clear();
  return done;
}

void EpisodeBuilder::clear() {
  episode_ = Episode{};
  started_ = false;
  info_rows_ = 0;
  info_columns_.clear();
}

void EpisodeBuilder::add_info(const envs::Info& info) {
  // A key a row did not report is 0 there (a reset reports fewer keys than a step, and Minari
  // requires every key in every row, without NaN).
  constexpr double kMissing = 0.0;
  for (auto& column : info_columns_) column.second.push_back(kMissing);
  for (const auto& [key, value] : info.items()) {
    auto it = std::find_if(info_columns_.begin(), info_columns_.end(),
                           [&](const auto& c) { return c.first == key; });
    if (it == info_columns_.end()) {
      info_columns_.emplace_back(key, std::vector<double>(info_rows_ + 1, kMissing));
      it = info_columns_.end() - 1;
    }
    it->second.back() = value;
  }
  ++info_rows_;
}

void EpisodeBuilder::add_state(const envs::StateSnapshot& state) {
  auto rows = state_fields(state);
  if (episode_.states.empty()) {
    for (auto& [name, row] : rows) episode_.states.push_back({name, Matrix(0, row.size())});
  }
  for (size_t i = 0; i < rows.size(); ++i) episode_.states[i].data.push_row(rows[i].second);
}

}  // namespace tlb::replay
