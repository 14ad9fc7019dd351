#pragma once
// Export: Save As… (Ctrl+S) to MP4 / WebM / GIF / PNG frames. The service writes the file on the thread
// pool (core/service/clip_output.h exportClip: the recipe of what actually ran, in the tags and a sidecar);
// the automatic save of every result (done by the service into the outputs folder) is shown with "Show in
// folder".

#include "core/base/error.h"
#include "core/request/generation_request.h"
#include "core/service/job_types.h"

#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;

namespace i2v {
namespace ui {

class ExportPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExportPanel(QWidget* parent = nullptr);

    // The clip to export: the finished job's outcome (its frames and what actually ran).
    void setResult(std::shared_ptr<const JobOutcome> outcome);
    void clearResult();
    bool hasResult() const { return m_outcome != nullptr; }
    QString autoSavedPath() const { return m_autoSaved; }
    // Where Save As… starts.
    void setDefaultFolder(const QString& folder) { m_defaultFolder = folder; }

    // Encodes the current clip to `path` in `format` asynchronously; exported() or exportFailed() follows.
    void exportTo(const QString& path, OutputFormat format);
    bool isExporting() const { return m_busy; }

public slots:
    void saveAs();
    void showInFolder();

signals:
    void exported(const QString& path);
    void exportFailed(const i2v::Error& error);
    void folderUsed(const QString& folder);

private:
    void updateView();

    std::shared_ptr<const JobOutcome> m_outcome;
    QString m_autoSaved;
    QString m_lastExport;
    QString m_defaultFolder;
    bool m_busy = false;
    QLabel* m_savedLabel;
    QPushButton* m_saveAs;
    QPushButton* m_showFolder;
};

} // namespace ui
} // namespace i2v
