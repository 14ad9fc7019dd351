// The pipeline's image preprocessing against the i2vgenxl-tiny fixture: PIL BOX/BILINEAR crops must be
// bit-identical, pixel tensors within abs 1e-6 (fixture README), plus resampler invariants.
#include "core/base/error.h"
#include "core/engine/api/registry.h"
#include "core/engine/models/clip/image_processing.h"
#include "core/engine/tensor/state_dict.h"

#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstring>
#include <fstream>

using namespace i2v;

namespace {

const std::filesystem::path kFixture = std::filesystem::path(I2V_TEST_DATA_DIR) / "i2vgenxl-tiny";
constexpr double kPixelTol = 1e-6;

Image loadFixtureImage()
{
    const cv::Mat bgr = cv::imread((kFixture / "inputs/image.png").string(), cv::IMREAD_COLOR);
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    Image image(rgb.cols, rgb.rows);
    for (int y = 0; y < rgb.rows; ++y) {
        std::memcpy(image.pixel(0, y), rgb.ptr(y), static_cast<std::size_t>(rgb.cols) * 3);
    }
    return image;
}

// Number of bytes that differ between `image` and a golden [H, W, 3] uint8 tensor (-1 on shape mismatch).
std::int64_t differingBytes(const Image& image, const torch::Tensor& golden)
{
    if (golden.dim() != 3 || golden.size(0) != image.height || golden.size(1) != image.width) {
        return -1;
    }
    const auto ours = torch::from_blob(const_cast<std::uint8_t*>(image.rgb.data()), {image.height, image.width, 3},
                                       torch::kUInt8);
    return ours.ne(golden).sum().item<std::int64_t>();
}

bool checkClose(const char* name, const torch::Tensor& actual, const torch::Tensor& expected, double tol)
{
    if (actual.sizes() != expected.sizes()) {
        qWarning("%s: shape mismatch", name);
        return false;
    }
    const double err = (actual.to(torch::kFloat64) - expected.to(torch::kFloat64)).abs().max().item<double>();
    qInfo("%-28s max abs error %.3g (tolerance %.0e)", name, err, tol);
    return err <= tol;
}

Image constantImage(int w, int h, std::uint8_t r, std::uint8_t g, std::uint8_t b)
{
    Image image(w, h);
    for (std::size_t i = 0; i < image.rgb.size(); i += 3) {
        image.rgb[i] = r;
        image.rgb[i + 1] = g;
        image.rgb[i + 2] = b;
    }
    return image;
}

} // namespace

