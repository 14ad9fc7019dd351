// The i2vgen-xl family: registration, probing, discovery in the Hugging Face cache, parameter schema.
#include "core/engine/api/registry.h"

#include <QtTest>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace i2v;
namespace fs = std::filesystem;

namespace {
const std::string kData = I2V_TEST_DATA_DIR;

const ParamSpec* findParam(const std::vector<ParamSpec>& params, const std::string& name)
{
    for (const ParamSpec& p : params)
        if (p.name == name)
            return &p;
    return nullptr;
}
} // namespace

class TestI2VGenXLFamily : public QObject {
    Q_OBJECT

private slots:
    void registered()
    {
        const ModelFamily* f = findModelFamily("i2vgen-xl");
        QVERIFY(f);
        QVERIFY(f->needsWeights());
        QCOMPARE(f->promptTokenLimit(), 77);
        QCOMPARE(familyForFolder(kData + "/i2vgenxl-tiny/model"), f);
    }

    void probe()
    {
        const ModelFamily* f = findModelFamily("i2vgen-xl");
        QVERIFY(f->probe(kData + "/i2vgenxl-tiny/model"));
        QVERIFY(f->probe(kData + "/i2vgenxl-real-configs"));
        QVERIFY(!f->probe(kData + "/i2vgenxl-tiny"));
        QTemporaryDir dir;
        std::ofstream(fs::path(dir.path().toStdString()) / "model_index.json") << "{\"_class_name\": \"StableDiffusionPipeline\"}";
        QVERIFY(!f->probe(dir.path().toStdString()));
        std::ofstream(fs::path(dir.path().toStdString()) / "model_index.json", std::ios::trunc) << "{not json";
        QVERIFY(!f->probe(dir.path().toStdString())); // never throws
    }

    void discoverFindsHfCacheSnapshots()
    {
        QTemporaryDir cache;
        const fs::path repo = fs::path(cache.path().toStdString()) / "models--ali-vilab--i2vgen-xl";
        const fs::path snapshot = repo / "snapshots" / "0123abcd";
        fs::create_directories(snapshot);
        fs::create_directories(repo / "refs");
        std::ofstream(repo / "refs" / "main") << "0123abcd";
        fs::copy_file(kData + "/i2vgenxl-tiny/model/model_index.json", snapshot / "model_index.json");
        // Another model in the same cache is not ours.
        const fs::path other = fs::path(cache.path().toStdString()) / "models--org--sd" / "snapshots" / "ff";
        fs::create_directories(other);
        std::ofstream(other / "model_index.json") << "{\"_class_name\": \"StableDiffusionPipeline\"}";

        qputenv("HF_HUB_CACHE", cache.path().toUtf8());
        const std::vector<ModelInfo> found = findModelFamily("i2vgen-xl")->discover();
        qunsetenv("HF_HUB_CACHE");
        QCOMPARE(found.size(), std::size_t(1));
        QCOMPARE(found[0].family, std::string("i2vgen-xl"));
        QCOMPARE(found[0].id, std::string("ali-vilab/i2vgen-xl"));
        QCOMPARE(found[0].revision, std::string("0123abcd"));
        QCOMPARE(fs::canonical(found[0].path), fs::canonical(snapshot));
    }

    void parameterSchema()
    {
        const ModelFamily* f = findModelFamily("i2vgen-xl");
        const auto params = f->parameters();
        for (const char* name : {"width", "height", "frames", "steps", "guidance", "fps", "seed", "decode_chunk"})
            QVERIFY2(findParam(params, name), name);
        QCOMPARE(findParam(params, "width")->step, 8.0);
        QCOMPARE(findParam(params, "height")->step, 8.0);
        for (const ParamSpec& p : params) {
            QVERIFY2(p.minValue <= p.defaultValue && p.defaultValue <= p.maxValue, p.name.c_str());
            QVERIFY2(!p.description.empty(), p.name.c_str());
        }

        GenerationRequest r;
        r.family = "i2vgen-xl";
        r.image = Image(8, 8);
        for (const ParamSpec& p : params) {
            if (p.name == "width") r.width = int(p.defaultValue);
            if (p.name == "height") r.height = int(p.defaultValue);
            if (p.name == "frames") r.frames = int(p.defaultValue);
            if (p.name == "steps") r.steps = int(p.defaultValue);
            if (p.name == "guidance") r.guidance = p.defaultValue;
            if (p.name == "fps") r.fps = int(p.defaultValue);
            if (p.name == "decode_chunk") r.decodeChunk = int(p.defaultValue);
        }
        validateRequest(*f, r); // the defaults are valid
        r.width = 516;          // not a multiple of 8
        try {
            validateRequest(*f, r);
            QFAIL("width 516 was accepted");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::InvalidArgument);
            QVERIFY2(std::string(e.what()).find("width = 516 must be a multiple of 8 (the VAE works on 8x8 pixel "
                                                "blocks)") != std::string::npos,
                     e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestI2VGenXLFamily)
#include "test_i2vgen_xl_family.moc"
