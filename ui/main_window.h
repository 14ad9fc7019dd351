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

#include <memory>

class QDockWidget;

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
    // Adds a panel as a dock (right side by default); the dock's object name keys the saved layout.
    QDockWidget* addPanel(QWidget* panel, const QString& title, const QString& objectName,
                          Qt::DockWidgetArea area = Qt::RightDockWidgetArea);

    // Restores the saved queue from `file` and keeps it saved there (start-up); shows a warning when the
    // file was damaged or the app had crashed.
    void restoreQueue(const QString& file);

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

signals:
    // Emitted on the GUI thread after the window has shown the outcome.
    void jobDone(quint64 jobId, bool succeeded);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
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
    quint64 m_runningJob = 0;
    std::unique_ptr<HistoryStore> m_historyStore;
    HistoryPanel* m_history = nullptr;
    HistoryRecorder* m_recorder = nullptr;
    QString m_logFile;
    std::unique_ptr<ModelDownloadManager> m_downloads;
    ModelsDialog* m_modelsDialog = nullptr;
};

} // namespace ui
} // namespace i2v
