// History in the window: a finished job is recorded (thumbnail PNG, weight hashes through the cache,
// cost from the settings), the gallery searches, rates, tags and deletes without touching the clip,
// "Reuse settings" fills the form (prompt, parameters, seed), "Re-run exactly" queues the same recipe,
// the usage chart sums the days. Also: preferences write the cost settings, the template manager lists
// team templates read-only and imports/exports files, the log viewer shows the run's log.
#include "core/base/log.h"
#include "core/base/log_file.h"
#include "core/base/paths.h"
#include "core/base/sha256.h"
#include "core/engine/api/registry.h"
#include "core/media/recipe.h"
#include "core/presets/template_store.h"
#include "core/service/history.h"
#include "core/service/job_queue.h"
#include "ui/app_settings.h"
#include "ui/dialogs/log_viewer_dialog.h"
#include "ui/dialogs/preferences_dialog.h"
#include "ui/dialogs/template_manager_dialog.h"
#include "ui/history_recorder.h"
#include "ui/i18n.h"
#include "ui/main_window.h"
#include "ui/panels/history_panel.h"
#include "ui/panels/parameters_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/widgets/usage_chart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSpinBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace i2v;
using namespace i2v::ui;

class TestHistoryPanel : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<TemplateStore> m_templates;
    std::unique_ptr<MainWindow> m_window;
    QString m_image;

    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }

    GenerationRequest sampleRequest() const
    {
        GenerationRequest r;
        r.imagePath = m_image.toStdString();
        r.prompt = "lighthouse at dusk, waves rolling";
        r.negativePrompt = "blurry";
        r.family = "camera-motion";
        r.motion = "pan-left";
        r.width = 320;
        r.height = 192;
        r.frames = 12;
        r.fps = 10;
        r.seed = 987654;
        r.output.path = path("outputs/lighthouse.mp4").toStdString();
        return r;
    }

