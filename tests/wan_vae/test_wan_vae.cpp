// Golden tests of the AutoencoderKLWan port (core/engine/models/wan/wan_vae*) against diffusers 0.42.1 on the
// tests/data/wan-vae fixture (scripts/fixtures/wan/make_vae_golden.py): a tiny Wan2.1 VAE and a tiny Wan2.2
// VAE (is_residual, patch_size 2, in/out 12, decoder_base_dim), plus two other structures (wan21b, wan22b:
// 3 levels, temporal stride 2, odd widths, 13 frames -> 7 latents). Tolerances: encode mean / logvar max abs
// 1e-4, decode (clamped output) max abs 1e-4. Also: causality of the chunked cache, patchify layout,
// parameter counts (tiny and published configs against diffusers' counts), bad configs, truncated and
// mismatched weights, bad inputs, cancellation.
#include "core/base/error.h"
#include "core/engine/api/registry.h"
#include "core/engine/models/wan/wan_vae.h"
#include "core/engine/tensor/state_dict.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace i2v;
using namespace i2v::wan;

namespace {

const std::filesystem::path kFixture = std::filesystem::path(I2V_TEST_DATA_DIR) / "wan-vae";
constexpr double kEncodeTol = 1e-4;
constexpr double kDecodeTol = 1e-4;

bool checkClose(const std::string& name, const torch::Tensor& actual, const torch::Tensor& expected, double tol)
{
    if (actual.sizes() != expected.sizes()) {
        qWarning("%s: shape mismatch", name.c_str());
        return false;
    }
    const double err = (actual.to(torch::kFloat64) - expected.to(torch::kFloat64)).abs().max().item<double>();
    qInfo("%-32s max abs error %.3g (tolerance %.0e)", name.c_str(), err, tol);
    return err <= tol;
}

AutoencoderKLWan loadVariant(const std::string& variant)
{
    return loadAutoencoderKLWan(kFixture / variant / "vae/config.json",
                                kFixture / variant / "vae/diffusion_pytorch_model.safetensors");
}

nlohmann::json readJson(const std::filesystem::path& path)
{
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

// Expects `f` to throw I2vError with `code` and a message containing `needle`.
template <typename F>
bool throwsWith(F&& f, ErrorCode code, const std::string& needle)
{
    try {
        f();
    } catch (const I2vError& e) {
        const std::string what = e.what();
        if (e.code() != code || what.find(needle) == std::string::npos) {
            qWarning("wrong error (code %d): %s", int(e.code()), what.c_str());
            return false;
        }
        return true;
    }
    qWarning("no error; expected one mentioning \"%s\"", needle.c_str());
    return false;
}

void writeFile(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

} // namespace

class TestWanVae : public QObject {
    Q_OBJECT

private:
    void goldenParity(const std::string& variant)
    {
        auto vae = loadVariant(variant);
        const auto g = loadSafetensors(kFixture / variant / "golden.safetensors");
        const auto moments = vae->encodeMoments(g.at("video"));
        const auto z = vae->config().zDim;
        QVERIFY(checkClose(variant + " encode_mean", moments.slice(1, 0, z), g.at("encode_mean"), kEncodeTol));
        QVERIFY(checkClose(variant + " encode_logvar", moments.slice(1, z), g.at("encode_logvar"), kEncodeTol));
        QVERIFY(checkClose(variant + " encode_mean (1 frame)", vae->encodeMean(g.at("video_t1")),
                           g.at("encode_mean_t1"), kEncodeTol));

        const auto latentFrames = g.at("latents").size(2);
        QCOMPARE(g.at("encode_mean").size(2), 1 + (g.at("video").size(2) - 1) / vae->config().temporalStride());
        std::vector<std::int64_t> progress, expected;
        const auto decoded = vae->decode(g.at("latents"), nullptr, [&](std::int64_t done, std::int64_t total) {
            QCOMPARE(total, latentFrames);
            progress.push_back(done);
        });
        QVERIFY(checkClose(variant + " decode", decoded, g.at("decoded"), kDecodeTol));
        for (std::int64_t i = 1; i <= latentFrames; ++i)
            expected.push_back(i);
        QCOMPARE(progress, expected);
        QVERIFY(decoded.abs().max().item<double>() <= 1.0);

        // Causality of the chunked cache: a prefix of the input gives the prefix of the output.
        const auto prefix = vae->encodeMean(g.at("video").slice(2, 0, 5));
        QVERIFY(checkClose(variant + " encode 5-frame prefix", prefix,
                           g.at("encode_mean").slice(2, 0, prefix.size(2)), kEncodeTol));
        const auto decodedPrefix = vae->decode(g.at("latents").slice(2, 0, 2));
        QVERIFY(checkClose(variant + " decode 2-latent prefix", decodedPrefix,
                           g.at("decoded").slice(2, 0, decodedPrefix.size(2)), kDecodeTol));
        QVERIFY(checkClose(variant + " decode 1 latent frame", vae->decode(g.at("latents").slice(2, 0, 1)),
                           g.at("decoded").slice(2, 0, 1), kDecodeTol));
    }

private slots:
    void initTestCase() { initEngineRuntime(); }

    void wan21MatchesDiffusers()
    {
        const auto c = loadWanVaeConfig(kFixture / "wan21/vae/config.json");
        QVERIFY(!c.isResidual);
        QVERIFY(!c.patchSize.has_value());
        QCOMPARE(c.spatialStride(), std::int64_t(8));
        QCOMPARE(c.temporalStride(), std::int64_t(4));
        goldenParity("wan21");
    }

    void wan22MatchesDiffusers()
    {
        const auto c = loadWanVaeConfig(kFixture / "wan22/vae/config.json");
        QVERIFY(c.isResidual);
        QCOMPARE(c.patch(), std::int64_t(2));
        QCOMPARE(c.videoInChannels(), std::int64_t(3));
        QCOMPARE(c.spatialStride(), std::int64_t(16));
        QCOMPARE(*c.scaleFactorSpatial, std::int64_t(16));
        QCOMPARE(c.temporalStride(), std::int64_t(4));
        QCOMPARE(c.decoderDim(), std::int64_t(6));
        QVERIFY(c.clipOutput.has_value() && !*c.clipOutput);
        requireLatentStatistics(c, "wan22");
        goldenParity("wan22");
    }

    void bfloat16RunsNearTheFloat32Golden()
    {
        // The half-precision path (RMS norm and upsampling in float32, as the reference) on the CPU: no exact
        // parity, only closeness to the float32 golden.
        // Wan2.2 only: bf16 convolutions are slow on the CPU.
        for (const std::string v : {"wan22"}) {
            auto vae = loadAutoencoderKLWan(kFixture / v / "vae/config.json",
                                            kFixture / v / "vae/diffusion_pytorch_model.safetensors", torch::kBFloat16);
            const auto g = loadSafetensors(kFixture / v / "golden.safetensors");
            // 5 frames -> 2 latent frames; 2 latent frames -> 5 frames (prefixes of the golden, by causality).
            const auto mean = vae->encodeMean(g.at("video").slice(2, 0, 5));
            QCOMPARE(mean.scalar_type(), torch::kBFloat16);
            const auto expectedMean = g.at("encode_mean").slice(2, 0, 2);
            const auto scale = expectedMean.abs().max().item<double>();
            QVERIFY(checkClose(v + " bf16 encode_mean", mean, expectedMean, 0.05 * scale));
            const auto decoded = vae->decode(g.at("latents").slice(2, 0, 2));
            QCOMPARE(decoded.scalar_type(), torch::kBFloat16);
            QVERIFY(checkClose(v + " bf16 decode", decoded, g.at("decoded").slice(2, 0, 5), 0.1));
        }
    }

    void otherStructuresMatchDiffusers()
    {
        // 3 levels, temporal stride 2 at the first level, one res block, 13 frames -> 7 latent frames.
        const auto a = loadWanVaeConfig(kFixture / "wan21b/vae/config.json");
        QCOMPARE(a.spatialStride(), std::int64_t(4));
        QCOMPARE(a.temporalStride(), std::int64_t(2));
        goldenParity("wan21b"); // odd widths: the 2.1 decoder's halving floors 3 channels to 1
        const auto b = loadWanVaeConfig(kFixture / "wan22b/vae/config.json");
        QCOMPARE(b.spatialStride(), std::int64_t(8));
        QCOMPARE(b.decoderDim(), b.baseDim);
        goldenParity("wan22b");
    }

    void patchifyLayoutIsTheReferences()
    {
        // out[b, c*p*p + pw*p + ph, f, i, j] = x[b, c, f, i*p + ph, j*p + pw]
        const auto x = torch::arange(2 * 3 * 2 * 4 * 6, torch::kFloat32).reshape({2, 3, 2, 4, 6});
        const auto y = wanPatchify(x, 2);
        QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{2, 12, 2, 2, 3}));
        for (int c = 0; c < 3; ++c)
            for (int ph = 0; ph < 2; ++ph)
                for (int pw = 0; pw < 2; ++pw)
                    QCOMPARE(y[1][c * 4 + pw * 2 + ph][1][1][2].item<float>(), x[1][c][1][2 + ph][4 + pw].item<float>());
        QVERIFY(torch::equal(wanUnpatchify(y, 2), x));
        QVERIFY(torch::equal(wanPatchify(x, 1), x));
    }

