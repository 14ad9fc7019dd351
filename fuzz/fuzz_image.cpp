// The image header sniffer (format, size, EXIF orientation, truncation, animation) and the full decode
// (libjpeg entropy check, OpenCV, libwebpdemux, EXIF rotation, alpha, 16-bit) on hostile bytes. The
// limits are small so the fuzzer's memory stays bounded; they are the same code paths as the defaults.

#include "core/base/error.h"
#include "core/media/image_header.h"
#include "core/media/image_io.h"
#include "fuzz/fuzz_common.h"

using namespace i2v;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view bytes = fuzz::asView(data, size);
    (void)media::sniffImageFormat(bytes);
    (void)media::truncatedSignatureFormat(bytes);
    (void)media::unsupportedFormatName(bytes);
    media::ImageHeader header;
    (void)media::readImageHeader(bytes, header);
    std::uint64_t w = 0, h = 0;
    (void)media::readTiffOrientation(bytes, &w, &h);

    ImageLimits limits;
    limits.maxPixels = 1u << 20;      // 1 MP
    limits.maxSide = 4096;
    limits.maxDecodeBytes = 64u << 20;
    try {
        const Image image = decodeImage(bytes, "fuzz", limits);
        // The decoded image is what the header promised, and every pixel is readable.
        if (image.width <= 0 || image.height <= 0 ||
            image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3)
            __builtin_trap();
        volatile std::uint8_t sink = image.rgb.back();
        (void)sink;
    } catch (const I2vError&) {
    }
    return 0;
}
