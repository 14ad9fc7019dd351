// The runner's out-of-memory ladder with an injected out-of-memory: a test-only engine that has the real
// I2VGen-XL memory shape (from tests/data/i2vgenxl-real-configs) and throws OutOfMemory above a pixel
// budget. A job at 768×768×24 runs once more one tier down, says so (log sink, progress, outcome.log),
// and the output, its recipe and outcome.used carry the settings actually used; off = no retry; a retry
// that fails too is not retried again; the choice of the smaller setting respects the engine's ranges.
#include "core/base/log.h"
#include "core/engine/api/model_family.h"
#include "core/engine/api/registry.h"
#include "core/media/video_io.h"
#include "core/service/clip_output.h"
#include "core/service/fit_estimate.h"
#include "core/service/oom_retry.h"
#include "core/service/runner.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace i2v;

namespace {

// Frames of the requested size; OutOfMemory when width × height × frames exceeds the budget.
class OomPipeline : public Pipeline {
public:
    OomPipeline(std::int64_t budget, std::atomic<int>& runs) : m_budget(budget), m_runs(runs) {}
    GenerationResult run(const GenerationRequest& r, const ProgressObserver& observer, const CancelToken&) override
    {
        ++m_runs;
        if (static_cast<std::int64_t>(r.width) * r.height * r.frames > m_budget)
            fail(ErrorCode::OutOfMemory, "CUDA out of memory. Tried to allocate 9.00 GiB");
        GenerationResult result;
        result.fps = r.fps;
        result.family = "oom-test";
        result.modelId = "oom-test";
        for (int f = 0; f < r.frames; ++f) {
            result.frames.emplace_back(r.width, r.height);
            ProgressEvent e;
            e.stage = Stage::Denoising;
            e.step = f + 1;
            e.total = r.frames;
            observer(e);
        }
        return result;
    }

private:
    std::int64_t m_budget;
    std::atomic<int>& m_runs;
};

ParamSpec intSpec(const char* name, double lo, double hi, double def, double step, int multipleOf = 1)
{
    ParamSpec p;
    p.name = name;
    p.label = name;
    p.minValue = lo;
    p.maxValue = hi;
    p.defaultValue = def;
    p.step = step;
    p.multipleOf = multipleOf;
    p.multipleReason = multipleOf > 1 ? "the test engine's blocks" : "";
    return p;
}

class OomFamily : public ModelFamily {
public:
    std::int64_t budget = 0;
    mutable std::atomic<int> runs{0};
    bool hasShape = true;

