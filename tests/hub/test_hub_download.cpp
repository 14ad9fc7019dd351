// The downloader against a fake Hub on loopback (fake_hub.h): the Hugging Face cache layout, resume after a
// dropped connection / a pause / a write failure, hash rejection, access errors, retries, free-space check,
// proxy from the environment, bandwidth limit; and the installed list / verify / remove.
#include "fake_hub.h"

#include "core/base/error.h"
#include "core/hub/downloader.h"
#include "core/hub/installed.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace i2v;
using namespace i2v::hub;
using namespace i2v_test;
namespace fs = std::filesystem;

namespace {

const QString kTiny = QStringLiteral(I2V_TEST_DATA_DIR "/i2vgenxl-tiny/model");
const QString kRepo = QStringLiteral("test-org/tiny-i2v");
const QString kCommit = QString(40, 'a').replace(0, 6, "c0ffee");
const QString kBigRepo = QStringLiteral("test-org/big");
const QString kBigCommit = QString(40, 'b');
const char* kUnet = "unet/diffusion_pytorch_model.safetensors";

QByteArray randomBytes(qint64 n, quint32 seed)
{
    QByteArray b(n, Qt::Uninitialized);
    QRandomGenerator gen(seed);
    gen.fillRange(reinterpret_cast<quint32*>(b.data()), n / 4);
    return b;
}

QByteArray fileBytes(const fs::path& p)
{
    QFile f(QString::fromStdString(p.string()));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::int64_t sizeOf(const fs::path& p)
{
    std::error_code ec;
    const auto s = fs::file_size(p, ec);
    return ec ? -1 : static_cast<std::int64_t>(s);
}

template <typename F>
I2vError caught(F&& f)
{
    try {
        f();
    } catch (const I2vError& e) {
        return e;
    }
    return I2vError(ErrorCode::Ok, "no error");
}

QString text(const I2vError& e)
{
    return QString::fromUtf8(e.what());
}

} // namespace

class TestHubDownload : public QObject {
    Q_OBJECT

    FakeHub m_hub;
    QString m_endpoint;
    FakeRepo m_tiny;
    FakeRepo m_big;
    std::unique_ptr<QTemporaryDir> m_cache;

    HubSettings settings() const
    {
        HubSettings s;
        s.endpoint = m_endpoint.toStdString();
        s.cacheDir = m_cache->path().toStdString();
        return s;
    }
    PullOptions options(const QString& repo = kRepo) const
    {
        PullOptions o;
        o.repoId = repo.toStdString();
        o.retryBaseDelay = std::chrono::milliseconds(5);
        o.retryMaxDelay = std::chrono::milliseconds(20);
        o.diskReserveBytes = 0;
        return o;
    }
    fs::path repoDir(const QString& repo = kRepo) const
    {
        return repoCacheDir(m_cache->path().toStdString(), repo.toStdString());
    }
    QByteArray shaOf(const char* path) const { return sha256Hex(m_tiny.files[path].bytes); }

private slots:
    void initTestCase()
    {
        m_endpoint = m_hub.start();
        m_tiny = FakeHub::repoFromFolder(kTiny, kCommit);
        QVERIFY(m_tiny.files.contains(kUnet));
        // What a real repository also holds and the app must not fetch: a pickle, the card, an fp16 variant.
        m_tiny.files["unet/diffusion_pytorch_model.bin"] = {randomBytes(4096, 1), true};
        m_tiny.files["README.md"] = {"# tiny\n", false};
        m_tiny.files["vae/diffusion_pytorch_model.fp16.safetensors"] = {randomBytes(2048, 2), true};
        m_tiny.revisions["v1"] = kCommit;
        m_hub.addRepo(kRepo, m_tiny);
        const qint64 bigBytes = qEnvironmentVariableIntValue("I2V_HUB_BENCH_MB") > 0
                                    ? qint64(qEnvironmentVariableIntValue("I2V_HUB_BENCH_MB")) << 20
                                    : qint64(64) << 20;
        m_big.commit = kBigCommit;
        m_big.revisions["main"] = kBigCommit;
        m_big.files["model_index.json"] = {"{\"_class_name\": \"X\"}", false};
        m_big.files["w.safetensors"] = {randomBytes(bigBytes, 3), true};
        m_hub.addRepo(kBigRepo, m_big);
    }
    void init()
    {
        m_cache = std::make_unique<QTemporaryDir>();
        m_hub.clearRequests();
        m_hub.clearFaults();
    }

