// A dataset that grows by rows, for writing flat files (D4RL's layout) one episode at a time.
#pragma once

#include <string>

#include "replay/hdf5_io.h"

namespace tlb::replay {

// A dataset that grows by rows: chunked with an unlimited first dimension, so flat files of
// any size are written one episode at a time.
class RowAppender {
 public:
  // `cols` == 0 makes a 1-D dataset. Bools are stored as h5py's enum bool.
  RowAppender(hid_t loc, const std::string& name, size_t cols, bool is_bool,
              const DatasetStorage& storage, std::string file);

  void append_floats(const double* values, size_t rows);
  void append_bools(const uint8_t* values, size_t rows);
  size_t rows() const { return rows_; }

 private:
  void append(hid_t memory_type, const void* values, size_t rows);

  DatasetHandle dataset_;
  DatatypeHandle memory_type_;
  std::string name_;
  std::string file_;
  size_t cols_;
  bool is_bool_;
  FloatType float_type_;
  size_t rows_ = 0;
};

}  // namespace tlb::replay
