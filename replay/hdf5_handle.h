// Owning wrappers for HDF5 ids (one type per id kind, each closed by its own H5xclose), and
// the error stack that turns a failed HDF5 call into a std::runtime_error naming the file and
// object. HDF5's own printing of errors to stderr is silenced: callers get one message.
#pragma once

#include <hdf5.h>

#include <string>
#include <utility>

namespace tlb::replay {

// Closes an HDF5 id of one kind when it goes out of scope. Move-only.
template <herr_t (*Close)(hid_t)>
class Hdf5Handle {
 public:
  Hdf5Handle() = default;
  explicit Hdf5Handle(hid_t id) : id_(id) {}
  Hdf5Handle(const Hdf5Handle&) = delete;
  Hdf5Handle& operator=(const Hdf5Handle&) = delete;
  Hdf5Handle(Hdf5Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Hdf5Handle& operator=(Hdf5Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  ~Hdf5Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Closes the id now (errors on close are ignored: nothing useful can be done with them).
  void reset() {
    if (id_ >= 0) Close(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using FileHandle = Hdf5Handle<H5Fclose>;
using GroupHandle = Hdf5Handle<H5Gclose>;
using DatasetHandle = Hdf5Handle<H5Dclose>;
using DataspaceHandle = Hdf5Handle<H5Sclose>;
using DatatypeHandle = Hdf5Handle<H5Tclose>;
using PropertyListHandle = Hdf5Handle<H5Pclose>;
using AttributeHandle = Hdf5Handle<H5Aclose>;

// Turns off HDF5's automatic printing of its error stack (once per process); every entry
// point of replay/ calls it before touching HDF5.
void silence_hdf5_errors();

// The innermost messages of HDF5's current error stack, joined ("" when it is empty), and
// clears the stack.
std::string take_hdf5_error_message();

// Throws std::runtime_error "<what> (<file>): <HDF5's message>" when `status` < 0; returns
// `status` otherwise. Use for calls returning an id or herr_t.
hid_t check_hdf5(hid_t status, const std::string& what, const std::string& file);

// The `what` of check_hdf5 for an action on a named object: "<action> '<name>'".
std::string object_what(const std::string& action, const std::string& name);

}  // namespace tlb::replay
