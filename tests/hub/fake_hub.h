#pragma once
// A small Hugging Face Hub imitation on 127.0.0.1 for the downloader tests, run on its own thread (the
// downloader blocks the test thread). It answers like huggingface.co does for what the downloader uses:
//   GET /api/models/ORG/NAME/revision/REV?blobs=true  -> {"id", "sha", "siblings": [{rfilename, size, blobId,
//                                                         lfs: {sha256, size, pointerSize}}]}, X-Error-Code on 404
//   GET /ORG/NAME/resolve/COMMIT/PATH                  -> small files: 200 with ETag (git blob id) and
//                                                         X-Repo-Commit; LFS files: 302 to /cdn/<sha256>?sig=...
//                                                         with X-Repo-Commit, X-Linked-Etag, X-Linked-Size
//   GET /cdn/<sha256>                                  -> the bytes, with Range (206 + Content-Range) and ETag
// A request in absolute form ("GET http://host/path") is served as a proxy would and marked `viaProxy`.
// Faults are injected per file path: drop the connection after N body bytes, serve wrong bytes, answer a
// status a number of times, ignore Range. Every request is logged for the tests' checks.

#include <QByteArray>
#include <QMap>
#include <QMutex>
#include <QString>
#include <QSemaphore>
#include <QThread>

#include <atomic>
#include <functional>
#include <vector>

class QTcpSocket;

namespace i2v_test {

struct HubRequest {
    QString target;        // path and query as requested (proxy form reduced to the path)
    QByteArray range;      // the Range header, "" when none
    QByteArray authorization;
    bool viaProxy = false;
};

struct FakeRepoFile {
    QByteArray bytes;
    bool lfs = false;
    QByteArray sha256; // filled by addRepo
    QByteArray gitId;  // filled by addRepo
};

struct FakeRepo {
    QString commit;                         // 40 hex
    QMap<QString, QString> revisions;       // "main" -> commit
    QMap<QString, FakeRepoFile> files;      // path -> content
    bool gated = false;                     // every request without the right token gets 401/403
    QByteArray token;                       // the token that opens a gated repo
};

class FakeHub : public QThread {
public:
    FakeHub();
    ~FakeHub() override;

    // Starts listening; returns the endpoint ("http://127.0.0.1:PORT").
    QString start();
    QString endpoint() const;
    quint16 port() const { return m_port; }

    void addRepo(const QString& repoId, const FakeRepo& repo);
    // Serves `folder`'s files as a repository (safetensors and files over 1 KiB as LFS).
    static FakeRepo repoFromFolder(const QString& folder, const QString& commit);

    // Faults, per repository path of a file (e.g. "unet/diffusion_pytorch_model.safetensors"):
    void dropAfter(const QString& path, qint64 bodyBytes, int times = 1); // close mid-body
    void corrupt(const QString& path);                                    // flip a byte of what is served
    void failWith(const QString& targetPrefix, int status, int times, const QByteArray& errorCode = {});
    void ignoreRange(bool on) { m_ignoreRange = on; }
    void clearFaults();

    std::vector<HubRequest> requests() const;
    void clearRequests();
    // Requests whose target contains `part`.
    std::vector<HubRequest> requestsFor(const QString& part) const;

protected:
    void run() override;

private:
    struct Fault {
        qint64 dropAfter = -1;
        int dropTimes = 0;
        bool corrupt = false;
    };
    struct StatusFault {
        int status = 0;
        int times = 0;
        QByteArray errorCode;
    };
    void handle(QTcpSocket* socket, const QByteArray& head);
    void respond(QTcpSocket* socket, int status, const QList<QPair<QByteArray, QByteArray>>& headers,
                 const QByteArray& body, qint64 sendOnly = -1);

    mutable QMutex m_mutex;
    QMap<QString, FakeRepo> m_repos;
    QMap<QString, Fault> m_faults;
    QMap<QString, StatusFault> m_statusFaults;
    std::vector<HubRequest> m_log;
    std::atomic<bool> m_ignoreRange{false};
    quint16 m_port = 0;
    QSemaphore m_ready;
};

QByteArray sha256Hex(const QByteArray& bytes);
QByteArray gitBlobId(const QByteArray& bytes);

} // namespace i2v_test
