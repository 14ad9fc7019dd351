// The persistent queue with a fake engine: every list operation (add, move, remove, hold, pause/resume,
// duplicate with a new seed, N variations, clear), the saved file after each change, survival of a
// simulated crash (the file as it was while a job ran: same order, running -> queued, queue paused),
// a clean close, damaged files (kept as a backup, readable jobs restored), pasted images, and export /
// import in the `i2v batch` format.
#include "fake_family.h"

#include "core/base/paths.h"
#include "core/media/image_io.h"
#include "core/media/recipe.h"
#include "core/service/batch.h"
#include "core/service/job_queue.h"
#include "core/service/queue_store.h"
#include "core/service/runner.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

using namespace i2v;
namespace fs = std::filesystem;

namespace {

std::string readText(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Blocks the fake engine at a step until released (one job at a time).
struct Gate {
    std::mutex mutex;
    std::condition_variable cv;
    bool reached = false, released = false;
    void arrive()
    {
        std::unique_lock lock(mutex);
        if (reached)
            return; // blocks the first arrival only
        reached = true;
        cv.notify_all();
        cv.wait(lock, [&] { return released; });
    }
    void waitReached()
    {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return reached; });
    }
    void release()
    {
        std::lock_guard lock(mutex);
        released = true;
        cv.notify_all();
    }
};

} // namespace

class TestQueueEdit : public QObject {
    Q_OBJECT

    test::FakeScript m_script;
    test::FakeFamily m_family{m_script};

    FamilyLookup lookup()
    {
        return [this](const std::string& id) -> const ModelFamily* { return id == "fake" ? &m_family : nullptr; };
    }

    static GenerationRequest request(const QString& outDir, const std::string& prompt, std::int64_t seed)
    {
        GenerationRequest r;
        r.family = "fake";
        r.image = Image(32, 32);
        r.imagePath = "/images/" + prompt + ".png";
        r.prompt = prompt;
        r.width = 64;
        r.height = 48;
        r.frames = 4;
        r.fps = 8;
        r.seed = seed;
        r.output.outputDir = outDir.toStdString();
        return r;
    }

    static std::vector<std::string> prompts(const JobQueue& q)
    {
        std::vector<std::string> out;
        for (const QueueEntry& e : q.snapshot())
            out.push_back(e.request.prompt);
        return out;
    }

    // The prompts as a fresh process would read them from the saved file.
    static std::vector<std::string> savedPrompts(const fs::path& file)
    {
        QueueStore store(file);
        std::vector<std::string> out;
        for (const QueuedItem& item : store.load())
            out.push_back(recipeFromJsonPrompt(item.recipeJson));
        return out;
    }
    static std::string recipeFromJsonPrompt(const std::string& json);

private slots:
    void init()
    {
        m_script.afterStep = nullptr;
        releasePipelineCache();
    }

    void everyOperationIsSaved()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "data" / "queue.jsonl";
        int changes = 0;
        JobCallbacks cb;
        cb.changed = [&] { ++changes; };
        JobQueue q(cb, lookup());
        QVERIFY(q.attachStore(file).empty());
        q.setPaused(true);
        const auto a = q.submit(request(dir.path(), "a", 1));
        const auto b = q.submit(request(dir.path(), "b", 2));
        const auto c = q.submit(request(dir.path(), "c", 3));
        QCOMPARE(savedPrompts(file), (std::vector<std::string>{"a", "b", "c"}));
        QVERIFY(changes >= 4);

        QVERIFY(q.move(c, 0));
        QCOMPARE(prompts(q), (std::vector<std::string>{"c", "a", "b"}));
        QVERIFY(q.move(c, 99)); // clamped to the end
        QCOMPARE(savedPrompts(file), (std::vector<std::string>{"a", "b", "c"}));
        QVERIFY(!q.move(12345, 0));

        const auto dup = q.duplicateWithNewSeed(a);
        QVERIFY(dup != 0);
        const auto snap = q.snapshot();
        QCOMPARE(snap[1].id, dup);
        QCOMPARE(snap[1].request.prompt, std::string("a"));
        QVERIFY(snap[1].request.seed != 1);
        QVERIFY(snap[1].request.output.path.empty());

