// Small text helpers every layer uses: option names as the command line spells them, lists in
// messages, and values read from and written to option text.
//
// Value syntax (the same for task options, backbone options and PPO options):
// - integers: decimal digits with an optional leading '-', nothing else (no spaces, no '+',
//   no trailing junk), within the type's range: "-1" is never read as a huge unsigned value;
// - numbers: what strtod reads from the whole text ("1e-3", "inf", "-inf"), but not nan and
//   nothing that overflows a double;
// - booleans: true/false, 1/0, yes/no, on/off, True/False (Python's spelling).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tlb::common {

// `name` with every '_' replaced by '-': the command line's spelling ("clip_coef" ->
// "clip-coef").
std::string dashed(std::string name);

// `items` separated by `separator` ("a, b, c" for ", ").
std::string join(const std::vector<std::string>& items, const std::string& separator);

// The integer `text` spells, if it spells one in [min, max].
std::optional<int64_t> parse_int(const std::string& text, int64_t min = INT64_MIN,
                                 int64_t max = INT64_MAX);
// The unsigned integer `text` spells (digits only: no sign, no space), if it is at most `max`.
std::optional<uint64_t> parse_uint(const std::string& text, uint64_t max = UINT64_MAX);
// The number `text` spells, if it is neither nan nor out of a double's range.
std::optional<double> parse_double(const std::string& text);
// The boolean `text` spells.
std::optional<bool> parse_bool(const std::string& text);

// The shortest decimal text that reads back as exactly `value` ("0.0003", "1e-08", "inf").
std::string format_number(double value);

}  // namespace tlb::common