    void pullWritesTheHuggingFaceLayout()
    {
        Downloader d(settings());
        std::vector<PullProgress> events;
        const PullResult r = d.pull(options(), [&](const PullProgress& p) { events.push_back(p); });
        QCOMPARE(QString::fromStdString(r.commit), kCommit);
        QCOMPARE(r.filesReused, 0);
        const fs::path snap = repoDir() / "snapshots" / kCommit.toStdString();
        QCOMPARE(QString::fromStdString(r.snapshot.string()), QString::fromStdString(snap.string()));
        // refs/main holds the commit, no newline (as huggingface_hub writes it).
        QCOMPARE(fileBytes(repoDir() / "refs" / "main"), kCommit.toLatin1());
        int linked = 0;
        for (auto it = m_tiny.files.begin(); it != m_tiny.files.end(); ++it) {
            const fs::path link = snap / it.key().toStdString();
            const bool wanted = !it.key().endsWith(".bin") && !it.key().endsWith(".md") &&
                                !it.key().contains(".fp16.");
            QVERIFY2(fs::is_symlink(link) == wanted, qPrintable(it.key()));
            if (!wanted)
                continue;
            ++linked;
            const QByteArray blobName = it->lfs ? sha256Hex(it->bytes) : gitBlobId(it->bytes);
            const fs::path target = fs::read_symlink(link);
            QVERIFY2(target.is_relative(), qPrintable(it.key()));
            QCOMPARE(QString::fromStdString(target.filename().string()), QString::fromLatin1(blobName));
            QVERIFY(fs::equivalent(link, repoDir() / "blobs" / blobName.toStdString()));
            QCOMPARE(fileBytes(link), it->bytes);
        }
        QCOMPARE(r.filesDownloaded, linked);
        for (const auto& e : fs::directory_iterator(repoDir() / "blobs"))
            QVERIFY2(e.path().extension() != ".incomplete", e.path().c_str());
        // LFS files went through the redirect to the CDN path; the pickle was never asked for.
        QVERIFY(!m_hub.requestsFor(QStringLiteral("/cdn/") + shaOf(kUnet)).empty());
        QVERIFY(m_hub.requestsFor(QStringLiteral(".bin")).empty());
        QVERIFY(!events.empty());
        QCOMPARE(events.back().phase, PullProgress::Phase::Done);
        QCOMPARE(events.back().totalDone, events.back().totalBytes);
        QCOMPARE(events.back().totalBytes, r.totalBytes);

        // Again: nothing is downloaded, only the listing is asked for.
        m_hub.clearRequests();
        const PullResult again = d.pull(options());
        QCOMPARE(again.filesDownloaded, 0);
        QCOMPARE(again.filesReused, linked);
        QVERIFY(m_hub.requestsFor(QStringLiteral("/resolve/")).empty());

        // A tag writes refs/<tag>; the same snapshot is reused.
        PullOptions tag = options();
        tag.revision = "v1";
        QCOMPARE(d.pull(tag).filesDownloaded, 0);
        QCOMPARE(fileBytes(repoDir() / "refs" / "v1"), kCommit.toLatin1());

        // The fp16 variant takes vae's .fp16 file and falls back to the plain files elsewhere.
        PullOptions fp16 = options();
        fp16.variant = "fp16";
        const PullResult v = d.pull(fp16);
        QCOMPARE(v.filesDownloaded, 1);
        QVERIFY(fs::is_symlink(snap / "vae/diffusion_pytorch_model.fp16.safetensors"));
    }

    void resumesAfterADroppedConnection()
    {
        m_hub.dropAfter(kUnet, 100000);
        Downloader d(settings());
        const PullResult r = d.pull(options());
        QCOMPARE(r.retries, 1);
        const auto gets = m_hub.requestsFor(QStringLiteral("/cdn/") + shaOf(kUnet));
        QCOMPARE(gets.size(), std::size_t(2));
        QVERIFY(gets[0].range.isEmpty());
        QCOMPARE(gets[1].range, QByteArray("bytes=100000-")); // continues from the byte where it stopped
        const fs::path unet = r.snapshot / kUnet;
        QCOMPARE(fileBytes(unet), m_tiny.files[kUnet].bytes);
        qInfo("resume: %lld-byte file dropped at 100000 bytes, resumed with Range %s, %d retry, hash verified",
              static_cast<long long>(m_tiny.files[kUnet].bytes.size()), gets[1].range.constData(), r.retries);
    }

