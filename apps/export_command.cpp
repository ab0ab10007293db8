// `tlb export CHECKPOINT OUT`: writes a trained memoryless MLP policy (its actor's weights and
// observation statistics) to a file Python's torch.load reads (agents/policy_export.h;
// docs/export.md shows the lines of Python that act with it).
#include <cstdio>

#include "agents/policy_export.h"
#include "apps/command.h"
#include "envs/registry.h"
#include "tlb/backbone_factory.h"

namespace tlb::apps {
namespace {

int run_export(const std::vector<std::string>& args) {
  std::string checkpoint, out;
  bool overwrite = false;
  po::options_description options("tlb export options");
  options.add_options()("overwrite", po::bool_switch(&overwrite), "replace OUT if it exists");
  // The positional arguments the usage line names: parsed, not listed as options.
  po::options_description arguments;
  arguments.add_options()("checkpoint", po::value(&checkpoint))("out", po::value(&out));
  po::positional_options_description positional;
  positional.add("checkpoint", 1).add("out", 1);
  po::variables_map values;
  if (!parse_command_options("export",
                             "CHECKPOINT OUT [--overwrite]   (CHECKPOINT: a .pt file or a run "
                             "folder, meaning its latest.pt; OUT: e.g. policy.pt)",
                             options, positional, args, values, &arguments)) {
    return 0;
  }
  if (checkpoint.empty() || out.empty()) {
    throw UsageError("expected CHECKPOINT OUT (a .pt file or a run folder, and the file to write)");
  }
  const agents::Factories factories{[](const std::string& id) { return envs::make_env(id); },
                                    tlb::make_backbone};
  const agents::PolicyExport done = agents::export_policy(checkpoint, out, overwrite, factories);
  std::printf(
      "wrote %s: %s policy for %s (%zu tensors); load it with torch.load (docs/export.md)\n",
      out.c_str(), done.backbone.c_str(), done.env_id.c_str(), done.tensors);
  return 0;
}

}  // namespace

Command make_export_command() {
  return {"export", "write a trained MLP policy to a file Python's torch.load reads", run_export};
}

}  // namespace tlb::apps
