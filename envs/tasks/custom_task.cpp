#include "envs/tasks/custom_task.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "envs/asset_path.h"
#include "envs/tasks/task_util.h"

namespace tlb::envs {
namespace {

constexpr char kCustomTaskId[] = "custom";

[[noreturn]] void fail(const std::string& what, const std::string& expected,
                       const std::string& found) {
  throw std::invalid_argument(std::string(kCustomTaskId) + ": " + what + " expects " + expected +
                              ", found '" + found + "'");
}

std::string resolve_model_path(const std::string& model) {
  std::error_code error;
  if (std::filesystem::is_regular_file(model, error)) return model;
  return asset_path(model);  // throws, listing the folders searched
}

bool parse_number(const std::string& text, double& value) {
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size() && std::isfinite(value);
}

// Looks `name` up as a site, then as a body.
void find_point(const mjModel* model, const std::string& name, const std::string& term, int& id,
                bool& is_site) {
  id = mj_name2id(model, mjOBJ_SITE, name.c_str());
  is_site = id >= 0;
  if (id < 0) id = mj_name2id(model, mjOBJ_BODY, name.c_str());
  if (id < 0) fail("reward term " + term, "a site or body named " + name, "none");
}

int observation_size(const CustomTaskOptions& o, const mjModel* m) {
  if (o.exclude_qpos < 0 || o.exclude_qpos > m->nq) {
    fail("option exclude_qpos", "an integer in [0, " + std::to_string(m->nq) + "]",
         std::to_string(o.exclude_qpos));
  }
  return m->nq - o.exclude_qpos + m->nv;
}

LoadedModel load(const CustomTaskOptions& o) {
  return load_model_file(resolve_model_path(o.model));
}

}  // namespace

namespace {

// Splits at '+', except the '+' of an exponent (1e+3).
std::vector<std::string> split_terms(const std::string& expression) {
  std::vector<std::string> pieces(1);
  for (size_t i = 0; i < expression.size(); ++i) {
    const char c = expression[i];
    const bool exponent =
        i >= 2 && (expression[i - 1] == 'e' || expression[i - 1] == 'E') &&
        (std::isdigit(static_cast<unsigned char>(expression[i - 2])) || expression[i - 2] == '.');
    if (c == '+' && !exponent) {
      pieces.emplace_back();
    } else {
      pieces.back() += c;
    }
  }
  return pieces;
}

}  // namespace

std::vector<RewardTerm> parse_reward_terms(const std::string& expression, const mjModel* model) {
  std::vector<RewardTerm> terms;
  for (const std::string& piece : split_terms(expression)) {
    RewardTerm term{};
    std::string name = piece;
    const size_t star = piece.find('*');
    if (star != std::string::npos) {
      const std::string left = piece.substr(0, star), right = piece.substr(star + 1);
      // Either name*weight or weight*name.
      if (parse_number(right, term.weight)) {
        name = left;
      } else if (parse_number(left, term.weight)) {
        name = right;
      } else {
        fail("reward term '" + piece + "'", "NAME*WEIGHT with a finite number as WEIGHT", piece);
      }
    }
    term.name = name;
    if (name == "forward_velocity") {
      term.kind = RewardTerm::Kind::kForwardVelocity;
    } else if (name == "lateral_velocity") {
      term.kind = RewardTerm::Kind::kLateralVelocity;
    } else if (name == "height") {
      term.kind = RewardTerm::Kind::kHeight;
    } else if (name == "ctrl_cost") {
      term.kind = RewardTerm::Kind::kCtrlCost;
    } else if (name == "alive") {
      term.kind = RewardTerm::Kind::kAlive;
    } else if (name.rfind("distance:", 0) == 0) {
      term.kind = RewardTerm::Kind::kDistance;
      const size_t colon = name.find(':', 9);
      if (colon == std::string::npos) fail("reward term " + name, "distance:A:B", name);
      find_point(model, name.substr(9, colon - 9), name, term.a, term.a_is_site);
      find_point(model, name.substr(colon + 1), name, term.b, term.b_is_site);
    } else {
      fail("reward term",
           "one of forward_velocity, lateral_velocity, height, ctrl_cost, alive, "
           "distance:A:B",
           name);
    }
    terms.push_back(term);
  }
  return terms;
}

CustomTaskOptions read_custom_task_options(common::OptionReader& options) {
  CustomTaskOptions o;
  o.model = options.get_string("model", o.model, "MJCF file (as given, else under envs/assets)");
  o.reward = options.get_string("reward", o.reward, "TERM*WEIGHT+... (docs/envs_tasks.md)");
  o.main_body = options.get_string("main_body", o.main_body,
                                   "body for velocity, height and health (default: body 1)");
  o.frame_skip =
      static_cast<int>(options.get_int("frame_skip", o.frame_skip, "MuJoCo substeps per env step"));
  o.exclude_qpos = static_cast<int>(options.get_int(
      "exclude_qpos", o.exclude_qpos, "leading qpos entries left out of the observation"));
  o.healthy_z_range = options.get_range("healthy_z_range", o.healthy_z_range,
                                        "inclusive bounds on the main body's z");
  o.terminate_when_unhealthy = options.get_bool(
      "terminate_when_unhealthy", o.terminate_when_unhealthy, "end the episode when unhealthy");
  o.reset_noise_scale = options.get_double("reset_noise_scale", o.reset_noise_scale,
                                           "half-width of the uniform reset noise");
  return o;
}

CustomTask::CustomTask(const CustomTaskOptions& options) : CustomTask(options, load(options)) {}

// `loaded` binds by reference here, so its size is read before the next constructor moves it.
CustomTask::CustomTask(const CustomTaskOptions& options, LoadedModel&& loaded)
    : CustomTask(options, std::move(loaded), observation_size(options, loaded.model.get())) {}

CustomTask::CustomTask(const CustomTaskOptions& options, LoadedModel&& loaded, int observation_size)
    : MujocoEnv(kCustomTaskId, std::move(loaded), options.frame_skip, observation_size),
      options_(options) {
  if (model()->nbody < 2) fail("model " + options_.model, "at least one body", "only the world");
  if (!options_.main_body.empty()) {
    main_body_ = mj_name2id(model(), mjOBJ_BODY, options_.main_body.c_str());
    if (main_body_ < 1)
      fail("option main_body", "the name of a body in the model", options_.main_body);
  }
  terms_ = parse_reward_terms(options_.reward, model());
}

std::vector<int> CustomTask::position_observation_indices() const {
  return index_range(0, model()->nq - options_.exclude_qpos);
}

std::vector<int> CustomTask::velocity_observation_indices() const {
  const int positions = model()->nq - options_.exclude_qpos;
  return index_range(positions, positions + model()->nv);
}

bool CustomTask::is_healthy() const {
  for (int i = 0; i < model()->nq; ++i) {
    if (!std::isfinite(data()->qpos[i])) return false;
  }
  for (int i = 0; i < model()->nv; ++i) {
    if (!std::isfinite(data()->qvel[i])) return false;
  }
  const double z = data()->xpos[3 * main_body_ + 2];
  return options_.healthy_z_range.low <= z && z <= options_.healthy_z_range.high;
}

const double* CustomTask::point(int id, bool is_site) const {
  return is_site ? data()->site_xpos + 3 * id : data()->xpos + 3 * id;
}

double CustomTask::term_value(const RewardTerm& term, const std::vector<double>& action) const {
  const double* body = data()->xpos + 3 * main_body_;
  switch (term.kind) {
    case RewardTerm::Kind::kForwardVelocity:
      return (body[0] - x_before_) / dt();
    case RewardTerm::Kind::kLateralVelocity:
      return (body[1] - y_before_) / dt();
    case RewardTerm::Kind::kHeight:
      return body[2];
    case RewardTerm::Kind::kCtrlCost:
      return sum_of_squares(action);
    case RewardTerm::Kind::kAlive:
      return is_healthy() ? 1.0 : 0.0;
    case RewardTerm::Kind::kDistance: {
      const double* p = point(term.a, term.a_is_site);
      const double* q = point(term.b, term.b_is_site);
      return std::sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) +
                       (p[2] - q[2]) * (p[2] - q[2]));
    }
  }
  return 0.0;
}

