// The Wan families: registration, probing (model_index.json WanImageToVideoPipeline / WanPipeline with
// expand_timesteps), discovery in the Hugging Face cache, parameter schema, memory shape from the real
// configs (exact parameter counts) and the memory model's estimate for them.
#include "core/base/model_shape.h"
#include "core/engine/api/registry.h"
#include "core/engine/models/wan/wan_family.h"
#include "core/presets/memory_model.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace i2v;
namespace fs = std::filesystem;

namespace {
const std::string kData = I2V_TEST_DATA_DIR;
const std::string kReal = kData + "/wan-real-configs";

nlohmann::json expectedCounts()
{
    std::ifstream in(kReal + "/expected_parameter_counts.json");
    return nlohmann::json::parse(in);
}
} // namespace

class TestWanFamily : public QObject {
    Q_OBJECT

private slots:
    void registeredAndProbed()
    {
        const ModelFamily* f21 = findModelFamily("wan2.1-i2v");
        const ModelFamily* f22 = findModelFamily("wan2.2-ti2v");
        QVERIFY(f21 && f22);
        QVERIFY(f21->needsWeights());
        QCOMPARE(f21->promptTokenLimit(), 512);
        QVERIFY(f21->probe(kData + "/wan21-tiny/model"));
        QVERIFY(!f22->probe(kData + "/wan21-tiny/model"));
        QVERIFY(f22->probe(kData + "/wan22-tiny/model")); // WanPipeline + expand_timesteps, as published
        QVERIFY(!f21->probe(kData + "/wan22-tiny/model"));
        QVERIFY(f21->probe(kReal + "/Wan2.1-I2V-14B-480P-Diffusers"));
        QVERIFY(f21->probe(kReal + "/Wan2.1-I2V-14B-720P-Diffusers"));
        QVERIFY(f22->probe(kReal + "/Wan2.2-TI2V-5B-Diffusers"));
        QCOMPARE(familyForFolder(kData + "/wan21-tiny/model")->id(), std::string("wan2.1-i2v"));
        QCOMPARE(familyForFolder(kData + "/wan22-tiny/model")->id(), std::string("wan2.2-ti2v"));
        QVERIFY(!f21->probe(kData + "/i2vgenxl-tiny/model"));
        QTemporaryDir dir;
        const fs::path index = fs::path(dir.path().toStdString()) / "model_index.json";
        std::ofstream(index) << R"({"_class_name": "WanPipeline"})"; // text-to-video: not ours
        QVERIFY(!f21->probe(dir.path().toStdString()) && !f22->probe(dir.path().toStdString()));
        std::ofstream(index, std::ios::trunc)
            << R"({"_class_name": "WanImageToVideoPipeline", "boundary_ratio": 0.9, "transformer_2": ["diffusers", "WanTransformer3DModel"]})";
        QVERIFY(!f21->probe(dir.path().toStdString())); // two-expert A14B: not supported
        std::ofstream(index, std::ios::trunc) << "{not json";
        QVERIFY(!f21->probe(dir.path().toStdString()));
        QVERIFY(!f21->probe("/nonexistent/folder"));
    }

    void discoverFindsHfCacheSnapshots()
    {
        QTemporaryDir cache;
        const auto addRepo = [&](const std::string& repoName, const std::string& index) {
            const fs::path repo = fs::path(cache.path().toStdString()) / repoName;
            const fs::path snapshot = repo / "snapshots" / "abc123";
            fs::create_directories(snapshot);
            fs::create_directories(repo / "refs");
            std::ofstream(repo / "refs" / "main") << "abc123";
            fs::copy_file(index, snapshot / "model_index.json");
            return snapshot;
        };
        const fs::path s21 = addRepo("models--Wan-AI--Wan2.1-I2V-14B-480P-Diffusers",
                                     kReal + "/Wan2.1-I2V-14B-480P-Diffusers/model_index.json");
        addRepo("models--Wan-AI--Wan2.2-TI2V-5B-Diffusers", kReal + "/Wan2.2-TI2V-5B-Diffusers/model_index.json");
        qputenv("HF_HUB_CACHE", cache.path().toUtf8());
        const auto found21 = findModelFamily("wan2.1-i2v")->discover();
        const auto found22 = findModelFamily("wan2.2-ti2v")->discover();
        qunsetenv("HF_HUB_CACHE");
        QCOMPARE(found21.size(), std::size_t(1));
        QCOMPARE(found21[0].id, std::string("Wan-AI/Wan2.1-I2V-14B-480P-Diffusers"));
        QCOMPARE(found21[0].revision, std::string("abc123"));
        QCOMPARE(fs::canonical(found21[0].path), fs::canonical(s21));
        QCOMPARE(found22.size(), std::size_t(1));
        QCOMPARE(found22[0].family, std::string("wan2.2-ti2v"));
    }

