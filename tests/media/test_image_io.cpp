// Image loading: every supported format, EXIF orientation, alpha, 16-bit, grayscale, and hostile inputs
// (truncated, random, empty, decompression bombs, over-size files) with the right ErrorCode.

#include "core/base/error.h"
#include "core/media/image_header.h"
#include "core/media/image_io.h"

#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <random>

#include <webp/encode.h>
#include <webp/mux.h>

using namespace i2v;

namespace {

std::string encode(const cv::Mat& m, const char* ext, std::vector<int> params = {})
{
    std::vector<std::uint8_t> buf;
    if (!cv::imencode(ext, m, buf, params))
        throw std::runtime_error(std::string("test setup: cannot encode ") + ext);
    return std::string(buf.begin(), buf.end());
}

// 64x32 BGR image with four flat quadrants: top-left red, top-right green, bottom-left blue, bottom-right white.
cv::Mat quadrants()
{
    cv::Mat m(32, 64, CV_8UC3);
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 64; ++x) {
            const bool right = x >= 32, bottom = y >= 16;
            cv::Vec3b bgr = !bottom ? (right ? cv::Vec3b(0, 255, 0) : cv::Vec3b(0, 0, 255))
                                    : (right ? cv::Vec3b(255, 255, 255) : cv::Vec3b(255, 0, 0));
            m.at<cv::Vec3b>(y, x) = bgr;
        }
    return m;
}

// A smooth BGR test picture (gradients), width x height.
cv::Mat gradient(int w, int h)
{
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            m.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>(x * 255 / w), static_cast<uchar>(y * 255 / h), 90);
    return m;
}

double meanAbsDiff(const Image& img, const cv::Mat& bgr)
{
    double sum = 0;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x)
            for (int c = 0; c < 3; ++c)
                sum += std::abs(int(img.pixel(x, y)[c]) - int(bgr.at<cv::Vec3b>(y, x)[2 - c]));
    return sum / (3.0 * img.width * img.height);
}

// Inserts an APP1 EXIF segment holding only an Orientation tag right after the JPEG's SOI marker.
std::string withExifOrientation(const std::string& jpeg, int orientation)
{
    const unsigned char tiff[] = {'M', 'M', 0, 42, 0, 0, 0, 8,              // big-endian TIFF, IFD0 at 8
                                  0, 1,                                     // one entry
                                  0x01, 0x12, 0, 3, 0, 0, 0, 1,             // tag 274, SHORT, count 1
                                  0, static_cast<unsigned char>(orientation), 0, 0, // value
                                  0, 0, 0, 0};                              // no next IFD
    std::string payload("Exif\0\0", 6);
    payload.append(reinterpret_cast<const char*>(tiff), sizeof tiff);
    const std::size_t len = payload.size() + 2;
    std::string segment("\xFF\xE1", 2);
    segment += static_cast<char>(len >> 8);
    segment += static_cast<char>(len & 0xFF);
    segment += payload;
    return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

// An uncompressed little-endian 8-bit RGB TIFF of quadrants() (in RGB order) carrying an Orientation tag.
std::string tiffWithOrientation(int orientation)
{
    const cv::Mat bgr = quadrants();
    std::string pixels;
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x)
            for (int c = 2; c >= 0; --c)
                pixels += static_cast<char>(bgr.at<cv::Vec3b>(y, x)[c]);
    std::string b("II*\0\x08\0\0\0", 8);
    auto put16 = [&](unsigned v) { b += static_cast<char>(v & 0xFF); b += static_cast<char>(v >> 8); };
    auto put32 = [&](unsigned v) { put16(v & 0xFFFF); put16(v >> 16); };
    const unsigned entries = 10, bitsAt = 8 + 2 + 12 * entries + 4, dataAt = bitsAt + 6;
    auto entry = [&](unsigned tag, unsigned type, unsigned count, unsigned value) {
        put16(tag);
        put16(type);
        put32(count);
        if (type == 3 && count == 1) {
            put16(value);
            put16(0);
        } else {
            put32(value);
        }
    };
    put16(entries);
    entry(256, 3, 1, 64);                  // ImageWidth
    entry(257, 3, 1, 32);                  // ImageLength
    entry(258, 3, 3, bitsAt);              // BitsPerSample 8,8,8
    entry(259, 3, 1, 1);                   // no compression
    entry(262, 3, 1, 2);                   // RGB
    entry(273, 4, 1, dataAt);              // StripOffsets
    entry(274, 3, 1, static_cast<unsigned>(orientation));
    entry(277, 3, 1, 3);                   // SamplesPerPixel
    entry(278, 3, 1, 32);                  // RowsPerStrip
    entry(279, 4, 1, static_cast<unsigned>(pixels.size()));
    put32(0);
    put16(8);
    put16(8);
    put16(8);
    return b + pixels;
}

