// The studio window on real screen sizes (issue 17), offscreen. The screen is set with the offscreen
// platform's JSON configuration (QT_QPA_PLATFORM=offscreen:configfile=..., Qt 6.4 reads "screens" with
// width/height in device pixels), optionally scaled with QT_SCALE_FACTOR; the test first checks that the
// screen really has that size. Run as `test_ui_fit [--screen WxH[@scale]]` (default 1280x720):
//  - first start fits the available area, the preview is at least 480 px wide;
//  - every control of every dock is reachable (visible after its dock's scroll area scrolled to it), and
//    every control in the middle is inside the window;
//  - the window's size does not change across generate, cancel and error (camera-motion engine, tiny);
//  - a best-of job's grid of variations fits under the preview (tiny CLIP scorer fixture);
//  - keyboard: the tab chain reaches every control in reading order, shortcuts are in tooltips and menus,
//    icon-only buttons have accessible names, the focus comes back after a job;
//  - an oversized restored geometry is clamped to the screen; plots are drawn at the device pixel ratio.
#include "core/base/paths.h"
#include "core/engine/api/registry.h"
#include "core/presets/template_store.h"
#include "ui/app_settings.h"
#include "ui/i18n.h"
#include "ui/main_window.h"
#include "ui/panels/input_panel.h"
#include "ui/panels/parameters_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/run_bar.h"
#include "ui/panels/variations_panel.h"
#include "ui/panels/vram_gauge.h"
#include "ui/style.h"
#include "ui/widgets/error_banner.h"
#include "ui/widgets/variation_grid.h"
#include "ui/window_fit.h"

#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QImage>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QToolButton>

#include <memory>

using namespace i2v;
using namespace i2v::ui;

namespace {

// The screen this run asked for (device pixels) and its scale factor.
QSize g_screenPixels(1280, 720);
double g_scale = 1.0;

bool isControl(QWidget* w)
{
    if (qobject_cast<QScrollBar*>(w))
        return false; // the scroll areas' own bars
    if (qobject_cast<QLineEdit*>(w) && (qobject_cast<QAbstractSpinBox*>(w->parentWidget()) ||
                                        qobject_cast<QComboBox*>(w->parentWidget())))
        return false; // part of a spin box or combo box
    return qobject_cast<QAbstractButton*>(w) || qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QComboBox*>(w) ||
           qobject_cast<QAbstractSlider*>(w) || qobject_cast<QLineEdit*>(w) || qobject_cast<QPlainTextEdit*>(w) ||
           qobject_cast<QTextEdit*>(w) || qobject_cast<QAbstractItemView*>(w);
}

QString describe(QWidget* w)
{
    return QStringLiteral("%1 \"%2\" (%3)")
        .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
             qobject_cast<QAbstractButton*>(w) ? qobject_cast<QAbstractButton*>(w)->text() : w->toolTip().left(40));
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

} // namespace

class TestUiFit : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<TemplateStore> m_templates;
    std::unique_ptr<MainWindow> m_window;
    QString m_outputs;

    std::unique_ptr<MainWindow> makeWindow(AppSettings* settings)
    {
        auto window = std::make_unique<MainWindow>(settings, m_templates.get(), QStringLiteral("en"));
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return nullptr;
        QCoreApplication::processEvents(); // the queued clamp after the first show
        return window;
    }

    QRect available() const { return m_window->screen()->availableGeometry(); }

    void checkInsideWindow(QWidget* w)
    {
        const QRect r(w->mapTo(m_window.get(), QPoint(0, 0)), w->size());
        QVERIFY2(w->isVisible(), qPrintable(describe(w)));
        QVERIFY2(m_window->rect().contains(r), qPrintable(describe(w) + QStringLiteral(" at %1,%2 %3x%4")
                                                              .arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())));
    }

