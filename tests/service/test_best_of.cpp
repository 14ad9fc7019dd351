// Best of N in the service (core/service/best_of.h, runner.cpp): the reproducible seed rule, variation
// names, the scorer lookup (an error before anything is generated when there is none), a job of N
// variations sharing one model load with every clip written and exactly one marked as the pick, and the
// built-in camera engine's variations (other moves when the prompt names none).
#include "fake_family.h"

#include "core/engine/api/registry.h"
#include "core/media/recipe.h"
#include "core/service/best_of.h"
#include "core/service/best_of_pick.h"
#include "core/service/clip_output.h"
#include "core/service/history_recording.h"
#include "core/service/runner.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

using namespace i2v;
using namespace i2v::test;
namespace fs = std::filesystem;

namespace {

const std::string kScorer = std::string(I2V_TEST_DATA_DIR) + "/clip-score-tiny/model";

nlohmann::json readJson(const fs::path& p)
{
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

Image gradient(int w, int h)
{
    Image img(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint8_t* p = img.pixel(x, y);
            p[0] = static_cast<std::uint8_t>(x * 255 / (w - 1));
            p[1] = static_cast<std::uint8_t>(y * 255 / (h - 1));
            p[2] = static_cast<std::uint8_t>((x * y) % 256);
        }
    return img;
}

} // namespace

class TestBestOf : public QObject {
    Q_OBJECT

    FakeScript m_script;
    FakeFamily m_family{m_script};

    FamilyLookup lookup()
    {
        return [this](const std::string& id) -> const ModelFamily* { return id == "fake" ? &m_family : nullptr; };
    }

    static GenerationRequest request(const QString& outDir, int bestOf)
    {
        GenerationRequest r;
        r.family = "fake";
        r.image = gradient(40, 40);
        r.prompt = "a boat on a lake";
        r.width = 64;
        r.height = 48;
        r.frames = 6;
        r.seed = 42;
        r.bestOf = bestOf;
        r.scorer = kScorer;
        r.output.outputDir = outDir.toStdString();
        return r;
    }

private slots:
    void init()
    {
        releasePipelineCache();
        m_script.loads = 0;
        m_script.runs = 0;
    }

    void seedRule()
    {
        // Values of the documented rule, computed independently (Python, 64-bit splitmix64).
        QCOMPARE(variationSeed(42, 0), std::int64_t{42});
        QCOMPARE(variationSeed(42, 1), std::int64_t{686809907});
        QCOMPARE(variationSeed(42, 2), std::int64_t{1196582743});
        QCOMPARE(variationSeed(42, 3), std::int64_t{1478287871});
        QCOMPARE(variationSeed(0, 3), std::int64_t{4169906344});
        std::set<std::int64_t> seen;
        for (int k = 0; k < 16; ++k) {
            const std::int64_t s = variationSeed(4294967295LL, k);
            QVERIFY(s >= 0 && s <= 4294967295LL);
            seen.insert(s);
        }
        QCOMPARE(seen.size(), std::size_t{16});
    }

    void names()
    {
        QCOMPARE(variationPath("/out/clip.mp4", 1), std::string("/out/clip_v2.mp4"));
        QCOMPARE(variationPath("frames", 0), std::string("frames_v1"));
        QCOMPARE(variationPath("", 3), std::string());
        GenerationRequest r = request("/tmp", 4);
        r.output.path = "/out/a.gif";
        const GenerationRequest v = variationRequest(r, m_family, 2);
        QCOMPARE(v.bestOf, 1);
        QCOMPARE(v.seed, variationSeed(42, 2));
        QCOMPARE(v.output.path, std::string("/out/a_v3.gif"));
    }

    void noScorerIsAnErrorBeforeGenerating()
    {
        QTemporaryDir dir, emptyCache;
        qputenv("HF_HUB_CACHE", emptyCache.path().toUtf8());
        GenerationRequest r = request(dir.path(), 3);
        r.scorer.clear();
        const JobOutcome o = runJob(r, {}, CancelToken(), lookup());
        QCOMPARE(o.state, JobState::Failed);
        QCOMPARE(o.error.code, ErrorCode::ModelNotFound);
        QVERIFY2(o.error.detail.find("--scorer") != std::string::npos, o.error.detail.c_str());
        QCOMPARE(m_script.runs.load(), 0);
        QCOMPARE(m_script.loads.load(), 0);
        QVERIFY(QDir(dir.path()).isEmpty());
        // A folder that is not a CLIPModel is refused the same way, also before generating.
        r.scorer = (fs::path(I2V_TEST_DATA_DIR) / "i2vgenxl-tiny/model").string();
        const JobOutcome bad = runJob(r, {}, CancelToken(), lookup());
        QCOMPARE(bad.error.code, ErrorCode::ModelInvalid);
        QCOMPARE(m_script.runs.load(), 0);
        qunsetenv("HF_HUB_CACHE");
    }

