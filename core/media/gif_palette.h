#pragma once
// One 256-colour palette per clip for GIF output, and the mapping of RGB8 frames onto it. One palette for
// the whole clip (rather than per frame) keeps colours from flickering between frames. Internal to
// core/media.

#include "core/base/image.h"

#include <array>
#include <cstdint>
#include <vector>

namespace i2v::media {

using Rgb = std::array<std::uint8_t, 3>;

// Median cut over a 15-bit colour histogram of every frame (boxes split where the weighted squared error
// is largest), then refined by a few weighted k-means passes. Returns at most `maxColors` (<= 256)
// colours; fewer when the clip has fewer distinct colours.
std::vector<Rgb> buildPalette(const std::vector<Image>& frames, int maxColors = 256);

// Maps pixels to palette indices: nearest colour (squared RGB distance) looked up through a lazily filled
// 18-bit cache, after a small ordered (Bayer 8x8) dither that hides banding without the temporal
// crawling of error diffusion.
class PaletteMapper {
public:
    explicit PaletteMapper(std::vector<Rgb> palette);
    // Writes width indices per row into dst (row stride `dstStride` bytes).
    void map(const Image& frame, std::uint8_t* dst, int dstStride);
    const std::vector<Rgb>& palette() const { return m_palette; }

private:
    std::uint8_t nearest(int r, int g, int b);

    std::vector<Rgb> m_palette;
    std::vector<std::uint16_t> m_cache; // 2^18 entries, 0xFFFF = not computed yet
};

} // namespace i2v::media
