// "Get models…": the Models dialog lists the catalogue with the installed state, drives a download through
// Download / Pause / Resume / Cancel, keeps it running when closed, and the main window's engine list
// gains the model when the download finishes. The downloads come from the fake Hub on loopback
// (tests/hub/fake_hub.h) serving the tiny I2VGen-XL fixture as ali-vilab/i2vgen-xl.
#include "../hub/fake_hub.h"

#include "core/base/paths.h"
#include "core/engine/api/registry.h"
#include "core/presets/template_store.h"
#include "core/service/model_download_manager.h"
#include "ui/app_settings.h"
#include "ui/dialogs/models_dialog.h"
#include "ui/i18n.h"
#include "ui/main_window.h"
#include "ui/panels/parameters_panel.h"
#include "ui/widgets/model_selector.h"

#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace i2v;
using namespace i2v::ui;
using namespace i2v_test;

namespace {
const QString kRepo = QStringLiteral("ali-vilab/i2vgen-xl");
const QString kCommit = QString(40, 'e');
} // namespace

class TestModelsDialog : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    FakeHub m_hub;
    FakeRepo m_repo;

    QString snapshot() const { return m_dir.path() + "/hub/models--ali-vilab--i2vgen-xl/snapshots/" + kCommit; }

private slots:
    void initTestCase()
    {
        initResources();
        initEngineRuntime();
        qputenv("HF_HUB_CACHE", (m_dir.path() + "/hub").toUtf8());
        qputenv("HF_HOME", (m_dir.path() + "/hf").toUtf8());
        qputenv("XDG_DATA_HOME", (m_dir.path() + "/data").toUtf8());
        qunsetenv("HF_TOKEN");
        qputenv("no_proxy", "127.0.0.1");
        qputenv("HF_ENDPOINT", m_hub.start().toUtf8());
        m_repo = FakeHub::repoFromFolder(I2V_TEST_DATA_DIR "/i2vgenxl-tiny/model", kCommit);
        // A large weights file so the download lasts long enough to pause it.
        QByteArray big(24 << 20, Qt::Uninitialized);
        QRandomGenerator(5).fillRange(reinterpret_cast<quint32*>(big.data()), big.size() / 4);
        m_repo.files["unet/extra.safetensors"] = {big, true};
        m_hub.addRepo(kRepo, m_repo);
    }

    void downloadPauseResumeSurvivesClosing()
    {
        // A download slower than the fake Hub: pull at 6 MB/s.
        ModelDownloadManager manager([](ModelPullRequest r, const hub::PullObserver& o, const CancelToken& c) {
            r.maxBytesPerSecond = 6'000'000;
            return pullModel(r, o, c);
        });
        ModelsDialog dialog(manager, 0);
        dialog.show();
        QVERIFY(dialog.selectRepo(kRepo));
        QCOMPARE(dialog.statusText(kRepo), QStringLiteral("Not installed"));
        QVERIFY(!dialog.statusText(QStringLiteral("Wan-AI/Wan2.2-TI2V-5B-Diffusers")).isEmpty());
        QVERIFY(dialog.downloadButton()->isEnabled());
        QVERIFY(!dialog.pauseButton()->isEnabled());
        QSignalSpy changed(&dialog, &ModelsDialog::modelsChanged);

        QTest::mouseClick(dialog.downloadButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText(kRepo).startsWith(QStringLiteral("Downloading")), 10000);
        QTRY_VERIFY(dialog.pauseButton()->isEnabled());
        // Pause in the middle of the large file, so that the resume has bytes to continue from.
        auto inBigFile = [&] {
            for (const DownloadStatus& s : manager.snapshot())
                if (s.progress.file == "unet/extra.safetensors" && s.progress.fileDone > (1 << 20))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(inBigFile(), 20000);
        QTest::mouseClick(dialog.pauseButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText(kRepo).startsWith(QStringLiteral("Paused")), 10000);
        QVERIFY(dialog.resumeButton()->isEnabled());
        QVERIFY(!dialog.downloadButton()->isEnabled());

        // Resume, then close the dialog: the download goes on without it.
        m_hub.clearRequests();
        QTest::mouseClick(dialog.resumeButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText(kRepo).startsWith(QStringLiteral("Downloading")), 10000);
        dialog.close();
        QVERIFY(manager.anyRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!manager.anyRunning(), 30000);
        QTRY_COMPARE(changed.count(), 1);
        QCOMPARE(dialog.statusText(kRepo), QStringLiteral("Installed (verified)"));
        QVERIFY(QFileInfo::exists(snapshot() + "/unet/extra.safetensors"));
        // The resumed file continued where the pause left it.
        bool resumed = false;
        for (const HubRequest& r : m_hub.requestsFor(QStringLiteral("/cdn/")))
            resumed = resumed || r.range.startsWith("bytes=");
        QVERIFY(resumed);
        QVERIFY(dialog.removeButton()->isEnabled());
        QVERIFY(!dialog.pauseButton()->isEnabled() && !dialog.resumeButton()->isEnabled());
    }

    void cancelDeletesThePartialFile()
    {
        std::filesystem::remove_all((m_dir.path() + "/hub").toStdString());
        ModelDownloadManager manager([](ModelPullRequest r, const hub::PullObserver& o, const CancelToken& c) {
            r.maxBytesPerSecond = 6'000'000;
            return pullModel(r, o, c);
        });
        ModelsDialog dialog(manager, 0);
        QVERIFY(dialog.selectRepo(kRepo));
        QTest::mouseClick(dialog.downloadButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.cancelButton()->isEnabled(), 10000);
        QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!manager.anyRunning(), 10000);
        QTRY_COMPARE(dialog.statusText(kRepo), QStringLiteral("Cancelled"));
        const QDir blobs(m_dir.path() + "/hub/models--ali-vilab--i2vgen-xl/blobs");
        QVERIFY(blobs.entryList({"*.incomplete"}, QDir::Files).isEmpty());
        QVERIFY(!QFileInfo::exists(snapshot()));
        QVERIFY(dialog.downloadButton()->isEnabled());
    }

    void mainWindowListsTheModelWhenTheDownloadEnds()
    {
        std::filesystem::remove_all((m_dir.path() + "/hub").toStdString());
        AppSettings settings(m_dir.filePath(QStringLiteral("settings.ini")));
        settings.setDataFolder(m_dir.filePath(QStringLiteral("data")));
        settings.setLanguage(QStringLiteral("en"));
        TemplateStore templates(m_dir.filePath(QStringLiteral("data/templates.json")).toStdString(),
                                readFileBytes(std::filesystem::path(I2V_SOURCE_DIR) / "resources/templates/builtin.json"));
        templates.load();
        MainWindow window(&settings, &templates, QStringLiteral("en"));
        ModelSelector* selector = window.parametersPanel()->modelSelector();
        const QString key = QStringLiteral("folder:") + snapshot();
        QVERIFY(selector->findData(key) < 0);
        // The selector's "Get models…" item opens the dialog.
        const int item = selector->findData(QStringLiteral("action:get-models"));
        QVERIFY(item >= 0);
        selector->setCurrentIndex(item);
        emit selector->activated(item);
        ModelsDialog* dialog = window.findChild<ModelsDialog*>();
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(dialog->selectRepo(kRepo));
        QTest::mouseClick(dialog->downloadButton(), Qt::LeftButton);
        dialog->close();
        QTRY_VERIFY_WITH_TIMEOUT(selector->findData(key) >= 0, 30000); // the engine list was rebuilt
        QVERIFY(selector->currentKey() != QStringLiteral("action:get-models"));
    }
};

QTEST_MAIN(TestModelsDialog)
#include "test_models_dialog.moc"
