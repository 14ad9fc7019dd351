// Drives the real studio window with the built-in camera-motion engine: drop an image, pick a template,
// press Generate, wait for the clip, check the preview and the automatic save, export and probe the
// file, restore a recipe by dropping its sidecar, cancel mid-run, queue a batch, and drop a corrupt
// image. Also measures the longest GUI-thread stall while generating (printed, not asserted).
#include "core/base/paths.h"
#include "core/engine/api/registry.h"
#include "core/media/recipe.h"
#include "core/media/video_io.h"
#include "core/presets/template_store.h"
#include "ui/app_settings.h"
#include "ui/errors.h"
#include "ui/i18n.h"
#include "ui/job_controller.h"
#include "ui/main_window.h"
#include "ui/panels/export_panel.h"
#include "ui/panels/input_panel.h"
#include "ui/panels/parameters_panel.h"
#include "ui/panels/preview_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/run_bar.h"
#include "ui/panels/vram_gauge.h"
#include "ui/widgets/error_banner.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QImage>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QStatusBar>
#include <QAction>
#include <QTimer>
#include <QUrl>

#include <memory>

using namespace i2v;
using namespace i2v::ui;

namespace {

// Delivers a file-manager style drop of `paths` onto `target`.
void dropFiles(QWidget* target, const QStringList& paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& p : paths)
        urls << QUrl::fromLocalFile(p);
    mime.setUrls(urls);
    const QPointF pos(target->width() / 2.0, target->height() / 2.0);
    QDragEnterEvent enter(pos.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QDropEvent drop(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
}

QString writeSampleImage(const QString& path, int w, int h)
{
    QImage img(w, h, QImage::Format_RGB888);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            img.setPixelColor(x, y, QColor((x * 255) / w, (y * 255) / h, ((x / 16 + y / 16) % 2) * 200));
    img.save(path);
    return path;
}

// Longest gap between ticks of a 5 ms timer on the GUI thread: how long the window stalls at worst.
class StallMeter {
public:
    StallMeter()
    {
        m_ticker.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_ticker, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_worst = std::max(m_worst, now - m_last);
            m_last = now;
        });
    }
    void start()
    {
        m_worst = 0;
        m_last = 0;
        m_clock.start();
        m_ticker.start(5);
    }
    void stopAndReport(const char* what)
    {
        m_ticker.stop();
        qInfo("GUI thread, %s: longest gap between 5 ms ticks %.1f ms over %.1f s", what, m_worst / 1e6,
              m_clock.nsecsElapsed() / 1e9);
    }

private:
    QElapsedTimer m_clock;
    QTimer m_ticker;
    qint64 m_last = 0;
    qint64 m_worst = 0;
};

int filesIn(const QString& dir) { return QDir(dir).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot).size(); }

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<TemplateStore> m_templates;
    std::unique_ptr<MainWindow> m_window;
    QString m_outputs;

