// tests/data/wan-real-configs (scripts/fixtures/wan/make_real_configs.py): the configs of
// Wan2.1-I2V-14B-480P/720P-Diffusers and Wan2.2-TI2V-5B-Diffusers. Each component is built on the meta device
// (no memory) from its config.json by the port's own classes, and its parameter count must equal the one
// diffusers / transformers report for the same config (expected_parameter_counts.json): the published sizes
// 16.39 B (Wan2.1 14B transformer), 5.00 B (TI2V 5B), 5.68 B (UMT5-XXL encoder), 0.63 B (CLIP ViT-H/14 vision),
// 127 M / 705 M (VAE 2.1 / 2.2). The scheduler configs load and give the documented shifts.
#include "core/engine/models/clip/modeling_clip.h"
#include "core/engine/models/wan/umt5.h"
#include "core/engine/models/wan/wan_family.h"
#include "core/engine/models/wan/wan_transformer.h"
#include "core/engine/models/wan/wan_vae.h"
#include "core/engine/schedulers/flow_scheduler.h"
#include "core/engine/schedulers/scheduling_unipc.h"
#include "core/engine/nn/layers.h"

#include <set>

#include <nlohmann/json.hpp>

#include <QtTest>

#include <fstream>

using namespace i2v;

namespace {
const std::string kReal = std::string(I2V_TEST_DATA_DIR) + "/wan-real-configs";

nlohmann::json expected()
{
    std::ifstream in(kReal + "/expected_parameter_counts.json");
    return nlohmann::json::parse(in);
}
// Distinct parameters (a tied table registered twice counts once).
std::int64_t countDistinct(torch::nn::Module& module)
{
    std::set<const void*> seen;
    std::int64_t n = 0;
    for (const auto& p : module.parameters(true))
        if (seen.insert(p.unsafeGetTensorImpl()).second)
            n += p.numel();
    return n;
}
} // namespace

class TestWanRealConfigs : public QObject {
    Q_OBJECT

    template <typename F>
    static void noThrow(F&& f)
    {
        try {
            f();
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
    }

private slots:
    void transformerParameterCounts()
    {
        noThrow([&] { transformerParameterCountsBody(); });
    }

public:
    void transformerParameterCountsBody()
    {
        const nlohmann::json all = expected();
        for (const auto& [folder, counts] : all.items()) {
            const wan::WanTransformerConfig c = wan::loadWanTransformerConfig(kReal + "/" + folder + "/transformer/config.json");
            const std::int64_t n = wan::wanTransformerParameterCount(c);
            qInfo("%s transformer: %lld parameters", folder.c_str(), static_cast<long long>(n));
            QCOMPARE(n, counts["transformer"].get<std::int64_t>());
        }
    }

private slots:

    void vaeParameterCounts()
    {
        noThrow([&] { vaeParameterCountsBody(); });
    }

public:
    void vaeParameterCountsBody()
    {
        const nlohmann::json all = expected();
        for (const auto& [folder, counts] : all.items()) {
            const wan::WanVaeConfig c = wan::loadWanVaeConfig(kReal + "/" + folder + "/vae/config.json");
            const std::int64_t n = wan::wanVaeParameterCount(c);
            qInfo("%s vae: %lld parameters", folder.c_str(), static_cast<long long>(n));
            QCOMPARE(n, counts["vae"].get<std::int64_t>());
        }
    }

private slots:

    void encoderParameterCounts()
    {
        noThrow([&] { encoderParameterCountsBody(); });
    }

public:
    void encoderParameterCountsBody()
    {
        const nn::ParameterOptionsGuard meta(torch::TensorOptions().device(torch::kMeta).dtype(torch::kBFloat16));
        const nlohmann::json all = expected();
        for (const auto& [folder, counts] : all.items()) {
            UMT5EncoderModel text(loadUMT5Config(kReal + "/" + folder + "/text_encoder/config.json"));
            const std::int64_t nt = countDistinct(*text);
            qInfo("%s text encoder: %lld parameters", folder.c_str(), static_cast<long long>(nt));
            QCOMPARE(nt, counts["text_encoder"].get<std::int64_t>());
            if (counts.contains("image_encoder")) {
                CLIPVisionModel image(loadCLIPVisionConfig(kReal + "/" + folder + "/image_encoder/config.json"));
                const std::int64_t ni = countDistinct(*image);
                qInfo("%s image encoder: %lld parameters", folder.c_str(), static_cast<long long>(ni));
                QCOMPARE(ni, counts["image_encoder"].get<std::int64_t>());
            }
        }
    }

private slots:

    void schedulers()
    {
        noThrow([&] { schedulersBody(); });
    }

public:
    void schedulersBody()
    {
        const std::pair<const char*, double> shifts[] = {{"Wan2.1-I2V-14B-480P-Diffusers", 3.0},
                                                          {"Wan2.1-I2V-14B-720P-Diffusers", 3.0},
                                                          {"Wan2.2-TI2V-5B-Diffusers", 5.0}};
        for (const auto& [folder, shift] : shifts) {
            const auto c = UniPCSchedulerConfig::fromFile(kReal + "/" + folder + "/scheduler/scheduler_config.json");
            QCOMPARE(c.flowShift, shift);
            QVERIFY(c.useFlowSigmas);
            QCOMPARE(c.predictionType, std::string("flow_prediction"));
            QCOMPARE(c.solverOrder, 2);
            auto s = loadFlowScheduler(kReal + "/" + folder + "/scheduler/scheduler_config.json");
            s->setTimesteps(50);
            QCOMPARE(s->timestepValues().front(), 999.0);
        }
    }

private slots:

    void familiesRecogniseThem()
    {
        QVERIFY(probeWanVariant(kReal + "/Wan2.1-I2V-14B-480P-Diffusers") == WanVariant::I2V21);
        QVERIFY(probeWanVariant(kReal + "/Wan2.1-I2V-14B-720P-Diffusers") == WanVariant::I2V21);
        QVERIFY(probeWanVariant(kReal + "/Wan2.2-TI2V-5B-Diffusers") == WanVariant::TI2V22);
    }
};

QTEST_GUILESS_MAIN(TestWanRealConfigs)
#include "test_wan_real_configs.moc"
