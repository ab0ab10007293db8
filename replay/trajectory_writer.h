// Writes trajectory files in Minari 0.4's HDF5 layout (see docs/replay.md), one whole episode
// at a time, so that a killed writer never loses or corrupts a completed episode.
//
// Durability: the file at `path` is only ever replaced by rename(2), never modified in place.
// Each episode is written into a scratch copy beside it (`.<name>.tlb-scratch`), which is
// closed and fsync'ed and then atomically renamed over `path`; the previous file is kept (by a
// hard link) as the next scratch and receives the same episode. At every instant `path` is a
// complete, closed HDF5 file holding every episode whose append() returned. Costs: each episode
// is written twice, and the scratch doubles disk use while the writer is open.
#pragma once

#include <functional>
#include <string>

#include "replay/dataset_metadata.h"
#include "replay/episode.h"
#include "replay/hdf5_io.h"

namespace tlb::replay {

enum class OpenMode {
  kCreate,     // fail if the file exists
  kOverwrite,  // replace an existing file (atomically, when the writer opens)
  kAppend,     // add episodes after the last id of an existing file (create it if missing)
};

struct TrajectoryWriterOptions {
  OpenMode mode = OpenMode::kCreate;
  DatasetStorage storage;  // float64, gzip 4, ~64 KiB chunks
  // fsync the new file and its folder before each rename: survives power loss too, not only a
  // killed process (costs a disk flush per episode).
  bool sync_to_disk = true;
  // false: write each episode in place into `path` followed by H5Fflush, without the scratch
  // copy. Twice as fast, but a kill during that write can corrupt the file (HDF5 1.10 has no
  // journal). For benchmarks and throwaway data.
  bool atomic_episodes = true;
};

class TrajectoryWriter {
 public:
  // Creates or opens `path`. With kAppend on an existing file, `metadata` is ignored except
  // that its task must match the file's (std::invalid_argument otherwise); the file's own
  // metadata is kept. Throws std::runtime_error when the file exists and mode is kCreate.
  TrajectoryWriter(std::string path, DatasetMetadata metadata,
                   TrajectoryWriterOptions options = {});
  ~TrajectoryWriter();
  TrajectoryWriter(const TrajectoryWriter&) = delete;
  TrajectoryWriter& operator=(const TrajectoryWriter&) = delete;

  // Writes `episode` as episode_{next id} and makes it durable; returns its id. Throws
  // std::invalid_argument for inconsistent shapes (nothing is written then).
  int64_t append(const Episode& episode);

  // Removes the episodes whose id is >= `first_id`, durably as append does, and continues the
  // ids from `first_id`; returns how many were removed. A resumed training run drops the
  // episodes it is about to play again. The file does not shrink (HDF5 does not reclaim the
  // space of removed groups; h5repack does). As for append, no TrajectoryReader of `path`
  // may be open in this process meanwhile (HDF5 refuses to reopen a read-only file writable).
  size_t discard_from(int64_t first_id);

  // Removes the scratch copy; `path` already holds everything. Called by the destructor.
  void close();

  const DatasetMetadata& metadata() const { return metadata_; }
  int64_t next_id() const { return next_id_; }
  const std::string& path() const { return path_; }

 private:
  // A change made to a file: to `path_` and to its scratch copy alike.
  using Change = std::function<void(hid_t root, const std::string& file)>;
  void write_into(const std::string& file, const Change& change) const;
  void commit(const Change& change);
  void apply(const Change& change, const DatasetMetadata& after);

  std::string path_;
  std::string scratch_;
  std::string previous_;  // the hard link that keeps the replaced file during a commit
  DatasetMetadata metadata_;
  TrajectoryWriterOptions options_;
  int64_t next_id_ = 0;
  bool open_ = false;
};

// Writes the root attributes of `metadata` into an open file (used by convert too); without
// `minari` (a D4RL file) Minari's totals, minari_version and data_format are left out, so the
// file is not taken for Minari's layout.
void write_root_metadata(hid_t root, const DatasetMetadata& metadata, const std::string& file,
                         bool minari = true);
// Writes one episode group; shapes are checked first.
void write_episode_group(hid_t root, const Episode& episode, int64_t id,
                         const DatasetStorage& storage, const std::string& file);

}  // namespace tlb::replay