private slots:
    void initTestCase()
    {
        if (!findModelFamily("camera-motion"))
            QSKIP("the camera-motion engine is not built into this tree");
        initResources();
        initEngineRuntime();
        m_outputs = m_dir.filePath(QStringLiteral("outputs"));
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
        m_settings->setOutputsFolder(m_outputs);
        m_settings->setDataFolder(m_dir.filePath(QStringLiteral("data")));
        m_settings->setLanguage(QStringLiteral("en"));
        m_templates = std::make_unique<TemplateStore>(
            (m_dir.filePath(QStringLiteral("data/templates.json"))).toStdString(),
            readFileBytes(std::filesystem::path(I2V_SOURCE_DIR) / "resources/templates/builtin.json"));
        m_templates->load();
        m_window = std::make_unique<MainWindow>(m_settings.get(), m_templates.get(), QStringLiteral("en"));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(m_window->parametersPanel()->family() != nullptr);
        QVERIFY(!m_window->vramGauge()->summaryText().isEmpty());
    }

    void generateWithoutImageExplains()
    {
        QVERIFY(!m_window->generate());
        QVERIFY(m_window->banner()->text().contains(QStringLiteral("Add an image first")));
    }

    void unloadModelFromTheSettingsMenu()
    {
        QAction* unload = m_window->findChild<QAction*>(QStringLiteral("unloadModelAction"));
        QVERIFY(unload != nullptr);
        QVERIFY(unload->text().contains(QStringLiteral("Unload model")));
        unload->trigger(); // nothing loaded yet: harmless, and the worker stays ready for the next clip
        QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("unloaded")));
    }

    void dropTemplateGenerateExport()
    {
        const QString image = writeSampleImage(m_dir.filePath(QStringLiteral("photo.png")), 320, 240);
        QSignalSpy loaded(m_window->inputPanel(), &InputPanel::imageLoaded);
        dropFiles(m_window->inputPanel(), {image});
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
        QVERIFY(m_window->inputPanel()->hasImage());
        QCOMPARE(m_window->inputPanel()->image()->width, 320);

        // Pick a template: prompt and suggested parameters arrive in the form.
        QVERIFY(m_window->promptPanel()->selectTemplate(QStringLiteral("face-zoom")));
        QVERIFY(m_window->promptPanel()->prompt().contains(QStringLiteral("zooming in on the face")));
        QVariantMap values = m_window->parametersPanel()->values();
        QCOMPARE(values.value(QStringLiteral("frames")).toInt(), 16);
        QCOMPARE(values.value(QStringLiteral("motion")).toString(), QStringLiteral("zoom-in"));
        m_window->parametersPanel()->setValues({{QStringLiteral("width"), 256}, {QStringLiteral("height"), 192}});
        QCOMPARE(m_window->parametersPanel()->values().value(QStringLiteral("width")).toInt(), 256);
        // Choice parameters reach the request too (the camera's easing, through the one field table).
        m_window->parametersPanel()->setValues({{QStringLiteral("easing"), QStringLiteral("ease-out")}});
        GenerationRequest probe;
        m_window->parametersPanel()->applyTo(probe);
        QCOMPARE(probe.easing, std::string("ease-out"));
        QCOMPARE(probe.motion, std::string("zoom-in"));
        m_window->parametersPanel()->setValues({{QStringLiteral("easing"), QStringLiteral("ease-in-out")}});
        // Device and precision are chosen in the engine area (the request's device/dtype fields).
        ParametersPanel* params = m_window->parametersPanel();
        auto* deviceCombo = params->findChild<QComboBox*>(QStringLiteral("deviceCombo"));
        auto* dtypeCombo = params->findChild<QComboBox*>(QStringLiteral("dtypeCombo"));
        QVERIFY(deviceCombo && dtypeCombo);
        QCOMPARE(params->device(), QStringLiteral("auto"));
        QCOMPARE(dtypeCombo->count(), 4); // auto, float32, float16, bfloat16
        params->setDevice(QStringLiteral("cuda:1"));
        QCOMPARE(params->device(), QStringLiteral("cuda:1")); // a numbered card is offered when asked for
        params->setDevice(QStringLiteral("gpu"));
        QCOMPARE(params->device(), QStringLiteral("cuda:1")); // not a device: ignored
        deviceCombo->setCurrentIndex(deviceCombo->findData(QStringLiteral("cpu")));
        dtypeCombo->setCurrentIndex(dtypeCombo->findData(QStringLiteral("float32")));
        params->applyTo(probe);
        QCOMPARE(probe.device, std::string("cpu"));
        QCOMPARE(probe.dtype, std::string("float32"));

        // Generate, measuring the longest gap between 5 ms timer ticks on the GUI thread meanwhile.
        QSignalSpy done(m_window.get(), &MainWindow::jobDone);
        StallMeter stall;
        stall.start();
        QTest::mouseClick(m_window->runBar()->generateButton(), Qt::LeftButton);
        QVERIFY(m_window->runBar()->cancelButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 180000);
        stall.stopAndReport("256x192, 16 frames, whole job incl. showing the result");
        QVERIFY2(done.at(0).at(1).toBool(), qPrintable(m_window->banner()->details()));

        // Preview: every frame, looping.
        QCOMPARE(m_window->previewPanel()->frameCount(), 16);
        QCOMPARE(m_window->previewPanel()->shownFrame().size(), QSize(256, 192));
        QVERIFY(m_window->previewPanel()->isPlaying());
        QTRY_VERIFY(m_window->previewPanel()->currentFrame() > 0);
        m_window->previewPanel()->stepFrame(1);
        QVERIFY(!m_window->previewPanel()->isPlaying());

        // Saved automatically with a readable name, plus its sidecar.
        const QString autoSaved = m_window->exportPanel()->autoSavedPath();
        QVERIFY2(QFileInfo::exists(autoSaved), qPrintable(autoSaved));
        QVERIFY(autoSaved.startsWith(m_outputs));
        QVERIFY(QFileInfo(autoSaved).fileName().contains(QStringLiteral("camera-slowly-zooming-in")));
        // Named by the service's one rule, exactly as `i2v generate` names its clips.
        static const QRegularExpression serviceName(
            QStringLiteral("^\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2}_camera-slowly-zooming-in[a-z-]*_seed\\d+\\.mp4$"));
        QVERIFY2(serviceName.match(QFileInfo(autoSaved).fileName()).hasMatch(), qPrintable(autoSaved));
        QVERIFY(QFileInfo::exists(QString::fromStdString(sidecarPathFor(autoSaved.toStdString()).string())));

        // Export (what Save As… runs after its dialog) and check the file plays.
        const QString exported = m_dir.filePath(QStringLiteral("export/my clip.mp4"));
        QDir().mkpath(QFileInfo(exported).absolutePath());
        QSignalSpy exportedSpy(m_window->exportPanel(), &ExportPanel::exported);
        m_window->exportPanel()->exportTo(exported, OutputFormat::Mp4);
        QTRY_COMPARE_WITH_TIMEOUT(exportedSpy.count(), 1, 60000);
        const VideoInfo info = probeVideo(exported.toStdString());
        QCOMPARE(info.frameCount, 16);
        QCOMPARE(info.width, 256);
        QCOMPARE(info.height, 192);
        QCOMPARE(info.codec, std::string("h264"));
        QVERIFY(info.metadata.count("i2v_recipe"));
        QVERIFY(QFileInfo::exists(QString::fromStdString(sidecarPathFor(exported.toStdString()).string())));

        // A GIF export too: another format, same frames.
        const QString gif = m_dir.filePath(QStringLiteral("export/loop.gif"));
        m_window->exportPanel()->exportTo(gif, OutputFormat::Gif);
        QTRY_COMPARE_WITH_TIMEOUT(exportedSpy.count(), 2, 60000);
        QCOMPARE(probeVideo(gif.toStdString()).frameCount, 16);

        // Exporting again to the same name never overwrites: a clear error instead.
        QSignalSpy failed(m_window->exportPanel(), &ExportPanel::exportFailed);
        m_window->exportPanel()->exportTo(exported, OutputFormat::Mp4);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
        QCOMPARE(failed.at(0).at(0).value<Error>().code, ErrorCode::OutputExists);
    }

    void droppingSidecarRestoresRecipe()
    {
        const QString sidecar = QString::fromStdString(sidecarPathFor(m_window->exportPanel()->autoSavedPath().toStdString()).string());
        const qint64 seed = m_window->parametersPanel()->seed();
        m_window->promptPanel()->setPrompt(QStringLiteral("something else"));
        m_window->parametersPanel()->setValues({{QStringLiteral("frames"), 40}});
        m_window->parametersPanel()->setSeed(seed + 1);
        m_window->parametersPanel()->setDevice(QStringLiteral("auto"));
        m_window->parametersPanel()->setDtype(QStringLiteral("auto"));
        dropFiles(m_window.get(), {sidecar});
        QTRY_VERIFY_WITH_TIMEOUT(m_window->promptPanel()->prompt().contains(QStringLiteral("zooming in on the face")), 20000);
        QCOMPARE(m_window->parametersPanel()->values().value(QStringLiteral("frames")).toInt(), 16);
        QCOMPARE(m_window->parametersPanel()->seed(), seed);
        QVERIFY(m_window->parametersPanel()->seedLocked());
        QCOMPARE(m_window->parametersPanel()->device(), QStringLiteral("cpu"));
        QCOMPARE(m_window->parametersPanel()->dtype(), QStringLiteral("float32"));
    }

    void cancelMidRun()
    {
        m_window->parametersPanel()->setValues(
            {{QStringLiteral("width"), 1024}, {QStringLiteral("height"), 1024}, {QStringLiteral("frames"), 240}});
        const int before = filesIn(m_outputs);
        QSignalSpy progress(m_window->jobs(), &JobController::jobProgress);
        QSignalSpy done(m_window.get(), &MainWindow::jobDone);
        StallMeter stall;
        stall.start();
        QVERIFY(m_window->generate());
        // Let it run for a while (live 1024x1024 previews arriving) before cancelling.
        QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 25, 60000);
        stall.stopAndReport("1024x1024, 240 frames, while generating with live previews");
        QTest::mouseClick(m_window->runBar()->cancelButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 120000);
        QVERIFY(!done.at(0).at(1).toBool());
        QCOMPARE(m_window->runBar()->statusText(), QStringLiteral("Cancelled"));
        QCOMPARE(filesIn(m_outputs), before); // nothing partial left behind
        QVERIFY(!m_window->runBar()->cancelButton()->isEnabled());
    }

    void severalImagesQueueOneJobEach()
    {
        m_window->parametersPanel()->setValues(
            {{QStringLiteral("width"), 128}, {QStringLiteral("height"), 96}, {QStringLiteral("frames"), 4}});
        const QString a = writeSampleImage(m_dir.filePath(QStringLiteral("a.png")), 200, 150);
        const QString b = writeSampleImage(m_dir.filePath(QStringLiteral("b.png")), 150, 200);
        const int before = filesIn(m_outputs);
        QSignalSpy done(m_window.get(), &MainWindow::jobDone);
        dropFiles(m_window->inputPanel(), {a, b});
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 120000);
        QVERIFY(done.at(0).at(1).toBool());
        QVERIFY(done.at(1).at(1).toBool());
        QCOMPARE(filesIn(m_outputs), before + 4); // two clips, two sidecars
        QCOMPARE(m_window->previewPanel()->frameCount(), 4);
        // The small image got a warning in the input panel.
        QTRY_VERIFY(!m_window->inputPanel()->warnings().isEmpty());
    }

    void corruptImageShowsWhatToDo()
    {
        const QString bad = m_dir.filePath(QStringLiteral("broken.png"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\x89PNG\r\n\x1a\n this is not really an image");
        f.close();
        QSignalSpy failed(m_window->inputPanel(), &InputPanel::loadFailed);
        dropFiles(m_window->inputPanel(), {bad});
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QCOMPARE(m_window->banner()->kind(), ErrorBanner::Kind::Error);
        QCOMPARE(m_window->banner()->text(), ErrorTexts::sentence(ErrorCode::ImageCorrupt));
        QVERIFY(m_window->banner()->details().contains(QStringLiteral("broken.png")));
        // The previous image is kept: nothing the user had is lost.
        QVERIFY(m_window->inputPanel()->hasImage());
    }

    void cleanupTestCase()
    {
        if (m_window)
            m_window->close();
        m_window.reset();
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
