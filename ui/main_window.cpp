#include "ui/main_window.h"

#include "core/engine/api/registry.h"
#include "core/engine/api/runtime_info.h"

#include "core/base/log.h"
#include "core/base/paths.h"
#include "core/request/recipe_json.h"
#include "core/gpu/gpu_monitor.h"
#include "core/service/clip_inputs.h"
#include "core/service/history.h"
#include "core/service/history_recording.h"
#include "core/service/model_download_manager.h"
#include "core/service/prompt_templates.h"
#include "ui/app_settings.h"
#include "ui/async.h"
#include "ui/dialogs/log_viewer_dialog.h"
#include "ui/dialogs/models_dialog.h"
#include "ui/dialogs/preferences_dialog.h"
#include "ui/history_recorder.h"
#include "ui/image_convert.h"
#include "ui/job_controller.h"
#include "ui/panels/export_panel.h"
#include "ui/panels/fit_panel.h"
#include "ui/panels/history_panel.h"
#include "ui/panels/input_panel.h"
#include "ui/panels/parameters_panel.h"
#include "ui/panels/preview_panel.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/queue_panel.h"
#include "ui/panels/run_bar.h"
#include "ui/panels/variations_panel.h"
#include "ui/panels/vram_gauge.h"
#include "ui/stage_texts.h"
#include "ui/startup_probe.h"
#include "ui/style.h"
#include "ui/widgets/error_banner.h"
#include "ui/widgets/model_selector.h"
#include "ui/window_fit.h"

#include <QAbstractButton>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenuBar>
#include <QStatusBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QShortcut>
#include <QVBoxLayout>

namespace i2v {
namespace ui {

MainWindow::MainWindow(AppSettings* settings, TemplateStore* templates, const QString& locale, QWidget* parent)
    : QMainWindow(parent), m_settings(settings), m_templates(templates), m_locale(locale), m_jobs(new JobController(this)),
      m_input(new InputPanel(this)), m_prompt(new PromptPanel(templates, locale, this)),
      m_parameters(new ParametersPanel(this)), m_fit(new FitPanel(m_parameters, this)), m_vram(new VramGauge(this)), m_preview(new PreviewPanel(this)),
      m_export(new ExportPanel(this)), m_runBar(new RunBar(this)), m_banner(new ErrorBanner(this)),
      m_queuePanel(new QueuePanel(m_jobs, this)), m_variations(new VariationsPanel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("I2V Studio"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));
    setAcceptDrops(true);
    setDockNestingEnabled(true);

    auto* central = new QWidget(this);
    central->setObjectName(QStringLiteral("centralArea"));
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_variations); // a best-of job's variations; hidden otherwise
    layout->addWidget(m_export);
    layout->addWidget(m_runBar);
    setCentralWidget(central);

    m_inputDock = addPanel(m_input, tr("Image"), QStringLiteral("inputDock"), Qt::LeftDockWidgetArea);
    m_promptDock = addPanel(m_prompt, tr("Prompt"), QStringLiteral("promptDock"), Qt::LeftDockWidgetArea);
    // The fit estimate, presets and out-of-memory choice sit under the parameters, in the same dock.
    auto* parametersArea = new QWidget(this);
    auto* parametersLayout = new QVBoxLayout(parametersArea);
    parametersLayout->setContentsMargins(0, 0, 0, 0);
    parametersLayout->setSpacing(0);
    parametersLayout->addWidget(m_parameters, 1);
    parametersLayout->addWidget(m_fit);
    m_parametersDock = addPanel(parametersArea, tr("Parameters"), QStringLiteral("parametersDock"), Qt::RightDockWidgetArea);
    m_queueDock = addPanel(m_queuePanel, tr("Queue"), QStringLiteral("queueDock"), Qt::RightDockWidgetArea);
    m_historyStore = std::make_unique<HistoryStore>(
        historyFileIn(m_settings->dataFolder().toStdString()));
    m_history = new HistoryPanel(m_historyStore.get(), this);
    m_history->setCost(m_settings->cost());
    publishCost();
    m_recorder = new HistoryRecorder(m_historyStore.get(), m_settings->dataFolder(), this);
    m_historyDock = addPanel(m_history, tr("History"), QStringLiteral("historyDock"), Qt::RightDockWidgetArea);
    m_memoryDock = addPanel(m_vram, tr("Memory"), QStringLiteral("memoryDock"), Qt::RightDockWidgetArea);
    arrangeDocksForScreen();
    buildMenus();
    applyMemorySettings();

    // The model folders are scanned after the first paint (startBackgroundWork); until then the list holds
    // the weight-free engines.
    m_prompt->setParametersProvider([this] { return m_parameters->values(); });
    m_prompt->setTokenLimit(m_parameters->promptTokenLimit(), m_parameters->modelSelector()->currentFolder());
    m_export->setDefaultFolder(m_settings->lastExportFolder());