    void parameterCountsMatchDiffusers()
    {
        const auto counts = readJson(kFixture / "param_counts.json");
        QCOMPARE(counts["diffusers"].get<std::string>(), std::string("0.42.1"));
        for (const std::string v : {"wan21", "wan22", "wan21b", "wan22b"}) {
            const auto tiny = wanVaeParameterCount(loadWanVaeConfig(kFixture / v / "vae/config.json"));
            QCOMPARE(tiny, counts["tiny_" + v].get<std::int64_t>());
        }
        for (const std::string v : {"wan21", "wan22"}) {
            const auto real = loadWanVaeConfig(kFixture / "real-configs" / (v + "-vae-config.json"));
            const auto n = wanVaeParameterCount(real);
            qInfo("%s published VAE: %lld parameters", v.c_str(), static_cast<long long>(n));
            QCOMPARE(n, counts["real_" + v].get<std::int64_t>());
            requireLatentStatistics(real, v);
        }
        QCOMPARE(counts["real_wan21"].get<std::int64_t>(), std::int64_t(126892531));
        QCOMPARE(counts["real_wan22"].get<std::int64_t>(), std::int64_t(704688668));
        const auto r22 = loadWanVaeConfig(kFixture / "real-configs/wan22-vae-config.json");
        QCOMPARE(r22.spatialStride(), *r22.scaleFactorSpatial);
        QCOMPARE(r22.temporalStride(), *r22.scaleFactorTemporal);
        const auto r21 = loadWanVaeConfig(kFixture / "real-configs/wan21-vae-config.json");
        QCOMPARE(r21.spatialStride(), std::int64_t(8));
        QCOMPARE(*r21.scaleFactorSpatial, std::int64_t(8)); // the published 2.1 config omits it: default 8
    }

