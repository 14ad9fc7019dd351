// `i2v` end to end: a clip from the bundled sample (probed: h264, yuv420p, frames, fps, recipe in the
// metadata), --frames-dir, --json-progress, bad inputs with their exit codes and one-line messages and no
// stray files, never overwriting, Ctrl-C/SIGTERM cancelling cleanly, --help on every command.
#include "run_i2v.h"

#include "core/media/video_io.h"
#include "core/service/history.h"
#include "core/service/history_recording.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>

#include <sys/stat.h>
#include <unistd.h>

using i2v_test::Run;
using i2v_test::kI2vBinary;
using i2v_test::runI2v;

namespace {

const QString kSample = QStringLiteral(I2V_SOURCE_DIR "/resources/samples/lakeside.png");

QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

// The error must be exactly one line: "i2v: error: <what>. <advice>".
void verifyOneLineError(const Run& r, const QString& mentions)
{
    const QStringList lines = r.err.trimmed().split('\n');
    QVERIFY2(lines.size() == 1, qPrintable(r.err));
    QVERIFY2(lines[0].startsWith("i2v: error: ") && lines[0].contains(mentions), qPrintable(r.err));
}

QStringList smallClip() { return {"--width", "128", "--height", "96", "--frames", "6", "--fps", "6", "--seed", "5"}; }

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(QFile::exists(kI2vBinary), qPrintable(kI2vBinary)); }

    void helpOnEveryCommand()
    {
        const Run top = runI2v({"--help"});
        QCOMPARE(top.exitCode, 0);
        QVERIFY(top.out.contains("Exit codes") && top.out.contains("generate") && top.out.contains("engines"));
        for (const QString& command : {"generate", "engines", "models"}) {
            const Run r = runI2v({command, "--help"});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.startsWith("Usage: i2v " + command), qPrintable(r.out));
        }
        const Run help = runI2v({"help", "generate"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--frames-dir"));
        const Run version = runI2v({"--version"});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("i2v " I2V_VERSION));
        const Run none = runI2v({});
        QCOMPARE(none.exitCode, 2);
        const Run unknown = runI2v({"frobnicate"});
        QCOMPARE(unknown.exitCode, 2);
        verifyOneLineError(unknown, "frobnicate");
    }

    void enginesAndModelsListCameraMotion()
    {
        const Run engines = runI2v({"engines", "--json"});
        QCOMPARE(engines.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(engines.out.toUtf8()).array();
        QVERIFY(!list.isEmpty());
        QCOMPARE(list[0].toObject()["id"].toString(), QString("camera-motion"));
        QVERIFY(!list[0].toObject()["parameters"].toArray().isEmpty());
        const Run text = runI2v({"engines"});
        QVERIFY(text.out.contains("--width"));
        const Run models = runI2v({"models"});
        QCOMPARE(models.exitCode, 0);
        QVERIFY(models.out.contains("camera-motion"));
    }

    void generatesClipFromSample()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("clip.mp4");
        const QString frames = dir.filePath("frames");
        const Run r = runI2v(QStringList{"generate", "--image", kSample, "--prompt", "camera slowly zooming in on the boat",
                                         "--out", out, "--frames-dir", frames} +
                             smallClip());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.split('\n').contains(out), qPrintable(r.out)); // paths written are printed on stdout
        QVERIFY(r.err.contains("denoising"));                         // per-frame progress on stderr
        const i2v::VideoInfo info = i2v::probeVideo(out.toStdString());
        QCOMPARE(QString::fromStdString(info.codec), QString("h264"));
        QCOMPARE(QString::fromStdString(info.pixelFormat), QString("yuv420p"));
        QCOMPARE(info.frameCount, 6);
        QCOMPARE(info.fps, 6.0);
        QCOMPARE(info.width, 128);
        QCOMPARE(info.height, 96);
        bool recipeFound = false;
        for (const auto& [key, value] : info.metadata)
            recipeFound = recipeFound || (value.find("camera slowly zooming in on the boat") != std::string::npos &&
                                          value.find("\"seed\"") != std::string::npos);
        QVERIFY(recipeFound);
        QVERIFY(QFile::exists(out + ".json"));
        QVERIFY(QFile::exists(frames + "/frame_0001.png"));
        QVERIFY(QFile::exists(frames + "/frame_0006.png"));
        QVERIFY(!QFile::exists(frames + "/frame_0007.png"));
    }

    // Low-VRAM mode is a machine setting: accepted by generate and batch, the same clip, and not in the recipe.
    void lowVramMakesTheSameClip()
    {
        QTemporaryDir dir;
        const QStringList base = QStringList{"generate", "--image", kSample, "--prompt", "pan left", "--no-history"} +
                                 smallClip();
        const Run plain = runI2v(base + QStringList{"--out", dir.filePath("plain.mp4"), "--frames-dir", dir.filePath("plain")});
        QVERIFY2(plain.exitCode == 0, qPrintable(plain.err));
        const Run low = runI2v(base + QStringList{"--out", dir.filePath("low.mp4"), "--frames-dir", dir.filePath("low"),
                                                  "--low-vram"});
        QVERIFY2(low.exitCode == 0, qPrintable(low.err));
        for (const QString& frame : {QStringLiteral("/frame_0001.png"), QStringLiteral("/frame_0006.png")}) {
            QFile a(dir.filePath("plain") + frame), b(dir.filePath("low") + frame);
            QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
            QCOMPARE(a.readAll(), b.readAll());
        }
        QFile sidecar(dir.filePath("low.mp4.json"));
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        QVERIFY(!sidecar.readAll().contains("vram"));
        QVERIFY(runI2v({"batch", "--help"}).out.contains("--low-vram"));
    }

    void clipsGoIntoTheHistoryWithTheirCost()
    {
        // The window's cost settings (written beside the history from Preferences): 3600 per GPU-hour.
        const std::filesystem::path data = std::filesystem::path(i2v_test::testDataHome().toStdString()) / "i2v-studio";
        i2v::CostSettings cost;
        cost.mode = i2v::CostSettings::Mode::PerGpuHour;
        cost.pricePerGpuHour = 3600;
        cost.currency = "EUR";
        i2v::writeCostSettings(data, cost);
        const std::size_t before = i2v::HistoryStore(i2v::historyFileIn(data)).entries().size();

        QTemporaryDir dir;
        const QString out = dir.filePath("remembered.mp4");
        const Run r = runI2v(QStringList{"generate", "--image", kSample, "--prompt", "pan left", "--out", out} + smallClip());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const i2v::HistoryStore history(i2v::historyFileIn(data)); // what the window's History panel reads
        QCOMPARE(history.entries().size(), before + 1);
        const i2v::HistoryEntry& e = history.entries().back();
        QCOMPARE(QString::fromStdString(e.outputPath), out);
        QCOMPARE(e.status, std::string("done"));
        QCOMPARE(e.prompt, std::string("pan left"));
        QVERIFY(e.durationSeconds > 0);
        QCOMPARE(e.cost, i2v::clipCost(cost, e.durationSeconds)); // 1 EUR per second of machine time
        QVERIFY(e.cost > 0);
        QCOMPARE(e.costCurrency, std::string("EUR"));
        QVERIFY(e.recipeJson.find("\"pan left\"") != std::string::npos);
        QVERIFY(std::filesystem::exists(e.thumbnailPath));

        // A failed run is recorded as failed; --no-history records nothing.
        const Run failed = runI2v({"generate", "--image", dir.filePath("missing.png"), "--out", dir.filePath("x.mp4")});
        QCOMPARE(failed.exitCode, 3);
        const Run quiet = runI2v(QStringList{"generate", "--image", kSample, "--out", dir.filePath("quiet.mp4"),
                                             "--no-history"} + smallClip());
        QVERIFY2(quiet.exitCode == 0, qPrintable(quiet.err));
        const i2v::HistoryStore after(i2v::historyFileIn(data));
        QCOMPARE(after.entries().size(), before + 2);
        QCOMPARE(after.entries().back().status, std::string("failed"));
        i2v::writeCostSettings(data, i2v::CostSettings{});
    }

    void jsonProgressIsOneObjectPerLine()
    {
        QTemporaryDir dir;
        const Run r = runI2v(QStringList{"generate", "--image", kSample, "--prompt", "pan left", "--out-dir",
                                         dir.path(), "--json-progress"} +
                             smallClip());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList lines = r.out.trimmed().split('\n');
        QVERIFY(lines.size() >= 3);
        int denoising = 0;
        QJsonObject last;
        for (const QString& line : lines) {
            QJsonParseError error;
            last = QJsonDocument::fromJson(line.toUtf8(), &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError && last.contains("event"), qPrintable(line));
            if (last["stage"].toString() == "denoising")
                ++denoising;
        }
        QCOMPARE(denoising, 6);
        QCOMPARE(last["event"].toString(), QString("finished"));
        QCOMPARE(last["state"].toString(), QString("done"));
        QCOMPARE(last["seed"].toInt(), 5);
        const QString file = last["files"].toArray()[0].toString();
        QVERIFY2(QFileInfo(file).fileName().contains("_pan-left_seed5"), qPrintable(file));
        QVERIFY(QFile::exists(file));
    }

    void missingImageIsExit3()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath("nope.png");
        const Run r = runI2v({"generate", "--image", missing, "--out", dir.filePath("clip.mp4")});
        QCOMPARE(r.exitCode, 3);
        verifyOneLineError(r, missing);
        QCOMPARE(entries(dir.path()), QStringList());
    }

    void corruptPngIsExit3WithNoOutput()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath("corrupt.png");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(300, '\x5a'));
        f.close();
        const Run r = runI2v({"generate", "--image", bad, "--out", dir.filePath("clip.mp4")});
        QCOMPARE(r.exitCode, 3);
        verifyOneLineError(r, "corrupt.png");
        QCOMPARE(entries(dir.path()), QStringList{"corrupt.png"});
    }

    void unwritableFolderIsExit5WithNoStrayFiles()
    {
        QTemporaryDir dir;
        // A folder we may not write to (root ignores permissions: then a "folder" that is a file).
        const QString locked = dir.filePath("locked");
        QVERIFY(QDir().mkdir(locked));
        QString target = locked + "/clip.mp4";
        if (::geteuid() == 0) {
            QFile file(dir.filePath("plainfile"));
            QVERIFY(file.open(QIODevice::WriteOnly));
            target = file.fileName() + "/clip.mp4";
        } else {
            QVERIFY(::chmod(QFile::encodeName(locked).constData(), 0555) == 0);
        }
        const QStringList before = entries(dir.path());
        const Run r = runI2v(QStringList{"generate", "--image", kSample, "--out", target} + smallClip());
        ::chmod(QFile::encodeName(locked).constData(), 0755);
        QCOMPARE(r.exitCode, 5);
        verifyOneLineError(r, QFileInfo(target).path());
        QCOMPARE(entries(dir.path()), before);
        QCOMPARE(entries(locked), QStringList());

        const Run outDir = runI2v(QStringList{"generate", "--image", kSample, "--out-dir", target} + smallClip());
        QCOMPARE(outDir.exitCode, 5);
        QCOMPARE(entries(dir.path()), before);
    }

    void existingOutputIsExit5AndKept()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("clip.mp4");
        QFile f(out);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("precious");
        f.close();
        const Run r = runI2v(QStringList{"generate", "--image", kSample, "--out", out} + smallClip());
        QCOMPARE(r.exitCode, 5);
        verifyOneLineError(r, out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("precious"));
        QCOMPARE(entries(dir.path()), QStringList{"clip.mp4"});
    }

    void badFlagsAreExit2()
    {
        QTemporaryDir dir;
        const QStringList base{"generate", "--image", kSample, "--out-dir", dir.path()};
        const Run notNumber = runI2v(base + QStringList{"--width", "wide"});
        QCOMPARE(notNumber.exitCode, 2);
        verifyOneLineError(notNumber, "--width");
        const Run range = runI2v(base + QStringList{"--frames", "100000"});
        QCOMPARE(range.exitCode, 2);
        verifyOneLineError(range, "--frames");
        const Run unknown = runI2v(base + QStringList{"--overwrite"});
        QCOMPARE(unknown.exitCode, 2);
        const Run format = runI2v(base + QStringList{"--format", "avi"});
        QCOMPARE(format.exitCode, 2);
        const Run engine = runI2v(base + QStringList{"--engine", "no-such-engine"});
        QCOMPARE(engine.exitCode, 4);
        const Run model = runI2v(base + QStringList{"--model", dir.filePath("no-model-here")});
        QCOMPARE(model.exitCode, 4);
        QCOMPARE(entries(dir.path()), QStringList());
    }

    // Issue 14, item 8. A legal 255-byte output name used to fail (its temp name was longer, then its
    // sidecar's); a 256-byte one is refused before any work.
    void longOutputNamesWork()
    {
        QTemporaryDir dir;
        const QString name = QString(251, QLatin1Char('n')) + ".mp4";
        QCOMPARE(name.toUtf8().size(), 255);
        const Run r = runI2v({"generate", "--image", kSample, "--prompt", "zoom in", "--width", "128", "--height", "96",
                              "--frames", "8", "--out", dir.filePath(name), "--no-history"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList made = entries(dir.path());
        QCOMPARE(made.size(), 2);
        QVERIFY(made.contains(name));
        for (const QString& f : made)
            QVERIFY2(f.toUtf8().size() <= 255, qPrintable(f));
        // Chinese names are cut on a character boundary (3-byte UTF-8 characters).
        const QString zh = QString(83, QChar(0x89C6)) + ".mp4"; // 249 + 4 bytes
        const Run rz = runI2v({"generate", "--image", kSample, "--prompt", "zoom in", "--width", "128", "--height", "96",
                               "--frames", "8", "--out", dir.filePath(zh), "--no-history"});
        QVERIFY2(rz.exitCode == 0, qPrintable(rz.err));
        QCOMPARE(entries(dir.path()).size(), 4);
        for (const QString& f : entries(dir.path()))
            QVERIFY2(!f.contains(QChar::ReplacementCharacter), qPrintable(f));

        QTemporaryDir dir2;
        const Run tooLong = runI2v({"generate", "--image", kSample, "--prompt", "zoom in", "--out",
                                    dir2.filePath(QString(252, QLatin1Char('x')) + ".mp4"), "--no-history"});
        QCOMPARE(tooLong.exitCode, 2);
        verifyOneLineError(tooLong, "at most 255 bytes");
        QCOMPARE(entries(dir2.path()), QStringList());
    }

    // "--fps --out o.mp4" took "--out" as the frame rate and blamed 'o.mp4'.
    void anOptionMissingItsValueIsNamed()
    {
        QTemporaryDir dir;
        const Run r = runI2v({"generate", "--image", kSample, "--fps", "--out", dir.filePath("o.mp4")});
        QCOMPARE(r.exitCode, 2);
        verifyOneLineError(r, "--fps: needs a value");
        QVERIFY2(!r.err.contains("unexpected argument"), qPrintable(r.err));
        QVERIFY2(r.err.contains("--out"), qPrintable(r.err));
        // A value that starts with -- is still possible with =.
        const Run eq = runI2v({"generate", "--image", kSample, "--prompt=--zoom in", "--width", "128", "--height",
                               "96", "--frames", "8", "--out", dir.filePath("eq.mp4"), "--no-history"});
        QVERIFY2(eq.exitCode == 0, qPrintable(eq.err));
    }

    // Ctrl-C in the first 0.15 s (while ~230 shared libraries load) killed the process by the signal (exit
    // 130/143). Now `i2v` (a libc-only launcher) holds the signal until the program's handler is in place:
    // exit 6 and nothing written, at any moment.
    void signalsDuringStartUpCancelCleanly_data()
    {
        QTest::addColumn<int>("signal");
        QTest::addColumn<int>("delayMs");
        for (const int ms : {2, 20, 60, 120, 200}) {
            QTest::addRow("SIGINT after %d ms", ms) << int(SIGINT) << ms;
            QTest::addRow("SIGTERM after %d ms", ms) << int(SIGTERM) << ms;
        }
    }
    void signalsDuringStartUpCancelCleanly()
    {
        QFETCH(int, signal);
        QFETCH(int, delayMs);
        QTemporaryDir dir;
        QProcess p;
        p.setProcessEnvironment(i2v_test::i2vEnvironment());
        p.start(kI2vBinary, {"generate", "--image", kSample, "--prompt", "orbit", "--width", "512", "--height", "512",
                             "--frames", "48", "--out", dir.filePath("early.mp4"), "--no-history"});
        QVERIFY(p.waitForStarted());
        QThread::msleep(static_cast<unsigned long>(delayMs));
        ::kill(static_cast<pid_t>(p.processId()), signal);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 6);
        QCOMPARE(entries(dir.path()), QStringList());
    }

    // `--model ORG/NAME` is looked up in the Hugging Face cache ($HF_HUB_CACHE) as `i2v models` lists it;
    // it used to say "not supported yet". A name that is not there says how to get it.
    void modelByRepoIdComesFromTheHubCache()
    {
        QTemporaryDir cache;
        const QString repo = cache.filePath("models--acme--tiny-i2v");
        QVERIFY(QDir().mkpath(repo + "/snapshots"));
        QVERIFY(QDir().mkpath(repo + "/refs"));
        QVERIFY(QFile::link(QStringLiteral(I2V_TEST_DATA_DIR "/i2vgenxl-tiny/model"), repo + "/snapshots/0123abcd"));
        {
            QFile ref(repo + "/refs/main");
            QVERIFY(ref.open(QIODevice::WriteOnly));
            ref.write("0123abcd");
        }
        QTemporaryDir out;
        QProcess p;
        QProcessEnvironment env = i2v_test::i2vEnvironment();
        env.insert("HF_HUB_CACHE", cache.path());
        p.setProcessEnvironment(env);
        p.start(kI2vBinary, {"generate", "--model", "acme/tiny-i2v", "--image", kSample, "--prompt", "a lake",
                             "--width", "64", "--height", "64", "--frames", "2", "--steps", "2", "--device", "cpu",
                             "--out", out.filePath("hub.mp4"), "--no-history"});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QVERIFY(QFile::exists(out.filePath("hub.mp4")));
        const QByteArray sidecar = [&] {
            QFile f(out.filePath("hub.mp4.json"));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QVERIFY2(sidecar.contains("i2vgen-xl"), sidecar.constData());

        p.start(kI2vBinary, {"generate", "--model", "acme/not-downloaded", "--image", kSample, "--out",
                             out.filePath("none.mp4"), "--no-history"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 4);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("acme/not-downloaded") && err.contains("i2v models pull"), qPrintable(err));
    }

    // SIGTERM is handled like Ctrl-C (SIGINT); so are SIGHUP (the terminal was closed) and SIGQUIT, which
    // used to leave a hidden temp file beside the output: exit 6 and an empty folder every time.
    void signalsCancelCleanly_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGHUP") << int(SIGHUP);
        QTest::newRow("SIGQUIT") << int(SIGQUIT);
    }
    void signalsCancelCleanly()
    {
        QFETCH(int, signal);
        QTemporaryDir dir;
        const QString out = dir.filePath("long.mp4");
        QProcess p;
        p.setProcessEnvironment(i2v_test::i2vEnvironment());
        // The largest clip the engine allows, so it is still running when the signal arrives.
        const QJsonArray engines = QJsonDocument::fromJson(runI2v({"engines", "--json"}).out.toUtf8()).array();
        QString maxFrames = "64";
        for (const QJsonValue& param : engines[0].toObject()["parameters"].toArray())
            if (param.toObject()["name"].toString() == "frames")
                maxFrames = QString::number(param.toObject()["max"].toInt());
        p.start(kI2vBinary, {"generate", "--image", kSample, "--prompt", "orbit", "--width", "1024", "--height", "1024",
                          "--frames", maxFrames, "--out", out, "--json-progress"});
        QVERIFY(p.waitForStarted());
        QByteArray seen;
        while (!seen.contains("\"denoising\"") && p.state() == QProcess::Running) {
            p.waitForReadyRead(10000);
            seen += p.readAllStandardOutput();
        }
        ::kill(static_cast<pid_t>(p.processId()), signal);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 6);
        QVERIFY((seen + p.readAllStandardOutput()).contains("\"cancelled\""));
        QCOMPARE(entries(dir.path()), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
