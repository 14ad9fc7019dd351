// `i2v tokenize` end to end on the fixture: JSON output equals the reference tokens, text output shows
// the count, prompts past the limit are flagged, bad calls give one-line errors and usage exit codes.
#include "run_i2v.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using i2v_test::Run;
using i2v_test::runI2v;

namespace {

const QString kModel = QStringLiteral(I2V_TEST_DATA_DIR "/i2vgenxl-tiny/model");

} // namespace

class TestCliTokenize : public QObject {
    Q_OBJECT

private slots:
    void json()
    {
        const Run r = runI2v({"tokenize", "--model", kModel, "--json", "A photo of a CAT"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonArray ids = o["input_ids"].toArray();
        QCOMPARE(ids.size(), 77);
        const QList<int> head = {49406, 320, 1125, 539, 320, 2368, 49407, 49407};
        for (int i = 0; i < head.size(); ++i)
            QCOMPARE(ids[i].toInt(), head[i]);
        QCOMPARE(o["attention_mask"].toArray()[6].toInt(), 1);
        QCOMPARE(o["attention_mask"].toArray()[7].toInt(), 0);
        QCOMPARE(o["tokens"].toArray()[1].toString(), QString("photo</w>"));
        QCOMPARE(o["count"].toInt(), 7);
        QCOMPARE(o["limit"].toInt(), 77);
        QCOMPARE(o["truncated"].toBool(), false);
    }

    void text()
    {
        const Run r = runI2v({"tokenize", "--model", kModel, "a cat"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("4/77 tokens"), qPrintable(r.out));
        QVERIFY(r.out.contains("2368  cat</w>"));

        QString longPrompt;
        for (int i = 0; i < 80; ++i)
            longPrompt += "cat ";
        const Run l = runI2v({"tokenize", "--model", kModel, longPrompt});
        QCOMPARE(l.exitCode, 0);
        QVERIFY(l.out.startsWith("82/77 tokens"));
        QCOMPARE(l.out.count("ignored: past the limit"), 5);
        QVERIFY(l.out.contains("5 tokens over the limit"));

        const Run dash = runI2v({"tokenize", "--model", kModel, "--", "-dash"});
        QCOMPARE(dash.exitCode, 0);
        QVERIFY(dash.out.startsWith("4/77 tokens"));
    }

    void errors()
    {
        const Run none = runI2v({"tokenize", "--model", kModel});
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.startsWith("i2v: error: ") && none.err.contains("prompt"), qPrintable(none.err));
        const Run noModel = runI2v({"tokenize", "x"});
        QCOMPARE(noModel.exitCode, 2);
        QVERIFY(noModel.err.contains("--model"));
        const Run missing = runI2v({"tokenize", "--model", kModel + "/absent", "x"});
        QCOMPARE(missing.exitCode, 4);
        QVERIFY(missing.err.trimmed().split('\n').size() == 1);
        const Run help = runI2v({"tokenize", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--json"));
    }
};

QTEST_GUILESS_MAIN(TestCliTokenize)
#include "test_cli_tokenize.moc"