        const auto vars = q.addVariations(b, 3);
        QCOMPARE(vars.size(), std::size_t(3));
        std::set<std::int64_t> seeds{2};
        for (std::size_t i = 0; i < vars.size(); ++i) {
            const auto e = q.entry(vars[i]);
            QVERIFY(e);
            QCOMPARE(e->request.prompt, std::string("b"));
            seeds.insert(e->request.seed);
            QCOMPARE(q.snapshot()[3 + i].id, vars[i]); // right after "b", in order
        }
        QCOMPARE(seeds.size(), std::size_t(4)); // distinct, none equal to the original
        QCOMPARE(savedPrompts(file).size(), std::size_t(7));
        const auto asBatch = readBatchFile(file); // the saved queue is `i2v batch` input as it is
        QCOMPARE(asBatch.size(), std::size_t(7));
        for (const BatchLine& line : asBatch)
            QVERIFY2(line.parseError.empty(), line.parseError.c_str());

        QVERIFY(q.setHeld(c, true));
        QVERIFY(q.remove(dup));
        QVERIFY(!q.remove(dup));
        QCOMPARE(q.snapshot().size(), std::size_t(6));
        QueueStore store(file);
        const auto items = store.load();
        QVERIFY(store.queuePaused());
        QCOMPARE(items.back().paused, true); // "c" is held, and saved as such

