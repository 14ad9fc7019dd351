// core/service batch runs with the fake engine: reading JSON Lines (comments, a pretty-printed sidecar over
// several lines, line numbers of bad lines, engine defaults for absent keys, relative paths, repeated
// lines), running (a bad line does not stop the others, outputs land in the output folder, nothing is
// overwritten), resuming (finished lines skipped, a deleted output made again) and cancelling.
#include "fake_family.h"

#include "core/media/image_io.h"
#include "core/base/json_limits.h"
#include "core/service/batch.h"
#include "core/service/batch_lines.h"
#include "core/service/runner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <iterator>

#include <algorithm>

#include <unistd.h>

#include <chrono>
#include <fstream>

using namespace i2v;
namespace fs = std::filesystem;

namespace {

void writeText(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

QStringList videos(const QString& dir)
{
    return QDir(dir).entryList({"*.mp4", "*.gif"}, QDir::Files, QDir::Name);
}

} // namespace

class TestBatch : public QObject {
    Q_OBJECT

    test::FakeScript m_script;
    test::FakeFamily m_family{m_script};
    QTemporaryDir m_dir;
    fs::path m_root;

    FamilyLookup lookup()
    {
        return [this](const std::string& id) -> const ModelFamily* { return id == "fake" ? &m_family : nullptr; };
    }
    BatchOptions options()
    {
        BatchOptions o;
        o.families = lookup();
        return o;
    }

private slots:
    void initTestCase()
    {
        m_root = fs::path(m_dir.path().toStdString());
        savePng(Image(40, 30), m_root / "still.png");
    }
    void init()
    {
        m_script.afterStep = nullptr;
        m_script.runs = 0;
        releasePipelineCache();
    }

    void readsLinesSidecarsAndDefaults()
    {
        const fs::path file = m_root / "read.jsonl";
        // Line 1 comment, 2 blank, 3 a one-line job with a relative image and no size (engine defaults),
        // 4-9 a pretty-printed object, 10 broken JSON, 11 an unknown engine, 12 no image, 13 = line 3 again.
        writeText(file, "# jobs for the fake engine\n"
                        "\n"
                        "{\"family\": \"fake\", \"image\": \"still.png\", \"prompt\": \"zoom\", \"seed\": 4}\n"
                        "{\n"
                        "  \"engine\": \"fake\",\n"
                        "  \"image\": {\"path\": \"still.png\"},\n"
                        "  \"width\": 32,\n"
                        "  \"output\": {\"format\": \"gif\", \"path\": \"/elsewhere/old.gif\"}\n"
                        "}\n"
                        "{\"family\": \"fake\", \"image\": \"still.png\", \"width\": }\n"
                        "{\"family\": \"nope\", \"image\": \"still.png\"}\n"
                        "{\"family\": \"fake\", \"prompt\": \"no picture\"}\n"
                        "{\"family\": \"fake\", \"image\": \"still.png\", \"prompt\": \"zoom\", \"seed\": 4}\n");
        const std::vector<BatchLine> lines = readBatchFile(file, lookup());
        QCOMPARE(lines.size(), std::size_t(6));
        QCOMPARE(lines[0].lineNumber, 3);
        QVERIFY(lines[0].parseError.empty());
        QCOMPARE(lines[0].request.imagePath, (m_root / "still.png").string());
        QCOMPARE(lines[0].request.width, 64);  // the fake engine's defaults
        QCOMPARE(lines[0].request.height, 48);
        QCOMPARE(lines[0].request.frames, 6);
        QCOMPARE(lines[0].request.seed, std::int64_t(4));
        QCOMPARE(lines[1].lineNumber, 4);
        QVERIFY2(lines[1].parseError.empty(), lines[1].parseError.c_str());
        QCOMPARE(lines[1].request.family, std::string("fake"));
        QCOMPARE(lines[1].request.width, 32);
        QCOMPARE(lines[1].request.output.format, OutputFormat::Gif);
        QCOMPARE(lines[2].lineNumber, 10);
        QCOMPARE(lines[2].parseErrorCode, ErrorCode::InvalidArgument);
        QVERIFY(lines[2].parseError.find("JSON") != std::string::npos);
        QCOMPARE(lines[3].lineNumber, 11);
        QVERIFY(lines[3].parseError.empty()); // an unknown engine fails when the line runs
        QCOMPARE(lines[3].request.family, std::string("nope"));
        QCOMPARE(lines[4].lineNumber, 12);
        QVERIFY(lines[4].parseError.find("image") != std::string::npos);
        QCOMPARE(lines[5].lineNumber, 13);
        QVERIFY(lines[5].key != lines[0].key); // a repeat is a job of its own
        QCOMPARE(lines[5].key.substr(0, 16), lines[0].key);
    }

