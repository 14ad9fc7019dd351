// The recipe JSON: complete round trip, batch-line leniency (shorthands, unknown keys), errors naming the
// key, and the sidecar file.

#include "core/base/error.h"
#include "core/media/recipe.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace i2v;

namespace {

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

GenerationRequest sampleRequest()
{
    GenerationRequest r;
    r.imagePath = "/photos/\xE7\x8C\xAB.jpg";
    r.prompt = "\xE9\x95\x9C\xE5\xA4\xB4\xE6\x8E\xA8\xE8\xBF\x91 camera slowly zooming in on the face \"quoted\"";
    r.negativePrompt = "blurry, low quality";
    r.family = "i2vgen-xl";
    r.modelDir = "/models/i2vgen-xl";
    r.motion = "zoom-in";
    r.width = 640;
    r.height = 384;
    r.frames = 24;
    r.fps = 12;
    r.steps = 30;
    r.guidance = 7.5;
    r.strength = 0.6;
    r.seed = 9007199254740993LL; // above 2^53: must survive as an integer
    r.imageNoiseSeed = 17;
    r.decodeChunk = 4;
    r.device = "cuda:1";
    r.dtype = "float16";
    r.previewEvery = 3;
    r.output.format = OutputFormat::WebM;
    r.output.path = "/out/clip.webm";
    r.output.outputDir = "/out";
    r.output.framesDir = "/out/frames";
    r.output.crf = 23;
    r.output.writeSidecar = false;
    return r;
}

} // namespace

class TestRecipe : public QObject {
    Q_OBJECT

private slots:
    void roundTripIsComplete()
    {
        const GenerationRequest r = sampleRequest();
        GenerationResult result;
        result.family = "i2vgen-xl";
        result.modelId = "ali-vilab/i2vgen-xl";
        result.modelRevision = "39e1979ea27be737b0278c06755e321f2b4360d5";
        result.details["motion"] = "zoom-in";
        const std::string json = recipeToJson(r, &result);
        QVERIFY(json.find("\"schema_version\": 1") != std::string::npos);
        QVERIFY(json.find("ali-vilab/i2vgen-xl") != std::string::npos);
        QVERIFY(json.find("\xE7\x8C\xAB") != std::string::npos); // UTF-8 kept readable, not \u-escaped
        QVERIFY(json.find(I2V_VERSION) != std::string::npos);
        const GenerationRequest b = recipeFromJson(json);
        QCOMPARE(b.imagePath, r.imagePath);
        QCOMPARE(b.prompt, r.prompt);
        QCOMPARE(b.negativePrompt, r.negativePrompt);
        QCOMPARE(b.family, r.family);
        QCOMPARE(b.modelDir, r.modelDir);
        QCOMPARE(b.motion, r.motion);
        QCOMPARE(b.width, r.width);
        QCOMPARE(b.height, r.height);
        QCOMPARE(b.frames, r.frames);
        QCOMPARE(b.fps, r.fps);
        QCOMPARE(b.steps, r.steps);
        QCOMPARE(b.guidance, r.guidance);
        QCOMPARE(b.strength, r.strength);
        QCOMPARE(b.seed, r.seed);
        QVERIFY(b.imageNoiseSeed.has_value());
        QCOMPARE(*b.imageNoiseSeed, *r.imageNoiseSeed);
        QCOMPARE(b.decodeChunk, r.decodeChunk);
        QCOMPARE(b.device, r.device);
        QCOMPARE(b.dtype, r.dtype);
        QCOMPARE(b.previewEvery, r.previewEvery);
        QCOMPARE(int(b.output.format), int(r.output.format));
        QCOMPARE(b.output.path, r.output.path);
        QCOMPARE(b.output.outputDir, r.output.outputDir);
        QCOMPARE(b.output.framesDir, r.output.framesDir);
        QCOMPARE(b.output.crf, r.output.crf);
        QCOMPARE(b.output.writeSidecar, r.output.writeSidecar);
        // Writing what was read gives the same text (nothing lost or invented).
        QCOMPARE(recipeToJson(b, &result), json);
        GenerationRequest noNoise = r;
        noNoise.imageNoiseSeed.reset();
        QVERIFY(!recipeFromJson(recipeToJson(noNoise)).imageNoiseSeed.has_value());
    }

    void batchLinesAreLenient()
    {
        const GenerationRequest b = recipeFromJson(
            "{\"prompt\": \"waves roll\", \"image\": \"in.png\", \"model\": \"/m\", \"engine\": \"camera-motion\","
            " \"output\": \"out.gif\", \"frames\": 8.0, \"future_key\": [1, 2]}");
        QCOMPARE(b.prompt, std::string("waves roll"));
        QCOMPARE(b.imagePath, std::string("in.png"));
        QCOMPARE(b.modelDir, std::string("/m"));
        QCOMPARE(b.family, std::string("camera-motion"));
        QCOMPARE(b.output.path, std::string("out.gif"));
        QCOMPARE(b.frames, 8);
        const GenerationRequest defaults;
        QCOMPARE(b.width, defaults.width); // absent keys keep the defaults
        QCOMPARE(b.steps, defaults.steps);
    }

    void errorsNameTheKey()
    {
        std::string detail;
        QCOMPARE(codeOf([&] { recipeFromJson("{\"frames\": \"many\"}"); }, &detail), ErrorCode::InvalidArgument);
        QVERIFY2(detail.find("frames") != std::string::npos, detail.c_str());
        QCOMPARE(codeOf([&] { recipeFromJson("{\"frames\": 2.5}"); }, &detail), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf([&] { recipeFromJson("{\"output\": {\"format\": \"avi\"}}"); }, &detail),
                 ErrorCode::InvalidArgument);
        QVERIFY2(detail.find("output.format") != std::string::npos, detail.c_str());
        QCOMPARE(codeOf([&] { recipeFromJson("{\"model\": {\"path\": 3}}"); }, &detail), ErrorCode::InvalidArgument);
        QVERIFY2(detail.find("model.path") != std::string::npos, detail.c_str());
        QCOMPARE(codeOf([&] { recipeFromJson("{\"width\": 1e12}"); }), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf([&] { recipeFromJson("{\"schema_version\": 2}"); }, &detail), ErrorCode::InvalidArgument);
        QVERIFY2(detail.find("newer") != std::string::npos, detail.c_str());
        QCOMPARE(codeOf([&] { recipeFromJson("[1, 2]"); }), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf([&] { recipeFromJson("{\"prompt\": "); }), ErrorCode::InvalidArgument);
    }

    void sidecar()
    {
        QCOMPARE(sidecarPathFor("/a/clip.mp4").string(), std::string("/a/clip.mp4.json"));
        QCOMPARE(sidecarPathFor("/a/frames/").string(), std::string("/a/frames.json"));
        QTemporaryDir dir;
        const std::filesystem::path clip = dir.filePath("clip.mp4").toStdString();
        const std::string json = recipeToJson(sampleRequest());
        writeSidecar(clip, json);
        std::ifstream in(sidecarPathFor(clip));
        const std::string back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        QCOMPARE(back, json);
        QCOMPARE(codeOf([&] { writeSidecar(clip, "{}"); }), ErrorCode::OutputExists);
        const auto meta = recipeMetadata(json);
        QCOMPARE(meta.at("i2v_recipe"), meta.at("comment"));
        QVERIFY(meta.at("comment").find('\n') == std::string::npos);
        QCOMPARE(recipeToJson(recipeFromJson(meta.at("comment"))), json);
    }
};

QTEST_GUILESS_MAIN(TestRecipe)
#include "test_recipe.moc"
