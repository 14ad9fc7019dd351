// Parity of the CLIPModel scorer with transformers 5.24 on tests/data/clip-score-tiny (written by
// scripts/fixtures/make_clip_score_golden.py): token ids exact, text and image embeddings within 1e-5,
// CLIPImageProcessor pixel values within 1e-5; then the scorer end to end and loading errors.
#include "core/base/error.h"
#include "core/engine/api/clip_score.h"
#include "core/engine/api/registry.h"
#include "core/engine/models/clip/image_processing.h"
#include "core/engine/models/clip/modeling_clip.h"
#include "core/engine/tensor/state_dict.h"
#include "core/media/image_io.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace i2v;

namespace {

const std::filesystem::path kFixture = std::filesystem::path(I2V_TEST_DATA_DIR) / "clip-score-tiny";
constexpr double kEmbedTol = 1e-5;

bool checkClose(const char* name, const torch::Tensor& actual, const torch::Tensor& expected, double tol)
{
    if (actual.sizes() != expected.sizes()) {
        qWarning("%s: shape mismatch", name);
        return false;
    }
    const double err = (actual.to(torch::kFloat64) - expected.to(torch::kFloat64)).abs().max().item<double>();
    qInfo("%-32s max abs error %.3g (tolerance %.0e)", name, err, tol);
    return err <= tol;
}

std::vector<std::string> prompts()
{
    std::ifstream in(kFixture / "golden/prompts.json");
    return nlohmann::json::parse(in).get<std::vector<std::string>>();
}

Image fixtureImage(int i) { return loadImage(kFixture / ("golden/inputs/image_" + std::to_string(i) + ".png")); }

} // namespace

