// Best of N in the real window (issue 16), with the built-in camera-motion engine and the tiny CLIP scorer
// fixture: "Variations: 3" makes three clips; the result area shows them as a ranked grid of looping
// thumbnails (rank, score, the pick highlighted); clicking the second one promotes it, and the preview, the
// export, the sidecars and the history (one entry per variation, with the job's cost against a single clip)
// all follow. A plain job afterwards hides the grid.
#include "core/base/paths.h"
#include "core/engine/api/registry.h"
#include "core/media/recipe.h"
#include "core/presets/template_store.h"
#include "core/service/history.h"
#include "core/service/history_recording.h"
#include "ui/app_settings.h"
#include "ui/history_recorder.h"
#include "ui/i18n.h"
#include "ui/image_convert.h"
#include "ui/main_window.h"
#include "ui/panels/export_panel.h"
#include "ui/panels/history_panel.h"
#include "ui/panels/input_panel.h"
#include "ui/panels/parameters_panel.h"
#include "ui/panels/preview_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/run_bar.h"
#include "ui/panels/variations_panel.h"
#include "ui/widgets/error_banner.h"
#include "ui/widgets/variation_grid.h"

#include <QDir>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>

using namespace i2v;
using namespace i2v::ui;

namespace {

const QString kScorer = QStringLiteral(I2V_TEST_DATA_DIR "/clip-score-tiny/model");

QString writeSampleImage(const QString& path, int w, int h)
{
    QImage img(w, h, QImage::Format_RGB888);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            img.setPixelColor(x, y, QColor((x * 255) / w, (y * 255) / h, ((x / 16 + y / 16) % 2) * 200));
    img.save(path);
    return path;
}

nlohmann::json pickDetails(const QString& clip)
{
    std::ifstream in(sidecarPathFor(clip.toStdString()));
    return nlohmann::json::parse(in).at("result").at("details");
}

} // namespace

class TestWindowBestOf : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<TemplateStore> m_templates;
    std::unique_ptr<MainWindow> m_window;

    bool runJob()
    {
        QSignalSpy done(m_window.get(), &MainWindow::jobDone);
        QTest::mouseClick(m_window->runBar()->generateButton(), Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return done.count() == 1; }, 240000))
            return false;
        return done.at(0).at(1).toBool();
    }