    void serverIgnoringRangeStartsTheFileAgain()
    {
        m_hub.dropAfter(kUnet, 50000);
        m_hub.ignoreRange(true);
        Downloader d(settings());
        const PullResult r = d.pull(options());
        m_hub.ignoreRange(false);
        QCOMPARE(fileBytes(r.snapshot / kUnet), m_tiny.files[kUnet].bytes);
    }

    void wrongHashIsRejectedAndNothingIsVisible()
    {
        m_hub.corrupt("vae/diffusion_pytorch_model.safetensors");
        Downloader d(settings());
        const I2vError e = caught([&] { d.pull(options()); });
        QCOMPARE(e.code(), ErrorCode::WeightsCorrupt);
        QVERIFY2(text(e).contains("vae/diffusion_pytorch_model.safetensors") && text(e).contains("SHA-256"),
                 e.what());
        const QByteArray sha = sha256Hex(m_tiny.files["vae/diffusion_pytorch_model.safetensors"].bytes);
        QVERIFY(!fs::exists(repoDir() / "blobs" / sha.toStdString()));
        QVERIFY(!fs::exists(repoDir() / "blobs" / (sha.toStdString() + ".incomplete")));
        const fs::path snap = repoDir() / "snapshots" / kCommit.toStdString();
        QVERIFY(!fs::exists(fs::symlink_status(snap / "vae/diffusion_pytorch_model.safetensors")));
        QVERIFY(!fs::exists(repoDir() / "refs" / "main")); // the revision is not announced as downloaded
    }

    void accessErrorsSayWhatToDo()
    {
        FakeRepo gated = m_tiny;
        gated.gated = true;
        gated.token = "hf_secret";
        m_hub.addRepo("test-org/gated", gated);
        PullOptions o = options("test-org/gated");
        HubSettings anon = settings();
        I2vError e = caught([&] { Downloader(anon).pull(o); });
        QCOMPARE(e.code(), ErrorCode::AccessDenied);
        QVERIFY2(text(e).contains("HTTP 401") && text(e).contains("gated") && text(e).contains("HF_TOKEN"), e.what());
        HubSettings wrong = settings();
        wrong.token = "hf_wrong";
        e = caught([&] { Downloader(wrong).pull(o); });
        QCOMPARE(e.code(), ErrorCode::AccessDenied);
        QVERIFY2(text(e).contains("HTTP 403") && text(e).contains("refused"), e.what());
        HubSettings right = settings();
        right.token = "hf_secret";
        m_hub.clearRequests();
        Downloader(right).pull(o);
        for (const HubRequest& r : m_hub.requestsFor(QStringLiteral("/test-org/gated/resolve/")))
            QCOMPARE(r.authorization, QByteArray("Bearer hf_secret"));
        for (const HubRequest& r : m_hub.requestsFor(QStringLiteral("/cdn/"))) // not sent to the CDN host's URL
            QVERIFY(r.authorization.isEmpty() || r.authorization == "Bearer hf_secret");

        e = caught([&] { Downloader(settings()).pull(options("test-org/missing")); });
        QCOMPARE(e.code(), ErrorCode::ModelNotFound);
        QVERIFY2(text(e).contains("repository not found"), e.what());
        PullOptions badRev = options();
        badRev.revision = "nope";
        e = caught([&] { Downloader(settings()).pull(badRev); });
        QCOMPARE(e.code(), ErrorCode::ModelNotFound);
        QVERIFY2(text(e).contains("revision not found"), e.what());
        m_hub.failWith(QStringLiteral("/test-org/tiny-i2v/resolve/"), 404, 1, "EntryNotFound");
        e = caught([&] { Downloader(settings()).pull(options()); });
        QCOMPARE(e.code(), ErrorCode::ModelNotFound);
        QVERIFY2(text(e).contains("file not found"), e.what());
    }

