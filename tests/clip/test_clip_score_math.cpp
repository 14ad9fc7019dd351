// The score arithmetic of core/engine/api/clip_score.h on constructed numbers (torch-free): frame
// sampling, the temporal term's shape (peak at the target, 0 for frozen and flickering clips), the
// weighted sum, cosines of constructed embeddings, the ranking and the settings' validation.
#include "core/base/error.h"
#include "core/engine/api/clip_score.h"

#include <QTest>

#include <cmath>

using namespace i2v;

namespace {
bool near(double a, double b) { return std::abs(a - b) < 1e-12; }
} // namespace

class TestClipScoreMath : public QObject {
    Q_OBJECT

private slots:
    void sampling()
    {
        QCOMPARE(sampleFrameIndices(16, 16), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
        QCOMPARE(sampleFrameIndices(16, 4), (std::vector<int>{0, 5, 10, 15}));
        QCOMPARE(sampleFrameIndices(3, 8), (std::vector<int>{0, 1, 2}));
        QCOMPARE(sampleFrameIndices(9, 1), (std::vector<int>{0}));
        QCOMPARE(sampleFrameIndices(0, 8), std::vector<int>{});
    }

    void temporalTermShape()
    {
        ScoreWeights w; // target 0.96, width 0.04
        QVERIFY(near(temporalTerm(0.96, w), 1.0));
        QVERIFY(near(temporalTerm(1.0, w), 0.0));  // frozen: identical consecutive frames
        QVERIFY(near(temporalTerm(0.92, w), 0.0)); // target - width
        QVERIFY(near(temporalTerm(0.3, w), 0.0));  // flicker: clamped at 0, never negative
        QVERIFY(near(temporalTerm(0.98, w), 0.75)); // 1 - (0.02 / 0.04)^2
        QVERIFY(near(temporalTerm(0.94, w), 0.75)); // symmetric
    }

    void weightedSum()
    {
        ScoreWeights w;
        w.prompt = 2.0;
        w.image = 0.5;
        w.temporal = 0.25;
        w.temporalTarget = 0.9;
        w.temporalWidth = 0.1;
        // c = 0.9 -> t = 1, c = 0.95 -> t = 0.75, c = 1 -> 0: T = 1.75 / 3
        const ClipScore s = combineScore(0.3, 0.8, {0.9, 0.95, 1.0}, w);
        QVERIFY(near(s.consecutiveSimilarity, 0.95));
        QVERIFY(std::abs(s.temporal - 1.75 / 3) < 1e-12);
        QVERIFY(std::abs(s.total - (2.0 * 0.3 + 0.5 * 0.8 + 0.25 * 1.75 / 3)) < 1e-12);
        QCOMPARE(s.framesScored, 4);
        // Absent prompt/image terms add nothing; one frame counts as frozen.
        const ClipScore one = combineScore(std::nullopt, std::nullopt, {}, w);
        QVERIFY(near(one.consecutiveSimilarity, 1.0));
        QVERIFY(near(one.total, 0.0));
        QCOMPARE(one.framesScored, 1);
    }

    void cosinesOfConstructedEmbeddings()
    {
        QVERIFY(near(cosineSimilarity({1, 0, 0}, {2, 0, 0}), 1.0));
        QVERIFY(near(cosineSimilarity({1, 0}, {0, 3}), 0.0));
        QVERIFY(near(cosineSimilarity({1, 1}, {-1, -1}), -1.0));
        QVERIFY(std::abs(cosineSimilarity({1, 0}, {1, 1}) - std::sqrt(0.5)) < 1e-7);
        QVERIFY(near(cosineSimilarity({0, 0}, {1, 1}), 0.0));
        QVERIFY_THROWS_EXCEPTION(I2vError, cosineSimilarity({1, 2}, {1, 2, 3}));
        // A frozen clip (the same embedding each frame) vs a moving one, prompt-neutral: the mover wins.
        const std::vector<float> a{1.0f, 0.0f}, b{0.96f, std::sqrt(1.0f - 0.96f * 0.96f)};
        const ClipScore frozen = combineScore(std::nullopt, 1.0, {cosineSimilarity(a, a)}, ScoreWeights{});
        const ClipScore moving = combineScore(std::nullopt, 0.98, {cosineSimilarity(a, b)}, ScoreWeights{});
        QVERIFY(moving.total > frozen.total);
    }

    void ranking()
    {
        std::vector<ClipScore> scores(4);
        scores[0].total = 0.2;
        scores[1].total = 0.5;
        scores[2].total = 0.2;
        scores[3].total = -0.1;
        QCOMPARE(rankByScore(scores), (std::vector<std::size_t>{1, 0, 2, 3}));
        QCOMPARE(rankByScore({}), std::vector<std::size_t>{});
    }

    void settingsAreValidated()
    {
        ScoreWeights w;
        validateScoreWeights(w);
        w.prompt = -1;
        QVERIFY_THROWS_EXCEPTION(I2vError, validateScoreWeights(w));
        w = ScoreWeights{};
        w.temporal = std::nan("");
        QVERIFY_THROWS_EXCEPTION(I2vError, validateScoreWeights(w));
        w = ScoreWeights{};
        w.temporalWidth = 0;
        QVERIFY_THROWS_EXCEPTION(I2vError, validateScoreWeights(w));
        w = ScoreWeights{};
        w.temporalTarget = 1.5;
        QVERIFY_THROWS_EXCEPTION(I2vError, validateScoreWeights(w));
        w = ScoreWeights{};
        w.maxFrames = 0;
        QVERIFY_THROWS_EXCEPTION(I2vError, combineScore(0.1, 0.1, {}, w));
    }
};

QTEST_GUILESS_MAIN(TestClipScoreMath)
#include "test_clip_score_math.moc"