void CustomTask::reset_model() {
  reset_with_noise(options_.reset_noise_scale, VelocityNoise::kUniform);
}

void CustomTask::write_observation(double* out) const {
  out = std::copy(data()->qpos + options_.exclude_qpos, data()->qpos + model()->nq, out);
  std::copy(data()->qvel, data()->qvel + model()->nv, out);
}

void CustomTask::before_step() {
  x_before_ = data()->xpos[3 * main_body_];
  y_before_ = data()->xpos[3 * main_body_ + 1];
}

void CustomTask::evaluate_step(const std::vector<double>& action, StepResult& result) {
  result.reward = 0.0;
  for (const RewardTerm& term : terms_) {
    const double value = term.weight * term_value(term, action);
    result.reward += value;
    std::string key = "reward_" + term.name;
    for (char& c : key) c = c == ':' ? '_' : c;
    result.info.set(key, value);
  }
  const bool healthy = is_healthy();
  result.terminated = !healthy && options_.terminate_when_unhealthy;
  reset_info(result.info);
  result.info.set("healthy", healthy ? 1.0 : 0.0);
}

void CustomTask::reset_info(Info& info) const {
  info.set("x_position", data()->xpos[3 * main_body_]);
  info.set("y_position", data()->xpos[3 * main_body_ + 1]);
  info.set("z_position", data()->xpos[3 * main_body_ + 2]);
}

std::unique_ptr<MujocoEnv> make_custom_task(common::OptionReader& options) {
  return std::make_unique<CustomTask>(read_custom_task_options(options));
}

}  // namespace tlb::envs
