// The flags `tlb train` makes from a run's option fields and from the backbones' options, for
// PPO and behaviour cloning alike: one flag per field (--clip-coef) with its default and help,
// --<kind>.<key> per backbone option, and --backbone-opt KEY=VALUE.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "agents/option_fields.h"
#include "apps/command.h"

namespace tlb::apps {

// One flag per field, its default the field's current value.
void add_field_flags(po::options_description& into, const std::vector<agents::OptionField>& fields);
// Sets every field from `values`.
void set_fields(const po::variables_map& values, const std::vector<agents::OptionField>& fields);
// The fields the command line or --config gave explicitly (field name -> text).
std::map<std::string, std::string> explicit_fields(const po::variables_map& values,
                                                   const std::vector<agents::OptionField>& fields);

// --<kind>.<key> for every option of every backbone, and --backbone-opt.
po::options_description backbone_flags();
// The backbone options those flags set; UsageError when one belongs to another kind.
std::map<std::string, std::string> read_backbone_flags(const po::variables_map& values,
                                                       const std::string& backbone);
// UsageError when any backbone flag is given: a resumed run keeps its backbone.
void refuse_backbone_flags(const po::variables_map& values);

}  // namespace tlb::apps
