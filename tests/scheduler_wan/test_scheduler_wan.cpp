// UniPCMultistepScheduler (flow sigmas) and FlowMatchEulerDiscreteScheduler against diffusers 0.42.1:
// tests/data/wan-schedulers (scripts/fixtures/wan/make_scheduler_golden.py) holds, per case, the config as
// saved to scheduler_config.json, timesteps, sigmas and the sample after every step for seeded random model
// outputs (several step counts, shifts, orders, bh1/bh2, lower_order_final, final sigma types,
// disable_corrector, shift_terminal). Also the scheduler configs of both Wan fixtures, and bad configs.
#include "core/base/error.h"
#include "core/engine/schedulers/flow_scheduler.h"
#include "core/engine/schedulers/scheduling_flow_match_euler.h"
#include "core/engine/schedulers/scheduling_unipc.h"
#include "core/engine/tensor/state_dict.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <fstream>
#include <sstream>

using namespace i2v;

namespace {
const std::string kData = I2V_TEST_DATA_DIR;

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

double maxAbs(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

template <typename F>
I2vError caught(F&& f)
{
    try {
        f();
    } catch (const I2vError& e) {
        return e;
    }
    return I2vError(ErrorCode::Ok, "");
}
} // namespace

class TestSchedulerWan : public QObject {
    Q_OBJECT

private slots:
    void goldenCases()
    {
        const nlohmann::json cases = nlohmann::json::parse(readFile(kData + "/wan-schedulers/cases.json"));
        const StateDict g = loadSafetensors(kData + "/wan-schedulers/golden.safetensors");
        int checked = 0;
        double worstStep = 0;
        for (const auto& c : cases["cases"]) {
            const std::string name = c["name"];
            nlohmann::json cfg = c["config"];
            cfg["_class_name"] = c["scheduler"];
            std::unique_ptr<FlowScheduler> s = makeFlowScheduler(cfg.dump(), name);
            QCOMPARE(s->className(), c["scheduler"].get<std::string>());
            const int steps = c["steps"];
            s->setTimesteps(steps);
            const std::vector<double> ts = s->timestepValues();
            QCOMPARE(static_cast<int>(ts.size()), steps);
            const torch::Tensor refT = g.at(name + "/timesteps").to(torch::kFloat64);
            for (int i = 0; i < steps; ++i) {
                if (ts[static_cast<std::size_t>(i)] != refT[i].item<double>())
                    QFAIL(qPrintable(QString::fromStdString(name) + ": timestep " + QString::number(i) + " = " +
                                     QString::number(ts[static_cast<std::size_t>(i)]) + ", reference " +
                                     QString::number(refT[i].item<double>())));
                QCOMPARE(s->timestepTensor(static_cast<std::size_t>(i)).item<double>(), refT[i].item<double>());
            }
            // Sigmas are float32 values of the same double computation: exact.
            QVERIFY2(torch::equal(s->sigmas(), g.at(name + "/sigmas")), name.c_str());
            torch::Tensor sample = g.at(name + "/sample0");
            for (int i = 0; i < steps; ++i) {
                const torch::Tensor out = g.at(name + "/model_output" + std::to_string(i));
                sample = s->step(out, sample);
                const torch::Tensor ref = g.at(name + "/sample" + std::to_string(i + 1));
                const double scale = std::max(1.0, ref.abs().max().item<double>());
                const double err = maxAbs(sample, ref) / scale;
                worstStep = std::max(worstStep, err);
                if (!(err < 2e-6))
                    QFAIL(qPrintable(QString::fromStdString(name) + ": step " + QString::number(i) +
                                     " max rel err " + QString::number(err)));
                // Chain from the reference so an error does not compound.
                sample = ref;
            }
            ++checked;
        }
        QVERIFY(checked >= 18);
        qInfo("%d scheduler cases, worst step error %.3g (relative to max |x|)", checked, worstStep);
    }

    void chainedWithoutReset()
    {
        // The whole chain fed only the model outputs (errors may compound): still tight.
        const StateDict g = loadSafetensors(kData + "/wan-schedulers/golden.safetensors");
        const nlohmann::json cases = nlohmann::json::parse(readFile(kData + "/wan-schedulers/cases.json"));
        for (const auto& c : cases["cases"]) {
            const std::string name = c["name"];
            nlohmann::json cfg = c["config"];
            cfg["_class_name"] = c["scheduler"];
            auto s = makeFlowScheduler(cfg.dump(), name);
            const int steps = c["steps"];
            s->setTimesteps(steps);
            torch::Tensor sample = g.at(name + "/sample0");
            for (int i = 0; i < steps; ++i)
                sample = s->step(g.at(name + "/model_output" + std::to_string(i)), sample);
            const torch::Tensor ref = g.at(name + "/sample" + std::to_string(steps));
            QVERIFY2(maxAbs(sample, ref) < 1e-4 * std::max(1.0, ref.abs().max().item<double>()), name.c_str());
        }
    }

