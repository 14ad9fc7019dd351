// `i2v batch` end to end on the camera-motion engine at small sizes: the sidecar of an `i2v generate`
// output used as a line (compact, and pretty-printed as written), a bad line reported with its line number
// without stopping the others (exit 8), a rerun skipping the finished lines, --help and usage errors, and
// SIGTERM cancelling cleanly (exit 6, nothing partial).
#include "run_i2v.h"

#include "core/media/video_io.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using i2v_test::Run;
using i2v_test::kI2vBinary;
using i2v_test::runI2v;

namespace {

const QString kSample = QStringLiteral(I2V_SOURCE_DIR "/resources/samples/lakeside.png");

QStringList videos(const QString& dir)
{
    return QDir(dir).entryList({"*.mp4"}, QDir::Files, QDir::Name);
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QJsonObject recipeOf(const QString& video) { return QJsonDocument::fromJson(readAll(video + ".json")).object(); }

} // namespace

class TestCliBatch : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(QFile::exists(kI2vBinary), qPrintable(kI2vBinary)); }

    void helpAndUsage()
    {
        const Run help = runI2v({"batch", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.startsWith("Usage: i2v batch"), qPrintable(help.out));
        QVERIFY(help.out.contains("--no-oom-retry") && help.out.contains("  8  batch"));
        QVERIFY(runI2v({"--help"}).out.contains("batch"));
        QVERIFY(runI2v({"generate", "--help"}).out.contains("--no-oom-retry"));
        QTemporaryDir dir;
        QCOMPARE(runI2v({"batch", "--out-dir", dir.path()}).exitCode, 2);         // no file
        QCOMPARE(runI2v({"batch", dir.filePath("jobs.jsonl")}).exitCode, 2);      // no --out-dir
        const Run missing = runI2v({"batch", dir.filePath("jobs.jsonl"), "--out-dir", dir.filePath("out")});
        QCOMPARE(missing.exitCode, 3);
        QVERIFY(missing.err.contains("jobs.jsonl"));
    }

    void sidecarsBadLineAndResume()
    {
        QTemporaryDir dir;
        // A clip made by `i2v generate`: its sidecar is the job.
        QVERIFY(QDir(dir.path()).mkdir("src"));
        const QString source = dir.filePath("src/clip.mp4");
        const Run generated = runI2v({"generate", "--image", kSample, "--prompt", "pan left", "--out", source,
                                      "--width", "64", "--height", "48", "--frames", "4", "--fps", "4", "--seed", "11"});
        QVERIFY2(generated.exitCode == 0, qPrintable(generated.err));
        const QByteArray pretty = readAll(source + ".json");
        QVERIFY(pretty.count('\n') > 5);
        const QByteArray compact = QJsonDocument::fromJson(pretty).toJson(QJsonDocument::Compact);
        QVERIFY(QFile::copy(kSample, dir.filePath("photo.png")));
        // Line 1 compact sidecar, 2 broken, 3.. the sidecar as written, then a minimal job (relative image).
        const QByteArray minimal = "{\"image\": \"photo.png\", \"prompt\": \"zoom in\", \"width\": 48, \"height\": 32, "
                                   "\"frames\": 3, \"seed\": 2}";
        const QByteArray jobs = compact + "\n" + "{\"prompt\": \"broken\", \n" + pretty.trimmed() + "\n" + minimal + "\n";
        const int minimalLine = jobs.left(jobs.indexOf(minimal)).count('\n') + 1;
        writeAll(dir.filePath("jobs.jsonl"), jobs);

        const QString out = dir.filePath("out");
        const Run first = runI2v({"batch", dir.filePath("jobs.jsonl"), "--out-dir", out});
        QVERIFY2(first.exitCode == 8, qPrintable(first.err)); // one line failed, the others were made
        QVERIFY2(first.err.contains("i2v: line 2: error: "), qPrintable(first.err));
        QVERIFY(first.err.contains("[4/4] line " + QString::number(minimalLine)));
        QVERIFY(first.err.contains("denoising")); // per-frame progress, as in `i2v generate`
        QVERIFY2(first.err.contains("batch finished: 4 lines, 3 made, 0 already made, 1 failed"), qPrintable(first.err));
        QVERIFY(first.err.contains("  line 2: invalid_argument"));
        QStringList made = videos(out);
        QCOMPARE(made.size(), 3);
        QVERIFY(made.contains("clip.mp4") && made.contains("clip (2).mp4"));
        QCOMPARE(first.out.trimmed().split('\n').size(), 3); // the written files on stdout
        for (const QString& name : {QString("clip.mp4"), QString("clip (2).mp4")}) {
            const QJsonObject recipe = recipeOf(out + "/" + name);
            QCOMPARE(recipe["seed"].toInt(), 11);
            QCOMPARE(recipe["prompt"].toString(), QString("pan left"));
            const i2v::VideoInfo info = i2v::probeVideo((out + "/" + name).toStdString());
            QCOMPARE(info.width, 64);
            QCOMPARE(info.height, 48);
            QCOMPARE(info.frameCount, 4);
        }
        made.removeAll("clip.mp4");
        made.removeAll("clip (2).mp4");
        const QString automatic = out + "/" + made.front();
        QVERIFY2(made.front().contains("_zoom-in_seed2"), qPrintable(made.front()));
        QCOMPARE(recipeOf(automatic)["image"].toObject()["path"].toString(), dir.filePath("photo.png"));
        QCOMPARE(i2v::probeVideo(automatic.toStdString()).frameCount, 3);

        // Again: the finished lines are skipped, nothing new is written.
        const QStringList before = QDir(out).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        const Run second = runI2v({"batch", dir.filePath("jobs.jsonl"), "--out-dir", out, "--no-oom-retry"});
        QCOMPARE(second.exitCode, 8);
        QCOMPARE(second.err.count("already made: "), 3);
        QVERIFY2(second.err.contains("batch finished: 4 lines, 0 made, 3 already made, 1 failed"), qPrintable(second.err));
        QVERIFY(second.out.trimmed().isEmpty());
        QCOMPARE(QDir(out).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), before);

        // Only good lines: exit 0; JSON progress ends with a summary object.
        writeAll(dir.filePath("good.jsonl"), minimal + "\n");
        const Run good = runI2v({"batch", dir.filePath("good.jsonl"), "--out-dir", out, "--json-progress"});
        QCOMPARE(good.exitCode, 0);
        const QJsonObject summary =
            QJsonDocument::fromJson(good.out.trimmed().split('\n').last().toUtf8()).object();
        QCOMPARE(summary["event"].toString(), QString("summary"));
        QCOMPARE(summary["done"].toInt(), 1);
        QCOMPARE(summary["lines"].toArray()[0].toObject()["line"].toInt(), 1);
    }

    void sidecarRemakesTheClipExactly()
    {
        // Every camera-motion field away from its default, easing included: the sidecar alone, run through
        // `i2v batch`, must give the same frames (and the same recipe, apart from where the file went).
        QTemporaryDir dir;
        const QString first = dir.filePath("a.mp4");
        const QStringList fields = {"--image", kSample, "--prompt", "a boat", "--motion", "orbit-left",
                                    "--easing", "linear", "--strength", "1.7", "--width", "64", "--height", "48",
                                    "--frames", "6", "--fps", "6", "--seed", "5", "--crf", "20",
                                    "--device", "cpu", "--dtype", "float32"};
        const Run generated = runI2v(QStringList{"generate"} + fields + QStringList{"--out", first});
        QVERIFY2(generated.exitCode == 0, qPrintable(generated.err));
        const QJsonObject recipe = recipeOf(first);
        QCOMPARE(recipe.value("easing").toString(), QStringLiteral("linear"));
        QCOMPARE(recipe.value("device").toString(), QStringLiteral("cpu"));
        QCOMPARE(recipe.value("dtype").toString(), QStringLiteral("float32"));

        const Run batch = runI2v({"batch", first + ".json", "--out-dir", dir.filePath("remake")});
        QVERIFY2(batch.exitCode == 0, qPrintable(batch.err));
        const QStringList made = videos(dir.filePath("remake"));
        QCOMPARE(made, QStringList{"a.mp4"});
        const QString second = dir.filePath("remake/a.mp4");
        // Batch lines go into the history too (the same store as the window's clips).
        QFile history(i2v_test::testDataHome() + "/i2v-studio/history.json");
        QVERIFY(history.open(QIODevice::ReadOnly));
        bool recorded = false;
        for (const QJsonValue& e : QJsonDocument::fromJson(history.readAll()).object().value("entries").toArray())
            recorded = recorded || e.toObject().value("output_path").toString() == second;
        QVERIFY(recorded);
        const std::vector<i2v::Image> a = i2v::decodeVideo(first.toStdString());
        const std::vector<i2v::Image> b = i2v::decodeVideo(second.toStdString());
        QCOMPARE(a.size(), std::size_t(6));
        QCOMPARE(b.size(), a.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            QVERIFY2(a[i].rgb == b[i].rgb, qPrintable(QStringLiteral("frame %1 differs").arg(i)));
        QJsonObject again = recipeOf(second);
        QJsonObject original = recipe;
        for (QJsonObject* r : {&again, &original}) {
            QJsonObject output = r->value("output").toObject();
            output.remove("path");
            output.remove("output_dir");
            r->insert("output", output);
        }
        QCOMPARE(again, original);

        // The easing really shapes the clip: the same line with the default easing gives other frames.
        QTemporaryDir other;
        const Run eased = runI2v(QStringList{"generate"} + fields.mid(0, 6) + fields.mid(8) +
                                 QStringList{"--out", other.filePath("b.mp4")});
        QVERIFY2(eased.exitCode == 0, qPrintable(eased.err));
        const std::vector<i2v::Image> c = i2v::decodeVideo(other.filePath("b.mp4").toStdString());
        QCOMPARE(c.size(), a.size());
        bool differs = false;
        for (std::size_t i = 0; i < a.size(); ++i)
            differs = differs || a[i].rgb != c[i].rgb;
        QVERIFY(differs);
    }

    // A batch line gets the CLI's checks: a seed outside the engine's 0..4294967295 is refused (the CLI
    // refuses --seed -1 and 4294967296 the same way), the other lines are made.
    void seedOutsideTheSchemaIsRefused()
    {
        QTemporaryDir dir;
        const QByteArray image = "\"image\": \"" + kSample.toUtf8() + "\", \"width\": 64, \"height\": 48, \"frames\": 2";
        writeAll(dir.filePath("seeds.jsonl"), "{" + image + ", \"seed\": -1}\n{" + image + ", \"seed\": 4294967296}\n{" +
                                                  image + ", \"seed\": 4294967295}\n");
        const Run r = runI2v({"batch", dir.filePath("seeds.jsonl"), "--out-dir", dir.filePath("out"), "--no-history"});
        QCOMPARE(r.exitCode, 8);
        QVERIFY2(r.err.contains("line 1: invalid_argument: seed = -1 is outside 0..4294967295"), qPrintable(r.err));
        QVERIFY2(r.err.contains("line 2: invalid_argument: seed = 4294967296 is outside 0..4294967295"), qPrintable(r.err));
        QCOMPARE(videos(dir.filePath("out")).size(), 1);
    }

    void sigtermCancelsCleanly()
    {
        QTemporaryDir dir;
        writeAll(dir.filePath("long.jsonl"), "{\"image\": \"" + kSample.toUtf8() +
                                                 "\", \"prompt\": \"orbit\", \"width\": 1024, \"height\": 1024, "
                                                 "\"frames\": 240}\n");
        const QString out = dir.filePath("out");
        QProcess p;
        p.setProcessEnvironment(i2v_test::i2vEnvironment());
        p.start(kI2vBinary, {"batch", dir.filePath("long.jsonl"), "--out-dir", out, "--json-progress"});
        QVERIFY(p.waitForStarted());
        QByteArray seen;
        while (!seen.contains("\"denoising\"") && p.state() == QProcess::Running) {
            p.waitForReadyRead(10000);
            seen += p.readAllStandardOutput();
        }
        p.terminate();
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 6);
        QVERIFY((seen + p.readAllStandardOutput()).contains("\"cancelled\":true"));
        QCOMPARE(QDir(out).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestCliBatch)
#include "test_cli_batch.moc"
