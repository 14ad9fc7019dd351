// Where a job's weights will be (core/base/memory_mode.h planMemoryMode) and what the window is told
// (core/service/fit_estimate.h): the published Wan2.1 I2V-14B and Wan2.2 TI2V-5B configs
// (tests/data/wan-real-configs, no weights) on a 24 GB and an 80 GB card, with and without low-VRAM mode, and
// on the CPU; I2V-GenXL never streams blocks. Then the family's schema in the tiers, the nearest setting and
// the out-of-memory fallback (Wan: frames 4k + 1, sizes multiples of 16 / 32), and the mode a job ran in
// reaching its log (the History) from the engine's result details.
#include "core/base/memory_mode.h"
#include "core/base/model_shape.h"
#include "core/engine/api/registry.h"
#include "core/service/fit_estimate.h"
#include "core/service/history_recording.h"
#include "core/service/oom_retry.h"
#include "core/service/runner.h"
#include "fake_family.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace i2v;

namespace {

const std::string kData = I2V_TEST_DATA_DIR;
const std::string kWan21 = kData + "/wan-real-configs/Wan2.1-I2V-14B-480P-Diffusers";
const std::string kWan22 = kData + "/wan-real-configs/Wan2.2-TI2V-5B-Diffusers";
constexpr std::int64_t kGB = 1000LL * 1000 * 1000; // cards are sold in GB; NVML reports about this
constexpr std::int64_t k24GB = 24 * kGB, k80GB = 80 * kGB;

const ModelFamily& family(const char* id)
{
    const ModelFamily* f = findModelFamily(id);
    if (!f)
        qFatal("family %s not registered", id);
    return *f;
}

presets::RunSettings run(int width, int height, int frames, bool cuda = true)
{
    presets::RunSettings r;
    r.width = width;
    r.height = height;
    r.frames = frames;
    r.steps = 40;
    r.cuda = cuda;
    r.bytesPerElement = cuda ? 2 : 4;
    return r;
}

MemoryMode plan(const ModelShape& shape, bool cuda, std::int64_t deviceBytes, bool lowVram)
{
    return planMemoryMode(shape, {cuda, cuda ? 2 : 4, deviceBytes, lowVram});
}

bool onGrid(int value, int multiple, int remainder) { return value % multiple == remainder; }

} // namespace

class TestMemoryPlan : public QObject {
    Q_OBJECT

private slots:
    void wanModesOnCardsAndCpu()
    {
        const ModelShape s21 = readWanShape(kWan21), s22 = readWanShape(kWan22);
        QVERIFY(s21.offloadsEncoders && s21.streamsBlocks && s22.offloadsEncoders && s22.streamsBlocks);
        // Wan2.1 I2V-14B: the 30.5 GiB bf16 transformer streams on a 24 GB card in low-VRAM mode, not on 80 GB.
        QCOMPARE(plan(s21, true, k24GB, true), MemoryMode::BlockOffload);
        QCOMPARE(plan(s21, true, k80GB, true), MemoryMode::EncoderOffload);
        QCOMPARE(plan(s21, true, k24GB, false), MemoryMode::Resident); // the user's setting decides offloading
        QCOMPARE(plan(s21, true, k80GB, false), MemoryMode::Resident);
        QCOMPARE(plan(s21, false, 64 * kGB, true), MemoryMode::Cpu);
        QCOMPARE(plan(s21, true, 0, true), MemoryMode::BlockOffload); // unknown memory: the safe choice
        // Wan2.2 TI2V-5B: 9.3 GiB of transformer never streams on these cards.
        QCOMPARE(plan(s22, true, k24GB, true), MemoryMode::EncoderOffload);
        QCOMPARE(plan(s22, true, k80GB, true), MemoryMode::EncoderOffload);
        QCOMPARE(plan(s22, true, k24GB, false), MemoryMode::Resident);
        QCOMPARE(plan(s22, false, 64 * kGB, false), MemoryMode::Cpu);
        // In float32 the 5B transformer (18.6 GiB) takes more than half a 24 GB card: streamed.
        QCOMPARE(planMemoryMode(s22, {true, 4, k24GB, true}), MemoryMode::BlockOffload);
        // I2V-GenXL offloads its encoders but has no blocks to stream; the camera engine has no weights.
        const ModelShape xl = readI2VGenXLShape(kData + "/i2vgenxl-real-configs");
        QCOMPARE(plan(xl, true, 8 * kGB, true), MemoryMode::EncoderOffload);
        QCOMPARE(plan(xl, true, 8 * kGB, false), MemoryMode::Resident);
        QCOMPARE(plan(cameraMotionShape(), true, k24GB, true), MemoryMode::Cpu);
    }