    // 70 000 nested arrays in one line (140 KB) used to overflow the stack in the JSON dump and kill the
    // whole batch: now that line alone fails, with a message, and the next line is read.
    void deeplyNestedLineFailsAloneWithAMessage()
    {
        const fs::path file = m_root / "nested.jsonl";
        const std::string deep = std::string(70000, '[') + std::string(70000, ']');
        writeText(file, "{\"family\": \"fake\", \"image\": \"still.png\", \"x\": " + deep + "}\n"
                        "{\"family\": \"fake\", \"image\": \"still.png\", \"seed\": 9}\n");
        const std::vector<BatchLine> lines = readBatchFile(file, lookup());
        QCOMPARE(lines.size(), std::size_t(2));
        QCOMPARE(lines[0].parseErrorCode, ErrorCode::InvalidArgument);
        QVERIFY2(lines[0].parseError.find("nests more than 64 levels") != std::string::npos, lines[0].parseError.c_str());
        QVERIFY(lines[1].parseError.empty());
        QCOMPARE(lines[1].request.seed, std::int64_t(9));
        // 64 levels are still read (the limit is about hostile input, not about real recipes).
        QVERIFY(!parseJsonLimited(std::string(64, '[') + std::string(64, ']')).is_discarded());
        bool tooDeep = false;
        QVERIFY(parseJsonLimited(std::string(65, '[') + std::string(65, ']'), &tooDeep).is_discarded());
        QVERIFY(tooDeep);
    }

