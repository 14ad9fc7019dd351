#include "core/media/image_io.h"

#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/media/image_header.h"

#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstring>

namespace i2v {
namespace {

using media::ImageFormat;
using media::ImageHeader;

std::string dims(std::uint64_t w, std::uint64_t h) { return std::to_string(w) + "x" + std::to_string(h); }

void checkLimits(const std::string& name, std::uint64_t w, std::uint64_t h, const ImageLimits& limits)
{
    if (w * h > limits.maxPixels || w > (1u << 20) || h > (1u << 20))
        fail(ErrorCode::ImageTooLarge, name + ": image is " + dims(w, h) + " pixels (" +
                                           std::to_string((w * h + 500000) / 1000000) +
                                           " megapixels), over the limit of " +
                                           std::to_string(limits.maxPixels / 1000000) +
                                           " megapixels; scale it down first");
    if (w < static_cast<std::uint64_t>(limits.minSide) || h < static_cast<std::uint64_t>(limits.minSide))
        fail(ErrorCode::ImageTooSmall, name + ": image is only " + dims(w, h) + " pixels; each side needs at least " +
                                           std::to_string(limits.minSide));
}

// Any depth (8/16-bit unsigned, signed, float in [0, 1]) to 8-bit with the same channel count.
cv::Mat to8Bit(const cv::Mat& m)
{
    cv::Mat out;
    switch (m.depth()) {
    case CV_8U: return m;
    case CV_16U: m.convertTo(out, CV_8U, 1.0 / 257.0); break;
    case CV_32F:
    case CV_64F: m.convertTo(out, CV_8U, 255.0); break;
    default: m.convertTo(out, CV_8U); break;
    }
    return out;
}

// Alpha composited over white: out = c * a + 255 * (1 - a), rounded.
cv::Mat compositeOnWhite(const cv::Mat& bgra)
{
    cv::Mat out(bgra.rows, bgra.cols, CV_8UC3);
    for (int y = 0; y < bgra.rows; ++y) {
        const std::uint8_t* s = bgra.ptr<std::uint8_t>(y);
        std::uint8_t* d = out.ptr<std::uint8_t>(y);
        for (int x = 0; x < bgra.cols; ++x, s += 4, d += 3) {
            const unsigned a = s[3];
            for (int c = 0; c < 3; ++c)
                d[c] = static_cast<std::uint8_t>((s[c] * a + 255u * (255u - a) + 127u) / 255u);
        }
    }
    return out;
}

// Any channel layout OpenCV returns (gray, gray+alpha, BGR, BGRA) to RGB.
cv::Mat toRgb(const cv::Mat& m8)
{
    cv::Mat bgr;
    switch (m8.channels()) {
    case 1: cv::cvtColor(m8, bgr, cv::COLOR_GRAY2BGR); break;
    case 2: {
        std::vector<cv::Mat> ga;
        cv::split(m8, ga);
        cv::Mat bgra;
        cv::merge(std::vector<cv::Mat>{ga[0], ga[0], ga[0], ga[1]}, bgra);
        bgr = compositeOnWhite(bgra);
        break;
    }
    case 3: bgr = m8; break;
    case 4: bgr = compositeOnWhite(m8); break;
    default: return {};
    }
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return rgb;
}

// EXIF orientation (1..8) turned into the stored-to-displayed transform.
cv::Mat applyOrientation(const cv::Mat& m, int orientation)
{
    cv::Mat out;
    switch (orientation) {
    case 2: cv::flip(m, out, 1); break;                        // mirrored left-right
    case 3: cv::rotate(m, out, cv::ROTATE_180); break;
    case 4: cv::flip(m, out, 0); break;                        // mirrored top-bottom
    case 5: cv::transpose(m, out); break;                      // mirrored, then 270 degrees clockwise
    case 6: cv::rotate(m, out, cv::ROTATE_90_CLOCKWISE); break;
    case 7: cv::transpose(m, out); cv::flip(out, out, -1); break; // mirrored, then 90 degrees clockwise
    case 8: cv::rotate(m, out, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    default: return m;
    }
    return out;
}

} // namespace

Image decodeImage(std::string_view bytes, const std::string& name, const ImageLimits& limits)
{
    if (bytes.empty())
        fail(ErrorCode::ImageCorrupt, name + ": the file is empty (0 bytes)");
    if (bytes.size() > limits.maxFileBytes)
        fail(ErrorCode::ImageTooLarge, name + ": the file is " + std::to_string(bytes.size() >> 20) +
                                           " MiB, over the limit of " + std::to_string(limits.maxFileBytes >> 20) +
                                           " MiB");
    ImageHeader header;
    const bool headerOk = media::readImageHeader(bytes, header);
    if (header.format == ImageFormat::Unknown) {
        const std::string other = media::unsupportedFormatName(bytes);
        if (!other.empty())
            fail(ErrorCode::UnsupportedFormat, name + ": this is a " + other +
                                                   " file; use a PNG, JPEG, WebP, BMP or TIFF image instead");
        fail(ErrorCode::UnsupportedFormat,
             name + ": not a PNG, JPEG, WebP, BMP or TIFF image (the file's first bytes match no image format)");
    }
    const std::string fmt = media::imageFormatName(header.format);
    if (!headerOk)
        fail(ErrorCode::ImageCorrupt, name + ": the " + fmt + " header is damaged or cut short");
    // The header's claim is checked before decoding, so a small file claiming a huge canvas is refused
    // without allocating it.
    checkLimits(name, header.width, header.height, limits);
    if (header.truncated)
        fail(ErrorCode::ImageCorrupt, name + ": the " + fmt + " file is cut short (its end marker is missing); " +
                                          "the download or copy was probably interrupted");

    cv::Mat decoded;
    try {
        const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8UC1,
                             const_cast<char*>(bytes.data())); // imdecode only reads it
        decoded = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        fail(ErrorCode::ImageCorrupt, name + ": the " + fmt + " data cannot be decoded (" + e.what() + ")");
    }
    if (decoded.empty())
        fail(ErrorCode::ImageCorrupt, name + ": the " + fmt + " data is damaged and cannot be decoded");
    checkLimits(name, static_cast<std::uint64_t>(decoded.cols), static_cast<std::uint64_t>(decoded.rows), limits);