    void variationsShareOneLoadAndOneIsPicked()
    {
        QTemporaryDir dir;
        const JobOutcome o = runJob(request(dir.path(), 3), {}, CancelToken(), lookup());
        QVERIFY2(o.state == JobState::Done, o.error.detail.c_str());
        QCOMPARE(m_script.loads.load(), 1);
        QCOMPARE(m_script.runs.load(), 3);
        QCOMPARE(o.variations.size(), std::size_t{3});
        int picks = 0;
        std::set<int> ranks;
        for (const VariationOutcome& v : o.variations) {
            QCOMPARE(v.seed, variationSeed(42, v.index));
            QVERIFY(fs::exists(v.files.at(0)));
            QVERIFY(v.files.at(0).find("_v" + std::to_string(v.index + 1) + ".mp4") != std::string::npos);
            const auto sidecar = readJson(sidecarPathFor(v.files.at(0)));
            QCOMPARE(sidecar.at("seed").get<std::int64_t>(), v.seed);
            QCOMPARE(sidecar.at("best_of").get<int>(), 1); // the sidecar remakes this one clip
            const auto& details = sidecar.at("result").at("details");
            QCOMPARE(details.at("best_of").get<std::string>(), std::to_string(v.index + 1) + "/3");
            QCOMPARE(details.at("best_of_pick").get<std::string>(), std::string(v.pick ? "yes" : "no"));
            QCOMPARE(details.at("score").get<std::string>(), scoreText(v.score.total));
            QVERIFY(v.score.promptSimilarity && v.score.imageSimilarity);
            picks += v.pick ? 1 : 0;
            ranks.insert(v.rank);
            if (v.pick) {
                QCOMPARE(o.files.front(), v.files.front());
                QCOMPARE(v.rank, 1);
            }
        }
        QCOMPARE(picks, 1);
        QCOMPARE(ranks, (std::set<int>{1, 2, 3}));
        QCOMPARE(o.files.size(), std::size_t{6}); // 3 videos + 3 sidecars
        QVERIFY(o.scoringMs > 0);
        // The pick's frames are the outcome's (kept once); the others keep their own for the window.
        for (const VariationOutcome& v : o.variations) {
            QCOMPARE(v.result.frames.size(), v.pick ? std::size_t{0} : std::size_t{6});
            QCOMPARE(variationFrames(o, static_cast<std::size_t>(v.index)).size(), std::size_t{6});
        }
        QCOMPARE(o.result.frames.size(), std::size_t{6});
        // The history records all three, each with its score, rank, pick flag and the job they share; the
        // shares of time add up to the job.
        const std::vector<HistoryEntry> entries = historyEntriesFor(request(dir.path(), 3), o, CostSettings{});
        QCOMPARE(entries.size(), std::size_t{3});
        double seconds = 0;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const HistoryEntry& e = entries[i];
            const VariationOutcome& v = o.variations[i];
            QVERIFY(e.bestOf);
            QCOMPARE(e.bestOf->job, entries.front().bestOf->job);
            QVERIFY(!e.bestOf->job.empty());
            QCOMPARE(e.bestOf->variation, v.index + 1);
            QCOMPARE(e.bestOf->count, 3);
            QCOMPARE(e.bestOf->rank, v.rank);
            QCOMPARE(e.bestOf->pick, v.pick);
            QCOMPARE(e.bestOf->score, v.score.total);
            QCOMPARE(e.outputPath, v.files.front());
            QCOMPARE(e.recipeJson, v.recipeJson);
            QVERIFY2(e.log.find("best of 3") != std::string::npos, e.log.c_str());
            seconds += e.durationSeconds;
        }
        QVERIFY(std::abs(seconds - o.durationMs / 1000.0) < 1e-9);
        // A second job reuses the loaded model.
        QTemporaryDir dir2;
        QCOMPARE(runJob(request(dir2.path(), 2), {}, CancelToken(), lookup()).state, JobState::Done);
        QCOMPARE(m_script.loads.load(), 1);
    }

