#include "core/media/image_header.h"

#include <cstring>

namespace i2v::media {
namespace {

std::uint32_t be16(const unsigned char* p) { return (std::uint32_t(p[0]) << 8) | p[1]; }
std::uint32_t be32(const unsigned char* p) { return (be16(p) << 16) | be16(p + 2); }
std::uint32_t le16(const unsigned char* p) { return (std::uint32_t(p[1]) << 8) | p[0]; }
std::uint32_t le32(const unsigned char* p) { return (le16(p + 2) << 16) | le16(p); }
std::uint32_t le24(const unsigned char* p) { return (std::uint32_t(p[2]) << 16) | le16(p); }

const unsigned char* u8(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

constexpr std::string_view kPngMagic("\x89PNG\r\n\x1a\n", 8);

bool readPng(std::string_view b, ImageHeader& h)
{
    // signature(8) | length(4) "IHDR" width(4) height(4) ...
    if (b.size() < 33 || b.substr(12, 4) != "IHDR")
        return false;
    h.width = be32(u8(b) + 16);
    h.height = be32(u8(b) + 20);
    h.bitDepth = u8(b)[24];
    const unsigned colourType = u8(b)[25];
    h.hasAlpha = colourType == 4 || colourType == 6;
    h.truncated = b.rfind("IEND") == std::string_view::npos;
    // Walk the chunks up to the image data looking for an eXIf chunk (orientation).
    std::size_t pos = 8;
    while (pos + 12 <= b.size()) {
        const std::uint64_t len = be32(u8(b) + pos);
        const std::string_view type = b.substr(pos + 4, 4);
        if (type == "IDAT" || type == "IEND" || pos + 12 + len > b.size())
            break;
        if (type == "eXIf")
            h.orientation = readTiffOrientation(b.substr(pos + 8, len));
        else if (type == "tRNS")
            h.hasAlpha = true;
        pos += 12 + len;
    }
    return h.width > 0 && h.height > 0;
}

bool isSofMarker(unsigned m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

bool readJpeg(std::string_view b, ImageHeader& h)
{
    std::size_t pos = 2;
    std::size_t scanStart = 0;
    while (pos + 4 <= b.size()) {
        if (u8(b)[pos] != 0xFF)
            return false;
        const unsigned marker = u8(b)[pos + 1];
        if (marker == 0xFF) { // fill byte
            ++pos;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
            pos += 2;
            continue;
        }
        const std::size_t len = be16(u8(b) + pos + 2);
        if (len < 2 || pos + 2 + len > b.size())
            return false;
        const std::string_view data = b.substr(pos + 4, len - 2);
        if (isSofMarker(marker) && data.size() >= 5) {
            h.height = be16(u8(data) + 1);
            h.width = be16(u8(data) + 3);
        } else if (marker == 0xE1 && startsWith(data, std::string_view("Exif\0\0", 6))) {
            h.orientation = readTiffOrientation(data.substr(6));
        } else if (marker == 0xDA) {
            scanStart = pos + 2 + len;
            break;
        }
        pos += 2 + len;
    }
    if (scanStart == 0)
        return false;
    // Entropy-coded data stuffs every 0xFF as FF 00, so FF D9 after the first scan is the real end marker.
    const std::size_t eoi = b.rfind(std::string_view("\xFF\xD9", 2));
    h.truncated = eoi == std::string_view::npos || eoi < scanStart;
    return h.width > 0 && h.height > 0;
}

bool readWebP(std::string_view b, ImageHeader& h)
{
    // "RIFF" size "WEBP" then chunks: fourcc(4) size(4 LE) payload (padded to even).
    std::size_t pos = 12;
    bool haveSize = false;
    while (pos + 8 <= b.size()) {
        const std::string_view type = b.substr(pos, 4);
        const std::uint64_t len = le32(u8(b) + pos + 4);
        const std::string_view data = b.substr(pos + 8, std::min<std::uint64_t>(len, b.size() - pos - 8));
        const unsigned char* d = u8(data);
        if (type == "VP8X" && data.size() >= 10) {
            h.animated = (d[0] & 0x02) != 0; // flags: ..L. E X A R (animation = bit 1, alpha = bit 4)
            h.hasAlpha = (d[0] & 0x10) != 0;
            h.width = le24(d + 4) + 1ull;
            h.height = le24(d + 7) + 1ull;
            haveSize = true;
        } else if (type == "VP8 " && data.size() >= 10 && !haveSize) {
            if (d[3] != 0x9D || d[4] != 0x01 || d[5] != 0x2A)
                return false;
            h.width = le16(d + 6) & 0x3FFF;
            h.height = le16(d + 8) & 0x3FFF;
            haveSize = true;
        } else if (type == "VP8L" && data.size() >= 5 && !haveSize) {
            if (d[0] != 0x2F)
                return false;
            const std::uint32_t bits = le32(d + 1);
            h.width = (bits & 0x3FFF) + 1ull;
            h.height = ((bits >> 14) & 0x3FFF) + 1ull;
            haveSize = true;
        } else if (type == "ANIM" || type == "ANMF") {
            h.animated = true;
        } else if (type == "EXIF") {
            std::string_view exif = data;
            if (startsWith(exif, std::string_view("Exif\0\0", 6)))
                exif.remove_prefix(6);
            h.orientation = readTiffOrientation(exif);
        }
        if (len > b.size())
            break;
        pos += 8 + len + (len & 1);
    }
    return haveSize && h.width > 0 && h.height > 0;
}

bool readBmp(std::string_view b, ImageHeader& h)
{
    if (b.size() < 26)
        return false;
    const std::uint32_t dibSize = le32(u8(b) + 14);
    if (dibSize == 12) {
        h.width = le16(u8(b) + 18);
        h.height = le16(u8(b) + 20);
    } else if (dibSize >= 40 && b.size() >= 26) {
        const auto w = static_cast<std::int32_t>(le32(u8(b) + 18));
        const auto hh = static_cast<std::int32_t>(le32(u8(b) + 22));
        if (w <= 0 || hh == 0 || hh == INT32_MIN)
            return false;
        h.width = static_cast<std::uint64_t>(w);
        h.height = static_cast<std::uint64_t>(hh < 0 ? -hh : hh);
    } else {
        return false;
    }
    return h.width > 0 && h.height > 0;
}

} // namespace

const char* imageFormatName(ImageFormat format)
{
    switch (format) {
    case ImageFormat::Png: return "PNG";
    case ImageFormat::Jpeg: return "JPEG";
    case ImageFormat::WebP: return "WebP";
    case ImageFormat::Bmp: return "BMP";
    case ImageFormat::Tiff: return "TIFF";
    case ImageFormat::Unknown: break;
    }
    return "unknown";
}

ImageFormat sniffImageFormat(std::string_view b)
{
    if (startsWith(b, kPngMagic))
        return ImageFormat::Png;
    if (startsWith(b, "\xFF\xD8\xFF"))
        return ImageFormat::Jpeg;
    if (b.size() >= 12 && startsWith(b, "RIFF") && b.substr(8, 4) == "WEBP")
        return ImageFormat::WebP;
    if (startsWith(b, "BM") && b.size() >= 14)
        return ImageFormat::Bmp;
    if (startsWith(b, std::string_view("II*\0", 4)) || startsWith(b, std::string_view("MM\0*", 4)))
        return ImageFormat::Tiff;
    return ImageFormat::Unknown;
}

ImageFormat truncatedSignatureFormat(std::string_view b)
{
    if (b.size() < 2) // one byte says nothing
        return ImageFormat::Unknown;
    const auto prefixOf = [&](std::string_view magic) { return b.size() < magic.size() && startsWith(magic, b); };
    if (prefixOf(kPngMagic))
        return ImageFormat::Png;
    if (prefixOf(std::string_view("\xFF\xD8\xFF", 3)))
        return ImageFormat::Jpeg;
    if (b.size() < 12 && (prefixOf("RIFF") || (startsWith(b, "RIFF") && (b.size() <= 8 || startsWith("WEBP", b.substr(8))))))
        return ImageFormat::WebP;
    if (prefixOf(std::string_view("II*\0", 4)) || prefixOf(std::string_view("MM\0*", 4)))
        return ImageFormat::Tiff;
    return ImageFormat::Unknown;
}

std::string unsupportedFormatName(std::string_view b)
{
    if (startsWith(b, "GIF87a") || startsWith(b, "GIF89a"))
        return "GIF";
    if (b.size() >= 12 && b.substr(4, 4) == "ftyp") {
        const std::string_view brand = b.substr(8, 4);
        if (brand == "avif" || brand == "avis")
            return "AVIF";
        if (brand == "heic" || brand == "heix" || brand == "mif1" || brand == "msf1" || brand == "hevc")
            return "HEIC";
        return "MP4/QuickTime video";
    }
    if (startsWith(b, "8BPS"))
        return "Photoshop PSD";
    if (startsWith(b, "%PDF"))
        return "PDF";
    if (startsWith(b, std::string_view("II+\0", 4)) || startsWith(b, std::string_view("MM\0+", 4)))
        return "BigTIFF";
    if (startsWith(b, std::string_view("\x00\x00\x00\x0CjP  ", 8)))
        return "JPEG 2000";
    if (startsWith(b, "\x1A\x45\xDF\xA3"))
        return "WebM/Matroska video";
    return "";
}

int readTiffOrientation(std::string_view t, std::uint64_t* width, std::uint64_t* height)
{
    if (width)
        *width = 0;
    if (height)
        *height = 0;
    if (t.size() < 8)
        return 1;
    const bool little = t[0] == 'I' && t[1] == 'I';
    if (!little && !(t[0] == 'M' && t[1] == 'M'))
        return 1;
    auto r16 = [&](std::size_t at) { return little ? le16(u8(t) + at) : be16(u8(t) + at); };
    auto r32 = [&](std::size_t at) { return little ? le32(u8(t) + at) : be32(u8(t) + at); };
    const std::uint64_t ifd = r32(4);
    if (ifd + 2 > t.size())
        return 1;
    const std::uint32_t count = r16(ifd);
    int orientation = 1;
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint64_t e = ifd + 2 + 12ull * i;
        if (e + 12 > t.size())
            break;
        const std::uint32_t tag = r16(e);
        const std::uint32_t type = r16(e + 2);
        // SHORT (3) values sit in the first two bytes of the value field; LONG (4) fill all four.
        const std::uint32_t value = type == 3 ? r16(e + 8) : type == 4 ? r32(e + 8) : 0;
        if (tag == 274 && value >= 1 && value <= 8)
            orientation = static_cast<int>(value);
        else if (tag == 256 && width)
            *width = value;
        else if (tag == 257 && height)
            *height = value;
    }
    return orientation;
}

bool readImageHeader(std::string_view bytes, ImageHeader& header)
{
    header = ImageHeader{};
    header.format = sniffImageFormat(bytes);
    switch (header.format) {
    case ImageFormat::Png: return readPng(bytes, header);
    case ImageFormat::Jpeg: return readJpeg(bytes, header);
    case ImageFormat::WebP: return readWebP(bytes, header);
    case ImageFormat::Bmp: return readBmp(bytes, header);
    case ImageFormat::Tiff:
        // A TIFF's Orientation tag is not reported: OpenCV's 8-bit TIFF reader already applies it (tested).
        readTiffOrientation(bytes, &header.width, &header.height);
        return header.width > 0 && header.height > 0;
    case ImageFormat::Unknown: break;
    }
    return false;
}

} // namespace i2v::media