        // Paused: nothing ran. Resumed: everything but the held item runs, in order.
        QCOMPARE(m_script.runs.load(), 0);
        std::vector<std::uint64_t> started;
        m_script.afterStep = nullptr;
        q.setPaused(false);
        q.waitIdle();
        QCOMPARE(m_script.runs.load(), 5);
        QCOMPARE(q.entry(c)->state, JobState::Queued);
        QCOMPARE(q.entry(a)->state, JobState::Done);
        QVERIFY(fs::exists(q.entry(a)->output));
        QCOMPARE(savedPrompts(file), (std::vector<std::string>{"c"})); // finished jobs leave the file
        QCOMPARE(q.clearFinished(), std::size_t(5));
        QCOMPARE(prompts(q), (std::vector<std::string>{"c"}));
        QVERIFY(q.setHeld(c, false));
        q.waitIdle();
        QCOMPARE(q.entry(c)->state, JobState::Done);
        QCOMPARE(q.pending(), std::size_t(0));
    }

    void pauseLetsTheRunningJobFinish()
    {
        QTemporaryDir dir;
        Gate gate;
        m_script.afterStep = [&](int step) {
            if (step == 1)
                gate.arrive();
        };
        JobQueue q({}, lookup());
        const auto first = q.submit(request(dir.path(), "first", 1));
        const auto second = q.submit(request(dir.path(), "second", 2));
        gate.waitReached();
        q.setPaused(true);
        QVERIFY(q.paused());
        gate.release();
        q.waitIdle();
        QCOMPARE(q.entry(first)->state, JobState::Done);
        QCOMPARE(q.entry(second)->state, JobState::Queued);
        q.setPaused(false);
        q.waitIdle();
        QCOMPARE(q.entry(second)->state, JobState::Done);
    }

    void survivesACrashWhileRunning()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "queue.jsonl";
        const fs::path crashImage = fs::path(dir.path().toStdString()) / "at-crash.jsonl";
        const QString outDir = dir.filePath("out");
        Gate gate;
        m_script.afterStep = [&](int step) {
            if (step == 2)
                gate.arrive();
        };
        {
            JobQueue q({}, lookup());
            q.attachStore(file);
            q.submit(request(outDir, "one", 1));
            q.submit(request(outDir, "two", 2));
            q.submit(request(outDir, "three", 3));
            gate.waitReached();
            // The disk as a crash at this moment would leave it: nothing else is written before the process dies.
            fs::copy_file(file, crashImage);
            QVERIFY(readText(crashImage).find("\"running\":true") != std::string::npos);
            QVERIFY(!fs::exists(outDir.toStdString()) || fs::is_empty(outDir.toStdString())); // no partial output
            q.cancel(q.snapshot()[0].id);
            gate.release();
            q.remove(q.snapshot()[0].id);
        }
        m_script.afterStep = nullptr;
        JobQueue restored({}, lookup());
        const std::string warning = restored.attachStore(crashImage);
        QVERIFY2(warning.find("did not close normally") != std::string::npos, warning.c_str());
        QVERIFY(restored.paused()); // the job that was running may be what crashed the app
        QCOMPARE(prompts(restored), (std::vector<std::string>{"one", "two", "three"}));
        const auto rows = restored.snapshot();
        QCOMPARE(rows[0].state, JobState::Queued);
        QVERIFY(rows[0].interrupted);
        QVERIFY(!rows[1].interrupted);
        QCOMPARE(rows[2].request.seed, std::int64_t(3));
        QCOMPARE(rows[0].request.imagePath, std::string("/images/one.png"));
        QVERIFY(readText(crashImage).find("\"running\"") == std::string::npos); // re-saved as queued
    }

    void cleanCloseKeepsTheQueue()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "queue.jsonl";
        Gate gate;
        std::thread releaser;
        m_script.afterStep = [&](int step) {
            if (step == 1)
                gate.arrive();
        };
        {
            JobQueue q({}, lookup());
            q.attachStore(file);
            q.submit(request(dir.path(), "running", 1));
            q.submit(request(dir.path(), "waiting", 2));
            gate.waitReached();
            // Released shortly after the destructor has cancelled the job: it stops at the next step boundary.
            releaser = std::thread([&] {
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
                gate.release();
            });
        }
        releaser.join();
        m_script.afterStep = nullptr;
        JobQueue q({}, lookup());
        q.setPaused(true);
        QVERIFY(q.attachStore(file).empty());
        QVERIFY(q.paused()); // set before attaching: stays
        QCOMPARE(prompts(q), (std::vector<std::string>{"running", "waiting"}));
        QVERIFY(!q.snapshot()[0].interrupted);
    }

    void damagedFileIsKeptAndReadableJobsRestored()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "queue.jsonl";
        const std::string torn = "# i2v-studio queue {\"paused\":false}\n"
                                 "{\"prompt\":\"kept\",\"family\":\"fake\",\"seed\":5,\"queue_id\":\"1\"}\n"
                                 "\x01\x02\xff garbage\n"
                                 "{\"prompt\":\"torn\",\"fam";
        std::ofstream(file, std::ios::binary) << torn;
        JobQueue q({}, lookup());
        q.setPaused(true);
        const std::string warning = q.attachStore(file);
        QVERIFY2(warning.find("2 damaged line(s)") != std::string::npos, warning.c_str());
        QCOMPARE(prompts(q), (std::vector<std::string>{"kept"}));
        int backups = 0;
        for (const auto& e : fs::directory_iterator(file.parent_path()))
            if (e.path().filename().string().rfind("queue.jsonl.corrupt-", 0) == 0) {
                ++backups;
                QCOMPARE(readText(e.path()), torn); // byte for byte
            }
        QCOMPARE(backups, 1);
        QCOMPARE(savedPrompts(file), (std::vector<std::string>{"kept"})); // the live file is clean again

        // A recipe this version cannot read (wrong type) is also kept in a backup rather than dropped silently.
        const fs::path other = fs::path(dir.path().toStdString()) / "q2.jsonl";
        std::ofstream(other) << "{\"prompt\":\"ok\",\"family\":\"fake\"}\n{\"prompt\":\"bad\",\"width\":\"wide\"}\n";
        JobQueue q2({}, lookup());
        q2.setPaused(true);
        const std::string w2 = q2.attachStore(other);
        QVERIFY2(w2.find("cannot read") != std::string::npos, w2.c_str());
        QCOMPARE(prompts(q2), (std::vector<std::string>{"ok"}));
    }

    void pastedImagesAreStoredWithTheQueue()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "queue.jsonl";
        JobQueue q({}, lookup());
        q.setPaused(true);
        q.attachStore(file);
        GenerationRequest r = request(dir.path(), "pasted", 1);
        r.imagePath.clear();
        const auto id = q.submit(r);
        const std::string path = q.entry(id)->request.imagePath;
        QVERIFY(!path.empty());
        QVERIFY(fs::exists(path));
        QCOMPARE(fs::path(path).parent_path(), file.parent_path() / "queue-inputs");
    }

    // Every edit rewrites the file (fsync + rename) on the caller's thread, the GUI thread in the app:
    // measure what one edit costs with a long queue, and keep it well below a noticeable pause.
    void savingALongQueueStaysCheap()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "queue.jsonl";
        JobQueue q({}, lookup());
        q.setPaused(true);
        q.attachStore(file);
        for (int i = 0; i < 200; ++i)
            q.submit(request(dir.path(), "clip number " + std::to_string(i), i));
        const auto ids = q.snapshot();
        QElapsedTimer timer;
        timer.start();
        constexpr int kMoves = 50;
        for (int i = 0; i < kMoves; ++i)
            q.move(ids[std::size_t(i)].id, 199);
        const double msPerEdit = double(timer.nsecsElapsed()) / 1e6 / kMoves;
        qInfo("queue of 200: %.2f ms per edit (file %lld bytes)", msPerEdit, static_cast<long long>(fs::file_size(file)));
        QVERIFY2(msPerEdit < 250, qPrintable(QString::number(msPerEdit)));
        QCOMPARE(savedPrompts(file).front(), std::string("clip number 50"));
    }

    // What a render machine does with an export: `i2v batch` (runBatch) makes every clip of it.
    void exportedQueueRunsAsABatch()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Image image(96, 64);
        for (std::size_t i = 0; i < image.rgb.size(); ++i)
            image.rgb[i] = static_cast<std::uint8_t>(i * 7);
        savePng(image, root / "still.png");
        JobQueue q({}, lookup());
        q.setPaused(true);
        for (int i = 0; i < 2; ++i) {
            GenerationRequest r; // the built-in camera-motion engine: no weights needed
            r.imagePath = (root / "still.png").string();
            r.prompt = "camera slowly zooming in";
            r.width = 64;
            r.height = 48;
            r.frames = 4;
            r.seed = 100 + i;
            r.output.outputDir = (root / "planned").string();
            q.submit(r);
        }
        const fs::path plan = root / "plan.jsonl";
        QCOMPARE(q.exportJsonl(plan), std::size_t(2));
        const BatchSummary summary = runBatch(plan, root / "renders", {}, CancelToken());
        QVERIFY2(summary.failures.empty(), summary.failures.empty() ? "" : summary.failures[0].c_str());
        QCOMPARE(summary.done, 2);
        QCOMPARE(runBatch(plan, root / "renders", {}, CancelToken()).skipped, 2); // resumable
    }

    void exportAndImportUseTheBatchFormat()
    {
        QTemporaryDir dir;
        const fs::path jsonl = fs::path(dir.path().toStdString()) / "plan.jsonl";
        JobQueue q({}, lookup());
        q.setPaused(true);
        q.submit(request(dir.path(), "first", 11));
        q.submit(request(dir.path(), "second 第二", 12));
        QCOMPARE(q.exportJsonl(jsonl), std::size_t(2));
        const std::string text = readText(jsonl);
        QVERIFY(text.find("queue_id") == std::string::npos);
        QCOMPARE(std::count(text.begin(), text.end(), '\n'), 2L);
        const auto lines = readBatchFile(jsonl);
        QCOMPARE(lines.size(), std::size_t(2));
        QVERIFY(lines[0].parseError.empty());
        QCOMPARE(lines[1].request.prompt, std::string("second 第二"));
        QCOMPARE(lines[1].request.seed, std::int64_t(12));
        bool threw = false;
        try {
            q.exportJsonl(jsonl); // never overwrites
        } catch (const I2vError& e) {
            threw = e.code() == ErrorCode::OutputExists;
        }
        QVERIFY(threw);

        std::ofstream(jsonl, std::ios::app) << "{\"prompt\":\"bad\",\"image\":\"x.png\",\"frames\":\"many\"}\n";
        JobQueue other({}, lookup());
        other.setPaused(true);
        const QueueImport imported = other.importJsonl(jsonl, dir.filePath("renders").toStdString());
        QCOMPARE(imported.ids.size(), std::size_t(2));
        QCOMPARE(imported.failures.size(), std::size_t(1));
        QVERIFY(imported.failures[0].rfind("line 3:", 0) == 0);
        const auto rows = other.snapshot();
        QCOMPARE(rows[0].request.prompt, std::string("first"));
        QCOMPARE(rows[1].request.seed, std::int64_t(12));
        QCOMPARE(rows[1].request.output.outputDir, dir.filePath("renders").toStdString());
        QVERIFY(rows[1].request.output.path.empty());
    }
};

std::string TestQueueEdit::recipeFromJsonPrompt(const std::string& json)
{
    return recipeFromJson(json).prompt;
}

QTEST_GUILESS_MAIN(TestQueueEdit)
#include "test_queue_edit.moc"