    void promotingAnotherVariationMovesThePickEverywhere()
    {
        QTemporaryDir dir;
        JobOutcome o = runJob(request(dir.path(), 3), {}, CancelToken(), lookup());
        QVERIFY2(o.state == JobState::Done, o.error.detail.c_str());
        std::size_t first = 0, second = 0;
        for (const VariationOutcome& v : o.variations) {
            if (v.rank == 1)
                first = static_cast<std::size_t>(v.index);
            if (v.rank == 2)
                second = static_cast<std::size_t>(v.index);
        }
        QVERIFY_THROWS_EXCEPTION(I2vError, withPick(o, 3)); // no variation 4
        JobOutcome plain;
        plain.state = JobState::Done;
        QVERIFY_THROWS_EXCEPTION(I2vError, withPick(plain, 0)); // not a best-of job

        const JobOutcome p = withPick(o, second);
        // Exactly one pick; the ranks stay the scorer's.
        for (const VariationOutcome& v : p.variations) {
            QCOMPARE(v.pick, static_cast<std::size_t>(v.index) == second);
            QCOMPARE(v.rank, o.variations[static_cast<std::size_t>(v.index)].rank);
            const auto recipe = nlohmann::json::parse(v.recipeJson);
            const auto& details = recipe.at("result").at("details");
            QCOMPARE(details.at("best_of_pick").get<std::string>(), std::string(v.pick ? "yes" : "no"));
            QCOMPARE(details.contains("best_of_pick_by"), v.pick);
            QCOMPARE(details.at("score").get<std::string>(), scoreText(v.score.total)); // the rest is kept
        }
        // What stands for the job's clip is now the promoted variation: preview/export frames, recipe, files.
        const VariationOutcome& now = p.variations[second];
        QCOMPARE(p.used.seed, now.seed);
        QCOMPARE(p.used.output.path, now.used.output.path);
        QCOMPARE(p.recipeJson, now.recipeJson);
        QCOMPARE(p.files.front(), now.files.front());
        QCOMPARE(p.files.size(), o.files.size());
        QCOMPARE(p.result.details.at("best_of_pick"), std::string("yes"));
        QCOMPARE(p.result.details.at("best_of"), std::string(std::to_string(second + 1) + "/3"));
        QCOMPARE(p.result.frames.size(), std::size_t{6});
        QVERIFY(now.result.frames.empty());                              // moved, not copied
        QCOMPARE(p.variations[first].result.frames.size(), std::size_t{6}); // the old pick got its own back
        QVERIFY(p.log.back().find("by hand") != std::string::npos);

        // On disk: the old and the new pick's sidecars are rewritten, the third is left alone.
        const std::vector<std::string> rewritten = writePickToSidecars(p);
        QCOMPARE(rewritten.size(), std::size_t{2});
        for (const VariationOutcome& v : p.variations) {
            const auto details = readJson(sidecarPathFor(v.files.front())).at("result").at("details");
            QCOMPARE(details.at("best_of_pick").get<std::string>(), std::string(v.pick ? "yes" : "no"));
            QCOMPARE(details.value("best_of_pick_by", std::string()), std::string(v.pick ? "hand" : ""));
        }
        QVERIFY(writePickToSidecars(p).empty()); // in line now: nothing to do

        // Promoting back to the scorer's pick restores its frames and files.
        const JobOutcome back = withPick(p, first);
        QCOMPARE(back.files.front(), o.files.front());
        QCOMPARE(back.result.frames.size(), std::size_t{6});
        QCOMPARE(back.variations[second].result.frames.size(), std::size_t{6});
        QCOMPARE(writePickToSidecars(back).size(), std::size_t{2});
        // Exporting takes the pick (the export's recipe is the pick's).
        const fs::path exported = fs::path(dir.path().toStdString()) / "export.mp4";
        exportClip(p, exported, OutputFormat::Mp4);
        const auto exportedRecipe = readJson(sidecarPathFor(exported));
        QCOMPARE(exportedRecipe.at("seed").get<std::int64_t>(), now.seed);
        QCOMPARE(exportedRecipe.at("result").at("details").at("best_of_pick").get<std::string>(), std::string("yes"));
    }

    void takenVariationNameFailsBeforeGenerating()
    {
        QTemporaryDir dir;
        GenerationRequest r = request(dir.path(), 2);
        r.output.path = (fs::path(dir.path().toStdString()) / "clip.mp4").string();
        std::ofstream(fs::path(dir.path().toStdString()) / "clip_v2.mp4") << "taken";
        const JobOutcome o = runJob(r, {}, CancelToken(), lookup());
        QCOMPARE(o.error.code, ErrorCode::OutputExists);
        QCOMPARE(m_script.runs.load(), 0);
    }

    void cameraEngineVariesTheMove()
    {
        const ModelFamily* camera = findModelFamily("camera-motion");
        QVERIFY(camera);
        GenerationRequest r;
        r.image = gradient(16, 16);
        r.prompt = "a quiet harbour";
        r.output.path = "/x/c.mp4";
        std::set<std::string> moves;
        for (int k = 0; k < 4; ++k) {
            const GenerationRequest v = variationRequest(r, *camera, k);
            moves.insert(v.motion);
            validateRequest(*camera, v);
        }
        QCOMPARE(moves.size(), std::size_t{4}); // "" (the default zoom-in), zoom-out, pan-left, pan-right
        r.prompt = "zoom in on the boat";
        std::set<double> strengths;
        for (int k = 0; k < 4; ++k) {
            const GenerationRequest v = variationRequest(r, *camera, k);
            QVERIFY(v.motion.empty()); // the prompt's move is kept
            strengths.insert(v.strength);
        }
        QCOMPARE(strengths.size(), std::size_t{4});
    }
};

QTEST_GUILESS_MAIN(TestBestOf)
#include "test_best_of.moc"
