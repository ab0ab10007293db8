#include "replay/hdf5_io.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace tlb::replay {

namespace {

// Chunked and gzip-compressed when the dataset is non-empty; contiguous otherwise (HDF5
// rejects chunks larger than a fixed zero-sized dimension).
PropertyListHandle dataset_creation(const std::vector<hsize_t>& dims, size_t element_bytes,
                                    const DatasetStorage& storage, const std::string& file) {
  PropertyListHandle plist(check_hdf5(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate", file));
  const bool empty = std::any_of(dims.begin(), dims.end(), [](hsize_t d) { return d == 0; });
  if (empty) return plist;
  std::vector<hsize_t> chunk = dims;
  hsize_t row_bytes = element_bytes;
  for (size_t i = 1; i < dims.size(); ++i) row_bytes *= dims[i];
  chunk[0] =
      std::clamp<hsize_t>(storage.target_chunk_bytes / std::max<hsize_t>(row_bytes, 1), 1, dims[0]);
  check_hdf5(H5Pset_chunk(plist.get(), static_cast<int>(chunk.size()), chunk.data()),
             "H5Pset_chunk", file);
  if (storage.gzip_level > 0) {
    check_hdf5(H5Pset_deflate(plist.get(), static_cast<unsigned>(storage.gzip_level)),
               "H5Pset_deflate", file);
  }
  return plist;
}

void write_dataset(hid_t loc, const std::string& name, hid_t file_type, hid_t memory_type,
                   const void* values, const std::vector<size_t>& dims, size_t element_bytes,
                   const DatasetStorage& storage, const std::string& file) {
  const std::vector<hsize_t> hdims(dims.begin(), dims.end());
  DataspaceHandle space(
      check_hdf5(H5Screate_simple(static_cast<int>(hdims.size()), hdims.data(), nullptr),
                 object_what("cannot create dataspace for", name), file));
  PropertyListHandle dcpl = dataset_creation(hdims, element_bytes, storage, file);
  DatasetHandle dataset(check_hdf5(
      H5Dcreate2(loc, name.c_str(), file_type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
      object_what("cannot create dataset", name), file));
  if (H5Sget_simple_extent_npoints(space.get()) == 0) return;
  check_hdf5(H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values),
             object_what("cannot write dataset", name), file);
}

// Selects rows [first, first + count) of `dataset` in a new file dataspace, and returns the
// matching memory dataspace through `memory`.
DataspaceHandle select_rows(hid_t dataset, const DatasetShape& shape, size_t first, size_t count,
                            DataspaceHandle& memory, const std::string& name,
                            const std::string& file) {
  if (shape.dims.empty() || first + count > shape.rows()) {
    std::ostringstream message;
    message << "rows [" << first << ", " << first + count << ") of dataset '" << name
            << "' requested, but it holds " << shape.describe() << " (" << file << ")";
    throw std::runtime_error(message.str());
  }
  DataspaceHandle space(check_hdf5(H5Dget_space(dataset), object_what("H5Dget_space", name), file));
  std::vector<hsize_t> start(shape.dims.size(), 0), block = shape.dims;
  start[0] = first;
  block[0] = count;
  check_hdf5(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, block.data(),
                                 nullptr),
             object_what("cannot select rows of", name), file);
  memory = DataspaceHandle(check_hdf5(
      H5Screate_simple(static_cast<int>(block.size()), block.data(), nullptr), "H5Screate", file));
  return space;
}

}  // namespace

DatatypeHandle make_bool_type(const std::string& file) {
  DatatypeHandle type(check_hdf5(H5Tenum_create(H5T_NATIVE_INT8), "H5Tenum_create", file));
  const int8_t false_value = 0, true_value = 1;
  check_hdf5(H5Tenum_insert(type.get(), "FALSE", &false_value), "H5Tenum_insert", file);
  check_hdf5(H5Tenum_insert(type.get(), "TRUE", &true_value), "H5Tenum_insert", file);
  return type;
}

size_t DatasetShape::cols() const {
  size_t cols = 1;
  for (size_t i = 1; i < dims.size(); ++i) cols *= static_cast<size_t>(dims[i]);
  return cols;
}

std::string DatasetShape::describe() const {
  std::ostringstream out;
  if (is_bool) {
    out << "bool";
  } else if (type_class == H5T_FLOAT) {
    out << "float" << type_size * 8;
  } else if (type_class == H5T_INTEGER) {
    out << "int" << type_size * 8;
  } else if (type_class == H5T_STRING) {
    out << "string";
  } else if (type_class == H5T_ENUM) {
    out << "enum";
  } else {
    out << "type class " << static_cast<int>(type_class);
  }
  out << " (";
  for (size_t i = 0; i < dims.size(); ++i) out << (i ? ", " : "") << dims[i];
  out << (dims.size() == 1 ? ",)" : ")");
  return out.str();
}

Hdf5File create_hdf5_file(const std::string& path) {
  silence_hdf5_errors();
  PropertyListHandle fapl(check_hdf5(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate", path));
  check_hdf5(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "H5Pset_fclose_degree", path);
  FileHandle file(check_hdf5(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()),
                             "cannot create HDF5 file", path));
  return {std::move(file), path};
}

Hdf5File open_hdf5_file(const std::string& path, bool writable) {
  silence_hdf5_errors();
  PropertyListHandle fapl(check_hdf5(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate", path));
  check_hdf5(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "H5Pset_fclose_degree", path);
  FileHandle file(
      check_hdf5(H5Fopen(path.c_str(), writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, fapl.get()),
                 "cannot open as an HDF5 file", path));
  return {std::move(file), path};
}

GroupHandle create_group(hid_t loc, const std::string& name, const std::string& file) {
  return GroupHandle(
      check_hdf5(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                 object_what("cannot create group", name), file));
}

GroupHandle open_group(hid_t loc, const std::string& name, const std::string& file) {
  return GroupHandle(check_hdf5(H5Gopen2(loc, name.c_str(), H5P_DEFAULT),
                                object_what("cannot open group", name), file));
}

bool has_link(hid_t loc, const std::string& name) {
  // Checks each prefix of a path: H5Lexists fails (rather than saying no) when an
  // intermediate group is missing.
  size_t slash = name.find('/');
  while (true) {
    const std::string prefix = name.substr(0, slash);
    const htri_t exists = H5Lexists(loc, prefix.c_str(), H5P_DEFAULT);
    if (exists <= 0) {
      H5Eclear2(H5E_DEFAULT);
      return false;
    }
    if (slash == std::string::npos) return true;
    slash = name.find('/', slash + 1);
  }
}

bool is_dataset(hid_t loc, const std::string& name) {
  if (!has_link(loc, name)) return false;
  H5O_info_t info;
  if (H5Oget_info_by_name(loc, name.c_str(), &info, H5P_DEFAULT) < 0) {
    H5Eclear2(H5E_DEFAULT);
    return false;
  }
  return info.type == H5O_TYPE_DATASET;
}

namespace {
herr_t add_link_name(hid_t, const char* name, const H5L_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}
}  // namespace

std::vector<std::string> list_links(hid_t loc, const std::string& file) {
  std::vector<std::string> names;
  check_hdf5(H5Literate(loc, H5_INDEX_NAME, H5_ITER_INC, nullptr, add_link_name, &names),
             "cannot list group members", file);
  return names;
}

void write_floats(hid_t loc, const std::string& name, const double* values,
                  const std::vector<size_t>& dims, const DatasetStorage& storage,
                  const std::string& file) {
  if (storage.float_type == FloatType::kFloat64) {
    write_dataset(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values, dims, sizeof(double),
                  storage, file);
    return;
  }
  size_t count = 1;
  for (size_t d : dims) count *= d;
  const std::vector<float> narrowed(values, values + count);
  write_dataset(loc, name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, narrowed.data(), dims, sizeof(float),
                storage, file);
}

void write_bools(hid_t loc, const std::string& name, const uint8_t* values, size_t rows,
                 const DatasetStorage& storage, const std::string& file) {
  DatatypeHandle type = make_bool_type(file);
  std::vector<int8_t> normalised(rows);
  for (size_t i = 0; i < rows; ++i) normalised[i] = values[i] ? 1 : 0;
  write_dataset(loc, name, type.get(), type.get(), normalised.data(), {rows}, 1, storage, file);
}

DatasetShape inspect_dataset(hid_t loc, const std::string& name, const std::string& file) {
  if (!is_dataset(loc, name)) {
    throw std::runtime_error("missing dataset '" + name + "' (" + file + ")");
  }
  DatasetHandle dataset(check_hdf5(H5Dopen2(loc, name.c_str(), H5P_DEFAULT),
                                   object_what("cannot open dataset", name), file));
  DataspaceHandle space(
      check_hdf5(H5Dget_space(dataset.get()), object_what("H5Dget_space", name), file));
  DatatypeHandle type(
      check_hdf5(H5Dget_type(dataset.get()), object_what("H5Dget_type", name), file));
  DatasetShape shape;
  const int rank = check_hdf5(H5Sget_simple_extent_ndims(space.get()),
                              object_what("cannot read the shape of", name), file);
  shape.dims.resize(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), shape.dims.data(), nullptr);
  shape.type_class = H5Tget_class(type.get());
  shape.type_size = H5Tget_size(type.get());
  if (shape.type_size == 1 && shape.type_class == H5T_INTEGER) shape.is_bool = true;
  if (shape.type_size == 1 && shape.type_class == H5T_ENUM) {
    // h5py's bool: exactly the members FALSE=0 and TRUE=1.
    int8_t value = -1;
    shape.is_bool = H5Tget_nmembers(type.get()) == 2 &&
                    H5Tenum_valueof(type.get(), "FALSE", &value) >= 0 && value == 0 &&
                    H5Tenum_valueof(type.get(), "TRUE", &value) >= 0 && value == 1;
    H5Eclear2(H5E_DEFAULT);
  }
  return shape;
}

std::vector<double> read_floats(hid_t loc, const std::string& name, size_t first, size_t count,
                                const std::string& file) {
  const DatasetShape shape = inspect_dataset(loc, name, file);
  if (shape.type_class != H5T_FLOAT && shape.type_class != H5T_INTEGER) {
    throw std::runtime_error("dataset '" + name + "' holds " + shape.describe() +
                             ", expected float (" + file + ")");
  }
  DatasetHandle dataset(check_hdf5(H5Dopen2(loc, name.c_str(), H5P_DEFAULT),
                                   object_what("cannot open dataset", name), file));
  std::vector<double> values(count * shape.cols());
  if (values.empty()) return values;
  DataspaceHandle memory;
  DataspaceHandle space = select_rows(dataset.get(), shape, first, count, memory, name, file);
  check_hdf5(H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, memory.get(), space.get(), H5P_DEFAULT,
                     values.data()),
             object_what("cannot read dataset", name), file);
  return values;
}

CachedDataset open_cached_dataset(hid_t loc, const std::string& name, size_t cache_bytes,
                                  const std::string& file) {
  CachedDataset d;
  d.name = name;
  d.shape = inspect_dataset(loc, name, file);
  if (d.shape.type_class != H5T_FLOAT && d.shape.type_class != H5T_INTEGER) {
    throw std::runtime_error("dataset '" + name + "' holds " + d.shape.describe() +
                             ", expected float (" + file + ")");
  }
  PropertyListHandle access(check_hdf5(H5Pcreate(H5P_DATASET_ACCESS), "H5Pcreate", file));
  // A prime number of hash slots well above the chunks the cache can hold (HDF5's advice).
  check_hdf5(H5Pset_chunk_cache(access.get(), 100003, cache_bytes, 1.0), "H5Pset_chunk_cache",
             file);
  d.handle = DatasetHandle(check_hdf5(H5Dopen2(loc, name.c_str(), access.get()),
                                      object_what("cannot open dataset", name), file));
  return d;
}

std::vector<double> read_floats(const CachedDataset& d, size_t first, size_t count,
                                const std::string& file) {
  std::vector<double> values(count * d.shape.cols());
  if (values.empty()) return values;
  DataspaceHandle memory;
  DataspaceHandle space = select_rows(d.handle.get(), d.shape, first, count, memory, d.name, file);
  check_hdf5(H5Dread(d.handle.get(), H5T_NATIVE_DOUBLE, memory.get(), space.get(), H5P_DEFAULT,
                     values.data()),
             object_what("cannot read dataset", d.name), file);
  return values;
}

std::vector<uint8_t> read_bools(hid_t loc, const std::string& name, size_t first, size_t count,
                                const std::string& file) {
  const DatasetShape shape = inspect_dataset(loc, name, file);
  if (!shape.is_bool) {
    throw std::runtime_error("dataset '" + name + "' holds " + shape.describe() +
                             ", expected bool (" + file + ")");
  }
  DatasetHandle dataset(check_hdf5(H5Dopen2(loc, name.c_str(), H5P_DEFAULT),
                                   object_what("cannot open dataset", name), file));
  std::vector<uint8_t> values(count * shape.cols());
  if (values.empty()) return values;
  DatatypeHandle file_type(check_hdf5(H5Dget_type(dataset.get()), "H5Dget_type", file));
  // Read the bytes as stored (an enum converts only to an enum with the same names).
  DatatypeHandle memory_type(
      check_hdf5(H5Tget_native_type(file_type.get(), H5T_DIR_ASCEND), "H5Tget_native_type", file));
  DataspaceHandle memory;
  DataspaceHandle space = select_rows(dataset.get(), shape, first, count, memory, name, file);
  check_hdf5(H5Dread(dataset.get(), memory_type.get(), memory.get(), space.get(), H5P_DEFAULT,
                     values.data()),
             object_what("cannot read dataset", name), file);
  for (auto& value : values) value = value != 0;
  return values;
}

void write_string_attribute(hid_t loc, const std::string& name, const std::string& value,
                            const std::string& file) {
  if (H5Aexists(loc, name.c_str()) > 0) H5Adelete(loc, name.c_str());
  // A variable-length UTF-8 string, as h5py writes a Python str.
  DatatypeHandle type(check_hdf5(H5Tcopy(H5T_C_S1), "H5Tcopy", file));
  check_hdf5(H5Tset_size(type.get(), H5T_VARIABLE), "H5Tset_size", file);
  check_hdf5(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset", file);
  DataspaceHandle space(check_hdf5(H5Screate(H5S_SCALAR), "H5Screate", file));
  AttributeHandle attribute(
      check_hdf5(H5Acreate2(loc, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                 object_what("cannot create attribute", name), file));
  const char* data = value.c_str();
  check_hdf5(H5Awrite(attribute.get(), type.get(), &data),
             object_what("cannot write attribute", name), file);
}

void write_int_attribute(hid_t loc, const std::string& name, int64_t value,
                         const std::string& file) {
  if (H5Aexists(loc, name.c_str()) > 0) {
    AttributeHandle attribute(check_hdf5(H5Aopen(loc, name.c_str(), H5P_DEFAULT),
                                         object_what("cannot open attribute", name), file));
    check_hdf5(H5Awrite(attribute.get(), H5T_NATIVE_INT64, &value),
               object_what("cannot write attribute", name), file);
    return;
  }
  DataspaceHandle space(check_hdf5(H5Screate(H5S_SCALAR), "H5Screate", file));
  AttributeHandle attribute(check_hdf5(
      H5Acreate2(loc, name.c_str(), H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
      object_what("cannot create attribute", name), file));
  check_hdf5(H5Awrite(attribute.get(), H5T_NATIVE_INT64, &value),
             object_what("cannot write attribute", name), file);
}

std::optional<std::string> read_string_attribute(hid_t loc, const std::string& name,
                                                 const std::string& file) {
  if (H5Aexists(loc, name.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  AttributeHandle attribute(check_hdf5(H5Aopen(loc, name.c_str(), H5P_DEFAULT),
                                       object_what("cannot open attribute", name), file));
  DatatypeHandle type(check_hdf5(H5Aget_type(attribute.get()), "H5Aget_type", file));
  DataspaceHandle space(check_hdf5(H5Aget_space(attribute.get()), "H5Aget_space", file));
  if (H5Tget_class(type.get()) != H5T_STRING || H5Sget_simple_extent_npoints(space.get()) != 1) {
    throw std::runtime_error("attribute '" + name + "' is not a single string (" + file + ")");
  }
  if (H5Tis_variable_str(type.get()) > 0) {
    DatatypeHandle memory(check_hdf5(H5Tcopy(H5T_C_S1), "H5Tcopy", file));
    H5Tset_size(memory.get(), H5T_VARIABLE);
    H5Tset_cset(memory.get(), H5Tget_cset(type.get()));
    char* data = nullptr;
    check_hdf5(H5Aread(attribute.get(), memory.get(), &data),
               object_what("cannot read attribute", name), file);
    std::string value = data != nullptr ? data : "";
    H5free_memory(data);
    return value;
  }
  const size_t size = H5Tget_size(type.get());
  std::string value(size, '\0');
  check_hdf5(H5Aread(attribute.get(), type.get(), value.data()),
             object_what("cannot read attribute", name), file);
  value.resize(value.find('\0') == std::string::npos ? size : value.find('\0'));
  return value;
}

std::optional<int64_t> read_int_attribute(hid_t loc, const std::string& name,
                                          const std::string& file) {
  if (H5Aexists(loc, name.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  AttributeHandle attribute(check_hdf5(H5Aopen(loc, name.c_str(), H5P_DEFAULT),
                                       object_what("cannot open attribute", name), file));
  DatatypeHandle type(check_hdf5(H5Aget_type(attribute.get()), "H5Aget_type", file));
  DataspaceHandle space(check_hdf5(H5Aget_space(attribute.get()), "H5Aget_space", file));
  if (H5Tget_class(type.get()) != H5T_INTEGER || H5Sget_simple_extent_npoints(space.get()) != 1) {
    throw std::runtime_error("attribute '" + name + "' is not a single integer (" + file + ")");
  }
  int64_t value = 0;
  check_hdf5(H5Aread(attribute.get(), H5T_NATIVE_INT64, &value),
             object_what("cannot read attribute", name), file);
  return value;
}

}  // namespace tlb::replay