class TestClipScore : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initEngineRuntime(); }

    void modelEmbeddingsMatchTransformers()
    {
        torch::NoGradGuard noGrad;
        auto model = loadCLIPModel(kFixture / "model/config.json", kFixture / "model/model.safetensors");
        const auto golden = loadSafetensors(kFixture / "golden/golden.safetensors");
        QCOMPARE(model->config().projectionDim, std::int64_t{12}); // the top-level value, not text_config's 512
        std::vector<torch::Tensor> texts;
        for (std::size_t i = 0; i < prompts().size(); ++i)
            texts.push_back(model->textEmbeds(golden.at("input_ids_" + std::to_string(i))));
        QVERIFY(checkClose("text_embeds", torch::cat(texts), golden.at("text_embeds"), kEmbedTol));
        QVERIFY(checkClose("image_embeds", model->imageEmbeds(golden.at("pixel_values")), golden.at("image_embeds"),
                           kEmbedTol));
        QVERIFY(checkClose("logit_scale", model->logitScale(), golden.at("logit_scale"), 0.0));
    }

    void processorPixelsMatchTransformers()
    {
        const auto golden = loadSafetensors(kFixture / "golden/golden.safetensors");
        const auto config = loadClipImageProcessorConfig(kFixture / "model/preprocessor_config.json");
        QCOMPARE(config.shortestEdge, 32);
        QVERIFY(config.resample == PilFilter::Bicubic);
        const auto pixels = torch::cat({preprocessForClipProcessor(fixtureImage(0), config),
                                        preprocessForClipProcessor(fixtureImage(1), config)});
        QVERIFY(checkClose("pixel_values", pixels, golden.at("pixel_values"), 1e-5));
    }

    void scorerTokensAndEmbeddingsMatch()
    {
        auto scorer = loadClipScorer(kFixture.string() + "/model");
        const auto golden = loadSafetensors(kFixture / "golden/golden.safetensors");
        const auto ps = prompts();
        for (std::size_t i = 0; i < ps.size(); ++i) {
            const auto expected = golden.at("input_ids_" + std::to_string(i)).view({-1});
            const auto ids = scorer->tokenIds(ps[i]);
            QCOMPARE(static_cast<std::int64_t>(ids.size()), expected.numel());
            for (std::size_t k = 0; k < ids.size(); ++k)
                QCOMPARE(ids[k], expected[static_cast<std::int64_t>(k)].item<std::int64_t>());
            const auto text = scorer->textEmbedding(ps[i]);
            QVERIFY(checkClose("scorer text embedding", torch::tensor(text),
                               golden.at("text_embeds")[static_cast<std::int64_t>(i)], kEmbedTol));
        }
        for (int i = 0; i < 2; ++i) {
            const auto image = scorer->imageEmbedding(fixtureImage(i));
            QVERIFY(checkClose("scorer image embedding", torch::tensor(image), golden.at("image_embeds")[i], kEmbedTol));
        }
    }

    // The scorer's P, I and c_i are the cosines of the golden embeddings, combined by the formula.
    void scoreUsesTheFormula()
    {
        auto scorer = loadClipScorer(kFixture.string() + "/model");
        const auto golden = loadSafetensors(kFixture / "golden/golden.safetensors");
        const auto toVec = [](const torch::Tensor& t) {
            const auto f = t.to(torch::kFloat32).contiguous();
            return std::vector<float>(f.data_ptr<float>(), f.data_ptr<float>() + f.numel());
        };
        const auto text = toVec(golden.at("text_embeds")[0]);
        const auto e0 = toVec(golden.at("image_embeds")[0]);
        const auto e1 = toVec(golden.at("image_embeds")[1]);
        const std::vector<Image> frames = {fixtureImage(0), fixtureImage(1), fixtureImage(1)};
        const Image source = fixtureImage(0);
        ScoreWeights w;
        w.temporalTarget = 0.5;
        w.temporalWidth = 1.0;
        const ClipScore s = scorer->score(frames, &source, prompts()[0], w);
        const double p = (cosineSimilarity(text, e0) + 2 * cosineSimilarity(text, e1)) / 3;
        const double im = (1.0 + 2 * cosineSimilarity(e0, e1)) / 3;
        const double c01 = cosineSimilarity(e0, e1);
        const double t = (temporalTerm(c01, w) + temporalTerm(1.0, w)) / 2;
        QVERIFY(std::abs(*s.promptSimilarity - p) < 1e-5);
        QVERIFY(std::abs(*s.imageSimilarity - im) < 1e-5);
        QVERIFY(std::abs(s.consecutiveSimilarity - (c01 + 1.0) / 2) < 1e-5);
        QVERIFY(std::abs(s.temporal - t) < 1e-5);
        QVERIFY(std::abs(s.total - (w.prompt * p + w.image * im + w.temporal * t)) < 1e-5);
        QCOMPARE(s.framesScored, 3);
        // No prompt, no image: those terms are absent.
        const ClipScore bare = scorer->score(frames, nullptr, "", w);
        QVERIFY(!bare.promptSimilarity && !bare.imageSimilarity);
        QVERIFY(std::abs(bare.total - w.temporal * t) < 1e-5);
    }

    void loadingErrorsNameTheFile()
    {
        QTemporaryDir dir;
        const std::filesystem::path root(dir.path().toStdString());
        try {
            loadClipScorer((root / "absent").string());
            QFAIL("no error");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::ModelNotFound);
        }
        std::filesystem::copy(kFixture / "model", root / "m", std::filesystem::copy_options::recursive);
        std::ofstream(root / "m/config.json") << R"({"text_config": {}, "vision_config": {}})";
        try {
            loadClipScorer((root / "m").string());
            QFAIL("no error");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::ModelInvalid);
            QVERIFY2(std::string(e.what()).find("config.json") != std::string::npos, e.what());
        }
        std::ofstream(root / "m/config.json") << R"({"architectures": ["CLIPTextModel"]})";
        QVERIFY(!isClipModelFolder((root / "m").string()));
        QVERIFY(isClipModelFolder((kFixture / "model").string()));
    }
};

QTEST_GUILESS_MAIN(TestClipScore)
#include "test_clip_score.moc"
