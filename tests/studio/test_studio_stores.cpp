// Studio workflow stores: history (add, rating, tags, search, daily summary, corrupt file kept as backup,
// deleting never removes files unless asked), the persistent queue (survives a simulated crash: the file
// written before the "crash" is what a new process reads), cost arithmetic and per-run log rotation.
#include "core/base/log.h"
#include "core/base/error.h"
#include "core/base/log_file.h"
#include "core/service/cost.h"
#include "core/service/history.h"
#include "core/service/queue_store.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

using namespace i2v;
namespace fs = std::filesystem;

namespace {
void writeText(const fs::path& p, const std::string& text)
{
    std::ofstream(p) << text;
}
std::string readText(const fs::path& p)
{
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
}
} // namespace

class TestStudioStores : public QObject {
    Q_OBJECT
private slots:
    void historyRoundTrip()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "history.json";
        std::string id;
        {
            HistoryStore h(file);
            HistoryEntry e;
            e.prompt = "Camera slowly zooming in on the face";
            e.family = "camera-motion";
            e.recipeJson = "{\"prompt\":\"Camera slowly zooming in on the face\",\"seed\":7}";
            e.durationSeconds = 90;
            e.cost = 0.25;
            e.createdAt = "2026-11-20T10:00:00Z";
            e.weightHashes["unet/diffusion_pytorch_model.fp16.safetensors"] = "abc123";
            id = h.add(e);
            HistoryEntry other;
            other.prompt = "海浪 waves roll";
            other.createdAt = "2026-11-21T09:00:00Z";
            other.durationSeconds = 30;
            h.add(other);
            h.setRating(id, 9); // clamped
            h.setTags(id, {"client-a", "portrait"});
        }
        HistoryStore h(file); // a new process reads the same file
        QVERIFY(h.warning().empty());
        QCOMPARE(h.entries().size(), std::size_t(2));
        const HistoryEntry* e = h.find(id);
        QVERIFY(e);
        QCOMPARE(e->rating, 5);
        QCOMPARE(e->tags, (std::vector<std::string>{"client-a", "portrait"}));
        QCOMPARE(e->weightHashes.at("unet/diffusion_pytorch_model.fp16.safetensors"), std::string("abc123"));
        QVERIFY(e->recipeJson.find("\"seed\":7") != std::string::npos);
        QCOMPARE(h.search("ZOOMING face").size(), std::size_t(1));
        QCOMPARE(h.search("portrait").size(), std::size_t(1));
        QCOMPARE(h.search("海浪").size(), std::size_t(1));
        QCOMPARE(h.search("").size(), std::size_t(2));
        QCOMPARE(h.search("").front()->prompt, std::string("海浪 waves roll")); // newest first
        const auto days = h.dailySummary();
        QCOMPARE(days.size(), std::size_t(2));
        QCOMPARE(days[0].date, std::string("2026-11-20"));
        QCOMPARE(days[0].clips, 1);
        QCOMPARE(days[0].minutes, 1.5);
        QCOMPARE(days[0].cost, 0.25);
    }
    void deletingKeepsFilesUnlessAsked()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeText(root / "a.mp4", "video");
        writeText(root / "a.mp4.json", "{}");
        writeText(root / "b.mp4", "video");
        HistoryStore h(root / "history.json");
        HistoryEntry a, b;
        a.outputPath = (root / "a.mp4").string();
        b.outputPath = (root / "b.mp4").string();
        const std::string ida = h.add(a), idb = h.add(b);
        h.remove(ida, /*deleteFiles=*/false);
        QVERIFY(fs::exists(root / "a.mp4"));
        h.remove(idb, /*deleteFiles=*/true);
        QVERIFY(!fs::exists(root / "b.mp4"));
        QVERIFY(h.entries().empty());
    }
    void corruptHistoryIsKept()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "history.json";
        writeText(file, "{\"schema_version\": 1, \"entries\": [ {\"id\": ");
        HistoryStore h(file);
        QVERIFY(h.entries().empty());
        QVERIFY(!h.warning().empty());
        int backups = 0;
        for (const auto& entry : fs::directory_iterator(file.parent_path()))
            backups += entry.path().filename().string().rfind("history.json.corrupt-", 0) == 0;
        QCOMPARE(backups, 1);
        h.add(HistoryEntry{}); // and the new history is usable
        QCOMPARE(HistoryStore(file).entries().size(), std::size_t(1));
    }
    void queueSurvivesACrash()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "queue.jsonl";
        {
            QueueStore store(file);
            store.save({{"q1", "{\"prompt\":\"first\",\"image\":\"/tmp/a.png\",\"seed\":1}", false},
                        {"q2", "{\"prompt\":\"second\",\"image\":\"/tmp/b.png\",\"seed\":2}", true}});
            // "Crash": the process ends without any further call; only the file remains.
        }
        QueueStore reopened(file);
        const auto items = reopened.load();
        QVERIFY(reopened.warning().empty());
        QCOMPARE(items.size(), std::size_t(2));
        QCOMPARE(items[0].queueId, std::string("q1"));
        QCOMPARE(items[1].paused, true);
        QVERIFY(items[1].recipeJson.find("\"second\"") != std::string::npos);
        QVERIFY(items[1].recipeJson.find("queue_id") == std::string::npos);
        // No temp file is left next to it.
        int files = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator(file.parent_path()))
            ++files;
        QCOMPARE(files, 1);
    }
    void damagedQueueLinesAreSkipped()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "queue.jsonl";
        writeText(file, "{\"prompt\":\"ok\",\"queue_id\":\"a\"}\n{broken\n\n{\"prompt\":\"ok2\"}\n");
        QueueStore store(file);
        const auto items = store.load();
        QCOMPARE(items.size(), std::size_t(2));
        QVERIFY(!store.warning().empty());
    }
    void costArithmetic()
    {
        CostSettings none;
        QCOMPARE(clipCost(none, 3600), 0.0);
        CostSettings hourly;
        hourly.mode = CostSettings::Mode::PerGpuHour;
        hourly.pricePerGpuHour = 12.0;
        QCOMPARE(clipCost(hourly, 1800), 6.0);
        QCOMPARE(clipCost(hourly, -5), 0.0);
        CostSettings power;
        power.mode = CostSettings::Mode::PowerDraw;
        power.powerWatts = 450;
        power.pricePerKwh = 0.8;
        QVERIFY(std::abs(clipCost(power, 7200) - 0.72) < 1e-12); // 0.45 kW * 2 h * 0.8
        QCOMPARE(formatCost(hourly, 6.0), std::string("¥6.00"));
        power.currency = "CHF";
        QCOMPARE(formatCost(power, 0.72), std::string("0.72 CHF"));
    }
    void bestOfCostArithmetic()
    {
        // Best of 4 that took 130 s in all, 2 s of it scoring, priced 0.40: the kept clip cost all of it; a
        // single clip is one generation without scoring, (130 - 2) / 4 = 32 s, priced in proportion.
        const BestOfCost c = bestOfCost(4, 130.0, 2.0, 0.40);
        QCOMPARE(c.variations, 4);
        QCOMPARE(c.keptSeconds, 130.0);
        QCOMPARE(c.keptCost, 0.40);
        QCOMPARE(c.singleSeconds, 32.0);
        QVERIFY(std::abs(c.singleCost - 0.40 * 32.0 / 130.0) < 1e-12);
        // With the hourly price the single clip costs what clipCost says for its seconds (linear pricing).
        CostSettings hourly;
        hourly.mode = CostSettings::Mode::PerGpuHour;
        hourly.pricePerGpuHour = 11.0;
        const BestOfCost priced = bestOfCost(3, 90.0, 6.0, clipCost(hourly, 90.0));
        QVERIFY(std::abs(priced.singleCost - clipCost(hourly, 28.0)) < 1e-12);
        QCOMPARE(bestOfCost(1, 10.0, 0.5, 0.1).singleSeconds, 9.5);
        QCOMPARE(bestOfCost(2, 0.0, 0.0, 0.0).singleCost, 0.0);
        QCOMPARE(bestOfCost(2, 1.0, 5.0, 0.0).singleSeconds, 0.0); // scoring longer than the job: clamped
        QCOMPARE(bestOfCost(0, 10.0, 0.0, 1.0).variations, 0);
        QCOMPARE(bestOfCost(2, -1.0, 0.0, 1.0).variations, 0);
        QCOMPARE(bestOfCost(2, std::nan(""), 0.0, 1.0).variations, 0);
    }

    void bestOfEntriesPickAndOldFiles()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "history.json";
        // A history written before best of N (no "best_of" key) loads as plain clips.
        writeText(file, R"({"schema_version": 1, "entries": [{"id": "old-1", "created_at": "2026-11-01T08:00:00Z",
                           "status": "done", "prompt": "harbour", "duration_seconds": 12, "cost": 0.5}]})");
        std::vector<std::string> ids;
        {
            HistoryStore h(file);
            QVERIFY(h.warning().empty());
            QCOMPARE(h.entries().size(), std::size_t(1));
            QVERIFY(!h.entries().front().bestOf);
            std::vector<HistoryEntry> job;
            for (int v = 1; v <= 3; ++v) {
                HistoryEntry e;
                e.createdAt = "2026-11-02T08:00:00Z";
                e.prompt = "harbour at dusk";
                e.durationSeconds = 40; // a third of the job's 120 s each
                e.cost = 0.1;
                BestOfInfo b;
                b.job = "job-7";
                b.variation = v;
                b.count = 3;
                b.rank = v == 2 ? 1 : v == 1 ? 2 : 3;
                b.pick = v == 2;
                b.score = 0.3 - 0.01 * b.rank;
                b.scorePrompt = 0.25;
                b.scoreTemporal = 0.9;
                b.scoringSeconds = 1.0;
                e.bestOf = b;
                job.push_back(e);
            }
            ids = h.addAll(job);
            QCOMPARE(ids.size(), std::size_t(3));
            QVERIFY(!h.jobEntries("job-7").empty());
            QVERIFY_THROWS_EXCEPTION(I2vError, h.setPick("job-7", 4)); // no such variation: nothing changes
            QVERIFY_THROWS_EXCEPTION(I2vError, h.setPick("job-8", 1));
            QVERIFY(h.find(ids[1])->bestOf->pick);
            h.setPick("job-7", 3); // a person keeps variation 3 instead
        }
        HistoryStore h(file); // persisted
        const std::vector<const HistoryEntry*> job = h.jobEntries("job-7");
        QCOMPARE(job.size(), std::size_t(3));
        for (const HistoryEntry* e : job) {
            QCOMPARE(e->bestOf->pick, e->bestOf->variation == 3);
            QCOMPARE(e->bestOf->pickedByHand, e->bestOf->variation == 3);
            QCOMPARE(e->bestOf->count, 3);
        }
        QCOMPARE(job[1]->bestOf->rank, 1); // ranks stay the scorer's
        QVERIFY(job[0]->bestOf->scorePrompt.has_value());
        QVERIFY(!job[0]->bestOf->scoreImage.has_value());
        QCOMPARE(*job[0]->bestOf->scorePrompt, 0.25);
        // The job's cost against one clip, from the entries' shares.
        const BestOfCost c = bestOfJobCost(h.entries(), "job-7");
        QCOMPARE(c.variations, 3);
        QCOMPARE(c.keptSeconds, 120.0);
        QVERIFY(std::abs(c.keptCost - 0.3) < 1e-12);
        QCOMPARE(c.singleSeconds, 39.0); // (120 - 3 s scoring) / 3
        QCOMPARE(bestOfJobCost(h.entries(), "nothing").variations, 0);
        // The chart counts the kept clip once, and all of the machine time.
        const auto days = h.dailySummary();
        QCOMPARE(days.size(), std::size_t(2));
        QCOMPARE(days[1].clips, 1);
        QCOMPARE(days[1].minutes, 2.0);
        // The same rule on entries not stored yet (what the window applies to a job still being recorded).
        std::vector<HistoryEntry> pending(h.entries().begin(), h.entries().end());
        QVERIFY(setPickInEntries(pending, "job-7", 1));
        QVERIFY(!setPickInEntries(pending, "job-7", 0));
        int picks = 0;
        for (const HistoryEntry& e : pending)
            picks += e.bestOf && e.bestOf->pick ? 1 : 0;
        QCOMPARE(picks, 1);
        QVERIFY(pending[1].bestOf->pick);
    }

    void logFilesRotateAndCap()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (int i = 0; i < 5; ++i)
            writeText(root / ("i2v-studio-2026010" + std::to_string(i) + "-000000-1.log"), "old");
        writeText(root / "unrelated.txt", "keep");
        LogFileOptions options;
        options.keepFiles = 3;
        options.maxBytes = 400;
        options.alsoStderr = false;
        const fs::path log = installLogFile(root, "i2v-studio", options);
        QVERIFY(!log.empty());
        for (int i = 0; i < 50; ++i)
            logInfo("message number " + std::to_string(i));
        setLogSink(nullptr);
        int logs = 0;
        for (const auto& e : fs::directory_iterator(root))
            logs += e.path().extension() == ".log";
        QCOMPARE(logs, 3);
        QVERIFY(fs::exists(root / "unrelated.txt"));
        QVERIFY(!fs::exists(root / "i2v-studio-20260100-000000-1.log"));
        QVERIFY(fs::file_size(log) <= 400);
        QVERIFY(readText(log).find("size limit") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestStudioStores)
#include "test_studio_stores.moc"