std::uint32_t crc32(const std::string& data)
{
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char b : data) {
        crc ^= b;
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

std::string be32(std::uint32_t v)
{
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

std::string pngChunk(const std::string& type, const std::string& data)
{
    return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
}

ErrorCode codeOf(const std::function<void()>& f, std::string* detail = nullptr)
{
    try {
        f();
    } catch (const I2vError& e) {
        if (detail)
            *detail = e.what();
        return e.code();
    }
    return ErrorCode::Ok;
}

bool near(const std::uint8_t* p, int r, int g, int b, int tol)
{
    return std::abs(p[0] - r) <= tol && std::abs(p[1] - g) <= tol && std::abs(p[2] - b) <= tol;
}

} // namespace

class TestImageIo : public QObject {
    Q_OBJECT

private slots:
    void everyFormatDecodes_data()
    {
        QTest::addColumn<QString>("ext");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("png") << ".png" << 0.0;
        QTest::newRow("bmp") << ".bmp" << 0.0;
        QTest::newRow("tiff") << ".tiff" << 0.0;
        QTest::newRow("webp-lossless") << ".webp" << 0.0;
        QTest::newRow("jpeg") << ".jpg" << 3.0;
    }

    void everyFormatDecodes()
    {
        QFETCH(QString, ext);
        QFETCH(double, tolerance);
        const cv::Mat src = gradient(80, 48);
        std::vector<int> params;
        if (ext == ".webp")
            params = {cv::IMWRITE_WEBP_QUALITY, 101}; // > 100 selects lossless
        if (ext == ".jpg")
            params = {cv::IMWRITE_JPEG_QUALITY, 95};
        const Image img = decodeImage(encode(src, ext.toLatin1().constData(), params), "test" + ext.toStdString());
        QCOMPARE(img.width, 80);
        QCOMPARE(img.height, 48);
        QCOMPARE(img.rgb.size(), std::size_t(80 * 48 * 3));
        QVERIFY2(meanAbsDiff(img, src) <= tolerance, qPrintable(QString::number(meanAbsDiff(img, src))));
    }

    void lossyWebPDecodes()
    {
        const cv::Mat src = gradient(64, 64);
        const Image img = decodeImage(encode(src, ".webp", {cv::IMWRITE_WEBP_QUALITY, 90}), "lossy.webp");
        QCOMPARE(img.width, 64);
        QVERIFY(meanAbsDiff(img, src) < 4.0);
    }

    void exifOrientationIsApplied_data()
    {
        QTest::addColumn<int>("orientation");
        QTest::addColumn<int>("width");
        // Expected colours at the displayed corners: 0 red, 1 green, 2 blue, 3 white.
        QTest::addColumn<QList<int>>("corners"); // TL, TR, BL, BR
        QTest::newRow("1 as stored") << 1 << 64 << QList<int>{0, 1, 2, 3};
        QTest::newRow("2 mirrored") << 2 << 64 << QList<int>{1, 0, 3, 2};
        QTest::newRow("3 rotated 180") << 3 << 64 << QList<int>{3, 2, 1, 0};
        QTest::newRow("4 flipped") << 4 << 64 << QList<int>{2, 3, 0, 1};
        QTest::newRow("5 transposed") << 5 << 32 << QList<int>{0, 2, 1, 3};
        QTest::newRow("6 rotated 90 cw") << 6 << 32 << QList<int>{2, 0, 3, 1};
        QTest::newRow("7 transversed") << 7 << 32 << QList<int>{3, 1, 2, 0};
        QTest::newRow("8 rotated 90 ccw") << 8 << 32 << QList<int>{1, 3, 0, 2};
    }

    void exifOrientationIsApplied()
    {
        QFETCH(int, orientation);
        QFETCH(int, width);
        QFETCH(QList<int>, corners);
        const std::string jpeg = withExifOrientation(encode(quadrants(), ".jpg", {cv::IMWRITE_JPEG_QUALITY, 98}),
                                                     orientation);
        media::ImageHeader header;
        QVERIFY(media::readImageHeader(jpeg, header));
        QCOMPARE(header.orientation, orientation);
        // JPEG: EXIF applied by us; TIFF: the Orientation tag honoured by OpenCV's reader (not applied twice).
        const std::vector<Image> decoded = {decodeImage(jpeg, "photo.jpg"),
                                            decodeImage(tiffWithOrientation(orientation), "scan.tiff")};
        for (const Image& img : decoded) {
            QCOMPARE(img.width, width);
            QCOMPARE(img.height, width == 64 ? 32 : 64);
            const int rgb[4][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
            const int x0 = 3, x1 = img.width - 4, y0 = 3, y1 = img.height - 4;
            const std::uint8_t* got[4] = {img.pixel(x0, y0), img.pixel(x1, y0), img.pixel(x0, y1), img.pixel(x1, y1)};
            for (int i = 0; i < 4; ++i) {
                const int* want = rgb[corners[i]];
                QVERIFY2(near(got[i], want[0], want[1], want[2], 40),
                         qPrintable(QString("corner %1 is %2,%3,%4").arg(i).arg(got[i][0]).arg(got[i][1]).arg(got[i][2])));
            }
        }
    }

    void alphaIsCompositedOnWhite()
    {
        cv::Mat bgra(20, 20, CV_8UC4, cv::Scalar(0, 0, 0, 0)); // fully transparent black
        for (int x = 0; x < 20; ++x) {
            bgra.at<cv::Vec4b>(5, x) = cv::Vec4b(255, 0, 0, 255); // opaque blue row
            bgra.at<cv::Vec4b>(10, x) = cv::Vec4b(0, 0, 0, 128);  // half-transparent black row
        }
        for (const char* ext : {".png", ".webp", ".tiff"}) {
            std::vector<int> params;
            if (std::string(ext) == ".webp")
                params = {cv::IMWRITE_WEBP_QUALITY, 101};
            const Image img = decodeImage(encode(bgra, ext, params), std::string("alpha") + ext);
            QVERIFY2(near(img.pixel(0, 0), 255, 255, 255, 0), ext);
            QVERIFY2(near(img.pixel(3, 5), 0, 0, 255, 0), ext);
            QVERIFY2(near(img.pixel(3, 10), 127, 127, 127, 1), ext);
        }
    }

    void sixteenBitIsScaled()
    {
        cv::Mat m16(20, 20, CV_16UC3, cv::Scalar(65535, 128 * 257, 0));
        for (const char* ext : {".png", ".tiff"}) {
            const Image img = decodeImage(encode(m16, ext), std::string("deep") + ext);
            QVERIFY2(near(img.pixel(7, 7), 0, 128, 255, 0), ext); // BGR scalar -> RGB
        }
        cv::Mat g16(20, 20, CV_16UC1, cv::Scalar(100 * 257));
        const Image g = decodeImage(encode(g16, ".png"), "gray16.png");
        QVERIFY(near(g.pixel(1, 1), 100, 100, 100, 0));
    }

    void grayscaleBecomesRgb()
    {
        cv::Mat gray(24, 24, CV_8UC1, cv::Scalar(77));
        for (const char* ext : {".png", ".jpg", ".bmp", ".tiff"}) {
            const Image img = decodeImage(encode(gray, ext), std::string("gray") + ext);
            QCOMPARE(img.rgb.size(), std::size_t(24 * 24 * 3));
            QVERIFY2(near(img.pixel(12, 12), 77, 77, 77, 1), ext);
        }
    }

    void hostileInputsFailClearly()
    {
        const std::string png = encode(gradient(64, 64), ".png");
        std::string detail;
        QCOMPARE(codeOf([&] { decodeImage(png.substr(0, png.size() / 2), "cut.png"); }, &detail),
                 ErrorCode::ImageCorrupt);
        QVERIFY2(detail.find("cut.png") != std::string::npos, detail.c_str());
        QCOMPARE(codeOf([&] { decodeImage(png.substr(0, 20), "header-only.png"); }), ErrorCode::ImageCorrupt);
        // Intact header and end marker, damaged pixel data.
        std::string damaged = png;
        for (std::size_t i = 60; i < damaged.size() - 20; ++i)
            damaged[i] = static_cast<char>(damaged[i] ^ 0x5A);
        QCOMPARE(codeOf([&] { decodeImage(damaged, "damaged.png"); }), ErrorCode::ImageCorrupt);

        const std::string jpeg = encode(gradient(64, 64), ".jpg");
        QCOMPARE(codeOf([&] { decodeImage(jpeg.substr(0, jpeg.size() * 2 / 3), "cut.jpg"); }), ErrorCode::ImageCorrupt);

        std::mt19937 rng(7);
        std::string noise(4096, '\0');
        for (char& c : noise)
            c = static_cast<char>(rng());
        noise[0] = 'x'; // not accidentally a magic number
        QCOMPARE(codeOf([&] { decodeImage(noise, "noise.png", {}); }, &detail), ErrorCode::UnsupportedFormat);
        QVERIFY2(detail.find("noise.png") != std::string::npos, detail.c_str());
        QCOMPARE(codeOf([&] { decodeImage("", "empty.png"); }, &detail), ErrorCode::ImageCorrupt);
        QVERIFY2(detail.find("empty") != std::string::npos, detail.c_str());
        QCOMPARE(codeOf([&] { decodeImage("GIF89a\x10\x00\x10\x00", "anim.gif"); }, &detail),
                 ErrorCode::UnsupportedFormat);
        QVERIFY2(detail.find("GIF") != std::string::npos, detail.c_str());
    }

    void decompressionBombsAreRefusedFromTheHeader()
    {
        // A valid-looking PNG whose IHDR claims 100000 x 100000 pixels (10 gigapixels) in a few bytes.
        std::string ihdr = be32(100000) + be32(100000) + std::string("\x08\x02\x00\x00\x00", 5);
        const std::string bomb = std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) +
                                 pngChunk("IDAT", std::string("\x78\x9c\x03\x00\x00\x00\x00\x01", 8)) +
                                 pngChunk("IEND", "");
        std::string detail;
        QCOMPARE(codeOf([&] { decodeImage(bomb, "bomb.png"); }, &detail), ErrorCode::ImageTooLarge);
        QVERIFY2(detail.find("100000x100000") != std::string::npos, detail.c_str());

        // JPEG: patch the SOF dimensions to 60000 x 60000.
        std::string jpeg = encode(gradient(64, 64), ".jpg");
        const std::size_t sof = jpeg.find("\xFF\xC0");
        QVERIFY(sof != std::string::npos);
        jpeg[sof + 5] = jpeg[sof + 7] = static_cast<char>(0xEA);
        jpeg[sof + 6] = jpeg[sof + 8] = 0x60;
        QCOMPARE(codeOf([&] { decodeImage(jpeg, "bomb.jpg"); }), ErrorCode::ImageTooLarge);

        // BMP with a 30000 x 30000 header.
        std::string bmp = encode(gradient(32, 32), ".bmp");
        const std::string side("\x30\x75\x00\x00", 4); // 30000 little-endian
        bmp.replace(18, 4, side);
        bmp.replace(22, 4, side);
        QCOMPARE(codeOf([&] { decodeImage(bmp, "bomb.bmp"); }), ErrorCode::ImageTooLarge);

        // The pixel limit is configurable and checked on real images too.
        ImageLimits tight;
        tight.maxPixels = 1000;
        QCOMPARE(codeOf([&] { decodeImage(encode(gradient(64, 64), ".webp"), "big.webp", tight); }),
                 ErrorCode::ImageTooLarge);
    }

    // Random byte flips, truncations and garbage inserts in every format: each input either decodes to a
    // consistent image or fails with an I2vError; nothing crashes and no other exception escapes.
    void mutatedFilesNeverCrash()
    {
        std::mt19937 rng(2024);
        for (const char* ext : {".png", ".jpg", ".webp", ".bmp", ".tiff"}) {
            const std::string good = encode(gradient(48, 40), ext);
            int decoded = 0, refused = 0;
            for (int round = 0; round < 60; ++round) {
                std::string bad = good;
                const int kind = round % 3;
                if (kind == 0) {
                    for (int k = 0; k < 1 + round % 8; ++k)
                        bad[rng() % bad.size()] = static_cast<char>(rng());
                } else if (kind == 1) {
                    bad.resize(rng() % bad.size());
                } else {
                    bad.insert(rng() % bad.size(), std::string(1 + rng() % 64, static_cast<char>(rng())));
                }
                try {
                    const Image img = decodeImage(bad, std::string("mutated") + ext);
                    QCOMPARE(img.rgb.size(), std::size_t(img.width) * img.height * 3);
                    ++decoded;
                } catch (const I2vError& e) {
                    QVERIFY2(std::string(e.what()).find("mutated") != std::string::npos, e.what());
                    ++refused;
                }
            }
            QVERIFY2(refused > 0, ext);
            QCOMPARE(decoded + refused, 60);
        }
    }

    void sizeLimits()
    {
        ImageLimits limits;
        limits.maxFileBytes = 1000;
        const std::string png = encode(gradient(64, 64), ".png");
        QVERIFY(png.size() > 1000);
        QCOMPARE(codeOf([&] { decodeImage(png, "heavy.png", limits); }), ErrorCode::ImageTooLarge);
        std::string detail;
        QCOMPARE(codeOf([&] { decodeImage(encode(gradient(8, 8), ".png"), "tiny.png"); }, &detail),
                 ErrorCode::ImageTooSmall);
        QVERIFY2(detail.find("8x8") != std::string::npos, detail.c_str());
    }

    void loadImageFromDisk()
    {
        QTemporaryDir dir;
        const std::filesystem::path ok = dir.filePath("ok.png").toStdString();
        {
            const std::string png = encode(gradient(40, 30), ".png");
            std::ofstream(ok, std::ios::binary).write(png.data(), static_cast<std::streamsize>(png.size()));
        }
        const Image img = loadImage(ok);
        QCOMPARE(img.width, 40);
        QCOMPARE(img.height, 30);
        std::string detail;
        QCOMPARE(codeOf([&] { loadImage(dir.filePath("missing.png").toStdString()); }, &detail),
                 ErrorCode::FileNotFound);
        QVERIFY2(detail.find("missing.png") != std::string::npos, detail.c_str());
        QCOMPARE(codeOf([&] { loadImage(dir.path().toStdString()); }), ErrorCode::FileUnreadable);
        ImageLimits limits;
        limits.maxFileBytes = 100;
        QCOMPARE(codeOf([&] { loadImage(ok, limits); }), ErrorCode::ImageTooLarge);
    }

    // Issue 14, item 7: each image that was mishandled, rebuilt here.

    // A valid JPEG header (through SOS) followed by random bytes and an end marker: libjpeg only warns, and
    // OpenCV used to return a garbage picture (exit 0). Also bytes flipped in the middle of the scan.
    void randomBytesAfterAJpegHeaderAreRefused()
    {
        const std::string good = encode(gradient(256, 192), ".jpg", {cv::IMWRITE_JPEG_QUALITY, 90});
        QCOMPARE(codeOf([&] { decodeImage(good, "good.jpg"); }), ErrorCode::Ok);
        const std::size_t sos = good.find("\xFF\xDA");
        QVERIFY(sos != std::string::npos);
        const std::size_t scan = sos + 2 + ((std::uint8_t(good[sos + 2]) << 8) | std::uint8_t(good[sos + 3]));
        std::mt19937 rng(14);
        int refused = 0;
        for (int round = 0; round < 8; ++round) {
            std::string noise(good.size() - scan, '\0');
            for (char& c : noise)
                c = static_cast<char>(rng());
            const std::string bad = good.substr(0, scan) + noise + "\xFF\xD9";
            std::string detail;
            const ErrorCode code = codeOf([&] { decodeImage(bad, "noise.jpg"); }, &detail);
            QVERIFY2(code == ErrorCode::ImageCorrupt, detail.c_str());
            QVERIFY2(detail.find("noise.jpg") != std::string::npos, detail.c_str());
            refused += detail.find("damaged") != std::string::npos;
        }
        QCOMPARE(refused, 8);
        // The first scan's data kept, its second half overwritten with random bytes.
        std::string half = good;
        for (std::size_t i = scan + (good.size() - scan) / 2; i + 2 < good.size(); ++i)
            half[i] = static_cast<char>(rng());
        QCOMPARE(codeOf([&] { decodeImage(half, "half.jpg"); }), ErrorCode::ImageCorrupt);
        // Padding before the end marker (some cameras write it) is not damage.
        const std::string padded = good.substr(0, good.size() - 2) + std::string(7, '\0') + "\xFF\xD9";
        QCOMPARE(codeOf([&] { decodeImage(padded, "padded.jpg"); }), ErrorCode::Ok);
    }

    // A 16-bit PNG used to be held at 16 bits, then 8 bits, then RGB, then copied (about 19 bytes per
    // pixel: 1.9 GB for 100 megapixels). Now the decoder strips to 8-bit BGR and the last conversion writes
    // into the result: about 6 bytes per pixel at the peak. Measured with the kernel's peak-RSS counter.
    void sixteenBitPngPeakMemoryIsBounded()
    {
        const int w = 4000, h = 3000;
        cv::Mat deep(h, w, CV_16UC3);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                deep.at<cv::Vec3w>(y, x) = cv::Vec3w(static_cast<std::uint16_t>(x * 16), static_cast<std::uint16_t>(y * 21), 30000);
        const std::string png = encode(deep, ".png", {cv::IMWRITE_PNG_COMPRESSION, 1});
        deep.release();
        auto peakKb = [] {
            std::ifstream status("/proc/self/status");
            std::string line;
            while (std::getline(status, line))
                if (line.rfind("VmHWM:", 0) == 0)
                    return std::stoll(line.substr(6));
            return -1LL;
        };
        auto rssKb = [] {
            std::ifstream status("/proc/self/status");
            std::string line;
            while (std::getline(status, line))
                if (line.rfind("VmRSS:", 0) == 0)
                    return std::stoll(line.substr(6));
            return -1LL;
        };
        std::ofstream("/proc/self/clear_refs") << "5"; // resets VmHWM to the current RSS
        const long long before = rssKb();
        if (peakKb() > before + 1024)
            QSKIP("this kernel does not reset the peak-RSS counter (/proc/self/clear_refs 5); cannot measure");
        const Image img = decodeImage(png, "deep.png");
        const double bytesPerPixel = (peakKb() - before) * 1024.0 / (double(w) * h);
        qInfo("16-bit %dx%d PNG: peak %.1f bytes per pixel while decoding", w, h, bytesPerPixel);
        QCOMPARE(img.width, w);
        QVERIFY2(near(img.pixel(w - 1, 0), 30000 / 257, 0, (w - 1) * 16 / 257, 1), "16-bit samples scaled to 8 bits");
        QVERIFY2(bytesPerPixel < 8.0, qPrintable(QString::number(bytesPerPixel)));

        // The header's claim bounds decoding's memory before anything is allocated.
        std::string ihdr = be32(9500) + be32(9500) + std::string("\x10\x06\x00\x00\x00", 5); // 16-bit RGBA
        const std::string bomb = std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) +
                                 pngChunk("IDAT", std::string("\x78\x9c\x03\x00\x00\x00\x00\x01", 8)) +
                                 pngChunk("IEND", "");
        std::string detail;
        QCOMPARE(codeOf([&] { decodeImage(bomb, "deep-alpha.png"); }, &detail), ErrorCode::ImageTooLarge);
        QVERIFY2(detail.find("16-bit") != std::string::npos && detail.find("MiB") != std::string::npos,
                 detail.c_str());
    }

    // A 16x1000000 PNG passed every limit and then became a 1.8 GB frame; 16x6000000 was blamed on the
    // megapixels when the side was the limit hit.
    void sideAndShapeLimitsSayWhichLimit()
    {
        auto fakePng = [](std::uint32_t w, std::uint32_t h) {
            return std::string("\x89PNG\r\n\x1a\n", 8) +
                   pngChunk("IHDR", be32(w) + be32(h) + std::string("\x08\x02\x00\x00\x00", 5)) +
                   pngChunk("IDAT", std::string("\x78\x9c\x03\x00\x00\x00\x00\x01", 8)) + pngChunk("IEND", "");
        };
        std::string detail;
        QCOMPARE(codeOf([&] { decodeImage(fakePng(16, 1000000), "strip.png"); }, &detail), ErrorCode::ImageTooLarge);
        QVERIFY2(detail.find("height is over the limit") != std::string::npos, detail.c_str());
        QVERIFY2(detail.find("megapixels") == std::string::npos, detail.c_str());
        QCOMPARE(codeOf([&] { decodeImage(fakePng(16, 40000), "strip2.png"); }, &detail), ErrorCode::ImageTooLarge);
        QVERIFY2(detail.find("2500 times taller than wide") != std::string::npos, detail.c_str());
        QCOMPARE(codeOf([&] { decodeImage(fakePng(16, 6000000), "tall.png"); }, &detail), ErrorCode::ImageTooLarge);
        QVERIFY2(detail.find("height is over the limit of 65536 pixels per side") != std::string::npos, detail.c_str());
        QCOMPARE(codeOf([&] { decodeImage(fakePng(5000, 200), "banner.png"); }, &detail), ErrorCode::ImageTooLarge);
        QVERIFY2(detail.find("25 times wider than tall") != std::string::npos, detail.c_str());
        // A real, decodable wide image within the shape limit still loads.
        QCOMPARE(codeOf([&] { decodeImage(encode(gradient(640, 40), ".png"), "wide.png"); }), ErrorCode::Ok);
    }

    void aFewBytesOfAKnownFormatAreACutShortFile()
    {
        std::string detail;
        QCOMPARE(codeOf([&] { decodeImage(std::string("\xFF\xD8", 2), "two.jpg"); }, &detail), ErrorCode::ImageCorrupt);
        QVERIFY2(detail.find("only 2 bytes") != std::string::npos && detail.find("JPEG") != std::string::npos &&
                     detail.find("cut short") != std::string::npos,
                 detail.c_str());
        QCOMPARE(codeOf([&] { decodeImage(std::string("\x89PNG\r", 5), "five.png"); }, &detail), ErrorCode::ImageCorrupt);
        QVERIFY2(detail.find("PNG") != std::string::npos, detail.c_str());
        QCOMPARE(codeOf([&] { decodeImage(std::string("RIFF\x10\0\0\0WE", 10), "ten.webp"); }, &detail),
                 ErrorCode::ImageCorrupt);
        QVERIFY2(detail.find("WebP") != std::string::npos, detail.c_str());
        QCOMPARE(codeOf([&] { decodeImage("hi", "text.png"); }), ErrorCode::UnsupportedFormat);
    }

    // A valid animated WebP (two frames: red, then blue) was "damaged"; its first frame is the still.
    void animatedWebPGivesItsFirstFrame()
    {
        WebPAnimEncoderOptions options;
        QVERIFY(WebPAnimEncoderOptionsInit(&options));
        WebPAnimEncoder* encoder = WebPAnimEncoderNew(48, 32, &options);
        QVERIFY(encoder);
        int timestamp = 0;
        for (const std::uint32_t argb : {0xFFFF0000u, 0xFF0000FFu}) {
            WebPPicture picture;
            QVERIFY(WebPPictureInit(&picture));
            picture.use_argb = 1;
            picture.width = 48;
            picture.height = 32;
            QVERIFY(WebPPictureAlloc(&picture));
            for (int i = 0; i < 48 * 32; ++i)
                picture.argb[i] = argb;
            WebPConfig config;
            QVERIFY(WebPConfigInit(&config));
            config.lossless = 1;
            QVERIFY(WebPAnimEncoderAdd(encoder, &picture, timestamp, &config));
            WebPPictureFree(&picture);
            timestamp += 100;
        }
        QVERIFY(WebPAnimEncoderAdd(encoder, nullptr, timestamp, nullptr));
        WebPData data;
        WebPDataInit(&data);
        QVERIFY(WebPAnimEncoderAssemble(encoder, &data));
        const std::string webp(reinterpret_cast<const char*>(data.bytes), data.size);
        WebPDataClear(&data);
        WebPAnimEncoderDelete(encoder);

        media::ImageHeader header;
        QVERIFY(media::readImageHeader(webp, header));
        QVERIFY(header.animated);
        const Image img = decodeImage(webp, "anim.webp");
        QCOMPARE(img.width, 48);
        QCOMPARE(img.height, 32);
        QVERIFY2(near(img.pixel(10, 10), 255, 0, 0, 2), "the first (red) frame");
        // Cut in the middle: refused, not a crash.
        QCOMPARE(codeOf([&] { decodeImage(webp.substr(0, webp.size() / 2), "cut-anim.webp"); }), ErrorCode::ImageCorrupt);
    }

    void symlinkLoopsAndDanglingLinksSayWhatTheyAre()
    {
        QTemporaryDir dir;
        const std::filesystem::path a = dir.filePath("a.png").toStdString();
        const std::filesystem::path b = dir.filePath("b.png").toStdString();
        std::filesystem::create_symlink(b, a);
        std::filesystem::create_symlink(a, b);
        std::string detail;
        QCOMPARE(codeOf([&] { loadImage(a); }, &detail), ErrorCode::FileUnreadable);
        QVERIFY2(detail.find("symbolic links") != std::string::npos, detail.c_str());
        const std::filesystem::path dangling = dir.filePath("dangling.png").toStdString();
        std::filesystem::create_symlink(dir.filePath("gone.png").toStdString(), dangling);
        QCOMPARE(codeOf([&] { loadImage(dangling); }, &detail), ErrorCode::FileNotFound);
        QVERIFY2(detail.find("is a link to") != std::string::npos && detail.find("gone.png") != std::string::npos,
                 detail.c_str());
    }

    void pngRoundTripAndNoOverwrite()
    {
        QTemporaryDir dir;
        Image img(17, 9);
        for (std::size_t i = 0; i < img.rgb.size(); ++i)
            img.rgb[i] = static_cast<std::uint8_t>(i * 7);
        const std::filesystem::path path = dir.filePath("out.png").toStdString();
        savePng(img, path);
        ImageLimits limits;
        limits.minSide = 1;
        const Image back = loadImage(path, limits);
        QCOMPARE(back.width, 17);
        QVERIFY(back.rgb == img.rgb);
        QCOMPARE(codeOf([&] { savePng(Image(20, 20), path); }), ErrorCode::OutputExists);
        QVERIFY(loadImage(path, limits).rgb == img.rgb);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestImageIo)
#include "test_image_io.moc"
