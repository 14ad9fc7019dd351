#include "fake_hub.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>

namespace i2v_test {

QByteArray sha256Hex(const QByteArray& bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

QByteArray gitBlobId(const QByteArray& bytes)
{
    QByteArray data = "blob " + QByteArray::number(bytes.size());
    data.append('\0');
    data.append(bytes);
    return QCryptographicHash::hash(data, QCryptographicHash::Sha1).toHex();
}

FakeHub::FakeHub() = default;

FakeHub::~FakeHub()
{
    quit();
    wait();
}

QString FakeHub::start()
{
    QThread::start();
    m_ready.acquire();
    return endpoint();
}

QString FakeHub::endpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

void FakeHub::addRepo(const QString& repoId, const FakeRepo& repo)
{
    FakeRepo hashed = repo;
    for (FakeRepoFile& f : hashed.files) {
        f.sha256 = sha256Hex(f.bytes);
        f.gitId = gitBlobId(f.bytes);
    }
    QMutexLocker lock(&m_mutex);
    m_repos[repoId] = hashed;
}

FakeRepo FakeHub::repoFromFolder(const QString& folder, const QString& commit)
{
    FakeRepo repo;
    repo.commit = commit;
    repo.revisions[QStringLiteral("main")] = commit;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        f.open(QIODevice::ReadOnly);
        FakeRepoFile file{f.readAll(), false};
        file.lfs = path.endsWith(QLatin1String(".safetensors")) || file.bytes.size() > 1024;
        repo.files[QDir(folder).relativeFilePath(path)] = file;
    }
    return repo;
}

void FakeHub::dropAfter(const QString& path, qint64 bodyBytes, int times)
{
    QMutexLocker lock(&m_mutex);
    m_faults[path].dropAfter = bodyBytes;
    m_faults[path].dropTimes = times;
}

void FakeHub::corrupt(const QString& path)
{
    QMutexLocker lock(&m_mutex);
    m_faults[path].corrupt = true;
}

void FakeHub::failWith(const QString& targetPrefix, int status, int times, const QByteArray& errorCode)
{
    QMutexLocker lock(&m_mutex);
    m_statusFaults[targetPrefix] = StatusFault{status, times, errorCode};
}

void FakeHub::clearFaults()
{
    QMutexLocker lock(&m_mutex);
    m_faults.clear();
    m_statusFaults.clear();
    m_ignoreRange = false;
}

std::vector<HubRequest> FakeHub::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_log;
}

void FakeHub::clearRequests()
{
    QMutexLocker lock(&m_mutex);
    m_log.clear();
}

std::vector<HubRequest> FakeHub::requestsFor(const QString& part) const
{
    std::vector<HubRequest> out;
    for (const HubRequest& r : requests())
        if (r.target.contains(part))
            out.push_back(r);
    return out;
}

void FakeHub::run()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    m_port = server.serverPort();
    QObject::connect(&server, &QTcpServer::newConnection, [&] {
        while (QTcpSocket* socket = server.nextPendingConnection()) {
            auto* buffer = new QByteArray;
            QObject::connect(socket, &QTcpSocket::disconnected, socket, [socket, buffer] {
                delete buffer;
                socket->deleteLater();
            });
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                buffer->append(socket->readAll());
                const int end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                const QByteArray head = buffer->left(end);
                buffer->remove(0, end + 4);
                handle(socket, head);
            });
        }
    });
    m_ready.release();
    exec();
}