    void offloadLowersThePeakEstimate()
    {
        const ModelShape s21 = readWanShape(kWan21);
        presets::RunSettings r = run(832, 480, 81);
        const auto resident = presets::estimateMemory(s21, r);
        r.memoryMode = MemoryMode::EncoderOffload;
        const auto encoders = presets::estimateMemory(s21, r);
        r.memoryMode = MemoryMode::BlockOffload;
        const auto blocks = presets::estimateMemory(s21, r);
        // Weights on the device: all (45.7 GB), without UMT5-XXL and CLIP (33 GB), a couple of blocks (< 3 GB).
        QVERIFY(encoders.weightsBytes < resident.weightsBytes - 12 * kGB);
        QVERIFY(blocks.weightsBytes < 3 * kGB);
        // The offloaded encoder visits the device while it runs: the encoder phase includes its weights.
        QVERIFY(encoders.encodersBytes > 11 * kGB);
        QVERIFY(blocks.peakBytes < encoders.peakBytes && encoders.peakBytes < resident.peakBytes);
    }

    void fitEstimateSaysTheMode()
    {
        const ModelFamily& wan21 = family("wan2.1-i2v");
        const auto s21 = readMemoryShape(wan21, kWan21);
        QVERIFY(s21);
        // 832×480×81 on a 24 GB card: does not fit resident; low-VRAM mode would (blocks streamed).
        FitEstimate fit = estimateFit(wan21, &*s21, run(832, 480, 81), k24GB, {}, /*lowVram=*/false);
        QCOMPARE(fit.memoryMode, MemoryMode::Resident);
        QVERIFY(!fit.fits);
        QVERIFY(fit.lowVramMode.has_value());
        QCOMPARE(*fit.lowVramMode, MemoryMode::BlockOffload);
        QVERIFY(fit.lowVramPeakBytes > 0 && fit.lowVramPeakBytes <= k24GB);
        // With low-VRAM mode on it fits, in that mode.
        fit = estimateFit(wan21, &*s21, run(832, 480, 81), k24GB, {}, /*lowVram=*/true);
        QCOMPARE(fit.memoryMode, MemoryMode::BlockOffload);
        QVERIFY(fit.fits);
        QVERIFY(fit.peakBytes > 0 && fit.peakBytes <= k24GB);
        QVERIFY(!fit.lowVramMode);
        QVERIFY(!fit.tiers.empty());
        // 80 GB: resident fits; in low-VRAM mode the transformer stays on the card.
        fit = estimateFit(wan21, &*s21, run(832, 480, 81), k80GB, {}, false);
        QCOMPARE(fit.memoryMode, MemoryMode::Resident);
        QVERIFY(fit.fits);
        QCOMPARE(estimateFit(wan21, &*s21, run(832, 480, 81), k80GB, {}, true).memoryMode, MemoryMode::EncoderOffload);
        // The CPU: everything in system memory whatever the setting.
        QCOMPARE(estimateFit(wan21, &*s21, run(832, 480, 81, false), 64 * kGB, {}, true).memoryMode, MemoryMode::Cpu);

        const ModelFamily& wan22 = family("wan2.2-ti2v");
        const auto s22 = readMemoryShape(wan22, kWan22);
        QVERIFY(s22);
        QCOMPARE(estimateFit(wan22, &*s22, run(1280, 704, 121), k24GB, {}, true).memoryMode, MemoryMode::EncoderOffload);
        QCOMPARE(estimateFit(wan22, &*s22, run(1280, 704, 121), k80GB, {}, true).memoryMode, MemoryMode::EncoderOffload);
        QCOMPARE(estimateFit(wan22, &*s22, run(1280, 704, 121), k80GB, {}, false).memoryMode, MemoryMode::Resident);
        QCOMPARE(estimateFit(wan22, &*s22, run(1280, 704, 121, false), 64 * kGB, {}, false).memoryMode,
                 MemoryMode::Cpu);
    }

    void gridComesFromTheSchema()
    {
        const presets::SettingsGrid g21 = settingsGridFor(family("wan2.1-i2v"));
        QCOMPARE(g21.widthMultiple, 16);
        QCOMPARE(g21.heightMultiple, 16);
        QCOMPARE(g21.frameMultiple, 4);
        QCOMPARE(g21.frameRemainder, 1);
        QCOMPARE(g21.minFrames, 1);
        const presets::SettingsGrid g22 = settingsGridFor(family("wan2.2-ti2v"));
        QCOMPARE(g22.widthMultiple, 32);
        QCOMPARE(g22.frameRemainder, 1);
        const presets::SettingsGrid xl = settingsGridFor(family("i2vgen-xl"));
        QCOMPARE(xl.widthMultiple, 8);
        QCOMPARE(xl.frameMultiple, 1);
        QCOMPARE(xl.frameRemainder, 0);
    }