    void serverErrorsAreRetriedWithBackOff()
    {
        m_hub.failWith(QStringLiteral("/api/models/test-org/tiny-i2v/"), 503, 2);
        m_hub.failWith(QStringLiteral("/cdn/"), 500, 2);
        Downloader d(settings());
        const PullResult r = d.pull(options());
        QCOMPARE(r.retries, 2);
        QCOMPARE(fileBytes(r.snapshot / kUnet), m_tiny.files[kUnet].bytes);
        QCOMPARE(m_hub.requestsFor(QStringLiteral("/api/models/test-org/tiny-i2v/")).size(), std::size_t(3));

        // A server that keeps failing: a clear error after the retries, the bytes so far kept.
        m_cache = std::make_unique<QTemporaryDir>();
        m_hub.failWith(QStringLiteral("/cdn/"), 502, 100);
        PullOptions o = options();
        o.maxRetries = 2;
        const I2vError e = caught([&] { Downloader(settings()).pull(o); });
        m_hub.failWith(QStringLiteral("/cdn/"), 502, 0);
        QCOMPARE(e.code(), ErrorCode::NetworkFailed);
        QVERIFY2(text(e).contains("HTTP 502") && text(e).contains("giving up after 2 retries"), e.what());

        // Nobody listening: a connection error names the endpoint.
        HubSettings nowhere = settings();
        nowhere.endpoint = "http://127.0.0.1:9"; // discard port: refused
        o.maxRetries = 1;
        const I2vError refused = caught([&] { Downloader(nowhere).pull(o); });
        QCOMPARE(refused.code(), ErrorCode::NetworkFailed);
        QVERIFY2(text(refused).contains("127.0.0.1:9"), refused.what());
    }

    void diskFullBeforeStartingAndWhileWriting()
    {
        PullOptions o = options();
        o.freeSpace = [](const fs::path&) -> std::int64_t { return 1000; };
        I2vError e = caught([&] { Downloader(settings()).pull(o); });
        QCOMPARE(e.code(), ErrorCode::DiskFull);
        QVERIFY2(text(e).contains("needs") && text(e).contains("free"), e.what());
        QVERIFY(m_hub.requestsFor(QStringLiteral("/resolve/")).empty()); // nothing was started

        // The disk fills up after 50000 bytes of the UNet: a clean error, the prefix kept, nothing final.
        const QByteArray unetSha = shaOf(kUnet);
        PullOptions full = options();
        full.allowPatterns = {kUnet, "model_index.json"};
        std::int64_t budget = 50000;
        full.writeFn = [&](int fd, const void* data, std::size_t size) -> ssize_t {
            if (budget <= 0) {
                errno = ENOSPC;
                return -1;
            }
            const auto n = static_cast<std::size_t>(std::min<std::int64_t>(budget, size));
            budget -= static_cast<std::int64_t>(n);
            return ::write(fd, data, n);
        };
        e = caught([&] { Downloader(settings()).pull(full); });
        QCOMPARE(e.code(), ErrorCode::DiskFull);
        QVERIFY2(text(e).contains("disk is full") && text(e).contains("resume"), e.what());
        const fs::path partial = repoDir() / "blobs" / (unetSha.toStdString() + ".incomplete");
        // model_index.json (small) came first; the rest of the budget went to the UNet.
        const std::int64_t kept = sizeOf(partial);
        QVERIFY(kept > 0 && kept < 50000);
        QCOMPARE(fileBytes(partial), m_tiny.files[kUnet].bytes.left(kept)); // an exact prefix
        QVERIFY(!fs::exists(repoDir() / "blobs" / unetSha.toStdString()));

        m_hub.clearRequests();
        full.writeFn = {};
        const PullResult r = Downloader(settings()).pull(full);
        const auto gets = m_hub.requestsFor(QStringLiteral("/cdn/") + unetSha);
        QCOMPARE(gets.size(), std::size_t(1));
        QCOMPARE(gets[0].range, "bytes=" + QByteArray::number(static_cast<qlonglong>(kept)) + "-");
        QCOMPARE(fileBytes(r.snapshot / kUnet), m_tiny.files[kUnet].bytes);
    }