private slots:
    void initTestCase()
    {
        if (!findModelFamily("camera-motion"))
            QSKIP("the camera-motion engine is not built into this tree");
        initResources();
        initEngineRuntime();
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
        m_settings->setOutputsFolder(m_dir.filePath(QStringLiteral("outputs")));
        m_settings->setDataFolder(m_dir.filePath(QStringLiteral("data")));
        m_settings->setLanguage(QStringLiteral("en"));
        m_settings->setScorerModel(kScorer);
        CostSettings cost;
        cost.mode = CostSettings::Mode::PerGpuHour;
        cost.pricePerGpuHour = 36.0;
        m_settings->setCost(cost);
        m_templates = std::make_unique<TemplateStore>(
            (m_dir.filePath(QStringLiteral("data/templates.json"))).toStdString(),
            readFileBytes(std::filesystem::path(I2V_SOURCE_DIR) / "resources/templates/builtin.json"));
        m_templates->load();
        m_window = std::make_unique<MainWindow>(m_settings.get(), m_templates.get(), QStringLiteral("en"));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

        QSignalSpy loaded(m_window->inputPanel(), &InputPanel::imageLoaded);
        m_window->inputPanel()->loadFile(writeSampleImage(m_dir.filePath(QStringLiteral("harbour.png")), 160, 120));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
        m_window->promptPanel()->setPrompt(QStringLiteral("a quiet harbour at dusk")); // names no move
        m_window->parametersPanel()->setValues(
            {{QStringLiteral("width"), 128}, {QStringLiteral("height"), 96}, {QStringLiteral("frames"), 8}});
        m_window->parametersPanel()->setDevice(QStringLiteral("cpu"));
    }

    void bestOfThreeRankedGridAndPromotion()
    {
        VariationsPanel* panel = m_window->variationsPanel();
        QVERIFY(!panel->isVisible()); // nothing to show before a best-of job
        m_window->runBar()->variationsBox()->setValue(3);
        QVERIFY2(runJob(), qPrintable(m_window->banner()->details()));

        // The grid: three tiles, best score first, the first one the pick.
        QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible(), 30000);
        VariationGrid* grid = panel->grid();
        QCOMPARE(grid->count(), 3);
        const QVector<VariationTile*> tiles = grid->tiles();
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(tiles[i]->data().rank, i + 1);
            QCOMPARE(tiles[i]->data().pick, i == 0);
            QCOMPARE(tiles[i]->data().frames.size(), 8);
            QVERIFY(tiles[i]->isVisible());
            QVERIFY(tiles[i]->text().contains(QString::number(tiles[i]->data().score, 'f', 4)));
            QVERIFY2(tiles[i]->toolTip().contains(QStringLiteral("prompt")), qPrintable(tiles[i]->toolTip()));
        }
        QVERIFY(tiles[0]->data().score >= tiles[1]->data().score);
        QVERIFY(tiles[1]->data().score >= tiles[2]->data().score);
        QCOMPARE(grid->pickIndex(), tiles[0]->data().index);
        QVERIFY2(panel->summaryText().contains(QStringLiteral("Best of 3")), qPrintable(panel->summaryText()));
        QVERIFY(panel->summaryText().contains(QStringLiteral("a single clip")));
        QCOMPARE(m_window->exportPanel()->autoSavedPath(), tiles[0]->data().file);

        // The thumbnails play: each tile's frame advances and comes back to the first (a loop), and the
        // frames differ (the camera moves).
        VariationTile* second = tiles[1];
        int last = second->frameIndex();
        bool advanced = false, wrapped = false;
        const auto watch = [&] {
            const int now = second->frameIndex();
            advanced = advanced || now > last;
            wrapped = wrapped || (advanced && now < last);
            last = now;
            return wrapped;
        };
        QVERIFY(QTest::qWaitFor(watch, 30000));
        QVERIFY(second->data().frames.first() != second->data().frames.last());

        // History: all three recorded, sharing the job, one pick (rank 1).
        QTRY_COMPARE_WITH_TIMEOUT(m_window->historyRecorder()->inFlight(), 0, 60000);
        const QString job = panel->historyJob();
        QVERIFY(!job.isEmpty());
        std::vector<const HistoryEntry*> entries = m_window->historyStore()->jobEntries(job.toStdString());
        QCOMPARE(entries.size(), std::size_t{3});
        for (const HistoryEntry* e : entries) {
            QCOMPARE(e->bestOf->pick, e->bestOf->rank == 1);
            QCOMPARE(QString::fromStdString(e->outputPath), tiles[e->bestOf->rank - 1]->data().file);
        }

        // Promote the second: one click.
        const int promoted = second->data().index;
        QSignalSpy changed(panel, &VariationsPanel::pickChanged);
        QTest::mouseClick(second, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 30000);
        QCOMPARE(grid->pickIndex(), promoted);
        QVERIFY(second->data().pick);
        QVERIFY(!tiles[0]->data().pick);
        QCOMPARE(second->data().rank, 2); // the scorer's rank stays
        // Export and the preview take the new pick.
        QCOMPARE(m_window->exportPanel()->autoSavedPath(), second->data().file);
        const std::shared_ptr<const JobOutcome> outcome = panel->outcome();
        QCOMPARE(outcome->variations[static_cast<std::size_t>(promoted)].pick, true);
        m_window->previewPanel()->showFrame(3);
        QCOMPARE(m_window->previewPanel()->frameCount(), 8);
        QCOMPARE(m_window->previewPanel()->shownFrame(), toQImage(outcome->result.frames.at(3)));
        // The sidecars of the old and the new pick say so.
        QCOMPARE(pickDetails(second->data().file).at("best_of_pick").get<std::string>(), std::string("yes"));
        QCOMPARE(pickDetails(second->data().file).at("best_of_pick_by").get<std::string>(), std::string("hand"));
        QCOMPARE(pickDetails(tiles[0]->data().file).at("best_of_pick").get<std::string>(), std::string("no"));
        // The history too, on disk.
        const HistoryStore reread(historyFileIn(m_settings->dataFolder().toStdString()));
        int picks = 0;
        for (const HistoryEntry* e : reread.jobEntries(job.toStdString())) {
            QCOMPARE(e->bestOf->pick, e->bestOf->variation == promoted + 1);
            QCOMPARE(e->bestOf->pickedByHand, e->bestOf->pick);
            picks += e->bestOf->pick ? 1 : 0;
        }
        QCOMPARE(picks, 1);
        // Clicking the pick again changes nothing.
        QTest::mouseClick(second, Qt::LeftButton);
        QCoreApplication::processEvents();
        QVERIFY(!panel->isBusy());

        // Export writes the pick: its seed and the pick flag in the exported recipe.
        const QString exported = m_dir.filePath(QStringLiteral("export/kept.mp4"));
        QDir().mkpath(QFileInfo(exported).absolutePath());
        QSignalSpy exportedSpy(m_window->exportPanel(), &ExportPanel::exported);
        m_window->exportPanel()->exportTo(exported, OutputFormat::Mp4);
        QTRY_COMPARE_WITH_TIMEOUT(exportedSpy.count(), 1, 60000);
        std::ifstream in(sidecarPathFor(exported.toStdString()));
        const auto recipe = nlohmann::json::parse(in);
        QCOMPARE(recipe.at("seed").get<qint64>(), second->data().seed);
        QCOMPARE(recipe.at("result").at("details").at("best_of_pick").get<std::string>(), std::string("yes"));

        // The History panel: the job's variations together, the pick first and marked, with the job's cost.
        HistoryPanel* history = m_window->historyPanel();
        auto* list = history->findChild<QListWidget*>(QStringLiteral("historyList"));
        QVERIFY(list);
        QCOMPARE(list->count(), 3);
        QVERIFY2(list->item(0)->text().contains(QStringLiteral("pick")), qPrintable(list->item(0)->text()));
        QVERIFY(!list->item(1)->text().contains(QStringLiteral("pick")));
        QCOMPARE(m_window->historyStore()->find(list->item(0)->data(Qt::UserRole).toString().toStdString())->bestOf->variation,
                 promoted + 1);
        QVERIFY(history->selectEntry(list->item(0)->data(Qt::UserRole).toString()));
        const QString info = history->findChild<QLabel*>(QStringLiteral("historyInfo"))->text();
        QVERIFY2(info.contains(QStringLiteral("chosen by hand")), qPrintable(info));
        QVERIFY2(info.contains(QStringLiteral("Best of 3:")) && info.contains(QStringLiteral("for the kept clip")),
                 qPrintable(info));
    }

    void plainJobHidesTheGrid()
    {
        m_window->runBar()->variationsBox()->setValue(1);
        QVERIFY2(runJob(), qPrintable(m_window->banner()->details()));
        QVERIFY(!m_window->variationsPanel()->isVisible());
        QCOMPARE(m_window->variationsPanel()->grid()->count(), 0);
    }

    void cleanupTestCase()
    {
        if (m_window)
            m_window->close();
        m_window.reset();
    }
};

QTEST_MAIN(TestWindowBestOf)
#include "test_window_best_of.moc"
