// Enforces the layering of ARCHITECTURE.md: core/ includes no Qt, ui/ and app/gui include no torch and
// nothing of core/engine but core/engine/api, app/cli and app/gui do not reach into engine internals, and
// the arrows of the layer map: core/request and core/media sit below the engine (request ↛ anything but
// base; media ↛ engine/service/presets), the engine ↛ media/service/presets (a family describes its model
// for the memory model with core/base/model_shape.h), its public API ↛ the model folders, ui ↛ media and
// presets (only through the service: core/service/prompt_templates.h, core/service/fit_estimate.h), ui
// models ↛ panels, core ↛ ui/app; core/hub sits on core/base only; and the ui library does not link presets or
// media itself.
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
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
    void requestIsTheBottomDataLayer()
    {
        // core/request: the request types and the field table, on core/base only.
        const QStringList v = violations("core/request", QRegularExpression("^core/"),
                                         QRegularExpression("^core/(base|request)/"));
        QVERIFY2(v.isEmpty(), qPrintable(v.join('\n')));
        QVERIFY(!sourceFiles("core/request").isEmpty());
    }
    void mediaDoesNotUseTheEngine()
    {
        const QStringList v = violations("core/media", QRegularExpression("^core/"),
                                         QRegularExpression("^core/(base|request|media)/"));
        QVERIFY2(v.isEmpty(), qPrintable(v.join('\n')));
    }
    void engineDoesNotUseMediaServiceOrPresets()
    {
        const QStringList v =
            violations("core/engine", QRegularExpression("^core/(media|service|hub|gpu|presets)/"));
        QVERIFY2(v.isEmpty(), qPrintable(v.join('\n')));
    }
    void engineDoesNotLinkPresets()
    {
        // The build follows the includes: i2v_engine links neither presets nor what sits above it.
        static const QRegularExpression link(QStringLiteral("target_link_libraries\\(\\s*i2v_engine\\b[^)]*\\)"));
        int calls = 0;
        QDirIterator it(QStringLiteral(I2V_SOURCE_DIR "/core/engine"), {"CMakeLists.txt"}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            for (auto m = link.globalMatch(QString::fromUtf8(f.readAll())); m.hasNext(); ++calls) {
                const QString call = m.next().captured(0);
                for (const char* lib : {"i2v_presets", "i2v_media", "i2v_service", "i2v_gpu", "i2v_hub"})
                    QVERIFY2(!call.contains(QLatin1String(lib)), qPrintable(f.fileName() + ": " + call));
            }
        }
        QVERIFY(calls > 0); // the scan sees the engine's own link lines
    }
    void engineApiDoesNotNameModels()
    {
        // The public API never names a model folder (the registration list is core/engine/models/families.cpp).
        const QStringList v = violations("core/engine/api", QRegularExpression("^core/engine/models/"));
        QVERIFY2(v.isEmpty(), qPrintable(v.join('\n')));
        // Its headers use only its own headers, the request types and base: what the window sees of the engine.
        QStringList headers;
        for (const QString& s : violations("core/engine/api", QRegularExpression("^core/"),
                                           QRegularExpression("^core/(base|request|engine/api)/")))
            if (s.contains(QStringLiteral(".h:")))
                headers << s;
        QVERIFY2(headers.isEmpty(), qPrintable(headers.join('\n')));
    }
    void hubSitsOnBaseOnly()
    {
        // core/hub (catalogue, Hub downloads): libcurl + OpenSSL over core/base; the service uses it, never
        // the other way round, and the engine knows nothing of downloads (checked above).
        const QStringList v = violations("core/hub", QRegularExpression("^core/"), QRegularExpression("^core/(base|hub)/"));
        QVERIFY2(v.isEmpty(), qPrintable(v.join('\n')));
        QVERIFY(!sourceFiles("core/hub").isEmpty());
        // The hub library does not link what sits above it.
        QFile cmake(QStringLiteral(I2V_SOURCE_DIR "/core/hub/CMakeLists.txt"));
        QVERIFY(cmake.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(cmake.readAll());
        for (const char* lib : {"i2v_engine", "i2v_media", "i2v_service", "i2v_presets", "i2v_gpu", "Qt6::"})
            QVERIFY2(!text.contains(QLatin1String(lib)), lib);
    }
    void presetsAndGpuStandAlone()
    {
        for (const char* dir : {"core/presets", "core/gpu"}) {
            const QStringList v = violations(dir, QRegularExpression("^core/(engine|media|service|request|hub)/"));
            QVERIFY2(v.isEmpty(), qPrintable(v.join('\n')));
        }
    }
    void coreDoesNotUseFrontEnds()
    {
        const QStringList v = violations("core", QRegularExpression("^(ui|app)/"));
        QVERIFY2(v.isEmpty(), qPrintable(v.join('\n')));
    }
    void uiUsesMediaOnlyThroughTheService()
    {
        for (const char* dir : {"ui", "app/gui", "app/cli"}) {
            const QStringList v = violations(dir, QRegularExpression("^core/media/"));
            QVERIFY2(v.isEmpty(), qPrintable(v.join('\n')));
        }
    }
    void uiUsesPresetsOnlyThroughTheService()
    {
        // Templates and the memory model reach the window through core/service (prompt_templates.h,
        // fit_estimate.h); the command line reaches them through the service as well.
        for (const char* dir : {"ui", "app/gui", "app/cli"}) {
            const QStringList v = violations(dir, QRegularExpression("^core/presets/"));
            QVERIFY2(v.isEmpty(), qPrintable(v.join('\n')));
        }
        // ...and the ui library links neither presets nor media directly (it gets them with the service).
        QFile f(QStringLiteral(I2V_SOURCE_DIR "/ui/CMakeLists.txt"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        static const QRegularExpression link(QStringLiteral("target_link_libraries\\(\\s*i2v_ui\\b[^)]*\\)"));
        int calls = 0;
        for (auto m = link.globalMatch(QString::fromUtf8(f.readAll())); m.hasNext(); ++calls) {
            const QString call = m.next().captured(0);
            QVERIFY2(!call.contains(QLatin1String("i2v_presets")) && !call.contains(QLatin1String("i2v_media")),
                     qPrintable(call));
        }
        QVERIFY(calls > 0);
    }
    void uiModelsDoNotUsePanels()
    {
        // Item models (ui/*_model.*) feed views; they never depend on panels, dialogs or widgets.
        QStringList v;
        for (const QString& s : violations("ui", QRegularExpression("^ui/(panels|dialogs|widgets)/")))
            if (QFileInfo(s.section(QLatin1Char(':'), 0, 0)).fileName().contains(QStringLiteral("_model.")))
                v << s;
        QVERIFY2(v.isEmpty(), qPrintable(v.join('\n')));
        QVERIFY(!sourceFiles("ui").filter(QStringLiteral("_model.")).isEmpty());
    }
    void checkerCatchesViolations()
    {
        // The checker itself must be able to fail: scan a folder we know includes Qt.
        const QStringList v = violations("tests/lint", QRegularExpression("^Q[A-Za-z]"));
        QVERIFY(!v.isEmpty());
        // ...and the allow-list must not swallow everything: the service does use media and the engine.
        QVERIFY(!violations("core/service", QRegularExpression("^core/"), QRegularExpression("^core/(base|request)/"))
                     .isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLayering)
#include "test_layering.moc"
