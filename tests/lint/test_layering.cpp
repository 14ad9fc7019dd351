// Enforces the layering of ARCHITECTURE.md: core/ includes no Qt, ui/ and app/gui include no torch and
// nothing of core/engine but core/engine/api, app/cli and app/gui do not reach into engine internals.
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

class TestLayering : public QObject {
    Q_OBJECT

    static QStringList sourceFiles(const QString& sub)
    {
        QStringList files;
        QDirIterator it(QStringLiteral(I2V_SOURCE_DIR "/") + sub, {"*.h", "*.hpp", "*.cpp", "*.cc"}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        return files;
    }

    // Returns "file:line: include" for every include in `sub` matching `bad` but not `allowed`.
    static QStringList violations(const QString& sub, const QRegularExpression& bad,
                                  const QRegularExpression& allowed = QRegularExpression())
    {
        static const QRegularExpression include(QString::fromLatin1("^\\s*#\\s*include\\s*[<\"]([^>\"]+)[>\"]"));
        QStringList out;
        for (const QString& path : sourceFiles(sub)) {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            int lineNo = 0;
            while (!f.atEnd()) {
                const QString line = QString::fromUtf8(f.readLine());
                ++lineNo;
                const auto m = include.match(line);
                if (!m.hasMatch())
                    continue;
                const QString header = m.captured(1);
                if (bad.match(header).hasMatch() && !(allowed.isValid() && !allowed.pattern().isEmpty() &&
                                                      allowed.match(header).hasMatch()))
                    out << QStringLiteral("%1:%2: %3").arg(path).arg(lineNo).arg(header);
            }
        }
        return out;
    }

private slots:
    void coreHasNoQt()
    {
        const QStringList v = violations("core", QRegularExpression("^Q[A-Za-z]|^Qt[A-Za-z]*/|^qcustomplot"));
        QVERIFY2(v.isEmpty(), qPrintable(v.join('\n')));
        QVERIFY(!sourceFiles("core").isEmpty());
    }
    void uiHasNoTorch()
    {
        const QRegularExpression torch("^(torch|ATen|c10)/");
        for (const char* dir : {"ui", "app/gui"}) {
            const QStringList v = violations(dir, torch);
            QVERIFY2(v.isEmpty(), qPrintable(v.join('\n')));
        }
    }
    void uiUsesOnlyEngineApi()
    {
        const QRegularExpression engine("^core/engine/");
        const QRegularExpression api("^core/engine/api/");
        for (const char* dir : {"ui", "app/gui", "app/cli"}) {
            const QStringList v = violations(dir, engine, api);
            QVERIFY2(v.isEmpty(), qPrintable(v.join('\n')));
        }
    }
    void engineApiIsTorchFree()
    {
        const QStringList v = violations("core/engine/api", QRegularExpression("^(torch|ATen|c10)/"));
        // registry.cpp sets torch's thread count; only headers must stay torch-free.
        QStringList headers;
        for (const QString& s : v)
            if (s.contains(QStringLiteral(".h:")))
                headers << s;
        QVERIFY2(headers.isEmpty(), qPrintable(headers.join('\n')));
    }
    void checkerCatchesViolations()
    {
        // The checker itself must be able to fail: scan a folder we know includes Qt.
        const QStringList v = violations("tests/lint", QRegularExpression("^Q[A-Za-z]"));
        QVERIFY(!v.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLayering)
#include "test_layering.moc"
