// The job queue and the runner with a fake engine: order, progress events, cancellation without leftovers,
// error mapping (corrupt/missing image, unknown engine, bad parameter, out of memory), never overwriting,
// automatic naming, pipeline reuse. Real encoding through core/media.
#include "fake_family.h"

#include "core/engine/api/runtime_info.h"
#include "core/media/video_io.h"
#include "core/service/job_queue.h"
#include "core/service/output_naming.h"
#include "core/service/runner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <new>
#include <fstream>
#include <ctime>
#include <optional>
#include <set>
#include <thread>

using namespace i2v;

class TestJobQueue : public QObject {
    Q_OBJECT

    test::FakeScript m_script;
    test::FakeFamily m_family{m_script};

    FamilyLookup lookup()
    {
        return [this](const std::string& id) -> const ModelFamily* { return id == "fake" ? &m_family : nullptr; };
    }

    static GenerationRequest request(const QString& outDir, std::int64_t seed = 1)
    {
        GenerationRequest r;
        r.family = "fake";
        r.image = Image(32, 32);
        r.prompt = "Camera slowly zooming in, on the boat!";
        r.width = 64;
        r.height = 48;
        r.frames = 6;
        r.fps = 8;
        r.seed = seed;
        r.output.outputDir = outDir.toStdString();
        return r;
    }

    static QStringList entries(const QString& dir)
    {
        return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    }

private slots:
    void init()
    {
        m_script.afterStep = nullptr;
        releasePipelineCache();
        m_script.loads = 0;
        m_script.runs = 0;
    }

    void queueRunsJobsInOrderOnOneThread()
    {
        QTemporaryDir dir;
        std::mutex mutex;
        std::vector<std::uint64_t> started, finished;
        std::vector<JobOutcome> outcomes;
        std::set<std::thread::id> threads;
        JobCallbacks cb;
        cb.started = [&](std::uint64_t id) {
            std::lock_guard lock(mutex);
            started.push_back(id);
            threads.insert(std::this_thread::get_id());
        };
        cb.finished = [&](std::uint64_t id, const JobOutcome& o) {
            std::lock_guard lock(mutex);
            finished.push_back(id);
            outcomes.push_back(o);
            threads.insert(std::this_thread::get_id());
        };
        JobQueue queue(cb, lookup());
        std::vector<std::uint64_t> ids;
        for (int i = 0; i < 3; ++i)
            ids.push_back(queue.submit(request(dir.path(), 10 + i)));
        queue.waitIdle();
        QCOMPARE(queue.pending(), std::size_t(0));
        QCOMPARE(started, ids);
        QCOMPARE(finished, ids);
        QCOMPARE(threads.size(), std::size_t(1));
        QVERIFY(threads.count(std::this_thread::get_id()) == 0);
        for (const JobOutcome& o : outcomes) {
            QCOMPARE(o.state, JobState::Done);
            QCOMPARE(o.files.size(), std::size_t(2)); // clip + sidecar
            QVERIFY(QFile::exists(QString::fromStdString(o.files[0])));
            QVERIFY(o.peakMemoryBytes > 0);
        }
        QCOMPARE(m_script.loads.load(), 1); // the pipeline is reused while family/folder/device stay the same
        QCOMPARE(m_script.runs.load(), 3);
    }

    void residentModelUnloadsOnRequestAndWhenIdle()
    {
        QTemporaryDir dir;
        JobQueue queue(JobCallbacks{}, lookup());
        queue.submit(request(dir.path(), 1));
        queue.waitIdle();
        QCOMPARE(m_script.loads.load(), 1);
        QVERIFY(!loadedPipelineLabel().empty()); // resident between jobs
        queue.submit(request(dir.path(), 2));
        queue.waitIdle();
        QCOMPARE(m_script.loads.load(), 1);

        // "Unload model": done by the worker, then the next job loads again.
        queue.unloadModel();
        QTRY_VERIFY_WITH_TIMEOUT(loadedPipelineLabel().empty(), 5000);
        queue.submit(request(dir.path(), 3));
        queue.waitIdle();
        QCOMPARE(m_script.loads.load(), 2);

        // Idle unload: released once no job used it for the idle time; never while jobs keep coming.
        queue.setIdleUnload(std::chrono::milliseconds(60000));
        queue.submit(request(dir.path(), 4));
        queue.waitIdle();
        QVERIFY(!loadedPipelineLabel().empty());
        queue.setIdleUnload(std::chrono::milliseconds(30));
        QTRY_VERIFY_WITH_TIMEOUT(loadedPipelineLabel().empty(), 5000);
        QCOMPARE(m_script.loads.load(), 2);
        queue.setIdleUnload(std::chrono::milliseconds(0));

        // Low-VRAM mode is part of the resident pipeline's identity: switching it reloads.
        queue.submit(request(dir.path(), 5));
        queue.waitIdle();
        QCOMPARE(m_script.loads.load(), 3);
        setLowVramMode(true);
        queue.submit(request(dir.path(), 6));
        queue.waitIdle();
        setLowVramMode(false);
        QCOMPARE(m_script.loads.load(), 4);
    }