private slots:
    void initTestCase()
    {
        if (!findModelFamily("camera-motion"))
            QSKIP("the camera-motion engine is not built into this tree");
        // The screen configuration really took effect (else every check below would test another size).
        QScreen* screen = QGuiApplication::primaryScreen();
        QVERIFY(screen);
        QCOMPARE(screen->geometry().size(), QSize(qRound(g_screenPixels.width() / g_scale),
                                                  qRound(g_screenPixels.height() / g_scale)));
        QCOMPARE(screen->devicePixelRatio(), g_scale);
        qInfo("screen %dx%d device pixels, scale %.1f: %dx%d logical", g_screenPixels.width(), g_screenPixels.height(),
              g_scale, screen->geometry().width(), screen->geometry().height());

        initResources();
        m_outputs = m_dir.filePath(QStringLiteral("outputs"));
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
        m_settings->setOutputsFolder(m_outputs);
        m_settings->setDataFolder(m_dir.filePath(QStringLiteral("data")));
        m_settings->setLanguage(QStringLiteral("en"));
        m_templates = std::make_unique<TemplateStore>(
            (m_dir.filePath(QStringLiteral("data/templates.json"))).toStdString(),
            readFileBytes(std::filesystem::path(I2V_SOURCE_DIR) / "resources/templates/builtin.json"));
        m_templates->load();
        m_window = makeWindow(m_settings.get());
        QVERIFY(m_window);
        // The model scan runs after the first paint and completes the engine list.
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->discoveringModels(), 20000);
    }

    void placementRules()
    {
        // Pure rules: a big screen gets the preferred size centred, a small one all of it.
        const InitialPlacement big = initialPlacement(QRect(0, 0, 1920, 1040));
        QVERIFY(!big.maximized);
        QCOMPARE(big.frame.size(), kPreferredWindowSize);
        QCOMPARE(big.frame.center(), QRect(0, 0, 1920, 1040).center());
        const InitialPlacement laptop = initialPlacement(QRect(0, 32, 1280, 688));
        QVERIFY(laptop.maximized);
        QCOMPARE(laptop.frame, QRect(0, 32, 1280, 688));
        const QRect area(100, 50, 1600, 1000);
        QCOMPARE(clampToArea(QRect(0, 0, 3000, 2000), area), area);
        QCOMPARE(clampToArea(QRect(1500, 900, 800, 600), area), QRect(900, 450, 800, 600));
        QCOMPARE(clampToArea(QRect(200, 100, 800, 600), area), QRect(200, 100, 800, 600));
    }

    void firstStartFitsTheScreen()
    {
        const QRect frame = m_window->frameGeometry();
        QVERIFY2(available().contains(frame),
                 qPrintable(QStringLiteral("frame %1x%2+%3+%4 on %5x%6").arg(frame.width()).arg(frame.height())
                                .arg(frame.x()).arg(frame.y()).arg(available().width()).arg(available().height())));
        if (available().width() < kPreferredWindowSize.width() + 48 ||
            available().height() < kPreferredWindowSize.height() + 48)
            QCOMPARE(m_window->frameGeometry().size(), available().size()); // a small screen: all of it
        else
            QCOMPARE(m_window->size(), kPreferredWindowSize);
        auto* preview = m_window->findChild<QWidget*>(QStringLiteral("frameView"));
        QVERIFY(preview);
        qInfo("window %dx%d, preview %dx%d", m_window->width(), m_window->height(), preview->width(), preview->height());
        QVERIFY2(preview->width() >= kMinPreviewWidth, qPrintable(QString::number(preview->width())));
        // Docking: Queue and History share a place as tabs; Memory joins them on short screens only.
        auto* queue = m_window->findChild<QDockWidget*>(QStringLiteral("queueDock"));
        auto* history = m_window->findChild<QDockWidget*>(QStringLiteral("historyDock"));
        QVERIFY(m_window->tabifiedDockWidgets(queue).contains(history));
        QCOMPARE(m_window->tabifiedDockWidgets(queue).contains(m_window->memoryDock()), available().height() < 1000);
        if (available().height() >= 1000)
            QVERIFY(!m_window->memoryDock()->visibleRegion().isEmpty());
    }

    void everyControlReachable()
    {
        const QList<QDockWidget*> docks = m_window->findChildren<QDockWidget*>();
        QCOMPARE(docks.size(), 6);
        int checked = 0;
        for (QDockWidget* dock : docks) {
            dock->raise(); // tabbed docks: bring this one to the front
            QCoreApplication::processEvents();
            QVERIFY2(dock->isVisible() && !dock->visibleRegion().isEmpty(), qPrintable(dock->objectName()));
            QVERIFY2(dock->height() >= 80, qPrintable(dock->objectName()));
            QScrollArea* scroll = MainWindow::dockScrollArea(dock);
            QVERIFY2(scroll && scroll->widget(), qPrintable(dock->objectName()));
            QWidget* viewport = scroll->viewport();
            for (QWidget* w : scroll->widget()->findChildren<QWidget*>()) {
                if (!isControl(w) || !w->isVisibleTo(scroll->widget()))
                    continue;
                scroll->ensureWidgetVisible(w, 0, 0);
                const QRect r(w->mapTo(viewport, QPoint(0, 0)), w->size());
                const QString where = dock->objectName() + QStringLiteral(": ") + describe(w) +
                                      QStringLiteral(" at %1,%2 %3x%4 in %5x%6").arg(r.x()).arg(r.y()).arg(r.width())
                                          .arg(r.height()).arg(viewport->width()).arg(viewport->height());
                QVERIFY2(w->width() >= 8 && w->height() >= 8, qPrintable(where));
                if (r.width() <= viewport->width() && r.height() <= viewport->height()) {
                    // (a pixel of rounding at a scroll end is tolerated)
                    QVERIFY2(viewport->rect().adjusted(-1, -1, 1, 1).contains(r), qPrintable(where));
                } else { // a list taller than the dock: enough of it shows to use it
                    const QRect seen = viewport->rect().intersected(r);
                    QVERIFY2(seen.height() >= std::min(60, viewport->height()) && seen.width() >= 60, qPrintable(where));
                }
                ++checked;
            }
        }
        QVERIFY(checked > 30);
        m_window->findChild<QDockWidget*>(QStringLiteral("queueDock"))->raise();
        // The middle: run bar, export row and player controls inside the window.
        for (const char* name : {"generateButton", "cancelButton", "saveAsButton", "playButton", "scrubSlider",
                                 "playbackFps"})
            checkInsideWindow(m_window->findChild<QWidget*>(QString::fromLatin1(name)));
    }

    void tabChainReachesEveryControlInReadingOrder()
    {
        // Tab follows the focus chain, skipping what is hidden or disabled: walk it once round.
        QList<QWidget*> chain;
        QWidget* w = m_window.get();
        do {
            w = w->nextInFocusChain();
            if ((w->focusPolicy() & Qt::TabFocus) && !chain.contains(w))
                chain << w;
        } while (w != m_window.get());
        int missing = 0;
        for (QWidget* c : m_window->findChildren<QWidget*>()) {
            if (!isControl(c) || !(c->focusPolicy() & Qt::TabFocus) || c->focusProxy() || c->window() != m_window.get())
                continue; // (combo box popups are windows of their own)
            if (!chain.contains(c)) {
                qWarning("not in the tab chain: %s", qPrintable(describe(c)));
                ++missing;
            }
        }
        QCOMPARE(missing, 0);
        // Reading order: image, prompt, parameters, Generate, then the preview and the queue.
        auto at = [&](const char* name) {
            QWidget* found = m_window->findChild<QWidget*>(QString::fromLatin1(name));
            return found ? chain.indexOf(found) : -1;
        };
        const QList<int> order = {chain.indexOf(m_window->promptPanel()->findChild<QPlainTextEdit*>()),
                                  at("deviceCombo"), at("seedSpin"), at("generateButton"), at("playButton")};
        for (int i = 0; i < order.size(); ++i)
            QVERIFY2(order[i] >= 0 && (i == 0 || order[i] > order[i - 1]), qPrintable(QString::number(i)));
    }

    void shortcutsInTooltipsAndMenus()
    {
        QAction* generate = m_window->generateAction();
        QAction* cancel = m_window->cancelAction();
        QVERIFY(generate && cancel);
        QCOMPARE(generate->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Return));
        QCOMPARE(cancel->shortcut(), QKeySequence(Qt::Key_Escape));
        const auto name = [](const QKeySequence& k) { return k.toString(QKeySequence::NativeText); };
        QVERIFY(m_window->runBar()->generateButton()->toolTip().contains(name(generate->shortcut())));
        QVERIFY(m_window->runBar()->cancelButton()->toolTip().contains(name(cancel->shortcut())));
        QVERIFY(m_window->findChild<QPushButton*>(QStringLiteral("saveAsButton"))->toolTip().contains(
            name(QKeySequence(QKeySequence::Save))));
        // File menu: Open, Paste and Save carry their shortcuts (shown next to the entries).
        QStringList withKeys;
        for (QAction* menu : m_window->menuBar()->actions())
            for (QAction* a : menu->menu()->actions())
                if (!a->shortcut().isEmpty())
                    withKeys << name(a->shortcut());
        for (const QKeySequence& k : {QKeySequence(QKeySequence::Open), QKeySequence(QKeySequence::Paste),
                                      QKeySequence(QKeySequence::Save), generate->shortcut(), cancel->shortcut()})
            QVERIFY2(withKeys.contains(name(k)), qPrintable(name(k)));
    }

    void iconOnlyButtonsHaveAccessibleNames()
    {
        int iconOnly = 0;
        for (QAbstractButton* b : m_window->findChildren<QAbstractButton*>()) {
            if (m_window->menuBar()->isAncestorOf(b))
                continue; // Qt's own menu bar extension arrow
            const QString text = b->text().trimmed();
            if (!text.isEmpty() && (text.size() > 2 || text.at(0).isLetterOrNumber()))
                continue;
            ++iconOnly;
            QVERIFY2(!b->accessibleName().isEmpty(), qPrintable(describe(b)));
        }
        QVERIFY(iconOnly >= 5); // seed lock and dice, player buttons, template buttons, banner close
    }

    void plotsAtDevicePixelRatio()
    {
        m_window->memoryDock()->raise();
        QCoreApplication::processEvents();
        QTRY_COMPARE(m_window->vramGauge()->plotPixelRatio(), m_window->devicePixelRatioF());
        QCOMPARE(m_window->devicePixelRatioF(), g_scale);
        m_window->findChild<QDockWidget*>(QStringLiteral("queueDock"))->raise();
    }

    void sizeStaysAcrossGenerateCancelError()
    {
        const QSize size = m_window->size();
        const QSize minimum = m_window->minimumSizeHint();
        QVERIFY2(minimum.width() <= available().width() && minimum.height() <= available().height(),
                 qPrintable(QStringLiteral("minimum %1x%2").arg(minimum.width()).arg(minimum.height())));
        QSignalSpy loaded(m_window->inputPanel(), &InputPanel::imageLoaded);
        m_window->inputPanel()->handleFiles({writeSampleImage(m_dir.filePath(QStringLiteral("photo.png")), 320, 240)});
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
        m_window->promptPanel()->setPrompt(QStringLiteral("camera slowly zooming in on a very long and winding road "
                                                          "that goes on and on past the hills and the lakes"));
        m_window->parametersPanel()->setValues(
            {{QStringLiteral("width"), 128}, {QStringLiteral("height"), 96}, {QStringLiteral("frames"), 4}});
        QCOMPARE(m_window->size(), size);

        // Generate: done, the clip shown; the focus stays where it was.
        QSignalSpy done(m_window.get(), &MainWindow::jobDone);
        auto* promptEdit = m_window->promptPanel()->findChild<QPlainTextEdit*>();
        promptEdit->setFocus();
        QVERIFY(m_window->generate());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 120000);
        QVERIFY2(done.at(0).at(1).toBool(), qPrintable(m_window->banner()->details()));
        QCoreApplication::processEvents();
        QCOMPARE(m_window->size(), size);
        QCOMPARE(m_window->focusWidget(), promptEdit);

        // Cancel: a longer clip, Memory in front while it runs, focus on Cancel, Esc's action cancels.
        m_window->parametersPanel()->setValues(
            {{QStringLiteral("width"), 512}, {QStringLiteral("height"), 512}, {QStringLiteral("frames"), 240}});
        QVERIFY(m_window->generate());
        QTRY_VERIFY_WITH_TIMEOUT(m_window->runBar()->progressValue() > 0, 60000);
        QTRY_VERIFY(!m_window->memoryDock()->visibleRegion().isEmpty());
        m_window->runBar()->setStatus(QString(400, QLatin1Char('x'))); // a very long status line
        QCoreApplication::processEvents();
        QCOMPARE(m_window->size(), size);
        m_window->runBar()->cancelButton()->setFocus();
        QVERIFY(m_window->cancelAction()->isEnabled());
        m_window->cancelAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 120000);
        QVERIFY(!done.at(1).at(1).toBool());
        QCoreApplication::processEvents();
        QCOMPARE(m_window->size(), size);
        QCOMPARE(m_window->focusWidget(), m_window->runBar()->generateButton()); // not lost with Cancel disabled
        QVERIFY(!m_window->cancelAction()->isEnabled());

        // Error: the outputs folder is a file; the banner opens with its details.
        QFile blocker(m_dir.filePath(QStringLiteral("not-a-folder")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        m_settings->setOutputsFolder(blocker.fileName());
        QVERIFY(!m_window->generate());
        QCOMPARE(m_window->banner()->kind(), ErrorBanner::Kind::Error);
        for (QToolButton* b : m_window->banner()->findChildren<QToolButton*>())
            if (b->isCheckable() && b->isVisible())
                b->setChecked(true); // Details
        QCoreApplication::processEvents();
        QCOMPARE(m_window->size(), size);
        QVERIFY(available().contains(m_window->frameGeometry()));
        m_settings->setOutputsFolder(m_outputs);
        m_window->banner()->hide();
    }

    void bestOfGridFits()
    {
        // A best-of job's grid of variations under the preview: the window keeps its size, the tiles and the
        // run bar stay inside it, the preview keeps its width and a usable height.
        const QSize size = m_window->size();
        if (!m_window->inputPanel()->hasImage()) { // when run on its own
            QSignalSpy loaded(m_window->inputPanel(), &InputPanel::imageLoaded);
            m_window->inputPanel()->handleFiles({writeSampleImage(m_dir.filePath(QStringLiteral("best.png")), 320, 240)});
            QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
        }
        m_settings->setScorerModel(QStringLiteral(I2V_TEST_DATA_DIR "/clip-score-tiny/model"));
        m_window->parametersPanel()->setValues(
            {{QStringLiteral("width"), 128}, {QStringLiteral("height"), 96}, {QStringLiteral("frames"), 4}});
        m_window->runBar()->variationsBox()->setValue(4);
        QSignalSpy done(m_window.get(), &MainWindow::jobDone);
        QVERIFY(m_window->generate());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 120000);
        QVERIFY2(done.at(0).at(1).toBool(), qPrintable(m_window->banner()->details()));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->variationsPanel()->isVisible(), 30000);
        QCoreApplication::processEvents();
        QCOMPARE(m_window->size(), size);
        QCOMPARE(m_window->variationsPanel()->grid()->count(), 4);
        for (VariationTile* tile : m_window->variationsPanel()->grid()->tiles())
            checkInsideWindow(tile);
        for (const char* name : {"generateButton", "saveAsButton", "playButton", "variationsSummary"})
            checkInsideWindow(m_window->findChild<QWidget*>(QString::fromLatin1(name)));
        auto* preview = m_window->findChild<QWidget*>(QStringLiteral("frameView"));
        QVERIFY2(preview->width() >= kMinPreviewWidth, qPrintable(QString::number(preview->width())));
        QVERIFY2(preview->height() >= 240, qPrintable(QString::number(preview->height())));
        m_window->runBar()->variationsBox()->setValue(1);
    }

    void oversizedRestoredGeometryIsClamped()
    {
        // A layout saved on a much larger screen, partly off to the left and top.
        QWidget big;
        big.setGeometry(-300, -200, 5200, 3400);
        const QByteArray saved = big.saveGeometry();
        AppSettings settings(m_dir.filePath(QStringLiteral("restored.ini")));
        settings.setOutputsFolder(m_outputs);
        settings.setDataFolder(m_dir.filePath(QStringLiteral("data")));
        settings.setWindowGeometry(saved);
        std::unique_ptr<MainWindow> window = makeWindow(&settings);
        QVERIFY(window);
        const QRect avail = window->screen()->availableGeometry();
        QTRY_VERIFY2(avail.contains(window->frameGeometry()),
                     qPrintable(QStringLiteral("frame %1x%2+%3+%4").arg(window->frameGeometry().width())
                                    .arg(window->frameGeometry().height()).arg(window->frameGeometry().x())
                                    .arg(window->frameGeometry().y())));
    }

    void themesFollowTheChoice()
    {
        for (const QString& theme : {QStringLiteral("light"), QStringLiteral("dark")}) {
            applyStudioStyle(*qApp, theme);
            const bool dark = qApp->palette().color(QPalette::Window).lightness() < 128;
            QCOMPARE(dark, theme == QLatin1String("dark"));
            QVERIFY(qApp->palette().color(QPalette::WindowText).lightness() !=
                    qApp->palette().color(QPalette::Window).lightness());
        }
        // "system" follows the palette the platform gave at start.
        applyStudioStyle(*qApp, QStringLiteral("system"));
        QCOMPARE(qApp->palette().color(QPalette::Window).lightness() < 128, systemPrefersDark());
    }

    void cleanupTestCase() { m_window.reset(); }
};

