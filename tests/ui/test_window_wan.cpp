// The studio window on the tiny Wan fixture models (tests/data/wan21-tiny, wan22-tiny): add both folders,
// pick each, generate its fixture call (non-square, 9 frames = 3 latent frames, CFG on) through the Generate
// button, and check the clip file (size, frame count) and its sidecar recipe (family, settings, seed, the
// memory mode the job ran in), the fit panel's memory-mode line and the history entry. CPU, float32.
#include "core/base/memory_mode.h"
#include "core/base/paths.h"
#include "core/engine/api/registry.h"
#include "core/media/recipe.h"
#include "core/media/video_io.h"
#include "core/presets/template_store.h"
#include "core/service/history.h"
#include "ui/app_settings.h"
#include "ui/i18n.h"
#include "ui/job_controller.h"
#include "ui/main_window.h"
#include "ui/panels/export_panel.h"
#include "ui/panels/fit_panel.h"
#include "ui/panels/input_panel.h"
#include "ui/panels/parameters_panel.h"
#include "ui/panels/preview_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/run_bar.h"
#include "ui/widgets/error_banner.h"
#include "ui/widgets/model_selector.h"

#include <nlohmann/json.hpp>

#include <QFileInfo>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <memory>

using namespace i2v;
using namespace i2v::ui;

namespace {
const QString kData = QStringLiteral(I2V_TEST_DATA_DIR);

struct Fixture {
    QString family;
    QString folder; // tests/data/<name>
    int width, height, frames, steps;
    double guidance;
    qint64 seed;
};

nlohmann::json readJsonFile(const std::string& path)
{
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}
} // namespace

