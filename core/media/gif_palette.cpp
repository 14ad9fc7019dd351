#include "core/media/gif_palette.h"

#include <algorithm>
#include <limits>

namespace i2v::media {
namespace {

// One histogram bin: how many pixels fell in it and the sum of their exact colours.
struct Bin {
    double count = 0;
    double sum[3] = {0, 0, 0};
    double mean(int c) const { return sum[c] / count; }
};

struct Box {
    std::vector<int> bins; // indices into the used-bin list
    double error = 0;      // weighted squared distance of its pixels to its mean
    int axis = 0;          // channel with the largest weighted variance
};

void measure(Box& box, const std::vector<Bin>& bins)
{
    double n = 0, s[3] = {0, 0, 0}, sq[3] = {0, 0, 0};
    for (int i : box.bins) {
        const Bin& b = bins[i];
        n += b.count;
        for (int c = 0; c < 3; ++c) {
            const double m = b.mean(c);
            s[c] += b.sum[c];
            sq[c] += b.count * m * m;
        }
    }
    box.error = 0;
    double best = -1;
    for (int c = 0; c < 3; ++c) {
        const double var = sq[c] - s[c] * s[c] / n;
        box.error += var;
        if (var > best) {
            best = var;
            box.axis = c;
        }
    }
}

Rgb meanColour(const Box& box, const std::vector<Bin>& bins)
{
    double n = 0, s[3] = {0, 0, 0};
    for (int i : box.bins) {
        n += bins[i].count;
        for (int c = 0; c < 3; ++c)
            s[c] += bins[i].sum[c];
    }
    Rgb rgb{};
    for (int c = 0; c < 3; ++c)
        rgb[c] = static_cast<std::uint8_t>(std::clamp(s[c] / n + 0.5, 0.0, 255.0));
    return rgb;
}

int distance2(const double* a, const Rgb& b)
{
    const double dr = a[0] - b[0], dg = a[1] - b[1], db = a[2] - b[2];
    return static_cast<int>(dr * dr + dg * dg + db * db);
}

// 8x8 Bayer matrix, values 0..63.
constexpr int kBayer[8][8] = {
    {0, 32, 8, 40, 2, 34, 10, 42},  {48, 16, 56, 24, 50, 18, 58, 26}, {12, 44, 4, 36, 14, 46, 6, 38},
    {60, 28, 52, 20, 62, 30, 54, 22}, {3, 35, 11, 43, 1, 33, 9, 41},  {51, 19, 59, 27, 49, 17, 57, 25},
    {15, 47, 7, 39, 13, 45, 5, 37}, {63, 31, 55, 23, 61, 29, 53, 21}};
// Dither amplitude in 8-bit levels (peak to peak); small enough to keep flat areas clean.
constexpr int kDitherRange = 10;

} // namespace

std::vector<Rgb> buildPalette(const std::vector<Image>& frames, int maxColors)
{
    maxColors = std::clamp(maxColors, 1, 256);
    std::vector<Bin> all(1 << 15);
    for (const Image& f : frames) {
        const std::uint8_t* p = f.rgb.data();
        for (std::size_t i = 0; i + 2 < f.rgb.size(); i += 3) {
            Bin& b = all[((p[i] >> 3) << 10) | ((p[i + 1] >> 3) << 5) | (p[i + 2] >> 3)];
            b.count += 1;
            for (int c = 0; c < 3; ++c)
                b.sum[c] += p[i + c];
        }
    }
    std::vector<Bin> bins;
    for (const Bin& b : all)
        if (b.count > 0)
            bins.push_back(b);
    if (bins.empty())
        return {Rgb{0, 0, 0}};

    std::vector<Box> boxes(1);
    for (int i = 0; i < static_cast<int>(bins.size()); ++i)
        boxes[0].bins.push_back(i);
    measure(boxes[0], bins);
    while (static_cast<int>(boxes.size()) < maxColors) {
        auto it = std::max_element(boxes.begin(), boxes.end(), [](const Box& a, const Box& b) {
            return (a.bins.size() > 1 ? a.error : -1) < (b.bins.size() > 1 ? b.error : -1);
        });
        if (it->bins.size() < 2)
            break;
        Box box = std::move(*it);
        const int axis = box.axis;
        std::sort(box.bins.begin(), box.bins.end(),
                  [&](int a, int b) { return bins[a].mean(axis) < bins[b].mean(axis); });
        double total = 0;
        for (int i : box.bins)
            total += bins[i].count;
        // Split at the weighted median, keeping at least one bin on each side.
        double acc = 0;
        std::size_t cut = 1;
        for (; cut < box.bins.size() - 1; ++cut) {
            acc += bins[box.bins[cut - 1]].count;
            if (acc >= total / 2)
                break;
        }
        Box lo, hi;
        lo.bins.assign(box.bins.begin(), box.bins.begin() + static_cast<std::ptrdiff_t>(cut));
        hi.bins.assign(box.bins.begin() + static_cast<std::ptrdiff_t>(cut), box.bins.end());
        measure(lo, bins);
        measure(hi, bins);
        *it = std::move(lo);
        boxes.push_back(std::move(hi));
    }
    std::vector<Rgb> palette;
    for (const Box& b : boxes)
        palette.push_back(meanColour(b, bins));

    // Weighted k-means refinement over the bin means.
    for (int iter = 0; iter < 4; ++iter) {
        std::vector<Bin> acc(palette.size());
        for (const Bin& b : bins) {
            const double m[3] = {b.mean(0), b.mean(1), b.mean(2)};
            int best = 0, bestD = std::numeric_limits<int>::max();
            for (int k = 0; k < static_cast<int>(palette.size()); ++k) {
                const int d = distance2(m, palette[k]);
                if (d < bestD) {
                    bestD = d;
                    best = k;
                }
            }
            acc[best].count += b.count;
            for (int c = 0; c < 3; ++c)
                acc[best].sum[c] += b.sum[c];
        }
        for (std::size_t k = 0; k < palette.size(); ++k)
            if (acc[k].count > 0)
                for (int c = 0; c < 3; ++c)
                    palette[k][c] = static_cast<std::uint8_t>(std::clamp(acc[k].mean(c) + 0.5, 0.0, 255.0));
    }
    return palette;
}

PaletteMapper::PaletteMapper(std::vector<Rgb> palette)
    : m_palette(std::move(palette)), m_cache(1 << 18, 0xFFFF)
{
}

std::uint8_t PaletteMapper::nearest(int r, int g, int b)
{
    const int key = ((r >> 2) << 12) | ((g >> 2) << 6) | (b >> 2);
    std::uint16_t& slot = m_cache[key];
    if (slot == 0xFFFF) {
        const double c[3] = {double((r & ~3) | 2), double((g & ~3) | 2), double((b & ~3) | 2)};
        int best = 0, bestD = std::numeric_limits<int>::max();
        for (int k = 0; k < static_cast<int>(m_palette.size()); ++k) {
            const int d = distance2(c, m_palette[k]);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        slot = static_cast<std::uint16_t>(best);
    }
    return static_cast<std::uint8_t>(slot);
}

void PaletteMapper::map(const Image& frame, std::uint8_t* dst, int dstStride)
{
    for (int y = 0; y < frame.height; ++y) {
        const std::uint8_t* s = frame.pixel(0, y);
        std::uint8_t* d = dst + static_cast<std::ptrdiff_t>(y) * dstStride;
        for (int x = 0; x < frame.width; ++x, s += 3) {
            const int offset = (kBayer[y & 7][x & 7] * kDitherRange) / 64 - kDitherRange / 2;
            d[x] = nearest(std::clamp(s[0] + offset, 0, 255), std::clamp(s[1] + offset, 0, 255),
                           std::clamp(s[2] + offset, 0, 255));
        }
    }
}

} // namespace i2v::media
