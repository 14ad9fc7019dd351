#pragma once
// Image loading with limits and clear errors. PNG/JPEG/WebP/BMP/TIFF via OpenCV (JPEG entropy data
// checked with libjpeg first: OpenCV decodes damaged data to garbage silently; animated WebP: the first
// frame, via libwebpdemux); EXIF orientation applied; alpha composited on white; 16-bit scaled to 8-bit;
// grayscale expanded to RGB.

#include "core/base/image.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace i2v {

struct ImageLimits {
    std::uint64_t maxFileBytes = 200ull << 20;   // 200 MiB
    std::uint64_t maxPixels = 100'000'000;       // 100 MP (decoded size checked from the header first)
    std::uint64_t maxSide = 1u << 16;            // 65536 pixels per side
    std::uint64_t maxAspect = 20;                // long side at most 20 times the short side
    std::uint64_t maxDecodeBytes = 1ull << 30;   // decoding's peak memory, estimated from the header
    int minSide = 16;
};

// Decodes an image held in memory. `nameForErrors` is used in messages. Throws I2vError: ImageCorrupt,
// ImageTooLarge, ImageTooSmall, UnsupportedFormat.
Image decodeImage(std::string_view bytes, const std::string& nameForErrors, const ImageLimits& limits = {});
// Reads and decodes a file (FileNotFound / FileUnreadable in addition to the above).
Image loadImage(const std::filesystem::path& path, const ImageLimits& limits = {});
// Writes a lossless PNG atomically (never overwrites; OutputExists).
void savePng(const Image& image, const std::filesystem::path& path);
std::string encodePng(const Image& image);
// A copy at most `maxWidth` wide, aspect kept (area averaging); the image itself when already narrower.
Image scaledToWidth(const Image& image, int maxWidth);

} // namespace i2v
