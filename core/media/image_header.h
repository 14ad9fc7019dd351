#pragma once
// Reads what an image file claims about itself before anything is decoded: its container format, its
// pixel dimensions (so a decompression bomb is refused before a single pixel is allocated), and its EXIF
// orientation. Internal to core/media; every reader is bounds-checked and never trusts an offset.

#include <cstdint>
#include <string>
#include <string_view>

namespace i2v::media {

enum class ImageFormat { Unknown, Png, Jpeg, WebP, Bmp, Tiff };

const char* imageFormatName(ImageFormat format); // "PNG", "JPEG", ...

struct ImageHeader {
    ImageFormat format = ImageFormat::Unknown;
    std::uint64_t width = 0;  // as stored, before orientation
    std::uint64_t height = 0;
    int orientation = 1;      // EXIF orientation 1..8 (1 = as stored)
    bool truncated = false;   // the end-of-image marker (PNG IEND / JPEG EOI) is missing
    bool animated = false;    // WebP with the animation flag (VP8X) or an ANIM chunk
    bool hasAlpha = false;    // PNG colour type 4/6 or a tRNS chunk; WebP VP8X alpha flag
    int bitDepth = 8;         // bits per sample as stored (PNG IHDR; 8 for the others)
};

// Recognises the format from the magic bytes only. Unknown for anything else.
ImageFormat sniffImageFormat(std::string_view bytes);

// For a file too short to hold any format's signature: the format whose signature it starts (a cut-short
// download, e.g. the two bytes FF D8 of a JPEG), else Unknown.
ImageFormat truncatedSignatureFormat(std::string_view bytes);

// Names a recognisable but unsupported format ("GIF", "HEIC/AVIF", "PSD", "PDF"), else "".
std::string unsupportedFormatName(std::string_view bytes);

// Parses the header of a file whose format sniffImageFormat() recognised. Returns false when the header is
// damaged or cut short (width/height stay 0); never throws, never reads out of bounds.
bool readImageHeader(std::string_view bytes, ImageHeader& header);

// Orientation tag (274) from a TIFF structure (the body of an EXIF block, or a whole TIFF file); 1 when
// absent or invalid. Also reports IFD0's ImageWidth/ImageLength when present (0 otherwise).
int readTiffOrientation(std::string_view tiff, std::uint64_t* width = nullptr, std::uint64_t* height = nullptr);

} // namespace i2v::media
