// Memory and time model (core/presets/memory_model): parameter counts from the real configs, monotonicity,
// tiers for typical cards, the out-of-memory ladder and the history-based time estimate.
#include "core/presets/memory_model.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace i2v::presets;
using i2v::MemoryMode;

namespace {
constexpr std::int64_t kGiB = 1024ll * 1024 * 1024;
const std::filesystem::path kReal = I2V_TEST_DATA_DIR "/i2vgenxl-real-configs";
const std::filesystem::path kTiny = I2V_TEST_DATA_DIR "/i2vgenxl-tiny/model";
} // namespace

class TestMemoryModel : public QObject {
    Q_OBJECT
private slots:
    void clipCountsMatchPublishedModel()
    {
        // Published counts (fixture README): text encoder 352,984,064; image encoder 632,076,800.
        QCOMPARE(clipTextParams(1024, 4096, 24, 49408, 77), 352'984'064ll);
        QCOMPARE(clipVisionParams(1280, 5120, 32, 224, 14, 1024), 632'076'800ll);
    }
    void realConfigTotals()
    {
        const ModelShape s = readI2VGenXLShape(kReal);
        QCOMPARE(s.vaeSpatialFactor, 8);
        QCOMPARE(s.unet.blockOutChannels.size(), std::size_t(4));
        QCOMPARE(s.unet.crossAttention, (std::vector<bool>{true, true, true, false}));
        QCOMPARE(s.weightBytesOnDisk, 0ll); // configs only
        // UNet 1,420,469,224 + image 632,076,800 + text 352,984,064 + VAE 83,653,863.
        QCOMPARE(s.weightParams, 2'489'183'951ll);
        // A proportionally halved UNet has about a quarter of the parameters.
        UNetShape half = s.unet;
        for (int& c : half.blockOutChannels)
            c /= 2;
        QVERIFY(std::abs(approxUNetParams(half) * 4 - approxUNetParams(s.unet)) < 1000);
    }
    void tinyFixtureUsesFileSizes()
    {
        const ModelShape s = readI2VGenXLShape(kTiny);
        QCOMPARE(s.vaeSpatialFactor, 4);
        QVERIFY(s.weightBytesOnDisk > 100'000);
        QCOMPARE(s.weightBytesPerParamOnDisk, 4);
        RunSettings run{64, 64, 4, 3, 2, 4, false, AttentionKernel::Math};
        const MemoryEstimate m = estimateMemory(s, run);
        QCOMPARE(m.weightsBytes, s.weightBytesOnDisk);
        QVERIFY(m.peakBytes > m.weightsBytes);
    }
    void missingConfigNamesTheFile()
    {
        try {
            readI2VGenXLShape("/nonexistent-model");
            QFAIL("expected an error");
        } catch (const std::runtime_error& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains("unet/config.json"));
        }
    }
    // Issue 14 fuzzing (fuzz_model_config): values that once reached a negative shift (empty vae
    // block_out_channels), an int overflow (40 VAE levels) or a division by zero (patch_size 0) are
    // refused naming the file and key, as are types that would be cast with undefined behaviour.
    void hostileConfigValuesNameFileAndKey_data()
    {
        QTest::addColumn<QString>("component");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("empty vae channels") << "vae" << "block_out_channels" << "[]";
        QTest::newRow("40 vae levels") << "vae" << "block_out_channels" << "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]";
        QTest::newRow("zero patch") << "image_encoder" << "patch_size" << "0";
        QTest::newRow("patch over image") << "image_encoder" << "patch_size" << "100000";
        QTest::newRow("huge float layers") << "text_encoder" << "num_hidden_layers" << "1e300";
        QTest::newRow("billion layers") << "text_encoder" << "num_hidden_layers" << "1000000000";
        QTest::newRow("negative channel") << "unet" << "block_out_channels" << "[320, -640]";
        QTest::newRow("string width") << "text_encoder" << "hidden_size" << "\"wide\"";
    }
    void hostileConfigValuesNameFileAndKey()
    {
        QFETCH(QString, component);
        QFETCH(QString, key);
        QFETCH(QString, value);
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        for (const char* c : {"unet", "vae", "text_encoder", "image_encoder"}) {
            std::filesystem::create_directories(root / c);
            std::filesystem::copy_file(kTiny / c / "config.json", root / c / "config.json");
        }
        const std::filesystem::path file = root / component.toStdString() / "config.json";
        nlohmann::json j = nlohmann::json::parse(std::ifstream(file));
        j[key.toStdString()] = nlohmann::json::parse(value.toStdString());
        std::ofstream(file) << j.dump();
        try {
            readI2VGenXLShape(root);
            QFAIL("expected an error");
        } catch (const std::runtime_error& e) {
            const QString msg = QString::fromUtf8(e.what());
            QVERIFY2(msg.contains(component + "/config.json") && msg.contains(key), e.what());
        }
    }
    void monotoneInEverySize()
    {
        const ModelShape s = readI2VGenXLShape(kReal);
        RunSettings base{512, 512, 16, 50, 1, 2, true, AttentionKernel::Math};
        const auto peak = [&](RunSettings r) { return estimateMemory(s, r).peakBytes; };
        RunSettings wider = base, taller = base, longer = base, chunk = base;
        wider.width = 768;
        taller.height = 768;
        longer.frames = 24;
        chunk.decodeChunk = 8;
        QVERIFY(peak(wider) > peak(base));
        QVERIFY(peak(taller) > peak(base));
        QVERIFY(peak(longer) > peak(base));
        QVERIFY(peak(chunk) >= peak(base));
        RunSettings fp32 = base;
        fp32.bytesPerElement = 4;
        QVERIFY(peak(fp32) > peak(base));
        RunSettings flash = base;
        flash.attention = AttentionKernel::MemoryEfficient;
        QVERIFY(peak(flash) < peak(base));
        // fp16 weights of the real model: 4.98 GB (fixture README), within 1 %.
        QVERIFY(std::abs(estimateMemory(s, base).weightsBytes - 4'978'367'902ll) < 50'000'000);
    }
    void tiersFollowTheCard()
    {
        const ModelShape s = readI2VGenXLShape(kReal);
        RunSettings base{512, 512, 16, 50, 1, 2, true, AttentionKernel::MemoryEfficient};
        const auto big = recommendTiers(s, 24 * kGiB, base);
        const auto mid = recommendTiers(s, 12 * kGiB, base);
        const auto tooSmall = recommendTiers(s, 4 * kGiB, base);
        for (const auto& [label, tiers] : {std::pair{"24 GB", big}, std::pair{"12 GB", mid}})
            for (const Tier& t : tiers)
                qInfo("%s card: %s = %dx%d, %d frames, %d steps, peak %s", label, t.name.c_str(), t.run.width,
                      t.run.height, t.run.frames, t.run.steps, formatGigabytes(t.memory.peakBytes).c_str());
        QCOMPARE(big.size(), std::size_t(3));
        QCOMPARE(mid.size(), std::size_t(3));
        QVERIFY(tooSmall.empty()); // the weights alone need ~5 GB
        QCOMPARE(big[0].name, std::string("Draft"));
        QCOMPARE(big[2].name, std::string("Best"));
        const auto pixels = [](const Tier& t) { return 1ll * t.run.width * t.run.height * t.run.frames; };
        QVERIFY(pixels(big[2]) > pixels(mid[2]));
        QVERIFY(pixels(big[2]) >= 768ll * 768 * 16);
        for (const auto& [tiers, cardGiB] : {std::pair{big, 24ll}, std::pair{mid, 12ll}}) {
            QVERIFY(tiers[2].memory.peakBytes <= cardGiB * kGiB);
            QVERIFY(tiers[0].memory.peakBytes <= tiers[1].memory.peakBytes);
            QVERIFY(tiers[1].memory.peakBytes <= tiers[2].memory.peakBytes);
        }
    }
    // The cards the tiers are made for (issue 11): every one gets Draft/Standard/Best that fit it, and a
    // bigger card never gets a smaller Best.
    void tiersForEveryCardSize()
    {
        const ModelShape s = readI2VGenXLShape(kReal);
        RunSettings base{512, 512, 16, 50, 1, 2, true, AttentionKernel::MemoryEfficient};
        std::int64_t lastBest = 0;
        for (const std::int64_t gb : {8, 12, 16, 24, 48, 80}) {
            const auto tiers = recommendTiers(s, gb * kGiB, base);
            QCOMPARE(tiers.size(), std::size_t(3));
            for (const Tier& t : tiers) {
                QVERIFY(t.memory.peakBytes <= gb * kGiB);
                qInfo("%2lld GB: %-8s %4dx%-4d %2d frames, peak %s", (long long)gb, t.name.c_str(), t.run.width,
                      t.run.height, t.run.frames, formatGigabytes(t.memory.peakBytes).c_str());
            }
            const std::int64_t best = 1ll * tiers[2].run.width * tiers[2].run.height * tiers[2].run.frames;
            QVERIFY(best >= lastBest);
            lastBest = best;
        }
        qInfo("512x512x16 float16 estimate: %s", formatGigabytes(estimateMemory(s, base).peakBytes).c_str());
    }

    void ladderStepsDownUntilTheBottom()
    {
        const ModelShape s = readI2VGenXLShape(kReal);
        RunSettings run{1024, 576, 16, 50, 1, 2, true, AttentionKernel::Math};
        int steps = 0;
        std::int64_t last = estimateMemory(s, run).peakBytes;
        while (auto next = nextTierDown(s, run)) {
            const std::int64_t peak = estimateMemory(s, *next).peakBytes;
            QVERIFY(peak < last);
            QVERIFY(next->width * 576 == next->height * 1024 || std::abs(next->width * 576 - next->height * 1024) < 8 * 1024);
            last = peak;
            run = *next;
            QVERIFY(++steps < 20);
        }
        QVERIFY(steps >= 3);
        QCOMPARE(run.frames, 8);
        const auto fit = nearestFitting(s, RunSettings{768, 768, 24, 80, 1, 2, true, AttentionKernel::Math}, 10 * kGiB);
        QVERIFY(fit.has_value());
        QVERIFY(estimateMemory(s, *fit).peakBytes <= 10 * kGiB);
    }
    void nearestOnTheGrid()
    {
        QCOMPARE(nearestOnGrid(8, 4, 1, 1, 241), 9);    // 4k + 1: 8 -> 9, 16 -> 17, 24 -> 25
        QCOMPARE(nearestOnGrid(16, 4, 1, 1, 241), 17);
        QCOMPARE(nearestOnGrid(6, 4, 1, 1, 241), 5);
        QCOMPARE(nearestOnGrid(0, 4, 1, 1, 241), 1);    // clamped to the lowest allowed
        QCOMPARE(nearestOnGrid(500, 4, 1, 1, 241), 241);
        QCOMPARE(nearestOnGrid(500, 4, 1, 1, 240), 237); // the highest allowed below the range's end
        QCOMPARE(nearestOnGrid(147.7, 16, 0, 16, 2048), 144);
        QCOMPARE(nearestOnGrid(147.7, 32, 0, 32, 2048), 160);
        QCOMPARE(nearestOnGrid(8, 16, 0, 16, 2048), 16);
        QCOMPARE(nearestOnGrid(13.45 * 8, 8, 0, 8, 1 << 14), 104); // as the ladder always rounded
        QCOMPARE(nearestOnGrid(7, 1, 0, 1, 64), 7);
    }
    // The ladder follows the family's sizes and lengths (issue 13: Wan refuses 8/16/24 frames and sizes that
    // are not multiples of 16 or 32); the default grid keeps the ladder every family had.
    void ladderFollowsTheGrid()
    {
        RunSettings base{832, 480, 81, 40, 1, 2, true, AttentionKernel::MemoryEfficient};
        for (const int multiple : {16, 32}) {
            SettingsGrid grid;
            grid.widthMultiple = grid.heightMultiple = multiple;
            grid.minWidth = grid.minHeight = multiple;
            grid.maxWidth = grid.maxHeight = 2048;
            grid.frameMultiple = 4;
            grid.frameRemainder = 1;
            grid.minFrames = 1;
            grid.maxFrames = 241;
            const auto ladder = settingsLadder(base, grid);
            QVERIFY(ladder.size() >= 5);
            for (const RunSettings& r : ladder) {
                QVERIFY2(r.width % multiple == 0 && r.height % multiple == 0 && r.frames % 4 == 1,
                         qPrintable(QStringLiteral("%1x%2x%3").arg(r.width).arg(r.height).arg(r.frames)));
                QVERIFY(r.width >= r.height); // the aspect of the base
            }
            QCOMPARE(ladder.front().frames, 9);
        }
        const auto plain = settingsLadder(base);
        QCOMPARE(plain.size(), std::size_t(9));
        QCOMPARE(plain.front().width, 256);
        QCOMPARE(plain.front().height, 144); // 256 / (832 / 480) = 147.7 -> multiple of 8
        QCOMPARE(plain.front().frames, 8);
        // Tiers, the OOM step down and the nearest fitting setting walk the same grid.
        const ModelShape s = readI2VGenXLShape(kReal);
        SettingsGrid odd;
        odd.frameMultiple = 4;
        odd.frameRemainder = 1;
        odd.widthMultiple = odd.heightMultiple = 32;
        for (const Tier& t : recommendTiers(s, 24 * kGiB, base, odd))
            QVERIFY(t.run.frames % 4 == 1 && t.run.width % 32 == 0 && t.run.height % 32 == 0);
        const auto down = nextTierDown(s, base, odd);
        QVERIFY(down && down->frames % 4 == 1 && down->width % 32 == 0);
        const auto near = nearestFitting(s, base, 12 * kGiB, odd);
        QVERIFY(near && near->frames % 4 == 1 && near->height % 32 == 0);
    }
    void offloadModesLowerTheWeightsOnTheDevice()
    {
        const ModelShape s = readI2VGenXLShape(kReal);
        QVERIFY(s.offloadsEncoders && !s.streamsBlocks);
        QVERIFY(s.encoderParams > 900'000'000 && s.encoderParams < 1'100'000'000); // CLIP ViT-H text + vision
        RunSettings run{512, 512, 16, 50, 1, 2, true, AttentionKernel::MemoryEfficient};
        const MemoryEstimate resident = estimateMemory(s, run);
        run.memoryMode = MemoryMode::EncoderOffload;
        const MemoryEstimate offloaded = estimateMemory(s, run);
        QCOMPARE(offloaded.weightsBytes, resident.weightsBytes - s.encoderParams * 2);
        QCOMPARE(offloaded.encodersBytes, resident.encodersBytes + s.largestEncoderParams * 2);
        QVERIFY(offloaded.peakBytes < resident.peakBytes);
    }
    void cameraMotionIsCheap()
    {
        const MemoryEstimate m = estimateMemory(cameraMotionShape(), RunSettings{512, 512, 16, 1, 1, 1, false});
        QCOMPARE(m.weightsBytes, 0ll);
        QVERIFY(m.peakBytes < 256ll * 1024 * 1024);
    }
    void timeFromHistory()
    {
        QVERIFY(!estimateSeconds({}, RunSettings{}).has_value());
        // Two runs cost 1 s per 512x512x16x50 unit; one outlier must not move the median.
        const std::vector<TimingSample> history{{512, 512, 16, 50, 40.0}, {256, 256, 8, 50, 5.0}, {512, 512, 16, 50, 400.0}};
        const auto t = estimateSeconds(history, RunSettings{512, 512, 16, 25, 1, 2, true});
        QVERIFY(t.has_value());
        QVERIFY(std::abs(*t - 20.0) < 1e-6);
    }
    void gigabyteFormatting()
    {
        QCOMPARE(formatGigabytes(0), std::string("0.0 GB"));
        QCOMPARE(formatGigabytes(12 * kGiB + kGiB / 2), std::string("12.5 GB"));
    }
};

QTEST_GUILESS_MAIN(TestMemoryModel)
#include "test_memory_model.moc"