    // Two runs on one jobs file share the work through claims in the state file (taken under a lock): a line
    // another live run is making is skipped here; a dead run's claim, a "made" record pointing outside the
    // output folder (/etc/passwd) and an output name equal to the state file's do not fool a run.
    // The text layer alone (fuzz/fuzz_batch_lines.cpp runs it): pretty-printed objects are joined, a broken
    // one is reported on its first line and reading goes on; brackets inside strings do not count.
    void splitsPrettyPrintedAndBrokenObjects()
    {
        const auto objects = splitBatchObjects("{\"a\": 1,\n \"b\": \"}\"\n}\n# note\n\n{ bad\n}\n{\"c\": [1,\n2]} x\n[3]");
        QCOMPARE(objects.size(), std::size_t(6));
        QCOMPARE(objects[0].lineNumber, 1);
        QCOMPARE(objects[0].text, std::string("{\"a\": 1,\n \"b\": \"}\"\n}"));
        QCOMPARE(objects[1].lineNumber, 6);
        QCOMPARE(objects[1].text, std::string("{ bad"));
        QCOMPARE(objects[2].lineNumber, 7);
        QCOMPARE(objects[3].text, std::string("{\"c\": [1,")); // trailing text after the close: not one object
        QCOMPARE(objects[4].lineNumber, 9);
        QCOMPARE(objects[5].text, std::string("[3]"));
    }
    // Issue 14 fuzzing: every line opening an object that never closes used to be re-parsed once per
    // following line (500 parses of a growing text per line, ~25 GB of parsing for these 2 000 lines);
    // now one bracket scan of the window each. The bound is generous for a sanitizer build.
    void neverClosingObjectsCostLinearTime()
    {
        std::string bytes;
        for (int i = 0; i < 2000; ++i)
            bytes += "{\"image\": \"a.png\", \"prompt\": \"" + std::string(60, 'x') + "\", \"x\": [\n";
        const auto start = std::chrono::steady_clock::now();
        const auto objects = splitBatchObjects(bytes);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QCOMPARE(objects.size(), std::size_t(2000));
        QVERIFY2(seconds < 10, std::to_string(seconds).c_str());
    }
    void concurrentRunsShareTheWorkAndStateIsNotTrustedBlindly()
    {
        const fs::path file = m_root / "shared.jsonl";
        const fs::path out = m_root / "shared-out";
        writeText(file, "{\"family\": \"fake\", \"image\": \"still.png\", \"seed\": 1}\n"
                        "{\"family\": \"fake\", \"image\": \"still.png\", \"seed\": 2}\n"
                        "{\"family\": \"fake\", \"image\": \"still.png\", \"seed\": 3}\n"
                        "{\"family\": \"fake\", \"image\": \"still.png\", \"seed\": 4, \"output\": {\"path\": "
                        "\".i2v-batch-shared.state.jsonl\"}}\n");
        const std::vector<BatchLine> lines = readBatchFile(file, lookup());
        fs::create_directories(out);
        const fs::path state = batchStatePath(file, out);
        writeText(state, "{\"key\": \"" + lines[0].key + "\", \"claimed_by\": " + std::to_string(::getppid()) + "}\n" +
                             "{\"key\": \"" + lines[1].key + "\", \"claimed_by\": 99999999}\n" +
                             "{\"key\": \"" + lines[2].key + "\", \"line\": 3, \"output\": \"/etc/passwd\"}\n");
        std::vector<std::string> statuses;
        BatchObserver observer;
        observer.lineFinished = [&](const BatchLine&, const BatchLineResult& r) { statuses.push_back(r.status); };
        const BatchSummary s = runBatch(file, out, observer, CancelToken(), options());
        QCOMPARE(statuses, (std::vector<std::string>{"running elsewhere", "done", "done", "done"}));
        QCOMPARE(s.done, 3);
        QCOMPARE(s.skipped, 1);
        QCOMPARE(m_script.runs.load(), 3);
        // The state file is still the state file (the 4th line's clip got an automatic name), and it now
        // records this run's claims and the three lines it made.
        std::ifstream in(state);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        QVERIFY(text.find("\"claimed_by\":" + std::to_string(::getpid())) != std::string::npos);
        QCOMPARE(std::count(text.begin(), text.end(), '\n'), std::ptrdiff_t(3 + 3 + 3));
        QCOMPARE(videos(QString::fromStdString(out.string())).size(), 3);
        // Once the other run is gone (its claim dead), a rerun makes the remaining line only.
        writeText(state, text + "{\"key\": \"" + lines[0].key + "\", \"released_by\": " + std::to_string(::getppid()) +
                             "}\n");
        const BatchSummary again = runBatch(file, out, observer, CancelToken(), options());
        QCOMPARE(again.done, 1);
        QCOMPARE(again.skipped, 3);
    }

    // A number that overflows (1e999) is the line's JSON error, not an "internal" bug. (Seed ranges come from
    // the engine's schema: test_cli_batch checks them with the built-in engine.)
    void overflowingNumberIsTheLinesJsonError()
    {
        const fs::path file = m_root / "checked.jsonl";
        writeText(file, "{\"family\": \"fake\", \"image\": \"still.png\", \"frames\": 1e999}\n");
        const BatchSummary s = runBatch(file, m_root / "checked-out", BatchObserver{}, CancelToken(), options());
        QCOMPARE(s.failed, 1);
        QVERIFY2(s.failures[0].find("line 1: invalid_argument: recipe is not valid JSON") == 0, s.failures[0].c_str());
    }

