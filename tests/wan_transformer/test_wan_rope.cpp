// Golden test of the Wan 3D rotary embedding (core/engine/models/wan/wan_rope.h) against diffusers 0.42.1
// WanRotaryPosEmbed: the float64-built tables, forward() for several head sizes, patch sizes and
// non-square / odd-frame latents, and the attention processor's rotation of q
// (tests/data/wan-transformer/rope.safetensors, scripts/fixtures/wan/make_transformer_golden.py).

#include "core/base/error.h"
#include "core/engine/api/registry.h"
#include "core/engine/models/wan/wan_rope.h"
#include "core/engine/tensor/safetensors.h"
#include "core/engine/tensor/state_dict.h"

#include <nlohmann/json.hpp>

#include <QtTest>

using namespace i2v;
using namespace i2v::wan;

namespace {

const std::string kRope = std::string(I2V_TEST_DATA_DIR) + "/wan-transformer/rope.safetensors";

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

template <typename F>
ErrorCode codeOf(F&& f)
{
    try {
        f();
    } catch (const I2vError& e) {
        return e.code();
    }
    return ErrorCode::Ok;
}

} // namespace

class TestWanRope : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { initEngineRuntime(); }

    void matchesReferenceForEveryCase()
    {
        const auto file = st::SafetensorsFile::open(kRope);
        const nlohmann::json cases = nlohmann::json::parse(file->metadata().at("cases"));
        QVERIFY(cases.size() >= 4);
        const StateDict golden = loadSafetensors(kRope);
        for (std::size_t i = 0; i < cases.size(); ++i) {
            const auto& c = cases[i];
            const std::string prefix = "case" + std::to_string(i) + ".";
            const std::array<std::int64_t, 3> patch{c["patch"][0], c["patch"][1], c["patch"][2]};
            WanRotaryPosEmbed rope(c["head_dim"].get<std::int64_t>(), patch, c["max_seq_len"].get<std::int64_t>());
            const auto& shape = c["shape"];

            const std::int64_t step = c["table_row_step"]; // long tables are stored every step-th row
            const auto rows = torch::indexing::Slice(torch::indexing::None, torch::indexing::None, step);
            QCOMPARE(rope.tableCos().index({rows}).sizes(), golden.at(prefix + "table_cos").sizes());
            const double tableErr =
                std::max(maxAbsDiff(rope.tableCos().index({rows}), golden.at(prefix + "table_cos")),
                         maxAbsDiff(rope.tableSin().index({rows}), golden.at(prefix + "table_sin")));
            const WanRopeFreqs f = rope.forward(shape[2], shape[3], shape[4], torch::kCPU);
            QCOMPARE(f.cos.sizes(), golden.at(prefix + "cos").sizes());
            QCOMPARE(f.sin.sizes(), golden.at(prefix + "sin").sizes());
            const double freqErr =
                std::max(maxAbsDiff(f.cos, golden.at(prefix + "cos")), maxAbsDiff(f.sin, golden.at(prefix + "sin")));
            const torch::Tensor rotated = applyWanRotaryEmb(golden.at(prefix + "q"), f);
            const double rotErr = maxAbsDiff(rotated, golden.at(prefix + "q_rotated"));
            qInfo("case %zu head %d t/h/w %lld/%lld/%lld: table err %.3g, freqs err %.3g, rotation err %.3g", i,
                  c["head_dim"].get<int>(), static_cast<long long>(rope.tDim()), static_cast<long long>(rope.hDim()),
                  static_cast<long long>(rope.wDim()), tableErr, freqErr, rotErr);
            QVERIFY(tableErr <= 1e-7);
            QVERIFY(freqErr <= 1e-7);
            QVERIFY(rotErr <= 1e-5);
        }
    }

    void splitsTheHeadDimAsTheReference()
    {
        WanRotaryPosEmbed rope(128, {1, 2, 2}, 1024);
        QCOMPARE(rope.tDim(), std::int64_t(44));
        QCOMPARE(rope.hDim(), std::int64_t(42));
        QCOMPARE(rope.wDim(), std::int64_t(42));
        QCOMPARE(rope.tableCos().sizes(), (std::vector<std::int64_t>{1024, 128}));
        // Position 0 is the identity rotation.
        QCOMPARE(rope.tableCos()[0].min().item<float>(), 1.0f);
        QCOMPARE(rope.tableSin()[0].abs().max().item<float>(), 0.0f);
    }

    void refusesBadArguments()
    {
        QCOMPARE(codeOf([] { WanRotaryPosEmbed(13, {1, 2, 2}, 64); }), ErrorCode::ModelInvalid);
        QCOMPARE(codeOf([] { WanRotaryPosEmbed(0, {1, 2, 2}, 64); }), ErrorCode::ModelInvalid);
        QCOMPARE(codeOf([] { WanRotaryPosEmbed(12, {1, 0, 2}, 64); }), ErrorCode::ModelInvalid);
        QCOMPARE(codeOf([] { WanRotaryPosEmbed(12, {1, 2, 2}, 0); }), ErrorCode::ModelInvalid);
        WanRotaryPosEmbed rope(12, {1, 2, 2}, 8);
        QCOMPARE(codeOf([&] { rope.forward(9, 4, 4, torch::kCPU); }), ErrorCode::InvalidArgument); // 9 > 8 frames
        QCOMPARE(codeOf([&] { rope.forward(3, 18, 4, torch::kCPU); }), ErrorCode::InvalidArgument); // 9 rows
        QCOMPARE(codeOf([&] { rope.forward(3, 1, 4, torch::kCPU); }), ErrorCode::InvalidArgument);  // < 1 patch
        QCOMPARE(codeOf([&] { rope.forward(8, 16, 16, torch::kCPU); }), ErrorCode::Ok);
    }
};

QTEST_GUILESS_MAIN(TestWanRope)
#include "test_wan_rope.moc"