    void pauseKeepsThePartialFileAndRestartResumes()
    {
        const QByteArray sha = sha256Hex(m_big.files["w.safetensors"].bytes);
        PullOptions o = options(kBigRepo);
        o.maxBytesPerSecond = 8 << 20; // slow enough to stop in the middle
        CancelToken pause;
        const I2vError e = caught([&] {
            Downloader(settings()).pull(o, [&](const PullProgress& p) {
                if (p.file == "w.safetensors" && p.fileDone > (1 << 20))
                    pause.cancel();
            }, pause);
        });
        QCOMPARE(e.code(), ErrorCode::Cancelled);
        QVERIFY2(text(e).contains("paused"), e.what());
        const fs::path partial = repoCacheDir(m_cache->path().toStdString(), kBigRepo.toStdString()) / "blobs" /
                                 (sha.toStdString() + ".incomplete");
        const std::int64_t kept = sizeOf(partial);
        QVERIFY2(kept > (1 << 20), qPrintable(QString::number(kept)));
        QVERIFY(!fs::exists(partial.parent_path() / sha.toStdString()));
        // No snapshot yet (the finder must not see half a model); the list shows a partial download.
        QVERIFY(!fs::exists(partial.parent_path().parent_path() / "snapshots"));
        const auto listed = listInstalled(m_cache->path().toStdString(), VerifiedBlobs(m_cache->path().toStdString() + "/v.json"));
        QCOMPARE(listed.size(), std::size_t(1));
        QCOMPARE(listed[0].state, InstallState::Incomplete);
        QVERIFY(listed[0].commit.empty() && listed[0].partialBytes == kept);

        // Restart (a new Downloader, as after closing the app): continues from the kept bytes.
        m_hub.clearRequests();
        const PullResult r = Downloader(settings()).pull(options(kBigRepo));
        const auto gets = m_hub.requestsFor(QStringLiteral("/cdn/") + sha);
        QCOMPARE(gets.size(), std::size_t(1));
        QCOMPARE(gets[0].range, "bytes=" + QByteArray::number(static_cast<qlonglong>(kept)) + "-");
        QCOMPARE(r.bytesDownloaded, static_cast<std::int64_t>(m_big.files["w.safetensors"].bytes.size()) - kept);
        QVERIFY(fs::exists(partial.parent_path() / sha.toStdString()));
        qInfo("pause/restart: paused at %lld bytes, restart asked Range %s, fetched the remaining %lld bytes",
              static_cast<long long>(kept), gets[0].range.constData(), static_cast<long long>(r.bytesDownloaded));

        // Cancel (not pause) removes the partial file.
        m_cache = std::make_unique<QTemporaryDir>();
        CancelToken cancel;
        o.keepPartialOnCancel = false;
        QCOMPARE(caught([&] {
                     Downloader(settings()).pull(o, [&](const PullProgress& p) {
                         if (p.file == "w.safetensors" && p.fileDone > 0)
                             cancel.cancel();
                     }, cancel);
                 }).code(),
                 ErrorCode::Cancelled);
        const fs::path blobs = repoCacheDir(m_cache->path().toStdString(), kBigRepo.toStdString()) / "blobs";
        QVERIFY(!fs::exists(blobs / (sha.toStdString() + ".incomplete")));
        QVERIFY(!fs::exists(blobs / sha.toStdString()));
    }

    void proxyComesFromTheEnvironment()
    {
        // libcurl reads http_proxy/https_proxy itself; the fake Hub doubles as the proxy here. The endpoint's
        // host does not exist, so the pull works only through the proxy.
        const QByteArray oldNoProxy = qgetenv("no_proxy"), oldNoProxyUpper = qgetenv("NO_PROXY");
        qputenv("http_proxy", m_endpoint.toLatin1());
        qunsetenv("no_proxy");
        qunsetenv("NO_PROXY");
        HubSettings s = settings();
        s.endpoint = "http://hub.invalid";
        const PullResult r = Downloader(s).pull(options());
        qunsetenv("http_proxy");
        if (!oldNoProxy.isNull())
            qputenv("no_proxy", oldNoProxy);
        if (!oldNoProxyUpper.isNull())
            qputenv("NO_PROXY", oldNoProxyUpper);
        QCOMPARE(fileBytes(r.snapshot / kUnet), m_tiny.files[kUnet].bytes);
        const auto all = m_hub.requests();
        QVERIFY(!all.empty());
        for (const HubRequest& q : all)
            QVERIFY2(q.viaProxy, qPrintable(q.target));
    }

