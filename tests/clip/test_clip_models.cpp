// Golden tests of the CLIP text encoder and image encoder against the i2vgenxl-tiny fixture
// (tests/data/i2vgenxl-tiny/golden/{tokens,text_encoder,image_encoder}.safetensors), plus config and
// loading errors. Tolerance (fixture README): encoder outputs abs 1e-5.
#include "core/base/error.h"
#include "core/engine/api/registry.h"
#include "core/engine/models/clip/modeling_clip.h"
#include "core/engine/tensor/state_dict.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace i2v;

namespace {

const std::filesystem::path kFixture = std::filesystem::path(I2V_TEST_DATA_DIR) / "i2vgenxl-tiny";
constexpr double kEncoderTol = 1e-5;

double maxAbsError(const torch::Tensor& actual, const torch::Tensor& expected)
{
    if (actual.sizes() != expected.sizes()) {
        return std::numeric_limits<double>::infinity();
    }
    return (actual.to(torch::kFloat64) - expected.to(torch::kFloat64)).abs().max().item<double>();
}

// Logs the error (the numbers go into the notes) and fails above `tol`.
bool checkClose(const char* name, const torch::Tensor& actual, const torch::Tensor& expected, double tol)
{
    const double err = maxAbsError(actual, expected);
    qInfo("%-40s max abs error %.3g (tolerance %.0e)", name, err, tol);
    return err <= tol;
}

void writeFile(const std::filesystem::path& path, const std::string& text)
{
    std::ofstream out(path);
    out << text;
}

} // namespace

