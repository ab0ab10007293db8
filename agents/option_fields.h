// The fields of a run's options struct (PPO's, BC's) as the command line, config.ini and
// checkpoints see them: a name, one line of help and a pointer into the struct, and the INI
// text they are written to and read from.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace tlb::agents {

// The most LibTorch or env threads a run may ask for (--threads, --env-threads): a fixed bound,
// the same on every machine (so a run started elsewhere resumes here), far above the cores a
// run here can use and far below a typo's thousands of threads.
inline constexpr int64_t kMaxThreads = 256;

// One field. `name` is the field's name ("clip_coef"); the command line spells it with dashes
// (--clip-coef).
struct OptionField {
  std::string name;
  std::string help;
  std::variant<std::string*, uint64_t*, int64_t*, double*, bool*> value;
};

// The field's current value as text ("0.2", "true").
std::string field_text(const OptionField& field);

// Sets the field from text; throws std::invalid_argument naming the option on a bad value.
void set_field_text(const OptionField& field, const std::string& text);

// INI text: "clip-coef = 0.2" per field, then "<backbone>.<key> = value" per backbone option.
std::string fields_to_text(const std::vector<OptionField>& fields, const std::string& backbone,
                           const std::map<std::string, std::string>& backbone_options);

// Reads fields_to_text's output into `fields` and `backbone_options`: "<kind>.<key>" lines must
// name `backbone` (read once every line is, so it may be set by a field of the same text).
// A key no field has goes to `other`, which returns false when it does not know it either;
// unknown keys and bad values throw std::invalid_argument.
void fields_from_text(
    const std::string& text, const std::vector<OptionField>& fields, const std::string& backbone,
    std::map<std::string, std::string>& backbone_options,
    const std::function<bool(const std::string& key, const std::string& value)>& other = {});

}  // namespace tlb::agents