    void bandwidthLimitIsHonoured()
    {
        PullOptions o = options(kBigRepo);
        o.maxBytesPerSecond = 4 << 20; // 4 MiB/s
        CancelToken stop;
        QElapsedTimer t;
        t.start();
        std::int64_t doneAtStop = 0;
        caught([&] {
            Downloader(settings()).pull(o, [&](const PullProgress& p) {
                if (p.file == "w.safetensors" && p.fileDone >= (2 << 20) && doneAtStop == 0) {
                    doneAtStop = p.fileDone;
                    stop.cancel();
                }
            }, stop);
        });
        const double seconds = t.elapsed() / 1000.0;
        const double rate = doneAtStop / seconds;
        qInfo("bandwidth limit 4 MiB/s: %.2f MiB/s measured over %.2f s", rate / (1 << 20), seconds);
        QVERIFY(doneAtStop >= (2 << 20));
        QVERIFY2(rate < 1.5 * (4 << 20), qPrintable(QString::number(rate)));
    }

    void throughputOverLoopback()
    {
        const qint64 bytes = m_big.files["w.safetensors"].bytes.size();
        std::vector<double> rates;
        const PullResult r = Downloader(settings()).pull(options(kBigRepo), [&](const PullProgress& p) {
            if (p.bytesPerSecond > 0)
                rates.push_back(p.bytesPerSecond);
        });
        QCOMPARE(r.bytesDownloaded, static_cast<std::int64_t>(bytes + m_big.files["model_index.json"].bytes.size()));
        qInfo("loopback: %lld bytes downloaded, SHA-256 verified and linked in %.3f s = %.0f MB/s",
              static_cast<long long>(r.bytesDownloaded), r.seconds, r.bytesDownloaded / r.seconds / 1e6);
        QVERIFY(!rates.empty()); // the progress events carry a rate
    }

    void installedListVerifyRemove()
    {
        const PullResult r = Downloader(settings()).pull(options());
        const fs::path recordFile = fs::path(m_cache->path().toStdString()) / "verified.json";
        VerifiedBlobs record(recordFile);
        std::vector<InstalledModel> list = listInstalled(m_cache->path().toStdString(), record);
        QCOMPARE(list.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(list[0].repoId), kRepo);
        QCOMPARE(list[0].state, InstallState::Complete);
        QVERIFY(!list[0].verified); // nothing recorded yet
        QCOMPARE(list[0].refs, std::vector<std::string>{"main"});
        QCOMPARE(list[0].bytes, r.totalBytes);
        for (const fs::path& b : r.verifiedBlobs)
            record.markVerified(b);
        record.save();
        QVERIFY(listInstalled(m_cache->path().toStdString(), VerifiedBlobs(recordFile))[0].verified);

        // Damage one blob on disk: verify names it, list no longer says verified.
        const fs::path unetBlob = fs::canonical(r.snapshot / kUnet);
        {
            std::fstream f(unetBlob, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(1000);
            f.put('\x42');
        }
        VerifiedBlobs reread(recordFile);
        const auto reports = verifyInstalled(m_cache->path().toStdString(), kRepo.toStdString(), reread);
        QCOMPARE(reports.size(), std::size_t(1));
        QCOMPARE(reports[0].problems.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(reports[0].problems[0].path), QString::fromLatin1(kUnet));
        QVERIFY(reports[0].filesChecked > 5);
        QVERIFY(!listInstalled(m_cache->path().toStdString(), VerifiedBlobs(recordFile))[0].verified);

        // A missing blob makes the snapshot incomplete.
        fs::remove(unetBlob);
        list = listInstalled(m_cache->path().toStdString(), VerifiedBlobs(recordFile));
        QCOMPARE(list[0].state, InstallState::Incomplete);
        QCOMPARE(list[0].missingFiles, 1);

        QVERIFY(removeInstalled(m_cache->path().toStdString(), kRepo.toStdString()) > 0);
        QVERIFY(!fs::exists(repoDir()));
        QCOMPARE(caught([&] { removeInstalled(m_cache->path().toStdString(), kRepo.toStdString()); }).code(),
                 ErrorCode::ModelNotFound);
    }
};

QTEST_GUILESS_MAIN(TestHubDownload)
#include "test_hub_download.moc"