    void tiersAndNearestRespectTheSchema()
    {
        for (const auto& [id, folder, multiple] : {std::tuple{"wan2.1-i2v", kWan21, 16}, std::tuple{"wan2.2-ti2v", kWan22, 32}}) {
            const ModelFamily& f = family(id);
            const auto shape = readMemoryShape(f, folder);
            QVERIFY(shape);
            for (const std::int64_t card : {k24GB, k80GB}) {
                for (const bool low : {false, true}) {
                    const FitEstimate fit = estimateFit(f, &*shape, run(832, 480, 81), card, {}, low);
                    std::vector<presets::RunSettings> offered;
                    for (const presets::Tier& t : fit.tiers)
                        offered.push_back(t.run);
                    if (fit.nearest)
                        offered.push_back(*fit.nearest);
                    for (const presets::RunSettings& s : offered) {
                        QVERIFY2(onGrid(s.width, multiple, 0) && onGrid(s.height, multiple, 0),
                                 qPrintable(QStringLiteral("%1: %2x%3").arg(id).arg(s.width).arg(s.height)));
                        QVERIFY2(onGrid(s.frames, 4, 1), qPrintable(QStringLiteral("%1: %2 frames").arg(id).arg(s.frames)));
                        for (const ParamSpec& p : f.parameters())
                            if (p.name == "width" || p.name == "height" || p.name == "frames")
                                QVERIFY(!schemaViolation(p, p.name == "width"    ? s.width
                                                            : p.name == "height" ? s.height
                                                                                 : s.frames));
                    }
                }
            }
        }
    }

    void outOfMemoryFallbackRespectsTheSchema()
    {
        const ModelFamily& wan21 = family("wan2.1-i2v");
        GenerationRequest failed;
        failed.family = wan21.id();
        failed.modelDir = kWan21;
        failed.device = "cuda";
        failed.width = 832;
        failed.height = 480;
        failed.frames = 81;
        int rounds = 0;
        for (std::optional<GenerationRequest> r = smallerAfterOutOfMemory(wan21, failed); r;
             r = smallerAfterOutOfMemory(wan21, *r), ++rounds) {
            QVERIFY2(onGrid(r->width, 16, 0) && onGrid(r->height, 16, 0) && onGrid(r->frames, 4, 1),
                     sizeLabel(*r).c_str());
            QVERIFY(r->width <= failed.width && r->height <= failed.height && r->frames <= failed.frames);
            QVERIFY(r->width < failed.width || r->height < failed.height || r->frames < failed.frames);
            failed = *r;
            QVERIFY(rounds < 20);
        }
        QVERIFY(rounds >= 2); // the ladder has several rungs below 832×480×81
    }

    void modeTheJobRanInReachesTheHistory()
    {
        test::FakeScript script;
        test::FakeFamily fake(script);
        const FamilyLookup lookup = [&](const std::string& id) -> const ModelFamily* {
            return id == "fake" ? &fake : nullptr;
        };
        QTemporaryDir dir;
        GenerationRequest r;
        r.family = "fake";
        r.width = 64;
        r.height = 48;
        r.frames = 3;
        r.fps = 8;
        r.image = Image(64, 48);
        r.output.path = dir.filePath(QStringLiteral("a.mp4")).toStdString();
        script.details[kMemoryModeDetail] = memoryModeId(MemoryMode::BlockOffload);
        JobOutcome o = runJob(r, {}, CancelToken(), lookup);
        QCOMPARE(o.state, JobState::Done);
        const std::string expected = "ran in " + memoryModeDescription(MemoryMode::BlockOffload);
        QVERIFY(std::find(o.log.begin(), o.log.end(), expected) != o.log.end());
        QVERIFY(historyEntryFor(r, o, {}).log.find(expected) != std::string::npos);
        QVERIFY(o.recipeJson.find("\"block-offload\"") != std::string::npos);
        // A resident run says nothing extra.
        script.details[kMemoryModeDetail] = memoryModeId(MemoryMode::Resident);
        r.output.path = dir.filePath(QStringLiteral("b.mp4")).toStdString();
        o = runJob(r, {}, CancelToken(), lookup);
        QCOMPARE(o.state, JobState::Done);
        QVERIFY(historyEntryFor(r, o, {}).log.find("ran in") == std::string::npos);
    }

    void modeIdsRoundTrip()
    {
        for (MemoryMode m : {MemoryMode::Cpu, MemoryMode::Resident, MemoryMode::EncoderOffload, MemoryMode::BlockOffload}) {
            QCOMPARE(memoryModeFromId(memoryModeId(m)), std::optional<MemoryMode>(m));
            QVERIFY(!memoryModeDescription(m).empty());
        }
        QVERIFY(!memoryModeFromId("all on the device"));
    }
};

QTEST_GUILESS_MAIN(TestMemoryPlan)
#include "test_memory_plan.moc"
