#include "replay/minari_metadata.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "common/atomic_file.h"
#include "common/text.h"
#include "envs/registry.h"

namespace tlb::replay {

namespace {

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Python's json module writes and reads infinities as Infinity / -Infinity (a space's bounds
// are never NaN).
std::string json_number(double value) {
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  std::ostringstream out;
  out.precision(17);
  out << value;
  return out.str();
}

std::string json_list(const std::vector<double>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + json_number(values[i]);
  return out + "]";
}

// An option value as kwargs hold it: a finite number or a boolean as such, else a string.
std::string json_value(const std::string& text) {
  if (const auto number = common::parse_double(text); number && std::isfinite(*number)) {
    return json_number(*number);
  }
  if (text == "true" || text == "false") return text;
  return json_string(text);
}

// Letters, digits and '_' kept; `keep_dash` keeps '-' too; anything else becomes '_'.
std::string id_part(const std::string& text, bool keep_dash) {
  std::string out;
  for (char c : text) {
    const bool word = std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    out += word || (keep_dash && c == '-') ? static_cast<char>(std::tolower(c)) : '_';
  }
  return out.empty() ? "none" : out;
}

}  // namespace

std::string box_json(const envs::Box& box) {
  return "{\"type\": \"Box\", \"dtype\": \"float64\", \"shape\": [" + std::to_string(box.size()) +
         "], \"low\": " + json_list(box.low) + ", \"high\": " + json_list(box.high) + "}";
}

std::string unbounded_box_json(size_t size) {
  envs::Box box;
  box.low.assign(size, -INFINITY);
  box.high.assign(size, INFINITY);
  return box_json(box);
}

std::string env_spec_json(const std::string& task) {
  const envs::EnvSpec parsed = envs::parse_env_spec(task);
  std::string max_steps = "null";
  for (const auto& entry : envs::task_table()) {
    if (entry.id == parsed.task) max_steps = std::to_string(entry.max_episode_steps);
  }
  std::string kwargs = "{";
  bool first = true;
  for (const auto& [key, value] : parsed.options) {
    if (key == "max_episode_steps") {
      max_steps = value;
      continue;
    }
    kwargs += (first ? "" : ", ") + json_string(key) + ": " + json_value(value);
    first = false;
  }
  kwargs += "}";
  return "{\"id\": " + json_string(parsed.task + parsed.suffix) +
         ", \"max_episode_steps\": " + max_steps + ", \"kwargs\": " + kwargs +
         ", \"additional_wrappers\": []}";
}

std::string minari_dataset_id(const std::string& task, const std::string& name) {
  const envs::EnvSpec parsed = envs::parse_env_spec(task);
  return id_part(parsed.task + parsed.suffix, false) + "-" + id_part(name, true) + "-v0";
}

void check_minari_dataset_id(const std::string& id) {
  static const std::regex pattern("[A-Za-z0-9_]+-[-A-Za-z0-9_]+-v[0-9]+");
  if (!std::regex_match(id, pattern)) {
    throw std::invalid_argument(
        "dataset id '" + id +
        "': expected <env>-<name>-v<N> (env: letters, digits, '_'; name: those and '-'; "
        "e.g. hopper_v5-random-v0), as Minari 0.4 and 0.5 both accept");
  }
}

void write_minari_metadata_json(const std::string& path, const DatasetMetadata& m) {
  const std::string json =
      "{\"dataset_id\": " + json_string(m.dataset_id) +
      ", \"total_episodes\": " + std::to_string(m.total_episodes) +
      ", \"total_steps\": " + std::to_string(m.total_steps) +
      (m.env_spec.empty() ? std::string() : ", \"env_spec\": " + json_string(m.env_spec)) +
      ", \"observation_space\": " + json_string(m.observation_space) +
      ", \"action_space\": " + json_string(m.action_space) +
      ", \"algorithm_name\": " + json_string(m.algorithm_name) +
      ", \"author\": " + json_string(m.author) +
      ", \"code_permalink\": " + json_string(m.code_permalink) +
      ", \"minari_version\": " + json_string(kMinariMetadataVersion) +
      ", \"data_format\": \"hdf5\"}\n";
  common::write_file_atomically(path, json);
}

}  // namespace tlb::replay