class TestImageProcessing : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initEngineRuntime(); }

    void clipInputMatchesGolden()
    {
        const Image image = loadFixtureImage();
        QCOMPARE(image.width, 96);
        QCOMPARE(image.height, 72);
        const auto config = loadClipImageProcessorConfig(kFixture / "model/feature_extractor/preprocessor_config.json");
        QCOMPARE(config.cropWidth, 32);
        const auto golden = loadSafetensors(kFixture / "golden/image_encoder.safetensors");
        const auto input = preprocessForClip(image, 64, config);
        QCOMPARE(differingBytes(input.centerCrop, golden.at("clip_center_crop_uint8")), std::int64_t(0));
        QCOMPARE(differingBytes(input.resized, golden.at("clip_input_image_uint8")), std::int64_t(0));
        QVERIFY(checkClose("clip_pixel_values", input.pixelValues, golden.at("clip_pixel_values"), kPixelTol));
    }

    // A damaged feature extractor config is a model problem naming the file, not a black clip (image_std 0)
    // or gigabytes reserved for a 2^40-pixel crop.
    void damagedFeatureExtractorConfigs()
    {
        QTemporaryDir dir;
        const std::string file = dir.filePath("preprocessor_config.json").toStdString();
        const char* cases[][2] = {
            {R"({"crop_size": 224, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.3, 0, 0.3]})", "image_std positive"},
            {R"({"crop_size": 224, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.3, -1, 0.3]})", "image_std positive"},
            {R"({"crop_size": 1099511627776, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.3, 0.3, 0.3]})",
             "crop_size 1099511627776 is outside 1..4096"},
            {R"({"crop_size": {"width": 224, "height": 0}, "image_mean": [0.5, 0.5, 0.5], "image_std": [1, 1, 1]})",
             "is outside 1..4096"},
        };
        for (const auto& [json, says] : cases) {
            std::ofstream(file, std::ios::trunc) << json;
            try {
                loadClipImageProcessorConfig(file);
                QFAIL(json);
            } catch (const I2vError& e) {
                QCOMPARE(e.code(), ErrorCode::ModelInvalid);
                QVERIFY2(std::string(e.what()).find(file) == 0 && std::string(e.what()).find(says) != std::string::npos,
                         e.what());
            }
        }
    }

    void vaeInputMatchesGolden()
    {
        const Image image = loadFixtureImage();
        const auto golden = loadSafetensors(kFixture / "golden/vae_encode.safetensors");
        const auto input = preprocessForVae(image, 64, 64);
        QCOMPARE(differingBytes(input.centerCrop, golden.at("vae_input_image_uint8")), std::int64_t(0));
        QVERIFY(checkClose("vae_input", input.pixelValues, golden.at("vae_input"), kPixelTol));
    }

    // Normalised filters keep a flat colour flat, in every direction and ratio (down, up, odd ratios).
    void constantImageStaysConstant()
    {
        const Image flat = constantImage(37, 23, 0, 128, 255);
        for (const auto filter : {PilFilter::Box, PilFilter::Bilinear}) {
            for (const auto& [w, h] : std::vector<std::pair<int, int>>{{5, 3}, {37, 23}, {100, 61}, {12, 40}}) {
                const Image out = pilResize(flat, w, h, filter);
                QCOMPARE(out.width, w);
                QCOMPARE(out.height, h);
                for (std::size_t i = 0; i < out.rgb.size(); i += 3) {
                    QCOMPARE(int(out.rgb[i]), 0);
                    QCOMPARE(int(out.rgb[i + 1]), 128);
                    QCOMPARE(int(out.rgb[i + 2]), 255);
                }
            }
        }
    }

    // BOX by an integer factor averages whole blocks: a 2:1 horizontal resize of [10, 20] gives 15.
    void boxAveragesBlocks()
    {
        Image src(4, 1);
        const std::uint8_t values[4] = {10, 20, 0, 255};
        for (int x = 0; x < 4; ++x) {
            std::memset(src.pixel(x, 0), values[x], 3);
        }
        const Image out = pilResize(src, 2, 1, PilFilter::Box);
        QCOMPARE(int(out.pixel(0, 0)[0]), 15);
        QCOMPARE(int(out.pixel(1, 0)[0]), 128); // 127.5 rounds half up in Pillow's fixed point
    }

    void centerCropWideGeometry()
    {
        // Wide image: scaled to the target height, centred horizontally; tall image: the reverse.
        const Image wide = centerCropWide(constantImage(200, 50, 1, 2, 3), 64, 32);
        QCOMPARE(wide.width, 64);
        QCOMPARE(wide.height, 32);
        QCOMPARE(int(wide.pixel(0, 0)[2]), 3);
        const Image tall = centerCropWide(constantImage(30, 90, 9, 9, 9), 16, 16);
        QCOMPARE(tall.width, 16);
        QCOMPARE(int(tall.pixel(15, 15)[0]), 9);
        QVERIFY_THROWS_EXCEPTION(I2vError, centerCropWide(Image(), 16, 16));
        QVERIFY_THROWS_EXCEPTION(I2vError, pilResize(wide, 0, 4, PilFilter::Box));
    }
};

QTEST_GUILESS_MAIN(TestImageProcessing)
#include "test_image_processing.moc"
