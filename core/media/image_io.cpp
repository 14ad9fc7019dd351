#include "core/media/image_io.h"

#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/media/image_header.h"

#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <system_error>

#include <jpeglib.h>
#include <jerror.h>
#include <webp/decode.h>
#include <webp/demux.h>

namespace i2v {
namespace {

using media::ImageFormat;
using media::ImageHeader;

std::string dims(std::uint64_t w, std::uint64_t h) { return std::to_string(w) + "x" + std::to_string(h); }

void checkLimits(const std::string& name, std::uint64_t w, std::uint64_t h, const ImageLimits& limits)
{
    // Each limit says itself: the side, the area, the shape.
    const std::uint64_t longSide = std::max(w, h);
    if (longSide > limits.maxSide)
        fail(ErrorCode::ImageTooLarge, name + ": image is " + dims(w, h) + " pixels; its " +
                                           (w >= h ? "width" : "height") + " is over the limit of " +
                                           std::to_string(limits.maxSide) + " pixels per side; scale it down first");
    if (w * h > limits.maxPixels)
        fail(ErrorCode::ImageTooLarge, name + ": image is " + dims(w, h) + " pixels (" +
                                           std::to_string((w * h + 500000) / 1000000) +
                                           " megapixels), over the limit of " +
                                           std::to_string(limits.maxPixels / 1000000) +
                                           " megapixels; scale it down first");
    if (w < static_cast<std::uint64_t>(limits.minSide) || h < static_cast<std::uint64_t>(limits.minSide))
        fail(ErrorCode::ImageTooSmall, name + ": image is only " + dims(w, h) + " pixels; each side needs at least " +
                                           std::to_string(limits.minSide));
    // A 16x1000000 strip would be scaled to a frame's width and become millions of pixels tall.
    const std::uint64_t shortSide = std::min(w, h);
    if (longSide > shortSide * limits.maxAspect)
        fail(ErrorCode::ImageTooLarge, name + ": image is " + dims(w, h) + " pixels, " +
                                           std::to_string((longSide + shortSide / 2) / shortSide) + " times " +
                                           (w >= h ? "wider than tall" : "taller than wide") +
                                           "; a video frame can show at most a 1:" + std::to_string(limits.maxAspect) +
                                           " strip. Crop it to the part you want to animate first");
}

// PNG without alpha and JPEG: the decoder itself goes to 8-bit BGR (PNG: 16-bit samples stripped while
// decoding), so no 16-bit or 4-channel copy is ever held. Everything else keeps every channel (alpha is
// composited on white afterwards).
int decodeFlags(const ImageHeader& header)
{
    // Orientation is applied by decodeImage from the header for every format, so OpenCV must not also do it.
    const bool plain = (header.format == ImageFormat::Png || header.format == ImageFormat::Jpeg) && !header.hasAlpha;
    return plain ? cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION : cv::IMREAD_UNCHANGED;
}

// What decoding holds at its peak, from the header (before anything is allocated): the decoder's buffer at
// the bit depth it decodes to, plus the 8-bit RGB result.
void checkDecodeMemory(const std::string& name, const ImageHeader& header, const ImageLimits& limits)
{
    // Bytes per pixel at the worst moment (decodeImage): without alpha the decoder's 8-bit BGR plus the RGB
    // result (6); with alpha the decoded BGRA plus its composite (7), or for 16-bit samples the 16-bit BGRA
    // plus its 8-bit copy (12). TIFF's depth is not read from the header: assumed 16-bit with alpha.
    const std::uint64_t pixels = header.width * header.height;
    const bool keepsAlpha = decodeFlags(header) == cv::IMREAD_UNCHANGED;
    const bool deep = header.bitDepth > 8 || header.format == ImageFormat::Tiff;
    const std::uint64_t need = pixels * (keepsAlpha ? (deep ? 12 : 7) : 6);
    if (need > limits.maxDecodeBytes)
        fail(ErrorCode::ImageTooLarge, name + ": decoding this " + dims(header.width, header.height) + " " +
                                           std::to_string(header.bitDepth) + "-bit image needs " +
                                           std::to_string(need >> 20) + " MiB of memory, over the limit of " +
                                           std::to_string(limits.maxDecodeBytes >> 20) +
                                           " MiB; scale it down or save it as an 8-bit image first");
}

// libjpeg reports damaged entropy-coded data (random bytes after a valid header, a bad Huffman code, a
// marker in the middle of a scan) only as warnings and still returns a picture made of garbage; OpenCV's
// decoder ignores them. This pass decodes the whole stream at 1/8 scale (the entropy decoding, where the
// damage shows, is complete; the IDCT is cheap) and returns libjpeg's first warning, or "" when clean.
// Tolerated: extraneous bytes just before the end marker (padding some cameras write).
struct JpegCheck {
    jpeg_error_mgr err;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    bool damaged;
};

extern "C" void jpegCheckError(j_common_ptr cinfo)
{
    auto* check = reinterpret_cast<JpegCheck*>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, check->message);
    check->damaged = true;
    std::longjmp(check->jump, 1);
}

extern "C" void jpegCheckMessage(j_common_ptr cinfo, int level)
{
    auto* check = reinterpret_cast<JpegCheck*>(cinfo->err);
    if (level != -1 || check->damaged) // -1 = a warning; trace levels are ignored
        return;
    if (cinfo->err->msg_code == JWRN_EXTRANEOUS_DATA && cinfo->err->msg_parm.i[1] == 0xD9)
        return;
    (*cinfo->err->format_message)(cinfo, check->message);
    check->damaged = true;
}

std::string jpegDamage(std::string_view bytes)
{
    JpegCheck check{};
    jpeg_decompress_struct cinfo{};
    cinfo.err = jpeg_std_error(&check.err);
    check.err.error_exit = jpegCheckError;
    check.err.emit_message = jpegCheckMessage;
    if (setjmp(check.jump) != 0) {
        jpeg_destroy_decompress(&cinfo);
        return check.message;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&cinfo, TRUE);
    cinfo.scale_num = 1;
    cinfo.scale_denom = 8;
    cinfo.dct_method = JDCT_IFAST;
    cinfo.do_fancy_upsampling = FALSE;
    jpeg_start_decompress(&cinfo);
    JSAMPARRAY row = (*cinfo.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&cinfo), JPOOL_IMAGE,
                                                cinfo.output_width * cinfo.output_components, 1);
    while (cinfo.output_scanline < cinfo.output_height && !check.damaged)
        jpeg_read_scanlines(&cinfo, row, 1);
    if (!check.damaged)
        jpeg_finish_decompress(&cinfo); // reads on to the end marker: damage after the last row shows here
    jpeg_destroy_decompress(&cinfo);
    return check.damaged ? std::string(check.message) : std::string();
}