int main(int argc, char** argv)
{
    // --screen WxH[@scale]: the offscreen screen in device pixels (default 1280x720 at scale 1).
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    const int at = args.indexOf(QStringLiteral("--screen"));
    if (at > 0 && at + 1 < args.size()) {
        const QStringList parts = args[at + 1].split(QLatin1Char('@'));
        const QStringList wh = parts[0].split(QLatin1Char('x'));
        if (wh.size() == 2)
            g_screenPixels = QSize(wh[0].toInt(), wh[1].toInt());
        if (parts.size() == 2)
            g_scale = parts[1].toDouble();
        args.remove(at, 2);
    }
    QTemporaryDir configDir;
    const QString config = configDir.filePath(QStringLiteral("screens.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return 2;
    file.write(QStringLiteral(R"({"screens": [{"name": "fit", "x": 0, "y": 0, "width": %1, "height": %2,
                                 "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}], "windowFrameMargins": false})")
                   .arg(g_screenPixels.width())
                   .arg(g_screenPixels.height())
                   .toUtf8());
    file.close();
    qputenv("QT_QPA_PLATFORM", ("offscreen:configfile=" + config).toLocal8Bit());
    if (g_scale != 1.0)
        qputenv("QT_SCALE_FACTOR", QByteArray::number(g_scale));
    QApplication app(argc, argv);
    TestUiFit test;
    QStringList testArgs = args;
    std::vector<QByteArray> storage;
    std::vector<char*> raw;
    for (const QString& a : testArgs)
        storage.push_back(a.toLocal8Bit());
    for (QByteArray& b : storage)
        raw.push_back(b.data());
    return QTest::qExec(&test, static_cast<int>(raw.size()), raw.data());
}

#include "test_ui_fit.moc"