    // Two processes in one folder pick the same free name; the one that publishes second used to fail with
    // "already exists" and lose its finished clip. Here "the other process" publishes the name this job
    // chose while it is generating: the clip moves on to the next free name; the other file is untouched.
    void nameTakenWhileGeneratingMovesOn()
    {
        QTemporaryDir dir;
        const GenerationRequest r = request(dir.path(), 77);
        std::vector<std::string> planted;
        m_script.afterStep = [&](int step) {
            if (step != 1)
                return;
            const std::time_t now = std::time(nullptr);
            for (const std::time_t t : {now, now - 1}) { // the runner chose at or just before now
                std::tm tm{};
                localtime_r(&t, &tm);
                const OutputPaths p = pickOutputPaths(r, tm);
                std::ofstream(p.video) << "the other process's clip";
                planted.push_back(p.video.string());
            }
        };
        const JobOutcome o = runJob(r, {}, CancelToken(), lookup());
        QCOMPARE(o.state, JobState::Done);
        QCOMPARE(o.files.size(), std::size_t(2));
        for (const std::string& p : planted) {
            QVERIFY(o.files[0] != p);
            std::ifstream in(p);
            std::string text;
            std::getline(in, text);
            QCOMPARE(text, std::string("the other process's clip"));
        }
        QVERIFY(QFile::exists(QString::fromStdString(o.files[0])));
        QCOMPARE(o.used.output.path, o.files[0]); // the recipe names where the clip really is
        QVERIFY(QFile::exists(QString::fromStdString(o.files[0] + ".json")));
    }

    void progressEventsInOrder()
    {
        QTemporaryDir dir;
        std::vector<ProgressEvent> events;
        const JobOutcome o = runJob(request(dir.path()), [&](const ProgressEvent& e) { events.push_back(e); },
                                    CancelToken(), lookup());
        QCOMPARE(o.state, JobState::Done);
        std::vector<Stage> stages;
        for (const ProgressEvent& e : events)
            if (stages.empty() || stages.back() != e.stage)
                stages.push_back(e.stage);
        QCOMPARE(stages, (std::vector<Stage>{Stage::Loading, Stage::Denoising, Stage::Writing, Stage::Done}));
        int step = 0;
        double elapsed = 0;
        for (const ProgressEvent& e : events) {
            QVERIFY(e.elapsedMs >= elapsed);
            elapsed = e.elapsedMs;
            QVERIFY(e.memoryBytes > 0); // process RSS when the engine reports nothing
            if (e.stage == Stage::Denoising) {
                QCOMPARE(e.step, ++step);
                QCOMPARE(e.total, 6);
            }
        }
        QCOMPARE(step, 6);
    }

