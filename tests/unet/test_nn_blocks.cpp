// Unit checks of the shared diffusers-style blocks (core/engine/nn): checkpoint key names, the attention
// kernel against an explicit reference, the timestep embedding, and meta-device construction.

#include "core/engine/nn/attention_processor.h"
#include "core/engine/nn/embeddings.h"
#include "core/engine/nn/resnet.h"
#include "core/engine/nn/transformer_temporal.h"

#include <QtTest>

#include <set>

namespace {

std::set<std::string> keysOf(const torch::nn::Module& m)
{
    std::set<std::string> keys;
    for (const auto& item : m.named_parameters())
        keys.insert(item.key());
    return keys;
}

void fillRandom(torch::nn::Module& m, std::uint64_t seed)
{
    torch::manual_seed(static_cast<std::int64_t>(seed));
    torch::NoGradGuard noGrad;
    for (auto& p : m.parameters())
        p.normal_(0.0, 0.2);
}

} // namespace

class TestNnBlocks : public QObject {
    Q_OBJECT
private slots:
    void vaeStyleAttentionKeys()
    {
        i2v::nn::AttentionOptions o;
        o.queryDim = 32;
        o.heads = 1;
        o.dimHead = 32;
        o.bias = true;
        o.normNumGroups = 4;
        o.residualConnection = true;
        o.upcastSoftmax = true;
        i2v::nn::Attention attn(o);
        const std::set<std::string> expected = {"group_norm.weight", "group_norm.bias", "to_q.weight", "to_q.bias",
                                                "to_k.weight",       "to_k.bias",       "to_v.weight", "to_v.bias",
                                                "to_out.0.weight",   "to_out.0.bias"};
        QVERIFY(keysOf(*attn) == expected);
        QCOMPARE(attn->named_parameters()["to_out.0.weight"].sizes().vec(), (std::vector<std::int64_t>{32, 32}));
    }

    void attentionMatchesExplicitMath()
    {
        torch::manual_seed(3);
        auto q = torch::randn({2, 3, 5, 4});
        auto k = torch::randn({2, 3, 7, 4});
        auto v = torch::randn({2, 3, 7, 6});
        auto mask = torch::zeros({2, 1, 1, 7});
        mask.index_put_({0, 0, 0, 6}, -1e4);
        auto ref = torch::softmax(torch::matmul(q, k.transpose(-1, -2)) / 2.0 + mask, -1).matmul(v);
        auto out = i2v::nn::scaledDotProductAttention(q, k, v, mask);
        QCOMPARE(out.sizes().vec(), (std::vector<std::int64_t>{2, 3, 5, 6}));
        QVERIFY((out - ref).abs().max().item<float>() < 1e-5f);
        // The masked key must not contribute to batch 0.
        auto vMod = v.clone();
        vMod.index_put_({torch::indexing::Slice(), torch::indexing::Slice(), 6}, 100.0);
        auto out2 = i2v::nn::scaledDotProductAttention(q, k, vMod, mask);
        QVERIFY((out2[0] - out[0]).abs().max().item<float>() < 1e-3f);
        QVERIFY((out2[1] - out[1]).abs().max().item<float>() > 1.0f);
    }

    void resnetKeysAndResidual()
    {
        i2v::nn::ResnetBlock2DOptions o;
        o.inChannels = 8;
        o.outChannels = 16;
        o.tembChannels = 12;
        o.groups = 4;
        i2v::nn::ResnetBlock2D block(o);
        const auto keys = keysOf(*block);
        QVERIFY(keys.count("time_emb_proj.weight") == 1);
        QVERIFY(keys.count("conv_shortcut.weight") == 1);
        fillRandom(*block, 1);
        auto y = block(torch::randn({2, 8, 6, 5}), torch::randn({2, 12}));
        QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{2, 16, 6, 5}));

        o.outChannels = 8;
        o.tembChannels = std::nullopt;
        i2v::nn::ResnetBlock2D vaeBlock(o);
        QVERIFY(keysOf(*vaeBlock).count("time_emb_proj.weight") == 0);
        QVERIFY(keysOf(*vaeBlock).count("conv_shortcut.weight") == 0);
    }

    void temporalConvKeepsSequentialIndices()
    {
        i2v::nn::TemporalConvLayer layer(8, std::nullopt, 4);
        const auto keys = keysOf(*layer);
        for (const char* k : {"conv1.0.weight", "conv1.2.weight", "conv2.0.bias", "conv2.3.weight", "conv4.3.bias"})
            QVERIFY2(keys.count(k) == 1, k);
        QCOMPARE(keys.size(), std::size_t(16));
        fillRandom(*layer, 2);
        // Frames are independent batch items only through the temporal conv: a change in frame 0 of
        // batch item 1 must not reach batch item 0.
        auto x = torch::randn({2 * 3, 8, 4, 4});
        auto x2 = x.clone();
        x2[3] += 1.0;
        auto y = layer(x, 3), y2 = layer(x2, 3);
        QVERIFY((y.slice(0, 0, 3) - y2.slice(0, 0, 3)).abs().max().item<float>() == 0.0f);
        QVERIFY((y[4] - y2[4]).abs().max().item<float>() > 0.0f);
    }

    void timestepEmbeddingValues()
    {
        auto t = torch::tensor({0, 500}, torch::kInt64);
        auto e = i2v::nn::timestepEmbedding(t, 8, /*flipSinToCos=*/true, /*shift=*/0.0);
        QCOMPARE(e.sizes().vec(), (std::vector<std::int64_t>{2, 8}));
        // t = 0: [cos(0) x4, sin(0) x4]; t = 500, i = 1: freq = 10000^(-1/4) = 0.1 -> cos(50), sin(50).
        QVERIFY(std::abs(e[0][0].item<float>() - 1.0f) < 1e-6f);
        QVERIFY(std::abs(e[0][4].item<float>()) < 1e-6f);
        QVERIFY(std::abs(e[1][1].item<float>() - std::cos(50.0f)) < 1e-4f);
        QVERIFY(std::abs(e[1][5].item<float>() - std::sin(50.0f)) < 1e-4f);
    }

    void metaDeviceBuildAllocatesNothing()
    {
        i2v::nn::ParameterOptionsGuard guard(torch::TensorOptions().device(torch::kMeta));
        i2v::nn::TransformerTemporalModelOptions o;
        o.numAttentionHeads = 8;
        o.attentionHeadDim = 64;
        o.inChannels = 4096;
        o.normNumGroups = 32;
        i2v::nn::TransformerTemporalModel big(o);
        for (const auto& p : big->parameters())
            QVERIFY(p.device().is_meta());
        const std::int64_t c = 4096, d = 512, ffInner = 4 * d;
        const std::int64_t attn = 3 * d * d + d * d + d;                     // q, k, v (no bias), to_out
        const std::int64_t ff = d * 2 * ffInner + 2 * ffInner + ffInner * d + d; // GEGLU proj, out
        const std::int64_t block = 3 * 2 * d + 2 * attn + ff;                // norm1..3, attn1, attn2, ff
        const std::int64_t expected = 2 * c + (c * d + d) + block + (d * c + c);
        QCOMPARE(i2v::nn::parameterCount(*big), expected);
    }
};

QTEST_GUILESS_MAIN(TestNnBlocks)
#include "test_nn_blocks.moc"