    cv::Mat rgb = toRgb(to8Bit(decoded));
    if (rgb.empty())
        fail(ErrorCode::UnsupportedFormat,
             name + ": " + std::to_string(decoded.channels()) + "-channel " + fmt + " images are not supported");
    rgb = applyOrientation(rgb, header.orientation);
    if (!rgb.isContinuous())
        rgb = rgb.clone();

    Image image(rgb.cols, rgb.rows);
    std::memcpy(image.rgb.data(), rgb.data, image.rgb.size());
    return image;
}

Image loadImage(const std::filesystem::path& path, const ImageLimits& limits)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        fail(ErrorCode::FileNotFound, path.string() + ": no such file");
    if (fs::is_directory(path, ec))
        fail(ErrorCode::FileUnreadable, path.string() + ": is a folder, not an image file");
    const auto size = fs::file_size(path, ec);
    if (ec)
        fail(ErrorCode::FileUnreadable, path.string() + ": cannot read (" + ec.message() + ")");
    if (size > limits.maxFileBytes)
        fail(ErrorCode::ImageTooLarge, path.string() + ": the file is " + std::to_string(size >> 20) +
                                           " MiB, over the limit of " + std::to_string(limits.maxFileBytes >> 20) +
                                           " MiB");
    return decodeImage(readFileBytes(path, limits.maxFileBytes), path.string(), limits);
}

std::string encodePng(const Image& image)
{
    if (image.empty() || image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3)
        fail(ErrorCode::InvalidArgument, "encodePng: the image is empty or its pixel buffer has the wrong size");
    const cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<std::uint8_t> out;
    // Compression 3: close to the smallest files at a fraction of level 9's time.
    if (!cv::imencode(".png", bgr, out, {cv::IMWRITE_PNG_COMPRESSION, 3}))
        fail(ErrorCode::EncoderFailed, "PNG encoding failed for a " + dims(image.width, image.height) + " image");
    return std::string(out.begin(), out.end());
}

Image scaledToWidth(const Image& image, int maxWidth)
{
    if (image.empty() || maxWidth <= 0 || image.width <= maxWidth)
        return image;
    const int height = std::max(1, static_cast<int>(std::lround(double(image.height) * maxWidth / image.width)));
    const cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data()));
    Image out(maxWidth, height);
    cv::Mat dst(height, maxWidth, CV_8UC3, out.rgb.data());
    cv::resize(rgb, dst, dst.size(), 0, 0, cv::INTER_AREA);
    return out;
}

void savePng(const Image& image, const std::filesystem::path& path)
{
    writeFileAtomic(path, encodePng(image));
}

} // namespace i2v
