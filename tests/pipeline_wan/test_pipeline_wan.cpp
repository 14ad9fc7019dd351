// WanI2VPipeline against diffusers 0.42.1 on the two tiny fixtures (tests/data/wan21-tiny: Wan2.1 I2V,
// tests/data/wan22-tiny: Wan2.2 TI2V; scripts/fixtures/wan/make_pipeline_golden.py). Stage by stage, each
// fed the golden inputs: image preprocessing (PIL lanczos), the seeded noise (bit-exact), VAE encode and the
// condition (mask + normalised latents / first-frame mask), transformer input and timestep of step 0, both
// CFG transformer calls at step 0, every denoising step (guidance + scheduler) from golden model outputs,
// decode and uint8 frames; then the whole chain from golden embeddings, and the whole run from
// inputs/image.png + prompt through the family's load (text and image encoders included).
#include "core/engine/api/registry.h"
#include "core/engine/models/wan/pipeline_wan_i2v.h"
#include "core/engine/models/wan/wan_family.h"
#include "core/engine/models/wan/wan_vae.h"
#include "core/engine/tensor/state_dict.h"
#include "core/media/image_io.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <fstream>
#include <sstream>

using namespace i2v;

namespace {

const std::string kData = I2V_TEST_DATA_DIR;

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

std::string readText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Fixture {
    std::string dir;
    nlohmann::json call;
    StateDict golden;
};

Fixture fixture(const std::string& name)
{
    Fixture f;
    f.dir = kData + "/" + name;
    f.call = nlohmann::json::parse(readText(f.dir + "/inputs/call.json"));
    f.golden = loadSafetensors(f.dir + "/golden/golden.safetensors");
    return f;
}

GenerationRequest request(const Fixture& f)
{
    GenerationRequest r;
    r.family = f.dir.find("wan22") != std::string::npos ? "wan2.2-ti2v" : "wan2.1-i2v";
    r.modelDir = f.dir + "/model";
    r.image = loadImage(f.dir + "/inputs/image.png");
    r.prompt = readText(f.dir + "/inputs/prompt.txt");
    r.negativePrompt = readText(f.dir + "/inputs/negative_prompt.txt");
    r.width = f.call["width"];
    r.height = f.call["height"];
    r.frames = f.call["num_frames"];
    r.steps = f.call["num_inference_steps"];
    r.guidance = f.call["guidance_scale"];
    r.seed = f.call["seed"];
    r.fps = 16;
    r.device = "cpu";
    r.dtype = "float32";
    r.previewEvery = 0;
    return r;
}

// The pipeline with the VAE and the transformer of the folder (no encoders: the stage tests feed golden
// embeddings).
std::unique_ptr<WanI2VPipeline> denoisingPipeline(const Fixture& f)
{
    auto c = std::make_shared<WanComponents>();
    const std::string model = f.dir + "/model";
    const WanFolderInfo info = readWanFolderInfo(model);
    c->pipelineClass = info.pipelineClass;
    c->expandTimesteps = info.expandTimesteps;
    const wan::WanVaeConfig vc = wan::loadWanVaeConfig(model + "/vae/config.json");
    auto vae = wan::loadAutoencoderKLWan(model + "/vae/config.json", model + "/vae/diffusion_pytorch_model.safetensors");
    c->zDim = vc.zDim;
    c->latentsMean = vc.latentsMean;
    c->latentsStd = vc.latentsStd;
    c->vaeScaleSpatial = static_cast<int>(*vc.scaleFactorSpatial);
    c->vaeScaleTemporal = static_cast<int>(*vc.scaleFactorTemporal);
    c->vaeModule = vae.ptr();
    c->vaeEncodeMean = [vae](const torch::Tensor& v) mutable { return vae->encodeMean(v); };
    c->vaeDecode = [vae](const torch::Tensor& z) mutable { return vae->decode(z); };
    c->transformer = wan::loadWanTransformer(model + "/transformer/config.json",
                                             model + "/transformer/diffusion_pytorch_model.safetensors",
                                             torch::kFloat32, torch::kCPU);
    c->schedulerSource = model + "/scheduler/scheduler_config.json";
    c->schedulerJson = readText(c->schedulerSource);
    DeviceChoice choice;
    choice.device = torch::kCPU;
    choice.dtype = torch::kFloat32;
    return std::make_unique<WanI2VPipeline>(c, choice, "tiny");
}

WanConditioning goldenConditioning(WanI2VPipeline& p, const Fixture& f, const GenerationRequest& r)
{
    WanConditioning cond;
    cond.cfg = true;
    cond.promptEmbeds = f.golden.at("prompt_embeds");
    cond.negativeEmbeds = f.golden.at("negative_embeds");
    if (f.golden.count("image_embeds"))
        cond.imageEmbeds = f.golden.at("image_embeds");
    p.prepareCondition(WanI2VPipeline::preprocessImage(r.image, r.width, r.height), r.frames, cond);
    return cond;
}

// uint8 frames: |diff| <= 1 everywhere but at most 0.1 % of values, never more than 2.
void compareFrames(const std::vector<Image>& frames, const torch::Tensor& golden, const std::string& what)
{
    QCOMPARE(static_cast<std::int64_t>(frames.size()), golden.size(0));
    std::int64_t off = 0, total = 0;
    int worst = 0;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const torch::Tensor g = golden[static_cast<std::int64_t>(i)].contiguous();
        QCOMPARE(static_cast<std::int64_t>(frames[i].height), g.size(0));
        QCOMPARE(static_cast<std::int64_t>(frames[i].width), g.size(1));
        const std::uint8_t* ref = g.data_ptr<std::uint8_t>();
        for (std::size_t k = 0; k < frames[i].rgb.size(); ++k) {
            const int d = std::abs(static_cast<int>(frames[i].rgb[k]) - static_cast<int>(ref[k]));
            worst = std::max(worst, d);
            off += d > 1 ? 1 : 0;
            ++total;
        }
    }
    qInfo("%s: %lld uint8 values, max |diff| %d, %lld beyond +-1", what.c_str(), static_cast<long long>(total), worst,
          static_cast<long long>(off));
    QVERIFY2(worst <= 2, what.c_str());
    QVERIFY2(off * 1000 <= total, what.c_str());
}

} // namespace

