// Reads an owner's options from key -> text ("chunk" -> "16" for the tlb backbone,
// "ctrl_cost_weight" -> "0.01" for Hopper-v5), each with the default given at the call, and
// records what it read: the code that reads the options also lists them (key, default,
// help) and rejects, by name, every key it never read.
//
// A factory reads each field of its options struct once, passing the field's default:
//   o.chunk(reader.get_int("chunk", o.chunk(), "K: steps per chunk"));
// Called with no values, it returns every default and docs() fills up: that is how
// `tlb envs ID` and `tlb train --help` list the options without a second table that could
// drift.
//
// Values are spelled as common/text.h says; ranges as low..high (healthy_z_range=0.7..inf),
// since ',' separates the options of a task id. Errors are std::invalid_argument, one line:
// "<owner>.<key>: expected <what>, found '<text>'".
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace tlb::common {

// A closed or open interval's two ends; the reader of the option says which comparison.
struct Range {
  double low = 0.0;
  double high = 0.0;
};

// One option an owner accepts: its key ("chunk"), its default as text, one line of help.
struct OptionDoc {
  std::string key;
  std::string default_text;
  std::string help;
};

class OptionReader {
 public:
  // `owner` names whose options these are in messages ("tlb", "Hopper-v5").
  explicit OptionReader(std::string owner, std::map<std::string, std::string> values = {});

  // An integer of the fallback's type: a value outside that type's range is an error, never
  // wrapped.
  template <typename Int>
  Int get_int(const std::string& key, Int fallback, const std::string& help) {
    static_assert(std::is_integral_v<Int> && std::is_signed_v<Int>, "a signed integer type");
    return static_cast<Int>(read_int(key, fallback, help, std::numeric_limits<Int>::min(),
                                     std::numeric_limits<Int>::max()));
  }
  double get_double(const std::string& key, double fallback, const std::string& help);
  bool get_bool(const std::string& key, bool fallback, const std::string& help);
  Range get_range(const std::string& key, Range fallback, const std::string& help);
  std::string get_string(const std::string& key, const std::string& fallback,
                         const std::string& help);
  // One of `choices`, by name; the help gets "; one of <names>", and anything else throws
  // naming them.
  template <typename Choice>
  Choice get_choice(const std::string& key, Choice fallback,
                    const std::vector<std::pair<std::string, Choice>>& choices,
                    const std::string& help) {
    std::vector<std::string> names;
    size_t fallback_index = 0;
    for (size_t i = 0; i < choices.size(); ++i) {
      names.push_back(choices[i].first);
      if (choices[i].second == fallback) fallback_index = i;
    }
    return choices[read_choice(key, fallback_index, names, help)].second;
  }

  // Throws std::invalid_argument: "<owner>.<key>: expected <expected>, found '<found>'".
  [[noreturn]] void fail(const std::string& key, const std::string& expected,
                         const std::string& found) const;
  // Throws std::invalid_argument naming `key` as unknown and listing the accepted keys, then
  // `also_accepted` when given (options someone else reads).
  [[noreturn]] void fail_unknown(const std::string& key,
                                 const std::string& also_accepted = "") const;

  // The given keys no get_*() has read, with their values.
  std::map<std::string, std::string> unread() const;
  // Throws as fail_unknown for the first unread key, if there is one.
  void finish() const;

  const std::string& owner() const { return owner_; }
  const std::vector<OptionDoc>& docs() const { return docs_; }

 private:
  // The text given for `key`, or nullptr; records the key and its doc either way.
  const std::string* lookup(const std::string& key, const std::string& default_text,
                            const std::string& help);
  int64_t read_int(const std::string& key, int64_t fallback, const std::string& help, int64_t min,
                   int64_t max);
  size_t read_choice(const std::string& key, size_t fallback, const std::vector<std::string>& names,
                     const std::string& help);

  std::string owner_;
  std::map<std::string, std::string> values_;
  std::set<std::string> read_;
  std::vector<OptionDoc> docs_;
};

}  // namespace tlb::common
