// Golden test: one I2VGenXLUNet call on the fixture's stored inputs (the first denoising step) compared
// with every stored internal of diffusers' run (golden/unet_step0_internals.safetensors) and the output
// (denoise step0.noise_pred), within the fixture README's tolerances: abs 1e-4, or 1e-5 of the tensor's
// max |value| when that is larger.

#include "core/engine/api/registry.h"
#include "core/engine/models/i2vgen_xl/unet_i2vgen_xl.h"
#include "core/engine/tensor/state_dict.h"

#include <QtTest>

#include <map>

using namespace i2v;
using namespace i2v::i2vgenxl;

namespace {

const std::string kFixture = std::string(I2V_TEST_DATA_DIR) + "/i2vgenxl-tiny/";

StateDict golden(const std::string& file) { return loadSafetensors(kFixture + "golden/" + file); }

} // namespace

class TestUNetGolden : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { initEngineRuntime(); }

    void step0MatchesEveryInternal()
    {
        torch::NoGradGuard noGrad;
        I2VGenXLUNet unet(loadUNetConfig(kFixture + "model/unet/config.json"));
        loadStateDictStrict(*unet, loadSafetensors(kFixture + "model/unet/diffusion_pytorch_model.safetensors"),
                            "unet");

        const StateDict denoise = golden("denoise.safetensors");
        const StateDict conditioning = golden("conditioning.safetensors");
        const StateDict internals = golden("unet_step0_internals.safetensors");
        const torch::Tensor sample = denoise.at("step0.latent_model_input");
        const torch::Tensor timestep = conditioning.at("timesteps")[0];
        const torch::Tensor fps = conditioning.at("fps");
        const torch::Tensor imageLatents = golden("vae_encode.safetensors").at("image_latents");
        const torch::Tensor imageEmbeddings = golden("image_encoder.safetensors").at("image_embeddings");
        const torch::Tensor text = golden("text_encoder.safetensors").at("encoder_hidden_states");

        std::map<std::string, torch::Tensor> captured;
        auto hook = [&](const std::string& name, const torch::Tensor& value) {
            QVERIFY2(captured.count(name) == 0, name.c_str());
            captured[name] = value.clone();
        };
        torch::Tensor out = unet(sample, timestep, fps, imageLatents, imageEmbeddings, text, hook);
        captured["noise_pred"] = out.contiguous();

        std::map<std::string, torch::Tensor> expected(internals.begin(), internals.end());
        expected["noise_pred"] = denoise.at("step0.noise_pred");
        QCOMPARE(captured.size(), expected.size()); // every internal captured, nothing extra
        for (const auto& [name, want] : expected) {
            QVERIFY2(captured.count(name) == 1, ("not captured: " + name).c_str());
            const torch::Tensor& got = captured[name];
            QVERIFY2(got.sizes() == want.sizes(), ("shape differs: " + name).c_str());
            const double maxAbs = want.abs().max().item<double>();
            const double err = (got.to(torch::kFloat64) - want.to(torch::kFloat64)).abs().max().item<double>();
            const double tol = std::max(1e-4, 1e-5 * maxAbs);
            qInfo("%-34s max|ref| %9.4f  max abs err %.3g  (tol %.3g)", name.c_str(), maxAbs, err, tol);
            QVERIFY2(err <= tol, ("outside tolerance: " + name).c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestUNetGolden)
#include "test_unet_golden.moc"