    std::string id() const override { return "oom-test"; }
    std::string displayName() const override { return "Out-of-memory test engine"; }
    std::string description() const override { return "fails above a pixel budget"; }
    bool needsWeights() const override { return false; }
    bool probe(const std::string&) const override { return false; }
    std::unique_ptr<Pipeline> load(const std::string&, const LoadOptions&) const override
    {
        return std::make_unique<OomPipeline>(budget, runs);
    }
    std::vector<ParamSpec> parameters() const override
    {
        return {intSpec("width", 64, 2048, 512, 8, 8), intSpec("height", 64, 2048, 512, 8, 8),
                intSpec("frames", 4, 64, 16, 1), intSpec("fps", 1, 60, 8, 1), intSpec("steps", 1, 200, 50, 1),
                intSpec("decode_chunk", 1, 64, 1, 1)};
    }
    std::optional<presets::ModelShape> memoryShape(const std::string&) const override
    {
        if (!hasShape)
            return std::nullopt;
        return presets::readI2VGenXLShape(I2V_TEST_DATA_DIR "/i2vgenxl-real-configs");
    }
};

QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class TestOomRetry : public QObject {
    Q_OBJECT

    OomFamily m_family;
    std::vector<std::string> m_warnings;

    FamilyLookup lookup()
    {
        return [this](const std::string& id) -> const ModelFamily* { return id == "oom-test" ? &m_family : nullptr; };
    }

    static GenerationRequest request(const QString& outDir)
    {
        GenerationRequest r;
        r.family = "oom-test";
        r.image = Image(32, 32);
        r.prompt = "zoom in";
        r.width = 768;
        r.height = 768;
        r.frames = 24;
        r.steps = 80;
        r.decodeChunk = 4;
        r.seed = 3;
        r.output.outputDir = outDir.toStdString();
        return r;
    }

private slots:
    void init()
    {
        releasePipelineCache();
        m_family.runs = 0;
        m_family.budget = 768LL * 768 * 24 - 1; // the request as asked does not fit, anything smaller does
        m_family.hasShape = true;
        m_warnings.clear();
        setLogSink([this](LogLevel level, const std::string& m) {
            if (level == LogLevel::Warning)
                m_warnings.push_back(m);
        });
    }
    void cleanup() { setLogSink(nullptr); }

    void retriesOnceOneTierDownAndRecordsWhatWasUsed()
    {
        QTemporaryDir dir;
        std::vector<std::string> messages;
        const JobOutcome o = runJob(request(dir.path()), [&](const ProgressEvent& e) { messages.push_back(e.message); },
                                    CancelToken(), lookup());
        QVERIFY2(o.state == JobState::Done, o.error.detail.c_str());
        QCOMPARE(m_family.runs.load(), 2);
        QVERIFY(o.retriedSmaller);
        // One tier down: smaller in size or frames, never larger, steps and seed as asked, decode chunk 1.
        const GenerationRequest& used = o.used;
        QVERIFY(used.width <= 768 && used.height <= 768 && used.frames <= 24);
        QVERIFY(static_cast<std::int64_t>(used.width) * used.height * used.frames < 768LL * 768 * 24);
        QCOMPARE(used.width % 8, 0);
        QCOMPARE(used.steps, 80);
        QCOMPARE(used.seed, std::int64_t(3));
        QCOMPARE(used.decodeChunk, 1);
        QVERIFY(used.image.empty());
        const std::string label = std::to_string(used.width) + "\u00d7" + std::to_string(used.height) + "\u00d7" +
                                  std::to_string(used.frames);
        const std::string note = "out of memory at 768\u00d7768\u00d724; retrying at " + label;
        QCOMPARE(o.log.size(), std::size_t(1));
        QCOMPARE(o.log[0], note);
        QVERIFY(std::find(messages.begin(), messages.end(), note) != messages.end());
        QCOMPARE(m_warnings.size(), std::size_t(1));
        QVERIFY2(m_warnings[0].rfind(note, 0) == 0, m_warnings[0].c_str());
        // The output and its recipe are the used settings.
        QCOMPARE(o.files.size(), std::size_t(2));
        const VideoInfo info = probeVideo(o.files[0]);
        QCOMPARE(info.width, used.width);
        QCOMPARE(info.height, used.height);
        QCOMPARE(info.frameCount, used.frames);
        QFile sidecar(QString::fromStdString(o.files[1]));
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        const QJsonObject recipe = QJsonDocument::fromJson(sidecar.readAll()).object();
        QCOMPARE(recipe["width"].toInt(), used.width);
        QCOMPARE(recipe["height"].toInt(), used.height);
        QCOMPARE(recipe["frames"].toInt(), used.frames);
        QCOMPARE(recipe["decode_chunk"].toInt(), 1);
        QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(o.recipeJson)).object(), recipe);
        QCOMPARE(entries(dir.path()).size(), 2); // nothing left of the failed attempt
    }

    void exportCarriesTheRecipeThatRan()
    {
        QTemporaryDir dir;
        const JobOutcome o = runJob(request(dir.path()), {}, CancelToken(), lookup());
        QVERIFY2(o.state == JobState::Done, o.error.detail.c_str());
        QVERIFY(o.retriedSmaller);
        const QString exported = dir.filePath("export/again.webm");
        QVERIFY(QDir().mkpath(dir.filePath("export")));
        const std::vector<std::string> files = exportClip(o, exported.toStdString(), OutputFormat::WebM);
        QCOMPARE(files.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(files[0]), exported);
        QCOMPARE(QString::fromStdString(files[1]), exported + ".json");
        const VideoInfo info = probeVideo(files[0]);
        QCOMPARE(info.width, o.used.width);
        QCOMPARE(info.frameCount, o.used.frames);
        QFile sidecar(QString::fromStdString(files[1]));
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        const QJsonObject recipe = QJsonDocument::fromJson(sidecar.readAll()).object();
        QVERIFY(o.used.width < 768 || o.used.height < 768 || o.used.frames < 24);
        QCOMPARE(recipe["width"].toInt(), o.used.width); // what ran, not the 768×768×24 that was asked
        QCOMPARE(recipe["height"].toInt(), o.used.height);
        QCOMPARE(recipe["frames"].toInt(), o.used.frames);
        QCOMPARE(recipe["decode_chunk"].toInt(), 1);
        QCOMPARE(recipe["output"].toObject()["format"].toString(), QStringLiteral("webm"));
        QCOMPARE(recipe["output"].toObject()["path"].toString(), exported);
        // Never over an existing file.
        try {
            exportClip(o, exported.toStdString(), OutputFormat::WebM);
            QFAIL("an existing export was overwritten");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::OutputExists);
        }
    }

    void namedOutputIsFreeForTheRetry()
    {
        QTemporaryDir dir;
        GenerationRequest r = request(dir.path());
        r.output.path = dir.filePath("clip.mp4").toStdString();
        const JobOutcome o = runJob(r, {}, CancelToken(), lookup());
        QCOMPARE(o.state, JobState::Done);
        QCOMPARE(QString::fromStdString(o.files[0]), dir.filePath("clip.mp4"));
    }

    void retryOffFailsWithOutOfMemory()
    {
        QTemporaryDir dir;
        GenerationRequest r = request(dir.path());
        r.retrySmallerOnOutOfMemory = false;
        const JobOutcome o = runJob(r, {}, CancelToken(), lookup());
        QCOMPARE(o.state, JobState::Failed);
        QCOMPARE(o.error.code, ErrorCode::OutOfMemory);
        QCOMPARE(m_family.runs.load(), 1);
        QVERIFY(!o.retriedSmaller);
        QVERIFY(o.log.empty());
        QCOMPARE(entries(dir.path()), QStringList());
    }

    void failedRetryIsNotRetriedAgain()
    {
        QTemporaryDir dir;
        m_family.budget = 1;
        const JobOutcome o = runJob(request(dir.path()), {}, CancelToken(), lookup());
        QCOMPARE(o.state, JobState::Failed);
        QCOMPARE(o.error.code, ErrorCode::OutOfMemory);
        QCOMPARE(m_family.runs.load(), 2);
        QVERIFY(o.retriedSmaller);
        QCOMPARE(o.log.size(), std::size_t(2));
        QVERIFY(o.log[1].find("failed too") != std::string::npos);
        QCOMPARE(entries(dir.path()), QStringList());
    }

    void noShapeOrBottomOfLadderMeansNoRetry()
    {
        QTemporaryDir dir;
        m_family.hasShape = false;
        const JobOutcome noShape = runJob(request(dir.path()), {}, CancelToken(), lookup());
        QCOMPARE(noShape.error.code, ErrorCode::OutOfMemory);
        QCOMPARE(m_family.runs.load(), 1);
        QVERIFY(noShape.log.at(0).find("no smaller setting") != std::string::npos);

        m_family.hasShape = true;
        GenerationRequest bottom = request(dir.path());
        bottom.width = bottom.height = 256;
        bottom.frames = 8;
        bottom.decodeChunk = 1;
        QVERIFY(!smallerAfterOutOfMemory(m_family, bottom));
    }

    void fitEstimateForTheWindow()
    {
        // The window's fit line comes from the service (core/service/fit_estimate.h), not from presets.
        const ModelFamily* xl = findModelFamily("i2vgen-xl");
        QVERIFY(xl);
        QVERIFY(!readMemoryShape(*xl, "/no/such/model")); // unreadable configs: no estimate, no exception
        const std::optional<ModelShape> shape = readMemoryShape(*xl, I2V_TEST_DATA_DIR "/i2vgenxl-real-configs");
        QVERIFY(shape);
        presets::RunSettings run;
        run.width = run.height = 768;
        run.frames = 24;
        const std::int64_t peak = presets::estimateMemory(*shape, run).peakBytes;
        const FitEstimate fits = estimateFit(*xl, &*shape, run, peak, {});
        QVERIFY(fits.hasShape && !fits.weightFree && fits.fits && !fits.nearest && !fits.seconds);
        QCOMPARE(fits.peakBytes, peak);
        QVERIFY(!fits.tiers.empty());
        const FitEstimate tight = estimateFit(*xl, &*shape, run, peak - 1, {});
        QVERIFY(!tight.fits);
        QVERIFY(tight.nearest);
        QVERIFY(presets::estimateMemory(*shape, *tight.nearest).peakBytes < peak);
        QVERIFY(!estimateFit(*xl, nullptr, run, peak, {}).hasShape);

        // A weight-free engine without a steps parameter: time per frame from this machine's samples.
        const ModelFamily* camera = findModelFamily("camera-motion");
        QVERIFY(camera && !camera->needsWeights());
        const ModelShape still = *readMemoryShape(*camera, "");
        presets::RunSettings small;
        small.width = small.height = 256;
        small.frames = 8;
        small.steps = 1;
        const FitEstimate cpu = estimateFit(*camera, &still, small, 0, {{256, 256, 8, 50, 3.0}});
        QVERIFY(cpu.hasShape && cpu.weightFree && cpu.fits);
        QVERIFY(cpu.seconds);
        QCOMPARE(*cpu.seconds, 3.0); // the sample's 50 steps are not counted: the engine has none
    }

    void smallerSettingStaysWithinTheEngineRanges()
    {
        GenerationRequest wide = request(QString());
        wide.width = 1000; // aspect 1000:600, not a ladder size
        wide.height = 600;
        wide.frames = 6;
        const auto smaller = smallerAfterOutOfMemory(m_family, wide);
        QVERIFY(smaller);
        QVERIFY(smaller->width < 1000 || smaller->height < 600);
        QVERIFY(smaller->width <= 1000 && smaller->height <= 600 && smaller->frames <= 6);
        QCOMPARE(smaller->width % 8, 0);
        QCOMPARE(smaller->height % 8, 0);
        QVERIFY(smaller->frames >= 4); // the engine's minimum
        QCOMPARE(sizeLabel(*smaller), std::to_string(smaller->width) + "\u00d7" + std::to_string(smaller->height) +
                                          "\u00d7" + std::to_string(smaller->frames));
    }
};

QTEST_GUILESS_MAIN(TestOomRetry)
#include "test_oom_retry.moc"
