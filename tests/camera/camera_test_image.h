#pragma once
// Deterministic test pictures for the camera-motion tests: smooth colour gradients with a few sharp
// features (phase correlation needs texture). No pixel is darker than 24, so a black pad would show.

#include "core/base/image.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace i2v::test {

inline Image cameraTestImage(int width, int height)
{
    Image img(width, height);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const double u = static_cast<double>(x) / width;
            const double v = static_cast<double>(y) / height;
            double r = 60 + 150 * u + 25 * std::sin(x * 0.045) * std::cos(y * 0.031);
            double g = 70 + 120 * v + 25 * std::sin((x + 2 * y) * 0.027);
            double b = 120 + 80 * std::sin(6.0 * u * v + 1.0);
            // Blocks on a coarse grid: strong, well-spread features.
            const int cell = std::max(8, std::min(width, height) / 9);
            if (((x / cell) * 7 + (y / cell) * 3) % 5 == 0 && (x % cell) > cell / 4 && (y % cell) > cell / 3) {
                r = 240 - r * 0.5;
                g = 230 - g * 0.4;
                b = 40 + b * 0.2;
            }
            std::uint8_t* p = img.pixel(x, y);
            p[0] = static_cast<std::uint8_t>(std::clamp(r, 24.0, 250.0));
            p[1] = static_cast<std::uint8_t>(std::clamp(g, 24.0, 250.0));
            p[2] = static_cast<std::uint8_t>(std::clamp(b, 24.0, 250.0));
        }
    }
    return img;
}

} // namespace i2v::test