    connect(m_input, &InputPanel::imageLoaded, this, [this] {
        if (m_banner->kind() == ErrorBanner::Kind::Error)
            m_banner->hide();
        if (auto image = m_input->image())
            m_parameters->setImageSize(image->width, image->height);
    });
    connect(m_input, &InputPanel::loadFailed, m_banner, &ErrorBanner::showError);
    connect(m_input, &InputPanel::batchDropped, this, &MainWindow::queueBatch);
    connect(m_input, &InputPanel::recipeDropped, this, &MainWindow::restoreRecipe);
    connect(m_input, &InputPanel::folderUsed, this, [this](const QString& dir) { m_settings->setLastImageFolder(dir); });
    connect(m_prompt, &PromptPanel::templateApplied, this, &MainWindow::applyTemplate);
    connect(m_prompt, &PromptPanel::storeError, this, [this](const QString& detail) {
        m_banner->showMessage(ErrorBanner::Kind::Error, tr("Your templates could not be saved. Check that your home "
                                                           "folder is writable and has free space."),
                              detail);
    });
    connect(m_parameters->modelSelector(), &ModelSelector::modelChanged, this, [this] {
        m_prompt->setTokenLimit(m_parameters->promptTokenLimit(), m_parameters->modelSelector()->currentFolder());
    });
    connect(m_parameters, &ParametersPanel::familyChanged, this, [this] {
        m_prompt->setTokenLimit(m_parameters->promptTokenLimit(), m_parameters->modelSelector()->currentFolder());
    });
    connect(m_parameters->modelSelector(), &ModelSelector::addFolderRequested, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a model folder"));
        if (!dir.isEmpty() && m_parameters->modelSelector()->addFolder(dir))
            m_settings->setModelFolders(m_parameters->modelSelector()->userFolders());
    });
    connect(m_parameters->modelSelector(), &ModelSelector::getModelsRequested, this, [this] { showModelsDialog(); });
    connect(m_parameters->modelSelector(), &ModelSelector::folderRejected, this, [this](const QString& folder) {
        m_banner->showError({ErrorCode::ModelNotFound, folder.toStdString() + ": no engine recognises this folder"});
    });
    m_fit->setRetryOnOutOfMemory(m_settings->retrySmallerOnOutOfMemory());
    connect(m_fit, &FitPanel::retryOnOutOfMemoryChanged, this,
            [this](bool on) { m_settings->setRetrySmallerOnOutOfMemory(on); });
    connect(m_runBar, &RunBar::generateClicked, this, &MainWindow::generate);
    connect(m_runBar, &RunBar::cancelClicked, this, &MainWindow::cancelCurrent);
    connect(m_jobs, &JobController::jobStarted, this, &MainWindow::onJobStarted);
    connect(m_jobs, &JobController::jobProgress, this, [this](quint64 id, const ProgressEvent& e) {
        if (id == m_runningJob)
            m_runBar->setProgress(e);
    });
    connect(m_jobs, &JobController::previewFrame, this, [this](quint64 id, const QImage& frame) {
        if (id == m_runningJob)
            m_preview->showLiveFrame(frame);
    });
    connect(m_jobs, &JobController::jobFinished, this, &MainWindow::onJobFinished);
    connect(m_jobs, &JobController::queueChanged, this, &MainWindow::updateRunState);
    connect(m_jobs, &JobController::queueSaveFailed, this, [this](const Error& e) {
        m_banner->showMessage(ErrorBanner::Kind::Error,
                              tr("The queue could not be saved, so it would be lost if I2V Studio closed now. Check "
                                 "that your home folder is writable and has free space."),
                              QString::fromStdString(e.detail));
    });
    m_queuePanel->setOutputsFolderProvider([this] { return m_settings->outputsFolder(); });
    connect(m_queuePanel, &QueuePanel::errorOccurred, m_banner, &ErrorBanner::showError);
    connect(m_queuePanel, &QueuePanel::message, m_runBar, &RunBar::setStatus);
    connect(m_export, &ExportPanel::exported, this, [this](const QString& path) {
        m_runBar->setStatus(tr("Exported %1").arg(QFileInfo(path).fileName()));
    });
    connect(m_export, &ExportPanel::exportFailed, m_banner, &ErrorBanner::showError);
    connect(m_export, &ExportPanel::folderUsed, this, [this](const QString& dir) { m_settings->setLastExportFolder(dir); });
    connect(m_history, &HistoryPanel::reuseSettings, this, &MainWindow::reuseRecipe);
    connect(m_history, &HistoryPanel::rerunExactly, this, &MainWindow::rerunRecipe);
    connect(m_history, &HistoryPanel::storeError, this, [this](const QString& detail) {
        m_banner->showMessage(ErrorBanner::Kind::Error, tr("The history could not be saved. Check that your home "
                                                           "folder is writable and has free space."),
                              detail);
    });
    connect(m_recorder, &HistoryRecorder::recorded, m_history, &HistoryPanel::refresh);
    connect(m_recorder, &HistoryRecorder::pickRecorded, m_history, &HistoryPanel::refresh);
    // Another variation made the pick (the service's rule ran on a pool thread): the preview and export
    // take it, the history records it.
    connect(m_variations, &VariationsPanel::pickChanged, this,
            [this](std::shared_ptr<const JobOutcome> outcome, const QVector<QImage>& frames, int index) {
                const int userFps = m_settings->playbackFps();
                m_preview->setClip(frames, userFps > 0 ? userFps : outcome->result.fps);
                m_export->setResult(outcome);
                // Named as its tile is: by rank ("#2"), with the file's variation number ("_v3").
                int rank = 0;
                for (const auto& v : outcome->variations)
                    if (v.index == index)
                        rank = v.rank;
                m_runBar->setStatus(tr("#%1 (variation %2) is now the pick").arg(rank).arg(index + 1));
            });
    connect(m_variations, &VariationsPanel::pickMade, this,
            [this](const QString& job, int index) { m_recorder->setPick(job, index + 1); });
    connect(m_variations, &VariationsPanel::promoteFailed, m_banner, &ErrorBanner::showError);
    // The time estimate learns from this machine's finished clips (the history is read, not owned).
    m_fit->setHistory(m_historyStore->entries());
    connect(m_recorder, &HistoryRecorder::recorded, m_fit, [this] { m_fit->setHistory(m_historyStore->entries()); });
    connect(m_recorder, &HistoryRecorder::recordFailed, m_history, &HistoryPanel::storeError);
    connect(m_preview, &PreviewPanel::playbackFpsChanged, this, [this](int fps) { m_settings->setPlaybackFps(fps); });

    auto* space = new QShortcut(QKeySequence(Qt::Key_Space), m_preview);
    space->setContext(Qt::WidgetWithChildrenShortcut);
    connect(space, &QShortcut::activated, m_preview, &PreviewPanel::togglePlay);

    restoreForm();
    applyTabOrder();
    nameIconOnlyButtons();
    // A new engine brings new controls: they join the tab order in place and get their names.
    connect(m_parameters, &ParametersPanel::familyChanged, this, [this] {
        QMetaObject::invokeMethod(this, [this] {
            applyTabOrder();
            nameIconOnlyButtons();
        }, Qt::QueuedConnection);
    });
    connect(m_parameters->modelSelector(), &ModelSelector::discoveryFinished, this, [this] {
        if (!m_pendingModelKey.isEmpty() && m_parameters->modelSelector()->currentKey() == m_pendingModelKey)
            m_parameters->setValues(m_settings->lastParameters()); // the saved model's own parameters
        m_pendingModelKey.clear();
        emit modelsDiscovered();
    });
    // LibTorch's set-up and the model scan wait for the first paint.
    auto* probe = new FirstPaintProbe(this);
    connect(probe, &FirstPaintProbe::firstPaint, this, &MainWindow::startBackgroundWork);
    if (m_templates->backupPath())
        m_banner->showMessage(ErrorBanner::Kind::Warning,
                              tr("Your templates file was damaged. It was kept as a backup and the built-in templates "
                                 "were restored."),
                              QString::fromStdString(m_templates->backupPath()->string()));
    if (!m_historyStore->warning().empty())
        m_banner->showMessage(ErrorBanner::Kind::Warning,
                              tr("Your history file was damaged. It was kept as a backup and a new history was "
                                 "started."),
                              QString::fromStdString(m_historyStore->warning()));
}