    void fixtureConfigsMatchTheirGolden()
    {
        for (const char* v : {"wan21-tiny", "wan22-tiny"}) {
            const std::string dir = kData + "/" + v;
            auto s = loadFlowScheduler(dir + "/model/scheduler/scheduler_config.json");
            const nlohmann::json call = nlohmann::json::parse(readFile(dir + "/inputs/call.json"));
            s->setTimesteps(call["num_inference_steps"].get<int>());
            const StateDict g = loadSafetensors(dir + "/golden/golden.safetensors");
            QVERIFY(torch::equal(s->sigmas(), g.at("scheduler_sigmas")));
            const torch::Tensor t = g.at("scheduler_timesteps");
            for (int i = 0; i < t.size(0); ++i)
                QCOMPARE(s->timestepValues()[static_cast<std::size_t>(i)], t[i].item<double>());
            for (int i = 0; i < t.size(0); ++i) {
                const std::string k = "step" + std::to_string(i);
                const torch::Tensor prev = s->step(g.at(k + "_noise_pred"), g.at(k + "_latents_in"));
                QVERIFY2(maxAbs(prev, g.at(k + "_latents_out")) < 1e-5, (std::string(v) + " " + k).c_str());
            }
        }
    }

    void flowShiftOverride()
    {
        auto s = makeFlowScheduler(R"({"_class_name":"UniPCMultistepScheduler","use_flow_sigmas":true,
            "prediction_type":"flow_prediction","flow_shift":3.0})", "cfg");
        s->setTimesteps(4, 5.0);
        auto r = makeFlowScheduler(R"({"_class_name":"UniPCMultistepScheduler","use_flow_sigmas":true,
            "prediction_type":"flow_prediction","flow_shift":5.0})", "cfg");
        r->setTimesteps(4);
        QCOMPARE(s->timestepValues(), r->timestepValues());
        QVERIFY(torch::equal(s->sigmas(), r->sigmas()));
    }

    void badConfigsAreClearErrors()
    {
        const auto code = [](const std::string& json) {
            return caught([&] { makeFlowScheduler(json, "scheduler_config.json"); }).code();
        };
        QCOMPARE(code("not json"), ErrorCode::ModelInvalid);
        QCOMPARE(code("[]"), ErrorCode::ModelInvalid);
        QCOMPARE(code(R"({"_class_name":"DDPMScheduler"})"), ErrorCode::ModelInvalid);
        QCOMPARE(code(R"({"_class_name":"UniPCMultistepScheduler"})"), ErrorCode::ModelInvalid); // no flow sigmas
        const std::string base = R"({"_class_name":"UniPCMultistepScheduler","use_flow_sigmas":true,)";
        QCOMPARE(code(base + R"("flow_shift":-1})"), ErrorCode::ModelInvalid);
        QCOMPARE(code(base + R"("flow_shift":"3"})"), ErrorCode::ModelInvalid);
        QCOMPARE(code(base + R"("solver_order":1e12})"), ErrorCode::ModelInvalid);
        QCOMPARE(code(base + R"("solver_order":0})"), ErrorCode::ModelInvalid);
        QCOMPARE(code(base + R"("num_train_timesteps":4294967297})"), ErrorCode::ModelInvalid);
        QCOMPARE(code(base + R"("solver_type":"bh9"})"), ErrorCode::ModelInvalid);
        QCOMPARE(code(base + R"("final_sigmas_type":"x"})"), ErrorCode::ModelInvalid);
        QCOMPARE(code(base + R"("use_dynamic_shifting":true})"), ErrorCode::ModelInvalid);
        QCOMPARE(code(base + R"("predict_x0":false,"prediction_type":"flow_prediction"})"), ErrorCode::ModelInvalid);
        QCOMPARE(code(R"({"_class_name":"FlowMatchEulerDiscreteScheduler","shift":0})"), ErrorCode::ModelInvalid);
        QCOMPARE(code(R"({"_class_name":"FlowMatchEulerDiscreteScheduler","stochastic_sampling":true})"),
                 ErrorCode::ModelInvalid);
        const I2vError e = caught([&] { makeFlowScheduler(base + R"("flow_shift":"3"})", "x/scheduler_config.json"); });
        QVERIFY(std::string(e.what()).find("flow_shift") != std::string::npos);
        QVERIFY(std::string(e.what()).find("x/scheduler_config.json") != std::string::npos);
        QCOMPARE(caught([] { loadFlowScheduler("/nonexistent/scheduler_config.json"); }).code(),
                 ErrorCode::FileNotFound);
        auto s = makeFlowScheduler(base + R"("prediction_type":"flow_prediction"})", "cfg");
        QCOMPARE(caught([&] { s->setTimesteps(0); }).code(), ErrorCode::InvalidArgument);
        QCOMPARE(caught([&] { s->setTimesteps(1001); }).code(), ErrorCode::InvalidArgument);
        QCOMPARE(caught([&] { s->step(torch::zeros({1}), torch::zeros({1})); }).code(), ErrorCode::InvalidArgument);
        s->setTimesteps(1);
        s->step(torch::zeros({1}), torch::zeros({1}));
        QCOMPARE(caught([&] { s->step(torch::zeros({1}), torch::zeros({1})); }).code(), ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestSchedulerWan)
#include "test_scheduler_wan.moc"
