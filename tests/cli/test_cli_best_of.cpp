// `i2v generate --best-of`, the batch key best_of and `i2v score`, end to end on the camera-motion
// engine with the tiny CLIP fixture (tests/data/clip-score-tiny) as the scorer: all variations written
// with their scores in the sidecars and the pick printed last, the error before generating when no
// scorer exists, and a ranking whose expected order follows from the score's formula.
#include "run_i2v.h"

#include "core/media/video_io.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using i2v_test::Run;
using i2v_test::kI2vBinary;
using i2v_test::runI2v;

namespace {

const QString kSample = QStringLiteral(I2V_SOURCE_DIR "/resources/samples/lakeside.png");
const QString kScorer = QStringLiteral(I2V_TEST_DATA_DIR "/clip-score-tiny/model");

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
}

Run runWithEnv(const QStringList& args, const QString& key, const QString& value)
{
    QProcess p;
    QProcessEnvironment env = i2v_test::i2vEnvironment();
    env.insert(key, value);
    p.setProcessEnvironment(env);
    p.start(kI2vBinary, args);
    Run r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestCliBestOf : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(QFile::exists(kI2vBinary), qPrintable(kI2vBinary)); }

    void generateWritesAllAndPrintsThePickLast()
    {
        QTemporaryDir dir;
        const Run r = runI2v({"generate", "--image", kSample, "--prompt", "a quiet lake", "--best-of", "3", "--scorer",
                              kScorer, "--frames", "8", "--width", "64", "--height", "64", "--seed", "5", "--out-dir",
                              dir.path(), "--no-history"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        for (int i = 0; i < lines.size(); ++i) {
            const QStringList cols = lines[i].split('\t');
            QVERIFY2(QFile::exists(cols[0]), qPrintable(lines[i]));
            const QJsonObject recipe = readJson(cols[0] + ".json");
            const QJsonObject details = recipe["result"].toObject()["details"].toObject();
            QCOMPARE(cols[1], "score " + details["score"].toString());
            const bool last = i == lines.size() - 1;
            QCOMPARE(details["best_of_pick"].toString(), last ? QString("yes") : QString("no"));
            QCOMPARE(cols.last() == "pick", last);
            QCOMPARE(recipe["best_of"].toInt(), 1);
            QVERIFY(cols[0].contains(QRegularExpression("_v[123]\\.mp4$")));
        }
        QCOMPARE(QDir(dir.path()).entryList({"*.mp4"}, QDir::Files).size(), 3);

        // --json-progress: the finished event lists the variations with their scores and the pick.
        QTemporaryDir jsonDir;
        const Run j = runI2v({"generate", "--image", kSample, "--best-of", "2", "--scorer", kScorer, "--frames", "4",
                              "--width", "64", "--height", "64", "--out-dir", jsonDir.path(), "--no-history",
                              "--json-progress"});
        QVERIFY2(j.exitCode == 0, qPrintable(j.err));
        const QJsonObject finished = QJsonDocument::fromJson(j.out.trimmed().split('\n').last().toUtf8()).object();
        QCOMPARE(finished["event"].toString(), QString("finished"));
        const QJsonArray variations = finished["variations"].toArray();
        QCOMPARE(variations.size(), 2);
        QCOMPARE(variations[0]["pick"].toBool() + variations[1]["pick"].toBool(), 1);
    }

    void noScorerFailsBeforeGenerating()
    {
        QTemporaryDir dir, emptyCache;
        const Run r = runWithEnv({"generate", "--image", kSample, "--best-of", "2", "--frames", "4", "--width", "64",
                                  "--height", "64", "--out-dir", dir.filePath("out"), "--no-history"},
                                 "HF_HUB_CACHE", emptyCache.path());
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains("--scorer"), qPrintable(r.err));
        QVERIFY(!r.err.contains("denoising"));
        QVERIFY(!QDir(dir.filePath("out")).exists() || QDir(dir.filePath("out")).isEmpty());
        QCOMPARE(runI2v({"generate", "--image", kSample, "--best-of", "17"}).exitCode, 2);
    }

    void batchKey()
    {
        QTemporaryDir dir;
        QFile jobs(dir.filePath("jobs.jsonl"));
        QVERIFY(jobs.open(QIODevice::WriteOnly));
        const QJsonObject line{{"image", kSample},   {"prompt", "a lake"}, {"best_of", 2}, {"scorer", kScorer},
                               {"frames", 4},        {"width", 64},        {"height", 64}, {"seed", 9}};
        jobs.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + "\n");
        jobs.close();
        const Run r = runI2v({"batch", jobs.fileName(), "--out-dir", dir.filePath("out")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QStringList made = QDir(dir.filePath("out")).entryList({"*.mp4"}, QDir::Files, QDir::Name);
        QCOMPARE(made.size(), 2);
        QVERIFY(made[0].endsWith("_v1.mp4") && made[1].endsWith("_v2.mp4"));
        int picks = 0;
        for (const QString& m : made)
            picks += readJson(dir.filePath("out/" + m + ".json"))["result"].toObject()["details"].toObject()
                         ["best_of_pick"].toString() == "yes";
        QCOMPARE(picks, 1);
    }

    // Three clips from the same image: a camera move (consecutive frames similar but not identical), the
    // same clip frozen on its first frame (every consecutive cosine exactly 1), and per-frame noise. With the
    // temporal term alone (prompt and image weights 0), target = the moving clip's mean consecutive cosine
    // c_m and width = 1 - c_m, the formula gives: frozen t(1) = 1 - ((1 - c_m) / (1 - c_m))^2 = 0;
    // moving clearly above 0 (its cosines scatter around the target); noise 0 when its cosines lie below c_m - (1 - c_m),
    // a property of the fixture checked below rather than assumed. So the moving clip ranks first and the
    // other two score (about) 0, whatever the random weights.
    void scoreRanksAKnownCase()
    {
        QTemporaryDir dir;
        const QString moving = dir.filePath("moving.mp4");
        const Run g = runI2v({"generate", "--image", kSample, "--motion", "pan-left", "--frames", "16", "--width",
                              "64", "--height", "64", "--out", moving, "--no-history"});
        QVERIFY2(g.exitCode == 0, qPrintable(g.err));
        const std::vector<i2v::Image> frames = i2v::decodeVideo(moving.toStdString());
        QCOMPARE(frames.size(), std::size_t{16});
        i2v::EncodeOptions options;
        const QString frozen = dir.filePath("frozen.mp4");
        i2v::encodeVideo(std::vector<i2v::Image>(16, frames.front()), frozen.toStdString(), options);
        std::vector<i2v::Image> noise;
        QRandomGenerator rng(1234);
        for (int f = 0; f < 16; ++f) {
            i2v::Image img(64, 64);
            for (auto& byte : img.rgb)
                byte = static_cast<std::uint8_t>(rng.bounded(256));
            noise.push_back(std::move(img));
        }
        const QString noisy = dir.filePath("noise.mp4");
        i2v::encodeVideo(noise, noisy.toStdString(), options);

        const auto scoreJson = [&](const QStringList& extra) {
            const Run r = runI2v(QStringList{"score", kScorer, "--image", kSample, "--json"} + extra +
                                 QStringList{noisy, frozen, moving});
            if (r.exitCode != 0)
                qWarning("%s", qPrintable(r.err));
            return QJsonDocument::fromJson(r.out.toUtf8()).object();
        };
        std::map<QString, QJsonObject> byName;
        for (const QJsonValue v : scoreJson({})["clips"].toArray())
            byName[QFileInfo(v["file"].toString()).fileName()] = v.toObject();
        QCOMPARE(byName.size(), std::size_t{3});
        const double cm = byName["moving.mp4"]["consecutive_similarity"].toDouble();
        const double cf = byName["frozen.mp4"]["consecutive_similarity"].toDouble();
        const double cn = byName["noise.mp4"]["consecutive_similarity"].toDouble();
        qInfo("consecutive cosines: moving %.6f, frozen %.6f, noise %.6f", cm, cf, cn);
        QVERIFY(cf > 0.99999);          // H.264 keeps a repeated frame (nearly) identical
        QVERIFY(cm < 1.0 && cm > 0.0);
        const double width = 1.0 - cm;
        QVERIFY2(cn < cm - width, "fixture property: noise frames are less alike than a camera move's");

        const QJsonObject ranked = scoreJson({"--prompt-weight", "0", "--image-weight", "0", "--temporal-weight", "1",
                                              "--temporal-target", QString::number(cm, 'g', 17), "--temporal-width",
                                              QString::number(width, 'g', 17)});
        const QJsonArray clips = ranked["clips"].toArray();
        QCOMPARE(clips.size(), 3);
        QCOMPARE(QFileInfo(clips[0]["file"].toString()).fileName(), QString("moving.mp4"));
        qInfo("temporal-only scores: %s %.6f, %s %.6f, %s %.6f", qPrintable(clips[0]["file"].toString()),
              clips[0]["score"].toDouble(), qPrintable(clips[1]["file"].toString()), clips[1]["score"].toDouble(),
              qPrintable(clips[2]["file"].toString()), clips[2]["score"].toDouble());
        QVERIFY(clips[0]["score"].toDouble() > 0.1); // the moving clip's cosines scatter around their mean
        for (int i : {1, 2}) // frozen ~0 (H.264 leaves its cosines a hair below 1), noise exactly 0
            QVERIFY(clips[i]["score"].toDouble() < 1e-3);
        QCOMPARE(byName.count(QFileInfo(clips[1]["file"].toString()).fileName()), std::size_t{1});

        // The text table: best first, one line per clip.
        const Run table = runI2v({"score", kScorer, "--prompt", "a lake", "--image", kSample, frozen, moving});
        QVERIFY2(table.exitCode == 0, qPrintable(table.err));
        QVERIFY(table.out.startsWith("rank"));
        QCOMPARE(table.out.trimmed().split('\n').size(), 3);
        QCOMPARE(runI2v({"score", kScorer, dir.filePath("absent.mp4")}).exitCode, 3);
        QCOMPARE(runI2v({"score", kScorer}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliBestOf)
#include "test_cli_best_of.moc"