MainWindow::~MainWindow()
{
    // The panel and the recorder use the history store, which goes with the members before the children.
    delete m_history;
    delete m_recorder;
    delete m_modelsDialog; // before the download manager it reads
    m_modelsDialog = nullptr;
    m_downloads.reset();   // pauses running downloads (the partial files stay) and joins their threads
}

ModelsDialog* MainWindow::showModelsDialog()
{
    if (!m_downloads)
        m_downloads = std::make_unique<ModelDownloadManager>();
    if (!m_modelsDialog) {
        GpuMonitor monitor;
        const GpuMemorySample gpu = monitor.sample();
        m_modelsDialog = new ModelsDialog(*m_downloads, gpu.hasGpu ? gpu.deviceTotalBytes : 0, this);
        connect(m_modelsDialog, &ModelsDialog::modelsChanged, this, [this] {
            m_parameters->modelSelector()->populate(m_settings->modelFolders());
        });
    }
    m_modelsDialog->show();
    m_modelsDialog->raise();
    m_modelsDialog->activateWindow();
    return m_modelsDialog;
}

void MainWindow::restoreQueue(const QString& file)
{
    const QString warning = m_jobs->attachStore(file);
    const std::vector<QueueEntry> rows = m_jobs->queue().snapshot();
    const bool crashed = std::any_of(rows.begin(), rows.end(), [](const QueueEntry& e) { return e.interrupted; });
    if (!warning.isEmpty())
        m_banner->showMessage(ErrorBanner::Kind::Warning,
                              crashed
                                  ? tr("I2V Studio did not close normally last time. Your queue was restored and "
                                       "paused: press Resume queue to continue.")
                                  : tr("Part of your saved queue was damaged. The readable clips were restored and "
                                       "the damaged file was kept as a backup."),
                              warning);
    updateRunState();
}

