// How agents obtain environments and backbones. The command line passes envs::make_env and
// tlb::make_backbone; tests pass small doubles. Keeping these as parameters lets agents/
// build and be tested before (and independently of) the registries below it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "envs/env.h"
#include "tlb/backbone.h"

namespace tlb::agents {

// One new env for a task id such as "Hopper-v5".
using EnvFactory = std::function<std::unique_ptr<envs::Env>(const std::string& env_id)>;

// A new backbone of `kind` for inputs of width `input_dim`, with options by key.
using BackboneFactory = std::function<Backbone(const std::string& kind, int64_t input_dim,
                                               const std::map<std::string, std::string>& options)>;

struct Factories {
  EnvFactory make_env;
  BackboneFactory make_backbone;
};

}  // namespace tlb::agents
