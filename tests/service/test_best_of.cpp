// Best of N in the service (core/service/best_of.h, runner.cpp): the reproducible seed rule, variation
// names, the scorer lookup (an error before anything is generated when there is none), a job of N
// variations sharing one model load with every clip written and exactly one marked as the pick, and the
// built-in camera engine's variations (other moves when the prompt names none).
#include "fake_family.h"

#include "core/engine/api/registry.h"
#include "core/media/recipe.h"
#include "core/service/best_of.h"
#include "core/service/history_recording.h"
#include "core/service/runner.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

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
        // The history entry lists all three with their scores, the pick first.
        const HistoryEntry entry = historyEntryFor(request(dir.path(), 3), o, CostSettings{});
        QVERIFY2(entry.log.find("best of 3") != std::string::npos, entry.log.c_str());
        QVERIFY(entry.log.find("(pick)") != std::string::npos);
        QCOMPARE(entry.outputPath, o.files.front());
        // A second job reuses the loaded model.
        QTemporaryDir dir2;
        QCOMPARE(runJob(request(dir2.path(), 2), {}, CancelToken(), lookup()).state, JobState::Done);
        QCOMPARE(m_script.loads.load(), 1);
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