class TestClipModels : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initEngineRuntime(); }

    void textEncoderMatchesGolden()
    {
        torch::NoGradGuard noGrad;
        auto model = loadCLIPTextModel(kFixture / "model/text_encoder/config.json",
                                       kFixture / "model/text_encoder/model.safetensors");
        const auto tokens = loadSafetensors(kFixture / "golden/tokens.safetensors");
        const auto golden = loadSafetensors(kFixture / "golden/text_encoder.safetensors");
        std::map<std::string, torch::Tensor> embeds;
        for (const std::string prefix : {"prompt", "negative_prompt"}) {
            const auto ids = tokens.at(prefix + "_input_ids");
            const auto out = model->forward(ids);
            const auto goldenHidden = golden.at(prefix + "_hidden_states");
            QCOMPARE(static_cast<std::int64_t>(out.hiddenStates.size()), goldenHidden.size(0));
            for (std::size_t i = 0; i < out.hiddenStates.size(); ++i) {
                const auto name = prefix + "_hidden_states[" + std::to_string(i) + "]";
                QVERIFY2(checkClose(name.c_str(), out.hiddenStates[i], goldenHidden[i], kEncoderTol), name.c_str());
            }
            QVERIFY(checkClose((prefix + "_last_hidden_state").c_str(), out.lastHiddenState,
                               golden.at(prefix + "_last_hidden_state"), kEncoderTol));
            QVERIFY(checkClose((prefix + "_pooler_output").c_str(), out.pooled, golden.at(prefix + "_pooler_output"),
                               kEncoderTol));
            embeds[prefix] = model->encodePromptEmbeds(ids, 1);
            QVERIFY(checkClose((prefix + "_embeds").c_str(), embeds[prefix], golden.at(prefix + "_embeds"),
                               kEncoderTol));
        }
        const auto context = torch::cat({embeds["negative_prompt"], embeds["prompt"]});
        QVERIFY(checkClose("encoder_hidden_states", context, golden.at("encoder_hidden_states"), kEncoderTol));
        // clip_skip = 0 (None in diffusers) is the full model's last_hidden_state.
        const auto full = model->encodePromptEmbeds(tokens.at("prompt_input_ids"), 0);
        QVERIFY(checkClose("clip_skip=0 == last_hidden_state", full, golden.at("prompt_last_hidden_state"),
                           kEncoderTol));
        QVERIFY_THROWS_EXCEPTION(I2vError, model->encodePromptEmbeds(tokens.at("prompt_input_ids"), 4));
    }

    void imageEncoderMatchesGolden()
    {
        torch::NoGradGuard noGrad;
        auto model = loadCLIPVisionModelWithProjection(kFixture / "model/image_encoder/config.json",
                                                       kFixture / "model/image_encoder/model.safetensors");
        QCOMPARE(model->config().hiddenAct, std::string("quick_gelu"));
        const auto golden = loadSafetensors(kFixture / "golden/image_encoder.safetensors");
        const auto out = model->forward(golden.at("clip_pixel_values"));
        QVERIFY(checkClose("image_encoder_last_hidden_state", out.lastHiddenState,
                           golden.at("image_encoder_last_hidden_state"), kEncoderTol));
        QVERIFY(checkClose("image_encoder_pooler_output", out.pooled, golden.at("image_encoder_pooler_output"),
                           kEncoderTol));
        QVERIFY(checkClose("image_embeds", out.imageEmbeds, golden.at("image_embeds"), kEncoderTol));
        // Wrong input size is refused with a clear error instead of a shape crash.
        QVERIFY_THROWS_EXCEPTION(I2vError, model->forward(torch::zeros({1, 3, 40, 40})));
    }

    // Configs written before transformers fixed eos_token_id (== 2) pool at the largest id.
    void legacyEosPoolsAtLargestId()
    {
        torch::NoGradGuard noGrad;
        CLIPTextConfig config;
        config.vocabSize = 50;
        config.hiddenSize = 8;
        config.intermediateSize = 16;
        config.numHiddenLayers = 1;
        config.numAttentionHeads = 2;
        config.maxPositionEmbeddings = 6;
        config.eosTokenId = 2;
        // Parameters are created uninitialised (weights are always loaded); give them values here.
        auto randomise = [](torch::nn::Module& m) {
            for (auto& p : m.parameters()) {
                p.normal_(0.0, 0.5);
            }
        };
        CLIPTextModel legacy(config);
        randomise(*legacy);
        const auto ids = torch::tensor({{1, 2, 40, 7, 2, 2}}, torch::kInt64);
        const auto legacyOut = legacy->forward(ids);
        QVERIFY(torch::equal(legacyOut.pooled[0], legacyOut.lastHiddenState[0][2]));
        config.eosTokenId = 7;
        CLIPTextModel modern(config);
        randomise(*modern);
        const auto modernOut = modern->forward(ids);
        QVERIFY(torch::equal(modernOut.pooled[0], modernOut.lastHiddenState[0][3]));
    }

    void configErrorsNameTheProblem()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::filesystem::path root = dir.path().toStdString();
        writeFile(root / "missing.json", "{\"vocab_size\": 10, \"intermediate_size\": 8, \"num_hidden_layers\": 1,"
                                         " \"num_attention_heads\": 1}");
        try {
            loadCLIPTextConfig(root / "missing.json");
            QFAIL("a config without hidden_size was accepted");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::ModelInvalid);
            QVERIFY2(std::string(e.what()).find("hidden_size") != std::string::npos, e.what());
        }
        writeFile(root / "act.json", "{\"hidden_size\": 8, \"intermediate_size\": 8, \"num_hidden_layers\": 1,"
                                     " \"num_attention_heads\": 1, \"image_size\": 8, \"patch_size\": 4,"
                                     " \"hidden_act\": \"swish\"}");
        try {
            loadCLIPVisionConfig(root / "act.json");
            QFAIL("an unknown activation was accepted");
        } catch (const I2vError& e) {
            QVERIFY2(std::string(e.what()).find("swish") != std::string::npos, e.what());
        }
        writeFile(root / "broken.json", "{\"hidden_size\": ");
        QVERIFY_THROWS_EXCEPTION(I2vError, loadCLIPTextConfig(root / "broken.json"));
        QVERIFY_THROWS_EXCEPTION(I2vError, loadCLIPTextConfig(root / "absent.json"));
        // A CLIPConfig with nested text_config/vision_config parses too.
        writeFile(root / "nested.json", "{\"projection_dim\": 6, \"text_config\": {\"vocab_size\": 10,"
                                        " \"hidden_size\": 4, \"intermediate_size\": 8, \"num_hidden_layers\": 1,"
                                        " \"num_attention_heads\": 2}, \"vision_config\": {\"hidden_size\": 8,"
                                        " \"intermediate_size\": 8, \"num_hidden_layers\": 1,"
                                        " \"num_attention_heads\": 2, \"image_size\": 8, \"patch_size\": 4}}");
        QCOMPARE(loadCLIPTextConfig(root / "nested.json").hiddenSize, std::int64_t(4));
        QCOMPARE(loadCLIPVisionConfig(root / "nested.json").projectionDim, std::int64_t(6));
    }

    // Weights of another model are refused by strict loading (names the component).
    void mismatchedWeightsAreRefused()
    {
        try {
            loadCLIPVisionModelWithProjection(kFixture / "model/image_encoder/config.json",
                                              kFixture / "model/text_encoder/model.safetensors");
            QFAIL("text weights loaded into the vision model");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::ModelInvalid);
            QVERIFY2(std::string(e.what()).find("image_encoder") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestClipModels)
#include "test_clip_models.moc"
