#include "replay/frame_writer.h"

#include <sys/wait.h>
#include <zlib.h>

#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <stdexcept>

namespace tlb::replay {

namespace {

void put_u32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

// One PNG chunk: length, type, data, CRC over type and data.
void put_chunk(std::string& out, const char* type, const std::string& data) {
  put_u32(out, static_cast<uint32_t>(data.size()));
  const std::string body = std::string(type, 4) + data;
  out += body;
  put_u32(out, static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(body.data()),
                                           static_cast<uInt>(body.size()))));
}

}  // namespace

void write_png(const std::string& path, const std::vector<uint8_t>& rgb, int width, int height) {
  const size_t row = static_cast<size_t>(width) * 3;
  if (width <= 0 || height <= 0 || rgb.size() != row * static_cast<size_t>(height)) {
    throw std::invalid_argument("write_png: " + std::to_string(rgb.size()) + " bytes for a " +
                                std::to_string(width) + "x" + std::to_string(height) +
                                " RGB image (" + path + ")");
  }
  // Each scanline starts with filter type 0 (none).
  std::string raw;
  raw.reserve((row + 1) * static_cast<size_t>(height));
  for (int y = 0; y < height; ++y) {
    raw += '\0';
    raw.append(reinterpret_cast<const char*>(rgb.data()) + static_cast<size_t>(y) * row, row);
  }
  uLongf compressed_size = compressBound(static_cast<uLong>(raw.size()));
  std::string compressed(compressed_size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressed_size,
                reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()),
                6) != Z_OK) {
    throw std::runtime_error("write_png: zlib compression failed (" + path + ")");
  }
  compressed.resize(compressed_size);
  std::string header;
  put_u32(header, static_cast<uint32_t>(width));
  put_u32(header, static_cast<uint32_t>(height));
  header += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit, RGB, deflate, filter 0, no interlace
  std::string png = "\x89PNG\r\n\x1a\n";
  put_chunk(png, "IHDR", header);
  put_chunk(png, "IDAT", compressed);
  put_chunk(png, "IEND", "");
  std::ofstream file(path, std::ios::binary);
  file.write(png.data(), static_cast<std::streamsize>(png.size()));
  if (!file) throw std::runtime_error("cannot write PNG '" + path + "'");
}

std::string FrameRate::text() const {
  return den == 1 ? std::to_string(num) : std::to_string(num) + "/" + std::to_string(den);
}

FrameRate real_time_rate(double dt) {
  if (!(dt > 0) || !std::isfinite(dt)) {
    throw std::invalid_argument("frame rate: the step dt must be > 0, got " + std::to_string(dt));
  }
  constexpr int64_t kMicro = 1000000;
  const auto micros = std::max<int64_t>(1, std::llround(dt * kMicro));
  const int64_t divisor = std::gcd(kMicro, micros);
  return {kMicro / divisor, micros / divisor};
}

bool ffmpeg_available() { return std::system("command -v ffmpeg > /dev/null 2>&1") == 0; }

VideoWriter::VideoWriter(std::string path, int width, int height, FrameRate rate)
    : path_(std::move(path)), frame_bytes_(static_cast<size_t>(width) * height * 3) {
  if (std::filesystem::exists(path_)) {
    throw std::runtime_error("refusing to overwrite existing file '" + path_ + "'");
  }
  if (path_.find('\'') != std::string::npos) {
    throw std::invalid_argument("video path must not contain a single quote: " + path_);
  }
  // yuv420p needs even sizes; the scale filter rounds down by at most one pixel.
  const std::string command =
      "ffmpeg -loglevel error -nostdin -f rawvideo -pix_fmt rgb24 -s " + std::to_string(width) +
      "x" + std::to_string(height) + " -r " + rate.text() +
      " -i - -vf 'scale=trunc(iw/2)*2:trunc(ih/2)*2' -c:v libx264 -pix_fmt yuv420p -crf 20 -n '" +
      path_ + "'";
  pipe_ = popen(command.c_str(), "w");
  if (pipe_ == nullptr) throw std::runtime_error("cannot start ffmpeg for '" + path_ + "'");
}

VideoWriter::~VideoWriter() {
  if (pipe_ != nullptr) pclose(pipe_);
}

void VideoWriter::write(const std::vector<uint8_t>& rgb) {
  if (rgb.size() != frame_bytes_) {
    throw std::invalid_argument("frame of " + std::to_string(rgb.size()) + " bytes, expected " +
                                std::to_string(frame_bytes_));
  }
  // A dead ffmpeg would raise SIGPIPE; ignore it and report the short write instead.
  std::signal(SIGPIPE, SIG_IGN);
  if (std::fwrite(rgb.data(), 1, rgb.size(), pipe_) != rgb.size()) {
    throw std::runtime_error("ffmpeg stopped accepting frames for '" + path_ + "'");
  }
  ++frames_;
}

void VideoWriter::close() {
  if (pipe_ == nullptr) return;
  const int status = pclose(pipe_);
  pipe_ = nullptr;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("ffmpeg failed to encode '" + path_ + "' (exit status " +
                             std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  }
}

PngFrameWriter::PngFrameWriter(std::string folder, int width, int height)
    : folder_(std::move(folder)), width_(width), height_(height) {
  std::filesystem::create_directories(folder_);
}

void PngFrameWriter::write(const std::vector<uint8_t>& rgb) {
  char name[32];
  std::snprintf(name, sizeof name, "frame_%06zu.png", frames_);
  write_png((std::filesystem::path(folder_) / name).string(), rgb, width_, height_);
  ++frames_;
}

}  // namespace tlb::replay