// An animated WebP (OpenCV 4.6 cannot read one): its first frame, as BGRA.
cv::Mat decodeAnimatedWebPFirstFrame(std::string_view bytes)
{
    WebPData data{reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()};
    WebPAnimDecoderOptions options;
    if (!WebPAnimDecoderOptionsInit(&options))
        return {};
    options.color_mode = MODE_BGRA;
    options.use_threads = 0;
    WebPAnimDecoder* decoder = WebPAnimDecoderNew(&data, &options);
    if (!decoder)
        return {};
    cv::Mat out;
    WebPAnimInfo info;
    std::uint8_t* frame = nullptr;
    int timestamp = 0;
    if (WebPAnimDecoderGetInfo(decoder, &info) && info.frame_count > 0 &&
        WebPAnimDecoderGetNext(decoder, &frame, &timestamp) && frame)
        out = cv::Mat(static_cast<int>(info.canvas_height), static_cast<int>(info.canvas_width), CV_8UC4, frame).clone();
    WebPAnimDecoderDelete(decoder);
    return out;
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

// Any channel layout OpenCV returns (gray, gray+alpha, BGR, BGRA) to 8-bit BGR or gray (1 channel); the
// input is released as soon as it is no longer needed, so at most two full-size buffers exist at once.
cv::Mat toBgrOrGray(cv::Mat m8)
{
    switch (m8.channels()) {
    case 1:
    case 3: return m8;
    case 2: {
        std::vector<cv::Mat> ga;
        cv::split(m8, ga);
        m8.release();
        cv::Mat bgra;
        cv::merge(std::vector<cv::Mat>{ga[0], ga[0], ga[0], ga[1]}, bgra);
        ga.clear();
        return compositeOnWhite(bgra);
    }
    case 4: return compositeOnWhite(m8);
    default: return {};
    }
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
        const ImageFormat start = media::truncatedSignatureFormat(bytes);
        if (start != ImageFormat::Unknown)
            fail(ErrorCode::ImageCorrupt, name + ": the file is only " + std::to_string(bytes.size()) +
                                              " bytes long: the start of a " + media::imageFormatName(start) +
                                              " file, cut short. The download or copy was probably interrupted");
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
    checkDecodeMemory(name, header, limits);
    if (header.truncated)
        fail(ErrorCode::ImageCorrupt, name + ": the " + fmt + " file is cut short (its end marker is missing); " +
                                          "the download or copy was probably interrupted");
    if (header.format == ImageFormat::Jpeg) {
        const std::string damage = jpegDamage(bytes);
        if (!damage.empty())
            fail(ErrorCode::ImageCorrupt, name + ": the JPEG data is damaged (" + damage +
                                              "); the picture would come out garbled. Export the image again");
    }

    cv::Mat decoded;
    if (header.format == ImageFormat::WebP && header.animated) {
        decoded = decodeAnimatedWebPFirstFrame(bytes); // the first frame is the still to animate
        if (decoded.empty())
            fail(ErrorCode::ImageCorrupt, name + ": the animated WebP data is damaged and cannot be decoded");
    } else {
        try {
            const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8UC1,
                                 const_cast<char*>(bytes.data())); // imdecode only reads it
            decoded = cv::imdecode(buffer, decodeFlags(header));
        } catch (const cv::Exception& e) {
            fail(ErrorCode::ImageCorrupt, name + ": the " + fmt + " data cannot be decoded (" + e.what() + ")");
        }
    }
    if (decoded.empty())
        fail(ErrorCode::ImageCorrupt, name + ": the " + fmt + " data is damaged and cannot be decoded");
    checkLimits(name, static_cast<std::uint64_t>(decoded.cols), static_cast<std::uint64_t>(decoded.rows), limits);

    const int channels = decoded.channels();
    if (decoded.depth() != CV_8U)
        decoded = to8Bit(decoded); // the deeper buffer is released here
    cv::Mat pixels = toBgrOrGray(std::move(decoded));
    if (pixels.empty())
        fail(ErrorCode::UnsupportedFormat,
             name + ": " + std::to_string(channels) + "-channel " + fmt + " images are not supported");
    pixels = applyOrientation(pixels, header.orientation);

    // The last conversion writes straight into the result's buffer.
    Image image(pixels.cols, pixels.rows);
    cv::Mat rgb(pixels.rows, pixels.cols, CV_8UC3, image.rgb.data());
    cv::cvtColor(pixels, rgb, pixels.channels() == 1 ? cv::COLOR_GRAY2RGB : cv::COLOR_BGR2RGB);
    return image;
}

Image loadImage(const std::filesystem::path& path, const ImageLimits& limits)
{
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        if (ec && ec != std::errc::no_such_file_or_directory) // e.g. ELOOP: a link that points back at itself
            fail(ErrorCode::FileUnreadable, path.string() + ": cannot open (" + ec.message() + ")");
        std::error_code linkEc;
        if (fs::is_symlink(fs::symlink_status(path, linkEc)))
            fail(ErrorCode::FileNotFound, path.string() + ": is a link to " + fs::read_symlink(path, linkEc).string() +
                                              ", which does not exist");
        fail(ErrorCode::FileNotFound, path.string() + ": no such file");
    }
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
