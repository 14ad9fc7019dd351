// Golden tests of AutoencoderKL against the i2vgenxl-tiny fixture (golden/vae_encode.safetensors and
// golden/decode.safetensors): moments / posterior / sampled latents within abs 1e-4, decoded video within
// abs 2e-4 (fixture README), plus RNG order, chunking, cancellation and config errors.
#include "core/base/error.h"
#include "core/engine/api/registry.h"
#include "core/engine/models/vae/autoencoder_kl.h"
#include "core/engine/tensor/state_dict.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace i2v;

namespace {

const std::filesystem::path kFixture = std::filesystem::path(I2V_TEST_DATA_DIR) / "i2vgenxl-tiny";
constexpr double kLatentTol = 1e-4;
constexpr double kDecodeTol = 2e-4;

bool checkClose(const char* name, const torch::Tensor& actual, const torch::Tensor& expected, double tol)
{
    if (actual.sizes() != expected.sizes()) {
        qWarning("%s: shape mismatch", name);
        return false;
    }
    const double err = (actual.to(torch::kFloat64) - expected.to(torch::kFloat64)).abs().max().item<double>();
    qInfo("%-24s max abs error %.3g (tolerance %.0e)", name, err, tol);
    return err <= tol;
}

AutoencoderKL loadFixtureVae()
{
    return loadAutoencoderKL(kFixture / "model/vae/config.json", kFixture / "model/vae/diffusion_pytorch_model.safetensors");
}

} // namespace

class TestVae : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initEngineRuntime(); }

    void encodeMatchesGolden()
    {
        torch::NoGradGuard noGrad;
        auto vae = loadFixtureVae();
        QCOMPARE(vae->config().spatialScaleFactor(), std::int64_t(4));
        const auto golden = loadSafetensors(kFixture / "golden/vae_encode.safetensors");
        const auto moments = vae->encodeMoments(golden.at("vae_input"));
        QVERIFY(checkClose("vae_moments", moments, golden.at("vae_moments"), kLatentTol));
        const DiagonalGaussianDistribution posterior(moments);
        QVERIFY(checkClose("posterior_mean", posterior.mean(), golden.at("posterior_mean"), kLatentTol));
        QVERIFY(checkClose("posterior_logvar", posterior.logvar(), golden.at("posterior_logvar"), kLatentTol));
        QVERIFY(checkClose("posterior_std", posterior.std(), golden.at("posterior_std"), kLatentTol));
        QVERIFY(checkClose("image_latents_sampled (golden noise)", posterior.sampleWithNoise(golden.at("image_latent_noise")),
                           golden.at("image_latents_sampled"), kLatentTol));

        // RNG draw #1 of the pipeline: the global generator seeded with call.json's global_seed.
        torch::manual_seed(1234);
        const auto sampled = vae->encode(golden.at("vae_input")).sample();
        QVERIFY(checkClose("image_latents_sampled (global RNG)", sampled, golden.at("image_latents_sampled"),
                           kLatentTol));
        // An explicit CPU generator with the same seed draws the same numbers.
        auto generator = at::make_generator<at::CPUGeneratorImpl>(1234);
        const auto noise = posterior.sample(generator) - posterior.mean();
        QVERIFY(checkClose("image_latent_noise * std", noise, golden.at("image_latent_noise") * posterior.std(),
                           kLatentTol));
    }

    void decodeMatchesGolden()
    {
        torch::NoGradGuard noGrad;
        auto vae = loadFixtureVae();
        const auto golden = loadSafetensors(kFixture / "golden/decode.safetensors");
        const auto latents = golden.at("decode_input_latents");
        std::vector<std::int64_t> progress;
        const auto video = vae->decodeVideo(latents, 2, nullptr,
                                            [&](std::int64_t done, std::int64_t total) {
                                                QCOMPARE(total, std::int64_t(4));
                                                progress.push_back(done);
                                            });
        QVERIFY(checkClose("decoded_video", video, golden.at("decoded_video"), kDecodeTol));
        QCOMPARE(progress, (std::vector<std::int64_t>{2, 4}));
        // Chunking changes the batch only: uneven chunks and a single pass give the same frames.
        QVERIFY(checkClose("decoded_video (chunk 3)", vae->decodeVideo(latents, 3), golden.at("decoded_video"),
                           kDecodeTol));
        QVERIFY(checkClose("decoded_video (one pass)", vae->decodeVideo(latents, 0), golden.at("decoded_video"),
                           kDecodeTol));
        const auto frames = (video / 2 + 0.5).clamp(0, 1).permute({0, 2, 3, 4, 1});
        QVERIFY(checkClose("frames_float", frames, golden.at("frames_float"), 1e-4));
    }

    void decodeStopsWhenCancelled()
    {
        torch::NoGradGuard noGrad;
        auto vae = loadFixtureVae();
        CancelToken cancel;
        cancel.cancel();
        try {
            vae->decodeVideo(torch::zeros({1, 4, 2, 8, 8}), 1, &cancel);
            QFAIL("a cancelled decode ran");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        QVERIFY_THROWS_EXCEPTION(I2vError, vae->decode(torch::zeros({1, 3, 8, 8})));
        QVERIFY_THROWS_EXCEPTION(I2vError, vae->encodeMoments(torch::zeros({1, 3, 30, 30})));
    }

    void configErrorsNameTheProblem()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto path = std::filesystem::path(dir.path().toStdString()) / "config.json";
        std::ofstream(path) << "{\"down_block_types\": [\"AttnDownEncoderBlock2D\"], \"up_block_types\":"
                               " [\"UpDecoderBlock2D\"], \"block_out_channels\": [32]}";
        try {
            loadAutoencoderKLConfig(path);
            QFAIL("an unsupported block type was accepted");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::ModelInvalid);
            QVERIFY2(std::string(e.what()).find("AttnDownEncoderBlock2D") != std::string::npos, e.what());
        }
        std::ofstream(path) << "{\"down_block_types\": [\"DownEncoderBlock2D\"], \"up_block_types\":"
                               " [\"UpDecoderBlock2D\"]}";
        try {
            loadAutoencoderKLConfig(path);
            QFAIL("a config without block_out_channels was accepted");
        } catch (const I2vError& e) {
            QVERIFY2(std::string(e.what()).find("block_out_channels") != std::string::npos, e.what());
        }
        // The real model's config (4 blocks, factor 8) parses.
        const auto real = loadAutoencoderKLConfig(std::filesystem::path(I2V_TEST_DATA_DIR) /
                                                  "i2vgenxl-real-configs/vae/config.json");
        QCOMPARE(real.spatialScaleFactor(), std::int64_t(8));
    }
};

QTEST_GUILESS_MAIN(TestVae)
#include "test_vae.moc"