class TestPipelineWan : public QObject {
    Q_OBJECT

private slots:
    void stages_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("wan21") << "wan21-tiny";
        QTest::newRow("wan22") << "wan22-tiny";
    }

    void stages()
    {
        QFETCH(QString, name);
        const Fixture f = fixture(name.toStdString());
        const GenerationRequest r = request(f);
        auto p = denoisingPipeline(f);
        p->checkRequest(r);
        torch::NoGradGuard noGrad;

        // Image preprocessing: PIL lanczos resize, then [-1, 1]: exact.
        const torch::Tensor pixels = WanI2VPipeline::preprocessImage(r.image, r.width, r.height);
        QCOMPARE(maxAbsDiff(pixels, f.golden.at("image_preprocessed")), 0.0);

        // Seeded noise: the reference's only draw, bit for bit.
        const torch::Tensor noise = p->initialNoise(r.seed, r.frames, r.height, r.width);
        QVERIFY(torch::equal(noise, f.golden.at("initial_latents")));

        // VAE encode + condition.
        WanConditioning cond = goldenConditioning(*p, f, r);
        double err = 0;
        if (p->expandTimesteps()) {
            err = maxAbsDiff(cond.condition, f.golden.at("condition_latents"));
            QVERIFY(torch::equal(cond.firstFrameMask, f.golden.at("first_frame_mask")));
        } else {
            err = maxAbsDiff(cond.condition, f.golden.at("condition"));
        }
        qInfo("condition latents max |diff| %.3g", err);
        QVERIFY(err < 1e-4);

        // Step 0 inputs.
        auto scheduler = p->makeScheduler();
        scheduler->setTimesteps(r.steps);
        QVERIFY(torch::equal(scheduler->sigmas(), f.golden.at("scheduler_sigmas")));
        const torch::Tensor t0 = scheduler->timestepTensor(0);
        const torch::Tensor input = p->modelInput(f.golden.at("initial_latents"), cond);
        err = maxAbsDiff(input, f.golden.at("step0_hidden_states"));
        qInfo("step 0 transformer input max |diff| %.3g", err);
        QVERIFY(err < 1e-4);
        const torch::Tensor ts = p->modelTimestep(t0, f.golden.at("initial_latents"), cond);
        QCOMPARE(ts.sizes().vec(), f.golden.at("step0_timestep").sizes().vec());
        QCOMPARE(maxAbsDiff(ts, f.golden.at("step0_timestep")), 0.0);

        // Both CFG calls at step 0 from the golden inputs.
        const torch::Tensor image = f.golden.count("step0_encoder_hidden_states_image")
                                        ? f.golden.at("step0_encoder_hidden_states_image")
                                        : torch::Tensor();
        const torch::Tensor outC = p->transformer(f.golden.at("step0_hidden_states"), ts,
                                                  f.golden.at("step0_encoder_hidden_states_cond"), image);
        const torch::Tensor outU = p->transformer(f.golden.at("step0_hidden_states"), ts,
                                                  f.golden.at("step0_encoder_hidden_states_uncond"), image);
        const double ec = maxAbsDiff(outC, f.golden.at("step0_transformer_out_cond"));
        const double eu = maxAbsDiff(outU, f.golden.at("step0_transformer_out_uncond"));
        qInfo("step 0 transformer cond %.3g uncond %.3g", ec, eu);
        QVERIFY(ec < 1e-4 && eu < 1e-4);

        // Every step from golden latents: guidance + scheduler.
        for (int i = 0; i < r.steps; ++i) {
            const std::string k = "step" + std::to_string(i);
            const torch::Tensor lat = f.golden.at(k + "_latents_in");
            const torch::Tensor in = p->modelInput(lat, cond);
            QVERIFY(maxAbsDiff(in, f.golden.at(k + "_latent_model_input")) < 1e-4);
            const torch::Tensor tsi = p->modelTimestep(scheduler->timestepTensor(static_cast<std::size_t>(i)), lat, cond);
            QCOMPARE(maxAbsDiff(tsi, f.golden.at(k + "_timestep_in")), 0.0);
            const torch::Tensor pred = WanI2VPipeline::guide(
                p->transformer(in, tsi, cond.promptEmbeds, cond.imageEmbeds),
                p->transformer(in, tsi, cond.negativeEmbeds, cond.imageEmbeds), r.guidance);
            const double ep = maxAbsDiff(pred, f.golden.at(k + "_noise_pred"));
            const torch::Tensor next = scheduler->step(f.golden.at(k + "_noise_pred"), lat);
            const double el = maxAbsDiff(next, f.golden.at(k + "_latents_out"));
            qInfo("step %d: noise_pred %.3g, latents (golden model output) %.3g", i, ep, el);
            QVERIFY(ep < 1e-3);
            QVERIFY(el < 1e-5);
        }

        // Decode from the golden final latents.
        const torch::Tensor last = f.golden.at("step" + std::to_string(r.steps - 1) + "_latents_out");
        const torch::Tensor video = p->decodeLatents(last, cond);
        const double ev = maxAbsDiff(video, f.golden.at("vae_decode_output"));
        qInfo("decode max |diff| %.3g", ev);
        QVERIFY(ev < 1e-4);
        compareFrames(WanI2VPipeline::toImages(WanI2VPipeline::postprocessFloat(video)), f.golden.at("video_uint8"),
                      name.toStdString() + " decode");
    }

    void chainFromGoldenEmbeddings_data() { stages_data(); }

    void chainFromGoldenEmbeddings()
    {
        // The whole denoising chain from the golden embeddings and the seeded noise (errors compound).
        QFETCH(QString, name);
        const Fixture f = fixture(name.toStdString());
        const GenerationRequest r = request(f);
        auto p = denoisingPipeline(f);
        torch::NoGradGuard noGrad;
        WanConditioning cond = goldenConditioning(*p, f, r);
        auto scheduler = p->makeScheduler();
        scheduler->setTimesteps(r.steps);
        torch::Tensor latents = p->initialNoise(r.seed, r.frames, r.height, r.width);
        for (int i = 0; i < r.steps; ++i) {
            const torch::Tensor in = p->modelInput(latents, cond);
            const torch::Tensor ts = p->modelTimestep(scheduler->timestepTensor(static_cast<std::size_t>(i)), latents, cond);
            const torch::Tensor pred = WanI2VPipeline::guide(p->transformer(in, ts, cond.promptEmbeds, cond.imageEmbeds),
                                                             p->transformer(in, ts, cond.negativeEmbeds, cond.imageEmbeds),
                                                             r.guidance);
            latents = scheduler->step(pred, latents);
            const double e = maxAbsDiff(latents, f.golden.at("step" + std::to_string(i) + "_latents_out"));
            qInfo("chain step %d latents max |diff| %.3g", i, e);
            QVERIFY(e < 1e-3);
        }
        compareFrames(WanI2VPipeline::toImages(WanI2VPipeline::postprocessFloat(p->decodeLatents(latents, cond))),
                      f.golden.at("video_uint8"), name.toStdString() + " chain");
    }

    void endToEnd_data() { stages_data(); }

    void endToEnd()
    {
        // The family's load of the folder and a full run from the inputs: tokenizer, UMT5, CLIP, everything.
        QFETCH(QString, name);
        const Fixture f = fixture(name.toStdString());
        GenerationRequest r = request(f);
        const ModelFamily* family = findModelFamily(r.family);
        QVERIFY(family);
        QVERIFY(family->probe(r.modelDir));
        auto pipeline = family->load(r.modelDir, {"cpu", "float32"});
        auto* wanPipe = dynamic_cast<WanI2VPipeline*>(pipeline.get());
        QVERIFY(wanPipe);
        // Text stages: ids exact, embeddings 1e-5.
        const auto tokens = wanPipe->tokenize(r.prompt);
        QVERIFY(torch::equal(tokens.ids, f.golden.at("prompt_ids")));
        QVERIFY(torch::equal(tokens.mask, f.golden.at("prompt_mask")));
        const auto negTokens = wanPipe->tokenize(r.negativePrompt);
        QVERIFY(torch::equal(negTokens.ids, f.golden.at("negative_ids")));
        // Encoders: 1e-5 relative to the largest |value| (UMT5 over 512 tokens sums in another order than MKL).
        const auto rel = [](const torch::Tensor& a, const torch::Tensor& ref) {
            return maxAbsDiff(a, ref) / std::max(1.0, ref.abs().max().item<double>());
        };
        const double ep = rel(wanPipe->encodeText(r.prompt), f.golden.at("prompt_embeds"));
        const double en = rel(wanPipe->encodeText(r.negativePrompt), f.golden.at("negative_embeds"));
        qInfo("prompt embeds %.3g, negative embeds %.3g (max |diff| / max |ref|)", ep, en);
        QVERIFY(ep < 1e-5 && en < 1e-5);
        if (f.golden.count("image_embeds")) {
            const double ei = rel(wanPipe->encodeImage(r.image), f.golden.at("image_embeds"));
            qInfo("image embeds %.3g", ei);
            QVERIFY(ei < 1e-5);
        }
        int events = 0;
        const GenerationResult result =
            pipeline->run(r, [&](const ProgressEvent& e) { events += e.stage == Stage::Denoising; }, CancelToken());
        QCOMPARE(events, r.steps);
        compareFrames(result.frames, f.golden.at("video_uint8"), name.toStdString() + " end to end");
        QCOMPARE(result.family, r.family);
    }

    void cancelStopsTheRun()
    {
        const Fixture f = fixture("wan22-tiny");
        auto p = denoisingPipeline(f);
        GenerationRequest r = request(f);
        CancelToken cancel;
        cancel.cancel();
        try {
            p->run(r, {}, cancel);
            QFAIL("no exception");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
    }

    void badRequests()
    {
        const Fixture f = fixture("wan22-tiny");
        auto p = denoisingPipeline(f);
        const auto code = [&](const std::function<void(GenerationRequest&)>& change) {
            GenerationRequest r = request(f);
            change(r);
            try {
                p->checkRequest(r);
            } catch (const I2vError& e) {
                return e.code();
            }
            return ErrorCode::Ok;
        };
        QCOMPARE(code([](GenerationRequest&) {}), ErrorCode::Ok);
        QCOMPARE(code([](GenerationRequest& r) { r.width = 80; }), ErrorCode::InvalidArgument); // not 32k
        QCOMPARE(code([](GenerationRequest& r) { r.height = 0; }), ErrorCode::InvalidArgument);
        QCOMPARE(code([](GenerationRequest& r) { r.frames = 8; }), ErrorCode::InvalidArgument); // not 4k+1
        QCOMPARE(code([](GenerationRequest& r) { r.steps = 0; }), ErrorCode::InvalidArgument);
        QCOMPARE(code([](GenerationRequest& r) { r.flowShift = -1; }), ErrorCode::InvalidArgument);
        QCOMPARE(code([](GenerationRequest& r) { r.image = Image(); }), ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestPipelineWan)
#include "test_pipeline_wan.moc"
