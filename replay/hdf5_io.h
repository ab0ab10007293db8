// Small typed reads and writes over the HDF5 C API, each validated and each failure reported
// as one std::runtime_error naming the file and the object. Rows are the first dimension.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "replay/hdf5_handle.h"

namespace tlb::replay {

// How numeric datasets are stored.
enum class FloatType { kFloat64, kFloat32 };

// Storage options for every dataset written.
struct DatasetStorage {
  FloatType float_type = FloatType::kFloat64;
  int gzip_level = 4;                   // h5py's default gzip level; 0 disables compression
  size_t target_chunk_bytes = 1 << 16;  // chunks of about 64 KiB (HDF5 advises 10 KiB-1 MiB)
};

// What a dataset holds, as found in the file.
struct DatasetShape {
  std::vector<hsize_t> dims;
  H5T_class_t type_class = H5T_NO_CLASS;
  size_t type_size = 0;
  bool is_bool = false;  // an 8-bit integer, or h5py's enum bool {FALSE=0, TRUE=1}

  size_t rows() const { return dims.empty() ? 1 : static_cast<size_t>(dims[0]); }
  // Entries per row (1 for a 1-D dataset).
  size_t cols() const;
  std::string describe() const;  // e.g. "float32 (1000, 17)"
};

// An open file and its path, for messages.
struct Hdf5File {
  FileHandle handle;
  std::string path;
};

// Creates `path` (truncating it) or opens it; old file format (superblock 0): a file whose
// writer was killed can be opened again without h5clear.
Hdf5File create_hdf5_file(const std::string& path);
Hdf5File open_hdf5_file(const std::string& path, bool writable);

GroupHandle create_group(hid_t loc, const std::string& name, const std::string& file);
GroupHandle open_group(hid_t loc, const std::string& name, const std::string& file);
// Whether `loc` has a link called `name` (one level; no '/' inside).
bool has_link(hid_t loc, const std::string& name);
// The names of the links in group `loc`, in name order.
std::vector<std::string> list_links(hid_t loc, const std::string& file);
// Whether `name` under `loc` is a dataset (false for a group or a missing link).
bool is_dataset(hid_t loc, const std::string& name);

// Writes a row-major array of shape `dims` (1-D or 2-D; a dimension may be 0).
void write_floats(hid_t loc, const std::string& name, const double* values,
                  const std::vector<size_t>& dims, const DatasetStorage& storage,
                  const std::string& file);
// Writes a 1-D dataset of bools as h5py does (enum int8 {FALSE=0, TRUE=1}: numpy bool).
void write_bools(hid_t loc, const std::string& name, const uint8_t* values, size_t rows,
                 const DatasetStorage& storage, const std::string& file);

// h5py's bool type: an enum of int8 {FALSE=0, TRUE=1}, which h5py reads as numpy bool.
DatatypeHandle make_bool_type(const std::string& file);

DatasetShape inspect_dataset(hid_t loc, const std::string& name, const std::string& file);

// Reads rows [first, first + count) of a numeric dataset as double (HDF5 converts).
std::vector<double> read_floats(hid_t loc, const std::string& name, size_t first, size_t count,
                                const std::string& file);
// A numeric dataset held open with a chunk cache of `cache_bytes`, for many reads of row
// ranges: HDF5 drops a dataset's cache when it is closed, so reading episode after episode
// through read_floats above decompresses every chunk an episode touches again each time (a
// gzip chunk of 16,384 rewards for each 1,000-step episode).
struct CachedDataset {
  DatasetHandle handle;
  DatasetShape shape;
  std::string name;
};
CachedDataset open_cached_dataset(hid_t loc, const std::string& name, size_t cache_bytes,
                                  const std::string& file);
std::vector<double> read_floats(const CachedDataset& dataset, size_t first, size_t count,
                                const std::string& file);
// Reads rows [first, first + count) of a bool/uint8 dataset as 0/1.
std::vector<uint8_t> read_bools(hid_t loc, const std::string& name, size_t first, size_t count,
                                const std::string& file);

void write_string_attribute(hid_t loc, const std::string& name, const std::string& value,
                            const std::string& file);
void write_int_attribute(hid_t loc, const std::string& name, int64_t value,
                         const std::string& file);
// nullopt when the attribute is absent; throws when it exists with another type.
std::optional<std::string> read_string_attribute(hid_t loc, const std::string& name,
                                                 const std::string& file);
std::optional<int64_t> read_int_attribute(hid_t loc, const std::string& name,
                                          const std::string& file);

}  // namespace tlb::replay
