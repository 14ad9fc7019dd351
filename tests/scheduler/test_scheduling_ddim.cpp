// DDIMScheduler against the reference numbers of the fixture (golden/conditioning.safetensors and every
// step of golden/denoise.safetensors, fed the stored inputs), plus the config variants the fixture does
// not exercise, checked against values worked out from diffusers' formulas.
#include "core/engine/schedulers/scheduling_ddim.h"
#include "core/engine/tensor/state_dict.h"
#include "core/base/error.h"

#include <QtTest>

using namespace i2v;

namespace {

const std::string kData = I2V_TEST_DATA_DIR;
const std::string kTiny = kData + "/i2vgenxl-tiny";

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

DDIMSchedulerConfig fixtureConfig()
{
    return DDIMSchedulerConfig::fromFile(kTiny + "/model/scheduler/scheduler_config.json");
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

class TestSchedulingDdim : public QObject {
    Q_OBJECT

private slots:
    void fixtureConfigParses()
    {
        const DDIMSchedulerConfig c = fixtureConfig();
        QCOMPARE(c.betaSchedule, std::string("squaredcos_cap_v2"));
        QVERIFY(c.rescaleBetasZeroSnr);
        QCOMPARE(c.predictionType, std::string("v_prediction"));
        QCOMPARE(c.timestepSpacing, std::string("leading"));
        QCOMPARE(c.stepsOffset, 1);
        QVERIFY(c.setAlphaToOne);
        QVERIFY(!c.clipSample);
        QVERIFY(c.trainedBetas.empty()); // "trained_betas": null
    }

    void goldenTablesAndTimesteps()
    {
        const StateDict golden = loadSafetensors(kTiny + "/golden/conditioning.safetensors");
        DDIMScheduler s(fixtureConfig());
        s.setTimesteps(3);
        const torch::Tensor ts = torch::tensor(s.timesteps(), torch::kInt64);
        QVERIFY(torch::equal(ts, golden.at("timesteps")));
        QVERIFY(torch::equal(ts, golden.at("unet_timestep_per_step")));
        const double tableErr = maxAbsDiff(s.alphasCumprod(), golden.at("alphas_cumprod"));
        qInfo("alphas_cumprod max abs err %.3g", tableErr);
        // Float32 table of values <= 1: LibTorch 2.11's CPU kernels (pow, sqrt, cumprod) round differently
        // from the fixture generator's torch 1.13.1 by up to 4.2e-7 (7 float32 ulps at 1.0); 1e-6 allows that.
        QVERIFY(tableErr <= 1e-6);
        QCOMPARE(s.alphasCumprod()[-1].item<float>(), 0.0f); // zero terminal SNR
        QCOMPARE(s.finalAlphaCumprod().item<float>(), golden.at("final_alpha_cumprod").item<float>());
    }

    void goldenEveryStep()
    {
        const StateDict golden = loadSafetensors(kTiny + "/golden/denoise.safetensors");
        DDIMScheduler s(fixtureConfig());
        s.setTimesteps(3);
        for (int i = 0; i < 3; ++i) {
            const std::string p = "step" + std::to_string(i) + ".";
            const DDIMStepOutput out =
                s.step(golden.at(p + "scheduler_model_output"), s.timesteps()[static_cast<std::size_t>(i)],
                       golden.at(p + "scheduler_sample"));
            const double x0 = maxAbsDiff(out.predOriginalSample, golden.at(p + "scheduler_pred_original_sample"));
            const double prev = maxAbsDiff(out.prevSample, golden.at(p + "scheduler_prev_sample"));
            qInfo("step %d: pred_original_sample %.3g, prev_sample %.3g", i, x0, prev);
            // The table's last-ulp differences are amplified by 1/sqrt(alpha) and sqrt(alpha_prev) near zero SNR
            // (up to 4.2e-5 at steps 1-2); the fixture README's tolerance for latents after a step is 5e-4.
            QVERIFY(x0 <= 1e-4);
            QVERIFY(prev <= 1e-4);
        }
        // The last step uses final_alpha_cumprod = 1, so the result is x0 itself.
        const DDIMStepOutput last = s.step(golden.at("step2.scheduler_model_output"), 1,
                                           golden.at("step2.scheduler_sample"));
        QVERIFY(torch::allclose(last.prevSample, last.predOriginalSample, 0, 1e-6));
    }

    void ddimSampleRunsTheLoop()
    {
        const StateDict golden = loadSafetensors(kTiny + "/golden/denoise.safetensors");
        DDIMScheduler s(fixtureConfig());
        s.setTimesteps(3);
        int calls = 0;
        bool timestepsInOrder = true;
        double worst = 0;
        // A model callback that replays the reference's guided outputs: the loop must reproduce each step.
        const torch::Tensor start = golden.at("step0.scheduler_sample");
        const torch::Tensor result = ddimSample(
            s, start,
            [&](const torch::Tensor&, std::int64_t t) -> torch::Tensor {
                timestepsInOrder = timestepsInOrder && t == s.timesteps()[static_cast<std::size_t>(calls)];
                return golden.at("step" + std::to_string(calls++) + ".scheduler_model_output");
            },
            0.0, std::nullopt,
            [&](int i, std::int64_t, const DDIMStepOutput& out) {
                const auto name = "step" + std::to_string(i) + ".scheduler_prev_sample";
                worst = std::max(worst, maxAbsDiff(out.prevSample, golden.at(name)));
            });
        QCOMPARE(calls, 3);
        QVERIFY(timestepsInOrder);
        QVERIFY(worst <= 1e-4);
        QVERIFY(maxAbsDiff(result, golden.at("step2.scheduler_prev_sample")) <= 1e-4);
    }

    void timestepSpacings()
    {
        DDIMSchedulerConfig c;
        c.timestepSpacing = "leading";
        c.stepsOffset = 1;
        DDIMScheduler leading(c);
        leading.setTimesteps(50);
        QCOMPARE(leading.timesteps().front(), std::int64_t(981));
        QCOMPARE(leading.timesteps().back(), std::int64_t(1));
        QCOMPARE(leading.timesteps().size(), std::size_t(50));

        c.timestepSpacing = "trailing";
        c.stepsOffset = 0;
        DDIMScheduler trailing(c);
        trailing.setTimesteps(3); // round(1000, 666.67, 333.33) - 1
        QCOMPARE(trailing.timesteps(), (std::vector<std::int64_t>{999, 666, 332}));
        trailing.setTimesteps(7); // round(1000 - k * 142.857...) - 1
        QCOMPARE(trailing.timesteps(), (std::vector<std::int64_t>{999, 856, 713, 570, 428, 285, 142}));

        c.timestepSpacing = "linspace";
        DDIMScheduler linspace(c);
        linspace.setTimesteps(3); // 0, 499.5 (rounds half to even: 500), 999
        QCOMPARE(linspace.timesteps(), (std::vector<std::int64_t>{999, 500, 0}));
        linspace.setTimesteps(1);
        QCOMPARE(linspace.timesteps(), (std::vector<std::int64_t>{0}));
    }

    void betaSchedules()
    {
        DDIMSchedulerConfig c;
        c.betaSchedule = "linear";
        DDIMScheduler linear(c);
        QVERIFY(std::abs(linear.betas()[0].item<double>() - 1e-4) < 1e-9);
        QVERIFY(std::abs(linear.betas()[-1].item<double>() - 0.02) < 1e-8);
        QVERIFY(std::abs(linear.alphasCumprod()[0].item<double>() - (1 - 1e-4)) < 1e-7);

        c.betaSchedule = "scaled_linear";
        c.betaStart = 0.00085;
        c.betaEnd = 0.012;
        DDIMScheduler scaled(c);
        QVERIFY(std::abs(scaled.betas()[0].item<double>() - 0.00085) < 1e-8);
        QVERIFY(std::abs(scaled.betas()[-1].item<double>() - 0.012) < 1e-7);
        // Stable Diffusion's well-known last alphas_cumprod for this schedule.
        QVERIFY(std::abs(scaled.alphasCumprod()[-1].item<double>() - 0.0047) < 1e-4);

        c.betaSchedule = "squaredcos_cap_v2";
        DDIMScheduler cosine(c);
        QVERIFY(std::abs(cosine.betas()[-1].item<double>() - 0.999) < 1e-6); // capped at max_beta
        c.rescaleBetasZeroSnr = true;
        DDIMScheduler rescaled(c);
        QCOMPARE(rescaled.alphasCumprod()[-1].item<float>(), 0.0f);
        QVERIFY(std::abs(rescaled.alphasCumprod()[0].item<double>() - cosine.alphasCumprod()[0].item<double>()) <
                1e-6);

        c.betaSchedule = "linear";
        c.setAlphaToOne = false;
        DDIMScheduler notOne(c);
        QCOMPARE(notOne.finalAlphaCumprod().item<float>(), notOne.alphasCumprod()[0].item<float>());
    }

    void predictionTypesRecoverX0()
    {
        // With the exact noise (or velocity, or x0) as model output, every prediction type recovers x0.
        torch::manual_seed(7);
        const torch::Tensor x0 = torch::randn({2, 4, 8, 8});
        const torch::Tensor noise = torch::randn({2, 4, 8, 8});
        for (const char* type : {"epsilon", "v_prediction", "sample"}) {
            DDIMSchedulerConfig c;
            c.predictionType = type;
            c.clipSample = false;
            DDIMScheduler s(c);
            s.setTimesteps(10);
            const std::int64_t t = s.timesteps()[3];
            const torch::Tensor ts = torch::full({2}, t, torch::kInt64);
            const torch::Tensor xt = s.addNoise(x0, noise, ts);
            torch::Tensor output = noise;
            if (std::string(type) == "v_prediction")
                output = s.velocity(x0, noise, ts);
            else if (std::string(type) == "sample")
                output = x0;
            const DDIMStepOutput out = s.step(output, t, xt);
            QVERIFY2(maxAbsDiff(out.predOriginalSample, x0) < 1e-4, type);
            // Deterministic DDIM: x_prev = addNoise(x0, noise, t_prev).
            const torch::Tensor expected = s.addNoise(x0, noise, torch::full({2}, s.timesteps()[4], torch::kInt64));
            QVERIFY2(maxAbsDiff(out.prevSample, expected) < 1e-4, type);
        }
    }

    void clippingAndThresholding()
    {
        torch::manual_seed(3);
        const torch::Tensor sample = torch::randn({2, 4, 8, 8}) * 3;
        const torch::Tensor model = torch::randn({2, 4, 8, 8}) * 3;
        DDIMSchedulerConfig c;
        c.predictionType = "sample";
        c.clipSample = true;
        c.clipSampleRange = 0.5;
        DDIMScheduler clip(c);
        clip.setTimesteps(10);
        QVERIFY(clip.step(model, 901, sample).predOriginalSample.abs().max().item<double>() <= 0.5 + 1e-7);

        c.thresholding = true;
        c.sampleMaxValue = 2.0;
        c.dynamicThresholdingRatio = 0.9;
        DDIMScheduler thr(c);
        thr.setTimesteps(10);
        const torch::Tensor x0 = thr.step(model, 901, sample).predOriginalSample;
        // Per item: s = clamp(quantile(|x|, 0.9), 1, 2); result = clamp(x, -s, s) / s, so |result| <= 1.
        QVERIFY(x0.abs().max().item<double>() <= 1.0 + 1e-6);
        const torch::Tensor flat = model[0].reshape({-1});
        const double q = std::clamp(torch::quantile(flat.abs(), 0.9).item<double>(), 1.0, 2.0);
        QVERIFY(maxAbsDiff(x0[0].reshape({-1}), torch::clamp(flat, -q, q) / q) < 1e-6);
    }

    void etaUsesTheGenerator()
    {
        DDIMScheduler s(fixtureConfig());
        s.setTimesteps(10);
        torch::manual_seed(1);
        const torch::Tensor sample = torch::randn({1, 4, 8, 8});
        const torch::Tensor model = torch::randn({1, 4, 8, 8});
        const std::int64_t t = s.timesteps()[2];
        const auto a = s.step(model, t, sample, 0.5, at::make_generator<at::CPUGeneratorImpl>(11)).prevSample;
        const auto b = s.step(model, t, sample, 0.5, at::make_generator<at::CPUGeneratorImpl>(11)).prevSample;
        const auto c = s.step(model, t, sample, 0.5, at::make_generator<at::CPUGeneratorImpl>(12)).prevSample;
        const auto d = s.step(model, t, sample, 0.0).prevSample;
        QVERIFY(torch::equal(a, b));
        QVERIFY(!torch::equal(a, c));
        QVERIFY(maxAbsDiff(a, d) > 1e-3);
    }

    void errors()
    {
        DDIMSchedulerConfig c;
        c.betaSchedule = "sigmoid";
        QCOMPARE(codeOf([&] { DDIMScheduler s(c); }), ErrorCode::ModelInvalid);
        c = DDIMSchedulerConfig{};
        c.predictionType = "flow";
        QCOMPARE(codeOf([&] { DDIMScheduler s(c); }), ErrorCode::ModelInvalid);
        DDIMScheduler s{DDIMSchedulerConfig{}};
        QCOMPARE(codeOf([&] { s.step(torch::zeros({1}), 10, torch::zeros({1})); }), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf([&] { s.setTimesteps(1001); }), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf([&] { s.setTimesteps(0); }), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf([] { DDIMSchedulerConfig::fromJson("{\"steps_offset\": \"one\"}", "x.json"); }),
                 ErrorCode::ModelInvalid);
        QCOMPARE(codeOf([] { DDIMSchedulerConfig::fromJson("{nope", "x.json"); }), ErrorCode::ModelInvalid);
    }

    // A damaged scheduler config is a model problem naming the file (exit 4), never the user's "steps out of
    // range" (1e12 used to wrap into "steps = 2 must be between 1 and -727379968") or a black clip.
    void damagedConfigsNameTheFile()
    {
        const char* cases[][2] = {
            {R"({"num_train_timesteps": 0})", "num_train_timesteps = 0"},
            {R"({"num_train_timesteps": 2})", "num_train_timesteps = 2"},
            {R"({"num_train_timesteps": 1e12})", "\"num_train_timesteps\" = 1000000000000.0 is not an integer"},
            {R"({"num_train_timesteps": 1099511627776})", "\"num_train_timesteps\" = 1099511627776 is not an integer"},
            {R"({"steps_offset": 5000})", "steps_offset = 5000"},
            {R"({"beta_schedule": "linear", "beta_end": 2.0})", "0 < beta_start <= beta_end < 1"},
            {R"({"beta_schedule": "scaled_linear", "beta_start": 0.5, "beta_end": 0.1})", "beta_start <= beta_end"},
            {R"({"trained_betas": [0.1, -0.2]})", "trained_betas holds"},
        };
        for (const auto& [json, says] : cases) {
            try {
                DDIMSchedulerConfig::fromJson(json, "/m/scheduler/scheduler_config.json");
                QFAIL(json);
            } catch (const I2vError& e) {
                QCOMPARE(e.code(), ErrorCode::ModelInvalid);
                const std::string text = e.what();
                QVERIFY2(text.find("/m/scheduler/scheduler_config.json: ") == 0 && text.find(says) != std::string::npos,
                         e.what());
            }
        }
        // The real model's settings stay valid.
        QCOMPARE(DDIMSchedulerConfig::fromJson(R"({"num_train_timesteps": 1000, "steps_offset": 1})", "x").stepsOffset, 1);
        QCOMPARE(codeOf([] { DDIMSchedulerConfig::fromFile("/nonexistent/scheduler_config.json"); }),
                 ErrorCode::FileNotFound);
    }
};

QTEST_GUILESS_MAIN(TestSchedulingDdim)
#include "test_scheduling_ddim.moc"
