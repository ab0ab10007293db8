// Where rendered RGB frames go: an MP4 encoded by Debian's ffmpeg (raw frames piped to its
// stdin), or one PNG per frame (a small encoder over zlib) when ffmpeg is missing.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace tlb::replay {

// Writes `rgb` (height × width × 3 bytes, top row first) as an 8-bit RGB PNG. Throws
// std::runtime_error naming the path when it cannot be written.
void write_png(const std::string& path, const std::vector<uint8_t>& rgb, int width, int height);

// Whether an `ffmpeg` executable is on PATH.
bool ffmpeg_available();

class FrameWriter {
 public:
  virtual ~FrameWriter() = default;
  virtual void write(const std::vector<uint8_t>& rgb) = 0;
  // Finishes the output; throws when it failed (e.g. ffmpeg's exit status).
  virtual void close() = 0;
};

// Encodes an H.264 MP4 (yuv420p, so players open it) with ffmpeg. Refuses to overwrite.
class VideoWriter : public FrameWriter {
 public:
  VideoWriter(std::string path, int width, int height, double fps);
  ~VideoWriter() override;
  void write(const std::vector<uint8_t>& rgb) override;
  void close() override;

 private:
  std::string path_;
  size_t frame_bytes_;
  FILE* pipe_ = nullptr;
};

// Writes DIR/frame_000000.png, DIR/frame_000001.png, ... (creates DIR).
class PngFrameWriter : public FrameWriter {
 public:
  PngFrameWriter(std::string folder, int width, int height);
  void write(const std::vector<uint8_t>& rgb) override;
  void close() override {}
  size_t frames() const { return next_; }

 private:
  std::string folder_;
  int width_;
  int height_;
  size_t next_ = 0;
};

}  // namespace tlb::replay