    void badConfigsNameTheKey()
    {
        const std::string src = "config.json";
        auto bad = [&](const std::string& text, const std::string& needle) {
            return throwsWith([&] { parseWanVaeConfig(text, src); }, ErrorCode::ModelInvalid, needle);
        };
        QVERIFY(bad("not json", "not a JSON object"));
        QVERIFY(bad("[1, 2]", "not a JSON object"));
        QVERIFY(bad(R"({"_class_name": "AutoencoderKL"})", "_class_name"));
        QVERIFY(bad(R"({"z_dim": 1099511627776})", "z_dim"));
        QVERIFY(bad(R"({"z_dim": 0})", "z_dim"));
        QVERIFY(bad(R"({"z_dim": "16"})", "z_dim"));
        QVERIFY(bad(R"({"base_dim": 1e9})", "base_dim"));
        QVERIFY(bad(R"({"decoder_base_dim": -1})", "decoder_base_dim"));
        QVERIFY(bad(R"({"dim_mult": []})", "dim_mult"));
        QVERIFY(bad(R"({"dim_mult": [1, 2, 4, 4, 4, 4, 4, 4, 4]})", "dim_mult"));
        QVERIFY(bad(R"({"dim_mult": [1, 1000]})", "dim_mult[1]"));
        QVERIFY(bad(R"({"base_dim": 4096, "dim_mult": [1, 64]})", "base_dim * dim_mult"));
        QVERIFY(bad(R"({"num_res_blocks": 100})", "num_res_blocks"));
        QVERIFY(bad(R"({"temperal_downsample": [true]})", "temperal_downsample"));
        QVERIFY(bad(R"({"temperal_downsample": [1, 0, 0]})", "temperal_downsample"));
        QVERIFY(bad(R"({"attn_scales": "none"})", "attn_scales"));
        QVERIFY(bad(R"({"dropout": 1.5})", "dropout"));
        QVERIFY(bad(R"({"latents_mean": [0.1, "x"]})", "latents_mean[1]"));
        QVERIFY(bad(R"({"is_residual": "yes"})", "is_residual"));
        QVERIFY(bad(R"({"in_channels": 13, "patch_size": 2})", "in_channels"));
        QVERIFY(bad(R"({"out_channels": 10, "in_channels": 12, "patch_size": 2})", "out_channels"));
        QVERIFY(bad(R"({"patch_size": 64})", "patch_size"));
        QVERIFY(bad(R"({"scale_factor_spatial": 0})", "scale_factor_spatial"));
        QVERIFY(bad(R"({"clip_output": 1})", "clip_output"));
        // AvgDown3D / DupUp3D channel arithmetic (the reference raises at construction).
        QVERIFY(bad(R"({"is_residual": true, "base_dim": 4, "dim_mult": [1, 2, 4, 8]})", "is_residual encoder level 3"));
        QVERIFY(bad(R"({"is_residual": true, "base_dim": 4, "decoder_base_dim": 4, "dim_mult": [1, 16, 16, 16]})",
                    "is_residual encoder level 1"));
        QVERIFY(bad(R"({"is_residual": true, "base_dim": 4, "dim_mult": [1, 1, 8, 8]})", "is_residual decoder level 2"));
        // The pipeline-side check of the latent statistics.
        const auto c = parseWanVaeConfig(R"({"z_dim": 8})", src); // the 16 default statistics
        QVERIFY(throwsWith([&] { requireLatentStatistics(c, src); }, ErrorCode::ModelInvalid, "latents_mean"));
        // Defaults are the reference's (Wan2.1).
        const auto d = parseWanVaeConfig("{}", src);
        QCOMPARE(d.baseDim, std::int64_t(96));
        QCOMPARE(d.latentsMean.size(), std::size_t(16));
        QCOMPARE(d.spatialStride(), std::int64_t(8));
        QVERIFY(throwsWith([] { loadWanVaeConfig("/nonexistent/wan/vae/config.json"); }, ErrorCode::FileNotFound,
                           "config.json"));
    }

