#pragma once
// Image: 8-bit RGB, row-major, tightly packed (stride = 3 * width). The one pixel type that crosses
// layers: media decodes into it, engines take and return it, the UI wraps it in a QImage.

#include <cstdint>
#include <vector>

namespace i2v {

struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb; // size 3 * width * height

    Image() = default;
    Image(int w, int h) : width(w), height(h), rgb(static_cast<std::size_t>(w) * h * 3, 0) {}
    bool empty() const { return width <= 0 || height <= 0 || rgb.empty(); }
    std::uint8_t* pixel(int x, int y) { return rgb.data() + (static_cast<std::size_t>(y) * width + x) * 3; }
    const std::uint8_t* pixel(int x, int y) const
    {
        return rgb.data() + (static_cast<std::size_t>(y) * width + x) * 3;
    }
};

} // namespace i2v