QDockWidget* MainWindow::addPanel(QWidget* panel, const QString& title, const QString& objectName, Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    auto* scroll = new QScrollArea(dock);
    scroll->setObjectName(objectName + QStringLiteral("Scroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus); // Tab goes to the controls; the area scrolls to the focused one
    scroll->setWidget(panel);
    dock->setWidget(scroll);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    addDockWidget(area, dock);
    return dock;
}

QScrollArea* MainWindow::dockScrollArea(QDockWidget* dock) { return qobject_cast<QScrollArea*>(dock->widget()); }

void MainWindow::arrangeDocksForScreen()
{
    // Queue and History always share one place as tabs. Memory joins them on screens shorter than 1000
    // px (it is raised while a clip is being made, see onJobStarted) and gets its own place below on
    // taller ones.
    const QRect available = screen() ? screen()->availableGeometry() : QRect();
    if (available.height() >= 1000) {
        splitDockWidget(m_queueDock, m_memoryDock, Qt::Vertical); // (split before tabbing: Qt splits the group)
        tabifyDockWidget(m_queueDock, m_historyDock);
    } else {
        tabifyDockWidget(m_queueDock, m_historyDock);
        tabifyDockWidget(m_historyDock, m_memoryDock);
    }
    m_queueDock->raise();
}

void MainWindow::placeOnScreen()
{
    const QByteArray saved = m_settings->windowGeometry();
    if (!saved.isEmpty() && restoreGeometry(saved)) {
        clampToScreen();
        return;
    }
    // First start: the preferred size when the screen has room, else the whole available area.
    QScreen* s = screen() ? screen() : QGuiApplication::primaryScreen();
    const InitialPlacement placement = initialPlacement(s ? s->availableGeometry() : QRect());
    setGeometry(placement.frame);
    if (placement.maximized)
        setWindowState(windowState() | Qt::WindowMaximized);
    // The side docks are as wide as their panels need (no sideways scrolling) and the preview keeps the
    // rest, at least kMinPreviewWidth; on a screen too narrow for both, the docks give way and scroll.
    auto need = [](std::initializer_list<QDockWidget*> docks) {
        int most = 0;
        for (QDockWidget* d : docks)
            if (QScrollArea* scroll = dockScrollArea(d))
                most = std::max(most, scroll->widget()->minimumSizeHint().width() +
                                          scroll->verticalScrollBar()->sizeHint().width() + 2);
        return most;
    };
    const int width = placement.frame.width();
    int left = std::max(need({m_inputDock, m_promptDock}), width * 20 / 100);
    int right = std::max(need({m_parametersDock, m_queueDock, m_historyDock, m_memoryDock}), width * 24 / 100);
    const int room = width - kMinPreviewWidth - 64; // the preview's margins and the dock separators
    if (left + right > room) {
        left = left * room / (left + right);
        right = room - left;
    }
    resizeDocks({m_inputDock, m_parametersDock}, {left, right}, Qt::Horizontal);
    const int height = placement.frame.height();
    resizeDocks({m_parametersDock, m_queueDock}, {height * 58 / 100, height * 42 / 100}, Qt::Vertical);
    resizeDocks({m_inputDock, m_promptDock}, {height * 45 / 100, height * 55 / 100}, Qt::Vertical);
}

void MainWindow::clampToScreen()
{
    if (isMaximized() || isFullScreen())
        return;
    const QRect frame = frameGeometry();
    QScreen* s = QGuiApplication::screenAt(frame.center());
    if (!s)
        s = screen() ? screen() : QGuiApplication::primaryScreen();
    if (!s)
        return;
    const QRect clamped = clampToArea(frame, s->availableGeometry());
    if (clamped == frame)
        return;
    const QRect inner = geometry();
    const QMargins decorations(inner.left() - frame.left(), inner.top() - frame.top(), frame.right() - inner.right(),
                               frame.bottom() - inner.bottom());
    setGeometry(clamped.marginsRemoved(decorations));
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (m_shownOnce)
        return;
    m_shownOnce = true;
    // Now the window manager's decorations are known: make sure the whole frame is on the screen.
    QMetaObject::invokeMethod(this, &MainWindow::clampToScreen, Qt::QueuedConnection);
}

void MainWindow::startBackgroundWork()
{
    if (m_backgroundStarted)
        return;
    m_backgroundStarted = true;
    // LibTorch's thread pool set-up: the worker would do it before its first clip anyway.
    runAsync<bool>(
        this, [] { initEngineRuntime(); return true; }, [](Result<bool>) {});
    m_parameters->modelSelector()->discoverInBackground(m_settings->modelFolders());
}

bool MainWindow::discoveringModels() const { return m_parameters->modelSelector()->discovering() || !m_backgroundStarted; }

void MainWindow::applyTabOrder()
{
    // Each part's focusable controls in their own chain order, the parts in reading order.
    const QList<QWidget*> parts = {m_input, m_prompt, m_parameters, m_fit, m_runBar, m_banner, m_preview,
                                   m_variations, m_export, m_queuePanel, m_history, m_vram};
    QList<QWidget*> chain;
    for (QWidget* part : parts) {
        QWidget* w = part;
        do {
            if ((w->focusPolicy() & Qt::TabFocus) && !w->focusProxy() && (w == part || part->isAncestorOf(w)) &&
                !chain.contains(w))
                chain << w;
            w = w->nextInFocusChain();
        } while (w != part);
    }
    for (int i = 1; i < chain.size(); ++i)
        QWidget::setTabOrder(chain[i - 1], chain[i]);
}

void MainWindow::nameIconOnlyButtons()
{
    for (QAbstractButton* b : findChildren<QAbstractButton*>()) {
        const QString text = b->text().trimmed();
        const bool iconOnly = text.isEmpty() || (text.size() <= 2 && !text.at(0).isLetterOrNumber());
        if (!iconOnly || !b->accessibleName().isEmpty())
            continue;
        if (!b->toolTip().isEmpty())
            b->setAccessibleName(b->toolTip());
        else if (qobject_cast<QLineEdit*>(b->parentWidget()))
            b->setAccessibleName(tr("Clear text")); // a line edit's clear button
    }
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(themedIcon(QStringLiteral("open")), tr("&Open image…"), QKeySequence::Open, m_input,
                    &InputPanel::openDialog);
    file->addAction(themedIcon(QStringLiteral("paste")), tr("&Paste image"), QKeySequence::Paste, m_input,
                    &InputPanel::pasteFromClipboard);
    file->addSeparator();
    file->addAction(themedIcon(QStringLiteral("save")), tr("&Save clip as…"), QKeySequence::Save, m_export,
                    &ExportPanel::saveAs);
    file->addAction(themedIcon(QStringLiteral("folder")), tr("Show in &folder"), m_export, &ExportPanel::showInFolder);
    file->addAction(tr("Choose &outputs folder…"), this, &MainWindow::chooseOutputsFolder);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    // Generate and Cancel as actions, so their shortcuts are listed in a menu and work from any panel.
    QMenu* clip = menuBar()->addMenu(tr("&Clip"));
    m_generateAction = clip->addAction(tr("&Generate"), this,
                                       [this] { generate(); });
    m_generateAction->setObjectName(QStringLiteral("generateAction"));
    m_generateAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_cancelAction = clip->addAction(themedIcon(QStringLiteral("cancel")), tr("&Cancel"), this,
                                     &MainWindow::cancelCurrent);
    m_cancelAction->setObjectName(QStringLiteral("cancelAction"));
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setEnabled(false);
    m_runBar->setShortcuts(m_generateAction->shortcut(), m_cancelAction->shortcut());

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        view->addAction(dock->toggleViewAction());

    QMenu* settings = menuBar()->addMenu(tr("&Settings"));
    settings->addAction(tr("&Preferences…"), QKeySequence::Preferences, this, &MainWindow::openPreferences);
    QAction* unload = settings->addAction(tr("&Unload model (free GPU memory)"), this, [this] {
        m_jobs->queue().unloadModel();
        statusBar()->showMessage(tr("The model is unloaded as soon as no clip is being made."), 5000);
    });
    unload->setObjectName(QStringLiteral("unloadModelAction"));
    unload->setToolTip(tr("The loaded model stays in memory between clips; this frees it now."));
    QMenu* language = settings->addMenu(tr("&Language"));
    auto* group = new QActionGroup(this);
    const QList<QPair<QString, QString>> choices = {
        {QString(), tr("System default")}, {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("zh_CN"), QStringLiteral("中文（简体）")}};
    for (const auto& [code, name] : choices) {
        QAction* a = language->addAction(name);
        a->setCheckable(true);
        a->setChecked(m_settings->language() == code);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, code = code] { setLanguage(code); });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Show &log"), this, &MainWindow::showLog);
    help->addAction(tr("&About I2V Studio"), this, [this] {
        QMessageBox::about(this, tr("About I2V Studio"),
                           tr("<b>I2V Studio %1</b><br>Turns a still image and a prompt into a short video clip on "
                              "your own computer.<br>Licensed under the GNU GPL, version 3 or later.")
                               .arg(QStringLiteral(I2V_VERSION)));
    });
}

void MainWindow::restoreForm()
{
    // A saved model folder is selected once the scan after the first paint has found it.
    const QString savedKey = m_settings->lastModelKey();
    if (!savedKey.isEmpty() && !m_parameters->modelSelector()->selectKeyWhenFound(savedKey) &&
        savedKey.startsWith(QLatin1String("folder:")))
        m_pendingModelKey = savedKey;
    m_parameters->setValues(m_settings->lastParameters());
    m_parameters->setDevice(m_settings->lastDevice());
    m_parameters->setDtype(m_settings->lastDtype());
    m_parameters->setSeed(m_settings->seed());
    m_parameters->setSeedLocked(m_settings->seedLocked());
    m_prompt->setPrompt(m_settings->lastPrompt());
    m_prompt->setNegativePrompt(m_settings->lastNegativePrompt());
    if (m_settings->playbackFps() > 0)
        m_preview->setPlaybackFps(m_settings->playbackFps());
    placeOnScreen();
    if (!m_settings->windowState().isEmpty())
        restoreState(m_settings->windowState());
}

void MainWindow::saveForm(bool syncNow)
{
    // Until the model scan has found the saved folder, the saved choice stands.
    m_settings->setLastModelKey(m_pendingModelKey.isEmpty() ? m_parameters->modelSelector()->currentKey() : m_pendingModelKey);
    m_settings->setLastParameters(m_parameters->values());
    m_settings->setLastDevice(m_parameters->device());
    m_settings->setLastDtype(m_parameters->dtype());
    m_settings->setSeed(m_parameters->seed());
    m_settings->setSeedLocked(m_parameters->seedLocked());
    m_settings->setLastPrompt(m_prompt->prompt());
    m_settings->setLastNegativePrompt(m_prompt->negativePrompt());
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setWindowState(saveState());
    if (syncNow)
        m_settings->sync();
}

GenerationRequest MainWindow::requestFromForm(std::shared_ptr<const Image> image, const QString& imagePath)
{
    GenerationRequest r;
    r.image = *image;
    r.imagePath = imagePath.toStdString();
    r.prompt = m_prompt->prompt().toStdString();
    r.negativePrompt = m_prompt->negativePrompt().toStdString();
    m_parameters->applyTo(r);
    r.seed = m_parameters->seedForNextRun();
    r.retrySmallerOnOutOfMemory = m_fit->retryOnOutOfMemory();
    r.bestOf = m_runBar->variations();
    r.scorer = m_settings->scorerModel().toStdString(); // empty: a CLIP model in the Hugging Face cache
    return r;
}

quint64 MainWindow::submit(GenerationRequest request)
{
    // Every result is saved automatically with a readable name in the outputs folder.
    const QString folder = m_settings->outputsFolder();
    try {
        ensureWritableDir(folder.toStdString(), true);
    } catch (const I2vError& e) {
        m_banner->showError(e.error());
        return 0;
    }
    // Named by the service when the job runs (core/service/output_naming.h), as the command line names its
    // clips: the name is free on disk at that moment, so clips queued together never share one.
    request.output.format = OutputFormat::Mp4;
    request.output.path.clear();
    request.output.outputDir = folder.toStdString();
    request.output.writeSidecar = true;
    const std::string logLine = "queued: " + request.family + ", prompt \"" + request.prompt + "\", into " + request.output.outputDir;
    const quint64 id = m_jobs->submit(std::move(request));
    logInfo("job " + std::to_string(id) + " " + logLine);
    updateRunState();
    return id;
}

bool MainWindow::generate()
{
    if (!m_input->hasImage()) {
        m_banner->showMessage(ErrorBanner::Kind::Info, tr("Add an image first: drop one on the window, or use Open… or Paste."));
        return false;
    }
    m_banner->hide();
    saveForm(false); // written to disk by QSettings later, not on this click
    return submit(requestFromForm(m_input->image(), m_input->imagePath())) != 0;
}

void MainWindow::cancelCurrent()
{
    if (m_runningJob != 0) {
        m_jobs->cancel(m_runningJob);
        m_runBar->setStatus(tr("Cancelling…"));
    }
}

void MainWindow::queueBatch(const QStringList& imagePaths)
{
    m_runBar->setStatus(tr("Queueing %n image(s)…", nullptr, imagePaths.size()));
    for (const QString& path : imagePaths) {
        runAsync<std::shared_ptr<const Image>>(
            this, [p = path.toStdString()] { return std::make_shared<const Image>(loadStill(p)); },
            [this, path](Result<std::shared_ptr<const Image>> r) {
                if (!r) {
                    Error e = r.error();
                    m_banner->showError(e);
                    return;
                }
                submit(requestFromForm(r.value(), path));
            });
    }
}

void MainWindow::applyTemplate(const PromptTemplate& t)
{
    QVariantMap values;
    for (const auto& [name, value] : t.params)
        values.insert(QString::fromStdString(name), value);
    for (const auto& [name, value] : t.choices)
        values.insert(QString::fromStdString(name), QString::fromStdString(value));
    m_parameters->setValues(values);
}

void MainWindow::restoreRecipe(const QString& path)
{
    runAsync<GenerationRequest>(
        this, [p = path.toStdString()] { return recipeOfClip(p); }, // the service's lookup: sidecar, then tags
        [this](Result<GenerationRequest> r) {
            if (!r) {
                m_banner->showError(r.error());
                return;
            }
            applyRecipe(r.value());
        });
}

void MainWindow::applyRecipe(const GenerationRequest& recipe)
{
    m_prompt->setPrompt(QString::fromStdString(recipe.prompt));
    m_prompt->setNegativePrompt(QString::fromStdString(recipe.negativePrompt));
    m_parameters->setFromRequest(recipe);
    m_parameters->setSeedLocked(true); // "make it again": keep the recipe's seed
    const QString image = QString::fromStdString(recipe.imagePath);
    if (!image.isEmpty() && QFileInfo::exists(image)) {
        m_input->loadFile(image);
        m_banner->showMessage(ErrorBanner::Kind::Info, tr("Settings restored from the clip's recipe."));
    } else {
        m_banner->showMessage(ErrorBanner::Kind::Warning,
                              tr("Settings restored from the clip's recipe, but its image was not found. Drop the image "
                                 "to make the clip again."),
                              image);
    }
}

void MainWindow::reuseRecipe(const QString& recipeJson)
{
    try {
        applyRecipe(recipeFromJson(recipeJson.toStdString()));
    } catch (const I2vError& e) {
        m_banner->showError(e.error());
    }
}

void MainWindow::rerunRecipe(const QString& recipeJson)
{
    GenerationRequest recipe;
    try {
        recipe = recipeFromJson(recipeJson.toStdString());
    } catch (const I2vError& e) {
        m_banner->showError(e.error());
        return;
    }
    const QString imagePath = QString::fromStdString(recipe.imagePath);
    runAsync<std::shared_ptr<const Image>>(
        this, [p = recipe.imagePath] { return std::make_shared<const Image>(loadStill(p)); },
        [this, recipe, imagePath](Result<std::shared_ptr<const Image>> r) mutable {
            if (!r) {
                m_banner->showMessage(ErrorBanner::Kind::Error,
                                      tr("This clip cannot be made again: its image is missing or unreadable. Use "
                                         "\"Reuse settings\" and drop the image."),
                                      imagePath);
                return;
            }
            recipe.image = *r.value();
            m_runBar->setStatus(tr("Queued again with the same settings and seed."));
            submit(std::move(recipe));
        });
}

void MainWindow::applyMemorySettings()
{
    m_jobs->queue().setIdleUnload(std::chrono::minutes(m_settings->modelIdleUnloadMinutes()));
    setLowVramMode(m_settings->lowVramMode());
    m_fit->setLowVramMode(m_settings->lowVramMode());
}

void MainWindow::openPreferences()
{
    PreferencesDialog dialog(m_settings, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_history->setCost(m_settings->cost());
    applyMemorySettings();
    publishCost();
    applyStudioStyle(*qApp, m_settings->theme());
    m_templates->setTeamFolder(m_settings->teamTemplatesFolder().toStdString());
    m_prompt->reloadTemplates();
    if (!m_templates->teamWarnings().empty())
        m_banner->showMessage(ErrorBanner::Kind::Warning,
                              tr("Some team templates could not be read. Check the team templates folder."),
                              QString::fromStdString(m_templates->teamWarnings().front()));
}

void MainWindow::publishCost()
{
    try {
        writeCostSettings(m_settings->dataFolder().toStdString(), m_settings->cost());
    } catch (const I2vError& e) {
        logWarning(std::string("cost settings not shared with the command line: ") + e.what());
    }
}

void MainWindow::showLog()
{
    LogViewerDialog dialog(m_logFile, this);
    dialog.exec();
}

void MainWindow::onJobStarted(quint64 id)
{
    if (m_runningJob == 0 && !m_focusBeforeJob)
        m_focusBeforeJob = focusWidget();
    // Memory shares its place with other tabs on small screens: in front while a clip is being made.
    if (!tabifiedDockWidgets(m_memoryDock).isEmpty() && m_memoryDock->visibleRegion().isEmpty()) {
        for (QDockWidget* other : tabifiedDockWidgets(m_memoryDock))
            if (!other->visibleRegion().isEmpty())
                m_frontBeforeMemory = other;
        m_memoryDock->raise();
    }
    m_runningJob = id;
    m_preview->clear(tr("Starting…"));
    m_variations->clear();
    m_export->clearResult();
    m_runBar->setStatus(StageTexts::stage(Stage::Loading));
    updateRunState();
}

void MainWindow::onJobFinished(quint64 id, std::shared_ptr<const JobOutcome> outcome)
{
    // The queue keeps finished items (until cleared), so the request is read from there.
    const std::optional<QueueEntry> entry = m_jobs->queue().entry(id);
    const GenerationRequest request = entry ? entry->request : GenerationRequest{};
    const bool wasRunning = id == m_runningJob;
    if (wasRunning)
        m_runningJob = 0;
    if (!wasRunning && outcome->state == JobState::Cancelled) {
        updateRunState(); // cancelled while waiting: the preview belongs to another clip
        emit jobDone(id, false);
        return;
    }
    const QString historyJob = m_recorder->record(request, outcome, m_settings->cost());
    logInfo("job " + std::to_string(id) + " " + jobStateName(outcome->state) + " after " +
            std::to_string(static_cast<long long>(outcome->durationMs)) + " ms: " + request.family + " " +
            std::to_string(request.width) + "x" + std::to_string(request.height) + ", " + std::to_string(request.frames) +
            " frames, seed " + std::to_string(request.seed) +
            (outcome->state == JobState::Done ? ", saved " + outcome->used.output.path
             : outcome->state == JobState::Failed
                 ? ", " + std::string(errorCodeName(outcome->error.code)) + ": " + outcome->error.detail
                 : std::string()));
    bool ok = false;
    switch (outcome->state) {
    case JobState::Done: {
        QVector<QImage> frames;
        frames.reserve(static_cast<int>(outcome->result.frames.size()));
        for (const Image& f : outcome->result.frames)
            frames.push_back(toQImage(f));
        const int userFps = m_settings->playbackFps();
        m_preview->setClip(std::move(frames), userFps > 0 ? userFps : outcome->result.fps);
        m_variations->showOutcome(outcome, historyJob, m_settings->cost(), userFps > 0 ? userFps : outcome->result.fps);
        m_export->setResult(outcome);
        m_runBar->setStatus(tr("Done in %1 · %n frame(s)", nullptr, static_cast<int>(outcome->result.frames.size()))
                                .arg(StageTexts::duration(outcome->durationMs)));
        if (outcome->retriedSmaller)
            m_banner->showMessage(ErrorBanner::Kind::Info,
                                  tr("The graphics card ran out of memory at %1×%2×%3, so this clip was made at "
                                     "%4×%5×%6.")
                                      .arg(request.width).arg(request.height).arg(request.frames)
                                      .arg(outcome->used.width).arg(outcome->used.height).arg(outcome->used.frames),
                                  QString::fromStdString(outcome->log.empty() ? std::string() : outcome->log.front()));
        ok = true;
        break;
    }
    case JobState::Cancelled:
        m_preview->clear(tr("Cancelled. Nothing was saved."));
        m_runBar->setStatus(tr("Cancelled"));
        break;
    default:
        m_preview->clear(tr("This clip could not be made. See the message above."));
        m_banner->showError(outcome->error);
        m_runBar->setStatus(tr("Failed"));
        break;
    }
    updateRunState();
    emit jobDone(id, ok);
}

void MainWindow::updateRunState()
{
    // "Running" from the moment a clip is queued that will start (not held, queue not paused).
    const bool paused = m_jobs->queue().paused();
    int active = 0, waiting = 0;
    for (const QueueEntry& e : m_jobs->queue().snapshot()) {
        active += e.state == JobState::Running || (e.state == JobState::Queued && !e.held && !paused);
        waiting += e.state == JobState::Queued;
    }
    const bool running = m_runningJob != 0 || active > 0;
    // Disabling the focused Cancel button would hand the focus to whatever comes next: Generate takes it.
    const bool cancelHadFocus = focusWidget() == m_runBar->cancelButton();
    const bool wasRunning = m_runBar->cancelButton()->isEnabled();
    m_runBar->setRunning(running, m_runningJob != 0 ? waiting : std::max(0, waiting - 1));
    if (m_cancelAction)
        m_cancelAction->setEnabled(running);
    if (running || !wasRunning)
        return;
    // The last clip has ended: the keyboard focus goes back where it was (never nowhere).
    QWidget* focus = focusWidget();
    if (cancelHadFocus || !focus || !focus->isVisible() || !focus->isEnabled()) {
        QWidget* back = m_focusBeforeJob;
        if (cancelHadFocus || !back || !back->isVisible() || !back->isEnabled())
            back = m_runBar->generateButton();
        back->setFocus(Qt::OtherFocusReason);
    }
    m_focusBeforeJob = nullptr;
    if (m_frontBeforeMemory && !m_memoryDock->visibleRegion().isEmpty())
        m_frontBeforeMemory->raise();
    m_frontBeforeMemory = nullptr;
}

void MainWindow::chooseOutputsFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose the outputs folder"), m_settings->outputsFolder());
    if (!dir.isEmpty())
        m_settings->setOutputsFolder(dir);
}

void MainWindow::setLanguage(const QString& language)
{
    m_settings->setLanguage(language);
    m_settings->sync();
    m_banner->showMessage(ErrorBanner::Kind::Info, tr("The new language is used the next time you start I2V Studio."));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveForm();
    if (m_runningJob != 0) {
        // Waiting clips are kept in the saved queue; only the clip being made now is interrupted.
        const auto answer = QMessageBox::question(
            this, tr("A clip is being made"),
            tr("Quit anyway? The clip being made now is not saved; it starts again from the beginning the next "
               "time you open I2V Studio. The %n other clip(s) waiting in the queue are kept.",
               nullptr, std::max(0, m_jobs->pending() - 1)));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls() || event->mimeData()->hasImage())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    if (m_input->handleMimeData(event->mimeData()))
        event->acceptProposedAction();
}

} // namespace ui
} // namespace i2v