private slots:
    void initTestCase()
    {
        if (!findModelFamily("camera-motion"))
            QSKIP("the camera-motion engine is not built into this tree");
        initResources();
        initEngineRuntime();
        QDir().mkpath(path("outputs"));
        QImage img(320, 192, QImage::Format_RGB888);
        img.fill(QColor(40, 90, 160));
        m_image = path("photo.png");
        QVERIFY(img.save(m_image));
        m_settings = std::make_unique<AppSettings>(path("settings.ini"));
        m_settings->setOutputsFolder(path("outputs"));
        m_settings->setDataFolder(path("data"));
        CostSettings cost;
        cost.mode = CostSettings::Mode::PerGpuHour;
        cost.pricePerGpuHour = 36;
        cost.currency = "USD";
        m_settings->setCost(cost);
        m_templates = std::make_unique<TemplateStore>(
            path("data/templates.json").toStdString(),
            readFileBytes(std::filesystem::path(I2V_SOURCE_DIR) / "resources/templates/builtin.json"));
        m_templates->load();
        m_window = std::make_unique<MainWindow>(m_settings.get(), m_templates.get(), QStringLiteral("en"));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void finishedJobIsRecorded()
    {
        // A model folder with two weight files stands in for a real model: both are hashed.
        const auto model = std::filesystem::path(path("model").toStdString());
        std::filesystem::create_directories(model / "unet");
        std::ofstream(model / "unet" / "diffusion_pytorch_model.safetensors") << "unet bytes";
        std::ofstream(model / "model.fp16.bin") << "other bytes";
        GenerationRequest request = sampleRequest();
        request.modelDir = model.string();
        auto outcome = std::make_shared<JobOutcome>();
        outcome->state = JobState::Done;
        outcome->durationMs = 50'000; // 50 s at 36 USD/h = 0.50 USD
        outcome->peakMemoryBytes = 3'000'000'000;
        outcome->result.family = "camera-motion";
        outcome->result.modelId = "camera-motion";
        for (int i = 0; i < 3; ++i) {
            Image frame(320, 192);
            outcome->result.frames.push_back(frame);
        }
        std::ofstream(request.output.path) << "clip";
        QSignalSpy recorded(m_window->historyRecorder(), &HistoryRecorder::recorded);
        m_window->historyRecorder()->record(request, outcome, m_settings->cost());
        QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 20000);
        const HistoryEntry* e = m_window->historyStore()->find(recorded.at(0).at(0).toString().toStdString());
        QVERIFY(e);
        QCOMPARE(e->status, std::string("done"));
        QCOMPARE(e->durationSeconds, 50.0);
        QVERIFY(std::abs(e->cost - 0.5) < 1e-9);
        QCOMPARE(e->costCurrency, std::string("USD"));
        QCOMPARE(e->peakMemoryBytes, std::int64_t(3'000'000'000));
        QCOMPARE(e->weightHashes.size(), std::size_t(2));
        QCOMPARE(e->weightHashes.at("unet/diffusion_pytorch_model.safetensors"), sha256Hex("unet bytes"));
        QVERIFY(QFileInfo::exists(QString::fromStdString(e->thumbnailPath)));
        QVERIFY(QString::fromStdString(e->thumbnailPath).startsWith(path("data/thumbnails")));
        QCOMPARE(QImage(QString::fromStdString(e->thumbnailPath)).width(), 192);
        QVERIFY(e->recipeJson.find("987654") != std::string::npos);
        QCOMPARE(m_window->historyPanel()->visibleCount(), 1);
        QCOMPARE(m_window->historyPanel()->currentId(), QString::fromStdString(e->id));

        // A failed run is recorded too, with its reason, and without a thumbnail.
        auto failed = std::make_shared<JobOutcome>();
        failed->state = JobState::Failed;
        failed->error = {ErrorCode::OutOfMemory, "out of memory at 1024x1024"};
        failed->durationMs = 4000;
        GenerationRequest other = sampleRequest();
        other.prompt = "forest in fog";
        m_window->historyRecorder()->record(other, failed, m_settings->cost());
        QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 2, 20000);
        const HistoryEntry* f = m_window->historyStore()->find(recorded.at(1).at(0).toString().toStdString());
        QCOMPARE(f->status, std::string("failed"));
        QVERIFY(f->thumbnailPath.empty());
        QCOMPARE(f->log, std::string("out of memory at 1024x1024"));
    }

    void searchRateTagDelete()
    {
        HistoryPanel* panel = m_window->historyPanel();
        panel->setSearchText(QStringLiteral("LIGHTHOUSE"));
        QCOMPARE(panel->visibleCount(), 1);
        panel->rateCurrent(4);
        panel->setCurrentTags(QStringLiteral("client-a, sea ,"));
        const HistoryEntry* e = m_window->historyStore()->find(panel->currentId().toStdString());
        QCOMPARE(e->rating, 4);
        QCOMPARE(e->tags, (std::vector<std::string>{"client-a", "sea"}));
        panel->setSearchText(QStringLiteral("client-a"));
        QCOMPARE(panel->visibleCount(), 1);
        panel->setSearchText(QStringLiteral("nothing-like-this"));
        QCOMPARE(panel->visibleCount(), 0);
        panel->setSearchText(QString());
        QCOMPARE(panel->visibleCount(), 2);

        // Usage chart: one day, one finished clip, 54 s of machine time, the cost of both runs.
        UsageChart* chart = panel->chart();
        QCOMPARE(chart->barCount(), 1);
        QVERIFY2(chart->totalsText().contains(QStringLiteral("1 clip")), qPrintable(chart->totalsText()));
        QVERIFY2(chart->totalsText().contains(QStringLiteral("0.9 min")), qPrintable(chart->totalsText()));
        QVERIFY2(chart->totalsText().contains(QStringLiteral("$0.54")), qPrintable(chart->totalsText()));

        // Deleting the failed entry leaves the other; deleting without the box ticked keeps the clip.
        panel->setSearchText(QStringLiteral("forest"));
        panel->deleteCurrent(false);
        panel->setSearchText(QString());
        QCOMPARE(panel->visibleCount(), 1);
        QVERIFY(QFileInfo::exists(path("outputs/lighthouse.mp4")));
    }

    void reuseSettingsFillsTheForm()
    {
        m_window->promptPanel()->setPrompt(QStringLiteral("something else"));
        m_window->parametersPanel()->setValues({{QStringLiteral("frames"), 16}, {QStringLiteral("width"), 512}});
        m_window->parametersPanel()->setSeed(1);
        HistoryPanel* panel = m_window->historyPanel();
        QVERIFY(panel->reuseButton()->isEnabled());
        QTest::mouseClick(panel->reuseButton(), Qt::LeftButton);
        QCOMPARE(m_window->promptPanel()->prompt(), QStringLiteral("lighthouse at dusk, waves rolling"));
        QCOMPARE(m_window->promptPanel()->negativePrompt(), QStringLiteral("blurry"));
        const QVariantMap values = m_window->parametersPanel()->values();
        QCOMPARE(values.value(QStringLiteral("frames")).toInt(), 12);
        QCOMPARE(values.value(QStringLiteral("width")).toInt(), 320);
        QCOMPARE(values.value(QStringLiteral("height")).toInt(), 192);
        QCOMPARE(values.value(QStringLiteral("motion")).toString(), QStringLiteral("pan-left"));
        QCOMPARE(m_window->parametersPanel()->seed(), qint64(987654));
        QVERIFY(m_window->parametersPanel()->seedLocked());
    }

    void rerunExactlyQueuesTheSameRecipe()
    {
        QSignalSpy done(m_window.get(), &MainWindow::jobDone);
        QSignalSpy recorded(m_window->historyRecorder(), &HistoryRecorder::recorded);
        QTest::mouseClick(m_window->historyPanel()->rerunButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 180000);
        QVERIFY(done.at(0).at(1).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 20000);
        const HistoryEntry* e = m_window->historyStore()->find(recorded.at(0).at(0).toString().toStdString());
        const GenerationRequest again = recipeFromJson(e->recipeJson);
        QCOMPARE(again.seed, std::int64_t(987654));
        QCOMPARE(again.frames, 12);
        QCOMPARE(again.motion, std::string("pan-left"));
        QVERIFY(QFileInfo::exists(QString::fromStdString(e->outputPath)));
        QVERIFY(QString::fromStdString(e->outputPath) != path("outputs/lighthouse.mp4")); // never overwritten
        QCOMPARE(m_window->historyPanel()->visibleCount(), 2);
    }

    void preferencesWriteCostAndTeamFolder()
    {
        PreferencesDialog dialog(m_settings.get());
        QCOMPARE(dialog.costMode()->currentIndex(), 1);
        dialog.costMode()->setCurrentIndex(2);
        dialog.powerWatts()->setValue(450);
        dialog.pricePerKwh()->setValue(0.8);
        dialog.currency()->setText(QStringLiteral("EUR"));
        dialog.teamFolder()->setText(path("team"));
        dialog.apply();
        const CostSettings c = m_settings->cost();
        QCOMPARE(c.mode, CostSettings::Mode::PowerDraw);
        QCOMPARE(c.powerWatts, 450.0);
        QCOMPARE(c.pricePerKwh, 0.8);
        QCOMPARE(c.currency, std::string("EUR"));
        QCOMPARE(m_settings->teamTemplatesFolder(), path("team"));
    }

    void preferencesWriteGpuMemory()
    {
        QCOMPARE(m_settings->modelIdleUnloadMinutes(), 10); // the default
        QCOMPARE(m_settings->lowVramMode(), false);
        PreferencesDialog dialog(m_settings.get());
        QCOMPARE(dialog.idleUnloadMinutes()->value(), 10);
        QCOMPARE(dialog.idleUnloadMinutes()->specialValueText(), QStringLiteral("Never")); // 0 = keep it loaded
        dialog.idleUnloadMinutes()->setValue(0);
        dialog.lowVram()->setChecked(true);
        dialog.apply();
        QCOMPARE(m_settings->modelIdleUnloadMinutes(), 0);
        QCOMPARE(m_settings->lowVramMode(), true);
        m_settings->setLowVramMode(false);
        m_settings->setModelIdleUnloadMinutes(10);
    }

    void preferencesWriteScorerModel()
    {
        QCOMPARE(m_settings->scorerModel(), QString()); // default: a CLIP model in the Hugging Face cache
        PreferencesDialog dialog(m_settings.get());
        QCOMPARE(dialog.scorerModel()->text(), QString());
        dialog.scorerModel()->setText(QStringLiteral("  openai/clip-vit-large-patch14 "));
        dialog.apply();
        QCOMPARE(m_settings->scorerModel(), QStringLiteral("openai/clip-vit-large-patch14"));
        m_settings->setScorerModel(QString());
    }

    void templateManagerTeamImportExport()
    {
        QDir().mkpath(path("team"));
        QFile team(path("team/studio.json"));
        QVERIFY(team.open(QIODevice::WriteOnly));
        team.write("{\"templates\": [{\"id\": \"pan\", \"name\": \"Studio pan\", \"prompt\": \"slow pan\"}]}");
        team.close();
        m_templates->setTeamFolder(path("team").toStdString());
        TemplateManagerDialog dialog(m_templates.get(), QStringLiteral("en"));
        QCOMPARE(dialog.list()->count(), 1);
        QVERIFY(dialog.list()->item(0)->text().contains(QStringLiteral("(team)")));
        QVERIFY(dialog.exportCurrentTo(path("exported.json")));
        QVERIFY(dialog.importFrom(path("exported.json"))); // the team template becomes one's own copy
        QCOMPARE(m_templates->userTemplates().size(), std::size_t(1));
        QCOMPARE(dialog.list()->count(), 2);
        m_templates->setTeamFolder({});
    }

    void logViewerShowsTheRunLog()
    {
        LogFileOptions options;
        options.alsoStderr = false;
        const auto file = installLogFile(path("data/logs").toStdString(), "i2v-studio", options);
        logInfo("history test marker 4242");
        LogViewerDialog viewer(QString::fromStdString(file.string()));
        setLogSink(nullptr);
        QVERIFY(viewer.text().contains(QStringLiteral("history test marker 4242")));
        LogViewerDialog none{QString()};
        QVERIFY(none.text().isEmpty());
    }

    void outOfMemoryRetryIsRecordedAsRun()
    {
        // The runner retried one tier down: history keeps what actually ran and says so in the log.
        GenerationRequest asked = sampleRequest();
        asked.prompt = "retried at a smaller size";
        asked.width = 1024;
        asked.height = 1024;
        asked.frames = 24;
        asked.output.path = path("outputs/retried.mp4").toStdString();
        auto outcome = std::make_shared<JobOutcome>();
        outcome->state = JobState::Done;
        outcome->durationMs = 1000;
        outcome->retriedSmaller = true;
        outcome->used = asked;
        outcome->used.width = 512;
        outcome->used.height = 512;
        outcome->used.frames = 16;
        outcome->log = {"out of memory at 1024x1024x24; retrying at 512x512x16"};
        outcome->result.family = "camera-motion";
        outcome->result.frames.push_back(Image(512, 512));
        std::ofstream(asked.output.path) << "clip";
        QSignalSpy recorded(m_window->historyRecorder(), &HistoryRecorder::recorded);
        m_window->historyRecorder()->record(asked, outcome, m_settings->cost());
        QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 20000);
        const HistoryEntry* e = m_window->historyStore()->find(recorded.at(0).at(0).toString().toStdString());
        QVERIFY(e);
        QVERIFY2(e->log.find("retrying at 512x512x16") != std::string::npos, e->log.c_str());
        const GenerationRequest ran = recipeFromJson(e->recipeJson);
        QCOMPARE(ran.width, 512);
        QCOMPARE(ran.frames, 16);
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestHistoryPanel)
#include "test_history_panel.moc"
