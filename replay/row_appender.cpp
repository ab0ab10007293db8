#include "replay/row_appender.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace tlb::replay {

RowAppender::RowAppender(hid_t loc, const std::string& name, size_t cols, bool is_bool,
                         const DatasetStorage& storage, std::string file)
    : name_(name),
      file_(std::move(file)),
      cols_(cols),
      is_bool_(is_bool),
      float_type_(storage.float_type) {
  std::vector<hsize_t> dims = {0}, max_dims = {H5S_UNLIMITED}, chunk = {1};
  if (cols_ > 0) {
    dims.push_back(cols_);
    max_dims.push_back(cols_);
    chunk.push_back(cols_);
  }
  const size_t element = is_bool ? 1 : (float_type_ == FloatType::kFloat32 ? 4 : 8);
  chunk[0] =
      std::max<hsize_t>(1, storage.target_chunk_bytes / (element * std::max<size_t>(cols_, 1)));
  DataspaceHandle space(
      check_hdf5(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max_dims.data()),
                 object_what("cannot create dataspace for", name), file_));
  PropertyListHandle dcpl(check_hdf5(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate", file_));
  check_hdf5(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), "H5Pset_chunk",
             file_);
  if (storage.gzip_level > 0) {
    check_hdf5(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(storage.gzip_level)),
               "H5Pset_deflate", file_);
  }
  DatatypeHandle file_type;
  if (is_bool) {
    file_type = make_bool_type(file_);
    memory_type_ = make_bool_type(file_);
  } else {
    file_type = DatatypeHandle(
        check_hdf5(H5Tcopy(float_type_ == FloatType::kFloat32 ? H5T_IEEE_F32LE : H5T_IEEE_F64LE),
                   "H5Tcopy", file_));
    memory_type_ = DatatypeHandle(check_hdf5(H5Tcopy(H5T_NATIVE_DOUBLE), "H5Tcopy", file_));
  }
  dataset_ = DatasetHandle(check_hdf5(H5Dcreate2(loc, name.c_str(), file_type.get(), space.get(),
                                                 H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                                      object_what("cannot create dataset", name), file_));
}

void RowAppender::append(hid_t memory_type, const void* values, size_t rows) {
  if (rows == 0) return;
  std::vector<hsize_t> extent = {rows_ + rows}, start = {rows_}, count = {rows};
  if (cols_ > 0) {
    extent.push_back(cols_);
    start.push_back(0);
    count.push_back(cols_);
  }
  check_hdf5(H5Dset_extent(dataset_.get(), extent.data()), object_what("cannot extend", name_),
             file_);
  DataspaceHandle space(check_hdf5(H5Dget_space(dataset_.get()), "H5Dget_space", file_));
  check_hdf5(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                                 nullptr),
             object_what("cannot select rows of", name_), file_);
  DataspaceHandle memory(check_hdf5(
      H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), "H5Screate", file_));
  check_hdf5(H5Dwrite(dataset_.get(), memory_type, memory.get(), space.get(), H5P_DEFAULT, values),
             object_what("cannot write dataset", name_), file_);
  rows_ += rows;
}

void RowAppender::append_floats(const double* values, size_t rows) {
  if (is_bool_) throw std::logic_error("append_floats on bool dataset '" + name_ + "'");
  append(memory_type_.get(), values, rows);
}

void RowAppender::append_bools(const uint8_t* values, size_t rows) {
  if (!is_bool_) throw std::logic_error("append_bools on float dataset '" + name_ + "'");
  std::vector<int8_t> normalised(values, values + rows);
  for (auto& v : normalised) v = v ? 1 : 0;
  append(memory_type_.get(), normalised.data(), rows);
}

}  // namespace tlb::replay
