// Reads a backbone's options from strings ("chunk" -> "16"), and records what it read so
// the same code lists the options, their defaults and their help for `--help`.
//
// A backbone's factory reads each field of its options struct once, passing the struct's
// default: `opts.chunk(reader.get_int("chunk", opts.chunk(), "steps per chunk (K)"))`.
// Called with no values, it returns every default and the docs fill up: that is how
// backbone_options() lists them without a second table that could drift.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tlb/backbone_factory.h"

namespace tlb {

class OptionReader {
 public:
  // `kind` names the backbone in error messages ("tlb.chunk: expected ...").
  OptionReader(std::string kind, std::map<std::string, std::string> values);

  int64_t get_int(const std::string& key, int64_t fallback, const std::string& help);
  double get_double(const std::string& key, double fallback, const std::string& help);
  bool get_bool(const std::string& key, bool fallback, const std::string& help);
  // One of `choices`; anything else throws naming the choices.
  std::string get_choice(const std::string& key, const std::string& fallback,
                         const std::vector<std::string>& choices, const std::string& help);

  // Throws std::invalid_argument if a given key was never read (a typo, or an option of
  // another backbone), listing the keys this backbone accepts.
  void finish() const;

  const std::vector<BackboneOptionDoc>& docs() const { return docs_; }

 private:
  // The raw text for `key` if given; records the key's doc either way.
  const std::string* lookup(const std::string& key, const std::string& default_text,
                            const std::string& help);
  [[noreturn]] void fail(const std::string& key, const std::string& expected,
                         const std::string& found) const;

  std::string kind_;
  std::map<std::string, std::string> values_;
  std::set<std::string> read_;
  std::vector<BackboneOptionDoc> docs_;
};

}  // namespace tlb