    void damagedWeightsAreRefused()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::filesystem::path tmp = dir.path().toStdString();
        const auto weights = kFixture / "wan21/vae/diffusion_pytorch_model.safetensors";
        const auto config = kFixture / "wan21/vae/config.json";
        // Truncated file.
        const auto truncated = tmp / "truncated.safetensors";
        std::filesystem::copy_file(weights, truncated);
        std::filesystem::resize_file(truncated, std::filesystem::file_size(weights) - 1000);
        try {
            loadAutoencoderKLWan(config, truncated);
            QFAIL("truncated weights were accepted");
        } catch (const I2vError& e) {
            QVERIFY2(e.code() == ErrorCode::WeightsCorrupt || e.code() == ErrorCode::ModelInvalid, e.what());
            QVERIFY2(std::string(e.what()).find("truncated.safetensors") != std::string::npos, e.what());
        }
        // The other variant's weights: key/shape mismatch named before anything is allocated.
        QVERIFY(throwsWith([&] { loadAutoencoderKLWan(config, kFixture / "wan22/vae/diffusion_pytorch_model.safetensors"); },
                           ErrorCode::ModelInvalid, "Wan VAE"));
        // A config whose structure does not match its weights (one level fewer).
        auto j = readJson(config);
        j["dim_mult"] = {1, 2, 2};
        j["temperal_downsample"] = {false, true};
        writeFile(tmp / "config.json", j.dump());
        QVERIFY(throwsWith([&] { loadAutoencoderKLWan(tmp / "config.json", weights); }, ErrorCode::ModelInvalid,
                           "up_blocks"));
    }

    void badInputsAndCancel()
    {
        auto vae = loadVariant("wan22");
        QVERIFY(throwsWith([&] { vae->encodeMean(torch::zeros({1, 12, 1, 32, 32})); }, ErrorCode::InvalidArgument,
                           "[B, 3, T, H, W]"));
        QVERIFY(throwsWith([&] { vae->encodeMean(torch::zeros({1, 3, 1, 40, 32})); }, ErrorCode::InvalidArgument,
                           "multiples of 16"));
        QVERIFY(throwsWith([&] { vae->encodeMean(torch::zeros({1, 3, 32, 32})); }, ErrorCode::InvalidArgument, "encode"));
        QVERIFY(throwsWith([&] { vae->decode(torch::zeros({1, 16, 1, 2, 2})); }, ErrorCode::InvalidArgument,
                           "[B, 20, F, h, w]"));
        QVERIFY(throwsWith([&] { vae->decode(torch::zeros({1, 20, 0, 2, 2})); }, ErrorCode::InvalidArgument, "decode"));
        CancelToken cancel;
        cancel.cancel();
        QVERIFY(throwsWith([&] { vae->decode(torch::zeros({1, 20, 2, 2, 2}), &cancel); }, ErrorCode::Cancelled, ""));
    }

    void encoderAttentionIsRefusedLikeTheReference()
    {
        // attn_scales puts WanAttentionBlocks among the 2.1 encoder's down blocks; diffusers 0.42.1 builds
        // them (the keys must load) but cannot run encode. Decode has no such blocks and works.
        const auto c = parseWanVaeConfig(
            R"({"base_dim": 4, "z_dim": 4, "dim_mult": [1, 2], "num_res_blocks": 1, "attn_scales": [1.0],
                "temperal_downsample": [false]})",
            "attn.json");
        AutoencoderKLWan vae(c);
        bool hasAttention = false;
        for (const auto& p : vae->named_parameters()) {
            if (p.key() == "encoder.down_blocks.1.to_qkv.weight")
                hasAttention = true;
            torch::NoGradGuard g;
            p.value().uniform_(-0.1, 0.1);
        }
        QVERIFY(hasAttention);
        QVERIFY(throwsWith([&] { vae->encodeMean(torch::zeros({1, 3, 1, 8, 8})); }, ErrorCode::ModelInvalid,
                           "attn_scales"));
        QCOMPARE(vae->decode(torch::zeros({1, 4, 2, 2, 2})).sizes().vec(), (std::vector<std::int64_t>{1, 3, 2, 4, 4}));
    }
};

QTEST_GUILESS_MAIN(TestWanVae)
#include "test_wan_vae.moc"
