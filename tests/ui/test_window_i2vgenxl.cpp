// The studio window on the tiny I2VGen-XL fixture model: add the model folder, pick it, generate a short
// clip with per-step progress and live previews, then cancel a longer run between steps. CPU, fp32.
#include "core/base/paths.h"
#include "core/engine/api/registry.h"
#include "core/engine/api/tokenize.h"
#include "core/media/recipe.h"
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
#include "ui/widgets/error_banner.h"
#include "ui/widgets/model_selector.h"

#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <memory>

using namespace i2v;
using namespace i2v::ui;

namespace {
const QString kModel = QStringLiteral(I2V_TEST_DATA_DIR "/i2vgenxl-tiny/model");
const QString kImage = QStringLiteral(I2V_TEST_DATA_DIR "/i2vgenxl-tiny/inputs/image.png");

int filesIn(const QString& dir) { return QDir(dir).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot).size(); }
} // namespace

class TestWindowI2VGenXL : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<TemplateStore> m_templates;
    std::unique_ptr<MainWindow> m_window;
    QString m_outputs;

private slots:
    void initTestCase()
    {
        if (!findModelFamily("i2vgen-xl"))
            QSKIP("the i2vgen-xl family is not built into this tree");
        initResources();
        initEngineRuntime();
        m_outputs = m_dir.filePath(QStringLiteral("outputs"));
        m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings.ini")));
        m_settings->setOutputsFolder(m_outputs);
        m_settings->setDataFolder(m_dir.filePath(QStringLiteral("data"))); // history, thumbnails
        m_settings->setLanguage(QStringLiteral("en"));
        m_settings->setModelFolders({kModel});
        m_templates = std::make_unique<TemplateStore>(
            (m_dir.filePath(QStringLiteral("data/templates.json"))).toStdString(),
            readFileBytes(std::filesystem::path(I2V_SOURCE_DIR) / "resources/templates/builtin.json"));
        m_templates->load();
        m_window = std::make_unique<MainWindow>(m_settings.get(), m_templates.get(), QStringLiteral("en"));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

        // The added folder is offered (once the model scan after the first paint is done) and recognised as
        // I2V-GenXL.
        ModelSelector* models = m_window->parametersPanel()->modelSelector();
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->discoveringModels(), 20000);
        QVERIFY(models->selectKey(QStringLiteral("folder:") + kModel));
        QVERIFY(m_window->parametersPanel()->family() != nullptr);
        QCOMPARE(QString::fromStdString(m_window->parametersPanel()->family()->id()), QStringLiteral("i2vgen-xl"));

        QSignalSpy loaded(m_window->inputPanel(), &InputPanel::imageLoaded);
        m_window->inputPanel()->handleFiles({kImage});
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
        m_window->promptPanel()->setPrompt(QStringLiteral("a small red boat drifting on a calm lake"));
    }

    void tokenCountIsExactForTheModelsTokenizer()
    {
        const std::string prompt = m_window->promptPanel()->prompt().toStdString();
        const int count = tokenizePrompt(kModel.toStdString(), prompt).count;
        QCOMPARE(m_window->promptPanel()->tokenCountText(), QStringLiteral("%1 / 77 tokens").arg(count));
        QString longPrompt;
        for (int i = 0; i < 40; ++i)
            longPrompt += QStringLiteral("golden sunset ");
        m_window->promptPanel()->setPrompt(longPrompt + QStringLiteral("zebra"));
        const int longCount = tokenizePrompt(kModel.toStdString(), longPrompt.toStdString() + "zebra").count;
        QVERIFY(longCount > 77);
        QCOMPARE(m_window->promptPanel()->tokenCountText(), QStringLiteral("%1 / 77 tokens").arg(longCount));
        QVERIFY(m_window->promptPanel()->findChild<QLabel*>(QStringLiteral("tokenCount"))->toolTip().contains(QStringLiteral("zebra")));
        m_window->promptPanel()->setPrompt(QString::fromStdString(prompt));
    }

    void generateShowsProgressAndPreview()
    {
        m_window->parametersPanel()->setValues({{QStringLiteral("width"), 64}, {QStringLiteral("height"), 64},
                                                {QStringLiteral("frames"), 4}, {QStringLiteral("steps"), 3},
                                                {QStringLiteral("decode_chunk"), 2}, {QStringLiteral("fps"), 8}});
        m_window->parametersPanel()->setSeed(42);
        m_window->parametersPanel()->setSeedLocked(true);
        QSignalSpy progress(m_window->jobs(), &JobController::jobProgress);
        QSignalSpy previews(m_window->jobs(), &JobController::previewFrame);
        QSignalSpy done(m_window.get(), &MainWindow::jobDone);
        QTest::mouseClick(m_window->runBar()->generateButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 240000);
        QVERIFY2(done.at(0).at(1).toBool(), qPrintable(m_window->banner()->details()));

        // Per-step progress: the denoising events count up to the step total, with elapsed time.
        int lastStep = 0;
        for (const QList<QVariant>& args : progress) {
            const auto e = args.at(1).value<ProgressEvent>();
            if (e.total == 3 && e.step > lastStep) {
                lastStep = e.step;
                QVERIFY(e.elapsedMs > 0);
            }
        }
        QCOMPARE(lastStep, 3);
        QVERIFY(previews.count() >= 1); // live latent previews while denoising (coalesced)

        QCOMPARE(m_window->previewPanel()->frameCount(), 4);
        QCOMPARE(m_window->previewPanel()->shownFrame().size(), QSize(64, 64));
        const QString saved = m_window->exportPanel()->autoSavedPath();
        QVERIFY2(QFileInfo::exists(saved), qPrintable(saved));
        const auto sidecar = sidecarPathFor(saved.toStdString());
        std::ifstream in(sidecar);
        const std::string recipe((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        QVERIFY(recipe.find("i2vgen-xl") != std::string::npos);
        QVERIFY(recipe.find("\"seed\": 42") != std::string::npos || recipe.find("\"seed\":42") != std::string::npos);
    }

    void cancelBetweenSteps()
    {
        m_window->parametersPanel()->setValues({{QStringLiteral("steps"), 200}});
        const int before = filesIn(m_outputs);
        QSignalSpy progress(m_window->jobs(), &JobController::jobProgress);
        QSignalSpy done(m_window.get(), &MainWindow::jobDone);
        QVERIFY(m_window->generate());
        QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 4, 120000);
        QTest::mouseClick(m_window->runBar()->cancelButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 120000);
        QVERIFY(!done.at(0).at(1).toBool());
        QCOMPARE(m_window->runBar()->statusText(), QStringLiteral("Cancelled"));
        QCOMPARE(filesIn(m_outputs), before); // nothing partial left behind
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestWindowI2VGenXL)
#include "test_window_i2vgenxl.moc"
