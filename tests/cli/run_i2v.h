#pragma once
// Runs the built `i2v` binary for the command-line tests and collects its exit code and output.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace i2v_test {

inline const QString kI2vBinary = QStringLiteral(I2V_BINARY_DIR "/app/cli/i2v");

struct Run {
    int exitCode = -1; // -1 when it crashed or timed out
    QString out;
    QString err;       // "timed out" when it had to be killed
};

// The app-data folder the tests' `i2v` runs use ($XDG_DATA_HOME): a temporary one, so the history the
// command line records never goes into the real home folder.
inline QString testDataHome()
{
    static QTemporaryDir dir;
    return dir.path();
}

inline QProcessEnvironment i2vEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), testDataHome());
    return env;
}

inline Run runI2v(const QStringList& args, int timeoutMs = 120000)
{
    QProcess p;
    p.setProcessEnvironment(i2vEnvironment());
    p.start(kI2vBinary, args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace i2v_test