    void parameterSchema()
    {
        for (const char* id : {"wan2.1-i2v", "wan2.2-ti2v"}) {
            const auto params = findModelFamily(id)->parameters();
            const auto spec = [&](const std::string& name) -> const ParamSpec* {
                for (const auto& p : params)
                    if (p.name == name)
                        return &p;
                return nullptr;
            };
            const int multiple = std::string(id) == "wan2.1-i2v" ? 16 : 32;
            QVERIFY(spec("width") && spec("height") && spec("frames") && spec("steps") && spec("guidance") &&
                    spec("flow_shift") && spec("seed") && spec("fps"));
            QCOMPARE(spec("width")->multipleOf, multiple);
            QCOMPARE(spec("height")->multipleOf, multiple);
            QVERIFY(!schemaViolation(*spec("width"), spec("width")->defaultValue));
            QVERIFY(schemaViolation(*spec("width"), multiple + 8).has_value());
            // Frames: the form offers 4k + 1.
            QCOMPARE(lowestAllowed(*spec("frames")), 1.0);
            QCOMPARE(formStep(*spec("frames")), 4.0);
            QCOMPARE(static_cast<int>(spec("frames")->defaultValue) % 4, 1);
            // ... and requires it: validation, shrinking and snapping keep to 4k + 1.
            QCOMPARE(requiredMultiple(*spec("frames")), 4);
            QCOMPARE(requiredOffset(*spec("frames")), 1);
            QVERIFY(!schemaViolation(*spec("frames"), 9));
            QCOMPARE(schemaViolation(*spec("frames"), 8).value_or(""),
                     std::string("frames = 8 must be of the form 4k + 1 (the VAE packs 4 frames per latent frame "
                                 "after the first)"));
            QCOMPARE(floorToSchema(*spec("frames"), 8), 5.0);
            QCOMPARE(snapToSchema(*spec("frames"), 8), 9.0);
            QCOMPARE(snapToSchema(*spec("frames"), 300), 241.0);
            QCOMPARE(highestAllowed(*spec("frames")), 241.0);
            QVERIFY(!spec("decode_chunk"));
        }
    }

    void memoryShapeOfTheRealConfigs()
    {
        const nlohmann::json expected = expectedCounts();
        for (const auto& [folder, counts] : expected.items()) {
            const ModelShape shape = readWanShape(kReal + "/" + folder);
            QCOMPARE(shape.transformer.params, counts["transformer"].get<std::int64_t>());
            QCOMPARE(shape.transformer.textEncoderParams, counts["text_encoder"].get<std::int64_t>());
            if (counts.contains("image_encoder"))
                QCOMPARE(shape.transformer.imageEncoderParams, counts["image_encoder"].get<std::int64_t>());
            // The VAE is scaled from the published sizes: exact for them.
            QCOMPARE(shape.transformer.vaeParams, counts["vae"].get<std::int64_t>());
            const auto family = familyForFolder(kReal + "/" + folder);
            QVERIFY(family);
            QVERIFY(family->memoryShape(kReal + "/" + folder).has_value());
        }
        const ModelShape s21 = readWanShape(kReal + "/Wan2.1-I2V-14B-480P-Diffusers");
        QCOMPARE(s21.vaeSpatialFactor, 8);
        QCOMPARE(s21.vaeTemporalFactor, 4);
        QCOMPARE(s21.transformer.imageTokens, 257);
        const ModelShape s22 = readWanShape(kReal + "/Wan2.2-TI2V-5B-Diffusers");
        QCOMPARE(s22.vaeSpatialFactor, 16);
        QCOMPARE(s22.latentChannels, 48);

        // Estimates: weights dominate (bf16 14B transformer + UMT5-XXL ~ 46 GB); monotone in size and frames.
        presets::RunSettings run;
        run.width = 832;
        run.height = 480;
        run.frames = 81;
        const auto m = presets::estimateMemory(s21, run);
        QVERIFY(m.weightsBytes > 40LL * (1LL << 30) && m.weightsBytes < 50LL * (1LL << 30));
        QVERIFY(m.peakBytes > m.weightsBytes);
        presets::RunSettings bigger = run;
        bigger.frames = 121;
        QVERIFY(presets::estimateMemory(s21, bigger).peakBytes >= m.peakBytes);
        bigger.width = 1280;
        bigger.height = 720;
        QVERIFY(presets::estimateMemory(s21, bigger).peakBytes > presets::estimateMemory(s21, run).peakBytes);
    }

    void tinyFixtureShape()
    {
        const ModelShape s = *findModelFamily("wan2.1-i2v")->memoryShape(kData + "/wan21-tiny/model");
        QCOMPARE(s.transformer.numLayers, 2);
        QVERIFY(s.weightParams > 0);
        QTemporaryDir dir;
        std::ofstream(fs::path(dir.path().toStdString()) / "model_index.json")
            << R"({"_class_name": "WanImageToVideoPipeline"})";
        try {
            findModelFamily("wan2.1-i2v")->memoryShape(dir.path().toStdString());
            QFAIL("no error for a folder without configs");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::ModelInvalid);
        }
    }
};

QTEST_GUILESS_MAIN(TestWanFamily)
#include "test_wan_family.moc"
