// I2VGenXLUNet construction and loading: config parsing (tiny fixture and the real model's file), the
// real model's exact parameter count (built on the meta device: no memory), strict loading of the tiny
// weights, clear errors for bad configs and missing keys, and odd latent sizes.

#include "core/base/error.h"
#include "core/engine/models/i2vgen_xl/unet_i2vgen_xl.h"
#include "core/engine/tensor/state_dict.h"

#include <QtTest>

#include <chrono>

using namespace i2v;
using namespace i2v::i2vgenxl;

namespace {

const std::string kTiny = std::string(I2V_TEST_DATA_DIR) + "/i2vgenxl-tiny/model/unet/";
const std::string kReal = std::string(I2V_TEST_DATA_DIR) + "/i2vgenxl-real-configs/unet/config.json";

ErrorCode codeOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const I2vError& e) {
        return e.code();
    }
    return ErrorCode::Ok;
}

} // namespace

class TestUNetModel : public QObject {
    Q_OBJECT
private slots:
    void parsesTinyConfig()
    {
        const UNetConfig c = loadUNetConfig(kTiny + "config.json");
        QCOMPARE(c.blockOutChannels, (std::vector<std::int64_t>{16, 32, 32}));
        QCOMPARE(c.attentionHeadDim, (std::vector<std::int64_t>{4, 4, 4}));
        QCOMPARE(c.normNumGroups, std::int64_t(4));
        QCOMPARE(c.crossAttentionDim, std::int64_t(24));
        QCOMPARE(c.downBlockTypes.back(), std::string("DownBlock3D"));
        QCOMPARE(c.timeEmbedDim(), std::int64_t(64));
    }

    void realConfigHasExactParameterCount()
    {
        const auto start = std::chrono::steady_clock::now();
        const UNetConfig c = loadUNetConfig(kReal);
        QCOMPARE(c.attentionHeadDim, (std::vector<std::int64_t>{64, 64, 64, 64}));
        nn::ParameterOptionsGuard meta(torch::TensorOptions().device(torch::kMeta));
        I2VGenXLUNet unet(c);
        QCOMPARE(nn::parameterCount(*unet), std::int64_t(1'420'469'224));
        // Heads follow the reference's quirk: 320 channels / 64 -> 5 heads of 64.
        const auto params = unet->named_parameters();
        QCOMPARE(params["down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight"].sizes().vec(),
                 (std::vector<std::int64_t>{320, 1024}));
        QCOMPARE(params["transformer_in.proj_in.weight"].sizes().vec(), (std::vector<std::int64_t>{512, 320}));
        QCOMPARE(unet->downFactor(), std::int64_t(8));
        const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QVERIFY2(seconds < 20.0, "building the real-size UNet on the meta device took too long");
    }

    void loadsTinyWeightsStrictly()
    {
        I2VGenXLUNet unet(loadUNetConfig(kTiny + "config.json"));
        StateDict weights = loadSafetensors(kTiny + "diffusion_pytorch_model.safetensors");
        QCOMPARE(weights.size(), std::size_t(1109));
        loadStateDictStrict(*unet, weights, "unet");
        const auto params = unet->named_parameters();
        QVERIFY(torch::equal(params["up_blocks.2.temp_attentions.2.proj_out.weight"],
                             weights.at("up_blocks.2.temp_attentions.2.proj_out.weight")));

        StateDict missing = weights;
        missing.erase("mid_block.temp_convs.1.conv4.3.bias");
        QCOMPARE(codeOf([&] { loadStateDictStrict(*unet, missing, "unet"); }), ErrorCode::ModelInvalid);
    }

    void rejectsBadConfigs()
    {
        const std::string base = "{\"_class_name\": \"I2VGenXLUNet\", \"block_out_channels\": [16, 32], "
                                 "\"down_block_types\": [\"CrossAttnDownBlock3D\", \"DownBlock3D\"], "
                                 "\"up_block_types\": [\"UpBlock3D\", \"CrossAttnUpBlock3D\"], "
                                 "\"norm_num_groups\": 4, \"attention_head_dim\": 4, \"cross_attention_dim\": 8";
        QCOMPARE(parseUNetConfig(base + "}", "ok").blockOutChannels.size(), std::size_t(2));
        QCOMPARE(codeOf([&] { parseUNetConfig("{not json", "x"); }), ErrorCode::ModelInvalid);
        QCOMPARE(codeOf([&] { parseUNetConfig(base + ", \"layers_per_block\": 0}", "x"); }), ErrorCode::ModelInvalid);
        QCOMPARE(codeOf([&] { parseUNetConfig(base + ", \"norm_num_groups\": 5}", "x"); }), ErrorCode::ModelInvalid);
        QCOMPARE(codeOf([&] { parseUNetConfig(base + ", \"attention_head_dim\": [4]}", "x"); }),
                 ErrorCode::ModelInvalid);
        QCOMPARE(codeOf([&] { parseUNetConfig(base + ", \"_class_name\": \"UNet3DConditionModel\"}", "x"); }),
                 ErrorCode::ModelInvalid);
        const std::string badType = "{\"block_out_channels\": [16], \"down_block_types\": [\"DownBlock2D\"], "
                                    "\"up_block_types\": [\"UpBlock3D\"], \"norm_num_groups\": 4, "
                                    "\"attention_head_dim\": 4}";
        const UNetConfig c = parseUNetConfig(badType, "x");
        QCOMPARE(codeOf([&] { I2VGenXLUNet unet(c); }), ErrorCode::ModelInvalid);
        QCOMPARE(codeOf([&] { loadUNetConfig("/nonexistent/unet/config.json"); }), ErrorCode::FileNotFound);
    }

    void oddLatentSizesWork()
    {
        torch::NoGradGuard noGrad;
        I2VGenXLUNet unet(loadUNetConfig(kTiny + "config.json"));
        loadStateDictStrict(*unet, loadSafetensors(kTiny + "diffusion_pytorch_model.safetensors"), "unet");
        torch::manual_seed(0);
        const std::int64_t b = 1, f = 2, h = 11, w = 7; // not multiples of the down factor 4
        auto out = unet(torch::randn({b, 4, f, h, w}), torch::tensor(500), torch::tensor(8),
                        torch::randn({b, 4, f, h, w}), torch::randn({b, 1, 24}), torch::randn({b, 77, 24}));
        QCOMPARE(out.sizes().vec(), (std::vector<std::int64_t>{b, 4, f, h, w}));
        QVERIFY(torch::isfinite(out).all().item<bool>());
    }
};

QTEST_GUILESS_MAIN(TestUNetModel)
#include "test_unet_model.moc"