    void cancelMidRunLeavesNoFile()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("clip.mp4");
        GenerationRequest r = request(dir.path());
        r.output.path = out.toStdString();
        r.output.framesDir = dir.filePath("frames").toStdString();
        std::optional<JobOutcome> first, second;
        std::uint64_t firstId = 0;
        JobQueue* queuePtr = nullptr;
        JobCallbacks cb;
        cb.finished = [&](std::uint64_t id, const JobOutcome& o) { (id == firstId ? first : second) = o; };
        JobQueue queue(cb, lookup());
        queuePtr = &queue;
        m_script.afterStep = [&](int step) {
            if (step == 3)
                queuePtr->cancel(firstId); // the next step boundary throws Cancelled
        };
        firstId = queue.submit(r);
        GenerationRequest queued = request(dir.path());
        const std::uint64_t secondId = queue.submit(queued);
        queue.cancel(secondId); // cancelled while queued: never runs
        queue.waitIdle();
        QVERIFY(first && second);
        QCOMPARE(first->state, JobState::Cancelled);
        QCOMPARE(first->error.code, ErrorCode::Cancelled);
        QVERIFY(first->files.empty());
        QCOMPARE(second->state, JobState::Cancelled);
        QCOMPARE(m_script.runs.load(), 1);
        QCOMPARE(entries(dir.path()), QStringList()); // no clip, no frames, no temp file
    }

    void cancelDuringWritingLeavesNoFile()
    {
        QTemporaryDir dir;
        GenerationRequest r = request(dir.path());
        r.frames = 40;
        CancelToken cancel;
        const JobOutcome o = runJob(
            r,
            [&](const ProgressEvent& e) {
                if (e.stage == Stage::Writing)
                    cancel.cancel();
            },
            cancel, lookup());
        QCOMPARE(o.state, JobState::Cancelled);
        QCOMPARE(entries(dir.path()), QStringList());
    }

    void corruptImageIsImageCorrupt()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath("broken.png");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\x89PNG\r\n\x1a\n this is not really a png", 34);
        f.close();
        GenerationRequest r = request(dir.path());
        r.image = Image();
        r.imagePath = bad.toStdString();
        const JobOutcome o = runJob(r, {}, CancelToken(), lookup());
        QCOMPARE(o.state, JobState::Failed);
        QCOMPARE(o.error.code, ErrorCode::ImageCorrupt);
        QVERIFY2(o.error.detail.find("broken.png") != std::string::npos, o.error.detail.c_str());
        QCOMPARE(entries(dir.path()), QStringList{"broken.png"});

        r.imagePath = dir.filePath("missing.png").toStdString();
        QCOMPARE(runJob(r, {}, CancelToken(), lookup()).error.code, ErrorCode::FileNotFound);
    }

    void failuresMapToCodes()
    {
        QTemporaryDir dir;
        GenerationRequest r = request(dir.path());
        r.family = "no-such-engine";
        QCOMPARE(runJob(r, {}, CancelToken(), lookup()).error.code, ErrorCode::ModelNotFound);

        r = request(dir.path());
        r.width = 72; // a multiple of 8 (the real engines' factor) but not of the fake engine's 16
        const JobOutcome invalid = runJob(r, {}, CancelToken(), lookup());
        QCOMPARE(invalid.error.code, ErrorCode::InvalidArgument);
        QVERIFY2(invalid.error.detail.find("width = 72 must be a multiple of 16 (the test engine's blocks)") !=
                     std::string::npos,
                 invalid.error.detail.c_str());

        m_script.afterStep = [](int step) {
            if (step == 2)
                throw std::bad_alloc();
        };
        QCOMPARE(runJob(request(dir.path()), {}, CancelToken(), lookup()).error.code, ErrorCode::OutOfMemory);
        m_script.afterStep = [](int) { throw std::runtime_error("CUDA out of memory. Tried to allocate 2 GiB"); };
        QCOMPARE(runJob(request(dir.path()), {}, CancelToken(), lookup()).error.code, ErrorCode::OutOfMemory);
        m_script.afterStep = [](int) { throw std::logic_error("index 7 out of range"); };
        const JobOutcome internal = runJob(request(dir.path()), {}, CancelToken(), lookup());
        QCOMPARE(internal.error.code, ErrorCode::Internal);
        QCOMPARE(internal.error.detail, std::string("index 7 out of range"));
        QCOMPARE(entries(dir.path()), QStringList());
    }

    void existingOutputIsNeverOverwritten()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("clip.mp4");
        QFile f(out);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("keep me");
        f.close();
        GenerationRequest r = request(dir.path());
        r.output.path = out.toStdString();
        const JobOutcome o = runJob(r, {}, CancelToken(), lookup());
        QCOMPARE(o.error.code, ErrorCode::OutputExists);
        QCOMPARE(m_script.runs.load(), 0); // refused before any work
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("keep me"));
        QCOMPARE(entries(dir.path()), QStringList{"clip.mp4"});
    }

    void unwritableFolderFailsBeforeWork()
    {
        QTemporaryDir dir;
        GenerationRequest r = request(dir.path());
        r.output.path = dir.filePath("no-such-folder/clip.mp4").toStdString();
        const JobOutcome o = runJob(r, {}, CancelToken(), lookup());
        QCOMPARE(o.error.code, ErrorCode::OutputUnwritable);
        QCOMPARE(m_script.runs.load(), 0);
        QCOMPARE(entries(dir.path()), QStringList());
    }

    void autoNamesAreReadableAndUnique()
    {
        QTemporaryDir dir;
        const QString outDir = dir.filePath("clips"); // created on demand
        const JobOutcome a = runJob(request(outDir, 42), {}, CancelToken(), lookup());
        const JobOutcome b = runJob(request(outDir, 42), {}, CancelToken(), lookup());
        QCOMPARE(a.state, JobState::Done);
        QCOMPARE(b.state, JobState::Done);
        QVERIFY(a.files[0] != b.files[0]);
        const QString name = QFileInfo(QString::fromStdString(a.files[0])).fileName();
        QVERIFY2(name.contains("_camera-slowly-zooming-in-on-the-boat_seed42") && name.endsWith(".mp4"),
                 qPrintable(name));
        QCOMPARE(QString::fromStdString(a.files[1]), QString::fromStdString(a.files[0]) + ".json");
        QCOMPARE(entries(outDir).size(), 4);

        const VideoInfo info = probeVideo(a.files[0]);
        QCOMPARE(info.frameCount, 6);
        QCOMPARE(info.width, 64);
        QCOMPARE(info.height, 48);
        QFile sidecar(QString::fromStdString(a.files[1]));
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        QVERIFY(sidecar.readAll().contains("Camera slowly zooming in, on the boat!"));
    }
};

QTEST_GUILESS_MAIN(TestJobQueue)
#include "test_job_queue.moc"