void FakeHub::respond(QTcpSocket* socket, int status, const QList<QPair<QByteArray, QByteArray>>& headers,
                      const QByteArray& body, qint64 sendOnly)
{
    static const QMap<int, QByteArray> reasons = {{200, "OK"}, {206, "Partial Content"}, {302, "Found"},
                                                  {401, "Unauthorized"}, {403, "Forbidden"}, {404, "Not Found"},
                                                  {416, "Range Not Satisfiable"}, {500, "Internal Server Error"},
                                                  {502, "Bad Gateway"}, {503, "Service Unavailable"}};
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + " " + reasons.value(status, "Status") + "\r\n";
    for (const auto& [name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n";
    out += sendOnly >= 0 ? body.left(sendOnly) : body;
    socket->write(out);
    socket->disconnectFromHost(); // after the buffered bytes are written: a short body = a dropped connection
}

void FakeHub::handle(QTcpSocket* socket, const QByteArray& head)
{
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    HubRequest req;
    QString target = QString::fromUtf8(first.value(1));
    if (target.startsWith(QLatin1String("http://"))) { // proxy (absolute) form
        req.viaProxy = true;
        const QUrl url(target);
        target = url.path(QUrl::FullyEncoded) + (url.hasQuery() ? "?" + url.query(QUrl::FullyEncoded) : QString());
    }
    req.target = target;
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const int colon = line.indexOf(':');
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "range")
            req.range = value;
        else if (name == "authorization")
            req.authorization = value;
    }
    QMutexLocker lock(&m_mutex);
    m_log.push_back(req);

    for (auto it = m_statusFaults.begin(); it != m_statusFaults.end(); ++it) {
        if (target.startsWith(it.key()) && it->times > 0) {
            --it->times;
            QList<QPair<QByteArray, QByteArray>> h;
            if (!it->errorCode.isEmpty())
                h.append(qMakePair(QByteArray("X-Error-Code"), it->errorCode));
            respond(socket, it->status, h, "{\"error\": \"injected " + QByteArray::number(it->status) + "\"}");
            return;
        }
    }

    const QString path = QUrl::fromPercentEncoding(target.section('?', 0, 0).toUtf8());
    const QStringList parts = path.split('/');
    const QList<QPair<QByteArray, QByteArray>> json = {{"Content-Type", "application/json"}};

    auto gateFails = [&](const FakeRepo& repo) {
        if (!repo.gated || req.authorization == "Bearer " + repo.token)
            return false;
        const bool noToken = req.authorization.isEmpty();
        respond(socket, noToken ? 401 : 403,
                {{"X-Error-Code", "GatedRepo"},
                 {"X-Error-Message", "Access to this model is restricted. You must have access to it and be authenticated."}},
                "{\"error\": \"gated\"}");
        return true;
    };

    // /api/models/ORG/NAME/revision/REV
    if (parts.size() >= 7 && parts[1] == "api" && parts[2] == "models" && parts[5] == "revision") {
        const QString repoId = parts[3] + "/" + parts[4];
        const QString revision = QStringList(parts.mid(6)).join('/');
        if (!m_repos.contains(repoId)) {
            respond(socket, 404, {{"X-Error-Code", "RepoNotFound"}}, "{\"error\": \"Repository not found\"}");
            return;
        }
        const FakeRepo& repo = m_repos[repoId];
        if (gateFails(repo))
            return;
        const QString commit = revision == repo.commit ? repo.commit : repo.revisions.value(revision);
        if (commit.isEmpty()) {
            respond(socket, 404, {{"X-Error-Code", "RevisionNotFound"}}, "{\"error\": \"Invalid rev id\"}");
            return;
        }
        QJsonArray siblings;
        for (auto it = repo.files.begin(); it != repo.files.end(); ++it) {
            QJsonObject s{{"rfilename", it.key()},
                          {"size", static_cast<qint64>(it->bytes.size())},
                          {"blobId", QString::fromLatin1(it->gitId)}};
            if (it->lfs)
                s["lfs"] = QJsonObject{{"sha256", QString::fromLatin1(it->sha256)},
                                       {"size", static_cast<qint64>(it->bytes.size())},
                                       {"pointerSize", 134}};
            siblings.append(s);
        }
        const QJsonObject body{{"id", repoId}, {"sha", commit}, {"siblings", siblings}, {"gated", repo.gated}};
        respond(socket, 200, json, QJsonDocument(body).toJson(QJsonDocument::Compact));
        return;
    }

    // The bytes of one file, with Range and the injected faults.
    auto serveBytes = [&](const QString& filePath, const FakeRepoFile& file,
                          QList<QPair<QByteArray, QByteArray>> headers) {
        QByteArray bytes = file.bytes;
        Fault& fault = m_faults[filePath];
        if (fault.corrupt && !bytes.isEmpty())
            bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5a);
        qint64 start = 0;
        if (!req.range.isEmpty() && !m_ignoreRange && req.range.startsWith("bytes=")) {
            start = req.range.mid(6).split('-').value(0).toLongLong();
            if (start >= bytes.size()) {
                headers.append(qMakePair(QByteArray("Content-Range"), "bytes */" + QByteArray::number(bytes.size())));
                respond(socket, 416, headers, {});
                return;
            }
            headers.append(qMakePair(QByteArray("Content-Range"), "bytes " + QByteArray::number(start) + "-" +
                                                                      QByteArray::number(bytes.size() - 1) + "/" +
                                                                      QByteArray::number(bytes.size())));
        }
        headers.append(qMakePair(QByteArray("Accept-Ranges"), QByteArray("bytes")));
        qint64 sendOnly = -1;
        if (fault.dropAfter >= 0 && fault.dropTimes > 0) {
            --fault.dropTimes;
            sendOnly = fault.dropAfter;
        }
        respond(socket, start > 0 ? 206 : 200, headers, bytes.mid(start), sendOnly);
    };

    // /cdn/<sha256>
    if (parts.size() == 3 && parts[1] == "cdn") {
        for (const FakeRepo& repo : m_repos)
            for (auto it = repo.files.begin(); it != repo.files.end(); ++it)
                if (it->lfs && it->sha256 == parts[2].toLatin1()) {
                    serveBytes(it.key(), *it, {{"ETag", "\"" + it->sha256 + "\""}});
                    return;
                }
        respond(socket, 404, {}, "not found");
        return;
    }

    // /ORG/NAME/resolve/COMMIT/PATH
    if (parts.size() >= 6 && parts[3] == "resolve") {
        const QString repoId = parts[1] + "/" + parts[2];
        if (!m_repos.contains(repoId)) {
            respond(socket, 404, {{"X-Error-Code", "RepoNotFound"}}, "{\"error\": \"Repository not found\"}");
            return;
        }
        const FakeRepo& repo = m_repos[repoId];
        if (gateFails(repo))
            return;
        const QString filePath = QStringList(parts.mid(5)).join('/');
        const QString commit = parts[4] == repo.commit ? repo.commit : repo.revisions.value(parts[4]);
        if (commit.isEmpty() || !repo.files.contains(filePath)) {
            respond(socket, 404, {{"X-Error-Code", "EntryNotFound"}}, "{\"error\": \"Entry not found\"}");
            return;
        }
        const FakeRepoFile& file = repo.files[filePath];
        if (file.lfs) {
            const QByteArray sha = file.sha256;
            respond(socket, 302,
                    {{"Location", "/cdn/" + sha + "?sig=test"},
                     {"X-Repo-Commit", commit.toLatin1()},
                     {"X-Linked-Etag", "\"" + sha + "\""},
                     {"X-Linked-Size", QByteArray::number(file.bytes.size())},
                     {"ETag", "\"" + file.gitId + "\""}},
                    {});
            return;
        }
        serveBytes(filePath, file, {{"ETag", "\"" + file.gitId + "\""}, {"X-Repo-Commit", commit.toLatin1()}});
        return;
    }
    respond(socket, 404, {}, "not found");
}

} // namespace i2v_test
