// `i2v models pull|list|verify|remove` as a user runs them (subprocess), against the fake Hub on loopback:
// the snapshot is found by the app's model finder afterwards, a kill -9 in the middle resumes from the
// bytes on disk, Ctrl-C pauses, errors end with the documented exit codes.
#include "fake_hub.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace i2v_test;

namespace {

const QString kI2v = QStringLiteral(I2V_BINARY_DIR "/app/cli/i2v");
const QString kRepo = QStringLiteral("test-org/tiny-i2v");
const QString kBig = QStringLiteral("test-org/big");

struct Run {
    int exitCode = -1;
    QString out, err;
};

} // namespace

class TestCliModelsPull : public QObject {
    Q_OBJECT

    FakeHub m_hub;
    QString m_endpoint;
    QByteArray m_bigBytes;
    std::unique_ptr<QTemporaryDir> m_home;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert("HF_HUB_CACHE", m_home->path() + "/hub");
        e.insert("XDG_DATA_HOME", m_home->path() + "/data");
        e.insert("HF_ENDPOINT", m_endpoint);
        e.insert("HF_HOME", m_home->path() + "/hf"); // no token file from the real home
        for (const char* v : {"HF_TOKEN", "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"})
            e.remove(v);
        return e;
    }
    Run run(const QStringList& args, const QProcessEnvironment& environment, int timeoutMs = 60000) const
    {
        QProcess p;
        p.setProcessEnvironment(environment);
        p.start(kI2v, args);
        Run r;
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            r.err = "timed out";
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }
    Run run(const QStringList& args) const { return run(args, env()); }
    QString blobs(const QString& repo) const
    {
        return m_home->path() + "/hub/models--" + QString(repo).replace("/", "--") + "/blobs";
    }
    // Starts a slow pull of the big repository and returns once its partial file holds > 1 MB.
    qint64 startSlowPullAndWait(QProcess& p) const
    {
        p.setProcessEnvironment(env());
        p.start(kI2v, {"models", "pull", kBig, "--max-rate", "4M"});
        const QString partial = blobs(kBig) + "/" + sha256Hex(m_bigBytes) + ".incomplete";
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 20000 && QFileInfo(partial).size() < (1 << 20))
            QTest::qWait(20);
        return QFileInfo(partial).size();
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(kI2v), "build the i2v target first");
        m_endpoint = m_hub.start();
        FakeRepo tiny = FakeHub::repoFromFolder(I2V_TEST_DATA_DIR "/i2vgenxl-tiny/model", QString(40, 'c'));
        tiny.files["unet/diffusion_pytorch_model.bin"] = {QByteArray(4096, 'p'), true};
        m_hub.addRepo(kRepo, tiny);
        FakeRepo gated = tiny;
        gated.gated = true;
        gated.token = "hf_ok";
        m_hub.addRepo("test-org/gated", gated);
        m_bigBytes = QByteArray(32 << 20, Qt::Uninitialized);
        QRandomGenerator(7).fillRange(reinterpret_cast<quint32*>(m_bigBytes.data()), m_bigBytes.size() / 4);
        FakeRepo big;
        big.commit = QString(40, 'd');
        big.revisions["main"] = big.commit;
        big.files["model_index.json"] = {"{}", false};
        big.files["w.safetensors"] = {m_bigBytes, true};
        m_hub.addRepo(kBig, big);
    }
    void init()
    {
        m_home = std::make_unique<QTemporaryDir>();
        m_hub.clearRequests();
        m_hub.clearFaults();
    }

    void pullThenTheFinderSeesIt()
    {
        const Run r = run({"models", "pull", kRepo});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString snapshot = r.out.trimmed();
        QCOMPARE(snapshot, m_home->path() + "/hub/models--test-org--tiny-i2v/snapshots/" + QString(40, 'c'));
        QVERIFY(QFileInfo::exists(snapshot + "/model_index.json"));
        QVERIFY(QFileInfo(snapshot + "/unet/diffusion_pytorch_model.safetensors").isSymLink());
        QVERIFY(!QFileInfo::exists(snapshot + "/unet/diffusion_pytorch_model.bin"));
        QVERIFY2(r.err.contains("done:") && r.err.contains("%"), qPrintable(r.err)); // plain lines (no TTY)
        QVERIFY2(!r.err.contains("\r"), qPrintable(r.err));

        // The app's own finder (`i2v models`: the engine families' discovery in the HF cache) lists it.
        const Run found = run({"models", "--json"});
        QCOMPARE(found.exitCode, 0);
        QVERIFY2(found.out.contains(snapshot), qPrintable(found.out));

        // list: installed and verified; the catalogue is shown too.
        const Run list = run({"models", "list", "--json"});
        QCOMPARE(list.exitCode, 0);
        const QJsonObject j = QJsonDocument::fromJson(list.out.toUtf8()).object();
        const QJsonArray installed = j["installed"].toArray();
        QCOMPARE(installed.size(), 1);
        QCOMPARE(installed[0].toObject()["repo"].toString(), kRepo);
        QCOMPARE(installed[0].toObject()["state"].toString(), QStringLiteral("verified"));
        QVERIFY(j["catalogue"].toArray().size() >= 4);
        const Run text = run({"models", "list"});
        QVERIFY2(text.out.contains(kRepo) && text.out.contains("verified") && text.out.contains("ali-vilab/i2vgen-xl"),
                 qPrintable(text.out));

        // verify: fine; then a damaged blob is named and the exit code is 4.
        QCOMPARE(run({"models", "verify", kRepo}).exitCode, 0);
        QFile blob(QFileInfo(snapshot + "/unet/diffusion_pytorch_model.safetensors").canonicalFilePath());
        QVERIFY(blob.open(QIODevice::ReadWrite));
        blob.seek(500);
        blob.write("XYZ");
        blob.close();
        const Run bad = run({"models", "verify", kRepo});
        QCOMPARE(bad.exitCode, 4);
        QVERIFY2(bad.out.contains("unet/diffusion_pytorch_model.safetensors: SHA-256 mismatch"), qPrintable(bad.out));

        const Run removed = run({"models", "remove", kRepo});
        QCOMPARE(removed.exitCode, 0);
        QVERIFY(!QFileInfo::exists(snapshot));
        QCOMPARE(run({"models", "remove", kRepo}).exitCode, 4);
    }

    void killNineThenResume()
    {
        QProcess p;
        const qint64 before = startSlowPullAndWait(p);
        QVERIFY2(before >= (1 << 20), qPrintable(QString::number(before)));
        ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
        p.waitForFinished();
        const QString partial = blobs(kBig) + "/" + sha256Hex(m_bigBytes) + ".incomplete";
        const qint64 kept = QFileInfo(partial).size();
        QVERIFY(kept >= before && kept < m_bigBytes.size());
        QVERIFY(!QFileInfo::exists(blobs(kBig) + "/" + sha256Hex(m_bigBytes)));

        m_hub.clearRequests();
        const Run r = run({"models", "pull", kBig});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto gets = m_hub.requestsFor("/cdn/" + sha256Hex(m_bigBytes));
        QCOMPARE(gets.size(), std::size_t(1));
        QCOMPARE(gets[0].range, "bytes=" + QByteArray::number(kept) + "-");
        QVERIFY(QFileInfo::exists(blobs(kBig) + "/" + sha256Hex(m_bigBytes)));
        qInfo("kill -9 after %lld bytes; the next pull asked Range %s and finished", kept, gets[0].range.constData());
    }

    void ctrlCPauses()
    {
        QProcess p;
        QVERIFY(startSlowPullAndWait(p) >= (1 << 20));
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 6);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("resume"));
        QVERIFY(QFileInfo(blobs(kBig) + "/" + sha256Hex(m_bigBytes) + ".incomplete").size() >= (1 << 20));
    }

    void errorsHaveTheirExitCodes()
    {
        Run r = run({"models", "pull", "test-org/gated"});
        QCOMPARE(r.exitCode, 9);
        QVERIFY2(r.err.contains("HF_TOKEN") && r.err.contains("gated"), qPrintable(r.err));
        QProcessEnvironment withToken = env();
        withToken.insert("HF_TOKEN", "hf_ok");
        r = run({"models", "pull", "test-org/gated"}, withToken);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));

        r = run({"models", "pull", "test-org/nothing"});
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains("repository not found"), qPrintable(r.err));
        QCOMPARE(run({"models", "pull", "not a repo"}).exitCode, 2);
        QCOMPARE(run({"models", "pull", "ali-vilab/i2vgen-xl", "--variant", "bf16"}).exitCode, 2);
        QCOMPARE(run({"models", "pull", kRepo, "--max-rate", "fast"}).exitCode, 2);
        QCOMPARE(run({"models", "frobnicate"}).exitCode, 2);
        QCOMPARE(run({"models", "pull", kRepo, "--retries", "-3"}).exitCode, 2);

        m_hub.corrupt("vae/diffusion_pytorch_model.safetensors");
        r = run({"models", "pull", kRepo});
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains("SHA-256 mismatch"), qPrintable(r.err));

        // --endpoint wins over HF_ENDPOINT; nobody listening there: exit 9 naming the address.
        r = run({"models", "pull", kRepo, "--endpoint", "http://127.0.0.1:9", "--retries", "1"});
        QCOMPARE(r.exitCode, 9);
        QVERIFY2(r.err.contains("127.0.0.1:9"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliModelsPull)
#include "test_cli_models_pull.moc"
