// Reads a task's options from key=value text ("ctrl_cost_weight" -> "0.01") with the default
// given at the call, so each option is named, defaulted and documented in one place: the
// task's options struct. Records what it read, so unknown keys are rejected by name.
//
// Value syntax: numbers as strtod reads them ("1e-3", "inf", "-inf"); booleans true/false/1/0;
// ranges "low..high" (e.g. healthy_z_range=0.7..inf), since ',' separates options in an id.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace tlb::envs {

// A closed or open interval's two ends; the task says which comparison it uses.
struct Range {
  double low = 0.0;
  double high = 0.0;
};

// One option a task accepts: for `tlb envs` listings and error messages.
struct OptionDoc {
  std::string key;
  std::string default_text;
  std::string help;
};

class OptionMap {
 public:
  // `owner` names the task in error messages ("Hopper-v5: ...").
  explicit OptionMap(std::string owner, std::map<std::string, std::string> values = {});

  double get_double(const std::string& key, double fallback, const std::string& help);
  int64_t get_int(const std::string& key, int64_t fallback, const std::string& help);
  bool get_bool(const std::string& key, bool fallback, const std::string& help);
  Range get_range(const std::string& key, Range fallback, const std::string& help);
  std::string get_string(const std::string& key, const std::string& fallback,
                         const std::string& help);

  // Throws std::invalid_argument: "<owner>: option <key> expects <expected>, found '<found>'".
  [[noreturn]] void fail(const std::string& key, const std::string& expected,
                         const std::string& found) const;

  // The given keys no get_*() has read, with their values.
  std::map<std::string, std::string> unread() const;
  // Throws std::invalid_argument naming the first unread key and every accepted key.
  void finish() const;

  const std::string& owner() const { return owner_; }
  const std::vector<OptionDoc>& docs() const { return docs_; }
  // The accepted keys, comma-separated, for error messages.
  std::string accepted_keys() const;

 private:
  const std::string* lookup(const std::string& key, const std::string& default_text,
                            const std::string& help);

  std::string owner_;
  std::map<std::string, std::string> values_;
  std::set<std::string> read_;
  std::vector<OptionDoc> docs_;
};

// Formats a double the way the option syntax reads it back ("0.001", "inf").
std::string format_option_number(double value);

}  // namespace tlb::envs