    void badLineDoesNotStopTheOthersAndRerunResumes()
    {
        const fs::path file = m_root / "jobs.jsonl";
        const fs::path out = m_root / "out";
        writeText(file, "{\"family\": \"fake\", \"image\": \"still.png\", \"prompt\": \"one\", \"seed\": 1}\n"
                        "{\"family\": \"fake\", \"image\": \"missing.png\", \"seed\": 2}\n"
                        "{\"family\": \"fake\", \"image\": \"still.png\", \"frames\": 1000}\n"
                        "{\"family\": \"nope\", \"image\": \"still.png\"}\n"
                        "{\"family\": \"fake\", \"image\": \"still.png\", \"seed\": 3, \"output\": {\"path\": \"/x/named.mp4\"}}\n");
        std::vector<std::pair<int, std::string>> finished;
        BatchObserver observer;
        observer.lineFinished = [&](const BatchLine& line, const BatchLineResult& r) {
            finished.emplace_back(line.lineNumber, r.status);
        };
        const BatchSummary first = runBatch(file, out, observer, CancelToken(), options());
        QCOMPARE(first.total, 5);
        QCOMPARE(first.done, 2);
        QCOMPARE(first.failed, 3);
        QCOMPARE(first.skipped, 0);
        QVERIFY(!first.cancelled);
        QCOMPARE(finished, (std::vector<std::pair<int, std::string>>{{1, "done"}, {2, "failed"}, {3, "failed"},
                                                                      {4, "failed"}, {5, "done"}}));
        QCOMPARE(first.failures.size(), std::size_t(3));
        QVERIFY2(first.failures[0].rfind("line 2: file_not_found", 0) == 0, first.failures[0].c_str());
        QVERIFY2(first.failures[1].rfind("line 3: invalid_argument", 0) == 0, first.failures[1].c_str());
        QVERIFY2(first.failures[2].rfind("line 4: model_not_found", 0) == 0, first.failures[2].c_str());
        const QString outDir = QString::fromStdString(out.string());
        QStringList made = videos(outDir);
        QCOMPARE(made.size(), 2);
        QVERIFY(made.contains("named.mp4")); // the line's output name, in the output folder
        QVERIFY(QFile::exists(outDir + "/named.mp4.json"));
        QVERIFY(fs::exists(batchStatePath(file, out)));
        QCOMPARE(m_script.runs.load(), 2);

        // Second run: the finished lines are skipped, the failing ones fail again.
        finished.clear();
        const BatchSummary second = runBatch(file, out, observer, CancelToken(), options());
        QCOMPARE(second.skipped, 2);
        QCOMPARE(second.done, 0);
        QCOMPARE(second.failed, 3);
        QCOMPARE(m_script.runs.load(), 2);
        QCOMPARE(videos(outDir), made);
        QCOMPARE(second.lines[0].output, first.lines[0].output);

        // A deleted output is made again; the other stays skipped.
        QVERIFY(QFile::remove(outDir + "/named.mp4"));
        const BatchSummary third = runBatch(file, out, observer, CancelToken(), options());
        QCOMPARE(third.done, 1);
        QCOMPARE(third.skipped, 1);
        QVERIFY(QFile::exists(outDir + "/named (2).mp4")); // its old sidecar is kept, never overwritten
        QVERIFY(QFile::exists(outDir + "/named.mp4.json"));
    }

    void cancelStopsAndTheNextRunResumes()
    {
        const fs::path file = m_root / "cancel.jsonl";
        const fs::path out = m_root / "cancel-out";
        writeText(file, "{\"family\": \"fake\", \"image\": \"still.png\", \"seed\": 1}\n"
                        "{\"family\": \"fake\", \"image\": \"still.png\", \"seed\": 2}\n"
                        "{\"family\": \"fake\", \"image\": \"still.png\", \"seed\": 3}\n");
        CancelToken cancel;
        m_script.afterStep = [&](int step) {
            if (m_script.runs.load() == 2 && step == 3)
                cancel.cancel();
        };
        const BatchSummary first = runBatch(file, out, {}, cancel, options());
        QVERIFY(first.cancelled);
        QCOMPARE(first.done, 1);
        QCOMPARE(first.lines.size(), std::size_t(2));
        QCOMPARE(first.lines[1].status, std::string("cancelled"));
        const QString outDir = QString::fromStdString(out.string());
        QCOMPARE(videos(outDir).size(), 1); // nothing partial of line 2
        m_script.afterStep = nullptr;
        const BatchSummary second = runBatch(file, out, {}, CancelToken(), options());
        QCOMPARE(second.skipped, 1);
        QCOMPARE(second.done, 2);
        QCOMPARE(videos(outDir).size(), 3);
    }

    void missingFileAndUnwritableFolderThrow()
    {
        QVERIFY_THROWS_EXCEPTION(I2vError, runBatch(m_root / "none.jsonl", m_root / "o", {}, CancelToken(), options()));
        const fs::path file = m_root / "one.jsonl";
        writeText(file, "{\"family\": \"fake\", \"image\": \"still.png\"}\n");
        writeText(m_root / "plain", "not a folder");
        try {
            runBatch(file, m_root / "plain" / "sub", {}, CancelToken(), options());
            QFAIL("expected OutputUnwritable");
        } catch (const I2vError& e) {
            QCOMPARE(e.code(), ErrorCode::OutputUnwritable);
        }
    }
};

QTEST_GUILESS_MAIN(TestBatch)
#include "test_batch.moc"
