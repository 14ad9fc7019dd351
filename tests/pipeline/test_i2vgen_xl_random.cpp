// Random-weight models from config folders (what i2v-bench --config uses): width scaling of the real
// model's configs, and a short generation through the full pipeline on the narrowed real architecture.
#include "core/base/error.h"
#include "core/engine/api/registry.h"
#include "core/engine/models/i2vgen_xl/i2vgen_xl_random.h"
#include "core/engine/models/i2vgen_xl/pipeline_i2vgen_xl.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using namespace i2v;
namespace fs = std::filesystem;

namespace {
const fs::path kData = I2V_TEST_DATA_DIR;
const fs::path kReal = kData / "i2vgenxl-real-configs";
const fs::path kTokenizer = kData / "i2vgenxl-tiny" / "model" / "tokenizer";

nlohmann::json readJson(const fs::path& p)
{
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}
} // namespace

class TestI2VGenXLRandom : public QObject {
    Q_OBJECT

private slots:
    void scaledConfigs()
    {
        QTemporaryDir dir;
        const fs::path out = dir.path().toStdString();
        writeScaledI2VGenXLConfigs(kReal, out, 4);
        const auto unet = readJson(out / "unet" / "config.json");
        QCOMPARE(unet["block_out_channels"], nlohmann::json({80, 160, 320, 320}));
        QCOMPARE(unet["attention_head_dim"].get<int>(), 16); // head size; head counts stay 5/10/20
        QCOMPARE(unet["norm_num_groups"].get<int>(), 8);
        QCOMPARE(unet["cross_attention_dim"].get<int>(), 256);
        QCOMPARE(unet["layers_per_block"].get<int>(), 2); // depth kept
        const auto text = readJson(out / "text_encoder" / "config.json");
        QCOMPARE(text["hidden_size"].get<int>(), 256);
        QCOMPARE(text["num_attention_heads"].get<int>(), 4);
        QCOMPARE(text["num_hidden_layers"].get<int>(), 24);
        const auto image = readJson(out / "image_encoder" / "config.json");
        QCOMPARE(image["projection_dim"].get<int>(), 256);
        const auto vae = readJson(out / "vae" / "config.json");
        QCOMPARE(vae["block_out_channels"], nlohmann::json({32, 64, 128, 128}));
        QVERIFY(fs::exists(out / "scheduler" / "scheduler_config.json"));

        QVERIFY_THROWS_EXCEPTION(I2vError, writeScaledI2VGenXLConfigs(kReal, out / "x", 3));
        QVERIFY_THROWS_EXCEPTION(I2vError, writeScaledI2VGenXLConfigs(kReal, out / "y", 64));
    }

    void narrowRealArchitectureGenerates()
    {
        initEngineRuntime();
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        writeScaledI2VGenXLConfigs(kReal, folder, 16);
        auto components = buildRandomI2VGenXLComponents(folder, kTokenizer, torch::kFloat32, torch::kCPU, 5);
        QVERIFY(parameterCount(*components->unet) > 1'000'000);
        I2VGenXLPipeline pipe(components, chooseDevice("cpu", "float32", 0), "random");
        QCOMPARE(pipe.vaeScaleFactor(), 8);

        GenerationRequest r;
        r.image = Image(48, 40);
        for (std::size_t i = 0; i < r.image.rgb.size(); ++i)
            r.image.rgb[i] = static_cast<std::uint8_t>(i * 7);
        r.prompt = "a test";
        r.width = 32;
        r.height = 24; // latent 4x3: odd latent sizes are allowed, as in the reference
        r.frames = 2;
        r.steps = 2;
        r.decodeChunk = 2;
        r.previewEvery = 1;
        int previews = 0;
        const GenerationResult result = pipe.run(r, [&](const ProgressEvent& e) { previews += e.preview != nullptr; }, {});
        QCOMPARE(result.frames.size(), std::size_t(2));
        QCOMPARE(result.frames[0].width, 32);
        QCOMPARE(result.frames[0].height, 24);
        QCOMPARE(previews, 2);
    }
    void dtypeConvertsOnlyFloatingTensors()
    {
        // Regression: Module::to(device, dtype) turned CLIP's integer position_ids into floats, and
        // the embedding lookup then aborted. Only floating-point tensors take the requested dtype.
        initEngineRuntime();
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        writeScaledI2VGenXLConfigs(kReal, folder, 16);
        auto c = buildRandomI2VGenXLComponents(folder, kTokenizer, torch::kFloat64, torch::kCPU, 9);
        int integerBuffers = 0;
        for (const auto& b : c->textEncoder->named_buffers(true)) {
            if (b.key().find("position_ids") != std::string::npos) {
                QCOMPARE(b.value().scalar_type(), torch::kLong);
                ++integerBuffers;
            }
        }
        QVERIFY(integerBuffers > 0);
        for (const auto& p : c->unet->parameters(true))
            QCOMPARE(p.scalar_type(), torch::kFloat64);
        for (const auto& p : c->textEncoder->parameters(true))
            QCOMPARE(p.scalar_type(), torch::kFloat64);
        for (const auto& p : c->vae->parameters(true))
            QVERIFY(std::isfinite(p.abs().max().item<double>()));
    }
};

QTEST_GUILESS_MAIN(TestI2VGenXLRandom)
#include "test_i2vgen_xl_random.moc"
