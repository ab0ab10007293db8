#include "replay/hdf5_handle.h"

#include <mutex>
#include <stdexcept>
#include <vector>

namespace tlb::replay {

void silence_hdf5_errors() {
  static std::once_flag once;
  std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

namespace {

herr_t collect_message(unsigned /*depth*/, const H5E_error2_t* error, void* data) {
  auto* messages = static_cast<std::vector<std::string>*>(data);
  if (error->desc != nullptr && error->desc[0] != '\0') messages->emplace_back(error->desc);
  return 0;
}

}  // namespace

std::string take_hdf5_error_message() {
  std::vector<std::string> messages;
  // Innermost first: the lowest-level cause ("truncated file", "file signature not found")
  // says more than the API call that failed.
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_message, &messages);
  H5Eclear2(H5E_DEFAULT);
  std::string joined;
  for (size_t i = 0; i < messages.size() && i < 2; ++i) {
    if (!joined.empty()) joined += "; ";
    joined += messages[i];
  }
  return joined;
}

hid_t check_hdf5(hid_t status, const std::string& what, const std::string& file) {
  if (status >= 0) return status;
  std::string message = what + " (" + file + ")";
  const std::string cause = take_hdf5_error_message();
  if (!cause.empty()) message += ": " + cause;
  throw std::runtime_error(message);
}

std::string object_what(const std::string& action, const std::string& name) {
  return action + " '" + name + "'";
}

}  // namespace tlb::replay
