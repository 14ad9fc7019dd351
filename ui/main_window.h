#pragma once
// The studio window: composes the panels (input, prompt, parameters, VRAM gauge as docks; preview,
// export and run bar in the centre) and wires them to the JobController. It holds no generation logic:
// it builds a GenerationRequest from the panels, submits it, and routes events back to the panels.
// Every panel is a dock with an object name, so the layout is saved and further panels (queue,
// history) slot in as more docks.

#include "core/request/generation_request.h"
#include "core/service/job_queue.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include <memory>

class QAction;
class QDockWidget;
class QScrollArea;

namespace i2v {
class HistoryStore;
class ModelDownloadManager;
class TemplateStore;
struct PromptTemplate;
}

namespace i2v {
namespace ui {

class AppSettings;
class ErrorBanner;
class ExportPanel;
class FitPanel;
class HistoryPanel;
class HistoryRecorder;
class InputPanel;
class JobController;
class ModelsDialog;
class ParametersPanel;
class PreviewPanel;
class PromptPanel;
class QueuePanel;
class RunBar;
class VariationsPanel;
class VramGauge;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `settings` and `templates` must outlive the window. `locale`: the UI language in use ("zh_CN", "en").
    MainWindow(AppSettings* settings, TemplateStore* templates, const QString& locale, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Panels, for tests and for later panels that need to talk to them.
    InputPanel* inputPanel() const { return m_input; }
    PromptPanel* promptPanel() const { return m_prompt; }
    ParametersPanel* parametersPanel() const { return m_parameters; }
    PreviewPanel* previewPanel() const { return m_preview; }
    ExportPanel* exportPanel() const { return m_export; }
    VariationsPanel* variationsPanel() const { return m_variations; }
    RunBar* runBar() const { return m_runBar; }
    VramGauge* vramGauge() const { return m_vram; }
    FitPanel* fitPanel() const { return m_fit; }
    ErrorBanner* banner() const { return m_banner; }
    JobController* jobs() const { return m_jobs; }
    HistoryPanel* historyPanel() const { return m_history; }
    HistoryRecorder* historyRecorder() const { return m_recorder; }
    HistoryStore* historyStore() const { return m_historyStore.get(); }
    // This run's log file (Help -> Show log); set by main() after installLogFile().
    void setLogFile(const QString& path) { m_logFile = path; }
    QueuePanel* queuePanel() const { return m_queuePanel; }
    // "Get models…": the download dialog (created on first use, kept while the window lives so downloads
    // and their progress survive closing it). When a download finishes the engine list is rebuilt.
    ModelsDialog* showModelsDialog();
    ModelDownloadManager* downloads() const { return m_downloads.get(); }
    // Adds a panel as a dock (right side by default); the dock's object name keys the saved layout. The
    // panel sits in a scroll area (the dock's widget), so a dock smaller than its panel scrolls instead of
    // making the window taller than the screen.
    QDockWidget* addPanel(QWidget* panel, const QString& title, const QString& objectName,
                          Qt::DockWidgetArea area = Qt::RightDockWidgetArea);

    // Restores the saved queue from `file` and keeps it saved there (start-up); shows a warning when the
    // file was damaged or the app had crashed.
    void restoreQueue(const QString& file);

    // The scroll area that holds a dock's panel (see addPanel), or nullptr.
    static QScrollArea* dockScrollArea(QDockWidget* dock);
    QDockWidget* memoryDock() const { return m_memoryDock; }
    QAction* generateAction() const { return m_generateAction; }
    QAction* cancelAction() const { return m_cancelAction; }
    // Moves and shrinks the window so that its frame lies on the screen it is on (restored layouts from a
    // larger screen, start-up).
    void clampToScreen();
    // The model folders are being found on a pool thread (started after the first paint).
    bool discoveringModels() const;

public slots:
    // Submits a job with the current form. Returns false (with a message) when something is missing.
    bool generate();
    void cancelCurrent();
    // Restores prompt, parameters and (when it still exists) the image from a clip or its sidecar JSON.
    void restoreRecipe(const QString& clipOrSidecar);
    // History actions: fill the form from a recipe / queue the recipe again unchanged (seed included).
    void reuseRecipe(const QString& recipeJson);
    void rerunRecipe(const QString& recipeJson);
    void openPreferences();
    void applyMemorySettings(); // idle unload time and low-VRAM mode, from the settings
    void showLog();

    // Starts what the first paint must not wait for, on pool threads: LibTorch's set-up and the model
    // folder scan (the engine list fills in when it is done). Called once after the first paint; again is
    // harmless.
    void startBackgroundWork();

signals:
    // Emitted on the GUI thread after the window has shown the outcome.
    void jobDone(quint64 jobId, bool succeeded);
    // The model folders have been found and the engine list is complete.
    void modelsDiscovered();

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void placeOnScreen();
    void arrangeDocksForScreen();
    // Tab moves through the panels in reading order: image, prompt, parameters, run bar, preview, export,
    // then the queue, history and memory docks. Re-run when a panel rebuilds its controls.
    void applyTabOrder();
    // Icon-only buttons get their tooltip as accessible name (screen readers say what they do).
    void nameIconOnlyButtons();
    void restoreForm();
    void saveForm(bool syncNow = true);
    GenerationRequest requestFromForm(std::shared_ptr<const Image> image, const QString& imagePath);
    quint64 submit(GenerationRequest request);
    void queueBatch(const QStringList& imagePaths);
    void applyTemplate(const PromptTemplate& t);
    void applyRecipe(const GenerationRequest& recipe);
    // Writes the cost settings beside the history, where `i2v` reads them to price its clips.
    void publishCost();
    void onJobStarted(quint64 id);
    void onJobFinished(quint64 id, std::shared_ptr<const JobOutcome> outcome);
    void updateRunState();
    void chooseOutputsFolder();
    void setLanguage(const QString& language);

    AppSettings* m_settings;
    TemplateStore* m_templates;
    QString m_locale;
    JobController* m_jobs;
    InputPanel* m_input;
    PromptPanel* m_prompt;
    ParametersPanel* m_parameters;
    FitPanel* m_fit;
    VramGauge* m_vram;
    PreviewPanel* m_preview;
    ExportPanel* m_export;
    RunBar* m_runBar;
    ErrorBanner* m_banner;
    QueuePanel* m_queuePanel;
    VariationsPanel* m_variations;
    quint64 m_runningJob = 0;
    std::unique_ptr<HistoryStore> m_historyStore;
    HistoryPanel* m_history = nullptr;
    HistoryRecorder* m_recorder = nullptr;
    QString m_logFile;
    QDockWidget* m_inputDock = nullptr;
    QDockWidget* m_promptDock = nullptr;
    QDockWidget* m_parametersDock = nullptr;
    QDockWidget* m_memoryDock = nullptr;
    QDockWidget* m_queueDock = nullptr;
    QDockWidget* m_historyDock = nullptr;
    QAction* m_generateAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QPointer<QWidget> m_focusBeforeJob;       // where the keyboard focus was when the running clip started
    QPointer<QDockWidget> m_frontBeforeMemory; // the tab that was in front before Memory was raised for a job
    QString m_pendingModelKey;                 // the saved engine choice, until the model scan has found it
    bool m_backgroundStarted = false;
    bool m_shownOnce = false;
    std::unique_ptr<ModelDownloadManager> m_downloads;
    ModelsDialog* m_modelsDialog = nullptr;
};

} // namespace ui
} // namespace i2v
