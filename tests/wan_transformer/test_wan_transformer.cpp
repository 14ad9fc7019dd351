// Golden test of the Wan transformer (core/engine/models/wan/wan_transformer.h) against diffusers 0.42.1
// WanTransformer3DModel on three tiny random models saved with save_pretrained
// (tests/data/wan-transformer/{wan21,wan22,flf}, scripts/fixtures/wan/make_transformer_golden.py):
//   wan21  Wan2.1-I2V style (in 36 / out 16, CLIP image tokens through add_k_proj/add_v_proj)
//   wan22  Wan2.2-TI2V style (in/out 48, per-token timesteps [B, seq_len], and a [B] call)
//   flf    Wan2.1-FLF2V style (pos_embed_seq_len, cross_attn_norm false)
// Every call's output within 1e-4 (abs, or 1e-5 of max |ref| when larger) and every stored internal;
// parameter counts (meta device) equal diffusers' for the tiny and the published configs; bad configs and
// bad inputs fail with I2vError naming the key / tensor.

#include "core/base/error.h"
#include "core/engine/api/registry.h"
#include "core/engine/models/wan/wan_transformer.h"
#include "core/engine/tensor/state_dict.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace i2v;
using namespace i2v::wan;

namespace {

const std::string kData = std::string(I2V_TEST_DATA_DIR) + "/wan-transformer/";

nlohmann::json readJson(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return nlohmann::json::parse(text.str());
}

WanTransformer3DModel loadVariant(const std::string& name, torch::Dtype dtype = torch::kFloat32)
{
    return loadWanTransformer(kData + name + "/config.json", kData + name + "/diffusion_pytorch_model.safetensors",
                              dtype, torch::kCPU);
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

template <typename F>
std::pair<ErrorCode, std::string> errorOf(F&& f)
{
    try {
        f();
    } catch (const I2vError& e) {
        return {e.code(), e.what()};
    }
    return {ErrorCode::Ok, ""};
}

// The calls stored in a golden file ("call0", "call1", ...).
std::set<std::string> callsOf(const StateDict& golden)
{
    std::set<std::string> calls;
    for (const auto& [key, value] : golden)
        calls.insert(key.substr(0, key.find('.')));
    return calls;
}

torch::Tensor optionalInput(const StateDict& golden, const std::string& key)
{
    const auto it = golden.find(key);
    return it == golden.end() ? torch::Tensor() : it->second;
}

} // namespace

class TestWanTransformer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { initEngineRuntime(); }

