#include "replay/dataset_checks.h"

#include <stdexcept>

namespace tlb::replay {

DatasetChecks::DatasetChecks(std::string layout, std::string file)
    : layout_(std::move(layout)), file_(std::move(file)) {}

void DatasetChecks::malformed(const std::string& dataset, const std::string& problem) const {
  throw std::runtime_error("malformed " + layout_ + " file '" + file_ + "': " + dataset + " " +
                           problem);
}

std::string DatasetChecks::check_exists(hid_t group, const std::string& group_name,
                                        const std::string& name) const {
  const std::string shown = group_name.empty() ? name : group_name + "/" + name;
  if (!is_dataset(group, name)) {
    malformed(shown, has_link(group, name)
                         ? "is a group, expected a dataset (dict spaces are not supported)"
                         : "is missing");
  }
  return shown;
}

DatasetShape DatasetChecks::check_float(hid_t group, const std::string& group_name,
                                        const std::string& name, const FloatDataset& want) const {
  const std::string shown = check_exists(group, group_name, name);
  const DatasetShape shape = inspect_dataset(group, name, file_);
  const size_t rank = shape.dims.size();
  bool rank_ok = false;
  const char* expected = "";
  switch (want.rank) {
    case FloatRank::kVector:
      rank_ok = rank == 1 || (rank == 2 && shape.dims[1] == 1);
      expected = "(rows,)";
      break;
    case FloatRank::kMatrix:
      rank_ok = rank == 2;
      expected = "(rows, cols)";
      break;
    case FloatRank::kVectorOrMatrix:
      rank_ok = rank == 1 || rank == 2;
      expected = "(rows,) or (rows, cols)";
      break;
  }
  if (shape.type_class != H5T_FLOAT || !rank_ok) {
    malformed(shown, "holds " + shape.describe() + ", expected float " + expected);
  }
  const std::string as = want.as.empty() ? "" : " (as " + want.as + ")";
  if (want.rows && shape.rows() != *want.rows) {
    malformed(shown, "has " + std::to_string(shape.rows()) + " rows, expected " +
                         std::to_string(*want.rows) + as);
  }
  if (want.cols && shape.cols() != *want.cols) {
    malformed(shown, "has " + std::to_string(shape.cols()) + " columns, expected " +
                         std::to_string(*want.cols) + as);
  }
  return shape;
}

void DatasetChecks::check_bool(hid_t group, const std::string& group_name, const std::string& name,
                               size_t rows, bool allow_column) const {
  const std::string shown = check_exists(group, group_name, name);
  const DatasetShape shape = inspect_dataset(group, name, file_);
  const size_t rank = shape.dims.size();
  const bool rank_ok = rank == 1 || (allow_column && rank == 2 && shape.dims[1] == 1);
  if (!shape.is_bool || !rank_ok || shape.rows() != rows) {
    malformed(shown,
              "holds " + shape.describe() + ", expected bool (" + std::to_string(rows) + ",)");
  }
}

}  // namespace tlb::replay