class TestWindowWan : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<TemplateStore> m_templates;
    std::unique_ptr<MainWindow> m_window;

    void makeClip(const Fixture& f)
    {
        const QString model = f.folder + QStringLiteral("/model");
        ModelSelector* models = m_window->parametersPanel()->modelSelector();
        QVERIFY(models->selectKey(QStringLiteral("folder:") + model));
        QVERIFY(m_window->parametersPanel()->family() != nullptr);
        QCOMPARE(QString::fromStdString(m_window->parametersPanel()->family()->id()), f.family);

        QSignalSpy loaded(m_window->inputPanel(), &InputPanel::imageLoaded);
        m_window->inputPanel()->handleFiles({f.folder + QStringLiteral("/inputs/image.png")});
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
        std::ifstream promptFile((f.folder + QStringLiteral("/inputs/prompt.txt")).toStdString());
        const std::string prompt((std::istreambuf_iterator<char>(promptFile)), std::istreambuf_iterator<char>());
        m_window->promptPanel()->setPrompt(QString::fromStdString(prompt));

        m_window->parametersPanel()->setValues({{QStringLiteral("width"), f.width},
                                                {QStringLiteral("height"), f.height},
                                                {QStringLiteral("frames"), f.frames},
                                                {QStringLiteral("steps"), f.steps},
                                                {QStringLiteral("guidance"), f.guidance},
                                                {QStringLiteral("fps"), 8}});
        m_window->parametersPanel()->setSeed(f.seed);
        m_window->parametersPanel()->setSeedLocked(true);
        const QVariantMap values = m_window->parametersPanel()->values();
        QCOMPARE(values.value(QStringLiteral("width")).toInt(), f.width); // allowed by the schema as is
        QCOMPARE(values.value(QStringLiteral("height")).toInt(), f.height);
        QCOMPARE(values.value(QStringLiteral("frames")).toInt(), f.frames);

        // Before Generate the window says where the model will be: this machine's device for the test is
        // the CPU (the window's device combo defaults to auto; no GPU here), so all in system memory.
        m_window->fitPanel()->setDevice({QStringLiteral("this computer (CPU)"), 16LL << 30, false});
        QCOMPARE(m_window->fitPanel()->memoryModeText(), FitPanel::memoryModeSentence(MemoryMode::Cpu));

        QSignalSpy progress(m_window->jobs(), &JobController::jobProgress);
        QSignalSpy done(m_window.get(), &MainWindow::jobDone);
        QTest::mouseClick(m_window->runBar()->generateButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 300000);
        QVERIFY2(done.at(0).at(1).toBool(), qPrintable(m_window->banner()->details()));
        // Denoising progress reached the window (coalesced: a fast step may be folded into the next update).
        int denoising = 0;
        for (const QList<QVariant>& args : progress) {
            const auto e = args.at(1).value<ProgressEvent>();
            if (e.stage == Stage::Denoising) {
                QCOMPARE(e.total, f.steps);
                QVERIFY(e.step >= 1 && e.step <= f.steps);
                ++denoising;
            }
        }
        QVERIFY(denoising >= 1);

        QCOMPARE(m_window->previewPanel()->frameCount(), f.frames);
        QCOMPARE(m_window->previewPanel()->shownFrame().size(), QSize(f.width, f.height));

        // The clip file: the asked size and length.
        const QString saved = m_window->exportPanel()->autoSavedPath();
        QVERIFY2(QFileInfo::exists(saved), qPrintable(saved));
        const VideoInfo info = probeVideo(saved.toStdString());
        QCOMPARE(info.width, f.width);
        QCOMPARE(info.height, f.height);
        QCOMPARE(info.frameCount, f.frames);

        // The sidecar recipe: engine, settings, seed and what the engine reports (mode, scheduler).
        const nlohmann::json recipe = readJsonFile(sidecarPathFor(saved.toStdString()).string());
        QCOMPARE(QString::fromStdString(recipe.at("family").get<std::string>()), f.family);
        QCOMPARE(recipe.at("width").get<int>(), f.width);
        QCOMPARE(recipe.at("height").get<int>(), f.height);
        QCOMPARE(recipe.at("frames").get<int>(), f.frames);
        QCOMPARE(recipe.at("steps").get<int>(), f.steps);
        QCOMPARE(recipe.at("seed").get<qint64>(), f.seed);
        // The fixture's long, non-ASCII prompt as the window sends it (trimmed, nothing else changed).
        QCOMPARE(QString::fromStdString(recipe.at("prompt").get<std::string>()), QString::fromStdString(prompt).trimmed());
        const nlohmann::json& result = recipe.at("result");
        QCOMPARE(QString::fromStdString(result.at("family").get<std::string>()), f.family);
        QCOMPARE(result.at("frames").get<int>(), f.frames);
        const nlohmann::json& details = result.at("details");
        QCOMPARE(details.at(kMemoryModeDetail).get<std::string>(), std::string(memoryModeId(MemoryMode::Cpu)));
        QVERIFY(details.at("scheduler").get<std::string>().find("UniPC") != std::string::npos);

        // The History has it, with the clip as its output.
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->historyStore()->entries().empty() &&
                                     m_window->historyStore()->entries().back().outputPath == saved.toStdString(),
                                 20000);
        QCOMPARE(QString::fromStdString(m_window->historyStore()->entries().back().family), f.family);
    }

private slots:
    void initTestCase()
    {
        if (!findModelFamily("wan2.1-i2v") || !findModelFamily("wan2.2-ti2v"))
            QSKIP("the Wan families are not built into this tree");
        initResources();
        initEngineRuntime();
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
        m_settings->setOutputsFolder(m_dir.filePath(QStringLiteral("outputs")));
        m_settings->setDataFolder(m_dir.filePath(QStringLiteral("data")));
        m_settings->setLanguage(QStringLiteral("en"));
        m_settings->setModelFolders({kData + QStringLiteral("/wan21-tiny/model"),
                                     kData + QStringLiteral("/wan22-tiny/model")});
        m_templates = std::make_unique<TemplateStore>(
            (m_dir.filePath(QStringLiteral("data/templates.json"))).toStdString(),
            readFileBytes(std::filesystem::path(I2V_SOURCE_DIR) / "resources/templates/builtin.json"));
        m_templates->load();
        m_window = std::make_unique<MainWindow>(m_settings.get(), m_templates.get(), QStringLiteral("en"));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->discoveringModels(), 20000);
    }

    void wan21ClipThroughTheWindow()
    {
        makeClip({QStringLiteral("wan2.1-i2v"), kData + QStringLiteral("/wan21-tiny"), 64, 48, 9, 4, 5.0, 42});
    }

    void wan22ClipThroughTheWindow()
    {
        makeClip({QStringLiteral("wan2.2-ti2v"), kData + QStringLiteral("/wan22-tiny"), 96, 64, 9, 3, 5.0, 7});
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestWindowWan)
#include "test_window_wan.moc"