    void forwardMatchesReference_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::newRow("wan21 (I2V, image tokens)") << "wan21";
        QTest::newRow("wan22 (TI2V, per-token timesteps)") << "wan22";
        QTest::newRow("flf (FLF2V, pos_embed)") << "flf";
        QTest::newRow("dtest_i2v (diffusers test config: image_dim, no added K/V)") << "dtest_i2v";
        QTest::newRow("dtest_flf (diffusers test config: image_dim, pos_embed)") << "dtest_flf";
    }

    void forwardMatchesReference()
    {
        QFETCH(QString, variant);
        torch::NoGradGuard noGrad;
        WanTransformer3DModel model = loadVariant(variant.toStdString());
        const StateDict golden = loadSafetensors(kData + variant.toStdString() + "/golden.safetensors");
        const auto calls = callsOf(golden);
        QVERIFY(!calls.empty());
        for (const std::string& call : calls) {
            std::map<std::string, torch::Tensor> captured;
            auto hook = [&](const std::string& name, const torch::Tensor& value) { captured[name] = value.clone(); };
            const torch::Tensor out =
                model(golden.at(call + ".hidden_states"), golden.at(call + ".timestep"),
                      golden.at(call + ".encoder_hidden_states"),
                      optionalInput(golden, call + ".encoder_hidden_states_image"), hook);
            captured["output"] = out;
            const WanRopeFreqs rope = model->rope().forward(
                golden.at(call + ".hidden_states").size(2), golden.at(call + ".hidden_states").size(3),
                golden.at(call + ".hidden_states").size(4), torch::kCPU);
            captured["internal.rope.cos"] = rope.cos;
            captured["internal.rope.sin"] = rope.sin;
            for (auto& [name, value] : std::map<std::string, torch::Tensor>(captured))
                if (name != "output" && name.rfind("internal.", 0) != 0)
                    captured["internal." + name] = value;

            int compared = 0;
            for (const auto& [key, want] : golden) {
                if (key.rfind(call + ".", 0) != 0)
                    continue;
                const std::string name = key.substr(call.size() + 1);
                if (name != "output" && name.rfind("internal.", 0) != 0)
                    continue; // an input
                QVERIFY2(captured.count(name) == 1, ("not computed: " + key).c_str());
                const torch::Tensor& got = captured[name];
                QVERIFY2(got.sizes() == want.sizes(), ("shape differs: " + key).c_str());
                const double maxRef = want.abs().max().item<double>();
                const double err = maxAbsDiff(got, want);
                const double tol = std::max(1e-4, 1e-5 * maxRef);
                qInfo("%s %-44s max|ref| %8.4f  max abs err %.3g (tol %.3g)", variant.toUtf8().constData(),
                      key.c_str(), maxRef, err, tol);
                QVERIFY2(err <= tol, ("outside tolerance: " + key).c_str());
                ++compared;
            }
            QVERIFY(compared >= 8); // output, rope, patch embedding, conditioning, a block, norm_out, proj_out
        }
    }

    // Per-token timesteps that are all equal must give exactly the [B] path's result (Wan2.2's two paths).
    void perTokenTimestepsAgreeWithScalarPath()
    {
        torch::NoGradGuard noGrad;
        WanTransformer3DModel model = loadVariant("wan22");
        const StateDict golden = loadSafetensors(kData + "wan22/golden.safetensors");
        const torch::Tensor hidden = golden.at("call0.hidden_states");
        const torch::Tensor text = golden.at("call0.encoder_hidden_states");
        const std::int64_t tokens = golden.at("call0.timestep").size(1);
        const torch::Tensor t = torch::tensor({321.0f, 77.0f});
        const torch::Tensor a = model(hidden, t, text, torch::Tensor());
        const torch::Tensor b = model(hidden, t.unsqueeze(1).expand({2, tokens}).contiguous(), text, torch::Tensor());
        QVERIFY(maxAbsDiff(a, b) <= 1e-5);
    }

    // bfloat16 build: the reference's _keep_in_fp32_modules stay float32, the rest is bfloat16, and the
    // result stays near the float32 golden.
    void bfloat16KeepsFloat32Modules()
    {
        torch::NoGradGuard noGrad;
        WanTransformer3DModel model = loadVariant("wan21", torch::kBFloat16);
        int kept = 0, reduced = 0;
        for (const auto& p : model->named_parameters()) {
            const std::string& key = p.key();
            const bool keep = key.find("time_embedder.") != std::string::npos ||
                              key.find("scale_shift_table") != std::string::npos ||
                              key.find("norm1.") != std::string::npos || key.find("norm2.") != std::string::npos;
            QVERIFY2(p.value().scalar_type() == (keep ? torch::kFloat32 : torch::kBFloat16), key.c_str());
            ++(keep ? kept : reduced);
        }
        QVERIFY(kept > 0 && reduced > 0);
        const StateDict golden = loadSafetensors(kData + "wan21/golden.safetensors");
        const torch::Tensor out = model(golden.at("call0.hidden_states"), golden.at("call0.timestep"),
                                        golden.at("call0.encoder_hidden_states"),
                                        golden.at("call0.encoder_hidden_states_image"));
        QCOMPARE(out.scalar_type(), torch::kBFloat16);
        const torch::Tensor want = golden.at("call0.output");
        const double rel = maxAbsDiff(out, want) / want.abs().max().item<double>();
        qInfo("bfloat16 vs float32 golden: max abs err / max|ref| = %.3g", rel);
        QVERIFY(rel < 0.1);
    }

    // Block streaming (CPU here; on a CUDA machine the host copies are pinned): same output, each block's
    // weights swapped in before it runs and back to the host copy after.
    void blockStreamerKeepsTheResult()
    {
        torch::NoGradGuard noGrad;
        WanTransformer3DModel model = loadVariant("wan21");
        const StateDict golden = loadSafetensors(kData + "wan21/golden.safetensors");
        WanBlockStreamer streamer(model, torch::kCPU);
        std::int64_t blockBytes = 0;
        for (std::int64_t i = 0; i < model->numBlocks(); ++i)
            for (const auto& p : model->block(i)->parameters())
                blockBytes += p.numel() * static_cast<std::int64_t>(p.element_size());
        QCOMPARE(streamer.hostBytes(), blockBytes);
        WanBlockCallbacks callbacks = streamer.callbacks();
        std::vector<std::int64_t> order;
        const auto before = callbacks.before;
        callbacks.before = [&](std::int64_t i, torch::nn::Module& block) {
            order.push_back(i);
            before(i, block);
        };
        const torch::Tensor out = model(golden.at("call0.hidden_states"), golden.at("call0.timestep"),
                                        golden.at("call0.encoder_hidden_states"),
                                        golden.at("call0.encoder_hidden_states_image"), WanIntermediateHook(), callbacks);
        QCOMPARE(order, (std::vector<std::int64_t>{0, 1}));
        QCOMPARE(maxAbsDiff(out, golden.at("call0.output")), 0.0);
    }

    void parameterCountsMatchDiffusers()
    {
        const nlohmann::json counts = readJson(kData + "param_counts.json");
        for (const auto& [name, expected] : counts["tiny"].items()) {
            const WanTransformerConfig config = loadWanTransformerConfig(kData + name + "/config.json");
            QCOMPARE(wanTransformerParameterCount(config), expected.get<std::int64_t>());
            QCOMPARE(nn::parameterCount(*loadVariant(name)), expected.get<std::int64_t>());
        }
        QVERIFY(counts["real"].size() >= 3);
        for (const auto& [name, entry] : counts["real"].items()) {
            const WanTransformerConfig config = parseWanTransformerConfig(entry["config"].dump(), name);
            const std::int64_t got = wanTransformerParameterCount(config);
            qInfo("%-24s %lld parameters (diffusers %lld)", name.c_str(), static_cast<long long>(got),
                  static_cast<long long>(entry["parameters"].get<std::int64_t>()));
            QCOMPARE(got, entry["parameters"].get<std::int64_t>());
        }
    }

    void parsesEveryKey()
    {
        const WanTransformerConfig c = loadWanTransformerConfig(kData + "flf/config.json");
        QCOMPARE(c.patchSize, (std::array<std::int64_t, 3>{1, 2, 2}));
        QCOMPARE(c.numAttentionHeads, std::int64_t(3));
        QCOMPARE(c.attentionHeadDim, std::int64_t(8));
        QCOMPARE(c.inChannels, std::int64_t(36));
        QCOMPARE(c.outChannels, std::int64_t(16));
        QCOMPARE(c.textDim, std::int64_t(16));
        QCOMPARE(c.freqDim, std::int64_t(16));
        QCOMPARE(c.ffnDim, std::int64_t(32));
        QCOMPARE(c.numLayers, std::int64_t(1));
        QCOMPARE(c.crossAttnNorm, false);
        QCOMPARE(c.qkNorm.value_or(""), std::string("rms_norm_across_heads"));
        QCOMPARE(c.eps, 1e-5);
        QCOMPARE(c.imageDim.value_or(0), std::int64_t(12));
        QCOMPARE(c.addedKvProjDim.value_or(0), std::int64_t(24));
        QCOMPARE(c.ropeMaxSeqLen, std::int64_t(32));
        QCOMPARE(c.posEmbedSeqLen.value_or(0), std::int64_t(514));
        const WanTransformerConfig d = parseWanTransformerConfig(R"({"out_channels": null, "in_channels": 8})", "x");
        QCOMPARE(d.outChannels, std::int64_t(8)); // out_channels or in_channels
        QVERIFY(!d.imageDim && !d.addedKvProjDim && !d.posEmbedSeqLen);
    }

    void refusesBadConfigs_data()
    {
        QTest::addColumn<QString>("edit"); // JSON merged over wan21's config
        QTest::addColumn<QString>("mentions");
        QTest::newRow("class") << R"({"_class_name": "UNet3DConditionModel"})" << "_class_name";
        QTest::newRow("layers huge") << R"({"num_layers": 1099511627776})" << "num_layers";
        QTest::newRow("layers zero") << R"({"num_layers": 0})" << "num_layers";
        QTest::newRow("heads string") << R"({"num_attention_heads": "40"})" << "num_attention_heads";
        QTest::newRow("head dim odd") << R"({"attention_head_dim": 13, "added_kv_proj_dim": 26})"
                                      << "attention_head_dim";
        QTest::newRow("inner too big") << R"({"num_attention_heads": 65536, "attention_head_dim": 128})"
                                       << "num_attention_heads";
        QTest::newRow("patch short") << R"({"patch_size": [1, 2]})" << "patch_size";
        QTest::newRow("patch zero") << R"({"patch_size": [1, 0, 2]})" << "patch_size[1]";
        QTest::newRow("ffn negative") << R"({"ffn_dim": -5})" << "ffn_dim";
        QTest::newRow("eps") << R"({"eps": 0})" << "eps";
        QTest::newRow("cross_attn_norm") << R"({"cross_attn_norm": "yes"})" << "cross_attn_norm";
        QTest::newRow("qk_norm") << R"({"qk_norm": 3})" << "qk_norm";
        QTest::newRow("rope huge") << R"({"rope_max_seq_len": 100000000})" << "rope_max_seq_len";
        QTest::newRow("kv without image") << R"({"image_dim": null})" << "added_kv_proj_dim";
        QTest::newRow("pos embed odd") << R"({"pos_embed_seq_len": 513})" << "pos_embed_seq_len";
        QTest::newRow("kv width") << R"({"added_kv_proj_dim": 5120})" << "added_kv_proj_dim";
        QTest::newRow("pos embed without image") << R"({"image_dim": null, "added_kv_proj_dim": null,
                                                        "pos_embed_seq_len": 514})"
                                                 << "pos_embed_seq_len";
        QTest::newRow("not an object") << "[1, 2]" << "not a JSON object";
    }

    void refusesBadConfigs()
    {
        QFETCH(QString, edit);
        QFETCH(QString, mentions);
        nlohmann::json config = readJson(kData + "wan21/config.json");
        const nlohmann::json patch = nlohmann::json::parse(edit.toStdString());
        if (patch.is_object())
            config.merge_patch(patch);
        else
            config = patch;
        const auto [code, message] = errorOf([&] { parseWanTransformerConfig(config.dump(), "transformer/config.json"); });
        QCOMPARE(code, ErrorCode::ModelInvalid);
        QVERIFY2(message.find(mentions.toStdString()) != std::string::npos, message.c_str());
        QVERIFY2(message.find("transformer/config.json") != std::string::npos, message.c_str());
    }

    void refusesMissingFileAndMismatchedWeights()
    {
        QCOMPARE(errorOf([] { loadWanTransformerConfig(kData + "nope/config.json"); }).first, ErrorCode::FileNotFound);
        // wan21's config with wan22's weights: caught on the meta device, naming keys.
        const auto [code, message] = errorOf([] {
            loadWanTransformer(kData + "wan21/config.json", kData + "wan22/diffusion_pytorch_model.safetensors",
                               torch::kFloat32, torch::kCPU);
        });
        QCOMPARE(code, ErrorCode::ModelInvalid);
        QVERIFY2(message.find("add_k_proj") != std::string::npos || message.find("patch_embedding") != std::string::npos,
                 message.c_str());
    }

    void refusesBadInputs()
    {
        torch::NoGradGuard noGrad;
        WanTransformer3DModel i2v = loadVariant("wan21");
        WanTransformer3DModel ti2v = loadVariant("wan22");
        const auto x21 = torch::randn({1, 36, 3, 4, 4});
        const auto t = torch::tensor({10.0f});
        const auto text = torch::randn({1, 512, 32});
        const auto image = torch::randn({1, 257, 20});
        auto code = [](auto f) { return errorOf(f).first; };
        QCOMPARE(code([&] { i2v(x21, t, text, image); }), ErrorCode::Ok);
        QCOMPARE(code([&] { i2v(torch::randn({1, 16, 3, 4, 4}), t, text, image); }), ErrorCode::InvalidArgument);
        QCOMPARE(code([&] { i2v(torch::randn({36, 3, 4, 4}), t, text, image); }), ErrorCode::InvalidArgument);
        QCOMPARE(code([&] { i2v(x21, t, text, torch::Tensor()); }), ErrorCode::InvalidArgument);
        QCOMPARE(code([&] { i2v(x21, t, text, torch::randn({1, 257, 21})); }), ErrorCode::InvalidArgument);
        QCOMPARE(code([&] { i2v(x21, t, torch::randn({1, 300, 32}), image); }), ErrorCode::InvalidArgument);
        QCOMPARE(code([&] { i2v(x21, t, torch::randn({1, 512, 31}), image); }), ErrorCode::InvalidArgument);
        QCOMPARE(code([&] { i2v(x21, torch::tensor({1.0f, 2.0f, 3.0f}), text, image); }), ErrorCode::InvalidArgument);
        QCOMPARE(code([&] { i2v(torch::randn({1, 36, 3, 4, 200}), t, text, image); }), ErrorCode::InvalidArgument);
        const auto x22 = torch::randn({1, 48, 3, 4, 6});
        const auto text22 = torch::randn({1, 7, 24});
        QCOMPARE(code([&] { ti2v(x22, torch::zeros({1, 18}), text22, torch::Tensor()); }), ErrorCode::Ok);
        QCOMPARE(code([&] { ti2v(x22, torch::zeros({1, 17}), text22, torch::Tensor()); }), ErrorCode::InvalidArgument);
        QCOMPARE(code([&] { ti2v(x22, t, text22, torch::randn({1, 257, 20})); }), ErrorCode::InvalidArgument);
        // image_dim without added K/V: any text length, image tokens optional (as the reference).
        WanTransformer3DModel plain = loadVariant("dtest_i2v");
        const auto x = torch::randn({1, 36, 3, 4, 6});
        QCOMPARE(code([&] { plain(x, t, torch::randn({1, 9, 32}), torch::randn({1, 17, 4})); }), ErrorCode::Ok);
        QCOMPARE(code([&] { plain(x, t, torch::randn({1, 9, 32}), torch::Tensor()); }), ErrorCode::Ok);
        QCOMPARE(code([&] { plain(x, t, torch::randn({1, 9, 32}), torch::randn({1, 17, 5})); }),
                 ErrorCode::InvalidArgument);
        WanTransformer3DModel flf = loadVariant("dtest_flf");
        QCOMPARE(code([&] { flf(x, t, torch::randn({1, 9, 32}), torch::randn({2, 17, 4})); }), ErrorCode::Ok);
        QCOMPARE(code([&] { flf(x, t, torch::randn({1, 9, 32}), torch::randn({1, 17, 4})); }),
                 ErrorCode::InvalidArgument);
        QCOMPARE(code([&] { flf(x, t, torch::randn({1, 9, 32}), torch::randn({2, 16, 4})); }),
                 ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestWanTransformer)
#include "test_wan_transformer.moc"
