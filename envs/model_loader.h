// Owning handles for MuJoCo's C objects, and loading an MJCF model from a file or from text.
#pragma once

#include <mujoco/mujoco.h>

#include <memory>
#include <string>
#include <string_view>

namespace tlb::envs {

struct MjModelDeleter {
  void operator()(mjModel* model) const { mj_deleteModel(model); }
};
struct MjDataDeleter {
  void operator()(mjData* data) const { mj_deleteData(data); }
};
using ModelPtr = std::unique_ptr<mjModel, MjModelDeleter>;
using DataPtr = std::unique_ptr<mjData, MjDataDeleter>;

// A compiled model with where it came from and a hash of the MJCF text it was compiled from
// (so a recording can tell whether it is replayed on the same model).
struct LoadedModel {
  ModelPtr model;
  std::string hash;    // mjcf_content_hash of the MJCF text
  std::string source;  // the file path, or the label given with the text
};

// Compiles the MJCF file at `path`. Throws std::runtime_error with MuJoCo's error text and
// the path when the file cannot be read or compiled.
LoadedModel load_model_file(const std::string& path);

// Compiles MJCF given as text; `label` names it in errors (e.g. "inline model").
LoadedModel load_model_text(const std::string& xml, const std::string& label);

// Compiles envs/assets/<file> found by asset_path().
LoadedModel load_asset_model(const std::string& file);

// FNV-1a 64-bit hash of `bytes` as 16 lowercase hex digits.
std::string fnv1a_hex(std::string_view bytes);

// The model hash recordings store: fnv1a_hex of the MJCF text with its XML comments removed,
// so documenting a model never makes its recordings warn on replay, while any change to what
// MuJoCo reads does.
std::string mjcf_content_hash(std::string_view xml);

}  // namespace tlb::envs
